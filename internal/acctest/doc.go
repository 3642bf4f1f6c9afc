// Package acctest is the acceptance-test harness: real Terraform (through
// terraform-plugin-testing) against one moto server per test binary on a free
// loopback port.
//
// Every package with acceptance tests has
//
//	func TestMain(m *testing.M) { acctest.Run(m) }
//
// and builds its TestCases from ProtoV6ProviderFactories, PreCheck and
// ProviderConfig; Client gives an SDK client pointed at the same moto for
// Exists/CheckDestroy helpers and for drift and disappear steps. Names come
// from RandomName, so tests run in parallel without resetting moto.
//
// # What moto (5.2.1) does not exercise, and how it is covered instead
//
// (Kept current by the resource authors; the closing note quotes it.)
//
//   - S3 Control's account-ID host prefix: the SDK prepends "<account>." to the
//     endpoint host, which does not resolve for 127.0.0.1. The four
//     visibility resources do not call S3 Control; a resource that does must
//     give the client a fixed-URL EndpointResolverV2 when an s3control
//     endpoint override is set.
//   - Virtual-hosted S3 addressing: awsclient switches to path style whenever
//     an s3 endpoint override is set.
package acctest

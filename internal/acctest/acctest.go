package acctest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
	"github.com/commshield/terraform-provider-commshield/internal/provider"
)

// Region is the region every acceptance test runs in.
const Region = "us-east-1"

// MotoAccountID is the account moto reports from sts:GetCallerIdentity.
const MotoAccountID = "123456789012"

// ResourcePrefix starts every name an acceptance test creates, so leftovers
// on a shared endpoint are recognisable.
const ResourcePrefix = "cs-acc"

// envMotoEndpoint carries the moto URL from TestMain (Run) to the tests. An
// environment variable rather than a package variable keeps the harness free
// of mutable globals and lets a developer point tests at an already running
// moto (`COMMSHIELD_ACC_MOTO_ENDPOINT=http://127.0.0.1:5000`).
const envMotoEndpoint = "COMMSHIELD_ACC_MOTO_ENDPOINT"

// ProtoV6ProviderFactories runs the provider in-process, so `terraform init`
// needs no registry.
var ProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"commshield": providerserver.NewProtocol6WithError(provider.New("acctest")()),
}

// MotoEndpoint returns the moto base URL. Without TF_ACC it skips the test,
// as terraform-plugin-testing does for acceptance tests (config builders call
// it before the TestCase runs); with TF_ACC it fails when the package's
// TestMain did not start moto through Run.
func MotoEndpoint(t testing.TB) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make testacc)")
	}
	ep := os.Getenv(envMotoEndpoint)
	if ep == "" {
		t.Fatalf("acctest: no moto endpoint; the package's TestMain must call acctest.Run(m) (or set %s)", envMotoEndpoint)
	}
	return ep
}

// PreCheck is the TestCase PreCheck for every acceptance test.
func PreCheck(t *testing.T) {
	t.Helper()
	MotoEndpoint(t)
}

func motoEndpoints(endpoint string) map[string]string {
	eps := make(map[string]string)
	for _, k := range awsclient.EndpointKeys() {
		eps[k] = endpoint
	}
	return eps
}

// ProviderConfig returns the HCL provider block with every service endpoint
// pointed at moto.
func ProviderConfig(t testing.TB) string {
	t.Helper()
	return ProviderConfigWithDefaultTags(t, nil)
}

// ProviderConfigWithDefaultTags is ProviderConfig with a default_tags block.
func ProviderConfigWithDefaultTags(t testing.TB, tags map[string]string) string {
	t.Helper()
	endpoint := MotoEndpoint(t)
	var b strings.Builder
	fmt.Fprintf(&b, "provider \"commshield\" {\n  region      = %q\n  max_retries = 3\n  endpoints = {\n", Region)
	for _, k := range awsclient.EndpointKeys() {
		fmt.Fprintf(&b, "    %s = %q\n", k, endpoint)
	}
	b.WriteString("  }\n")
	if len(tags) > 0 {
		b.WriteString("  default_tags {\n    tags = {\n")
		keys := make([]string, 0, len(tags))
		for k := range tags {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "      %q = %q\n", k, tags[k])
		}
		b.WriteString("    }\n  }\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// ProviderConfigWithEndpoints is ProviderConfig with some endpoints
// overridden (e.g. pointed at a GapServer) and an optional alias ("" for
// none).
func ProviderConfigWithEndpoints(t testing.TB, alias string, overrides map[string]string) string {
	t.Helper()
	endpoint := MotoEndpoint(t)
	var b strings.Builder
	b.WriteString("provider \"commshield\" {\n")
	if alias != "" {
		fmt.Fprintf(&b, "  alias       = %q\n", alias)
	}
	fmt.Fprintf(&b, "  region      = %q\n  max_retries = 1\n  endpoints = {\n", Region)
	for _, k := range awsclient.EndpointKeys() {
		ep := endpoint
		if o, ok := overrides[k]; ok {
			ep = o
		}
		fmt.Fprintf(&b, "    %s = %q\n", k, ep)
	}
	b.WriteString("  }\n}\n")
	return b.String()
}

// ConfigCompose joins HCL fragments.
func ConfigCompose(parts ...string) string {
	return strings.Join(parts, "\n")
}

// Client returns an SDK client pointed at moto, for Exists/CheckDestroy
// helpers and for drift or disappear steps made behind Terraform's back.
func Client(t testing.TB) *awsclient.Client {
	t.Helper()
	return ClientWithEndpoints(t, nil)
}

// ClientWithEndpoints is Client with some endpoints overridden (e.g.
// pointed at a GapServer).
func ClientWithEndpoints(t testing.TB, overrides map[string]string) *awsclient.Client {
	t.Helper()
	endpoints := motoEndpoints(MotoEndpoint(t))
	for k, v := range overrides {
		endpoints[k] = v
	}
	c, err := awsclient.New(context.Background(), awsclient.Config{
		Region:     Region,
		Endpoints:  endpoints,
		MaxRetries: 3,
		Version:    "acctest",
	})
	if err != nil {
		t.Fatalf("acctest: building AWS client for moto: %v", err)
	}
	return c
}

// CreateKMSKey creates a KMS key in moto behind Terraform's back (a
// customer-managed key a configuration under test is given) and returns its
// ARN; it fails the test when moto refuses.
func CreateKMSKey(t testing.TB, client *awsclient.Client, description string) string {
	t.Helper()
	out, err := client.KMS().CreateKey(context.Background(), &kms.CreateKeyInput{Description: aws.String(description)})
	if err != nil {
		t.Fatalf("acctest: creating KMS key %q: %v", description, err)
	}
	return aws.ToString(out.KeyMetadata.Arn)
}

// RandomName returns "cs-acc-<kind>-<8 random chars>", valid as an S3 bucket
// name, KMS alias suffix, trail or VPC name.
func RandomName(kind string) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	suffix := make([]byte, 8)
	for i := range suffix {
		suffix[i] = alphabet[rand.IntN(len(alphabet))]
	}
	return fmt.Sprintf("%s-%s-%s", ResourcePrefix, kind, suffix)
}

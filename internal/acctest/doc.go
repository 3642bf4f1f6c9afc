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
// from RandomName, so tests run in parallel without resetting moto. moto
// runs under a small launcher that exits when the test binary does, so a
// binary killed by -timeout leaves no server behind.
//
// # What moto (5.2.1) does not exercise, and how it is covered instead
//
// (Kept current by the resource authors; the closing note quotes it.)
//
// Provider and client:
//
//   - STS AssumeRole: moto issues session credentials for any role ARN and
//     ignores trust policies, external IDs and duration limits. The
//     assume_role path (TestAccProvider_assumeRoleAndDefaultTags) is exercised
//     end to end, but only plan-time validation (role ARN form, 15m-12h
//     duration) guards what STS would refuse.
//   - Throttling and eventual consistency never happen on moto, so adaptive
//     retries and awsclient.RetryOnCodes (NotFound right after CreateKey /
//     NoSuchBucket right after CreateBucket) are not exercised.
//   - S3 Control's account-ID host prefix: the SDK prepends "<account>." to the
//     endpoint host, and 123456789012.127.0.0.1 does not resolve. Solved in
//     the client: awsclient.S3Control uses a fixed-URL EndpointResolverV2 when
//     the s3control override is a loopback address or localhost
//     (TestAccHarness_s3ControlThroughResolver fails without it). Overrides
//     naming real hosts keep the SDK's rules, which AWS needs; that path is
//     not exercised. (None of the four visibility resources calls S3 Control.)
//   - Virtual-hosted S3 addressing: awsclient switches to path style whenever
//     an s3 endpoint override is set.
//
// commshield_kms_key:
//
//   - GetKeyRotationStatus never returns RotationPeriodInDays (moto stores
//     only on/off). A period changed outside Terraform is therefore not
//     detected against moto; the tests assert the period only when AWS
//     returns it, and rotation on/off drift is tested.
//   - Key policies are stored, not evaluated: AWS's lockout safety check
//     (MalformedPolicyDocumentException when the caller could not manage the
//     key afterwards) never fires. Covered by a plan-time warning when the
//     identity running Terraform is not in administrator_arns and IAM
//     delegation is off; the least-privilege statements themselves are
//     asserted by the policy-generator unit tests, not by AWS authorization.
//   - ScheduleKeyDeletion accepts any window (AWS: 7-30 days): enforced by
//     the schema validator and tested at plan time.
//
// commshield_log_archive:
//
//   - Bucket policies: moto applies only statements whose principal is "*",
//     ignores their Conditions, and only on object operations. So the TLS,
//     TLS-version, non-KMS-upload, aws:SourceAccount/aws:SourceOrgID and
//     break-glass conditions are never evaluated; the unit tests assert the
//     generated statements and the acceptance tests assert that AWS stores an
//     equivalent policy. Because moto's Deny-without-conditions blocks every
//     object write, TestAccLogArchive_retainedObjectsBlockDestroy lifts the
//     policy to write its log object (and apply restores it).
//   - No log-delivery service ever writes to the archive (CloudTrail, Flow
//     Logs, Config, ELB), and S3 does not check that those services may use
//     the SSE-KMS key (moto does not validate the key ARN at all).
//   - Suspending versioning on an Object Lock bucket is accepted by moto (AWS
//     refuses it); the drift test uses that to simulate suspension.
//   - COMPLIANCE retention is enforced by moto, which is exactly why the test
//     that proves "retained versions block destroy" uses GOVERNANCE mode with
//     a 1-day retention: it can then remove the version with
//     BypassGovernanceRetention so the test cleans up. COMPLIANCE behaves the
//     same for destroy (BucketNotEmpty), but its undeletable objects would
//     outlive the test in moto.
//   - PutBucketLogging's target-permission check is real in moto (the
//     rollback test relies on it) and moto even delivers access logs; the
//     refusal of Object Lock targets is enforced by our own pre-create check
//     only, and is not exercised against moto.
//
// commshield_account_posture (internal/service/posture) and the gap server:
//
//   - Never exercised against moto, answered by GapServer (gapserver.go)
//     instead, following the AWS API reference shapes (TestGapServerShapes
//     drives them through the real SDK clients): ec2:GetEbsDefaultKmsKeyId
//     (moto: HTTP 500), and with it ec2:ModifyEbsDefaultKmsKeyId and
//     ec2:ResetEbsDefaultKmsKeyId, whose state the gap server keeps (moto
//     implements Modify, but its value could not be read back);
//     securityhub:BatchEnableStandards, securityhub:GetEnabledStandards and
//     securityhub:BatchDisableStandards (moto: HTTP 404). The gap server
//     returns what is stored: it does not resolve KMS aliases to ARNs, and a
//     subscription is PENDING in the enable answer and READY afterwards
//     (AWS takes minutes). Every other EC2 and Security Hub call of the test
//     goes through the gap server to moto unchanged; all other services go
//     to moto directly.
//   - Access denied is simulated by the gap server (URLs under /deny), not by
//     IAM evaluation: moto does not enforce IAM policies on these APIs. The
//     "unknown with the error as evidence" path is asserted for Security
//     Hub only; every check shares the same apiFailure code path.
//   - Rejected credentials (ExpiredToken, InvalidClientTokenId, …) fail the
//     read; moto accepts any credentials, so that path is not exercised
//     there (by default provider Configure already rejects bad credentials
//     through sts:GetCallerIdentity; with skip_credentials_validation the
//     first AWS-backed resource does, see below).
//   - moto's GetAccountSummary always reports AccountMFAEnabled 0 (root_mfa is
//     non_compliant) and creates access keys "now", so key age is tested with
//     access_key_max_age_days = 0 and with the 90-day default.
//   - Not used by the posture at all, so not faked: IAM Access Analyzer, AWS
//     Config compliance queries (DescribeComplianceByConfigRule,
//     GetComplianceDetailsByConfigRule) and conformance packs. The posture
//     judges the account's switches itself rather than reading Config rule
//     results, so it works where Config is off.
//   - Trail event selectors: moto returns none for a trail created without
//     selectors, where AWS reports its default (all management events);
//     RecordsAllManagementEvents reads "none" as that default, so the
//     selector judgement itself is covered by unit tests only.
//   - Terraform provider aliases share one in-process provider server under
//     terraform-plugin-testing, so the last-configured alias's client wins;
//     tests needing a second endpoint set use a separate TestStep.
//
// commshield_account_baseline (internal/service/baseline, its own moto as it
// changes account-wide switches) also uses the gap server for
// ec2:GetInstanceMetadataDefaults and ec2:ModifyInstanceMetadataDefaults
// (moto lacks both; "no-preference" clears a setting) and for IAM Access
// Analyzer CreateAnalyzer, GetAnalyzer, DeleteAnalyzer and ListAnalyzers
// (moto has no Access Analyzer; nothing is forwarded, archive rules and
// findings are not emulated). TestGapServerIMDSDefaults and
// TestGapServerAccessAnalyzer drive them through the SDK clients.
//
// GuardDuty detector features (guardduty_disabled_features,
// guardduty_features) go to moto, which needs no gap server for them:
// CreateDetector, UpdateDetector and GetDetector store and return the
// features list. Differences from AWS, none of which the tests depend on:
// moto replaces the detector's whole feature list on UpdateDetector where
// AWS merges the listed features (the resource always sends all six, and
// TestAccAccountBaseline_guardDutyFeatures makes its out-of-band change
// with all six too); moto accepts any feature name and status, enables no
// features by default on CreateDetector, returns no updatedAt and no
// additionalConfiguration, and does not refuse features a region lacks or
// EKS_RUNTIME_MONITORING together with RUNTIME_MONITORING (the resource
// refuses the former at plan time).
//
// Provider credential handling (skip_credentials_validation,
// skip_requesting_account_id) is tested without moto where it matters:
// TestAccProvider_catalogWithoutCredentials and
// TestAccProvider_awsResourceWithoutCredentials strip every credential and
// region source and point all endpoints at a closed loopback port;
// moto accepts any credentials, so rejected credentials
// (InvalidClientTokenId) are answered by an STS-shaped loopback listener
// in the awsclient unit tests (TestNewDefaultRejectsBadCredentials).
//
// The landing zone (internal/landingzone, all four resources composed):
//
//   - moto never delivers CloudTrail or VPC flow-log files, so the archive is
//     still empty when the test destroys it and Object Lock never blocks
//     that destroy; TestAccLandingZone_example runs the archive in GOVERNANCE
//     mode with a 1-day retention and empties it (bypassing retention) before
//     destroy in case versions appear. The blocking itself is covered by
//     TestAccLogArchive_retainedObjectsBlockDestroy.
//   - moto's sts:GetCallerIdentity returns arn:aws:sts::123456789012:user/moto,
//     which no IAM ARN in administrator_arns can equal, so the KMS key always
//     warns that Terraform is not a key administrator (a warning only).
//   - Under heavy load one apply saw DeleteNetworkAclEntry answered 500 by
//     moto (StopIteration: the entry was already gone, apparently a retried
//     request whose first attempt had succeeded); the production retry budget
//     (25 attempts) then takes about four minutes to give up, so the
//     landing-zone test sets max_retries = 3 through provider_override.tf.
//
// # OpenTofu
//
// `make testacc-tofu` runs the same suite under OpenTofu 1.6.3 (installed
// into .tools/bin with `go install github.com/opentofu/opentofu/cmd/tofu@v1.6.3`)
// with TF_ACC_TERRAFORM_PATH=.tools/bin/tofu and
// TF_ACC_PROVIDER_HOST=registry.opentofu.org: OpenTofu resolves provider
// sources against registry.opentofu.org, so terraform-plugin-testing must
// register the in-process provider there.
//
// Recorded run, 2026-11-26 19:39 UTC, commit b3f488f (work tree), 2 shared cores under load
// (`TF_ACC=1 TF_ACC_TERRAFORM_PATH=$PWD/.tools/bin/tofu
// TF_ACC_PROVIDER_HOST=registry.opentofu.org go test -count=1 -v` over
// ACC_PKGS): PASS, all 23 acceptance tests (and the 32 unit tests of those
// packages), none skipped, in 3 min 31 s wall. Per package: acctest 13.1 s,
// provider 16.5 s, service/cloudtrail 28.8 s (6 acceptance tests),
// service/ec2 93.5 s (4; lifecycle 81.5 s), service/kms 31.5 s (3),
// service/s3 40.6 s (5), landingzone 47.1 s (TestAccLandingZone_example
// 35.2 s). No test or resource needed a change for OpenTofu.
package acctest

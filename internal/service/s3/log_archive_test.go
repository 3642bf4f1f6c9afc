package s3_test

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	awstypes "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/commshield/terraform-provider-commshield/internal/acctest"
	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
	"github.com/commshield/terraform-provider-commshield/internal/iampolicy"
	tfs3 "github.com/commshield/terraform-provider-commshield/internal/service/s3"
)

func TestMain(m *testing.M) { acctest.Run(m) }

const (
	archiveAddr   = "commshield_log_archive.test"
	breakGlassARN = "arn:aws:iam::123456789012:role/cs-break-glass"
	// moto does not check that an SSE-KMS key exists; tests that are not
	// about the key use this one.
	fakeKeyARN = "arn:aws:kms:us-east-1:123456789012:key/0b6c1f4e-5d4a-4f8e-9c1d-2a3b4c5d6e7f"
)

// testAccArchiveWithKey composes a commshield_kms_key (allowing the log
// services) with an archive using it; body is inserted into the archive.
func testAccArchiveWithKey(t *testing.T, bucket, body string) string {
	return acctest.ConfigCompose(acctest.ProviderConfig(t), fmt.Sprintf(`
resource "commshield_kms_key" "logs" {
  alias              = "alias/%[1]s"
  administrator_arns = ["arn:aws:iam::123456789012:user/moto"]
  service_principals = ["cloudtrail.amazonaws.com", "delivery.logs.amazonaws.com"]
}

resource "commshield_log_archive" "test" {
  bucket      = %[1]q
  kms_key_arn = commshield_kms_key.logs.arn
%[2]s
}
`, bucket, body))
}

const updatedBody = `
  object_lock_retention_days = 30
  lifecycle_transitions = [
    { days = 60, storage_class = "GLACIER_IR" },
    { days = 180, storage_class = "DEEP_ARCHIVE" },
  ]
  expiration_days            = 500
  log_delivery_services      = ["cloudtrail.amazonaws.com", "delivery.logs.amazonaws.com"]
  break_glass_principal_arns = ["` + breakGlassARN + `"]
  access_log_bucket          = "%[1]s-access"
  tags = { DataClass = "audit" }
`

// TestAccLogArchive_basic: create, import, update, drift (versioning
// suspended, policy replaced, a public access block flag off), disappear,
// destroy.
func TestAccLogArchive_basic(t *testing.T) {
	acctest.PreCheck(t) // before registering SDK cleanups
	bucket := acctest.RandomName("arch")
	accessBucket := bucket + "-access"
	t.Cleanup(func() { emptyAndDeleteBucket(t, accessBucket) })
	updated := testAccArchiveWithKey(t, bucket, fmt.Sprintf(updatedBody, bucket))

	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: testAccCheckArchiveDestroy(t),
		Steps: []resource.TestStep{
			{
				// The whole transition list is unknown until the key exists,
				// as inputs computed from other resources are: validation
				// and the plan must cope.
				Config: testAccArchiveWithKey(t, bucket, `
  lifecycle_transitions = jsondecode(commshield_kms_key.logs.key_id == "" ? "[]" : "[{\"days\": 90, \"storage_class\": \"GLACIER\"}]")
  expiration_days       = 400
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(archiveAddr, plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue(archiveAddr, tfjsonpath.New("source_account_ids"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact(acctest.MotoAccountID)})),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(archiveAddr, tfjsonpath.New("object_lock_mode"), knownvalue.StringExact("COMPLIANCE")),
					statecheck.ExpectKnownValue(archiveAddr, tfjsonpath.New("object_lock_retention_days"), knownvalue.Int64Exact(365)),
					statecheck.ExpectKnownValue(archiveAddr, tfjsonpath.New("versioning_status"), knownvalue.StringExact("Enabled")),
					statecheck.ExpectKnownValue(archiveAddr, tfjsonpath.New("public_access_block_enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(archiveAddr, tfjsonpath.New("object_ownership"), knownvalue.StringExact("BucketOwnerEnforced")),
					statecheck.ExpectKnownValue(archiveAddr, tfjsonpath.New("bucket_key_enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(archiveAddr, tfjsonpath.New("log_delivery_services"), knownvalue.SetSizeExact(4)),
					statecheck.ExpectKnownValue(archiveAddr, tfjsonpath.New("arn"), knownvalue.StringExact("arn:aws:s3:::"+bucket)),
				},
				Check: testAccCheckArchiveRemote(t, bucket, archiveExpect{
					mode: "COMPLIANCE", days: 365, transitions: []string{"90:GLACIER"}, expiration: 400,
					services: 4, keyFromState: "commshield_kms_key.logs",
				}),
			},
			{
				ResourceName:      archiveAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				PreConfig: func() { createAccessLogTarget(t, accessBucket, true) },
				Config:    updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(archiveAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(archiveAddr, tfjsonpath.New("access_log_prefix"), knownvalue.StringExact(bucket+"/")),
				},
				Check: testAccCheckArchiveRemote(t, bucket, archiveExpect{
					mode: "COMPLIANCE", days: 30, transitions: []string{"60:GLACIER_IR", "180:DEEP_ARCHIVE"}, expiration: 500,
					services: 2, breakGlass: breakGlassARN, accessLogTarget: accessBucket, tags: map[string]string{"DataClass": "audit"},
					keyFromState: "commshield_kms_key.logs",
				}),
			},
			{
				PreConfig:          func() { driftArchive(t, bucket) },
				Config:             updated,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				Config: updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(archiveAddr, plancheck.ResourceActionUpdate)},
				},
				Check: testAccCheckArchiveRemote(t, bucket, archiveExpect{
					mode: "COMPLIANCE", days: 30, transitions: []string{"60:GLACIER_IR", "180:DEEP_ARCHIVE"}, expiration: 500,
					services: 2, breakGlass: breakGlassARN, accessLogTarget: accessBucket, tags: map[string]string{"DataClass": "audit"},
					keyFromState: "commshield_kms_key.logs",
				}),
			},
			{
				PreConfig: func() { deleteBucket(t, bucket) },
				Config:    updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(archiveAddr, plancheck.ResourceActionCreate)},
				},
				Check: testAccCheckArchiveRemote(t, bucket, archiveExpect{
					mode: "COMPLIANCE", days: 30, transitions: []string{"60:GLACIER_IR", "180:DEEP_ARCHIVE"}, expiration: 500,
					services: 2, breakGlass: breakGlassARN, accessLogTarget: accessBucket, tags: map[string]string{"DataClass": "audit"},
					keyFromState: "commshield_kms_key.logs",
				}),
			},
		},
	})
}

// TestAccLogArchive_retainedObjectsBlockDestroy shows that a bucket holding
// a retained log version cannot be destroyed, with a message saying why, and
// that destroy works once the version is gone.
func TestAccLogArchive_retainedObjectsBlockDestroy(t *testing.T) {
	bucket := acctest.RandomName("lock")
	config := acctest.ConfigCompose(acctest.ProviderConfig(t), fmt.Sprintf(`
resource "commshield_log_archive" "test" {
  bucket                     = %q
  kms_key_arn                = %q
  object_lock_mode           = "GOVERNANCE"
  object_lock_retention_days = 1
  organization_id            = "o-abcdef1234"
}
`, bucket, fakeKeyARN))
	var versionID string
	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: testAccCheckArchiveDestroy(t),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(archiveAddr, tfjsonpath.New("source_account_ids"), knownvalue.SetSizeExact(0)),
					statecheck.ExpectKnownValue(archiveAddr, tfjsonpath.New("organization_id"), knownvalue.StringExact("o-abcdef1234")),
				},
				Check: func(s *terraform.State) error {
					doc, err := iampolicy.Parse(s.RootModule().Resources[archiveAddr].Primary.Attributes["policy"])
					if err != nil {
						return err
					}
					w, ok := doc.StatementBySid("LogDeliveryWriteCloudTrail")
					if !ok || fmt.Sprint(w.Condition["StringEquals"]["aws:SourceOrgID"]) != "[o-abcdef1234]" || w.Condition["StringEquals"]["aws:SourceAccount"] != nil {
						return fmt.Errorf("CloudTrail write statement not scoped to the organization: %+v", w)
					}
					return nil
				},
			},
			{
				// moto applies principal-"*" Deny statements to object
				// writes while ignoring their conditions, so the test lifts
				// the policy to write one log object (it gets the default
				// GOVERNANCE retention).
				PreConfig:   func() { versionID = putRetainedObject(t, bucket) },
				Config:      config,
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)still holds 1 object\s+versions.*Object Lock \(GOVERNANCE, 1 days`),
			},
			{
				// Removing the version (bypassing GOVERNANCE, as only a
				// break-glass principal could) makes the bucket deletable;
				// the apply also restores the lifted policy.
				PreConfig: func() { deleteVersionBypassingGovernance(t, bucket, versionID) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(archiveAddr, plancheck.ResourceActionUpdate)},
				},
			},
		},
	})
}

// TestAccLogArchive_noDeliveryServices: an archive no service may write to
// (only the deny statements) plans clean after apply and after import, even
// though its policy cannot record the delivery scope.
func TestAccLogArchive_noDeliveryServices(t *testing.T) {
	bucket := acctest.RandomName("nosv")
	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: testAccCheckArchiveDestroy(t),
		Steps: []resource.TestStep{
			{
				Config: acctest.ConfigCompose(acctest.ProviderConfig(t), fmt.Sprintf(`
resource "commshield_log_archive" "test" {
  bucket                = %q
  kms_key_arn           = %q
  log_delivery_services = []
}
`, bucket, fakeKeyARN)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(archiveAddr, tfjsonpath.New("source_account_ids"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact(acctest.MotoAccountID)})),
				},
			},
			{ResourceName: archiveAddr, ImportState: true, ImportStateVerify: true},
		},
	})
}

// TestAccLogArchive_rollbackOnPartialFailure: the access-log target exists
// but does not let S3 deliver logs, so PutBucketLogging fails after the
// bucket was created. Create must delete the bucket again and leave nothing
// in state.
func TestAccLogArchive_rollbackOnPartialFailure(t *testing.T) {
	acctest.PreCheck(t) // before registering SDK cleanups
	bucket := acctest.RandomName("roll")
	target := bucket + "-access"
	t.Cleanup(func() { emptyAndDeleteBucket(t, target) })
	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: testAccCheckArchiveDestroy(t),
		Steps: []resource.TestStep{
			{
				PreConfig: func() { createAccessLogTarget(t, target, false) },
				Config: acctest.ConfigCompose(acctest.ProviderConfig(t), fmt.Sprintf(`
resource "commshield_log_archive" "test" {
  bucket            = %q
  kms_key_arn       = %q
  access_log_bucket = %q
}
`, bucket, fakeKeyARN, target)),
				ExpectError: regexp.MustCompile(`(?s)InvalidTargetBucketForLogging.*was\s+deleted\s+again\s+\(rollback\)`),
			},
			{
				// Nothing in state and nothing in AWS.
				Config: acctest.ProviderConfig(t),
				Check: func(s *terraform.State) error {
					if _, ok := s.RootModule().Resources[archiveAddr]; ok {
						return fmt.Errorf("failed create left %s in state", archiveAddr)
					}
					err := tfs3.FindBucket(context.Background(), acctest.Client(t).S3(), bucket)
					if !awsclient.IsNotFound(err) {
						return acctest.NotGone("bucket "+bucket+" after the failed create", err)
					}
					return nil
				},
			},
		},
	})
}

// TestAccLogArchive_validation checks plan-time diagnostics.
func TestAccLogArchive_validation(t *testing.T) {
	cases := []struct {
		name, body string
		want       *regexp.Regexp
	}{
		{"expiry shorter than lock", `
  object_lock_retention_days = 365
  expiration_days            = 90`, regexp.MustCompile(`(?s)expiration_days = 90 is shorter than.*object_lock_retention_days = 365`)},
		{"expiry shorter than default lock", `
  expiration_days = 364`, regexp.MustCompile(`shorter than object_lock_retention_days = 365`)},
		{"transition after expiry", `
  expiration_days       = 400
  lifecycle_transitions = [{ days = 400, storage_class = "GLACIER" }]`, regexp.MustCompile(`is not before\s+expiration_days = 400`)},
		{"onezone refused", `
  lifecycle_transitions = [{ days = 40, storage_class = "ONEZONE_IA" }]`, regexp.MustCompile(`value must be one of`)},
		{"bad lock mode", `
  object_lock_mode = "NONE"`, regexp.MustCompile(`value must be one of`)},
		{"both scopes", `
  source_account_ids = ["111122223333"]
  organization_id    = "o-abcdef1234"`, regexp.MustCompile(`Conflicting delivery scope`)},
		{"bad account", `
  source_account_ids = ["1234"]`, regexp.MustCompile(`not a 12-digit AWS account ID`)},
		{"unknown service", `
  log_delivery_services = ["s3.amazonaws.com"]`, regexp.MustCompile(`not a supported log-delivery service`)},
		{"wildcard break glass", `
  break_glass_principal_arns = ["*"]`, regexp.MustCompile(`wildcards are not allowed`)},
		{"self access log", `
  access_log_bucket = "cs-acc-validation"`, regexp.MustCompile(`Access logs into the archive itself`)},
	}
	steps := []resource.TestStep{
		{
			Config: acctest.ConfigCompose(acctest.ProviderConfig(t), `
resource "commshield_log_archive" "test" {
  bucket      = "cs.acc.dotted"
  kms_key_arn = "`+fakeKeyARN+`"
}`),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`contains dots`),
		},
		{
			Config: acctest.ConfigCompose(acctest.ProviderConfig(t), `
resource "commshield_log_archive" "test" {
  bucket      = "cs-acc-validation"
  kms_key_arn = "alias/logs"
}`),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`not a KMS key ARN`),
		},
	}
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config: acctest.ConfigCompose(acctest.ProviderConfig(t), `
resource "commshield_log_archive" "test" {
  bucket      = "cs-acc-validation"
  kms_key_arn = "`+fakeKeyARN+`"`+c.body+`
}`),
			PlanOnly:    true,
			ExpectError: c.want,
		})
	}
	acctest.ParallelTest(t, resource.TestCase{Steps: steps})
}

type archiveExpect struct {
	mode            string
	days            int32
	transitions     []string // "days:CLASS"
	expiration      int32
	services        int
	breakGlass      string
	accessLogTarget string
	tags            map[string]string
	keyFromState    string // resource whose arn must be the encryption key
}

func testAccCheckArchiveRemote(t *testing.T, bucket string, want archiveExpect) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		ctx := context.Background()
		conn := acctest.Client(t).S3()
		in := aws.String(bucket)
		rs := s.RootModule().Resources[archiveAddr]
		if rs == nil {
			return fmt.Errorf("%s not in state", archiveAddr)
		}

		ver, err := conn.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: in})
		if err != nil {
			return fmt.Errorf("reading versioning: %w", err)
		}
		if ver.Status != awstypes.BucketVersioningStatusEnabled {
			return fmt.Errorf("versioning = %q, want Enabled", ver.Status)
		}
		ok, err := tfs3.FindPublicAccessBlock(ctx, conn, bucket)
		if err != nil {
			return fmt.Errorf("reading the public access block: %w", err)
		}
		if !ok {
			return errors.New("public access block is not all-on")
		}
		own, err := conn.GetBucketOwnershipControls(ctx, &s3.GetBucketOwnershipControlsInput{Bucket: in})
		if err != nil {
			return fmt.Errorf("reading ownership controls: %w", err)
		}
		if own.OwnershipControls == nil || len(own.OwnershipControls.Rules) == 0 ||
			own.OwnershipControls.Rules[0].ObjectOwnership != awstypes.ObjectOwnershipBucketOwnerEnforced {
			return fmt.Errorf("ownership controls = %+v, want BucketOwnerEnforced", own.OwnershipControls)
		}
		enc, err := conn.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: in})
		if err != nil {
			return err
		}
		rule := enc.ServerSideEncryptionConfiguration.Rules[0]
		wantKey := s.RootModule().Resources[want.keyFromState].Primary.Attributes["arn"]
		if rule.ApplyServerSideEncryptionByDefault.SSEAlgorithm != awstypes.ServerSideEncryptionAwsKms ||
			aws.ToString(rule.ApplyServerSideEncryptionByDefault.KMSMasterKeyID) != wantKey || !aws.ToBool(rule.BucketKeyEnabled) {
			return fmt.Errorf("encryption = %+v, want aws:kms with %s and bucket key", rule.ApplyServerSideEncryptionByDefault, wantKey)
		}
		lock, err := tfs3.FindObjectLockConfiguration(ctx, conn, bucket)
		if err != nil {
			return fmt.Errorf("reading the object lock configuration: %w", err)
		}
		if lock == nil || lock.Rule == nil {
			return fmt.Errorf("object lock = %+v, want a default retention rule", lock)
		}
		if dr := lock.Rule.DefaultRetention; string(dr.Mode) != want.mode || aws.ToInt32(dr.Days) != want.days {
			return fmt.Errorf("default retention = %s/%d days, want %s/%d", dr.Mode, aws.ToInt32(dr.Days), want.mode, want.days)
		}
		lc, err := conn.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: in})
		if err != nil {
			return err
		}
		var transitions []string
		var expiration int32
		abort := false
		for _, r := range lc.Rules {
			for _, tr := range r.Transitions {
				transitions = append(transitions, fmt.Sprintf("%d:%s", aws.ToInt32(tr.Days), tr.StorageClass))
			}
			if r.Expiration != nil {
				expiration = aws.ToInt32(r.Expiration.Days)
			}
			abort = abort || r.AbortIncompleteMultipartUpload != nil
		}
		if !slices.Equal(transitions, want.transitions) || expiration != want.expiration || !abort {
			return fmt.Errorf("lifecycle = %v expire %d abort-mpu %v, want %v expire %d abort-mpu", transitions, expiration, abort, want.transitions, want.expiration)
		}
		logging, err := conn.GetBucketLogging(ctx, &s3.GetBucketLoggingInput{Bucket: in})
		if err != nil {
			return err
		}
		gotTarget := ""
		if logging.LoggingEnabled != nil {
			gotTarget = aws.ToString(logging.LoggingEnabled.TargetBucket)
		}
		if gotTarget != want.accessLogTarget {
			return fmt.Errorf("access logging target = %q, want %q", gotTarget, want.accessLogTarget)
		}

		policy, err := tfs3.FindBucketPolicy(ctx, conn, bucket)
		if err != nil {
			return err
		}
		if !iampolicy.Equivalent(policy, rs.Primary.Attributes["policy"]) {
			return fmt.Errorf("remote policy differs from state:\n%s\n%s", policy, rs.Primary.Attributes["policy"])
		}
		doc, err := iampolicy.Parse(policy)
		if err != nil {
			return err
		}
		for _, sid := range []string{"DenyInsecureTransport", "DenyOutdatedTLS", "DenyNonKMSEncryptedUploads", "DenyObjectDeletionAndLockChanges"} {
			if _, ok := doc.StatementBySid(sid); !ok {
				return fmt.Errorf("policy lacks %s", sid)
			}
		}
		writes := 0
		for _, st := range doc.Statement {
			if strings.HasPrefix(st.Sid, "LogDeliveryWrite") {
				writes++
			}
		}
		if writes != want.services {
			return fmt.Errorf("policy grants %d services write, want %d", writes, want.services)
		}
		deny, _ := doc.StatementBySid("DenyObjectDeletionAndLockChanges")
		gotBreakGlass := strings.Join(deny.Condition["ArnNotLike"]["aws:PrincipalArn"], ",")
		if gotBreakGlass != want.breakGlass {
			return fmt.Errorf("break-glass exemption = %q, want %q", gotBreakGlass, want.breakGlass)
		}
		tags, err := tfs3.FindBucketTags(ctx, conn, bucket)
		if err != nil {
			return err
		}
		if len(tags) != len(want.tags) || fmt.Sprint(tags) != fmt.Sprint(want.tags) {
			return fmt.Errorf("tags = %v, want %v", tags, want.tags)
		}
		return nil
	}
}

// createAccessLogTarget makes a plain bucket for server access logs;
// withPolicy grants logging.s3.amazonaws.com delivery, as S3 requires.
func createAccessLogTarget(t *testing.T, bucket string, withPolicy bool) {
	ctx := context.Background()
	conn := acctest.Client(t).S3()
	if _, err := conn.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil && !awsclient.HasErrorCode(err, "BucketAlreadyOwnedByYou") {
		t.Fatalf("creating access-log bucket %s: %v", bucket, err)
	}
	if !withPolicy {
		return
	}
	policy := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"S3ServerAccessLogs","Effect":"Allow","Principal":{"Service":"logging.s3.amazonaws.com"},"Action":["s3:PutObject"],"Resource":"arn:aws:s3:::%s/*","Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"}}}]}`, bucket)
	if _, err := conn.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: aws.String(bucket), Policy: aws.String(policy)}); err != nil {
		t.Fatalf("granting log delivery on %s: %v", bucket, err)
	}
}

func deleteBucket(t *testing.T, bucket string) {
	_, err := acctest.Client(t).S3().DeleteBucket(context.Background(), &s3.DeleteBucketInput{Bucket: aws.String(bucket)})
	if err != nil && !awsclient.HasErrorCode(err, "NoSuchBucket") {
		t.Errorf("deleting bucket %s: %v", bucket, err)
	}
}

// emptyAndDeleteBucket removes an unlocked helper bucket (moto really
// delivers access logs into it).
func emptyAndDeleteBucket(t *testing.T, bucket string) {
	ctx := context.Background()
	conn := acctest.Client(t).S3()
	out, err := conn.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: aws.String(bucket)})
	if awsclient.HasErrorCode(err, "NoSuchBucket") {
		return
	}
	if err != nil {
		t.Errorf("listing %s: %v", bucket, err)
		return
	}
	for _, v := range out.Versions {
		if _, err := conn.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: v.Key, VersionId: v.VersionId}); err != nil {
			t.Errorf("deleting %s/%s: %v", bucket, aws.ToString(v.Key), err)
		}
	}
	deleteBucket(t, bucket)
}

// driftArchive makes three changes behind Terraform's back.
func driftArchive(t *testing.T, bucket string) {
	ctx := context.Background()
	conn := acctest.Client(t).S3()
	in := aws.String(bucket)
	if _, err := conn.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: in, VersioningConfiguration: &awstypes.VersioningConfiguration{Status: awstypes.BucketVersioningStatusSuspended}}); err != nil {
		t.Fatalf("suspending versioning: %v", err)
	}
	open := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"Open","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"s3:*","Resource":"arn:aws:s3:::%s/*"}]}`, bucket)
	if _, err := conn.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: in, Policy: aws.String(open)}); err != nil {
		t.Fatalf("replacing policy: %v", err)
	}
	if _, err := conn.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{Bucket: in, PublicAccessBlockConfiguration: &awstypes.PublicAccessBlockConfiguration{
		BlockPublicAcls: aws.Bool(true), BlockPublicPolicy: aws.Bool(false), IgnorePublicAcls: aws.Bool(true), RestrictPublicBuckets: aws.Bool(true),
	}}); err != nil {
		t.Fatalf("turning off BlockPublicPolicy: %v", err)
	}
}

func putRetainedObject(t *testing.T, bucket string) string {
	ctx := context.Background()
	conn := acctest.Client(t).S3()
	if _, err := conn.DeleteBucketPolicy(ctx, &s3.DeleteBucketPolicyInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatalf("lifting policy: %v", err)
	}
	out, err := conn.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String("AWSLogs/123456789012/log.json.gz"), Body: strings.NewReader("{}"),
		ChecksumAlgorithm: awstypes.ChecksumAlgorithmSha256, // required with Object Lock
	})
	if err != nil {
		t.Fatalf("writing a log object: %v", err)
	}
	return aws.ToString(out.VersionId)
}

func deleteVersionBypassingGovernance(t *testing.T, bucket, versionID string) {
	_, err := acctest.Client(t).S3().DeleteObject(context.Background(), &s3.DeleteObjectInput{
		Bucket: aws.String(bucket), Key: aws.String("AWSLogs/123456789012/log.json.gz"), VersionId: aws.String(versionID),
		BypassGovernanceRetention: aws.Bool(true),
	})
	if err != nil {
		t.Fatalf("deleting retained version with governance bypass: %v", err)
	}
}

func testAccCheckArchiveDestroy(t *testing.T) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		conn := acctest.Client(t).S3()
		for _, rs := range s.RootModule().Resources {
			if rs.Type != "commshield_log_archive" {
				continue
			}
			err := tfs3.FindBucket(context.Background(), conn, rs.Primary.ID)
			if awsclient.IsNotFound(err) {
				continue
			}
			if err != nil {
				return err
			}
			return fmt.Errorf("bucket %s still exists after destroy", rs.Primary.ID)
		}
		return nil
	}
}

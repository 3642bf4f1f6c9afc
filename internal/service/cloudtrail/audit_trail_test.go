package cloudtrail_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awscloudtrail "github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/commshield/terraform-provider-commshield/internal/acctest"
	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
	"github.com/commshield/terraform-provider-commshield/internal/logdelivery"
	"github.com/commshield/terraform-provider-commshield/internal/service/cloudtrail"
)

func TestMain(m *testing.M) { acctest.Run(m) }

const resourceAddr = "commshield_audit_trail.test"

// TestAccCloudTrailAuditTrail_lifecycle walks one trail through create,
// import (by name and by ARN), update, drift repair, disappearance and
// destroy.
func TestAccCloudTrailAuditTrail_lifecycle(t *testing.T) {
	name := acctest.RandomName("trail")
	bucket, keyARN := auditPrerequisites(t, name)
	client := acctest.Client(t)

	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: checkTrailDestroyed(client, name, false),
		Steps: []resource.TestStep{
			{
				Config: configBasic(t, name, bucket, keyARN),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("role_arn"), knownvalue.StringExact("arn:aws:iam::123456789012:role/commshield-trail-"+name)),
					plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("log_group_name"), knownvalue.StringExact("/commshield/cloudtrail/"+name)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("arn"), knownvalue.StringExact("arn:aws:cloudtrail:us-east-1:123456789012:trail/"+name)),
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("home_region"), knownvalue.StringExact("us-east-1")),
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("is_logging"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("is_multi_region_trail"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("include_global_service_events"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("log_file_validation_enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("management_events_read_write_type"), knownvalue.StringExact("All")),
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("log_retention_days"), knownvalue.Int64Exact(365)),
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("log_group_kms_key_arn"), knownvalue.StringExact(keyARN)),
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("log_group_arn"), knownvalue.StringExact("arn:aws:logs:us-east-1:123456789012:log-group:/commshield/cloudtrail/"+name+":*")),
				},
				Check: checkTrailInAWS(client, name, keyARN),
			},
			{
				ResourceName:      resourceAddr,
				ImportState:       true,
				ImportStateId:     name,
				ImportStateVerify: true,
			},
			{
				ResourceName:      resourceAddr,
				ImportState:       true,
				ImportStateId:     "arn:aws:cloudtrail:us-east-1:123456789012:trail/" + name,
				ImportStateVerify: true,
			},
			{
				Config: configUpdated(t, name, bucket, keyARN),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("log_retention_days"), knownvalue.Int64Exact(731)),
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("s3_key_prefix"), knownvalue.StringExact("audit")),
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("data_events"), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"s3": knownvalue.Bool(true), "lambda": knownvalue.Bool(true),
					})),
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("insight_types"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("ApiCallRateInsight")})),
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("tags"), knownvalue.MapExact(map[string]knownvalue.Check{"owner": knownvalue.StringExact("noc")})),
				},
			},
			{
				// Drift: an intruder stops logging, turns off validation,
				// narrows the selectors to read-only management events and
				// deletes the log group and the delivery role. The plan shows
				// it; apply repairs it.
				PreConfig: func() { tamperWithTrail(t, client, name) },
				Config:    configUpdated(t, name, bucket, keyARN),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("is_logging"), knownvalue.Bool(true)),
					plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("management_events_read_write_type"), knownvalue.StringExact("All")),
					plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("log_retention_days"), knownvalue.Int64Exact(731)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("log_retention_days"), knownvalue.Int64Exact(731)),
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("log_file_validation_enabled"), knownvalue.Bool(true)),
				},
				Check: checkTrailInAWS(client, name, keyARN),
			},
			{
				// Disappear: the trail is deleted outside Terraform; the next
				// plan creates it again, adopting the retained log group and role.
				PreConfig: func() {
					if _, err := client.CloudTrail().DeleteTrail(context.Background(), &awscloudtrail.DeleteTrailInput{Name: aws.String(name)}); err != nil {
						t.Fatalf("deleting trail out of band: %v", err)
					}
				},
				Config: configUpdated(t, name, bucket, keyARN),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionCreate),
				}},
				Check: checkTrailInAWS(client, name, keyARN),
			},
		},
	})
}

// TestAccCloudTrailAuditTrail_retainsLogGroup checks the default: destroying
// the trail keeps the audit log group.
func TestAccCloudTrailAuditTrail_retainsLogGroup(t *testing.T) {
	name := acctest.RandomName("trail")
	bucket, keyARN := auditPrerequisites(t, name)
	client := acctest.Client(t)
	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: checkTrailDestroyed(client, name, true),
		Steps: []resource.TestStep{{
			Config: configBasic(t, name, bucket, keyARN),
			Check:  checkTrailInAWS(client, name, keyARN),
		}},
	})
}

// TestAccCloudTrailAuditTrail_advancedSelectors: custom data-event
// selectors are written after the management selector, read back verbatim,
// imported, and replaced by the data_events shorthand in place.
func TestAccCloudTrailAuditTrail_advancedSelectors(t *testing.T) {
	name := acctest.RandomName("trail")
	bucket, keyARN := auditPrerequisites(t, name)
	client := acctest.Client(t)
	advanced := acctest.ConfigCompose(acctest.ProviderConfig(t), fmt.Sprintf(`
resource "commshield_audit_trail" "test" {
  name           = %[1]q
  s3_bucket_name = %[2]q
  kms_key_arn    = %[3]q
  advanced_event_selectors = [{
    name = "evidence writes"
    field_selectors = [
      { field = "eventCategory", equals = ["Data"] },
      { field = "resources.type", equals = ["AWS::S3::Object"] },
      { field = "resources.ARN", starts_with = ["arn:aws:s3:::evidence/"] },
      { field = "readOnly", equals = ["false"] },
    ]
  }]
}
`, name, bucket, keyARN))
	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: checkTrailDestroyed(client, name, true),
		Steps: []resource.TestStep{
			{
				Config: advanced,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("advanced_event_selectors").AtSliceIndex(0).AtMapKey("field_selectors").AtSliceIndex(2).AtMapKey("starts_with"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("arn:aws:s3:::evidence/")})),
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("data_events"), knownvalue.Null()),
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("management_events_read_write_type"), knownvalue.StringExact("All")),
				},
				Check: func(*terraform.State) error {
					out, err := client.CloudTrail().GetEventSelectors(context.Background(), &awscloudtrail.GetEventSelectorsInput{TrailName: aws.String(name)})
					if err != nil {
						return err
					}
					if len(out.AdvancedEventSelectors) != 2 || aws.ToString(out.AdvancedEventSelectors[1].Name) != "evidence writes" {
						return fmt.Errorf("want the management selector then the custom one, got %d selectors", len(out.AdvancedEventSelectors))
					}
					return nil
				},
			},
			{ResourceName: resourceAddr, ImportState: true, ImportStateId: name, ImportStateVerify: true},
			{
				Config: configWithDataEvents(t, name, bucket, keyARN),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("advanced_event_selectors"), knownvalue.Null()),
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("data_events"), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"s3": knownvalue.Bool(false), "lambda": knownvalue.Bool(true),
					})),
				},
			},
		},
	})
}

func configWithDataEvents(t *testing.T, name, bucket, keyARN string) string {
	return acctest.ConfigCompose(acctest.ProviderConfig(t), fmt.Sprintf(`
resource "commshield_audit_trail" "test" {
  name           = %[1]q
  s3_bucket_name = %[2]q
  kms_key_arn    = %[3]q
  data_events    = { s3 = false, lambda = true }
}
`, name, bucket, keyARN))
}

// TestAccCloudTrailAuditTrail_keyFromSameApply composes the trail with a
// commshield_kms_key created in the same apply (ARN unknown at plan time).
func TestAccCloudTrailAuditTrail_keyFromSameApply(t *testing.T) {
	name := acctest.RandomName("trail")
	bucket, _ := auditPrerequisites(t, name)
	client := acctest.Client(t)
	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: checkTrailDestroyed(client, name, true),
		Steps: []resource.TestStep{{
			Config: acctest.ConfigCompose(acctest.ProviderConfig(t), fmt.Sprintf(`
resource "commshield_kms_key" "logs" {
  alias              = "alias/%[1]s"
  description        = "audit logs"
  administrator_arns = ["arn:aws:iam::123456789012:root"]
  service_principals = ["cloudtrail.amazonaws.com", "logs.us-east-1.amazonaws.com"]
}

resource "commshield_audit_trail" "test" {
  name           = %[1]q
  s3_bucket_name = %[2]q
  kms_key_arn    = commshield_kms_key.logs.arn
}
`, name, bucket)),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectUnknownValue(resourceAddr, tfjsonpath.New("log_group_kms_key_arn")),
				plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("is_logging"), knownvalue.Bool(true)),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("log_group_kms_key_arn"), knownvalue.StringRegexp(regexp.MustCompile(`^arn:aws:kms:us-east-1:123456789012:key/`))),
			},
		}},
	})
}

// TestAccCloudTrailAuditTrail_rollback: CreateTrail fails (the bucket does
// not exist); the log group and role made before it are rolled back.
func TestAccCloudTrailAuditTrail_rollback(t *testing.T) {
	name := acctest.RandomName("trail")
	_, keyARN := auditPrerequisites(t, name)
	client := acctest.Client(t)
	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: checkTrailDestroyed(client, name, false),
		Steps: []resource.TestStep{{
			Config:      configBasic(t, name, name+"-no-such-bucket", keyARN),
			ExpectError: regexp.MustCompile(`(?s)creating CloudTrail trail.*S3BucketDoesNotExist`),
		}},
	})
}

// TestAccCloudTrailAuditTrail_validation checks plan-time diagnostics; no
// AWS object is created.
func TestAccCloudTrailAuditTrail_validation(t *testing.T) {
	name := acctest.RandomName("trail")
	base := func(extra string) string {
		return acctest.ConfigCompose(acctest.ProviderConfig(t), fmt.Sprintf(`
resource "commshield_audit_trail" "test" {
  name           = %[1]q
  s3_bucket_name = "some-archive-bucket"
  kms_key_arn    = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
%[2]s
}
`, name, extra))
	}
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: base(`  log_retention_days = 30`), PlanOnly: true, ExpectError: regexp.MustCompile(`below the 90-day minimum`)},
			{Config: base(`  log_retention_days = 100`), PlanOnly: true, ExpectError: regexp.MustCompile(`does not accept a retention of 100`)},
			{
				Config: acctest.ConfigCompose(acctest.ProviderConfig(t), fmt.Sprintf(`resource "commshield_audit_trail" "test" {
  name           = %q
  s3_bucket_name = "some-archive-bucket"
  kms_key_arn    = "arn:aws:kms:us-east-1:123456789012:alias/audit"
}`, name)),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`is a KMS alias`),
			},
			{Config: base(`
  data_events = { s3 = true, lambda = false }
  advanced_event_selectors = [{
    field_selectors = [
      { field = "eventCategory", equals = ["Data"] },
      { field = "resources.type", equals = ["AWS::S3::Object"] },
    ]
  }]`), PlanOnly: true, ExpectError: regexp.MustCompile(`(?s)advanced_event_selectors.*cannot be specified|cannot be specified.*data_events`)},
			{Config: base(`
  advanced_event_selectors = [{
    field_selectors = [
      { field = "eventCategory", equals = ["Management"] },
      { field = "resources.type", equals = ["AWS::S3::Object"] },
    ]
  }]`), PlanOnly: true, ExpectError: regexp.MustCompile(`management events are always logged`)},
			{Config: base(`  insight_types = ["ApiCallRate"]`), PlanOnly: true, ExpectError: regexp.MustCompile(`ApiCallRateInsight`)},
		},
	})
}

func configBasic(t *testing.T, name, bucket, keyARN string) string {
	return acctest.ConfigCompose(acctest.ProviderConfig(t), fmt.Sprintf(`
resource "commshield_audit_trail" "test" {
  name           = %[1]q
  s3_bucket_name = %[2]q
  kms_key_arn    = %[3]q
}
`, name, bucket, keyARN))
}

func configUpdated(t *testing.T, name, bucket, keyARN string) string {
	return acctest.ConfigCompose(acctest.ProviderConfig(t), fmt.Sprintf(`
resource "commshield_audit_trail" "test" {
  name                        = %[1]q
  s3_bucket_name              = %[2]q
  s3_key_prefix               = "audit"
  kms_key_arn                 = %[3]q
  log_retention_days          = 731
  retain_log_group_on_destroy = false
  data_events                 = { s3 = true, lambda = true }
  insight_types               = ["ApiCallRateInsight"]
  tags                        = { owner = "noc" }
}
`, name, bucket, keyARN))
}

// auditPrerequisites makes the log archive bucket and KMS key the trail
// needs, through the SDK (the test exercises the trail, not those resources).
func auditPrerequisites(t *testing.T, name string) (bucket, keyARN string) {
	t.Helper()
	client := acctest.Client(t)
	ctx := context.Background()
	bucket = name + "-archive"
	if _, err := client.S3().CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatalf("creating bucket: %v", err)
	}
	return bucket, acctest.CreateKMSKey(t, client, "audit trail test "+name)
}

func tamperWithTrail(t *testing.T, client *awsclient.Client, name string) {
	t.Helper()
	ctx := context.Background()
	ct := client.CloudTrail()
	if _, err := ct.StopLogging(ctx, &awscloudtrail.StopLoggingInput{Name: aws.String(name)}); err != nil {
		t.Fatalf("stopping logging: %v", err)
	}
	if _, err := ct.UpdateTrail(ctx, &awscloudtrail.UpdateTrailInput{Name: aws.String(name), EnableLogFileValidation: aws.Bool(false)}); err != nil {
		t.Fatalf("disabling validation: %v", err)
	}
	if _, err := ct.PutEventSelectors(ctx, &awscloudtrail.PutEventSelectorsInput{
		TrailName: aws.String(name),
		AdvancedEventSelectors: []cttypes.AdvancedEventSelector{{
			Name: aws.String("read only"),
			FieldSelectors: []cttypes.AdvancedFieldSelector{
				{Field: aws.String("eventCategory"), Equals: []string{"Management"}},
				{Field: aws.String("readOnly"), Equals: []string{"true"}},
			},
		}},
	}); err != nil {
		t.Fatalf("narrowing selectors: %v", err)
	}
	if _, err := client.CloudWatchLogs().DeleteLogGroup(ctx, &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: aws.String("/commshield/cloudtrail/" + name)}); err != nil {
		t.Fatalf("deleting log group: %v", err)
	}
	role := "commshield-trail-" + name
	if _, err := client.IAM().DeleteRolePolicy(ctx, &iam.DeleteRolePolicyInput{RoleName: aws.String(role), PolicyName: aws.String("commshield-cloudtrail-to-cloudwatch-logs")}); err != nil {
		t.Fatalf("deleting role policy: %v", err)
	}
	if _, err := client.IAM().DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String(role)}); err != nil {
		t.Fatalf("deleting role: %v", err)
	}
}

// checkTrailInAWS verifies, through the SDK rather than state, that the
// trail is hardened and logging.
func checkTrailInAWS(client *awsclient.Client, name, keyARN string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		ctx := context.Background()
		trail, err := cloudtrail.FindTrailByName(ctx, client.CloudTrail(), name)
		if err != nil {
			return err
		}
		if !aws.ToBool(trail.IsMultiRegionTrail) || !aws.ToBool(trail.IncludeGlobalServiceEvents) || !aws.ToBool(trail.LogFileValidationEnabled) {
			return fmt.Errorf("trail %s not hardened: multi-region=%v global=%v validation=%v", name, aws.ToBool(trail.IsMultiRegionTrail), aws.ToBool(trail.IncludeGlobalServiceEvents), aws.ToBool(trail.LogFileValidationEnabled))
		}
		if aws.ToString(trail.KmsKeyId) != keyARN {
			return fmt.Errorf("trail %s KMS key = %q, want %q", name, aws.ToString(trail.KmsKeyId), keyARN)
		}
		status, err := client.CloudTrail().GetTrailStatus(ctx, &awscloudtrail.GetTrailStatusInput{Name: aws.String(name)})
		if err != nil {
			return err
		}
		if !aws.ToBool(status.IsLogging) {
			return fmt.Errorf("trail %s is not logging", name)
		}
		group, err := logdelivery.FindLogGroupByName(ctx, client.CloudWatchLogs(), "/commshield/cloudtrail/"+name)
		if err != nil {
			return err
		}
		if aws.ToString(group.KmsKeyId) != keyARN {
			return fmt.Errorf("log group KMS key = %q, want %q", aws.ToString(group.KmsKeyId), keyARN)
		}
		if _, err := client.IAM().GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: aws.String("commshield-trail-" + name), PolicyName: aws.String("commshield-cloudtrail-to-cloudwatch-logs")}); err != nil {
			return fmt.Errorf("delivery role policy: %w", err)
		}
		return nil
	}
}

func checkTrailDestroyed(client *awsclient.Client, name string, wantLogGroup bool) resource.TestCheckFunc {
	return func(*terraform.State) error {
		ctx := context.Background()
		if _, err := cloudtrail.FindTrailByName(ctx, client.CloudTrail(), name); !awsclient.IsNotFound(err) {
			return acctest.NotGone("trail "+name+" after destroy", err)
		}
		if _, err := logdelivery.FindRoleByName(ctx, client.IAM(), "commshield-trail-"+name); !awsclient.IsNotFound(err) {
			return acctest.NotGone("delivery role of "+name+" after destroy", err)
		}
		_, err := logdelivery.FindLogGroupByName(ctx, client.CloudWatchLogs(), "/commshield/cloudtrail/"+name)
		switch {
		case wantLogGroup && err != nil:
			return fmt.Errorf("log group should be retained on destroy: %w", err)
		case !wantLogGroup && !awsclient.IsNotFound(err):
			return acctest.NotGone("log group of "+name+" after destroy with retain_log_group_on_destroy = false", err)
		}
		return nil
	}
}

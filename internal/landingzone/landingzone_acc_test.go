package landingzone_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/commshield/terraform-provider-commshield/internal/acctest"
	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
)

func TestMain(m *testing.M) { acctest.Run(m) }

const (
	keyAddr     = "commshield_kms_key.logs"
	archiveAddr = "commshield_log_archive.central"
	trailAddr   = "commshield_audit_trail.account"
	vpcAddr     = "commshield_segmented_vpc.core"
)

// TestAccLandingZone_example applies examples/landing-zone unchanged (only
// variables differ) against moto: create, rule pack on the live plan, an
// empty second plan, and destroy with CheckDestroy.
//
// Object Lock and destroy: the archive refuses deletion while it holds
// retained log versions. moto never delivers CloudTrail or flow-log files,
// so the archive is empty at destroy time; should it hold versions anyway
// (a moto that delivers, or a future step that writes evidence), the last
// step removes them first. That is possible only because the test runs the
// archive in GOVERNANCE mode with a 1-day retention (COMPLIANCE versions
// could not be removed at all, and destroy would fail with BucketNotEmpty,
// which is the documented behaviour of commshield_log_archive).
func TestAccLandingZone_example(t *testing.T) {
	endpoint := acctest.MotoEndpoint(t) // skips without TF_ACC
	// The example names its provider commshield/commshield; the in-process
	// provider must be registered under that source address (terraform
	// plugin-testing defaults to hashicorp/<name>). Package-local: this test
	// binary runs no other acceptance test.
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "commshield")

	name := acctest.RandomName("lz")
	bucket := name + "-archive"
	dir := exampleCopy(t)
	client := acctest.Client(t)

	endpoints := map[string]config.Variable{}
	for _, k := range awsclient.EndpointKeys() {
		endpoints[k] = config.StringVariable(endpoint)
	}
	vars := config.Variables{
		"endpoints":                    config.MapVariable(endpoints),
		"name":                         config.StringVariable(name),
		"log_archive_bucket":           config.StringVariable(bucket),
		"kms_administrator_arns":       config.ListVariable(config.StringVariable("arn:aws:iam::" + acctest.MotoAccountID + ":role/commshield-deployer")),
		"object_lock_mode":             config.StringVariable("GOVERNANCE"),
		"object_lock_retention_days":   config.IntegerVariable(1),
		"retain_log_groups_on_destroy": config.BoolVariable(false),
	}

	var applyStarted time.Time
	// The example has its own provider block, so terraform-plugin-testing
	// wants the in-process provider on every step rather than on the case.
	providers := acctest.ProtoV6ProviderFactories
	resource.Test(t, resource.TestCase{
		PreCheck:     func() { acctest.PreCheck(t) },
		CheckDestroy: checkLandingZoneDestroyed(client, name, bucket),
		Steps: []resource.TestStep{
			{
				ProtoV6ProviderFactories: providers,
				ConfigDirectory:          config.StaticDirectory(dir),
				ConfigVariables:          vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(keyAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(archiveAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(trailAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(vpcAddr, plancheck.ResourceActionCreate),
					// The only departure from the example's defaults that a
					// rule sees: the test archive locks versions for 1 day
					// (GOVERNANCE) so that it can be cleaned up.
					rulePackPasses{extraConfig: "params:\n  min_lock_days: 1\n"},
					startClock{&applyStarted},
				}, PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(archiveAddr, tfjsonpath.New("versioning_status"), knownvalue.StringExact("Enabled")),
					statecheck.ExpectKnownValue(trailAddr, tfjsonpath.New("is_logging"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(vpcAddr, tfjsonpath.New("flow_log_destination_arn"), knownvalue.StringExact("arn:aws:s3:::"+bucket)),
					statecheck.ExpectKnownValue(vpcAddr, tfjsonpath.New("default_security_group_rule_count"), knownvalue.Int64Exact(0)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					func(*terraform.State) error {
						t.Logf("landing zone: terraform apply of 4 resources against moto took %s", time.Since(applyStarted).Round(time.Millisecond))
						return nil
					},
					checkWiredTogether(client, name, bucket),
				),
			},
			{
				// The second plan on the applied landing zone is empty: a
				// PlanOnly step fails on any planned change (ExpectNonEmptyPlan
				// is not set); step 1's PostApplyPostRefresh check asserts the
				// same on the plan after refresh.
				ProtoV6ProviderFactories: providers,
				ConfigDirectory:          config.StaticDirectory(dir),
				ConfigVariables:          vars,
				PlanOnly:                 true,
			},
			{
				// Same configuration; only here to empty the archive of any
				// retained version before the destroy that follows.
				ProtoV6ProviderFactories: providers,
				ConfigDirectory:          config.StaticDirectory(dir),
				ConfigVariables:          vars,
				Check:                    emptyArchive(client, bucket),
			},
		},
	})
}

// exampleCopy copies examples/landing-zone/*.tf into a scratch directory and
// adds provider_override.tf, which only lowers the retry budget: against
// moto a server error should fail the test in seconds, not after the
// production default of 25 adaptive retries.
func exampleCopy(t *testing.T) string {
	t.Helper()
	src := filepath.Join("..", "..", "examples", "landing-zone")
	files, err := filepath.Glob(filepath.Join(src, "*.tf"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no .tf files in %s (err %v)", src, err)
	}
	dst := t.TempDir()
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	override := "provider \"commshield\" {\n  max_retries = 3\n}\n"
	if err := os.WriteFile(filepath.Join(dst, "provider_override.tf"), []byte(override), 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}

// startClock is a plan check that only records when apply begins.
type startClock struct{ at *time.Time }

func (c startClock) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, _ *plancheck.CheckPlanResponse) {
	*c.at = time.Now()
}

// checkWiredTogether proves through the SDK that the four resources are
// connected as the example says: the trail logs into the archive with the
// landing zone's key, and the VPC's flow log delivers into the archive.
func checkWiredTogether(client *awsclient.Client, name, bucket string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		ctx := context.Background()
		keyARN := s.RootModule().Resources[keyAddr].Primary.Attributes["arn"]
		trails, err := client.CloudTrail().DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{TrailNameList: []string{name + "-audit"}})
		if err != nil || len(trails.TrailList) != 1 {
			return fmt.Errorf("describing trail %s-audit: %v (%d trails)", name, err, len(trails.TrailList))
		}
		tr := trails.TrailList[0]
		if aws.ToString(tr.S3BucketName) != bucket || aws.ToString(tr.KmsKeyId) != keyARN || !aws.ToBool(tr.IsMultiRegionTrail) || !aws.ToBool(tr.LogFileValidationEnabled) {
			return fmt.Errorf("trail not wired to the archive and key: bucket %q kms %q (want %q, %q) multi-region %v validation %v",
				aws.ToString(tr.S3BucketName), aws.ToString(tr.KmsKeyId), bucket, keyARN, aws.ToBool(tr.IsMultiRegionTrail), aws.ToBool(tr.LogFileValidationEnabled))
		}
		enc, err := client.S3().GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: aws.String(bucket)})
		if err != nil {
			return fmt.Errorf("reading archive encryption: %w", err)
		}
		if rules := enc.ServerSideEncryptionConfiguration.Rules; len(rules) == 0 || aws.ToString(rules[0].ApplyServerSideEncryptionByDefault.KMSMasterKeyID) != keyARN {
			return fmt.Errorf("archive %s is not encrypted with the landing zone's key %s", bucket, keyARN)
		}
		vpcID := s.RootModule().Resources[vpcAddr].Primary.Attributes["vpc_id"]
		fls, err := client.EC2().DescribeFlowLogs(ctx, &awsec2.DescribeFlowLogsInput{Filter: []ec2types.Filter{{Name: aws.String("resource-id"), Values: []string{vpcID}}}})
		if err != nil {
			return fmt.Errorf("describing flow logs of %s: %w", vpcID, err)
		}
		for _, fl := range fls.FlowLogs {
			if fl.LogDestinationType == ec2types.LogDestinationTypeS3 && aws.ToString(fl.LogDestination) == "arn:aws:s3:::"+bucket &&
				fl.TrafficType == ec2types.TrafficTypeAll && aws.ToInt32(fl.MaxAggregationInterval) == 60 {
				return nil
			}
		}
		return fmt.Errorf("VPC %s has no flow log (ALL, 60 s) into the archive %s: %+v", vpcID, bucket, fls.FlowLogs)
	}
}

// emptyArchive removes every object version from the archive (bypassing
// GOVERNANCE retention) so that destroy can delete the bucket. moto applies
// the archive's unconditional Deny statements to object operations, so the
// policy is lifted first; destroy deletes the bucket right after.
func emptyArchive(client *awsclient.Client, bucket string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		ctx := context.Background()
		out, err := client.S3().ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: aws.String(bucket)})
		if err != nil {
			return fmt.Errorf("listing archive versions: %w", err)
		}
		if len(out.Versions)+len(out.DeleteMarkers) == 0 {
			return nil
		}
		if _, err := client.S3().DeleteBucketPolicy(ctx, &s3.DeleteBucketPolicyInput{Bucket: aws.String(bucket)}); err != nil {
			return fmt.Errorf("lifting the archive policy to clean up: %w", err)
		}
		var ids []s3types.ObjectIdentifier
		for _, v := range out.Versions {
			ids = append(ids, s3types.ObjectIdentifier{Key: v.Key, VersionId: v.VersionId})
		}
		for _, m := range out.DeleteMarkers {
			ids = append(ids, s3types.ObjectIdentifier{Key: m.Key, VersionId: m.VersionId})
		}
		_, err = client.S3().DeleteObjects(ctx, &s3.DeleteObjectsInput{
			Bucket:                    aws.String(bucket),
			BypassGovernanceRetention: aws.Bool(true),
			Delete:                    &s3types.Delete{Objects: ids},
		})
		return err
	}
}

// checkLandingZoneDestroyed: after destroy no trail, bucket, VPC or active
// key of the landing zone is left.
func checkLandingZoneDestroyed(client *awsclient.Client, name, bucket string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		ctx := context.Background()
		var problems []string
		if out, err := client.CloudTrail().DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{TrailNameList: []string{name + "-audit"}}); err == nil && len(out.TrailList) > 0 {
			problems = append(problems, "trail "+name+"-audit still exists")
		}
		if _, err := client.S3().HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(bucket)}); err == nil {
			problems = append(problems, "archive bucket "+bucket+" still exists")
		}
		vpcs, err := client.EC2().DescribeVpcs(ctx, &awsec2.DescribeVpcsInput{Filters: []ec2types.Filter{{Name: aws.String("tag:Name"), Values: []string{name + "-core"}}}})
		if err != nil {
			problems = append(problems, "describing VPCs: "+err.Error())
		} else if len(vpcs.Vpcs) > 0 {
			problems = append(problems, "VPC "+name+"-core still exists")
		}
		if len(problems) > 0 {
			return errors.New(strings.Join(problems, "; "))
		}
		return nil
	}
}

package landingzone_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	cfgtypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	awsorgs "github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/commshield/terraform-provider-commshield/internal/acctest"
	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
)

func TestMain(m *testing.M) { acctest.Run(m) }

const (
	keyAddr         = "commshield_kms_key.logs"
	ebsKeyAddr      = "commshield_kms_key.ebs"
	alertsKeyAddr   = "commshield_kms_key.alerts"
	archiveAddr     = "commshield_log_archive.central"
	trailAddr       = "commshield_audit_trail.account"
	vpcAddr         = "commshield_segmented_vpc.core"
	baselineAddr    = "commshield_account_baseline.account"
	configRulesAddr = "commshield_config_rules.guidance"
	alertsAddr      = "commshield_change_alerts.account"
	mgmtAccessAddr  = "commshield_management_access.oob"
	breakGlassAddr  = "commshield_break_glass_role.emergency"
	guardrailAddr   = "commshield_guardrail_policy.workloads"
)

// allResources are the example's managed resources: every commshield
// resource type at least once.
var allResources = []string{
	keyAddr, ebsKeyAddr, alertsKeyAddr, archiveAddr, trailAddr, vpcAddr, baselineAddr,
	configRulesAddr, alertsAddr, mgmtAccessAddr, breakGlassAddr, guardrailAddr,
}

// TestAccLandingZone_example applies examples/landing-zone unchanged (only
// variables differ) against moto: create, the whole rule pack on the live
// plan (zero failures), the wiring checked through the SDK, an empty second
// plan, and destroy with CheckDestroy.
//
// Around moto: the operations moto lacks (EBS default KMS key, IMDS
// defaults, Security Hub standards, IAM Access Analyzer) go to the
// acctest.GapServer through the example's own `endpoints` variable, as in
// the baseline's acceptance tests. Organizations needs an organization: the
// test makes moto's account a management account and creates the OU the
// guardrail policy is attached to, before apply.
//
// Object Lock and destroy: the archive refuses deletion while it holds
// retained log versions. moto never delivers CloudTrail, Config or flow-log
// files, so the archive is empty at destroy time; should it hold versions
// anyway (a moto that delivers, or a future step that writes evidence), the
// last step removes them first. That is possible only because the test runs
// the archive in GOVERNANCE mode with a 1-day retention (COMPLIANCE versions
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
	gap := acctest.StartGapServer(t)
	gapEndpoints := map[string]string{"ec2": gap.EC2URL(), "securityhub": gap.SecurityHubURL(), "accessanalyzer": gap.AccessAnalyzerURL()}
	client := acctest.ClientWithEndpoints(t, gapEndpoints)
	ouID := workloadsOU(t, client, name)
	emergencyPolicy := emergencyPolicy(t, client, name)

	endpoints := map[string]config.Variable{}
	for _, k := range awsclient.EndpointKeys() {
		ep := endpoint
		if g, ok := gapEndpoints[k]; ok {
			ep = g
		}
		endpoints[k] = config.StringVariable(ep)
	}
	vars := config.Variables{
		"endpoints":                           config.MapVariable(endpoints),
		"name":                                config.StringVariable(name),
		"log_archive_bucket":                  config.StringVariable(bucket),
		"kms_administrator_arns":              config.ListVariable(config.StringVariable("arn:aws:iam::" + acctest.MotoAccountID + ":role/commshield-deployer")),
		"object_lock_mode":                    config.StringVariable("GOVERNANCE"),
		"object_lock_retention_days":          config.IntegerVariable(1),
		"retain_log_groups_on_destroy":        config.BoolVariable(false),
		"restore_account_defaults_on_destroy": config.BoolVariable(true),
		"guardrail_target_ids":                config.ListVariable(config.StringVariable(ouID)),
		"break_glass_policy_arns":             config.ListVariable(config.StringVariable(emergencyPolicy)),
	}

	var applyStarted time.Time
	creates := make([]plancheck.PlanCheck, 0, len(allResources)+2)
	for _, addr := range allResources {
		creates = append(creates, plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate))
	}
	creates = append(creates,
		// The only departure from the example's defaults that a rule sees:
		// the test archive locks versions for 1 day (GOVERNANCE) so that it
		// can be cleaned up.
		rulePackPasses{extraParams: map[string]any{"min_lock_days": 1}, logf: t.Logf},
		startClock{&applyStarted},
	)
	// The example has its own provider blocks, so terraform-plugin-testing
	// wants the in-process provider on every step rather than on the case.
	providers := acctest.ProtoV6ProviderFactories
	resource.Test(t, resource.TestCase{
		PreCheck: func() { acctest.PreCheck(t) },
		// provider::commshield::cidr_is_public in variables.tf.
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		CheckDestroy:           checkLandingZoneDestroyed(client, name, bucket),
		Steps: []resource.TestStep{
			{
				ProtoV6ProviderFactories: providers,
				ConfigDirectory:          config.StaticDirectory(dir),
				ConfigVariables:          vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             creates,
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(archiveAddr, tfjsonpath.New("versioning_status"), knownvalue.StringExact("Enabled")),
					statecheck.ExpectKnownValue(trailAddr, tfjsonpath.New("is_logging"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(vpcAddr, tfjsonpath.New("flow_log_destination_arn"), knownvalue.StringExact("arn:aws:s3:::"+bucket)),
					statecheck.ExpectKnownValue(vpcAddr, tfjsonpath.New("default_security_group_rule_count"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(baselineAddr, tfjsonpath.New("config_delivery_bucket"), knownvalue.StringExact(bucket)),
					statecheck.ExpectKnownValue(alertsAddr, tfjsonpath.New("all_rules_delivering"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(breakGlassAddr, tfjsonpath.New("max_session_duration"), knownvalue.Int64Exact(3600)),
					statecheck.ExpectKnownOutputValue("posture", knownvalue.MapPartial(map[string]knownvalue.Check{
						// LOG-01 is judged on the live account, not just
						// present: the landing zone's own VPC has flow logs,
						// but moto's default VPC has none (see
						// postureCompliant), and one VPC without flow logs
						// makes the control non-compliant.
						"LOG-01": knownvalue.StringExact("non_compliant"),
					})),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					func(*terraform.State) error {
						t.Logf("landing zone: terraform apply of %d resources against moto took %s", len(allResources), time.Since(applyStarted).Round(time.Millisecond))
						return nil
					},
					checkWiredTogether(client, name, bucket),
					checkHardeningWired(client, ouID),
					checkPostureSeesLandingZone(t),
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

// emergencyPolicy creates the customer-managed policy the break-glass role
// gets instead of AdministratorAccess: moto does not load AWS managed
// policies. Deleted when the test ends (after destroy detached it).
func emergencyPolicy(t *testing.T, client *awsclient.Client, name string) string {
	t.Helper()
	ctx := context.Background()
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cloudtrail:*","logs:*","ec2:*"],"Resource":"*"}]}`
	out, err := client.IAM().CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String(name + "-emergency"), PolicyDocument: aws.String(doc)})
	if err != nil {
		t.Fatalf("creating the emergency policy: %v", err)
	}
	arn := aws.ToString(out.Policy.Arn)
	t.Cleanup(func() {
		if _, err := client.IAM().DeletePolicy(context.Background(), &iam.DeletePolicyInput{PolicyArn: aws.String(arn)}); err != nil {
			t.Logf("deleting %s: %v", arn, err)
		}
	})
	return arn
}

// postureCompliant are the checks of commshield_account_posture that the
// landing zone itself makes compliant: read after apply (the data source
// depends on the baseline, trail and VPC), they show the account as built.
// Not listed: vpc_flow_logs (moto's default VPC has no flow log, as in a
// real account that keeps its default VPC) and root_mfa (moto's root has
// none).
var postureCompliant = []string{
	"cloudtrail_multi_region_logging", "guardduty_enabled", "securityhub_standards", "config_recorder",
	"password_policy", "ebs_default_encryption", "s3_account_public_access_block",
}

// checkPostureSeesLandingZone reads the example's posture_checks output.
func checkPostureSeesLandingZone(t *testing.T) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		out, ok := s.RootModule().Outputs["posture_checks"]
		if !ok {
			return errors.New("no posture_checks output")
		}
		statuses, ok := out.Value.(map[string]any)
		if !ok {
			return fmt.Errorf("posture_checks is %T, want a map", out.Value)
		}
		t.Logf("posture after apply: %v", statuses)
		var wrong []string
		for _, id := range postureCompliant {
			if statuses[id] != "compliant" {
				wrong = append(wrong, fmt.Sprintf("%s=%v", id, statuses[id]))
			}
		}
		if len(wrong) > 0 {
			return fmt.Errorf("posture does not see what the landing zone built: %s", strings.Join(wrong, ", "))
		}
		return nil
	}
}

// workloadsOU makes moto's account an organization management account with
// service control policies enabled, and creates the OU of the workload
// accounts that the guardrail policy is attached to (as an organization's
// management account would have it before this landing zone runs).
func workloadsOU(t *testing.T, client *awsclient.Client, name string) string {
	t.Helper()
	ctx := context.Background()
	conn := client.Organizations()
	_, err := conn.CreateOrganization(ctx, &awsorgs.CreateOrganizationInput{FeatureSet: orgtypes.OrganizationFeatureSetAll})
	if err != nil && !awsclient.HasErrorCode(err, "AlreadyInOrganizationException") {
		t.Fatalf("creating the organization: %v", err)
	}
	roots, err := conn.ListRoots(ctx, &awsorgs.ListRootsInput{})
	if err != nil || len(roots.Roots) == 0 {
		t.Fatalf("listing roots: %v", err)
	}
	rootID := aws.ToString(roots.Roots[0].Id)
	_, err = conn.EnablePolicyType(ctx, &awsorgs.EnablePolicyTypeInput{RootId: aws.String(rootID), PolicyType: orgtypes.PolicyTypeServiceControlPolicy})
	if err != nil && !awsclient.HasErrorCode(err, "PolicyTypeAlreadyEnabledException") {
		t.Fatalf("enabling SCPs: %v", err)
	}
	ou, err := conn.CreateOrganizationalUnit(ctx, &awsorgs.CreateOrganizationalUnitInput{ParentId: aws.String(rootID), Name: aws.String(name + "-workloads")})
	if err != nil {
		t.Fatalf("creating the workloads OU: %v", err)
	}
	return aws.ToString(ou.OrganizationalUnit.Id)
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
		if err != nil {
			return fmt.Errorf("describing trail %s-audit: %w", name, err)
		}
		if len(trails.TrailList) != 1 {
			return fmt.Errorf("describing trail %s-audit: %d trails, want 1", name, len(trails.TrailList))
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
		if !slices.ContainsFunc(fls.FlowLogs, func(fl ec2types.FlowLog) bool {
			return fl.LogDestinationType == ec2types.LogDestinationTypeS3 && aws.ToString(fl.LogDestination) == "arn:aws:s3:::"+bucket &&
				fl.TrafficType == ec2types.TrafficTypeAll && aws.ToInt32(fl.MaxAggregationInterval) == 60
		}) {
			return fmt.Errorf("VPC %s has no flow log (ALL, 60 s) into the archive %s: %+v", vpcID, bucket, fls.FlowLogs)
		}

		// The baseline: AWS Config delivers to the archive, new EBS volumes
		// are encrypted with the landing zone's EBS key, GuardDuty runs.
		channels, err := client.ConfigService().DescribeDeliveryChannels(ctx, &configservice.DescribeDeliveryChannelsInput{})
		if err != nil {
			return fmt.Errorf("describing Config delivery channels: %w", err)
		}
		if !slices.ContainsFunc(channels.DeliveryChannels, func(c cfgtypes.DeliveryChannel) bool { return aws.ToString(c.S3BucketName) == bucket }) {
			return fmt.Errorf("no AWS Config delivery channel into the archive %s: %+v", bucket, channels.DeliveryChannels)
		}
		ebsKeyARN := s.RootModule().Resources[ebsKeyAddr].Primary.Attributes["arn"]
		on, err := client.EC2().GetEbsEncryptionByDefault(ctx, &awsec2.GetEbsEncryptionByDefaultInput{})
		if err != nil {
			return fmt.Errorf("reading EBS encryption by default: %w", err)
		}
		if !aws.ToBool(on.EbsEncryptionByDefault) {
			return fmt.Errorf("EBS encryption by default is not on")
		}
		ebsKey, err := client.EC2().GetEbsDefaultKmsKeyId(ctx, &awsec2.GetEbsDefaultKmsKeyIdInput{})
		if err != nil {
			return fmt.Errorf("reading the EBS default key: %w", err)
		}
		if aws.ToString(ebsKey.KmsKeyId) != ebsKeyARN {
			return fmt.Errorf("EBS default key is %q, want the landing zone's EBS key %s", aws.ToString(ebsKey.KmsKeyId), ebsKeyARN)
		}
		detectorID := s.RootModule().Resources[baselineAddr].Primary.Attributes["guardduty_detector_id"]
		if _, err := client.GuardDuty().GetDetector(ctx, &guardduty.GetDetectorInput{DetectorId: aws.String(detectorID)}); err != nil {
			return fmt.Errorf("GuardDuty detector %q of the baseline: %w", detectorID, err)
		}
		// The Config rules evaluate with the baseline's recorder: the
		// flow-log rule is one of the deployed managed rules.
		rules, err := client.ConfigService().DescribeConfigRules(ctx, &configservice.DescribeConfigRulesInput{ConfigRuleNames: []string{name + "-vpc-flow-logs-enabled"}})
		if err != nil {
			return fmt.Errorf("describing Config rule %s-vpc-flow-logs-enabled: %w", name, err)
		}
		if len(rules.ConfigRules) != 1 || aws.ToString(rules.ConfigRules[0].Source.SourceIdentifier) != "VPC_FLOW_LOGS_ENABLED" {
			return fmt.Errorf("Config rule %s-vpc-flow-logs-enabled not deployed as VPC_FLOW_LOGS_ENABLED: %+v", name, rules.ConfigRules)
		}
		return nil
	}
}

// checkHardeningWired: the management security group sits in the VPC and
// admits only the NOC network, and the guardrail SCP is attached to the
// workloads OU.
func checkHardeningWired(client *awsclient.Client, ouID string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		ctx := context.Background()
		vpcID := s.RootModule().Resources[vpcAddr].Primary.Attributes["vpc_id"]
		sgID := s.RootModule().Resources[mgmtAccessAddr].Primary.Attributes["id"]
		sgs, err := client.EC2().DescribeSecurityGroups(ctx, &awsec2.DescribeSecurityGroupsInput{GroupIds: []string{sgID}})
		if err != nil {
			return fmt.Errorf("describing the management security group %s: %w", sgID, err)
		}
		if len(sgs.SecurityGroups) != 1 {
			return fmt.Errorf("management security group %s: %d groups found, want 1", sgID, len(sgs.SecurityGroups))
		}
		sg := sgs.SecurityGroups[0]
		if aws.ToString(sg.VpcId) != vpcID {
			return fmt.Errorf("management security group %s is in %s, not in the landing zone's VPC %s", sgID, aws.ToString(sg.VpcId), vpcID)
		}
		for _, perm := range sg.IpPermissions {
			for _, r := range perm.IpRanges {
				if aws.ToString(r.CidrIp) != "192.168.10.0/24" {
					return fmt.Errorf("management security group admits %s on port %d; only the NOC network 192.168.10.0/24 may", aws.ToString(r.CidrIp), aws.ToInt32(perm.FromPort))
				}
			}
		}
		if len(sg.IpPermissions) == 0 {
			return fmt.Errorf("management security group %s admits nothing", sgID)
		}
		policyID := s.RootModule().Resources[guardrailAddr].Primary.Attributes["id"]
		attached, err := client.Organizations().ListPoliciesForTarget(ctx, &awsorgs.ListPoliciesForTargetInput{TargetId: aws.String(ouID), Filter: orgtypes.PolicyTypeServiceControlPolicy})
		if err != nil {
			return fmt.Errorf("listing the SCPs of OU %s: %w", ouID, err)
		}
		if !slices.ContainsFunc(attached.Policies, func(p orgtypes.PolicySummary) bool { return aws.ToString(p.Id) == policyID }) {
			return fmt.Errorf("guardrail policy %s is not attached to the workloads OU %s", policyID, ouID)
		}
		return nil
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
		if _, err := client.IAM().GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(name + "-break-glass")}); err == nil {
			problems = append(problems, "break-glass role "+name+"-break-glass still exists")
		}
		sgs, err := client.EC2().DescribeSecurityGroups(ctx, &awsec2.DescribeSecurityGroupsInput{Filters: []ec2types.Filter{{Name: aws.String("group-name"), Values: []string{name + "-oob-management"}}}})
		if err == nil && len(sgs.SecurityGroups) > 0 {
			problems = append(problems, "management security group "+name+"-oob-management still exists")
		}
		rules, err := client.ConfigService().DescribeConfigRules(ctx, &configservice.DescribeConfigRulesInput{})
		if err == nil && slices.ContainsFunc(rules.ConfigRules, func(r cfgtypes.ConfigRule) bool { return strings.HasPrefix(aws.ToString(r.ConfigRuleName), name+"-") }) {
			problems = append(problems, "Config rules "+name+"-* still exist")
		}
		policies, err := client.Organizations().ListPolicies(ctx, &awsorgs.ListPoliciesInput{Filter: orgtypes.PolicyTypeServiceControlPolicy})
		if err == nil && slices.ContainsFunc(policies.Policies, func(p orgtypes.PolicySummary) bool { return aws.ToString(p.Name) == name+"-guardrails" }) {
			problems = append(problems, "guardrail policy "+name+"-guardrails still exists")
		}
		// restore_account_defaults_on_destroy = true: the account's
		// switches are back at the AWS defaults.
		if _, err := client.IAM().GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{}); err == nil {
			problems = append(problems, "the baseline's password policy is still set")
		}
		if on, err := client.EC2().GetEbsEncryptionByDefault(ctx, &awsec2.GetEbsEncryptionByDefaultInput{}); err == nil && aws.ToBool(on.EbsEncryptionByDefault) {
			problems = append(problems, "EBS encryption by default is still on")
		}
		if len(problems) > 0 {
			return errors.New(strings.Join(problems, "; "))
		}
		return nil
	}
}

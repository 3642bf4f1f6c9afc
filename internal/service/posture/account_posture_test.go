package posture_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	gdtypes "github.com/aws/aws-sdk-go-v2/service/guardduty/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	s3ctypes "github.com/aws/aws-sdk-go-v2/service/s3control/types"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	shtypes "github.com/aws/aws-sdk-go-v2/service/securityhub/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/commshield/terraform-provider-commshield/internal/acctest"
)

// This package has its own moto (one per test binary): the posture reads
// account-wide singletons (password policy, EBS default, Security Hub) that
// other packages' tests must not see or disturb.
func TestMain(m *testing.M) { acctest.Run(m) }

const fsbpARN = "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0"

// accountState is what seedAccount built, for evidence checks.
type accountState struct {
	loggedVPC, unloggedVPC, ebsKeyARN, consoleUser, keyUser string
}

// seedAccount builds, through the SDK, an account where some controls pass
// and some fail:
//
//	pass: multi-region trail logging; GuardDuty with every protection plan;
//	      Security Hub with the foundational standard (through the gap
//	      server); EBS default encryption with a customer key; account S3
//	      public access block; no root access keys.
//	fail: a VPC without flow log (next to one with); weak password policy;
//	      no Config recorder; a console user without MFA; (with a 0-day
//	      limit) an access key "too old"; root without MFA (moto's summary).
func seedAccount(t *testing.T, gap *acctest.GapServer, st *accountState) {
	t.Helper()
	ctx := context.Background()
	c := acctest.ClientWithEndpoints(t, map[string]string{"ec2": gap.EC2URL(), "securityhub": gap.SecurityHubURL()})
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("seeding the account: %s: %v", what, err)
		}
	}

	for _, v := range []*string{&st.loggedVPC, &st.unloggedVPC} {
		out, err := c.EC2().CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.20.0.0/16")})
		must("CreateVpc", err)
		*v = aws.ToString(out.Vpc.VpcId)
	}
	fl, err := c.EC2().CreateFlowLogs(ctx, &ec2.CreateFlowLogsInput{
		ResourceIds: []string{st.loggedVPC}, ResourceType: ec2types.FlowLogsResourceTypeVpc, TrafficType: ec2types.TrafficTypeAll,
		LogDestinationType: ec2types.LogDestinationTypeCloudWatchLogs, LogGroupName: aws.String(acctest.RandomName("flow")),
		DeliverLogsPermissionArn: aws.String("arn:aws:iam::" + acctest.MotoAccountID + ":role/flow-logs"),
	})
	must("CreateFlowLogs", err)
	if len(fl.Unsuccessful) > 0 {
		t.Fatalf("CreateFlowLogs: unsuccessful %v", fl.Unsuccessful)
	}

	bucket := acctest.RandomName("trail")
	_, err = c.S3().CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)})
	must("CreateBucket", err)
	trail := acctest.RandomName("trail")
	_, err = c.CloudTrail().CreateTrail(ctx, &cloudtrail.CreateTrailInput{Name: aws.String(trail), S3BucketName: aws.String(bucket), IsMultiRegionTrail: aws.Bool(true)})
	must("CreateTrail", err)
	_, err = c.CloudTrail().StartLogging(ctx, &cloudtrail.StartLoggingInput{Name: aws.String(trail)})
	must("StartLogging", err)

	var features []gdtypes.DetectorFeatureConfiguration
	for _, f := range []gdtypes.DetectorFeature{gdtypes.DetectorFeatureS3DataEvents, gdtypes.DetectorFeatureEksAuditLogs, gdtypes.DetectorFeatureRuntimeMonitoring, gdtypes.DetectorFeatureEbsMalwareProtection} {
		features = append(features, gdtypes.DetectorFeatureConfiguration{Name: f, Status: gdtypes.FeatureStatusEnabled})
	}
	_, err = c.GuardDuty().CreateDetector(ctx, &guardduty.CreateDetectorInput{Enable: aws.Bool(true), FindingPublishingFrequency: gdtypes.FindingPublishingFrequencyFifteenMinutes, Features: features})
	must("CreateDetector", err)

	_, err = c.SecurityHub().EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{EnableDefaultStandards: aws.Bool(false)})
	must("EnableSecurityHub (moto)", err)
	_, err = c.SecurityHub().BatchEnableStandards(ctx, &securityhub.BatchEnableStandardsInput{
		StandardsSubscriptionRequests: []shtypes.StandardsSubscriptionRequest{{StandardsArn: aws.String(fsbpARN)}},
	})
	must("BatchEnableStandards (gap server)", err)

	_, err = c.IAM().UpdateAccountPasswordPolicy(ctx, &iam.UpdateAccountPasswordPolicyInput{MinimumPasswordLength: aws.Int32(8)})
	must("UpdateAccountPasswordPolicy", err)

	_, err = c.EC2().EnableEbsEncryptionByDefault(ctx, &ec2.EnableEbsEncryptionByDefaultInput{})
	must("EnableEbsEncryptionByDefault", err)
	key, err := c.KMS().CreateKey(ctx, &kms.CreateKeyInput{Description: aws.String("posture acctest EBS default key")})
	must("CreateKey", err)
	st.ebsKeyARN = aws.ToString(key.KeyMetadata.Arn)
	_, err = c.EC2().ModifyEbsDefaultKmsKeyId(ctx, &ec2.ModifyEbsDefaultKmsKeyIdInput{KmsKeyId: aws.String(st.ebsKeyARN)})
	must("ModifyEbsDefaultKmsKeyId (gap server)", err)

	_, err = c.S3Control().PutPublicAccessBlock(ctx, &s3control.PutPublicAccessBlockInput{
		AccountId: aws.String(acctest.MotoAccountID),
		PublicAccessBlockConfiguration: &s3ctypes.PublicAccessBlockConfiguration{
			BlockPublicAcls: aws.Bool(true), IgnorePublicAcls: aws.Bool(true), BlockPublicPolicy: aws.Bool(true), RestrictPublicBuckets: aws.Bool(true),
		},
	})
	must("PutPublicAccessBlock (account)", err)

	st.consoleUser = acctest.RandomName("console")
	_, err = c.IAM().CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String(st.consoleUser)})
	must("CreateUser", err)
	_, err = c.IAM().CreateLoginProfile(ctx, &iam.CreateLoginProfileInput{UserName: aws.String(st.consoleUser), Password: aws.String("Correct-Horse-Battery-9")})
	must("CreateLoginProfile", err)
	st.keyUser = acctest.RandomName("keys")
	_, err = c.IAM().CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String(st.keyUser)})
	must("CreateUser", err)
	_, err = c.IAM().CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String(st.keyUser)})
	must("CreateAccessKey", err)
}

func TestAccAccountPosture(t *testing.T) {
	gap := acctest.StartGapServer(t)
	var st accountState
	const name = "data.commshield_account_posture.this"
	evidence := func(address, check string, want func() string) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			idx := map[string]int{
				"vpc_flow_logs": 1, "ebs_default_encryption": 6, "console_users_mfa": 10, "securityhub_standards": 3,
			}[check]
			return resource.TestCheckTypeSetElemAttr(address, fmt.Sprintf("checks.%d.evidence.*", idx), want())(s)
		}
	}
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			PreConfig: func() { seedAccount(t, gap, &st) },
			Config: acctest.ConfigCompose(
				acctest.ProviderConfigWithEndpoints(t, "", map[string]string{"ec2": gap.EC2URL(), "securityhub": gap.SecurityHubURL()}),
				`
data "commshield_account_posture" "this" {
  access_key_max_age_days = 0
}
data "commshield_account_posture" "default_age" {}
output "status"        { value = { for c in data.commshield_account_posture.this.checks : c.id => c.status } }
output "controls"      { value = { for c in data.commshield_account_posture.this.controls : c.control_id => c.status } }
output "flow_rule"     { value = data.commshield_account_posture.this.checks[1] }
output "key_age"       { value = one([for c in data.commshield_account_posture.default_age.checks : c.status if c.id == "access_key_age"]) }
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("status", knownvalue.MapExact(map[string]knownvalue.Check{
					"cloudtrail_multi_region_logging": knownvalue.StringExact("compliant"),
					"vpc_flow_logs":                   knownvalue.StringExact("non_compliant"),
					"guardduty_enabled":               knownvalue.StringExact("compliant"),
					"securityhub_standards":           knownvalue.StringExact("compliant"),
					"config_recorder":                 knownvalue.StringExact("non_compliant"),
					"password_policy":                 knownvalue.StringExact("non_compliant"),
					"ebs_default_encryption":          knownvalue.StringExact("compliant"),
					"s3_account_public_access_block":  knownvalue.StringExact("compliant"),
					"root_access_keys":                knownvalue.StringExact("compliant"),
					"root_mfa":                        knownvalue.StringExact("non_compliant"),
					"console_users_mfa":               knownvalue.StringExact("non_compliant"),
					"access_key_age":                  knownvalue.StringExact("non_compliant"),
				})),
				// Same control IDs and rule metadata as `check`.
				statecheck.ExpectKnownOutputValue("flow_rule", knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"id":                    knownvalue.StringExact("vpc_flow_logs"),
					"rule_id":               knownvalue.StringExact("LOG-R01"),
					"control_ids":           knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("LOG-01"), knownvalue.StringExact("NET-07")}),
					"aws_config_rules":      knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("vpc-flow-logs-enabled")}),
					"security_hub_controls": knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("EC2.6")}),
				})),
				statecheck.ExpectKnownOutputValue("controls", knownvalue.MapPartial(map[string]knownvalue.Check{
					"LOG-01": knownvalue.StringExact("non_compliant"), // flow logs
					"LOG-07": knownvalue.StringExact("compliant"),     // Security Hub
					"LOG-10": knownvalue.StringExact("non_compliant"), // Config recorder
					"IAM-03": knownvalue.StringExact("non_compliant"), // password policy
					"IAM-05": knownvalue.StringExact("non_compliant"), // console user without MFA
					"CRY-X1": knownvalue.StringExact("compliant"),     // EBS default encryption
					"NET-02": knownvalue.StringExact("compliant"),     // account public access block
				})),
				statecheck.ExpectKnownOutputValue("key_age", knownvalue.StringExact("compliant")),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				evidence(name, "vpc_flow_logs", func() string { return st.unloggedVPC + ": no flow log" }),
				evidence(name, "ebs_default_encryption", func() string { return "default KMS key: " + st.ebsKeyARN }),
				evidence(name, "console_users_mfa", func() string { return "1 of 1 console user(s) have no MFA device: " + st.consoleUser }),
				evidence(name, "securityhub_standards", func() string { return "standard enabled: " + fsbpARN + " (READY)" }),
				resource.TestCheckResourceAttr(name, "id", acctest.MotoAccountID+"/"+acctest.Region),
			),
		}, {
			// Security Hub denied: its check is unknown, with the error as
			// evidence, and the rest of the read still succeeds. (A separate
			// step, not a provider alias: the in-process provider server is
			// configured once per step, so aliases would share one client.)
			Config: acctest.ConfigCompose(
				acctest.ProviderConfigWithEndpoints(t, "", map[string]string{"ec2": gap.EC2URL(), "securityhub": gap.SecurityHubDeniedURL()}),
				`
data "commshield_account_posture" "denied" {}
output "denied_status"  { value = { for c in data.commshield_account_posture.denied.checks : c.id => c.status } }
output "denied_hub"     { value = one([for c in data.commshield_account_posture.denied.checks : c if c.id == "securityhub_standards"]) }
output "denied_control" { value = one([for c in data.commshield_account_posture.denied.controls : c.status if c.control_id == "LOG-07"]) }
`),
			ConfigStateChecks: []statecheck.StateCheck{
				// A denied API is unknown, with the error as evidence, and
				// the rest of the read still succeeds.
				statecheck.ExpectKnownOutputValue("denied_hub", knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"status": knownvalue.StringExact("unknown"),
					"evidence": knownvalue.ListPartial(map[int]knownvalue.Check{
						0: knownvalue.StringRegexp(regexpMust(`securityhub:DescribeHub failed.*AccessDeniedException`)),
					}),
				})),
				statecheck.ExpectKnownOutputValue("denied_control", knownvalue.StringExact("unknown")),
				statecheck.ExpectKnownOutputValue("denied_status", knownvalue.MapPartial(map[string]knownvalue.Check{
					"ebs_default_encryption": knownvalue.StringExact("compliant"),
					"password_policy":        knownvalue.StringExact("non_compliant"),
				})),
			},
		}},
	})
}

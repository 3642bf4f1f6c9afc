package baseline_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	gdtypes "github.com/aws/aws-sdk-go-v2/service/guardduty/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	s3ctypes "github.com/aws/aws-sdk-go-v2/service/s3control/types"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/commshield/terraform-provider-commshield/internal/acctest"
	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
	"github.com/commshield/terraform-provider-commshield/internal/service/baseline"
)

// The baseline changes account-wide state, so this package has its own moto
// (one per test binary) and its tests run one after another.
func TestMain(m *testing.M) { acctest.Run(m) }

const resName = "commshield_account_baseline.test"

func keyARN(n int) string {
	return fmt.Sprintf("arn:aws:kms:%s:%s:key/0000000%d-aaaa-bbbb-cccc-111111111111", acctest.Region, acctest.MotoAccountID, n)
}

func config(t *testing.T, gap *acctest.GapServer, body string) string {
	return acctest.ConfigCompose(
		acctest.ProviderConfigWithEndpoints(t, "", map[string]string{"ec2": gap.EC2URL(), "securityhub": gap.SecurityHubURL(), "accessanalyzer": gap.AccessAnalyzerURL()}),
		"resource \"commshield_account_baseline\" \"test\" {\n"+withConfigBucket(body)+"\n}\n")
}

const configBucket = "cs-acc-config-archive"

// withConfigBucket adds the Config delivery bucket unless the body sets
// config attributes itself.
func withConfigBucket(body string) string {
	if strings.Contains(body, "config_") {
		return body
	}
	return body + "\nconfig_delivery_bucket = \"" + configBucket + "\""
}

func gapClient(t *testing.T, gap *acctest.GapServer) *awsclient.Client {
	return acctest.ClientWithEndpoints(t, map[string]string{"ec2": gap.EC2URL(), "securityhub": gap.SecurityHubURL(), "accessanalyzer": gap.AccessAnalyzerURL()})
}

// checkIMDSHopLimit checks the account's IMDS defaults: tokens required
// with hop limit want.
func checkIMDSHopLimit(t *testing.T, gap *acctest.GapServer, want int32) resource.TestCheckFunc {
	return func(*terraform.State) error {
		imds, err := gapClient(t, gap).EC2().GetInstanceMetadataDefaults(context.Background(), &ec2.GetInstanceMetadataDefaultsInput{})
		if err != nil {
			return fmt.Errorf("reading IMDS account defaults: %w", err)
		}
		if imds.AccountLevel == nil || imds.AccountLevel.HttpTokens != ec2types.HttpTokensStateRequired ||
			aws.ToInt32(imds.AccountLevel.HttpPutResponseHopLimit) != want {
			return fmt.Errorf("IMDS account default is %+v; want tokens required, hop limit %d", imds.AccountLevel, want)
		}
		return nil
	}
}

func TestAccAccountBaseline_lifecycle(t *testing.T) {
	gap := acctest.StartGapServer(t)
	ctx := context.Background()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		PreCheck:                 func() { acctest.PreCheck(t) },
		CheckDestroy: func(*terraform.State) error {
			// Default delete leaves the protections on.
			c := gapClient(t, gap)
			on, err := c.EC2().GetEbsEncryptionByDefault(ctx, &ec2.GetEbsEncryptionByDefaultInput{})
			if err != nil {
				return err
			}
			if !aws.ToBool(on.EbsEncryptionByDefault) {
				return fmt.Errorf("destroy without restore_defaults_on_destroy turned EBS encryption by default off")
			}
			if _, err := c.IAM().GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{}); err != nil {
				return fmt.Errorf("destroy without restore_defaults_on_destroy removed the password policy: %w", err)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: config(t, gap, fmt.Sprintf("ebs_default_kms_key_arn = %q", keyARN(1))),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(resName, "id", acctest.MotoAccountID),
					resource.TestCheckResourceAttr(resName, "ebs_encryption_enabled", "true"),
					resource.TestCheckResourceAttr(resName, "ebs_default_kms_key_arn", keyARN(1)),
					resource.TestCheckResourceAttr(resName, "s3_public_access_block_enabled", "true"),
					resource.TestCheckResourceAttr(resName, "password_minimum_length", "14"),
					resource.TestCheckResourceAttr(resName, "imdsv2_required_enabled", "true"),
					resource.TestCheckResourceAttr(resName, "imdsv2_hop_limit", "1"),
					checkIMDSHopLimit(t, gap, 1),
					resource.TestCheckResourceAttr(resName, "guardduty_enabled", "true"),
					resource.TestCheckResourceAttrSet(resName, "guardduty_detector_id"),
					resource.TestCheckResourceAttr(resName, "security_hub_enabled", "true"),
					resource.TestCheckResourceAttr(resName, "config_recorder_enabled", "true"),
					resource.TestCheckResourceAttr(resName, "config_delivery_bucket", configBucket),
					resource.TestCheckResourceAttr(resName, "access_analyzer_enabled", "true"),
					resource.TestCheckResourceAttr(resName, "access_analyzer_arn", "arn:aws:access-analyzer:"+acctest.Region+":"+acctest.MotoAccountID+":analyzer/"+baseline.DefaultAccessAnalyzerName),
					resource.TestCheckTypeSetElemAttr(resName, "security_hub_standards.*", "cis-aws-foundations-benchmark/v/1.4.0"),
					resource.TestCheckTypeSetElemAttr(resName, "security_hub_standards.*", "aws-foundational-security-best-practices/v/1.0.0"),
					func(*terraform.State) error {
						c := gapClient(t, gap)
						imds, err := c.EC2().GetInstanceMetadataDefaults(ctx, &ec2.GetInstanceMetadataDefaultsInput{})
						if err != nil {
							return fmt.Errorf("reading IMDS account defaults: %w", err)
						}
						if imds.AccountLevel.HttpTokens != ec2types.HttpTokensStateRequired {
							return fmt.Errorf("IMDSv2 not the account default: %+v", imds.AccountLevel)
						}
						id, err := baseline.FindGuardDutyDetectorID(ctx, c)
						if err != nil {
							return fmt.Errorf("finding the GuardDuty detector: %w", err)
						}
						if id == "" {
							return fmt.Errorf("no GuardDuty detector")
						}
						d, err := c.GuardDuty().GetDetector(ctx, &guardduty.GetDetectorInput{DetectorId: aws.String(id)})
						if err != nil {
							return fmt.Errorf("reading GuardDuty detector %s: %w", id, err)
						}
						if d.FindingPublishingFrequency != gdtypes.FindingPublishingFrequencyFifteenMinutes || len(d.Features) != len(baseline.GuardDutyFeatures) {
							return fmt.Errorf("detector not as the baseline wants: %+v", d)
						}
						on, err := baseline.FindAccountPublicAccessBlockFullyOn(ctx, c)
						if err != nil {
							return fmt.Errorf("reading the account public access block: %w", err)
						}
						if !on {
							return fmt.Errorf("account public access block not fully on")
						}
						p, err := c.IAM().GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{})
						if err != nil {
							return err
						}
						if aws.ToInt32(p.PasswordPolicy.PasswordReusePrevention) != 24 || !p.PasswordPolicy.RequireSymbols || aws.ToInt32(p.PasswordPolicy.MaxPasswordAge) != 90 {
							return fmt.Errorf("password policy not as configured: %+v", p.PasswordPolicy)
						}
						return nil
					},
				),
			},
			{
				ResourceName: resName, ImportState: true, ImportStateId: acctest.MotoAccountID, ImportStateVerify: true,
			},
			{
				// update: new key, longer passwords, shorter max age
				Config:           config(t, gap, fmt.Sprintf("ebs_default_kms_key_arn = %q\npassword_minimum_length = 20\npassword_max_age_days = 60\nimdsv2_hop_limit = 2", keyARN(2))),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resName, plancheck.ResourceActionUpdate)}},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(resName, "ebs_default_kms_key_arn", keyARN(2)),
					resource.TestCheckResourceAttr(resName, "password_minimum_length", "20"),
					resource.TestCheckResourceAttr(resName, "password_max_age_days", "60"),
					resource.TestCheckResourceAttr(resName, "imdsv2_hop_limit", "2"),
					checkIMDSHopLimit(t, gap, 2),
				),
			},
			{
				// drift: EBS default encryption off and the password policy weakened → diff, apply restores
				PreConfig: func() {
					c := gapClient(t, gap)
					if _, err := c.EC2().DisableEbsEncryptionByDefault(ctx, &ec2.DisableEbsEncryptionByDefaultInput{}); err != nil {
						t.Fatal(err)
					}
					if _, err := c.IAM().UpdateAccountPasswordPolicy(ctx, &iam.UpdateAccountPasswordPolicyInput{MinimumPasswordLength: aws.Int32(8)}); err != nil {
						t.Fatal(err)
					}
					if _, err := c.EC2().ModifyInstanceMetadataDefaults(ctx, &ec2.ModifyInstanceMetadataDefaultsInput{
						HttpTokens: ec2types.MetadataDefaultHttpTokensStateOptional, HttpPutResponseHopLimit: aws.Int32(5),
					}); err != nil {
						t.Fatal(err)
					}
					id, err := baseline.FindGuardDutyDetectorID(ctx, c)
					if err != nil {
						t.Fatal(err)
					}
					if _, err := c.ConfigService().StopConfigurationRecorder(ctx, &configservice.StopConfigurationRecorderInput{ConfigurationRecorderName: aws.String("default")}); err != nil {
						t.Fatal(err)
					}
					if _, err := c.AccessAnalyzer().DeleteAnalyzer(ctx, &accessanalyzer.DeleteAnalyzerInput{AnalyzerName: aws.String(baseline.DefaultAccessAnalyzerName)}); err != nil {
						t.Fatal(err)
					}
					cis := "arn:aws:securityhub:" + acctest.Region + ":" + acctest.MotoAccountID + ":subscription/cis-aws-foundations-benchmark/v/1.4.0"
					if _, err := c.SecurityHub().BatchDisableStandards(ctx, &securityhub.BatchDisableStandardsInput{StandardsSubscriptionArns: []string{cis}}); err != nil {
						t.Fatal(err)
					}
					if _, err := c.GuardDuty().DeleteDetector(ctx, &guardduty.DeleteDetectorInput{DetectorId: aws.String(id)}); err != nil {
						t.Fatal(err)
					}
				},
				Config:           config(t, gap, fmt.Sprintf("ebs_default_kms_key_arn = %q\npassword_minimum_length = 20\npassword_max_age_days = 60\nimdsv2_hop_limit = 2", keyARN(2))),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resName, plancheck.ResourceActionUpdate)}},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(resName, "ebs_encryption_enabled", "true"),
					resource.TestCheckResourceAttr(resName, "password_policy_enabled", "true"),
					resource.TestCheckResourceAttr(resName, "password_minimum_length", "20"),
					resource.TestCheckResourceAttr(resName, "imdsv2_required_enabled", "true"),
					resource.TestCheckResourceAttr(resName, "imdsv2_hop_limit", "2"),
					checkIMDSHopLimit(t, gap, 2),
					resource.TestCheckResourceAttr(resName, "guardduty_enabled", "true"),
					resource.TestCheckTypeSetElemAttr(resName, "security_hub_standards.*", "cis-aws-foundations-benchmark/v/1.4.0"),
					resource.TestCheckResourceAttr(resName, "config_recorder_enabled", "true"),
					resource.TestCheckResourceAttr(resName, "access_analyzer_enabled", "true"),
					func(*terraform.State) error {
						_, err := gapClient(t, gap).AccessAnalyzer().GetAnalyzer(ctx, &accessanalyzer.GetAnalyzerInput{AnalyzerName: aws.String(baseline.DefaultAccessAnalyzerName)})
						return err
					},
				),
			},
			{
				// drift, second round: public access block narrowed, password policy deleted,
				// detector publishing every six hours, recorder narrowed to one type
				PreConfig: func() {
					c := gapClient(t, gap)
					if _, err := c.S3Control().PutPublicAccessBlock(ctx, &s3control.PutPublicAccessBlockInput{AccountId: aws.String(acctest.MotoAccountID),
						PublicAccessBlockConfiguration: &s3ctypes.PublicAccessBlockConfiguration{BlockPublicAcls: aws.Bool(true)}}); err != nil {
						t.Fatal(err)
					}
					if _, err := c.IAM().DeleteAccountPasswordPolicy(ctx, &iam.DeleteAccountPasswordPolicyInput{}); err != nil {
						t.Fatal(err)
					}
					id, err := baseline.FindGuardDutyDetectorID(ctx, c)
					if err != nil {
						t.Fatal(err)
					}
					if _, err := c.GuardDuty().UpdateDetector(ctx, &guardduty.UpdateDetectorInput{DetectorId: aws.String(id), FindingPublishingFrequency: gdtypes.FindingPublishingFrequencySixHours}); err != nil {
						t.Fatal(err)
					}
				},
				Config:           config(t, gap, fmt.Sprintf("ebs_default_kms_key_arn = %q\npassword_minimum_length = 20\npassword_max_age_days = 60\nimdsv2_hop_limit = 2", keyARN(2))),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resName, plancheck.ResourceActionUpdate)}},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(resName, "s3_public_access_block_enabled", "true"),
					resource.TestCheckResourceAttr(resName, "password_policy_enabled", "true"),
					resource.TestCheckResourceAttr(resName, "guardduty_enabled", "true"),
					func(*terraform.State) error {
						c := gapClient(t, gap)
						on, err := baseline.FindAccountPublicAccessBlockFullyOn(ctx, c)
						if err != nil {
							return fmt.Errorf("reading the account public access block: %w", err)
						}
						if !on {
							return fmt.Errorf("public access block not restored")
						}
						id, err := baseline.FindGuardDutyDetectorID(ctx, c)
						if err != nil {
							return err
						}
						d, err := c.GuardDuty().GetDetector(ctx, &guardduty.GetDetectorInput{DetectorId: aws.String(id)})
						if err != nil {
							return fmt.Errorf("reading GuardDuty detector %s: %w", id, err)
						}
						if d.FindingPublishingFrequency != gdtypes.FindingPublishingFrequencyFifteenMinutes {
							return fmt.Errorf("detector frequency not restored: %s", d.FindingPublishingFrequency)
						}
						return nil
					},
				),
			},
			{
				// a part turned off with a reason is left alone
				Config: config(t, gap, fmt.Sprintf("ebs_default_kms_key_arn = %q\ns3_public_access_block_enabled = false\ns3_public_access_block_disabled_reason = \"org delegated admin manages it\"", keyARN(2))),
				Check:  resource.TestCheckResourceAttr(resName, "s3_public_access_block_enabled", "false"),
			},
		},
	})
}

func TestAccAccountBaseline_restoreDefaultsOnDestroy(t *testing.T) {
	gap := acctest.StartGapServer(t)
	ctx := context.Background()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		PreCheck:                 func() { acctest.PreCheck(t) },
		CheckDestroy: func(*terraform.State) error {
			c := gapClient(t, gap)
			on, err := c.EC2().GetEbsEncryptionByDefault(ctx, &ec2.GetEbsEncryptionByDefaultInput{})
			if err != nil {
				return err
			}
			if aws.ToBool(on.EbsEncryptionByDefault) {
				return fmt.Errorf("EBS encryption by default still on after destroy with restore_defaults_on_destroy")
			}
			if _, err := c.IAM().GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{}); !awsclient.HasErrorCode(err, "NoSuchEntity") {
				return acctest.NotGone("password policy after restore", err)
			}
			full, err := baseline.FindAccountPublicAccessBlockFullyOn(ctx, c)
			if err != nil {
				return fmt.Errorf("reading the account public access block: %w", err)
			}
			if full {
				return fmt.Errorf("account public access block still on after restore")
			}
			id, err := baseline.FindGuardDutyDetectorID(ctx, c)
			if err != nil {
				return fmt.Errorf("finding the GuardDuty detector: %w", err)
			}
			if id != "" {
				return fmt.Errorf("GuardDuty detector %q left after restore", id)
			}
			recs, err := c.ConfigService().DescribeConfigurationRecorders(ctx, &configservice.DescribeConfigurationRecordersInput{})
			if err != nil {
				return fmt.Errorf("describing Config recorders: %w", err)
			}
			if len(recs.ConfigurationRecorders) != 0 {
				return fmt.Errorf("Config recorder left after restore: %+v", recs.ConfigurationRecorders)
			}
			if _, err := c.AccessAnalyzer().GetAnalyzer(ctx, &accessanalyzer.GetAnalyzerInput{AnalyzerName: aws.String(baseline.DefaultAccessAnalyzerName)}); !awsclient.HasErrorCode(err, "ResourceNotFoundException") {
				return acctest.NotGone("access analyzer after restore", err)
			}
			if _, err := c.SecurityHub().DescribeHub(ctx, &securityhub.DescribeHubInput{}); err == nil {
				return fmt.Errorf("Security Hub still enabled after restore")
			}
			imds, err := c.EC2().GetInstanceMetadataDefaults(ctx, &ec2.GetInstanceMetadataDefaultsInput{})
			if err != nil {
				return fmt.Errorf("reading IMDS account defaults: %w", err)
			}
			if imds.AccountLevel.HttpTokens != "" {
				return fmt.Errorf("IMDS account default not back to no preference: %+v", imds.AccountLevel)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: config(t, gap, fmt.Sprintf("ebs_default_kms_key_arn = %q\nrestore_defaults_on_destroy = true", keyARN(3))),
			Check:  resource.TestCheckResourceAttr(resName, "restore_defaults_on_destroy", "true"),
		}},
	})
}

func TestAccAccountBaseline_validation(t *testing.T) {
	gap := acctest.StartGapServer(t)
	cases := map[string]struct {
		body string
		want string
	}{
		"disabled without reason":                     {`ebs_default_kms_key_arn = "` + keyARN(1) + `"` + "\npassword_policy_enabled = false", "Reason required"},
		"guardduty off without reason":                {`ebs_default_kms_key_arn = "` + keyARN(1) + `"` + "\nguardduty_enabled = false", "Reason required"},
		"bad standard name":                           {`ebs_default_kms_key_arn = "` + keyARN(1) + `"` + "\nsecurity_hub_standards = [\"arn:aws:securityhub:::ruleset/cis\"]", "must look like"},
		"config on without bucket":                    {`ebs_default_kms_key_arn = "` + keyARN(1) + `"` + "\nconfig_role_arn = \"arn:aws:iam::123456789012:role/config\"", "Delivery bucket required"},
		"config off without reason":                   {`ebs_default_kms_key_arn = "` + keyARN(1) + `"` + "\nconfig_recorder_enabled = false", "Reason required"},
		"analyzer off without reason":                 {`ebs_default_kms_key_arn = "` + keyARN(1) + `"` + "\naccess_analyzer_enabled = false", "Reason required"},
		"AWS managed key":                             {`ebs_default_kms_key_arn = "arn:aws:kms:us-east-1:123456789012:alias/aws/ebs"`, "AWS managed key refused"},
		"no customer managed key":                     {``, "Customer managed key required"},
		"password too short":                          {`ebs_default_kms_key_arn = "` + keyARN(1) + `"` + "\npassword_minimum_length = 8", "between 14 and 128"},
		"unknown GuardDuty feature":                   {`ebs_default_kms_key_arn = "` + keyARN(1) + `"` + "\nguardduty_disabled_features = { S3_LOGS = \"no buckets in this account\" }", `(?s)Unknown GuardDuty feature.*"S3_LOGS" is not a GuardDuty detector feature.*S3_DATA_EVENTS`},
		"superseded GuardDuty feature":                {`ebs_default_kms_key_arn = "` + keyARN(1) + `"` + "\nguardduty_disabled_features = { EKS_RUNTIME_MONITORING = \"no EKS clusters here\" }", `(?s)Superseded GuardDuty feature.*RUNTIME_MONITORING`},
		"GuardDuty feature off without a real reason": {`ebs_default_kms_key_arn = "` + keyARN(1) + `"` + "\nguardduty_disabled_features = { RDS_LOGIN_EVENTS = \"cost\" }", `Reason required to turn off a GuardDuty feature`},
		"feature exceptions with GuardDuty off":       {`ebs_default_kms_key_arn = "` + keyARN(1) + `"` + "\nguardduty_enabled = false\nguardduty_disabled_reason = \"org delegated admin manages it\"\nguardduty_disabled_features = { RDS_LOGIN_EVENTS = \"no RDS in this account\" }", `Feature exceptions on a detector the baseline does not manage`},
		"enabled part with a reason":                  {`ebs_default_kms_key_arn = "` + keyARN(1) + `"` + "\ns3_public_access_block_disabled_reason = \"org delegated admin manages it\"", "Disabled reason on an enabled part"},
		"IMDS hop limit above the AWS range":          {`ebs_default_kms_key_arn = "` + keyARN(1) + `"` + "\nimdsv2_hop_limit = 65", `(?s)imdsv2_hop_limit.*between 1 and 64`},
		"IMDS hop limit zero":                         {`ebs_default_kms_key_arn = "` + keyARN(1) + `"` + "\nimdsv2_hop_limit = 0", `(?s)imdsv2_hop_limit.*between 1 and 64`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				PreCheck:                 func() { acctest.PreCheck(t) },
				Steps: []resource.TestStep{{
					Config: config(t, gap, tc.body), PlanOnly: true, ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
}

// A create that fails part-way (Security Hub, applied last, denied) records
// the account in state as tainted; the next apply replaces it and converges.
func TestAccAccountBaseline_partialFailure(t *testing.T) {
	gap := acctest.StartGapServer(t)
	body := fmt.Sprintf("resource \"commshield_account_baseline\" \"test\" {\n%s\n}\n", withConfigBucket(fmt.Sprintf("ebs_default_kms_key_arn = %q", keyARN(4))))
	denied := acctest.ConfigCompose(acctest.ProviderConfigWithEndpoints(t, "", map[string]string{
		"ec2": gap.EC2URL(), "securityhub": gap.SecurityHubDeniedURL(), "accessanalyzer": gap.AccessAnalyzerURL(),
	}), body)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		PreCheck:                 func() { acctest.PreCheck(t) },
		Steps: []resource.TestStep{
			{Config: denied, ExpectError: regexp.MustCompile(`securityhub:DescribeHub`)},
			{
				Config:           config(t, gap, fmt.Sprintf("ebs_default_kms_key_arn = %q", keyARN(4))),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resName, plancheck.ResourceActionReplace)}},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(resName, "security_hub_enabled", "true"),
					resource.TestCheckResourceAttr(resName, "ebs_default_kms_key_arn", keyARN(4)),
				),
			},
		},
	})
}

// detectorFeatures returns the status of every feature the detector reports.
func detectorFeatures(t *testing.T, c *awsclient.Client) map[string]gdtypes.FeatureStatus {
	t.Helper()
	ctx := context.Background()
	id, err := baseline.FindGuardDutyDetectorID(ctx, c)
	if err != nil || id == "" {
		t.Fatalf("no GuardDuty detector (err %v)", err)
	}
	d, err := c.GuardDuty().GetDetector(ctx, &guardduty.GetDetectorInput{DetectorId: aws.String(id)})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]gdtypes.FeatureStatus{}
	for _, f := range d.Features {
		out[string(f.Name)] = f.Status
	}
	return out
}

func expectFeatures(t *testing.T, gap *acctest.GapServer, want map[string]gdtypes.FeatureStatus) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got := detectorFeatures(t, gapClient(t, gap))
		for name, status := range want {
			if got[name] != status {
				return fmt.Errorf("GuardDuty feature %s is %q on the detector, want %q (all: %v)", name, got[name], status, got)
			}
		}
		return nil
	}
}

// TestAccAccountBaseline_guardDutyFeatures: all features on by default; one
// turned off with a reason is DISABLED on the detector; import reads the
// features back; a feature turned off outside Terraform is a planned diff
// that apply reverts; removing the exception turns the feature back on.
func TestAccAccountBaseline_guardDutyFeatures(t *testing.T) {
	gap := acctest.StartGapServer(t)
	ctx := context.Background()
	base := fmt.Sprintf("ebs_default_kms_key_arn = %q", keyARN(5))
	lambdaOff := base + "\nguardduty_disabled_features = { LAMBDA_NETWORK_LOGS = \"no Lambda functions in this account\" }"
	allSix := knownvalue.SetExact([]knownvalue.Check{
		knownvalue.StringExact("S3_DATA_EVENTS"), knownvalue.StringExact("EKS_AUDIT_LOGS"), knownvalue.StringExact("EBS_MALWARE_PROTECTION"),
		knownvalue.StringExact("RDS_LOGIN_EVENTS"), knownvalue.StringExact("LAMBDA_NETWORK_LOGS"), knownvalue.StringExact("RUNTIME_MONITORING"),
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		PreCheck:                 func() { acctest.PreCheck(t) },
		Steps: []resource.TestStep{
			{
				Config:            config(t, gap, base),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(resName, tfjsonpath.New("guardduty_features"), allSix)},
				Check: expectFeatures(t, gap, map[string]gdtypes.FeatureStatus{
					"S3_DATA_EVENTS": gdtypes.FeatureStatusEnabled, "EKS_AUDIT_LOGS": gdtypes.FeatureStatusEnabled, "EBS_MALWARE_PROTECTION": gdtypes.FeatureStatusEnabled,
					"RDS_LOGIN_EVENTS": gdtypes.FeatureStatusEnabled, "LAMBDA_NETWORK_LOGS": gdtypes.FeatureStatusEnabled, "RUNTIME_MONITORING": gdtypes.FeatureStatusEnabled,
				}),
			},
			{
				Config: config(t, gap, lambdaOff),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resName, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(resName, tfjsonpath.New("guardduty_features"), knownvalue.SetSizeExact(5)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("guardduty_features"), knownvalue.SetSizeExact(5)),
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("guardduty_disabled_features").AtMapKey("LAMBDA_NETWORK_LOGS"), knownvalue.StringExact("no Lambda functions in this account")),
				},
				Check: expectFeatures(t, gap, map[string]gdtypes.FeatureStatus{"LAMBDA_NETWORK_LOGS": gdtypes.FeatureStatusDisabled, "S3_DATA_EVENTS": gdtypes.FeatureStatusEnabled}),
			},
			{
				// Import reads the features from the detector; the reasons
				// live only in the configuration.
				ResourceName: resName, ImportState: true, ImportStateId: acctest.MotoAccountID, ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"guardduty_disabled_features", "guardduty_disabled_features.%", "guardduty_disabled_features.LAMBDA_NETWORK_LOGS"},
			},
			{
				// Drift: EKS audit logs turned off, and Lambda network logs
				// turned on, outside Terraform. GuardDuty merges the listed
				// features into the detector's; moto replaces the list, so
				// the out-of-band change sends all six to behave like AWS.
				PreConfig: func() {
					c := gapClient(t, gap)
					id, err := baseline.FindGuardDutyDetectorID(ctx, c)
					if err != nil {
						t.Fatal(err)
					}
					var features []gdtypes.DetectorFeatureConfiguration
					for _, f := range baseline.GuardDutyFeatures {
						status := gdtypes.FeatureStatusEnabled
						if f == gdtypes.DetectorFeatureEksAuditLogs {
							status = gdtypes.FeatureStatusDisabled
						}
						features = append(features, gdtypes.DetectorFeatureConfiguration{Name: f, Status: status})
					}
					if _, err := c.GuardDuty().UpdateDetector(ctx, &guardduty.UpdateDetectorInput{DetectorId: aws.String(id), Features: features}); err != nil {
						t.Fatal(err)
					}
				},
				Config: config(t, gap, lambdaOff),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resName, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(resName, tfjsonpath.New("guardduty_features"), knownvalue.SetPartial([]knownvalue.Check{knownvalue.StringExact("EKS_AUDIT_LOGS")})),
					plancheck.ExpectKnownValue(resName, tfjsonpath.New("guardduty_features"), knownvalue.SetSizeExact(5)),
				}},
				Check: expectFeatures(t, gap, map[string]gdtypes.FeatureStatus{"EKS_AUDIT_LOGS": gdtypes.FeatureStatusEnabled, "LAMBDA_NETWORK_LOGS": gdtypes.FeatureStatusDisabled}),
			},
			{
				// Nothing changed since: no diff.
				Config:   config(t, gap, lambdaOff),
				PlanOnly: true,
			},
			{
				Config:            config(t, gap, base),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(resName, tfjsonpath.New("guardduty_features"), allSix)},
				Check:             expectFeatures(t, gap, map[string]gdtypes.FeatureStatus{"LAMBDA_NETWORK_LOGS": gdtypes.FeatureStatusEnabled}),
			},
		},
	})
}

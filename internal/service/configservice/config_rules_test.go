package configservice_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cfg "github.com/aws/aws-sdk-go-v2/service/configservice"
	cfgtypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/commshield/terraform-provider-commshield/internal/acctest"
)

func TestMain(m *testing.M) { acctest.Run(m) }

const crAddr = "commshield_config_rules.test"

func crConfig(t *testing.T, prefix, body string) string {
	return acctest.ConfigCompose(acctest.ProviderConfig(t), fmt.Sprintf(`
resource "commshield_config_rules" "test" {
  name_prefix = %q
  %s
}
`, prefix, body))
}

// recorder creates the account's configuration recorder, which real AWS
// Config needs before rules evaluate (moto accepts rules without it).
func recorder(t *testing.T) {
	t.Helper()
	conn := acctest.Client(t).ConfigService()
	_, err := conn.PutConfigurationRecorder(context.Background(), &cfg.PutConfigurationRecorderInput{
		ConfigurationRecorder: &cfgtypes.ConfigurationRecorder{
			Name:    aws.String("default"),
			RoleARN: aws.String("arn:aws:iam::123456789012:role/config-recorder"),
		},
	})
	if err != nil {
		t.Fatalf("creating the configuration recorder: %v", err)
	}
}

// deployed returns name → SourceIdentifier of the Config rules under prefix.
func deployed(t *testing.T, prefix string) map[string]string {
	t.Helper()
	out := map[string]string{}
	pages := cfg.NewDescribeConfigRulesPaginator(acctest.Client(t).ConfigService(), &cfg.DescribeConfigRulesInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(context.Background())
		if err != nil {
			t.Fatalf("listing Config rules: %v", err)
		}
		for _, r := range page.ConfigRules {
			if name := aws.ToString(r.ConfigRuleName); strings.HasPrefix(name, prefix) {
				out[name] = aws.ToString(r.Source.SourceIdentifier)
			}
		}
	}
	return out
}

func expectDeployed(t *testing.T, prefix string, want map[string]string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got := deployed(t, prefix)
		if len(got) != len(want) {
			return fmt.Errorf("deployed %v, want %v", got, want)
		}
		for k, v := range want {
			if got[prefix+k] != v {
				return fmt.Errorf("deployed %v, want %s%s → %s", got, prefix, k, v)
			}
		}
		return nil
	}
}

// TestAccConfigRules_lifecycle: create (one control), import, update (a
// second control, an exclusion), drift (a rule deleted, another's source
// changed), repair, disappearance, destroy.
func TestAccConfigRules_lifecycle(t *testing.T) {
	prefix := acctest.RandomName("cfg") + "-"
	first := map[string]string{
		"netfw-logging-enabled": "NETFW_LOGGING_ENABLED",
		"vpc-flow-logs-enabled": "VPC_FLOW_LOGS_ENABLED",
	}
	second := map[string]string{
		"vpc-flow-logs-enabled":                    "VPC_FLOW_LOGS_ENABLED",
		"access-keys-rotated":                      "ACCESS_KEYS_ROTATED",
		"autoscaling-launch-config-hop-limit":      "AUTOSCALING_LAUNCH_CONFIG_HOP_LIMIT",
		"autoscaling-launchconfig-requires-imdsv2": "AUTOSCALING_LAUNCHCONFIG_REQUIRES_IMDSV2",
		"ec2-imdsv2-check":                         "EC2_IMDSV2_CHECK",
		"ec2-launch-template-imdsv2-check":         "EC2_LAUNCH_TEMPLATE_IMDSV2_CHECK",
		"ec2-token-hop-limit-check":                "EC2_TOKEN_HOP_LIMIT_CHECK",
		"iam-user-unused-credentials-check":        "IAM_USER_UNUSED_CREDENTIALS_CHECK",
	}
	secondBody := `controls = ["LOG-01", "IAM-08"]
  exclude_rules = ["netfw-logging-enabled"]`
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t); recorder(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if got := deployed(t, prefix); len(got) != 0 {
				return fmt.Errorf("rules left after destroy: %v", got)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: crConfig(t, prefix, `controls = ["LOG-01"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(crAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(crAddr, tfjsonpath.New("rules").AtMapKey(prefix+"vpc-flow-logs-enabled").AtMapKey("source_identifier"), knownvalue.StringExact("VPC_FLOW_LOGS_ENABLED")),
					statecheck.ExpectKnownValue(crAddr, tfjsonpath.New("rules").AtMapKey(prefix+"vpc-flow-logs-enabled").AtMapKey("controls"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("LOG-01")})),
					statecheck.ExpectKnownValue(crAddr, tfjsonpath.New("rules"), knownvalue.MapSizeExact(2)),
				},
				Check: expectDeployed(t, prefix, first),
			},
			{
				ResourceName:                         crAddr,
				ImportState:                          true,
				ImportStateId:                        prefix,
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "name_prefix",
				ImportStateVerifyIgnore:              []string{"controls", "categories", "exclude_rules"},
			},
			{
				Config: crConfig(t, prefix, secondBody),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(crAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(crAddr, tfjsonpath.New("rules"), knownvalue.MapSizeExact(len(second))),
				},
				Check: expectDeployed(t, prefix, second),
			},
			{
				// Drift: one rule deleted, another's source rewritten.
				PreConfig: func() {
					conn := acctest.Client(t).ConfigService()
					ctx := context.Background()
					if _, err := conn.DeleteConfigRule(ctx, &cfg.DeleteConfigRuleInput{ConfigRuleName: aws.String(prefix + "vpc-flow-logs-enabled")}); err != nil {
						t.Fatalf("deleting a rule behind Terraform's back: %v", err)
					}
					_, err := conn.PutConfigRule(ctx, &cfg.PutConfigRuleInput{ConfigRule: &cfgtypes.ConfigRule{
						ConfigRuleName: aws.String(prefix + "ec2-imdsv2-check"),
						Source:         &cfgtypes.Source{Owner: cfgtypes.OwnerAws, SourceIdentifier: aws.String("EC2_EBS_ENCRYPTION_BY_DEFAULT")},
					}})
					if err != nil {
						t.Fatalf("rewriting a rule's source: %v", err)
					}
				},
				Config: crConfig(t, prefix, secondBody),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(crAddr, plancheck.ResourceActionUpdate),
				}},
				Check: expectDeployed(t, prefix, second),
			},
			{
				// Disappearance: every rule deleted → the next plan recreates.
				PreConfig: func() {
					conn := acctest.Client(t).ConfigService()
					for name := range deployed(t, prefix) {
						if _, err := conn.DeleteConfigRule(context.Background(), &cfg.DeleteConfigRuleInput{ConfigRuleName: aws.String(name)}); err != nil {
							t.Fatalf("deleting %s: %v", name, err)
						}
					}
				},
				Config: crConfig(t, prefix, secondBody),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(crAddr, plancheck.ResourceActionCreate),
				}},
				Check: expectDeployed(t, prefix, second),
			},
		},
	})
}

// TestAccConfigRules_invalidSelection: plan-time errors list valid values.
func TestAccConfigRules_invalidSelection(t *testing.T) {
	prefix := acctest.RandomName("cfg") + "-"
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: crConfig(t, prefix, `controls = ["LOG-99"]`), PlanOnly: true, ExpectError: regexpMust(`unknown control "LOG-99"; valid values: LOG-01`)},
			{Config: crConfig(t, prefix, `categories = ["nope"]`), PlanOnly: true, ExpectError: regexpMust(`valid values: logging_monitoring`)},
			{Config: crConfig(t, prefix, `controls = ["LOG-04"]
  exclude_rules = ["s3-bucket-ssl-requests-only"]`), PlanOnly: true, ExpectError: regexpMust(`no deployable`)},
		},
	})
}

func regexpMust(s string) *regexp.Regexp { return regexp.MustCompile(s) }

// TestAccConfigRules_partialFailure: every control selects 170 rules, more
// than moto's 150-rule account limit, so create fails part-way. The rules
// put so far are recorded in state (tainted); the next apply replaces them
// and leaves no orphan.
func TestAccConfigRules_partialFailure(t *testing.T) {
	prefix := acctest.RandomName("cfg") + "-"
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if got := deployed(t, prefix); len(got) != 0 {
				return fmt.Errorf("rules left after destroy: %d", len(got))
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config:      crConfig(t, prefix, ``),
				ExpectError: regexp.MustCompile(`(?s)Deploying AWS Config rules.*tainted`),
			},
			{
				Config: crConfig(t, prefix, `controls = ["LOG-04"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(crAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: expectDeployed(t, prefix, map[string]string{"s3-bucket-ssl-requests-only": "S3_BUCKET_SSL_REQUESTS_ONLY"}),
			},
		},
	})
}

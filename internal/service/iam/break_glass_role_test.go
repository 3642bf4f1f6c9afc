package iam_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/commshield/terraform-provider-commshield/internal/acctest"
	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
	"github.com/commshield/terraform-provider-commshield/internal/iampolicy"
	tfiam "github.com/commshield/terraform-provider-commshield/internal/service/iam"
)

func TestMain(m *testing.M) { acctest.Run(m) }

const (
	bgAddr     = "commshield_break_glass_role.test"
	responderA = "arn:aws:iam::123456789012:role/responder-a"
	responderB = "arn:aws:iam::123456789012:role/responder-b"
)

// TestAccIAMBreakGlassRole_lifecycle: create, import, update (principals,
// shorter session and MFA age, policies, emails, tags, another key), drift
// (trust policy opened, 12 h sessions, extra policy, rule disabled, target
// removed, topic key removed), repair, disappearance, destroy.
func TestAccIAMBreakGlassRole_lifecycle(t *testing.T) {
	name := acctest.RandomName("bg")
	client := acctest.Client(t)
	key1, key2 := acctest.CreateKMSKey(t, client, "break-glass alarm test key"), acctest.CreateKMSKey(t, client, "break-glass alarm test key")
	roleARN := "arn:aws:iam::123456789012:role/" + name
	// moto does not load AWS-managed policies by default; customer-managed
	// ones exercise the same attach/detach calls.
	readOnly, admin := createPolicy(t, client, name+"-read"), createPolicy(t, client, name+"-admin")

	createConfig := bgConfig(t, name, fmt.Sprintf(`
  principal_arns      = [%q]
  managed_policy_arns = [%q]
  kms_key_arn         = %q
`, responderA, readOnly, key1))
	updateConfig := bgConfig(t, name, fmt.Sprintf(`
  principal_arns           = [%q, %q]
  managed_policy_arns      = [%q]
  kms_key_arn              = %q
  max_session_duration     = 900
  mfa_max_age_seconds      = 300
  source_identity_patterns = ["*@example.net"]
  alarm_email_addresses    = ["noc@example.net", "soc@example.net"]
  description              = "Emergency admin"
  tags = { Access = "emergency" }
`, responderA, responderB, admin, key2))

	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: checkBreakGlassDestroyed(client),
		Steps: []resource.TestStep{
			{
				Config: createConfig,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(bgAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(bgAddr, tfjsonpath.New("arn"), knownvalue.StringExact(roleARN)),
					plancheck.ExpectKnownValue(bgAddr, tfjsonpath.New("sns_topic_arn"), knownvalue.StringExact("arn:aws:sns:us-east-1:123456789012:"+name+"-break-glass-alarm")),
					plancheck.ExpectKnownValue(bgAddr, tfjsonpath.New("event_rule_arn"), knownvalue.StringExact("arn:aws:events:us-east-1:123456789012:rule/"+name+"-use-alarm")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(bgAddr, tfjsonpath.New("max_session_duration"), knownvalue.Int64Exact(3600)),
					statecheck.ExpectKnownValue(bgAddr, tfjsonpath.New("mfa_max_age_seconds"), knownvalue.Int64Exact(3600)),
					statecheck.ExpectKnownValue(bgAddr, tfjsonpath.New("alarm_enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(bgAddr, tfjsonpath.New("allow_account_root"), knownvalue.Bool(false)),
				},
				Check: checkBreakGlassRemote(client, name, key1, 3600, "3600", []string{responderA}, []string{readOnly}, nil),
			},
			{
				ResourceName:                         bgAddr,
				ImportState:                          true,
				ImportStateId:                        name,
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "name",
			},
			{
				Config: updateConfig,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(bgAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(bgAddr, tfjsonpath.New("tags_all"), knownvalue.MapExact(map[string]knownvalue.Check{"Access": knownvalue.StringExact("emergency")})),
					statecheck.ExpectKnownValue(bgAddr, tfjsonpath.New("description"), knownvalue.StringExact("Emergency admin")),
				},
				Check: checkBreakGlassRemote(client, name, key2, 900, "300", []string{responderA, responderB}, []string{admin}, []string{"noc@example.net", "soc@example.net"}),
			},
			{
				ResourceName:                         bgAddr,
				ImportState:                          true,
				ImportStateId:                        name,
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "name",
			},
			{
				PreConfig:          func() { driftBreakGlass(t, client, name, readOnly) },
				Config:             updateConfig,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				Config: updateConfig,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(bgAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(bgAddr, tfjsonpath.New("alarm_enabled"), knownvalue.Bool(true)),
				},
				Check: checkBreakGlassRemote(client, name, key2, 900, "300", []string{responderA, responderB}, []string{admin}, []string{"noc@example.net", "soc@example.net"}),
			},
			{
				// Terraform-driven removal: one subscriber unsubscribed, the
				// source-identity patterns dropped, the session back to 1 h.
				Config: bgConfig(t, name, fmt.Sprintf(`
  principal_arns        = [%q, %q]
  managed_policy_arns   = [%q]
  kms_key_arn           = %q
  mfa_max_age_seconds   = 300
  alarm_email_addresses = ["noc@example.net"]
  description           = "Emergency admin"
  tags = { Access = "emergency" }
`, responderA, responderB, admin, key2)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(bgAddr, tfjsonpath.New("source_identity_patterns"), knownvalue.SetSizeExact(0)),
				},
				Check: checkBreakGlassRemote(client, name, key2, 3600, "300", []string{responderA, responderB}, []string{admin}, []string{"noc@example.net"}),
			},
			{
				PreConfig: func() {
					if err := tfiam.Destroy(context.Background(), client, name); err != nil {
						t.Fatal(err)
					}
				},
				Config: updateConfig,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(bgAddr, plancheck.ResourceActionCreate),
				}},
				Check: checkBreakGlassRemote(client, name, key2, 900, "300", []string{responderA, responderB}, []string{admin}, []string{"noc@example.net", "soc@example.net"}),
			},
		},
	})
}

// TestAccIAMBreakGlassRole_partialFailure: a managed policy that does not
// exist fails the create after the role exists; the role is in state as
// tainted, and destroy removes role, topic and rule: nothing is orphaned.
func TestAccIAMBreakGlassRole_partialFailure(t *testing.T) {
	name := acctest.RandomName("bg")
	client := acctest.Client(t)
	key := acctest.CreateKMSKey(t, client, "break-glass alarm test key")
	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: checkBreakGlassDestroyed(client),
		Steps: []resource.TestStep{{
			Config: bgConfig(t, name, fmt.Sprintf(`
  principal_arns      = [%q]
  managed_policy_arns = ["arn:aws:iam::123456789012:policy/does-not-exist"]
  kms_key_arn         = %q
`, responderA, key)),
			ExpectError: regexp.MustCompile(`recorded in state as tainted`),
		}},
	})
	// CheckDestroy ran on the tainted state; confirm the role itself is gone.
	if _, err := tfiam.FindRoleByName(context.Background(), client.IAM(), name); !awsclient.IsNotFound(err) {
		t.Errorf("role %s left behind after the failed create was destroyed: %v", name, err)
	}
}

func TestAccIAMBreakGlassRole_validation(t *testing.T) {
	const key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	cases := []struct {
		name, body string
		want       *regexp.Regexp
	}{
		{"star principal", `principal_arns = ["*"]
  kms_key_arn = "` + key + `"`, regexp.MustCompile(`wildcards are not allowed`)},
		{"root without opt-in", `principal_arns = ["arn:aws:iam::123456789012:root"]
  kms_key_arn = "` + key + `"`, regexp.MustCompile(`Whole-account principal not allowed`)},
		{"session too long", `principal_arns = ["` + responderA + `"]
  kms_key_arn = "` + key + `"
  max_session_duration = 7200`, regexp.MustCompile(`between 900 and 3600`)},
		{"session too short", `principal_arns = ["` + responderA + `"]
  kms_key_arn = "` + key + `"
  max_session_duration = 600`, regexp.MustCompile(`between 900 and 3600`)},
		{"mfa too old", `principal_arns = ["` + responderA + `"]
  kms_key_arn = "` + key + `"
  mfa_max_age_seconds = 86400`, regexp.MustCompile(`between 60 and 3600`)},
		{"aws managed sns key", `principal_arns = ["` + responderA + `"]
  kms_key_arn = "arn:aws:kms:us-east-1:123456789012:alias/aws/sns"`, regexp.MustCompile(`AWS-managed\s+SNS\s+key`)},
		{"no key", `principal_arns = ["` + responderA + `"]`, regexp.MustCompile(`"kms_key_arn" is required`)},
		{"no principals", `principal_arns = []
  kms_key_arn = "` + key + `"`, regexp.MustCompile(`at least 1`)},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      bgConfig(t, "validation", c.body),
			PlanOnly:    true,
			ExpectError: c.want,
		})
	}
	acctest.ParallelTest(t, resource.TestCase{Steps: steps})
}

func bgConfig(t *testing.T, name, body string) string {
	return acctest.ConfigCompose(acctest.ProviderConfig(t), fmt.Sprintf(`
resource "commshield_break_glass_role" "test" {
  name = %q
%s
}
`, name, body))
}

func createPolicy(t *testing.T, client *awsclient.Client, name string) string {
	t.Helper()
	ctx := context.Background()
	out, err := client.IAM().CreatePolicy(ctx, &awsiam.CreatePolicyInput{
		PolicyName:     aws.String(name),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:Describe*","Resource":"*"}]}`),
	})
	if err != nil {
		t.Fatalf("creating policy %s: %v", name, err)
	}
	arn := aws.ToString(out.Policy.Arn)
	t.Cleanup(func() {
		if _, err := client.IAM().DeletePolicy(ctx, &awsiam.DeletePolicyInput{PolicyArn: aws.String(arn)}); err != nil {
			t.Errorf("deleting policy %s: %v", arn, err)
		}
	})
	return arn
}

// driftBreakGlass undoes the hardening the way an intruder with IAM rights
// would: any principal without MFA, 12 h sessions, AdministratorAccess and
// ReadOnlyAccess attached, the alarm rule disabled and its target removed,
// the topic's encryption switched off, and a subscriber dropped.
func driftBreakGlass(t *testing.T, client *awsclient.Client, name, extraPolicy string) {
	t.Helper()
	ctx := context.Background()
	conn := client.IAM()
	open := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}`
	steps := []func() error{
		func() error {
			_, err := conn.UpdateAssumeRolePolicy(ctx, &awsiam.UpdateAssumeRolePolicyInput{RoleName: aws.String(name), PolicyDocument: aws.String(open)})
			return err
		},
		func() error {
			_, err := conn.UpdateRole(ctx, &awsiam.UpdateRoleInput{RoleName: aws.String(name), MaxSessionDuration: aws.Int32(43200)})
			return err
		},
		func() error {
			_, err := conn.AttachRolePolicy(ctx, &awsiam.AttachRolePolicyInput{RoleName: aws.String(name), PolicyArn: aws.String(extraPolicy)})
			return err
		},
		func() error {
			_, err := client.EventBridge().DisableRule(ctx, &eventbridge.DisableRuleInput{Name: aws.String(name + "-use-alarm")})
			return err
		},
		func() error {
			_, err := client.EventBridge().RemoveTargets(ctx, &eventbridge.RemoveTargetsInput{Rule: aws.String(name + "-use-alarm"), Ids: []string{"commshield-break-glass-sns"}})
			return err
		},
		func() error {
			_, err := client.SNS().SetTopicAttributes(ctx, &sns.SetTopicAttributesInput{TopicArn: aws.String(topicARN(name)), AttributeName: aws.String("KmsMasterKeyId"), AttributeValue: aws.String("")})
			return err
		},
	}
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("drift step %d: %v", i, err)
		}
	}
}

func topicARN(name string) string {
	return "arn:aws:sns:us-east-1:123456789012:" + name + "-break-glass-alarm"
}

// checkBreakGlassRemote reads role, trust policy, policies, topic,
// subscriptions, rule and target from AWS.
func checkBreakGlassRemote(client *awsclient.Client, name, keyARN string, session int32, mfaAge string, principals, policies, emails []string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		ctx := context.Background()
		role, err := tfiam.FindRoleByName(ctx, client.IAM(), name)
		if err != nil {
			return err
		}
		if got := aws.ToInt32(role.MaxSessionDuration); got != session {
			return fmt.Errorf("MaxSessionDuration = %d, want %d", got, session)
		}
		doc, err := iampolicy.Parse(aws.ToString(role.AssumeRolePolicyDocument))
		if err != nil {
			return err
		}
		if len(doc.Statement) != 1 {
			return fmt.Errorf("trust policy has %d statements, want 1: %s", len(doc.Statement), aws.ToString(role.AssumeRolePolicyDocument))
		}
		st := doc.Statement[0]
		if got := slices.Sorted(slices.Values(st.Principal["AWS"])); !slices.Equal(got, principals) {
			return fmt.Errorf("trust principals = %v, want %v", got, principals)
		}
		if mfa := st.Condition["Bool"]["aws:MultiFactorAuthPresent"]; len(mfa) != 1 || mfa[0] != "true" {
			return fmt.Errorf("trust policy does not require MFA: %v", st.Condition)
		}
		if age := st.Condition["NumericLessThanEquals"]["aws:MultiFactorAuthAge"]; len(age) != 1 || age[0] != mfaAge {
			return fmt.Errorf("MFA age condition = %v, want %s", age, mfaAge)
		}
		if si := st.Condition["Null"]["sts:SourceIdentity"]; len(si) != 1 || si[0] != "false" {
			return fmt.Errorf("trust policy does not require a source identity: %v", st.Condition)
		}
		if !slices.Contains(st.Action, "sts:SetSourceIdentity") {
			return fmt.Errorf("trust policy does not allow sts:SetSourceIdentity: %v", st.Action)
		}
		attached, err := tfiam.FindAttachedPolicyARNs(ctx, client.IAM(), name)
		if err != nil {
			return err
		}
		if slices.Sort(attached); !slices.Equal(attached, policies) {
			return fmt.Errorf("attached policies = %v, want %v", attached, policies)
		}
		attrs, err := tfiam.FindTopicAttributes(ctx, client.SNS(), topicARN(name))
		if err != nil {
			return err
		}
		if attrs["KmsMasterKeyId"] != keyARN {
			return fmt.Errorf("topic key = %q, want %q", attrs["KmsMasterKeyId"], keyARN)
		}
		subs, err := tfiam.FindSubscriptions(ctx, client.SNS(), topicARN(name))
		if err != nil {
			return err
		}
		var got []string
		for _, s := range subs {
			got = append(got, aws.ToString(s.Endpoint))
		}
		if slices.Sort(got); !slices.Equal(got, emails) {
			return fmt.Errorf("subscriptions = %v, want %v", got, emails)
		}
		rule, err := tfiam.FindRule(ctx, client.EventBridge(), name+"-use-alarm")
		if err != nil {
			return err
		}
		if rule.State != "ENABLED" {
			return fmt.Errorf("rule state = %s", rule.State)
		}
		pattern := aws.ToString(rule.EventPattern)
		if !regexp.MustCompile(`"roleArn":\["arn:aws:iam::123456789012:role/` + regexp.QuoteMeta(name) + `"\]`).MatchString(pattern) {
			return fmt.Errorf("rule pattern does not name the role: %s", pattern)
		}
		targets, err := tfiam.FindTargets(ctx, client.EventBridge(), name+"-use-alarm")
		if err != nil {
			return err
		}
		if len(targets) != 1 || aws.ToString(targets[0].Arn) != topicARN(name) {
			return fmt.Errorf("rule targets = %+v, want the topic", targets)
		}
		return nil
	}
}

func checkBreakGlassDestroyed(client *awsclient.Client) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		ctx := context.Background()
		for _, rs := range s.RootModule().Resources {
			if rs.Type != "commshield_break_glass_role" {
				continue
			}
			name := rs.Primary.Attributes["name"]
			if _, err := tfiam.FindRoleByName(ctx, client.IAM(), name); !awsclient.IsNotFound(err) {
				return acctest.NotGone("role "+name+" after destroy", err)
			}
			if _, err := tfiam.FindTopicAttributes(ctx, client.SNS(), topicARN(name)); !awsclient.IsNotFound(err) {
				return acctest.NotGone("topic of "+name+" after destroy", err)
			}
			if _, err := tfiam.FindRule(ctx, client.EventBridge(), name+"-use-alarm"); !awsclient.IsNotFound(err) {
				return acctest.NotGone("rule of "+name+" after destroy", err)
			}
		}
		return nil
	}
}

// TestAccIAMBreakGlassRole_unknownPrincipal: a principal known only after
// apply inside a set literal (principal_arns = [aws_iam_role.x.arn]) plans
// the trust policy unknown instead of failing the plan.
func TestAccIAMBreakGlassRole_unknownPrincipal(t *testing.T) {
	const key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	acctest.ParallelTest(t, resource.TestCase{Steps: []resource.TestStep{{
		Config: acctest.ConfigCompose(acctest.ProviderConfig(t), `
resource "terraform_data" "responder" {
  input = "`+responderA+`"
}

resource "commshield_break_glass_role" "test" {
  name           = "unknown-principal"
  principal_arns = [terraform_data.responder.output]
  kms_key_arn    = "`+key+`"
}
`),
		PlanOnly:           true,
		ExpectNonEmptyPlan: true,
	}}})
}

// TestAccIAMBreakGlassRole_withKMSKey composes the role with a
// commshield_kms_key that lets EventBridge use it, created in the same
// apply: the key's ARN is unknown at plan time.
func TestAccIAMBreakGlassRole_withKMSKey(t *testing.T) {
	name := acctest.RandomName("bg")
	client := acctest.Client(t)
	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: checkBreakGlassDestroyed(client),
		Steps: []resource.TestStep{{
			Config: acctest.ConfigCompose(acctest.ProviderConfig(t), fmt.Sprintf(`
resource "commshield_kms_key" "alarms" {
  alias              = "alias/%[1]s"
  administrator_arns = ["arn:aws:iam::123456789012:user/moto"]
  service_principals = ["events.amazonaws.com"]
}

resource "commshield_break_glass_role" "test" {
  name           = %[1]q
  principal_arns = [%[2]q]
  kms_key_arn    = commshield_kms_key.alarms.arn
}
`, name, responderA)),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectUnknownValue(bgAddr, tfjsonpath.New("kms_key_arn")),
				plancheck.ExpectKnownValue(bgAddr, tfjsonpath.New("trust_policy"), knownvalue.StringRegexp(regexp.MustCompile(`aws:MultiFactorAuthPresent`))),
			}},
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttrPair(bgAddr, "kms_key_arn", "commshield_kms_key.alarms", "arn"),
				func(s *terraform.State) error {
					doc, err := iampolicy.Parse(s.RootModule().Resources["commshield_kms_key.alarms"].Primary.Attributes["policy"])
					if err != nil {
						return err
					}
					st, ok := doc.StatementBySid("ServiceUseEvents")
					if !ok || st.Principal["Service"][0] != "events.amazonaws.com" || !slices.Contains(st.Action, "kms:GenerateDataKey*") || !slices.Contains(st.Action, "kms:Decrypt") {
						return fmt.Errorf("key policy does not let EventBridge encrypt for the topic: %+v", st)
					}
					return nil
				},
			),
		}},
	})
}

// TestAccIAMBreakGlassRole_patternMatchesAssumeRole replays CloudTrail's
// record of an AssumeRole call (the shape EventBridge delivers, from the
// CloudTrail User Guide) through moto's pattern matcher: the resource's
// event_pattern must match a call on this role and not one on another role.
// moto cannot deliver to SNS targets, so the pattern is copied to a rule on
// a separate bus that targets a log group.
func TestAccIAMBreakGlassRole_patternMatchesAssumeRole(t *testing.T) {
	name := acctest.RandomName("bg")
	client := acctest.Client(t)
	key := acctest.CreateKMSKey(t, client, "break-glass alarm test key")
	var pattern string
	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: checkBreakGlassDestroyed(client),
		Steps: []resource.TestStep{{
			Config: bgConfig(t, name, fmt.Sprintf(`
  principal_arns = [%q]
  kms_key_arn    = %q
`, responderA, key)),
			Check: resource.ComposeAggregateTestCheckFunc(
				func(s *terraform.State) error {
					pattern = s.RootModule().Resources[bgAddr].Primary.Attributes["event_pattern"]
					return nil
				},
				func(*terraform.State) error {
					return checkPatternDelivery(t, client, name, pattern)
				},
			),
		}},
	})
}

func checkPatternDelivery(t *testing.T, client *awsclient.Client, name, pattern string) error {
	ctx := context.Background()
	eb := client.EventBridge()
	logs := client.CloudWatchLogs()
	bus, group := name+"-replay", "/acctest/"+name
	if _, err := eb.CreateEventBus(ctx, &eventbridge.CreateEventBusInput{Name: aws.String(bus)}); err != nil {
		return fmt.Errorf("creating bus: %w", err)
	}
	t.Cleanup(func() {
		_, _ = eb.RemoveTargets(ctx, &eventbridge.RemoveTargetsInput{Rule: aws.String("replay"), EventBusName: aws.String(bus), Ids: []string{"log"}})
		_, _ = eb.DeleteRule(ctx, &eventbridge.DeleteRuleInput{Name: aws.String("replay"), EventBusName: aws.String(bus)})
		_, _ = eb.DeleteEventBus(ctx, &eventbridge.DeleteEventBusInput{Name: aws.String(bus)})
		_, _ = logs.DeleteLogGroup(ctx, &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: aws.String(group)})
	})
	if _, err := logs.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(group)}); err != nil {
		return fmt.Errorf("creating log group: %w", err)
	}
	if _, err := eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("replay"), EventBusName: aws.String(bus), EventPattern: aws.String(pattern)}); err != nil {
		return fmt.Errorf("putting replay rule: %w", err)
	}
	if _, err := eb.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("replay"), EventBusName: aws.String(bus), Targets: []ebtypes.Target{{
		Id: aws.String("log"), Arn: aws.String("arn:aws:logs:us-east-1:123456789012:log-group:" + group),
	}}}); err != nil {
		return fmt.Errorf("targeting log group: %w", err)
	}
	detail := func(role string) string {
		return fmt.Sprintf(`{"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::123456789012:assumed-role/responder-a/alice"},`+
			`"eventSource":"sts.amazonaws.com","eventName":"AssumeRole","awsRegion":"us-east-1",`+
			`"requestParameters":{"roleArn":%q,"roleSessionName":"alice","sourceIdentity":"alice@example.net","durationSeconds":3600},`+
			`"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"123456789012"}`, role)
	}
	// The other role's event goes first: a count of 0 after it and 1 after
	// ours shows which one matched.
	for i, role := range []string{"arn:aws:iam::123456789012:role/some-other-role", "arn:aws:iam::123456789012:role/" + name} {
		out, err := eb.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []ebtypes.PutEventsRequestEntry{{
			EventBusName: aws.String(bus), Source: aws.String("aws.sts"), DetailType: aws.String("AWS API Call via CloudTrail"), Detail: aws.String(detail(role)),
		}}})
		if err != nil {
			return fmt.Errorf("putting event for %s: %w", role, err)
		}
		if out.FailedEntryCount > 0 {
			return fmt.Errorf("event for %s rejected: %s", role, aws.ToString(out.Entries[0].ErrorMessage))
		}
		delivered, err := deliveredMessages(t, group)
		if err != nil {
			return err
		}
		if len(delivered) != i {
			return fmt.Errorf("after the AssumeRole event on %s, %d events were delivered; want %d: %q", role, len(delivered), i, delivered)
		}
		if i == 1 && !strings.Contains(delivered[0], "role/"+name) {
			return fmt.Errorf("delivered the wrong event: %s", delivered[0])
		}
	}
	return nil
}

// deliveredMessages reads a log group's messages from moto with a plain
// FilterLogEvents call: moto returns float timestamps, which the SDK's
// decoder rejects.
func deliveredMessages(t *testing.T, group string) ([]string, error) {
	body, _ := json.Marshal(map[string]string{"logGroupName": group})
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, acctest.MotoEndpoint(t), bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "Logs_20140328.FilterLogEvents")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/logs/aws4_request, SignedHeaders=host, Signature=0")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("reading delivered events: %w", err)
	}
	defer resp.Body.Close()
	var out struct {
		Events []struct {
			Message string `json:"message"`
		} `json:"events"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, fmt.Errorf("decoding FilterLogEvents (HTTP %d): %w", resp.StatusCode, err)
	}
	msgs := make([]string, 0, len(out.Events))
	for _, e := range out.Events {
		msgs = append(msgs, e.Message)
	}
	return msgs, nil
}

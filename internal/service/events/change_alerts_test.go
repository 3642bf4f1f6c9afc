package events_test

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/commshield/terraform-provider-commshield/internal/acctest"
	"github.com/commshield/terraform-provider-commshield/internal/alerting"
	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
	"github.com/commshield/terraform-provider-commshield/internal/iampolicy"
	tfevents "github.com/commshield/terraform-provider-commshield/internal/service/events"
)

func TestMain(m *testing.M) { acctest.Run(m) }

const caAddr = "commshield_change_alerts.test"

// TestAccEventsChangeAlerts_lifecycle: create with every category, import,
// update (fewer categories, subscriptions, tags, another key), import,
// drift (a rule deleted, one disabled, a target removed, a pattern
// rewritten, the topic policy opened, the key removed), repair,
// disappearance, destroy.
func TestAccEventsChangeAlerts_lifecycle(t *testing.T) {
	name := acctest.RandomName("ca")
	client := acctest.Client(t)
	key1, key2 := acctest.CreateKMSKey(t, client, "change alerts test key"), acctest.CreateKMSKey(t, client, "change alerts test key")
	topicARN := "arn:aws:sns:us-east-1:123456789012:" + name + "-change-alerts"

	createConfig := caConfig(t, name, fmt.Sprintf(`kms_key_arn = %q`, key1))
	updated := []string{"cloudtrail_config", "console_no_mfa", "flow_logs", "root_use"}
	updateConfig := caConfig(t, name, fmt.Sprintf(`
  kms_key_arn     = %q
  categories      = ["cloudtrail_config", "console_no_mfa", "flow_logs", "root_use"]
  email_addresses = ["soc@example.net"]
  https_endpoints = ["https://pager.example.net/hook"]
  tags            = { Team = "soc" }
`, key2))

	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: checkDestroyed(client),
		Steps: []resource.TestStep{
			{
				Config: createConfig,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(caAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(caAddr, tfjsonpath.New("sns_topic_arn"), knownvalue.StringExact(topicARN)),
					plancheck.ExpectKnownValue(caAddr, tfjsonpath.New("rule_arns").AtMapKey("nacl"), knownvalue.StringExact("arn:aws:events:us-east-1:123456789012:rule/"+name+"-nacl")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(caAddr, tfjsonpath.New("categories"), knownvalue.SetSizeExact(len(tfevents.CategoryNames()))),
					statecheck.ExpectKnownValue(caAddr, tfjsonpath.New("all_rules_delivering"), knownvalue.Bool(true)),
				},
				Check: checkRemote(client, name, key1, tfevents.CategoryNames()),
			},
			importStep(name),
			{
				Config: updateConfig,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(caAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(caAddr, tfjsonpath.New("rule_arns"), knownvalue.MapSizeExact(len(updated))),
					statecheck.ExpectKnownValue(caAddr, tfjsonpath.New("tags_all"), knownvalue.MapExact(map[string]knownvalue.Check{"Team": knownvalue.StringExact("soc")})),
				},
				Check: resource.ComposeTestCheckFunc(
					checkRemote(client, name, key2, updated),
					checkSubscriptions(client, topicARN, map[string]string{"soc@example.net": "email", "https://pager.example.net/hook": "https"}),
				),
			},
			importStep(name),
			{
				PreConfig:          func() { drift(t, client, name, topicARN) },
				Config:             updateConfig,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				Config: updateConfig,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(caAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(caAddr, tfjsonpath.New("all_rules_delivering"), knownvalue.Bool(true)),
				},
				Check: resource.ComposeTestCheckFunc(
					checkRemote(client, name, key2, updated),
					checkSubscriptions(client, topicARN, map[string]string{"soc@example.net": "email", "https://pager.example.net/hook": "https"}),
				),
			},
			{
				PreConfig: func() {
					if err := tfevents.Destroy(context.Background(), client, name); err != nil {
						t.Fatal(err)
					}
				},
				Config: updateConfig,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(caAddr, plancheck.ResourceActionCreate),
				}},
				Check: checkRemote(client, name, key2, updated),
			},
			{
				Config: caConfig(t, name, fmt.Sprintf(`
  kms_key_arn = %q
  categories  = ["cloudtrail_config", "console_no_mfa", "flow_logs", "root_use"]
  tags        = { Team = "soc" }
`, key2)),
				Check: checkSubscriptions(client, topicARN, map[string]string{}),
			},
		},
	})
}

// TestAccEventsChangeAlerts_existingTopic: a second resource of the same
// name refuses to adopt the first one's topic.
func TestAccEventsChangeAlerts_existingTopic(t *testing.T) {
	name := acctest.RandomName("ca")
	client := acctest.Client(t)
	key := acctest.CreateKMSKey(t, client, "change alerts test key")
	if _, err := client.SNS().CreateTopic(context.Background(), &sns.CreateTopicInput{Name: aws.String(name + "-change-alerts")}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tfevents.Destroy(context.Background(), client, name) })
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config:      caConfig(t, name, fmt.Sprintf(`kms_key_arn = %q`, key)),
			ExpectError: regexp.MustCompile(`already exists: import it`),
		}},
	})
}

func TestAccEventsChangeAlerts_validation(t *testing.T) {
	const key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	cases := []struct {
		body string
		want *regexp.Regexp
	}{
		{`kms_key_arn = "` + key + `"
  categories = ["cloudtrail"]`, regexp.MustCompile(`"cloudtrail"\s+is\s+not\s+a\s+change-alert\s+category`)},
		{`kms_key_arn = "` + key + `"
  categories = []`, regexp.MustCompile(`at least 1`)},
		{`kms_key_arn = "arn:aws:kms:us-east-1:123456789012:alias/aws/sns"`, regexp.MustCompile(`AWS-managed\s+SNS\s+key`)},
		{`kms_key_arn = "` + key + `"
  https_endpoints = ["http://pager.example.net"]`, regexp.MustCompile(`only\s+https\s+endpoints`)},
		{`categories = ["nacl"]`, regexp.MustCompile(`"kms_key_arn" is required`)},
	}
	steps := make([]resource.TestStep, 0, len(cases)+1)
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: caConfig(t, "validation", c.body), PlanOnly: true, ExpectError: c.want})
	}
	steps = append(steps, resource.TestStep{
		Config:      caConfig(t, "a-name-that-is-far-too-long-for-every-rule-name-x", `kms_key_arn = "`+key+`"`),
		PlanOnly:    true,
		ExpectError: regexp.MustCompile(`fits\s+EventBridge.s\s+64`),
	})
	acctest.ParallelTest(t, resource.TestCase{Steps: steps})
}

func importStep(name string) resource.TestStep {
	return resource.TestStep{
		ResourceName:                         caAddr,
		ImportState:                          true,
		ImportStateId:                        name,
		ImportStateVerify:                    true,
		ImportStateVerifyIdentifierAttribute: "name",
	}
}

func caConfig(t *testing.T, name, body string) string {
	return acctest.ConfigCompose(acctest.ProviderConfig(t), fmt.Sprintf(`
resource "commshield_change_alerts" "test" {
  name = %q
  %s
}
`, name, body))
}

// drift undoes the alerting the way an intruder would before acting: one
// rule deleted, one disabled, a target removed, a pattern narrowed to
// nothing, the topic policy opened to everyone, the encryption removed.
func drift(t *testing.T, client *awsclient.Client, name, topicARN string) {
	t.Helper()
	ctx := context.Background()
	eb, sn := client.EventBridge(), client.SNS()
	steps := []func() error{
		func() error { return alerting.DeleteRule(ctx, eb, name+"-flow_logs", "commshield-change-alerts-sns") },
		func() error {
			_, err := eb.DisableRule(ctx, &eventbridge.DisableRuleInput{Name: aws.String(name + "-root_use")})
			return err
		},
		func() error {
			_, err := eb.RemoveTargets(ctx, &eventbridge.RemoveTargetsInput{Rule: aws.String(name + "-console_no_mfa"), Ids: []string{"commshield-change-alerts-sns"}})
			return err
		},
		func() error {
			_, err := eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String(name + "-cloudtrail_config"), EventPattern: aws.String(`{"source":["aws.cloudtrail"],"detail":{"eventName":["NothingEverHappens"]}}`)})
			return err
		},
		func() error {
			open := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sns:Publish","Resource":"` + topicARN + `"}]}`
			_, err := sn.SetTopicAttributes(ctx, &sns.SetTopicAttributesInput{TopicArn: aws.String(topicARN), AttributeName: aws.String("Policy"), AttributeValue: aws.String(open)})
			return err
		},
		func() error {
			_, err := sn.SetTopicAttributes(ctx, &sns.SetTopicAttributesInput{TopicArn: aws.String(topicARN), AttributeName: aws.String("KmsMasterKeyId"), AttributeValue: aws.String("")})
			return err
		},
		func() error { // the SOC mailbox silently unsubscribed
			subs, err := alerting.FindSubscriptions(ctx, sn, topicARN)
			if err != nil {
				return err
			}
			for _, sub := range subs {
				if aws.ToString(sub.Endpoint) == "soc@example.net" {
					_, err = sn.Unsubscribe(ctx, &sns.UnsubscribeInput{SubscriptionArn: sub.SubscriptionArn})
					return err
				}
			}
			return fmt.Errorf("no soc@example.net subscription to drift")
		},
	}
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("drift step %d: %v", i, err)
		}
	}
}

// checkRemote verifies through the SDK: the topic is encrypted with key
// and its policy lets exactly the wanted rules publish; each wanted rule
// exists, is enabled, has the category's pattern and targets the topic;
// no other category's rule exists.
func checkRemote(client *awsclient.Client, name, key string, want []string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		ctx := context.Background()
		topicARN := fmt.Sprintf("arn:aws:sns:us-east-1:123456789012:%s-change-alerts", name)
		attrs, err := alerting.FindTopicAttributes(ctx, client.SNS(), topicARN)
		if err != nil {
			return err
		}
		if attrs["KmsMasterKeyId"] != key {
			return fmt.Errorf("topic key = %q, want %q", attrs["KmsMasterKeyId"], key)
		}
		var ruleARNs []string
		for _, cat := range want {
			ruleARNs = append(ruleARNs, fmt.Sprintf("arn:aws:events:us-east-1:123456789012:rule/%s-%s", name, cat))
		}
		wantPolicy, err := alerting.TopicPolicy(topicARN, ruleARNs)
		if err != nil {
			return err
		}
		if !iampolicy.Equivalent(attrs["Policy"], wantPolicy) {
			return fmt.Errorf("topic policy = %s, want %s", attrs["Policy"], wantPolicy)
		}
		for _, cat := range tfevents.CategoryNames() {
			rule, err := alerting.FindRule(ctx, client.EventBridge(), name+"-"+cat)
			if !slices.Contains(want, cat) {
				if !awsclient.IsNotFound(err) {
					return acctest.NotGone("rule for unselected category "+cat, err)
				}
				continue
			}
			if err != nil {
				return err
			}
			pattern, _ := tfevents.EventPattern(cat)
			if rule.State != ebtypes.RuleStateEnabled || !alerting.SameJSON(aws.ToString(rule.EventPattern), pattern) {
				return fmt.Errorf("rule %s: state %s pattern %s, want ENABLED %s", cat, rule.State, aws.ToString(rule.EventPattern), pattern)
			}
			targets, err := alerting.FindTargets(ctx, client.EventBridge(), name+"-"+cat)
			if err != nil {
				return err
			}
			if len(targets) != 1 || aws.ToString(targets[0].Arn) != topicARN {
				return fmt.Errorf("rule %s targets %v, want only %s", cat, targets, topicARN)
			}
		}
		return nil
	}
}

func checkSubscriptions(client *awsclient.Client, topicARN string, want map[string]string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		subs, err := alerting.FindSubscriptions(context.Background(), client.SNS(), topicARN)
		if err != nil {
			return err
		}
		got := map[string]string{}
		for _, s := range subs {
			got[aws.ToString(s.Endpoint)] = aws.ToString(s.Protocol)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			return fmt.Errorf("subscriptions = %v, want %v", got, want)
		}
		return nil
	}
}

func checkDestroyed(client *awsclient.Client) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for _, rs := range s.RootModule().Resources {
			if rs.Type != "commshield_change_alerts" {
				continue
			}
			name := rs.Primary.ID
			_, err := alerting.FindTopicAttributes(context.Background(), client.SNS(), "arn:aws:sns:us-east-1:123456789012:"+name+"-change-alerts")
			if !awsclient.IsNotFound(err) {
				return acctest.NotGone("topic of "+name+" after destroy", err)
			}
			var errs []error
			for _, cat := range tfevents.CategoryNames() {
				if _, err := alerting.FindRule(context.Background(), client.EventBridge(), name+"-"+cat); !awsclient.IsNotFound(err) {
					errs = append(errs, acctest.NotGone("rule "+name+"-"+cat+" after destroy", err))
				}
			}
			if err := errors.Join(errs...); err != nil {
				return err
			}
		}
		return nil
	}
}

package catalog_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/commshield/terraform-provider-commshield/internal/acctest"
)

func TestMain(m *testing.M) { acctest.Run(m) }

func TestAccControlsDataSource(t *testing.T) {
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: acctest.ConfigCompose(acctest.ProviderConfig(t), `
data "commshield_controls" "all" {}
data "commshield_controls" "log_checkable" {
  category       = "LOG"
  plan_checkable = true
}
data "commshield_controls" "not_aws" {
  aws_applicable = false
}
output "log_ids" { value = [for c in data.commshield_controls.log_checkable.controls : c.id] }
output "first"   { value = data.commshield_controls.all.controls[0] }
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.commshield_controls.all", tfjsonpath.New("controls"), knownvalue.ListSizeExact(77)),
				statecheck.ExpectKnownOutputValueAtPath("first", tfjsonpath.New("id"), knownvalue.StringExact("LOG-01")),
				statecheck.ExpectKnownOutputValueAtPath("first", tfjsonpath.New("category"), knownvalue.StringExact("logging_monitoring")),
				statecheck.ExpectKnownOutputValueAtPath("first", tfjsonpath.New("plan_checkable"), knownvalue.Bool(true)),
				statecheck.ExpectKnownOutputValueAtPath("first", tfjsonpath.New("references").AtSliceIndex(0).AtMapKey("url"),
					knownvalue.StringRegexp(regexp.MustCompile(`^https://www\.cisa\.gov/`))),
				// LOG-01 … LOG-13 are all plan-checkable (yes or partly).
				statecheck.ExpectKnownOutputValue("log_ids", knownvalue.ListSizeExact(13)),
				statecheck.ExpectKnownValue("data.commshield_controls.not_aws", tfjsonpath.New("controls"),
					knownvalue.ListPartial(map[int]knownvalue.Check{0: knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"cloud":          knownvalue.StringExact("na"),
						"aws_applicable": knownvalue.Bool(false),
					})})),
			},
		}},
	})
}

func TestAccRulesDataSource(t *testing.T) {
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config:      acctest.ConfigCompose(acctest.ProviderConfig(t), `data "commshield_rules" "typo" { control = "LOG-1" }`),
				ExpectError: regexp.MustCompile(`"LOG-1" is not in the control catalog`),
			},
			{
				Config: acctest.ConfigCompose(acctest.ProviderConfig(t), `
data "commshield_rules" "flow" {
  control = "LOG-01"
}
data "commshield_rules" "critical_net" {
  category = "NET"
  severity = "critical"
}
locals {
  r01 = one([for r in data.commshield_rules.flow.rules : r if r.id == "LOG-R01"])
}
output "r01_config"   { value = local.r01.aws_config_rules }
output "r01_hub"      { value = local.r01.security_hub_controls }
output "critical_sev" { value = distinct([for r in data.commshield_rules.critical_net.rules : r.severity]) }
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("r01_config", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("vpc-flow-logs-enabled")})),
					statecheck.ExpectKnownOutputValue("r01_hub", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("EC2.6")})),
					statecheck.ExpectKnownOutputValue("critical_sev", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("critical")})),
					statecheck.ExpectKnownValue("data.commshield_rules.flow", tfjsonpath.New("rule_set_version"), knownvalue.NotNull()),
				},
			},
		},
	})
}

func TestAccTLSPoliciesDataSource(t *testing.T) {
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config:      acctest.ConfigCompose(acctest.ProviderConfig(t), `data "commshield_tls_policies" "bad" { service = "alb" }`),
				ExpectError: regexp.MustCompile(`(?s)service.*value must be one of`),
			},
			{
				Config: acctest.ConfigCompose(acctest.ProviderConfig(t), `
data "commshield_tls_policies" "alb_tls13" {
  service       = "elbv2"
  minimum_level = "tls13"
}
data "commshield_tls_policies" "cloudfront" {
  service = "cloudfront"
}
data "commshield_tls_policies" "all" {}
output "alb_levels"        { value = distinct([for p in data.commshield_tls_policies.alb_tls13.policies : p.level]) }
output "alb_has_pq"        { value = contains(data.commshield_tls_policies.alb_tls13.names, "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09") }
output "alb_has_2016"      { value = contains(data.commshield_tls_policies.alb_tls13.names, "ELBSecurityPolicy-2016-08") }
output "cloudfront_tls1"   { value = contains(data.commshield_tls_policies.cloudfront.names, "TLSv1") }
output "cloudfront_2021"   { value = contains(data.commshield_tls_policies.cloudfront.names, "TLSv1.2_2021") }
output "services"          { value = distinct([for p in data.commshield_tls_policies.all.policies : p.service]) }
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("alb_levels", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("pq-hybrid"), knownvalue.StringExact("tls13")})),
					statecheck.ExpectKnownOutputValue("alb_has_pq", knownvalue.Bool(true)),
					statecheck.ExpectKnownOutputValue("alb_has_2016", knownvalue.Bool(false)),
					statecheck.ExpectKnownOutputValue("cloudfront_tls1", knownvalue.Bool(false)),
					statecheck.ExpectKnownOutputValue("cloudfront_2021", knownvalue.Bool(true)),
					statecheck.ExpectKnownOutputValue("services", knownvalue.SetPartial([]knownvalue.Check{
						knownvalue.StringExact("apigateway"), knownvalue.StringExact("cloudfront"), knownvalue.StringExact("elbv2"),
					})),
					statecheck.ExpectKnownValue("data.commshield_tls_policies.alb_tls13", tfjsonpath.New("id"), knownvalue.StringExact("elbv2/tls13")),
				},
			},
		},
	})
}

package functions_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/commshield/terraform-provider-commshield/internal/acctest"
)

func TestMain(m *testing.M) { acctest.Run(m) }

// The functions run inside real Terraform (>= 1.8), called as
// provider::commshield::<name>(…) in outputs.

func TestAccFunctionCIDRIsPublic(t *testing.T) {
	acctest.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		Steps: []resource.TestStep{
			{
				Config: acctest.ConfigCompose(acctest.ProviderConfig(t), `
output "anywhere_v4" { value = provider::commshield::cidr_is_public("0.0.0.0/0") }
output "anywhere_v6" { value = provider::commshield::cidr_is_public("::/0") }
output "private"     { value = provider::commshield::cidr_is_public("10.0.0.0/8") }
output "straddling"  { value = provider::commshield::cidr_is_public("172.0.0.0/8") }
output "ula"         { value = provider::commshield::cidr_is_public("fd00::/8") }
output "list"        { value = [for c in ["192.168.0.0/16", "8.8.8.8/32"] : provider::commshield::cidr_is_public(c)] }
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("anywhere_v4", knownvalue.Bool(true)),
					statecheck.ExpectKnownOutputValue("anywhere_v6", knownvalue.Bool(true)),
					statecheck.ExpectKnownOutputValue("private", knownvalue.Bool(false)),
					statecheck.ExpectKnownOutputValue("straddling", knownvalue.Bool(true)),
					statecheck.ExpectKnownOutputValue("ula", knownvalue.Bool(false)),
					statecheck.ExpectKnownOutputValue("list", knownvalue.ListExact([]knownvalue.Check{knownvalue.Bool(false), knownvalue.Bool(true)})),
				},
			},
			{
				Config:      acctest.ConfigCompose(acctest.ProviderConfig(t), `output "bad" { value = provider::commshield::cidr_is_public("10.0.0.1") }`),
				ExpectError: regexp.MustCompile(`prefix length`),
			},
		},
	})
}

func TestAccFunctionPortIsPlaintext(t *testing.T) {
	acctest.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		Steps: []resource.TestStep{
			{
				Config: acctest.ConfigCompose(acctest.ProviderConfig(t), `
output "telnet" { value = provider::commshield::port_is_plaintext("tcp", 23) }
output "snmp"   { value = provider::commshield::port_is_plaintext("udp", 161) }
output "ssh"    { value = provider::commshield::port_is_plaintext("tcp", 22) }
output "any"    { value = provider::commshield::port_is_plaintext("-1", 80) }
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("telnet", knownvalue.Bool(true)),
					statecheck.ExpectKnownOutputValue("snmp", knownvalue.Bool(true)),
					statecheck.ExpectKnownOutputValue("ssh", knownvalue.Bool(false)),
					statecheck.ExpectKnownOutputValue("any", knownvalue.Bool(true)),
				},
			},
			{
				Config:      acctest.ConfigCompose(acctest.ProviderConfig(t), `output "bad" { value = provider::commshield::port_is_plaintext("tcp", 70000) }`),
				ExpectError: regexp.MustCompile(`out of range`),
			},
		},
	})
}

func TestAccFunctionTLSPolicyIsApproved(t *testing.T) {
	acctest.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		Steps: []resource.TestStep{
			{
				Config: acctest.ConfigCompose(acctest.ProviderConfig(t), fmt.Sprintf(`
output "tls12_default" { value = provider::commshield::tls_policy_is_approved("elbv2", %[1]q) }
output "tls12_vs_13"   { value = provider::commshield::tls_policy_is_approved("elbv2", %[1]q, "tls13") }
output "aws_default"   { value = provider::commshield::tls_policy_is_approved("elbv2", "ELBSecurityPolicy-2016-08") }
output "cloudfront"    { value = provider::commshield::tls_policy_is_approved("cloudfront", "TLSv1.2_2021") }
`, "ELBSecurityPolicy-TLS13-1-2-2021-06")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("tls12_default", knownvalue.Bool(true)),
					statecheck.ExpectKnownOutputValue("tls12_vs_13", knownvalue.Bool(false)),
					statecheck.ExpectKnownOutputValue("aws_default", knownvalue.Bool(false)),
					statecheck.ExpectKnownOutputValue("cloudfront", knownvalue.Bool(true)),
				},
			},
			{
				Config:      acctest.ConfigCompose(acctest.ProviderConfig(t), `output "bad" { value = provider::commshield::tls_policy_is_approved("nlb", "x") }`),
				ExpectError: regexp.MustCompile(`unknown service "nlb"`),
			},
		},
	})
}

package provider_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/commshield/terraform-provider-commshield/internal/acctest"
)

func TestMain(m *testing.M) { acctest.Run(m) }

// providerBlock renders a provider block pointed at moto with extra
// arguments.
func providerBlock(t *testing.T, extra string) string {
	base := acctest.ProviderConfig(t)
	return strings.Replace(base, "provider \"commshield\" {\n", "provider \"commshield\" {\n"+extra+"\n", 1)
}

const keyResource = `
resource "commshield_kms_key" "test" {
  alias              = %q
  administrator_arns = ["arn:aws:iam::123456789012:role/deployer"]
}
`

// TestAccProvider_configValidation checks the plan-time diagnostics of the
// provider block.
func TestAccProvider_configValidation(t *testing.T) {
	cases := []struct {
		name, extra string
		want        *regexp.Regexp
	}{
		{"user arn as role", `  assume_role {
    role_arn = "arn:aws:iam::123456789012:user/alice"
  }`, regexp.MustCompile(`(?s)Invalid role ARN.*not an IAM\s+role ARN`)},
		{"missing role arn", `  assume_role {
    session_name = "x"
  }`, regexp.MustCompile(`Missing role ARN`)},
		{"duration out of range", `  assume_role {
    role_arn = "arn:aws:iam::123456789012:role/deployer"
    duration = "13h"
  }`, regexp.MustCompile(`outside the range\s+STS\s+accepts`)},
		{"duration not a duration", `  assume_role {
    role_arn = "arn:aws:iam::123456789012:role/deployer"
    duration = "an hour"
  }`, regexp.MustCompile(`not a duration`)},
		{"bad retry mode", `  retry_mode = "legacy"`, regexp.MustCompile(`value must be one of`)},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      providerBlock(t, c.extra) + fmt.Sprintf(keyResource, "alias/x"),
			PlanOnly:    true,
			ExpectError: c.want,
		})
	}
	// Endpoint keys are validated too; the harness's endpoints map is
	// replaced by one with a typo and a relative URL.
	badEndpoints := strings.Replace(acctest.ProviderConfig(t), "endpoints = {\n", "endpoints = {\n    s4 = \"http://127.0.0.1:1\"\n", 1)
	badEndpoints = strings.Replace(badEndpoints, "    ssm = ", "    ssm = \"127.0.0.1:5000\"\n    #", 1)
	steps = append(steps, resource.TestStep{
		Config:      badEndpoints + fmt.Sprintf(keyResource, "alias/x"),
		PlanOnly:    true,
		ExpectError: regexp.MustCompile(`(?s)unknown service key\s+"s4".*supported\s+keys\s+are`),
	}, resource.TestStep{
		Config:      badEndpoints + fmt.Sprintf(keyResource, "alias/x"),
		PlanOnly:    true,
		ExpectError: regexp.MustCompile(`endpoints.ssm:\s+"127.0.0.1:5000"\s+is\s+not\s+an\s+absolute\s+http\(s\)\s+URL`),
	})
	acctest.ParallelTest(t, resource.TestCase{Steps: steps})
}

// TestAccProvider_assumeRoleAndDefaultTags configures the provider with
// assume_role (moto's STS issues session credentials for the role) and
// default_tags, and creates a resource through it.
func TestAccProvider_assumeRoleAndDefaultTags(t *testing.T) {
	alias := "alias/" + acctest.RandomName("prov")
	config := providerBlock(t, `  assume_role {
    role_arn     = "arn:aws:iam::123456789012:role/commshield-deployer"
    session_name = "acc"
    external_id  = "noc"
    duration     = "30m"
  }
  retry_mode = "standard"
  default_tags {
    tags = { Owner = "noc", Env = "acc" }
  }`) + fmt.Sprintf(`
resource "commshield_kms_key" "test" {
  alias              = %q
  administrator_arns = ["arn:aws:iam::123456789012:role/commshield-deployer"]
  tags               = { Env = "lab" }
}
`, alias)
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("commshield_kms_key.test", tfjsonpath.New("tags_all"), knownvalue.MapExact(map[string]knownvalue.Check{
					"Owner": knownvalue.StringExact("noc"),
					"Env":   knownvalue.StringExact("lab"), // resource tags win
				})),
				statecheck.ExpectKnownValue("commshield_kms_key.test", tfjsonpath.New("arn"), knownvalue.StringRegexp(regexp.MustCompile(`^arn:aws:kms:us-east-1:123456789012:key/`))),
			},
		}},
	})
}

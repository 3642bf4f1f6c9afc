package provider_test

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/commshield/terraform-provider-commshield/internal/acctest"
	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
	"github.com/commshield/terraform-provider-commshield/internal/controls"
)

// withoutAWSAccess strips every AWS credential and region source from the
// process (the provider runs in-process, so it reads this environment),
// points the shared files at empty files and returns the URL of a closed
// loopback port, so nothing can reach moto or AWS. t.Setenv makes these
// tests sequential; Go runs them before the package's parallel tests resume,
// so no parallel test sees the stripped environment.
func withoutAWSAccess(t *testing.T) string {
	t.Helper()
	acctest.PreCheck(t)
	dir := t.TempDir()
	emptyCredentials := filepath.Join(dir, "credentials")
	emptyConfig := filepath.Join(dir, "config")
	for _, f := range []string{emptyCredentials, emptyConfig} {
		if err := os.WriteFile(f, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	l, err := (&net.ListenConfig{}).Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}

	// The SDK treats an empty variable as unset.
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
		"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN",
		"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI"} {
		t.Setenv(k, "")
	}
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", emptyCredentials)
	t.Setenv("AWS_CONFIG_FILE", emptyConfig)
	t.Setenv("AWS_ENDPOINT_URL", closed)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	return closed
}

// offlineProvider renders a provider block whose every endpoint is the
// closed port, with extra arguments.
func offlineProvider(closed, extra string) string {
	var b strings.Builder
	b.WriteString("provider \"commshield\" {\n" + extra + "\n  max_retries = 1\n  endpoints = {\n")
	for _, k := range awsclient.EndpointKeys() {
		fmt.Fprintf(&b, "    %s = %q\n", k, closed)
	}
	b.WriteString("  }\n}\n")
	return b.String()
}

// controlsWithPrefix counts the embedded catalog's controls whose ID
// starts with prefix + "-": filtering by the category prefix must return
// every one, and the count follows the catalog rather than a number copied
// from it.
func controlsWithPrefix(t *testing.T, prefix string) int {
	t.Helper()
	n := 0
	for _, c := range controls.Load().Controls() {
		if strings.HasPrefix(c.ID, prefix+"-") {
			n++
		}
	}
	if n == 0 {
		t.Fatalf("the catalog has no %s- controls", prefix)
	}
	return n
}

// catalogOnly reads the three catalog data sources. Provider functions are
// in functionCalls, a separate test: OpenTofu 1.6 (make testacc-tofu) and
// Terraform before 1.8 have no provider functions, while the catalog must
// work offline there too.
const catalogOnly = `
data "commshield_controls" "log" {
  category = "LOG"
}
data "commshield_rules" "flow" {
  control = "LOG-01"
}
data "commshield_tls_policies" "alb" {
  service       = "elbv2"
  minimum_level = "tls13"
}
output "flow_rule_ids" {
  value = [for r in data.commshield_rules.flow.rules : r.id]
}
`

const functionCalls = `
output "internet_is_public" {
  value = provider::commshield::cidr_is_public("0.0.0.0/0")
}
output "telnet_is_plaintext" {
  value = provider::commshield::port_is_plaintext("tcp", 23)
}
`

// TestAccProvider_catalogWithoutCredentials reads the three catalog data
// sources with no credentials, no region and no reachable endpoint, under
// skip_credentials_validation.
func TestAccProvider_catalogWithoutCredentials(t *testing.T) {
	closed := withoutAWSAccess(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: offlineProvider(closed, "  skip_credentials_validation = true") + catalogOnly,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.commshield_controls.log", tfjsonpath.New("controls"), knownvalue.ListSizeExact(controlsWithPrefix(t, "LOG"))),
				statecheck.ExpectKnownValue("data.commshield_controls.log", tfjsonpath.New("controls").AtSliceIndex(0).AtMapKey("id"), knownvalue.StringExact("LOG-01")),
				statecheck.ExpectKnownOutputValue("flow_rule_ids", knownvalue.ListPartial(map[int]knownvalue.Check{0: knownvalue.StringExact("LOG-R01")})),
				statecheck.ExpectKnownValue("data.commshield_tls_policies.alb", tfjsonpath.New("names"), knownvalue.ListPartial(map[int]knownvalue.Check{
					0: knownvalue.StringRegexp(regexp.MustCompile(`^ELBSecurityPolicy-TLS13-`)),
				})),
				statecheck.ExpectKnownValue("data.commshield_tls_policies.alb", tfjsonpath.New("id"), knownvalue.StringExact("elbv2/tls13")),
			},
		}},
	})
}

// TestAccProvider_functionsWithoutCredentials calls two provider functions
// beside the catalog under the same offline setup (Terraform >= 1.8, where
// provider functions exist).
func TestAccProvider_functionsWithoutCredentials(t *testing.T) {
	closed := withoutAWSAccess(t)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: offlineProvider(closed, "  skip_credentials_validation = true") + catalogOnly + functionCalls,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("internet_is_public", knownvalue.Bool(true)),
				statecheck.ExpectKnownOutputValue("telnet_is_plaintext", knownvalue.Bool(true)),
				statecheck.ExpectKnownOutputValue("flow_rule_ids", knownvalue.ListPartial(map[int]knownvalue.Check{0: knownvalue.StringExact("LOG-R01")})),
			},
		}},
	})
}

// TestAccProvider_awsResourceWithoutCredentials: under the same offline
// setup an AWS-backed resource or data source fails at plan time with a
// diagnostic naming it and what to configure (never a panic or a hang on
// the closed port).
func TestAccProvider_awsResourceWithoutCredentials(t *testing.T) {
	closed := withoutAWSAccess(t)
	key := fmt.Sprintf(keyResource, "alias/offline")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      offlineProvider(closed, "  region = \"eu-west-1\"\n  skip_credentials_validation = true") + key,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)AWS access required.*commshield_kms_key calls AWS.*no usable AWS\s+credentials.*AWS_ACCESS_KEY_ID`),
			},
			{
				Config:      offlineProvider(closed, "  region = \"eu-west-1\"\n  skip_credentials_validation = true") + `data "commshield_account_posture" "this" {}`,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)AWS access required.*commshield_account_posture calls AWS.*no usable AWS\s+credentials`),
			},
			{
				// No region either: that is what the diagnostic names.
				Config:      offlineProvider(closed, "  skip_credentials_validation = true") + key,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)commshield_kms_key calls AWS.*no AWS region: set the\s+provider's region.*only the catalog data\s+sources`),
			},
			{
				Config:      offlineProvider(closed, "  region = \"eu-west-1\"\n  skip_credentials_validation = true\n  skip_requesting_account_id = true") + key,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)AWS account ID required.*commshield_kms_key.*remove\s+skip_requesting_account_id`),
			},
		},
	})
}

// TestAccProvider_defaultValidatesCredentials: without the skip, missing
// credentials fail at configure time, even for a configuration that only
// reads the catalog, and the error says both how to configure credentials
// and that skip_credentials_validation serves catalog-only configurations.
func TestAccProvider_defaultValidatesCredentials(t *testing.T) {
	closed := withoutAWSAccess(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      offlineProvider(closed, "  region = \"eu-west-1\"") + catalogOnly,
			ExpectError: regexp.MustCompile(`(?s)no usable AWS credentials.*AWS_ACCESS_KEY_ID.*set\s+skip_credentials_validation\s+=\s+true`),
		}},
	})
}

// TestAccProvider_skipValidationFetchesAccountLazily: with credentials and
// skip_credentials_validation, the account ID is asked for when the first
// resource needs it, and ends up in the key's ARN.
func TestAccProvider_skipValidationFetchesAccountLazily(t *testing.T) {
	alias := "alias/" + acctest.RandomName("lazy")
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: providerBlock(t, "  skip_credentials_validation = true") + fmt.Sprintf(keyResource, alias),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("commshield_kms_key.test", tfjsonpath.New("arn"),
					knownvalue.StringRegexp(regexp.MustCompile(`^arn:aws:kms:us-east-1:`+acctest.MotoAccountID+`:key/`))),
			},
		}},
	})
}

// TestAccProvider_skipRequestingAccountID: with both skips, a resource that
// needs no account ID (commshield_config_rules) is created on moto, and one
// that does (commshield_kms_key) is refused with the diagnostic, in the same
// provider configuration.
func TestAccProvider_skipRequestingAccountID(t *testing.T) {
	prefix := acctest.RandomName("noacct") + "-"
	skips := providerBlock(t, "  skip_credentials_validation = true\n  skip_requesting_account_id = true")
	rules := fmt.Sprintf(`
resource "commshield_config_rules" "test" {
  name_prefix = %q
  controls    = ["LOG-01"]
}
`, prefix)
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: skips + rules,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("commshield_config_rules.test", tfjsonpath.New("rules").AtMapKey(prefix+"vpc-flow-logs-enabled").AtMapKey("source_identifier"),
						knownvalue.StringExact("VPC_FLOW_LOGS_ENABLED")),
				},
			},
			{
				Config:      skips + rules + fmt.Sprintf(keyResource, "alias/"+prefix+"key"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)AWS account ID required.*commshield_kms_key.*skip_requesting_account_id\s+=\s+true`),
			},
		},
	})
}

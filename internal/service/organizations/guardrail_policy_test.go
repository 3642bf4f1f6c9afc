package organizations_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsorgs "github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/commshield/terraform-provider-commshield/internal/acctest"
	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
	"github.com/commshield/terraform-provider-commshield/internal/iampolicy"
	tforgs "github.com/commshield/terraform-provider-commshield/internal/service/organizations"
)

func TestMain(m *testing.M) { acctest.Run(m) }

const gpAddr = "commshield_guardrail_policy.test"

// organization makes moto's account an organization management account
// (once per moto server; parallel tests tolerate each other's creation)
// and returns its root ID and a new OU under it.
func organization(t *testing.T, client *awsclient.Client, ouName string) (rootID, ouID string) {
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
	rootID = aws.ToString(roots.Roots[0].Id)
	_, err = conn.EnablePolicyType(ctx, &awsorgs.EnablePolicyTypeInput{RootId: aws.String(rootID), PolicyType: orgtypes.PolicyTypeServiceControlPolicy})
	if err != nil && !awsclient.HasErrorCode(err, "PolicyTypeAlreadyEnabledException") {
		t.Fatalf("enabling SCPs: %v", err)
	}
	ou, err := conn.CreateOrganizationalUnit(ctx, &awsorgs.CreateOrganizationalUnitInput{ParentId: aws.String(rootID), Name: aws.String(ouName)})
	if err != nil {
		t.Fatalf("creating OU %s: %v", ouName, err)
	}
	return rootID, aws.ToString(ou.OrganizationalUnit.Id)
}

// TestAccOrganizationsGuardrailPolicy_lifecycle: create (defaults, one OU),
// import, update (regions, exemption, options off, a second OU), import,
// drift (content rewritten, a target detached), repair, disappearance,
// destroy.
func TestAccOrganizationsGuardrailPolicy_lifecycle(t *testing.T) {
	name := acctest.RandomName("gp")
	client := acctest.Client(t)
	_, ou1 := organization(t, client, name+"-a")
	_, ou2 := organization(t, client, name+"-b")
	_, ou3 := organization(t, client, name+"-c")

	createConfig := gpConfig(t, name, fmt.Sprintf(`target_ids = [%q]`, ou1))
	updateConfig := gpConfig(t, name, fmt.Sprintf(`
  target_ids                = [%q, %q]
  allowed_regions           = ["eu-west-1", "eu-central-1"]
  exempt_principal_arns     = ["arn:aws:iam::*:role/break-glass-*"]
  deny_iam_users_and_keys   = false
  protect_security_hub      = false
  description               = "Telecom landing zone guardrails"
  tags                      = { Owner = "secops" }
`, ou1, ou2))

	var policyID string
	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: checkDestroyed(client),
		Steps: []resource.TestStep{
			{
				Config: createConfig,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(gpAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(gpAddr, tfjsonpath.New("content"), knownvalue.StringRegexp(regexp.MustCompile(`"Sid":"ProtectCloudTrail"`))),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(gpAddr, tfjsonpath.New("deny_root_user"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(gpAddr, tfjsonpath.New("protect_flow_logs"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(gpAddr, tfjsonpath.New("allowed_regions"), knownvalue.SetSizeExact(0)),
				},
				Check: resource.ComposeTestCheckFunc(
					func(s *terraform.State) error { policyID = s.RootModule().Resources[gpAddr].Primary.ID; return nil },
					checkRemote(client, gpAddr, []string{ou1}, []string{"ProtectCloudTrail", "ProtectSecurityHub", "DenyIAMUsersAndAccessKeys", "DenyRootUser"}, nil),
				),
			},
			importStep(),
			{
				Config: updateConfig,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(gpAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(gpAddr, tfjsonpath.New("description"), knownvalue.StringExact("Telecom landing zone guardrails")),
					statecheck.ExpectKnownValue(gpAddr, tfjsonpath.New("tags_all"), knownvalue.MapExact(map[string]knownvalue.Check{"Owner": knownvalue.StringExact("secops")})),
				},
				Check: checkRemote(client, gpAddr, []string{ou1, ou2}, []string{"ProtectCloudTrail", "DenyOutsideAllowedRegions", "DenyRootUser"}, []string{"ProtectSecurityHub", "DenyIAMUsersAndAccessKeys"}),
			},
			importStep(),
			{
				PreConfig:          func() { drift(t, client, policyID, ou2, ou3) },
				Config:             updateConfig,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				Config: updateConfig,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(gpAddr, plancheck.ResourceActionUpdate),
				}},
				Check: checkRemote(client, gpAddr, []string{ou1, ou2}, []string{"ProtectCloudTrail", "DenyOutsideAllowedRegions", "DenyRootUser"}, []string{"ProtectSecurityHub"}),
			},
			{
				PreConfig: func() {
					if err := tforgs.Destroy(context.Background(), client, policyID); err != nil {
						t.Fatal(err)
					}
				},
				Config: updateConfig,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(gpAddr, plancheck.ResourceActionCreate),
				}},
				Check: checkRemote(client, gpAddr, []string{ou1, ou2}, []string{"ProtectCloudTrail", "DenyOutsideAllowedRegions"}, nil),
			},
		},
	})
}

// TestAccOrganizationsGuardrailPolicy_partialFailure: attaching to an OU
// that does not exist fails after the policy was created; the policy is in
// state as tainted, and destroy deletes it: nothing is orphaned.
func TestAccOrganizationsGuardrailPolicy_partialFailure(t *testing.T) {
	name := acctest.RandomName("gp")
	client := acctest.Client(t)
	organization(t, client, name)
	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: checkDestroyed(client),
		Steps: []resource.TestStep{{
			Config:      gpConfig(t, name, `target_ids = ["ou-zz99-doesnotexist"]`),
			ExpectError: regexp.MustCompile(`(?s)Check target_ids.*recorded in state as tainted`),
		}},
	})
	// CheckDestroy judged the tainted state; also confirm no policy of that
	// name survived.
	out, err := client.Organizations().ListPolicies(context.Background(), &awsorgs.ListPoliciesInput{Filter: orgtypes.PolicyTypeServiceControlPolicy})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range out.Policies {
		if aws.ToString(p.Name) == name {
			t.Errorf("policy %s (%s) left behind after the failed create was destroyed", name, aws.ToString(p.Id))
		}
	}
}

func TestAccOrganizationsGuardrailPolicy_validation(t *testing.T) {
	var many []string
	for i := range 40 {
		many = append(many, fmt.Sprintf("%q", fmt.Sprintf("arn:aws:iam::111122223333:role/responder-%02d", i)))
	}
	allOff := `
  protect_cloudtrail = false
  protect_config = false
  protect_guardduty = false
  protect_security_hub = false
  protect_flow_logs = false
  deny_leave_organization = false
  protect_ebs_default_encryption = false
  protect_account_public_access_block = false
  deny_iam_users_and_keys = false
  deny_root_user = false`
	cases := []struct {
		body string
		want *regexp.Regexp
	}{
		{`target_ids = ["r-ab12"]
  exempt_principal_arns = [` + strings.Join(many, ", ") + `]`, regexp.MustCompile(`(?s)Guardrail policy too large.*Organizations\s+accepts\s+at\s+most\s+5120.*exempt_principal_arns`)},
		{`target_ids = ["r-ab12"]` + allOff, regexp.MustCompile(`Guardrail policy denies nothing`)},
		{`target_ids = ["prod"]`, regexp.MustCompile(`not an organization root`)},
		{`target_ids = []`, regexp.MustCompile(`at least 1`)},
		{`target_ids = ["r-ab12"]
  allowed_regions = ["Europe"]`, regexp.MustCompile(`not an AWS region`)},
		{`target_ids = ["r-ab12"]
  exempt_principal_arns = ["arn:aws:iam::*:role/*"]`, regexp.MustCompile(`exempts every role`)},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: gpConfig(t, "validation", c.body), PlanOnly: true, ExpectError: c.want})
	}
	acctest.ParallelTest(t, resource.TestCase{Steps: steps})
}

func importStep() resource.TestStep {
	return resource.TestStep{ResourceName: gpAddr, ImportState: true, ImportStateVerify: true}
}

func gpConfig(t *testing.T, name, body string) string {
	return acctest.ConfigCompose(acctest.ProviderConfig(t), fmt.Sprintf(`
resource "commshield_guardrail_policy" "test" {
  name = %q
  %s
}
`, name, body))
}

// drift rewrites the policy to allow everything (as someone with
// Organizations rights would before switching services off) and detaches
// it from one OU and attaches it to another (to be detached by apply).
func drift(t *testing.T, client *awsclient.Client, id, ou, extra string) {
	t.Helper()
	ctx := context.Background()
	conn := client.Organizations()
	open := `{"Version":"2012-10-17","Statement":[{"Sid":"ProtectCloudTrail","Effect":"Allow","Action":"*","Resource":"*"}]}`
	if _, err := conn.UpdatePolicy(ctx, &awsorgs.UpdatePolicyInput{PolicyId: aws.String(id), Content: aws.String(open)}); err != nil {
		t.Fatalf("rewriting the policy: %v", err)
	}
	if _, err := conn.DetachPolicy(ctx, &awsorgs.DetachPolicyInput{PolicyId: aws.String(id), TargetId: aws.String(ou)}); err != nil {
		t.Fatalf("detaching from %s: %v", ou, err)
	}
	if _, err := conn.AttachPolicy(ctx, &awsorgs.AttachPolicyInput{PolicyId: aws.String(id), TargetId: aws.String(extra)}); err != nil {
		t.Fatalf("attaching to %s: %v", extra, err)
	}
}

// checkRemote verifies through the SDK that the policy in state exists as
// an SCP with the content in state, carries the wanted statements and not
// the unwanted ones, and is attached to exactly targets.
func checkRemote(client *awsclient.Client, addr string, targets, wantSids, notSids []string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs := s.RootModule().Resources[addr]
		ctx := context.Background()
		policy, err := tforgs.FindPolicyByID(ctx, client.Organizations(), rs.Primary.ID)
		if err != nil {
			return err
		}
		content := aws.ToString(policy.Content)
		if !iampolicy.Equivalent(content, rs.Primary.Attributes["content"]) {
			return fmt.Errorf("remote content %s differs from state %s", content, rs.Primary.Attributes["content"])
		}
		doc, err := iampolicy.Parse(content)
		if err != nil {
			return err
		}
		for _, sid := range wantSids {
			if _, ok := doc.StatementBySid(sid); !ok {
				return fmt.Errorf("statement %s missing from %s", sid, content)
			}
		}
		for _, sid := range notSids {
			if _, ok := doc.StatementBySid(sid); ok {
				return fmt.Errorf("statement %s present in %s", sid, content)
			}
		}
		got, err := tforgs.FindPolicyTargets(ctx, client.Organizations(), rs.Primary.ID)
		if err != nil {
			return err
		}
		if !slices.Equal(sortedCopy(got), sortedCopy(targets)) {
			return fmt.Errorf("targets %v, want %v", got, targets)
		}
		return nil
	}
}

func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

func checkDestroyed(client *awsclient.Client) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for _, rs := range s.RootModule().Resources {
			if rs.Type != "commshield_guardrail_policy" {
				continue
			}
			if _, err := tforgs.FindPolicyByID(context.Background(), client.Organizations(), rs.Primary.ID); !awsclient.IsNotFound(err) {
				return acctest.NotGone("policy "+rs.Primary.ID+" after destroy", err)
			}
		}
		return nil
	}
}

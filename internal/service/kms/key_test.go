package kms_test

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/commshield/terraform-provider-commshield/internal/acctest"
	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
	"github.com/commshield/terraform-provider-commshield/internal/iampolicy"
	tfkms "github.com/commshield/terraform-provider-commshield/internal/service/kms"
)

func TestMain(m *testing.M) { acctest.Run(m) }

const (
	keyAddr    = "commshield_kms_key.test"
	adminARN   = "arn:aws:iam::123456789012:role/cs-key-admin"
	userARN    = "arn:aws:iam::123456789012:role/cs-log-reader"
	user2ARN   = "arn:aws:iam::123456789012:role/cs-siem"
	motoCaller = "arn:aws:iam::123456789012:user/moto"
)

func testAccKeyConfig(t *testing.T, alias, extra string) string {
	return acctest.ConfigCompose(acctest.ProviderConfig(t), fmt.Sprintf(`
resource "commshield_kms_key" "test" {
  alias              = %[1]q
  administrator_arns = [%[2]q, %[3]q]
  user_arns          = [%[4]q]
  service_principals = ["cloudtrail.amazonaws.com", "logs.us-east-1.amazonaws.com"]
%[5]s
}
`, alias, adminARN, motoCaller, userARN, extra))
}

// TestAccKMSKey_basic walks one key through create, import, update, drift
// (rotation disabled, policy replaced, alias removed outside Terraform),
// disappearance and destroy.
func TestAccKMSKey_basic(t *testing.T) {
	alias := "alias/" + acctest.RandomName("kms")
	renamed := alias + "-renamed"
	var keyID, recreatedID string

	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: testAccCheckKeyDestroy(t),
		Steps: []resource.TestStep{
			{
				Config: testAccKeyConfig(t, alias, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(keyAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("rotation_enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("rotation_period_in_days"), knownvalue.Int64Exact(365)),
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("deletion_window_in_days"), knownvalue.Int64Exact(30)),
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("enable_iam_delegation"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("multi_region"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("alias_arn"), knownvalue.StringExact("arn:aws:kms:us-east-1:123456789012:"+alias)),
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("arn"), knownvalue.StringRegexp(regexp.MustCompile(`^arn:aws:kms:us-east-1:123456789012:key/`))),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					testAccCheckKeyRemote(t, &keyID, alias, 365, []string{adminARN, motoCaller}, []string{userARN}),
					resource.TestCheckResourceAttrPair(keyAddr, "id", keyAddr, "key_id"),
				),
			},
			{
				ResourceName:      keyAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				Config: acctest.ConfigCompose(
					acctest.ProviderConfigWithDefaultTags(t, map[string]string{"Owner": "noc"}),
					testAccKeyResourceOnly(renamed, `
  user_arns               = [%[4]q, %[5]q]
  description             = "SIEM log key"
  rotation_period_in_days = 180
  deletion_window_in_days = 7
  tags = { Purpose = "logs" }
`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(keyAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("tags_all"), knownvalue.MapExact(map[string]knownvalue.Check{
						"Owner": knownvalue.StringExact("noc"), "Purpose": knownvalue.StringExact("logs"),
					})),
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("description"), knownvalue.StringExact("SIEM log key")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					testAccCheckKeyRemote(t, &keyID, renamed, 180, []string{adminARN, motoCaller}, []string{userARN, user2ARN}),
					testAccCheckAliasAbsent(t, alias),
					testAccCheckKeyTags(t, &keyID, map[string]string{"Owner": "noc", "Purpose": "logs"}),
				),
			},
			{
				// Drift made behind Terraform's back is detected by plan...
				PreConfig: func() { testAccDriftKey(t, keyID, renamed) },
				Config: acctest.ConfigCompose(
					acctest.ProviderConfigWithDefaultTags(t, map[string]string{"Owner": "noc"}),
					testAccKeyResourceOnly(renamed, `
  user_arns               = [%[4]q, %[5]q]
  description             = "SIEM log key"
  rotation_period_in_days = 180
  deletion_window_in_days = 7
  tags = { Purpose = "logs" }
`)),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				// ...and corrected by apply, in place.
				Config: acctest.ConfigCompose(
					acctest.ProviderConfigWithDefaultTags(t, map[string]string{"Owner": "noc"}),
					testAccKeyResourceOnly(renamed, `
  user_arns               = [%[4]q, %[5]q]
  description             = "SIEM log key"
  rotation_period_in_days = 180
  deletion_window_in_days = 7
  tags = { Purpose = "logs" }
`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(keyAddr, plancheck.ResourceActionUpdate)},
				},
				Check: testAccCheckKeyRemote(t, &keyID, renamed, 180, []string{adminARN, motoCaller}, []string{userARN, user2ARN}),
			},
			{
				// A key scheduled for deletion outside Terraform is gone:
				// the next plan creates a new one, which takes over the
				// alias AWS left pointing at the doomed key.
				PreConfig: func() { testAccScheduleDeletion(t, keyID) },
				Config:    testAccKeyConfig(t, renamed, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(keyAddr, plancheck.ResourceActionCreate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					testAccCheckKeyRemote(t, &recreatedID, renamed, 365, []string{adminARN, motoCaller}, []string{userARN}),
					func(*terraform.State) error {
						if recreatedID == keyID {
							return fmt.Errorf("key %s was not recreated", keyID)
						}
						return nil
					},
				),
			},
		},
	})
}

// testAccKeyResourceOnly renders the resource block (without provider);
// extra may use %[4]q (userARN) and %[5]q (user2ARN).
func testAccKeyResourceOnly(alias, extra string) string {
	body := fmt.Sprintf(extra, "", "", "", userARN, user2ARN)
	return fmt.Sprintf(`
resource "commshield_kms_key" "test" {
  alias              = %[1]q
  administrator_arns = [%[2]q, %[3]q]
  service_principals = ["cloudtrail.amazonaws.com", "logs.us-east-1.amazonaws.com"]
%[4]s
}
`, alias, adminARN, motoCaller, body)
}

func TestAccKMSKey_iamDelegationAndDefaults(t *testing.T) {
	alias := "alias/" + acctest.RandomName("kms")
	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: testAccCheckKeyDestroy(t),
		Steps: []resource.TestStep{{
			Config: acctest.ConfigCompose(acctest.ProviderConfig(t), fmt.Sprintf(`
resource "commshield_kms_key" "test" {
  alias                 = %q
  administrator_arns    = [%q]
  enable_iam_delegation = true
}
`, alias, adminARN)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("user_arns"), knownvalue.SetSizeExact(0)),
				statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("description"), knownvalue.StringExact("Managed by commshield")),
			},
			Check: func(s *terraform.State) error {
				rs := s.RootModule().Resources[keyAddr]
				doc, err := iampolicy.Parse(rs.Primary.Attributes["policy"])
				if err != nil {
					return err
				}
				root, ok := doc.StatementBySid("EnableIAMDelegation")
				if !ok || root.Principal["AWS"][0] != "arn:aws:iam::123456789012:root" {
					return fmt.Errorf("policy lacks the root delegation statement: %s", rs.Primary.Attributes["policy"])
				}
				if _, ok := doc.StatementBySid("KeyUsage"); ok {
					return errors.New("policy has a KeyUsage statement without user_arns")
				}
				return nil
			},
		}},
	})
}

// TestAccKMSKey_validation checks the plan-time diagnostics.
func TestAccKMSKey_validation(t *testing.T) {
	cases := []struct {
		name, body string
		want       *regexp.Regexp
	}{
		{"reserved alias", `alias = "alias/aws/s3"
  administrator_arns = ["` + adminARN + `"]`, regexp.MustCompile(`reserved alias/aws/`)},
		{"alias without prefix", `alias = "logs"
  administrator_arns = ["` + adminARN + `"]`, regexp.MustCompile(`must start with alias/`)},
		{"wildcard admin", `alias = "alias/x"
  administrator_arns = ["*"]`, regexp.MustCompile(`wildcards are not allowed`)},
		{"no admin", `alias = "alias/x"
  administrator_arns = []`, regexp.MustCompile(`at least 1`)},
		{"admin is user", `alias = "alias/x"
  administrator_arns = ["` + adminARN + `"]
  user_arns = ["` + adminARN + `"]`, regexp.MustCompile(`Key administrator is also a key user`)},
		{"rotation too short", `alias = "alias/x"
  administrator_arns = ["` + adminARN + `"]
  rotation_period_in_days = 30`, regexp.MustCompile(`between 90 and 2560`)},
		{"window too short", `alias = "alias/x"
  administrator_arns = ["` + adminARN + `"]
  deletion_window_in_days = 3`, regexp.MustCompile(`between 7 and 30`)},
		{"unknown service", `alias = "alias/x"
  administrator_arns = ["` + adminARN + `"]
  service_principals = ["ec2.amazonaws.com"]`, regexp.MustCompile(`not a supported log-delivery or alarm\s+service\s+principal`)},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      acctest.ConfigCompose(acctest.ProviderConfig(t), "resource \"commshield_kms_key\" \"test\" {\n  "+c.body+"\n}\n"),
			PlanOnly:    true,
			ExpectError: c.want,
		})
	}
	acctest.ParallelTest(t, resource.TestCase{Steps: steps})
}

func testAccCheckKeyRemote(t *testing.T, keyID *string, alias string, period int32, admins, users []string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[keyAddr]
		if !ok {
			return fmt.Errorf("%s not in state", keyAddr)
		}
		*keyID = rs.Primary.ID
		ctx := context.Background()
		conn := acctest.Client(t).KMS()
		if _, err := tfkms.FindKeyByID(ctx, conn, *keyID); err != nil {
			return err
		}
		rot, err := conn.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: keyID})
		if err != nil {
			return err
		}
		if !rot.KeyRotationEnabled {
			return fmt.Errorf("rotation of key %s is off", *keyID)
		}
		// moto 5.2 neither stores nor returns RotationPeriodInDays (see
		// acctest's doc.go); real AWS does, and then it must match.
		if rot.RotationPeriodInDays != nil && *rot.RotationPeriodInDays != period {
			return fmt.Errorf("rotation period = %d days, want %d", *rot.RotationPeriodInDays, period)
		}
		aliases, err := tfkms.FindAliasesByKeyID(ctx, conn, *keyID)
		if err != nil {
			return err
		}
		found := false
		for _, a := range aliases {
			found = found || aws.ToString(a.AliasName) == alias
		}
		if !found {
			return fmt.Errorf("alias %s does not point at key %s", alias, *keyID)
		}
		pol, err := conn.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: keyID, PolicyName: aws.String("default")})
		if err != nil {
			return err
		}
		if !iampolicy.Equivalent(aws.ToString(pol.Policy), rs.Primary.Attributes["policy"]) {
			return fmt.Errorf("remote policy differs from state:\nremote: %s\nstate: %s", aws.ToString(pol.Policy), rs.Primary.Attributes["policy"])
		}
		doc, err := iampolicy.Parse(aws.ToString(pol.Policy))
		if err != nil {
			return err
		}
		adm, _ := doc.StatementBySid("KeyAdministration")
		if fmt.Sprint([]string(adm.Principal["AWS"])) != fmt.Sprint(iampolicy.Sorted(admins)) {
			return fmt.Errorf("administrators = %v, want %v", adm.Principal["AWS"], admins)
		}
		use, _ := doc.StatementBySid("KeyUsage")
		if fmt.Sprint([]string(use.Principal["AWS"])) != fmt.Sprint(iampolicy.Sorted(users)) {
			return fmt.Errorf("users = %v, want %v", use.Principal["AWS"], users)
		}
		return nil
	}
}

func testAccCheckAliasAbsent(t *testing.T, alias string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		out, err := acctest.Client(t).KMS().ListAliases(context.Background(), &kms.ListAliasesInput{})
		if err != nil {
			return err
		}
		for _, a := range out.Aliases {
			if aws.ToString(a.AliasName) == alias {
				return fmt.Errorf("old alias %s still exists after rename", alias)
			}
		}
		return nil
	}
}

func testAccCheckKeyTags(t *testing.T, keyID *string, want map[string]string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got, err := tfkms.FindKeyTags(context.Background(), acctest.Client(t).KMS(), *keyID)
		if err != nil {
			return err
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			return fmt.Errorf("tags = %v, want %v", got, want)
		}
		return nil
	}
}

// testAccDriftKey disables rotation, replaces the policy with one lacking our
// statements and deletes the alias, as an intruder or a console user might.
func testAccDriftKey(t *testing.T, keyID, alias string) {
	ctx := context.Background()
	conn := acctest.Client(t).KMS()
	if _, err := conn.DisableKeyRotation(ctx, &kms.DisableKeyRotationInput{KeyId: aws.String(keyID)}); err != nil {
		t.Fatalf("disabling rotation: %v", err)
	}
	foreign := `{"Version":"2012-10-17","Statement":[{"Sid":"Open","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"}]}`
	if _, err := conn.PutKeyPolicy(ctx, &kms.PutKeyPolicyInput{KeyId: aws.String(keyID), PolicyName: aws.String("default"), Policy: aws.String(foreign)}); err != nil {
		t.Fatalf("replacing policy: %v", err)
	}
	if _, err := conn.DeleteAlias(ctx, &kms.DeleteAliasInput{AliasName: aws.String(alias)}); err != nil {
		t.Fatalf("deleting alias: %v", err)
	}
}

func testAccScheduleDeletion(t *testing.T, keyID string) {
	ctx := context.Background()
	if _, err := acctest.Client(t).KMS().ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: aws.String(keyID), PendingWindowInDays: aws.Int32(7)}); err != nil {
		t.Fatalf("scheduling deletion of %s: %v", keyID, err)
	}
}

func testAccCheckKeyDestroy(t *testing.T) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		conn := acctest.Client(t).KMS()
		for _, rs := range s.RootModule().Resources {
			if rs.Type != "commshield_kms_key" {
				continue
			}
			_, err := tfkms.FindKeyByID(context.Background(), conn, rs.Primary.ID)
			if awsclient.IsNotFound(err) {
				continue
			}
			if err != nil {
				return err
			}
			return fmt.Errorf("KMS key %s is not pending deletion after destroy", rs.Primary.ID)
		}
		return nil
	}
}

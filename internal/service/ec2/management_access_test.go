package ec2_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/commshield/terraform-provider-commshield/internal/acctest"
	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
	"github.com/commshield/terraform-provider-commshield/internal/service/ec2"
)

const mgmtAddr = "commshield_management_access.test"

// TestAccEC2ManagementAccess_lifecycle: create (default egress removed),
// import, update (gNMI, a bastion group, other egress, tags), drift (telnet
// from anywhere added and the SSH rule revoked by hand: plan shows it, apply
// repairs it), disappearance, destroy.
func TestAccEC2ManagementAccess_lifecycle(t *testing.T) {
	name := acctest.RandomName("mgmt")
	client := acctest.Client(t)
	vpcID, bastionID := createManagementVPC(t, client, name)
	var groupID, recreatedID string

	createConfig := mgmtConfig(t, name, vpcID, `
  services     = ["ssh", "netconf"]
  source_cidrs = ["10.255.0.0/16"]
  egress = [{
    protocol    = "tcp"
    port        = 6514
    cidr_blocks = ["10.1.0.0/24"]
    description = "syslog-tls"
  }]
`)
	updateConfig := mgmtConfig(t, name, vpcID, fmt.Sprintf(`
  services                  = ["ssh", "netconf", "gnmi"]
  source_cidrs              = ["10.255.0.0/16", "203.0.114.0/28", "fd00:abcd::/48"]
  source_security_group_ids = [%q]
  public_cidr_allowlist     = ["203.0.114.0/28"]
  egress = [{
    protocol    = "udp"
    port        = 123
    cidr_blocks = ["10.1.0.10/32", "10.1.0.11/32"]
  }]
  tags = { Plane = "management" }
`, bastionID))
	updatedIngress := []string{
		"tcp/22 from 10.255.0.0/16", "tcp/22 from 203.0.114.0/28", "tcp/22 from fd00:abcd::/48", "tcp/22 from " + bastionID,
		"tcp/830 from 10.255.0.0/16", "tcp/830 from 203.0.114.0/28", "tcp/830 from fd00:abcd::/48", "tcp/830 from " + bastionID,
		"tcp/9339 from 10.255.0.0/16", "tcp/9339 from 203.0.114.0/28", "tcp/9339 from fd00:abcd::/48", "tcp/9339 from " + bastionID,
	}
	updatedEgress := []string{"udp/123 to 10.1.0.10/32", "udp/123 to 10.1.0.11/32"}

	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: checkManagementAccessDestroyed(client),
		Steps: []resource.TestStep{
			{
				Config: createConfig,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(mgmtAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(mgmtAddr, tfjsonpath.New("ingress_rules"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("tcp/22 from 10.255.0.0/16"), knownvalue.StringExact("tcp/830 from 10.255.0.0/16"),
					})),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(mgmtAddr, tfjsonpath.New("egress_rules"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("tcp/6514 to 10.1.0.0/24")})),
					statecheck.ExpectKnownValue(mgmtAddr, tfjsonpath.New("arn"), knownvalue.StringRegexp(regexp.MustCompile(`^arn:aws:ec2:us-east-1:123456789012:security-group/sg-`))),
					statecheck.ExpectKnownValue(mgmtAddr, tfjsonpath.New("description"), knownvalue.StringExact("Out-of-band management access (commshield)")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					captureID(mgmtAddr, &groupID),
					checkManagementRules(client, &groupID,
						[]string{"tcp/22 from 10.255.0.0/16", "tcp/830 from 10.255.0.0/16"},
						[]string{"tcp/6514 to 10.1.0.0/24"}),
				),
			},
			{
				ResourceName:      mgmtAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				Config: updateConfig,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(mgmtAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(mgmtAddr, tfjsonpath.New("tags_all"), knownvalue.MapExact(map[string]knownvalue.Check{"Plane": knownvalue.StringExact("management")})),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkManagementRules(client, &groupID, updatedIngress, updatedEgress),
					checkSameID(mgmtAddr, &groupID),
				),
			},
			{
				// Import of a group with an allow-listed public source and
				// a security-group source reconstructs the configuration.
				ResourceName:      mgmtAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				PreConfig: func() { driftManagementGroup(t, client, groupID) },
				Config:    updateConfig,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(mgmtAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(mgmtAddr, tfjsonpath.New("ingress_rules"), knownvalue.SetSizeExact(len(updatedIngress))),
				}},
				Check: checkManagementRules(client, &groupID, updatedIngress, updatedEgress),
			},
			{
				// Refresh alone reports the drift: a plan-only step after
				// another change by hand must not be empty.
				PreConfig:          func() { driftManagementGroup(t, client, groupID) },
				Config:             updateConfig,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				Config: updateConfig,
				Check:  checkManagementRules(client, &groupID, updatedIngress, updatedEgress),
			},
			{
				PreConfig: func() {
					if err := ec2.DeleteSecurityGroup(context.Background(), client.EC2(), groupID); err != nil {
						t.Fatal(err)
					}
				},
				Config: updateConfig,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(mgmtAddr, plancheck.ResourceActionCreate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					captureID(mgmtAddr, &recreatedID),
					checkManagementRules(client, &recreatedID, updatedIngress, updatedEgress),
				),
			},
		},
	})
}

// TestAccEC2ManagementAccess_validation: every refusal happens at plan time
// with a diagnostic that names the fix.
func TestAccEC2ManagementAccess_validation(t *testing.T) {
	cases := []struct {
		name, body string
		want       *regexp.Regexp
	}{
		{"internet v4", `services = ["ssh"]
  source_cidrs = ["0.0.0.0/0"]`, regexp.MustCompile(`whole internet`)},
		{"internet v6", `services = ["ssh"]
  source_cidrs = ["::/0"]`, regexp.MustCompile(`whole internet`)},
		{"public not allow-listed", `services = ["ssh"]
  source_cidrs = ["52.94.0.0/24"]`, regexp.MustCompile(`public_cidr_allowlist`)},
		{"public too wide", `services = ["ssh"]
  source_cidrs = ["52.94.0.0/16"]
  public_cidr_allowlist = ["52.94.0.0/16"]`, regexp.MustCompile(`wider than /24`)},
		{"telnet", `services = ["telnet"]
  source_cidrs = ["10.0.0.0/8"]`, regexp.MustCompile(`use "ssh"`)},
		{"no source", `services = ["ssh"]`, regexp.MustCompile(`No management source`)},
		{"all-protocol egress", `services = ["ssh"]
  source_cidrs = ["10.0.0.0/8"]
  egress = [{ protocol = "-1", port = 1, cidr_blocks = ["10.0.0.0/8"] }]`, regexp.MustCompile(`value must be one of`)},
		{"plaintext egress", `services = ["ssh"]
  source_cidrs = ["10.0.0.0/8"]
  egress = [{ protocol = "udp", port = 514, cidr_blocks = ["10.0.0.0/8"] }]`, regexp.MustCompile(`plaintext protocol`)},
		{"egress to internet", `services = ["https"]
  source_cidrs = ["10.0.0.0/8"]
  egress = [{ protocol = "tcp", port = 443, cidr_blocks = ["0.0.0.0/0"] }]`, regexp.MustCompile(`whole internet`)},
		{"bad sg", `services = ["ssh"]
  source_security_group_ids = ["bastion"]`, regexp.MustCompile(`not a security group ID`)},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config: acctest.ConfigCompose(acctest.ProviderConfig(t), fmt.Sprintf(`
resource "commshield_management_access" "test" {
  name   = "validation"
  vpc_id = "vpc-0123456789abcdef0"
  %s
}
`, c.body)),
			PlanOnly:    true,
			ExpectError: c.want,
		})
	}
	acctest.ParallelTest(t, resource.TestCase{Steps: steps})
}

// TestAccEC2ManagementAccess_unknownSource: a source or egress destination
// known only after apply inside a set literal (source_cidrs =
// [aws_vpc.oob.cidr_block]) plans the rules unknown instead of failing the
// plan with "No management source".
func TestAccEC2ManagementAccess_unknownSource(t *testing.T) {
	acctest.ParallelTest(t, resource.TestCase{Steps: []resource.TestStep{{
		Config: acctest.ConfigCompose(acctest.ProviderConfig(t), `
resource "terraform_data" "noc" {
  input = "10.254.0.0/16"
}

resource "commshield_management_access" "test" {
  name         = "unknown-source"
  vpc_id       = "vpc-0123456789abcdef0"
  services     = ["ssh"]
  source_cidrs = [terraform_data.noc.output]
  egress       = [{ protocol = "tcp", port = 6514, cidr_blocks = [terraform_data.noc.output] }]
}
`),
		PlanOnly:           true,
		ExpectNonEmptyPlan: true,
	}}})
}

func mgmtConfig(t *testing.T, name, vpcID, body string) string {
	return acctest.ConfigCompose(acctest.ProviderConfig(t), fmt.Sprintf(`
resource "commshield_management_access" "test" {
  name   = %q
  vpc_id = %q
%s
}
`, name, vpcID, body))
}

// createManagementVPC makes the VPC and a bastion security group with the
// SDK (the resource under test does not create VPCs) and removes them when
// the test ends.
func createManagementVPC(t *testing.T, client *awsclient.Client, name string) (vpcID, bastionID string) {
	t.Helper()
	ctx := context.Background()
	conn := client.EC2()
	vpc, err := conn.CreateVpc(ctx, &awsec2.CreateVpcInput{CidrBlock: aws.String("10.40.0.0/16")})
	if err != nil {
		t.Fatalf("creating VPC: %v", err)
	}
	vpcID = aws.ToString(vpc.Vpc.VpcId)
	sg, err := conn.CreateSecurityGroup(ctx, &awsec2.CreateSecurityGroupInput{GroupName: aws.String(name + "-bastion"), Description: aws.String("bastion"), VpcId: aws.String(vpcID)})
	if err != nil {
		t.Fatalf("creating bastion group: %v", err)
	}
	bastionID = aws.ToString(sg.GroupId)
	t.Cleanup(func() {
		_ = ec2.DeleteSecurityGroup(ctx, conn, bastionID)
		if _, err := conn.DeleteVpc(ctx, &awsec2.DeleteVpcInput{VpcId: aws.String(vpcID)}); err != nil {
			t.Errorf("deleting VPC %s: %v", vpcID, err)
		}
	})
	return vpcID, bastionID
}

// driftManagementGroup does what an operator in a hurry does: opens telnet
// to the world, revokes the SSH rule, and restores all-traffic egress.
func driftManagementGroup(t *testing.T, client *awsclient.Client, groupID string) {
	t.Helper()
	ctx := context.Background()
	conn := client.EC2()
	if _, err := conn.AuthorizeSecurityGroupIngress(ctx, &awsec2.AuthorizeSecurityGroupIngressInput{GroupId: aws.String(groupID), IpPermissions: []ec2types.IpPermission{{
		IpProtocol: aws.String("tcp"), FromPort: aws.Int32(23), ToPort: aws.Int32(23), IpRanges: []ec2types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}},
	}}}); err != nil {
		t.Fatalf("adding telnet rule: %v", err)
	}
	if _, err := conn.RevokeSecurityGroupIngress(ctx, &awsec2.RevokeSecurityGroupIngressInput{GroupId: aws.String(groupID), IpPermissions: []ec2types.IpPermission{{
		IpProtocol: aws.String("tcp"), FromPort: aws.Int32(22), ToPort: aws.Int32(22), IpRanges: []ec2types.IpRange{{CidrIp: aws.String("10.255.0.0/16")}},
	}}}); err != nil {
		t.Fatalf("revoking SSH rule: %v", err)
	}
	if _, err := conn.AuthorizeSecurityGroupEgress(ctx, &awsec2.AuthorizeSecurityGroupEgressInput{GroupId: aws.String(groupID), IpPermissions: []ec2types.IpPermission{{
		IpProtocol: aws.String("-1"), IpRanges: []ec2types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}},
	}}}); err != nil {
		t.Fatalf("adding all-traffic egress: %v", err)
	}
}

// checkManagementRules compares the group's rules on AWS with the expected
// ones, exactly: nothing missing, nothing extra.
func checkManagementRules(client *awsclient.Client, groupID *string, ingress, egress []string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		rules, err := ec2.FindSecurityGroupRules(context.Background(), client.EC2(), *groupID)
		if err != nil {
			return err
		}
		var gotIn, gotOut []string
		for _, r := range rules {
			peer := aws.ToString(r.CidrIpv4)
			if r.CidrIpv6 != nil {
				peer = aws.ToString(r.CidrIpv6)
			}
			if r.ReferencedGroupInfo != nil {
				peer = aws.ToString(r.ReferencedGroupInfo.GroupId)
			}
			s := fmt.Sprintf("%s/%d", aws.ToString(r.IpProtocol), aws.ToInt32(r.FromPort))
			if aws.ToBool(r.IsEgress) {
				gotOut = append(gotOut, s+" to "+peer)
			} else {
				gotIn = append(gotIn, s+" from "+peer)
			}
		}
		slices.Sort(gotIn)
		slices.Sort(gotOut)
		wantIn, wantOut := slices.Sorted(slices.Values(ingress)), slices.Sorted(slices.Values(egress))
		if !slices.Equal(gotIn, wantIn) || !slices.Equal(gotOut, wantOut) {
			return fmt.Errorf("security group %s rules:\ningress %q\nwant    %q\negress  %q\nwant    %q", *groupID, gotIn, wantIn, gotOut, wantOut)
		}
		return nil
	}
}

func captureID(addr string, id *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s not in state", addr)
		}
		*id = rs.Primary.ID
		return nil
	}
}

func checkSameID(addr string, id *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		if got := s.RootModule().Resources[addr].Primary.ID; got != *id {
			return fmt.Errorf("%s was replaced (%s → %s); want an in-place update", addr, *id, got)
		}
		return nil
	}
}

func checkManagementAccessDestroyed(client *awsclient.Client) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for _, rs := range s.RootModule().Resources {
			if rs.Type != "commshield_management_access" {
				continue
			}
			_, err := ec2.FindSecurityGroupByID(context.Background(), client.EC2(), rs.Primary.ID)
			if awsclient.IsNotFound(err) {
				continue
			}
			if err != nil {
				return err
			}
			return fmt.Errorf("security group %s still exists after destroy", rs.Primary.ID)
		}
		return nil
	}
}

package ec2_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/commshield/terraform-provider-commshield/internal/acctest"
	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
	"github.com/commshield/terraform-provider-commshield/internal/logdelivery"
	"github.com/commshield/terraform-provider-commshield/internal/service/ec2"
)

func TestMain(m *testing.M) { acctest.Run(m) }

const vpcAddr = "commshield_segmented_vpc.test"

// TestAccEC2SegmentedVPC_lifecycle: create (flow logs to a KMS-encrypted log
// group), import, update (edge tier added, tags, retention), drift repair
// (flow log deleted, telnet deny removed, default SG rule opened), edge tier
// removed, drift repair again (internet gateway attached, DNS support off),
// disappearance, destroy.
func TestAccEC2SegmentedVPC_lifecycle(t *testing.T) {
	name := acctest.RandomName("vpc")
	client := acctest.Client(t)
	keyARN := acctest.CreateKMSKey(t, client, "flow logs "+name)
	var vpcID string

	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: checkVPCDestroyed(client, name, &vpcID, false),
		Steps: []resource.TestStep{
			{
				Config: vpcConfig(t, name, keyARN, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(vpcAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(vpcAddr, tfjsonpath.New("subnet_cidrs"), knownvalue.MapExact(map[string]knownvalue.Check{
						"management": knownvalue.MapExact(map[string]knownvalue.Check{"us-east-1a": knownvalue.StringExact("10.20.0.0/20"), "us-east-1b": knownvalue.StringExact("10.20.16.0/20")}),
						"signaling":  knownvalue.MapExact(map[string]knownvalue.Check{"us-east-1a": knownvalue.StringExact("10.20.32.0/20"), "us-east-1b": knownvalue.StringExact("10.20.48.0/20")}),
						"user_plane": knownvalue.MapExact(map[string]knownvalue.Check{"us-east-1a": knownvalue.StringExact("10.20.64.0/20"), "us-east-1b": knownvalue.StringExact("10.20.80.0/20")}),
					})),
					plancheck.ExpectKnownValue(vpcAddr, tfjsonpath.New("internet_gateway_id"), knownvalue.Null()),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(vpcAddr, tfjsonpath.New("default_security_group_rule_count"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(vpcAddr, tfjsonpath.New("default_network_acl_rule_count"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(vpcAddr, tfjsonpath.New("flow_log_id"), knownvalue.StringRegexp(regexp.MustCompile(`^fl-`))),
					statecheck.ExpectKnownValue(vpcAddr, tfjsonpath.New("flow_log_group_name"), knownvalue.StringExact("/commshield/vpc-flow-logs/"+name)),
					statecheck.ExpectKnownValue(vpcAddr, tfjsonpath.New("flow_log_role_arn"), knownvalue.StringExact("arn:aws:iam::123456789012:role/commshield-flowlogs-"+name)),
					statecheck.ExpectKnownValue(vpcAddr, tfjsonpath.New("route_table_ids"), knownvalue.MapSizeExact(3)),
					statecheck.ExpectKnownValue(vpcAddr, tfjsonpath.New("network_acl_ids"), knownvalue.MapSizeExact(3)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					captureVPCID(&vpcID),
					checkVPCHardened(client, name, &vpcID, false),
				),
			},
			{
				ResourceName:      vpcAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				Config: vpcConfig(t, name, keyARN, edgeBlock),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(vpcAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(vpcAddr, tfjsonpath.New("subnet_cidrs").AtMapKey("edge"), knownvalue.MapExact(map[string]knownvalue.Check{
						"us-east-1a": knownvalue.StringExact("10.20.96.0/24"), "us-east-1b": knownvalue.StringExact("10.20.97.0/24"),
					})),
					plancheck.ExpectUnknownValue(vpcAddr, tfjsonpath.New("internet_gateway_id")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(vpcAddr, tfjsonpath.New("internet_gateway_id"), knownvalue.StringRegexp(regexp.MustCompile(`^igw-`))),
					statecheck.ExpectKnownValue(vpcAddr, tfjsonpath.New("subnet_ids").AtMapKey("edge"), knownvalue.MapSizeExact(2)),
					statecheck.ExpectKnownValue(vpcAddr, tfjsonpath.New("flow_log_retention_days"), knownvalue.Int64Exact(731)),
					statecheck.ExpectKnownValue(vpcAddr, tfjsonpath.New("tags_all"), knownvalue.MapExact(map[string]knownvalue.Check{"owner": knownvalue.StringExact("noc")})),
				},
				Check: checkVPCHardened(client, name, &vpcID, true),
			},
			{
				PreConfig: func() { tamperWithVPC(t, client, vpcID) },
				Config:    vpcConfig(t, name, keyARN, edgeBlock),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(vpcAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(vpcAddr, tfjsonpath.New("default_security_group_rule_count"), knownvalue.Int64Exact(0)),
					plancheck.ExpectUnknownValue(vpcAddr, tfjsonpath.New("flow_log_id")),
				}},
				Check: checkVPCHardened(client, name, &vpcID, true),
			},
			{
				Config: vpcConfig(t, name, keyARN, "  retain_flow_log_group_on_destroy = false\n"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(vpcAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(vpcAddr, tfjsonpath.New("internet_gateway_id"), knownvalue.Null()),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(vpcAddr, tfjsonpath.New("subnet_ids"), knownvalue.MapSizeExact(3)),
				},
				Check: checkVPCHardened(client, name, &vpcID, false),
			},
			{
				// Drift without an edge tier: someone attaches an internet
				// gateway, routes the management tier to it, gives signaling
				// subnets public IPs and turns off DNS support.
				PreConfig: func() { attachForeignIGW(t, client, vpcID) },
				Config:    vpcConfig(t, name, keyARN, "  retain_flow_log_group_on_destroy = false\n"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(vpcAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(vpcAddr, tfjsonpath.New("internet_gateway_id"), knownvalue.Null()),
					plancheck.ExpectKnownValue(vpcAddr, tfjsonpath.New("enable_dns_support"), knownvalue.Bool(true)),
					plancheck.ExpectKnownValue(vpcAddr, tfjsonpath.New("non_edge_internet_route_count"), knownvalue.Int64Exact(0)),
					plancheck.ExpectKnownValue(vpcAddr, tfjsonpath.New("public_ip_subnet_count"), knownvalue.Int64Exact(0)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(vpcAddr, tfjsonpath.New("enable_dns_support"), knownvalue.Bool(true)),
				},
				Check: checkVPCHardened(client, name, &vpcID, false),
			},
			{
				PreConfig: func() {
					if err := ec2.Destroy(context.Background(), client, vpcID, name, true); err != nil {
						t.Fatalf("deleting VPC out of band: %v", err)
					}
				},
				Config: vpcConfig(t, name, keyARN, "  retain_flow_log_group_on_destroy = false\n"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(vpcAddr, plancheck.ResourceActionCreate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					captureVPCID(&vpcID),
					checkVPCHardened(client, name, &vpcID, false),
				),
			},
		},
	})
}

// TestAccEC2SegmentedVPC_partialFailure: flow logs to a bucket that does not
// exist fail after the VPC, subnets and ACLs were made. Everything is in
// state (tainted); once the bucket exists the next apply replaces it and the
// half-built VPC is gone, not orphaned.
func TestAccEC2SegmentedVPC_partialFailure(t *testing.T) {
	name := acctest.RandomName("vpc")
	client := acctest.Client(t)
	bucket := name + "-flowlogs"
	var firstVPC, vpcID string
	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: checkVPCDestroyed(client, name, &vpcID, true),
		Steps: []resource.TestStep{
			{
				Config:      vpcS3Config(t, name, bucket),
				ExpectError: regexp.MustCompile(`(?s)does not exist.*recorded in state`),
			},
			{
				PreConfig: func() {
					ids := vpcsNamed(t, client, name)
					if len(ids) != 1 {
						t.Fatalf("after the failed create want exactly 1 VPC tagged %s (recorded in state), found %v", name, ids)
					}
					firstVPC = ids[0]
					if _, err := client.S3().CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
						t.Fatalf("creating bucket: %v", err)
					}
				},
				Config: vpcS3Config(t, name, bucket),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(vpcAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(vpcAddr, tfjsonpath.New("flow_log_destination_arn"), knownvalue.StringExact("arn:aws:s3:::"+bucket)),
					statecheck.ExpectKnownValue(vpcAddr, tfjsonpath.New("flow_log_group_name"), knownvalue.Null()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					captureVPCID(&vpcID),
					func(*terraform.State) error {
						ids := vpcsNamed(t, client, name)
						if len(ids) != 1 || ids[0] == firstVPC {
							return fmt.Errorf("want only the replacement VPC, found %v (half-built one was %s)", ids, firstVPC)
						}
						return nil
					},
					checkVPCHardened(client, name, &vpcID, false),
				),
			},
			{
				ResourceName:      vpcAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
		},
	})
}

// TestAccEC2SegmentedVPC_keyFromSameApply: the flow-log key is a
// commshield_kms_key created in the same apply, so its ARN is unknown at
// plan time; the plan must leave the flow-log group and role unknown rather
// than guess.
func TestAccEC2SegmentedVPC_keyFromSameApply(t *testing.T) {
	name := acctest.RandomName("vpc")
	client := acctest.Client(t)
	var vpcID string
	acctest.ParallelTest(t, resource.TestCase{
		CheckDestroy: checkVPCDestroyed(client, name, &vpcID, true),
		Steps: []resource.TestStep{{
			Config: acctest.ConfigCompose(acctest.ProviderConfig(t), fmt.Sprintf(`
resource "commshield_kms_key" "logs" {
  alias              = "alias/%[1]s"
  description        = "flow logs"
  administrator_arns = ["arn:aws:iam::123456789012:root"]
  service_principals = ["logs.us-east-1.amazonaws.com"]
}

resource "commshield_segmented_vpc" "test" {
  name                 = %[1]q
  cidr_block           = "10.50.0.0/22"
  availability_zones   = ["us-east-1a", "us-east-1b"]
  flow_log_kms_key_arn = commshield_kms_key.logs.arn
}
`, name)),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectUnknownValue(vpcAddr, tfjsonpath.New("flow_log_group_name")),
				plancheck.ExpectKnownValue(vpcAddr, tfjsonpath.New("subnet_cidrs").AtMapKey("user_plane").AtMapKey("us-east-1b"), knownvalue.StringExact("10.50.1.64/26")),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(vpcAddr, tfjsonpath.New("flow_log_group_name"), knownvalue.StringExact("/commshield/vpc-flow-logs/"+name)),
			},
			Check: resource.ComposeAggregateTestCheckFunc(captureVPCID(&vpcID), checkVPCHardened(client, name, &vpcID, false)),
		}},
	})
}

// TestAccEC2SegmentedVPC_validation checks plan-time diagnostics.
func TestAccEC2SegmentedVPC_validation(t *testing.T) {
	name := acctest.RandomName("vpc")
	key := "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
	cfg := func(body string) string {
		return acctest.ConfigCompose(acctest.ProviderConfig(t), fmt.Sprintf(`
resource "commshield_segmented_vpc" "test" {
  name = %q
%s
}
`, name, body))
	}
	base := fmt.Sprintf("  cidr_block = \"10.0.0.0/16\"\n  availability_zones = [\"us-east-1a\", \"us-east-1b\"]\n  flow_log_kms_key_arn = %q\n", key)
	acctest.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: cfg(base + "  edge = { newbits = 8 }\n"), PlanOnly: true, ExpectError: regexp.MustCompile(`Edge tier without justification`)},
			{Config: cfg(base + "  management = { allowed_cidrs = [\"0.0.0.0/0\"], newbits = 4 }\n"), PlanOnly: true, ExpectError: regexp.MustCompile(`Internet-wide allow outside the edge tier`)},
			{Config: cfg(base + "  management = { cidrs = [\"10.0.0.0/24\", \"10.0.1.0/24\"] }\n  signaling = { cidrs = [\"10.0.1.0/25\", \"10.0.2.0/24\"] }\n"), PlanOnly: true, ExpectError: regexp.MustCompile(`overlaps management subnet 10.0.1.0/24`)},
			{Config: cfg(fmt.Sprintf("  cidr_block = \"10.0.0.0/16\"\n  availability_zones = [\"us-east-1a\"]\n  flow_log_kms_key_arn = %q\n", key)), PlanOnly: true, ExpectError: regexp.MustCompile(`at least 2`)},
			{Config: cfg(base + "  flow_log_destination_arn = \"arn:aws:s3:::archive\"\n"), PlanOnly: true, ExpectError: regexp.MustCompile(`Two flow log destinations`)},
			{Config: cfg("  cidr_block = \"10.0.0.0/16\"\n  availability_zones = [\"us-east-1a\", \"us-east-1b\"]\n"), PlanOnly: true, ExpectError: regexp.MustCompile(`Flow logs are mandatory`)},
			{Config: cfg(base + "  flow_log_retention_days = 30\n"), PlanOnly: true, ExpectError: regexp.MustCompile(`below the 90-day minimum`)},
			{Config: cfg(base + "  user_plane = { newbits = 13 }\n"), PlanOnly: true, ExpectError: regexp.MustCompile(`newbits`)},
			{Config: cfg(base + "  denied_ports = [{ protocol = \"tcp\", from_port = 30, to_port = 20 }]\n"), PlanOnly: true, ExpectError: regexp.MustCompile(`from_port <= to_port`)},
			{Config: cfg("  cidr_block = \"10.0.0.1/16\"\n  availability_zones = [\"us-east-1a\", \"us-east-1b\"]\n  flow_log_kms_key_arn = \"" + key + "\"\n"), PlanOnly: true, ExpectError: regexp.MustCompile(`did you mean 10.0.0.0/16`)},
		},
	})
}

const edgeBlock = `  edge = {
    newbits       = 8
    allowed_cidrs = ["0.0.0.0/0"]
  }
  edge_justification      = "public SIP trunk interface of the SBC, change CR-1234"
  enable_dns_hostnames    = true
  flow_log_retention_days = 731
  tags                    = { owner = "noc" }
`

func vpcConfig(t *testing.T, name, keyARN, extra string) string {
	return acctest.ConfigCompose(acctest.ProviderConfig(t), fmt.Sprintf(`
resource "commshield_segmented_vpc" "test" {
  name                 = %[1]q
  cidr_block           = "10.20.0.0/16"
  availability_zones   = ["us-east-1a", "us-east-1b"]
  flow_log_kms_key_arn = %[2]q
  management = {
    newbits       = 4
    allowed_cidrs = ["192.168.10.0/24"]
  }
%[3]s}
`, name, keyARN, extra))
}

func vpcS3Config(t *testing.T, name, bucket string) string {
	return acctest.ConfigCompose(acctest.ProviderConfig(t), fmt.Sprintf(`
resource "commshield_segmented_vpc" "test" {
  name                     = %[1]q
  cidr_block               = "10.30.0.0/20"
  availability_zones       = ["us-east-1a", "us-east-1b", "us-east-1c"]
  flow_log_destination_arn = "arn:aws:s3:::%[2]s"
  management = { cidrs = ["10.30.15.0/26", "10.30.15.64/26", "10.30.15.128/26"] }
  signaling  = { newbits = 4 }
  user_plane = { newbits = 3 }
}
`, name, bucket))
}

func captureVPCID(dst *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[vpcAddr]
		if !ok {
			return fmt.Errorf("%s not in state", vpcAddr)
		}
		*dst = rs.Primary.ID
		return nil
	}
}

func vpcsNamed(t *testing.T, client *awsclient.Client, name string) []string {
	t.Helper()
	out, err := client.EC2().DescribeVpcs(context.Background(), &awsec2.DescribeVpcsInput{Filters: []ec2types.Filter{
		{Name: aws.String("tag:commshield:vpc"), Values: []string{name}},
	}})
	if err != nil {
		t.Fatalf("listing VPCs: %v", err)
	}
	var ids []string
	for _, v := range out.Vpcs {
		ids = append(ids, aws.ToString(v.VpcId))
	}
	return ids
}

// tamperWithVPC is the drift an intruder or a hurried operator causes.
func tamperWithVPC(t *testing.T, client *awsclient.Client, vpcID string) {
	t.Helper()
	ctx := context.Background()
	conn := client.EC2()
	fls, err := conn.DescribeFlowLogs(ctx, &awsec2.DescribeFlowLogsInput{Filter: []ec2types.Filter{{Name: aws.String("resource-id"), Values: []string{vpcID}}}})
	if err != nil || len(fls.FlowLogs) == 0 {
		t.Fatalf("finding flow log: %v (%d)", err, len(fls.FlowLogs))
	}
	if _, err := conn.DeleteFlowLogs(ctx, &awsec2.DeleteFlowLogsInput{FlowLogIds: []string{aws.ToString(fls.FlowLogs[0].FlowLogId)}}); err != nil {
		t.Fatalf("deleting flow log: %v", err)
	}
	mgmt := tierNACL(t, client, vpcID, "management")
	telnet := findEntry(mgmt, false, "6", 23)
	if telnet == nil {
		t.Fatal("management NACL has no telnet deny to remove")
	}
	if _, err := conn.DeleteNetworkAclEntry(ctx, &awsec2.DeleteNetworkAclEntryInput{NetworkAclId: mgmt.NetworkAclId, RuleNumber: telnet.RuleNumber, Egress: aws.Bool(false)}); err != nil {
		t.Fatalf("deleting telnet deny: %v", err)
	}
	sg := defaultSG(t, client, vpcID)
	if _, err := conn.AuthorizeSecurityGroupIngress(ctx, &awsec2.AuthorizeSecurityGroupIngressInput{
		GroupId: sg.GroupId, IpPermissions: []ec2types.IpPermission{{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(22), ToPort: aws.Int32(22), IpRanges: []ec2types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}}},
	}); err != nil {
		t.Fatalf("opening SSH in the default security group: %v", err)
	}
}

func attachForeignIGW(t *testing.T, client *awsclient.Client, vpcID string) {
	t.Helper()
	ctx := context.Background()
	conn := client.EC2()
	igw, err := conn.CreateInternetGateway(ctx, &awsec2.CreateInternetGatewayInput{})
	if err != nil {
		t.Fatalf("creating internet gateway: %v", err)
	}
	if _, err := conn.AttachInternetGateway(ctx, &awsec2.AttachInternetGatewayInput{InternetGatewayId: igw.InternetGateway.InternetGatewayId, VpcId: aws.String(vpcID)}); err != nil {
		t.Fatalf("attaching internet gateway: %v", err)
	}
	if _, err := conn.ModifyVpcAttribute(ctx, &awsec2.ModifyVpcAttributeInput{VpcId: aws.String(vpcID), EnableDnsSupport: &ec2types.AttributeBooleanValue{Value: aws.Bool(false)}}); err != nil {
		t.Fatalf("disabling DNS support: %v", err)
	}
	rts, err := conn.DescribeRouteTables(ctx, &awsec2.DescribeRouteTablesInput{Filters: []ec2types.Filter{
		{Name: aws.String("vpc-id"), Values: []string{vpcID}}, {Name: aws.String("tag:commshield:tier"), Values: []string{"management"}},
	}})
	if err != nil || len(rts.RouteTables) != 1 {
		t.Fatalf("finding management route table: %v", err)
	}
	if _, err := conn.CreateRoute(ctx, &awsec2.CreateRouteInput{RouteTableId: rts.RouteTables[0].RouteTableId, DestinationCidrBlock: aws.String("0.0.0.0/0"), GatewayId: igw.InternetGateway.InternetGatewayId}); err != nil {
		t.Fatalf("routing management to the internet: %v", err)
	}
	subnets, err := conn.DescribeSubnets(ctx, &awsec2.DescribeSubnetsInput{Filters: []ec2types.Filter{
		{Name: aws.String("vpc-id"), Values: []string{vpcID}}, {Name: aws.String("tag:commshield:tier"), Values: []string{"signaling"}},
	}})
	if err != nil || len(subnets.Subnets) == 0 {
		t.Fatalf("finding signaling subnets: %v", err)
	}
	if _, err := conn.ModifySubnetAttribute(ctx, &awsec2.ModifySubnetAttributeInput{SubnetId: subnets.Subnets[0].SubnetId, MapPublicIpOnLaunch: &ec2types.AttributeBooleanValue{Value: aws.Bool(true)}}); err != nil {
		t.Fatalf("turning on public IPs: %v", err)
	}
}

func tierNACL(t *testing.T, client *awsclient.Client, vpcID, tier string) ec2types.NetworkAcl {
	t.Helper()
	out, err := client.EC2().DescribeNetworkAcls(context.Background(), &awsec2.DescribeNetworkAclsInput{Filters: []ec2types.Filter{
		{Name: aws.String("vpc-id"), Values: []string{vpcID}}, {Name: aws.String("tag:commshield:tier"), Values: []string{tier}},
	}})
	if err != nil || len(out.NetworkAcls) != 1 {
		t.Fatalf("finding %s NACL: %v (%d found)", tier, err, len(out.NetworkAcls))
	}
	return out.NetworkAcls[0]
}

func findEntry(n ec2types.NetworkAcl, egress bool, protocol string, port int32) *ec2types.NetworkAclEntry {
	for i, e := range n.Entries {
		if aws.ToBool(e.Egress) == egress && aws.ToString(e.Protocol) == protocol && e.RuleAction == ec2types.RuleActionDeny &&
			e.PortRange != nil && aws.ToInt32(e.PortRange.From) <= port && port <= aws.ToInt32(e.PortRange.To) {
			return &n.Entries[i]
		}
	}
	return nil
}

func defaultSG(t *testing.T, client *awsclient.Client, vpcID string) ec2types.SecurityGroup {
	t.Helper()
	out, err := client.EC2().DescribeSecurityGroups(context.Background(), &awsec2.DescribeSecurityGroupsInput{Filters: []ec2types.Filter{
		{Name: aws.String("vpc-id"), Values: []string{vpcID}}, {Name: aws.String("group-name"), Values: []string{"default"}},
	}})
	if err != nil || len(out.SecurityGroups) != 1 {
		t.Fatalf("finding default SG: %v", err)
	}
	return out.SecurityGroups[0]
}

// checkVPCHardened verifies the promises through the SDK, not state.
func checkVPCHardened(client *awsclient.Client, name string, vpcID *string, edge bool) resource.TestCheckFunc {
	return func(*terraform.State) error {
		ctx := context.Background()
		conn := client.EC2()
		id := *vpcID
		var problems []string

		rules, err := conn.DescribeSecurityGroupRules(ctx, &awsec2.DescribeSecurityGroupRulesInput{Filters: []ec2types.Filter{
			{Name: aws.String("group-id"), Values: []string{aws.ToString(defaultSGNoT(ctx, conn, id))}},
		}})
		if err != nil {
			return err
		}
		if len(rules.SecurityGroupRules) != 0 {
			problems = append(problems, fmt.Sprintf("default security group has %d rules", len(rules.SecurityGroupRules)))
		}

		nacls, err := conn.DescribeNetworkAcls(ctx, &awsec2.DescribeNetworkAclsInput{Filters: []ec2types.Filter{{Name: aws.String("vpc-id"), Values: []string{id}}}})
		if err != nil {
			return err
		}
		tierOf := map[string]string{}
		for _, n := range nacls.NetworkAcls {
			if aws.ToBool(n.IsDefault) {
				for _, e := range n.Entries {
					if aws.ToInt32(e.RuleNumber) < 32767 {
						problems = append(problems, fmt.Sprintf("default NACL still has rule %d", aws.ToInt32(e.RuleNumber)))
					}
				}
				for _, a := range n.Associations {
					tierOf[aws.ToString(a.SubnetId)] = "default"
				}
				continue
			}
			tier := ""
			for _, tg := range n.Tags {
				if aws.ToString(tg.Key) == "commshield:tier" {
					tier = aws.ToString(tg.Value)
				}
			}
			for _, a := range n.Associations {
				tierOf[aws.ToString(a.SubnetId)] = tier
			}
			if findEntry(n, false, "6", 23) == nil || findEntry(n, true, "6", 23) == nil || findEntry(n, false, "17", 161) == nil || findEntry(n, false, "6", 4786) == nil {
				problems = append(problems, fmt.Sprintf("%s NACL lacks a default insecure-protocol deny", tier))
			}
		}

		subnets, err := conn.DescribeSubnets(ctx, &awsec2.DescribeSubnetsInput{Filters: []ec2types.Filter{{Name: aws.String("vpc-id"), Values: []string{id}}}})
		if err != nil {
			return err
		}
		tiers := map[string]int{}
		for _, s := range subnets.Subnets {
			tier := ""
			for _, tg := range s.Tags {
				if aws.ToString(tg.Key) == "commshield:tier" {
					tier = aws.ToString(tg.Value)
				}
			}
			tiers[tier]++
			if tierOf[aws.ToString(s.SubnetId)] != tier {
				problems = append(problems, fmt.Sprintf("subnet %s (%s) is associated with the %q NACL", aws.ToString(s.SubnetId), tier, tierOf[aws.ToString(s.SubnetId)]))
			}
			if aws.ToBool(s.MapPublicIpOnLaunch) {
				problems = append(problems, fmt.Sprintf("subnet %s assigns public IPs", aws.ToString(s.SubnetId)))
			}
		}
		wantTiers := 3
		if edge {
			wantTiers = 4
		}
		if len(tiers) != wantTiers || strings.Contains(fmt.Sprint(tiers), "map[:") {
			problems = append(problems, fmt.Sprintf("subnet tiers %v, want %d tiers", tiers, wantTiers))
		}

		igws, err := conn.DescribeInternetGateways(ctx, &awsec2.DescribeInternetGatewaysInput{Filters: []ec2types.Filter{{Name: aws.String("attachment.vpc-id"), Values: []string{id}}}})
		if err != nil {
			return err
		}
		if (len(igws.InternetGateways) > 0) != edge {
			problems = append(problems, fmt.Sprintf("%d internet gateways attached with edge=%v", len(igws.InternetGateways), edge))
		}

		rts, err := conn.DescribeRouteTables(ctx, &awsec2.DescribeRouteTablesInput{Filters: []ec2types.Filter{{Name: aws.String("vpc-id"), Values: []string{id}}}})
		if err != nil {
			return err
		}
		edgeRoutes := 0
		for _, rt := range rts.RouteTables {
			tier := ""
			for _, tg := range rt.Tags {
				if aws.ToString(tg.Key) == "commshield:tier" {
					tier = aws.ToString(tg.Value)
				}
			}
			for _, r := range rt.Routes {
				if aws.ToString(r.DestinationCidrBlock) != "0.0.0.0/0" {
					continue
				}
				if tier != "edge" || !strings.HasPrefix(aws.ToString(r.GatewayId), "igw-") {
					problems = append(problems, fmt.Sprintf("route table of tier %q has a default route to %s", tier, aws.ToString(r.GatewayId)))
				} else {
					edgeRoutes++
				}
			}
		}
		if edge && edgeRoutes != 1 {
			problems = append(problems, fmt.Sprintf("edge route table has %d default routes to the internet gateway, want 1", edgeRoutes))
		}

		fls, err := conn.DescribeFlowLogs(ctx, &awsec2.DescribeFlowLogsInput{Filter: []ec2types.Filter{{Name: aws.String("resource-id"), Values: []string{id}}}})
		if err != nil {
			return err
		}
		if len(fls.FlowLogs) != 1 {
			problems = append(problems, fmt.Sprintf("%d flow logs, want 1", len(fls.FlowLogs)))
		} else if fl := fls.FlowLogs[0]; fl.TrafficType != ec2types.TrafficTypeAll || aws.ToInt32(fl.MaxAggregationInterval) != 60 || aws.ToString(fl.LogFormat) != ec2.FlowLogFormat {
			problems = append(problems, fmt.Sprintf("flow log not compliant: %s, %ds", fl.TrafficType, aws.ToInt32(fl.MaxAggregationInterval)))
		}
		if len(problems) > 0 {
			return fmt.Errorf("VPC %s (%s) not hardened:\n  %s", id, name, strings.Join(problems, "\n  "))
		}
		return nil
	}
}

func defaultSGNoT(ctx context.Context, conn *awsec2.Client, vpcID string) *string {
	out, err := conn.DescribeSecurityGroups(ctx, &awsec2.DescribeSecurityGroupsInput{Filters: []ec2types.Filter{
		{Name: aws.String("vpc-id"), Values: []string{vpcID}}, {Name: aws.String("group-name"), Values: []string{"default"}},
	}})
	if err != nil || len(out.SecurityGroups) == 0 {
		return aws.String("sg-missing")
	}
	return out.SecurityGroups[0].GroupId
}

func checkVPCDestroyed(client *awsclient.Client, name string, vpcID *string, s3Flow bool) resource.TestCheckFunc {
	return func(*terraform.State) error {
		ctx := context.Background()
		if _, err := ec2.FindVPCByID(ctx, client.EC2(), *vpcID); !awsclient.IsNotFound(err) {
			return acctest.NotGone("VPC "+*vpcID+" after destroy", err)
		}
		out, err := client.EC2().DescribeVpcs(ctx, &awsec2.DescribeVpcsInput{Filters: []ec2types.Filter{{Name: aws.String("tag:commshield:vpc"), Values: []string{name}}}})
		if err != nil {
			return err
		}
		if len(out.Vpcs) > 0 {
			return fmt.Errorf("%d VPCs tagged %s remain after destroy", len(out.Vpcs), name)
		}
		if _, err := logdelivery.FindRoleByName(ctx, client.IAM(), "commshield-flowlogs-"+name); !awsclient.IsNotFound(err) {
			return acctest.NotGone("flow-log role of "+name+" after destroy", err)
		}
		if !s3Flow {
			if _, err := logdelivery.FindLogGroupByName(ctx, client.CloudWatchLogs(), "/commshield/vpc-flow-logs/"+name); !awsclient.IsNotFound(err) {
				return acctest.NotGone("flow-log group of "+name+" after destroy with retain_flow_log_group_on_destroy = false", err)
			}
		}
		return nil
	}
}

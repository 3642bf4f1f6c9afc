package ec2

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
)

// Tags that identify what the resource manages inside the VPC.
const (
	tagName              = "Name"
	tagTier              = "commshield:tier"
	tagVPCName           = "commshield:vpc"
	tagEdgeJustification = "commshield:edge-justification"
)

const (
	errCodeVPCNotFound        = "InvalidVpcID.NotFound"
	errCodeSubnetNotFound     = "InvalidSubnetID.NotFound"
	errCodeRouteTableNotFound = "InvalidRouteTableID.NotFound"
	errCodeNACLNotFound       = "InvalidNetworkAclID.NotFound"
	errCodeIGWNotFound        = "InvalidInternetGatewayID.NotFound"
	errCodeGatewayNotAttached = "Gateway.NotAttached"
	errCodeFlowLogNotFound    = "InvalidFlowLogId.NotFound"
	errCodeDependency         = "DependencyViolation"
)

func vpcFilter(vpcID string) ec2types.Filter {
	return ec2types.Filter{Name: aws.String("vpc-id"), Values: []string{vpcID}}
}

// FindVPCByID returns the VPC, or an awsclient.NotFoundError.
func FindVPCByID(ctx context.Context, conn *awsec2.Client, id string) (*ec2types.Vpc, error) {
	out, err := conn.DescribeVpcs(ctx, &awsec2.DescribeVpcsInput{VpcIds: []string{id}})
	if awsclient.HasErrorCode(err, errCodeVPCNotFound) {
		return nil, awsclient.NewNotFound(fmt.Sprintf("VPC %q", id), err)
	}
	if err != nil {
		return nil, fmt.Errorf("reading VPC %q: %w", id, err)
	}
	if len(out.Vpcs) == 0 || out.Vpcs[0].State == "deleted" {
		return nil, awsclient.NewNotFound(fmt.Sprintf("VPC %q", id), nil)
	}
	return &out.Vpcs[0], nil
}

// inventory is everything the resource manages in one VPC, as AWS reports
// it. Tier objects are recognised by their commshield:tier tag, which is
// also how import reconstructs the tiers.
type inventory struct {
	VPC          ec2types.Vpc
	DNSSupport   bool
	DNSHostnames bool
	// Subnets by tier, then availability zone.
	Subnets     map[string]map[string]ec2types.Subnet
	RouteTables map[string]ec2types.RouteTable
	NACLs       map[string]ec2types.NetworkAcl
	// AllNACLs holds every network ACL of the VPC, to find a subnet's
	// current association.
	AllNACLs         []ec2types.NetworkAcl
	DefaultNACL      *ec2types.NetworkAcl
	DefaultSG        *ec2types.SecurityGroup
	DefaultSGRules   []ec2types.SecurityGroupRule
	InternetGateways []ec2types.InternetGateway
	FlowLogs         []ec2types.FlowLog
}

func tagValue(tags []ec2types.Tag, key string) string {
	for _, t := range tags {
		if aws.ToString(t.Key) == key {
			return aws.ToString(t.Value)
		}
	}
	return ""
}

func tagMap(tags []ec2types.Tag) map[string]string {
	out := make(map[string]string, len(tags))
	for _, t := range tags {
		out[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return out
}

// readInventory lists the VPC's objects. The VPC missing is an
// awsclient.NotFoundError.
func readInventory(ctx context.Context, conn *awsec2.Client, vpcID string) (*inventory, error) {
	vpc, err := FindVPCByID(ctx, conn, vpcID)
	if err != nil {
		return nil, err
	}
	inv := &inventory{
		VPC:         *vpc,
		Subnets:     map[string]map[string]ec2types.Subnet{},
		RouteTables: map[string]ec2types.RouteTable{},
		NACLs:       map[string]ec2types.NetworkAcl{},
	}
	for attrName, dst := range map[ec2types.VpcAttributeName]*bool{
		ec2types.VpcAttributeNameEnableDnsSupport:   &inv.DNSSupport,
		ec2types.VpcAttributeNameEnableDnsHostnames: &inv.DNSHostnames,
	} {
		out, err := conn.DescribeVpcAttribute(ctx, &awsec2.DescribeVpcAttributeInput{VpcId: aws.String(vpcID), Attribute: attrName})
		if err != nil {
			return nil, fmt.Errorf("reading %s of VPC %q: %w", attrName, vpcID, err)
		}
		switch attrName {
		case ec2types.VpcAttributeNameEnableDnsSupport:
			*dst = out.EnableDnsSupport != nil && aws.ToBool(out.EnableDnsSupport.Value)
		default:
			*dst = out.EnableDnsHostnames != nil && aws.ToBool(out.EnableDnsHostnames.Value)
		}
	}

	subnets := awsec2.NewDescribeSubnetsPaginator(conn, &awsec2.DescribeSubnetsInput{Filters: []ec2types.Filter{vpcFilter(vpcID)}})
	for subnets.HasMorePages() {
		page, err := subnets.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing subnets of VPC %q: %w", vpcID, err)
		}
		for _, s := range page.Subnets {
			tier := tagValue(s.Tags, tagTier)
			if tier == "" {
				continue
			}
			if inv.Subnets[tier] == nil {
				inv.Subnets[tier] = map[string]ec2types.Subnet{}
			}
			inv.Subnets[tier][aws.ToString(s.AvailabilityZone)] = s
		}
	}

	rts := awsec2.NewDescribeRouteTablesPaginator(conn, &awsec2.DescribeRouteTablesInput{Filters: []ec2types.Filter{vpcFilter(vpcID)}})
	for rts.HasMorePages() {
		page, err := rts.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing route tables of VPC %q: %w", vpcID, err)
		}
		for _, rt := range page.RouteTables {
			if tier := tagValue(rt.Tags, tagTier); tier != "" {
				inv.RouteTables[tier] = rt
			}
		}
	}

	nacls := awsec2.NewDescribeNetworkAclsPaginator(conn, &awsec2.DescribeNetworkAclsInput{Filters: []ec2types.Filter{vpcFilter(vpcID)}})
	for nacls.HasMorePages() {
		page, err := nacls.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing network ACLs of VPC %q: %w", vpcID, err)
		}
		for _, n := range page.NetworkAcls {
			inv.AllNACLs = append(inv.AllNACLs, n)
			if aws.ToBool(n.IsDefault) {
				inv.DefaultNACL = &n
				continue
			}
			if tier := tagValue(n.Tags, tagTier); tier != "" {
				inv.NACLs[tier] = n
			}
		}
	}

	sgs, err := conn.DescribeSecurityGroups(ctx, &awsec2.DescribeSecurityGroupsInput{Filters: []ec2types.Filter{
		vpcFilter(vpcID), {Name: aws.String("group-name"), Values: []string{"default"}},
	}})
	if err != nil {
		return nil, fmt.Errorf("reading default security group of VPC %q: %w", vpcID, err)
	}
	if len(sgs.SecurityGroups) > 0 {
		inv.DefaultSG = &sgs.SecurityGroups[0]
		rules := awsec2.NewDescribeSecurityGroupRulesPaginator(conn, &awsec2.DescribeSecurityGroupRulesInput{Filters: []ec2types.Filter{
			{Name: aws.String("group-id"), Values: []string{aws.ToString(inv.DefaultSG.GroupId)}},
		}})
		for rules.HasMorePages() {
			page, err := rules.NextPage(ctx)
			if err != nil {
				return nil, fmt.Errorf("reading rules of default security group of VPC %q: %w", vpcID, err)
			}
			inv.DefaultSGRules = append(inv.DefaultSGRules, page.SecurityGroupRules...)
		}
	}

	igws, err := conn.DescribeInternetGateways(ctx, &awsec2.DescribeInternetGatewaysInput{Filters: []ec2types.Filter{
		{Name: aws.String("attachment.vpc-id"), Values: []string{vpcID}},
	}})
	if err != nil {
		return nil, fmt.Errorf("listing internet gateways of VPC %q: %w", vpcID, err)
	}
	inv.InternetGateways = igws.InternetGateways

	fls, err := conn.DescribeFlowLogs(ctx, &awsec2.DescribeFlowLogsInput{Filter: []ec2types.Filter{
		{Name: aws.String("resource-id"), Values: []string{vpcID}},
	}})
	if err != nil {
		return nil, fmt.Errorf("listing flow logs of VPC %q: %w", vpcID, err)
	}
	inv.FlowLogs = fls.FlowLogs
	sort.Slice(inv.FlowLogs, func(i, j int) bool {
		return aws.ToString(inv.FlowLogs[i].FlowLogId) < aws.ToString(inv.FlowLogs[j].FlowLogId)
	})
	return inv, nil
}

// ownIGW returns the internet gateway the resource created (tagged edge).
func (inv *inventory) ownIGW() *ec2types.InternetGateway {
	for i := range inv.InternetGateways {
		if tagValue(inv.InternetGateways[i].Tags, tagTier) == tierEdge {
			return &inv.InternetGateways[i]
		}
	}
	return nil
}

// ownFlowLogs returns the flow logs the resource created for this VPC.
func (inv *inventory) ownFlowLogs(vpcName string) []ec2types.FlowLog {
	var out []ec2types.FlowLog
	for _, fl := range inv.FlowLogs {
		if tagValue(fl.Tags, tagVPCName) == vpcName {
			out = append(out, fl)
		}
	}
	return out
}

// naclRulesFromSDK converts a network ACL's entries, leaving out the
// unremovable default (*) rules and IPv6 entries.
func naclRulesFromSDK(entries []ec2types.NetworkAclEntry) []naclRule {
	var out []naclRule
	for _, e := range entries {
		if aws.ToInt32(e.RuleNumber) >= 32767 || e.Ipv6CidrBlock != nil {
			continue
		}
		r := naclRule{
			RuleNumber: aws.ToInt32(e.RuleNumber),
			Egress:     aws.ToBool(e.Egress),
			Action:     string(e.RuleAction),
			Protocol:   protocolName(aws.ToString(e.Protocol)),
			CIDRBlock:  aws.ToString(e.CidrBlock),
		}
		if e.PortRange != nil && (r.Protocol == "tcp" || r.Protocol == "udp") {
			r.FromPort = aws.ToInt32(e.PortRange.From)
			r.ToPort = aws.ToInt32(e.PortRange.To)
		}
		out = append(out, r)
	}
	sortRules(out)
	return out
}

// internetRoute is a route to an internet gateway in a route table where
// none belongs.
type internetRoute struct {
	RouteTableID string
	Route        ec2types.Route
}

// internetRoutesOutsideEdge lists routes to internet gateways in the
// management, signaling and user-plane route tables. Only the edge tier may
// reach the internet directly.
func (inv *inventory) internetRoutesOutsideEdge() []internetRoute {
	var out []internetRoute
	for _, tier := range tierOrder {
		rt, ok := inv.RouteTables[tier]
		if !ok || tier == tierEdge {
			continue
		}
		for _, r := range rt.Routes {
			if strings.HasPrefix(aws.ToString(r.GatewayId), "igw-") {
				out = append(out, internetRoute{RouteTableID: aws.ToString(rt.RouteTableId), Route: r})
			}
		}
	}
	return out
}

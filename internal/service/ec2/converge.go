package ec2

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
	"github.com/commshield/terraform-provider-commshield/internal/logdelivery"
)

// flowLogFormat is the custom flow log record format: the default v2 fields
// plus the v3–v5 fields an investigation needs (subnet, TCP flags, packet
// addresses behind NAT, direction and path).
const flowLogFormat = "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status} " +
	"${vpc-id} ${subnet-id} ${instance-id} ${tcp-flags} ${type} ${pkt-srcaddr} ${pkt-dstaddr} ${region} ${az-id} ${flow-direction} ${traffic-path}"

const flowLogAggregationSeconds = 60

// converger brings the objects of one VPC in line with a desiredVPC. Every
// step reads what is there and changes only what differs, so the same code
// creates (from an empty VPC), updates and repairs drift.
type converger struct {
	client *awsclient.Client
	want   *desiredVPC
	vpcID  string
}

func (c *converger) ec2() *awsec2.Client { return c.client.EC2() }

func (c *converger) tagSpec(rt ec2types.ResourceType, tier, name string) []ec2types.TagSpecification {
	tags := []ec2types.Tag{{Key: aws.String(tagName), Value: aws.String(name)}, {Key: aws.String(tagVPCName), Value: aws.String(c.want.Name)}}
	if tier != "" {
		tags = append(tags, ec2types.Tag{Key: aws.String(tagTier), Value: aws.String(tier)})
	}
	for _, k := range sortedKeys(c.want.Tags) {
		if isSystemTag(k) {
			continue
		}
		tags = append(tags, ec2types.Tag{Key: aws.String(k), Value: aws.String(c.want.Tags[k])})
	}
	return []ec2types.TagSpecification{{ResourceType: rt, Tags: tags}}
}

// createVPC makes the VPC itself; the caller records its ID at once so a
// later failure leaves it in state.
func (c *converger) createVPC(ctx context.Context) (string, error) {
	spec := c.tagSpec(ec2types.ResourceTypeVpc, "", c.want.Name)
	if c.want.hasEdge() {
		spec[0].Tags = append(spec[0].Tags, ec2types.Tag{Key: aws.String(tagEdgeJustification), Value: aws.String(c.want.EdgeJustification)})
	}
	out, err := c.ec2().CreateVpc(ctx, &awsec2.CreateVpcInput{CidrBlock: aws.String(c.want.CIDR.String()), TagSpecifications: spec})
	if err != nil {
		return "", fmt.Errorf("creating VPC: %w", err)
	}
	id := aws.ToString(out.Vpc.VpcId)
	return id, waitVPCAvailable(ctx, c.ec2(), id)
}

// run converges everything after the VPC exists.
func (c *converger) run(ctx context.Context) error {
	inv, err := readInventory(ctx, c.ec2(), c.vpcID)
	if err != nil {
		return err
	}
	steps := []func(context.Context, *inventory) error{
		c.vpcAttributes,
		c.vpcTags,
		c.tiers,
		c.removeUnwantedTiers,
		c.removeInternetRoutes,
		c.internetGateway,
		c.defaultSecurityGroup,
		c.defaultNetworkACL,
		c.flowLogs,
	}
	for _, step := range steps {
		if err := step(ctx, inv); err != nil {
			return err
		}
		// Later steps look at objects earlier steps created.
		if inv, err = readInventory(ctx, c.ec2(), c.vpcID); err != nil {
			return err
		}
	}
	return nil
}

func (c *converger) vpcAttributes(ctx context.Context, inv *inventory) error {
	if inv.DNSSupport != c.want.DNSSupport {
		if _, err := c.ec2().ModifyVpcAttribute(ctx, &awsec2.ModifyVpcAttributeInput{VpcId: aws.String(c.vpcID), EnableDnsSupport: &ec2types.AttributeBooleanValue{Value: aws.Bool(c.want.DNSSupport)}}); err != nil {
			return fmt.Errorf("setting DNS support on VPC %s: %w", c.vpcID, err)
		}
	}
	if inv.DNSHostnames != c.want.DNSHostnames {
		if _, err := c.ec2().ModifyVpcAttribute(ctx, &awsec2.ModifyVpcAttributeInput{VpcId: aws.String(c.vpcID), EnableDnsHostnames: &ec2types.AttributeBooleanValue{Value: aws.Bool(c.want.DNSHostnames)}}); err != nil {
			return fmt.Errorf("setting DNS hostnames on VPC %s: %w", c.vpcID, err)
		}
	}
	return nil
}

// vpcTags syncs the user and default tags (and the edge justification) on
// every object the resource manages; Name and commshield:tier are set at
// creation and left alone.
func (c *converger) vpcTags(ctx context.Context, inv *inventory) error {
	want := map[string]string{}
	for k, v := range c.want.Tags {
		if !isSystemTag(k) {
			want[k] = v
		}
	}
	current := tagMap(inv.VPC.Tags)
	var add []ec2types.Tag
	for _, k := range sortedKeys(want) {
		if current[k] != want[k] {
			add = append(add, ec2types.Tag{Key: aws.String(k), Value: aws.String(want[k])})
		}
	}
	var remove []ec2types.Tag
	for _, k := range sortedKeys(current) {
		if _, ok := want[k]; !ok && !isSystemTag(k) {
			remove = append(remove, ec2types.Tag{Key: aws.String(k)})
		}
	}
	ids := inv.managedIDs(c.want.Name)
	if len(add) > 0 {
		if _, err := c.ec2().CreateTags(ctx, &awsec2.CreateTagsInput{Resources: ids, Tags: add}); err != nil {
			return fmt.Errorf("tagging objects of VPC %s: %w", c.vpcID, err)
		}
	}
	if len(remove) > 0 {
		if _, err := c.ec2().DeleteTags(ctx, &awsec2.DeleteTagsInput{Resources: ids, Tags: remove}); err != nil {
			return fmt.Errorf("untagging objects of VPC %s: %w", c.vpcID, err)
		}
	}
	justification := current[tagEdgeJustification]
	switch {
	case c.want.hasEdge() && justification != c.want.EdgeJustification:
		_, err := c.ec2().CreateTags(ctx, &awsec2.CreateTagsInput{Resources: []string{c.vpcID}, Tags: []ec2types.Tag{{Key: aws.String(tagEdgeJustification), Value: aws.String(c.want.EdgeJustification)}}})
		if err != nil {
			return fmt.Errorf("recording edge justification on VPC %s: %w", c.vpcID, err)
		}
	case !c.want.hasEdge() && justification != "":
		_, err := c.ec2().DeleteTags(ctx, &awsec2.DeleteTagsInput{Resources: []string{c.vpcID}, Tags: []ec2types.Tag{{Key: aws.String(tagEdgeJustification)}}})
		if err != nil {
			return fmt.Errorf("removing edge justification from VPC %s: %w", c.vpcID, err)
		}
	}
	return nil
}

// isSystemTag reports tags the resource sets itself and keeps out of
// tags/tags_all.
func isSystemTag(k string) bool {
	return k == tagName || k == tagTier || k == tagVPCName || k == tagEdgeJustification
}

// managedIDs lists the IDs of every EC2 object the resource manages.
func (inv *inventory) managedIDs(vpcName string) []string {
	ids := []string{aws.ToString(inv.VPC.VpcId)}
	for _, tier := range tierOrder {
		for _, az := range sortedKeys(subnetIDsByAZ(inv.Subnets[tier])) {
			ids = append(ids, aws.ToString(inv.Subnets[tier][az].SubnetId))
		}
		if rt, ok := inv.RouteTables[tier]; ok {
			ids = append(ids, aws.ToString(rt.RouteTableId))
		}
		if n, ok := inv.NACLs[tier]; ok {
			ids = append(ids, aws.ToString(n.NetworkAclId))
		}
	}
	if igw := inv.ownIGW(); igw != nil {
		ids = append(ids, aws.ToString(igw.InternetGatewayId))
	}
	for _, fl := range inv.ownFlowLogs(vpcName) {
		ids = append(ids, aws.ToString(fl.FlowLogId))
	}
	return ids
}

func subnetIDsByAZ(m map[string]ec2types.Subnet) map[string]string {
	out := map[string]string{}
	for az, s := range m {
		out[az] = aws.ToString(s.SubnetId)
	}
	return out
}

// tiers makes each wanted tier's route table, network ACL (with its
// entries) and subnets, and associates them.
func (c *converger) tiers(ctx context.Context, inv *inventory) error {
	for _, tier := range c.want.tiers() {
		rtID, err := c.ensureRouteTable(ctx, inv, tier)
		if err != nil {
			return err
		}
		naclID, err := c.ensureNACL(ctx, inv, tier)
		if err != nil {
			return err
		}
		for i, az := range c.want.Zones {
			if err := c.ensureSubnet(ctx, inv, tier, az, c.want.Plan[tier][i].String(), rtID, naclID); err != nil {
				return err
			}
		}
	}
	return nil
}

func (c *converger) ensureRouteTable(ctx context.Context, inv *inventory, tier string) (string, error) {
	if rt, ok := inv.RouteTables[tier]; ok {
		return aws.ToString(rt.RouteTableId), nil
	}
	out, err := c.ec2().CreateRouteTable(ctx, &awsec2.CreateRouteTableInput{
		VpcId:             aws.String(c.vpcID),
		TagSpecifications: c.tagSpec(ec2types.ResourceTypeRouteTable, tier, c.want.Name+"-"+tier),
	})
	if err != nil {
		return "", fmt.Errorf("creating %s route table in VPC %s: %w", tier, c.vpcID, err)
	}
	inv.RouteTables[tier] = *out.RouteTable
	return aws.ToString(out.RouteTable.RouteTableId), nil
}

func (c *converger) ensureNACL(ctx context.Context, inv *inventory, tier string) (string, error) {
	n, ok := inv.NACLs[tier]
	if !ok {
		out, err := c.ec2().CreateNetworkAcl(ctx, &awsec2.CreateNetworkAclInput{
			VpcId:             aws.String(c.vpcID),
			TagSpecifications: c.tagSpec(ec2types.ResourceTypeNetworkAcl, tier, c.want.Name+"-"+tier),
		})
		if err != nil {
			return "", fmt.Errorf("creating %s network ACL in VPC %s: %w", tier, c.vpcID, err)
		}
		n = *out.NetworkAcl
		inv.NACLs[tier] = n
	}
	id := aws.ToString(n.NetworkAclId)
	return id, c.syncNACLEntries(ctx, id, c.want.Rules[tier], naclRulesFromSDK(n.Entries))
}

// syncNACLEntries deletes, replaces and creates entries until the ACL holds
// exactly want. Deletes go first so a rule number can be reused.
func (c *converger) syncNACLEntries(ctx context.Context, naclID string, want, actual []naclRule) error {
	create, replace, remove := diffRules(want, actual)
	for _, r := range remove {
		if _, err := c.ec2().DeleteNetworkAclEntry(ctx, &awsec2.DeleteNetworkAclEntryInput{NetworkAclId: aws.String(naclID), RuleNumber: aws.Int32(r.RuleNumber), Egress: aws.Bool(r.Egress)}); err != nil {
			return fmt.Errorf("deleting entry %s of network ACL %s: %w", r, naclID, err)
		}
	}
	for _, r := range replace {
		in := &awsec2.ReplaceNetworkAclEntryInput{NetworkAclId: aws.String(naclID), RuleNumber: aws.Int32(r.RuleNumber), Egress: aws.Bool(r.Egress),
			Protocol: aws.String(protocolNumber(r.Protocol)), RuleAction: ec2types.RuleAction(r.Action), CidrBlock: aws.String(r.CIDRBlock), PortRange: portRange(r)}
		if _, err := c.ec2().ReplaceNetworkAclEntry(ctx, in); err != nil {
			return fmt.Errorf("replacing entry %s of network ACL %s: %w", r, naclID, err)
		}
	}
	for _, r := range create {
		in := &awsec2.CreateNetworkAclEntryInput{NetworkAclId: aws.String(naclID), RuleNumber: aws.Int32(r.RuleNumber), Egress: aws.Bool(r.Egress),
			Protocol: aws.String(protocolNumber(r.Protocol)), RuleAction: ec2types.RuleAction(r.Action), CidrBlock: aws.String(r.CIDRBlock), PortRange: portRange(r)}
		_, err := c.ec2().CreateNetworkAclEntry(ctx, in)
		if awsclient.HasErrorCode(err, "NetworkAclEntryAlreadyExists") {
			// A retried request whose first attempt succeeded, or an entry
			// added since the ACL was read: make it ours.
			_, err = c.ec2().ReplaceNetworkAclEntry(ctx, &awsec2.ReplaceNetworkAclEntryInput{NetworkAclId: in.NetworkAclId, RuleNumber: in.RuleNumber, Egress: in.Egress,
				Protocol: in.Protocol, RuleAction: in.RuleAction, CidrBlock: in.CidrBlock, PortRange: in.PortRange})
		}
		if err != nil {
			return fmt.Errorf("creating entry %s of network ACL %s: %w", r, naclID, err)
		}
	}
	return nil
}

func portRange(r naclRule) *ec2types.PortRange {
	if r.Protocol != "tcp" && r.Protocol != "udp" {
		return nil
	}
	return &ec2types.PortRange{From: aws.Int32(r.FromPort), To: aws.Int32(r.ToPort)}
}

func (c *converger) ensureSubnet(ctx context.Context, inv *inventory, tier, az, cidr, rtID, naclID string) error {
	s, ok := inv.Subnets[tier][az]
	if ok && aws.ToString(s.CidrBlock) != cidr {
		// Only the edge tier can change size in place.
		if err := deleteSubnet(ctx, c.ec2(), aws.ToString(s.SubnetId)); err != nil {
			return err
		}
		ok = false
	}
	if !ok {
		out, err := c.ec2().CreateSubnet(ctx, &awsec2.CreateSubnetInput{
			VpcId:             aws.String(c.vpcID),
			CidrBlock:         aws.String(cidr),
			AvailabilityZone:  aws.String(az),
			TagSpecifications: c.tagSpec(ec2types.ResourceTypeSubnet, tier, fmt.Sprintf("%s-%s-%s", c.want.Name, tier, az)),
		})
		if err != nil {
			return fmt.Errorf("creating %s subnet %s in %s: %w", tier, cidr, az, err)
		}
		s = *out.Subnet
		if inv.Subnets[tier] == nil {
			inv.Subnets[tier] = map[string]ec2types.Subnet{}
		}
		inv.Subnets[tier][az] = s
	}
	subnetID := aws.ToString(s.SubnetId)
	if aws.ToBool(s.MapPublicIpOnLaunch) {
		if _, err := c.ec2().ModifySubnetAttribute(ctx, &awsec2.ModifySubnetAttributeInput{SubnetId: aws.String(subnetID), MapPublicIpOnLaunch: &ec2types.AttributeBooleanValue{Value: aws.Bool(false)}}); err != nil {
			return fmt.Errorf("turning off public IPs on subnet %s: %w", subnetID, err)
		}
	}
	if err := c.associateRouteTable(ctx, subnetID, rtID); err != nil {
		return err
	}
	assocID, current, err := naclAssociationOf(ctx, c.ec2(), subnetID)
	if err != nil {
		return err
	}
	if current != naclID && assocID != "" {
		if _, err := c.ec2().ReplaceNetworkAclAssociation(ctx, &awsec2.ReplaceNetworkAclAssociationInput{AssociationId: aws.String(assocID), NetworkAclId: aws.String(naclID)}); err != nil {
			return fmt.Errorf("associating subnet %s with network ACL %s: %w", subnetID, naclID, err)
		}
	}
	return nil
}

func (c *converger) associateRouteTable(ctx context.Context, subnetID, rtID string) error {
	out, err := c.ec2().DescribeRouteTables(ctx, &awsec2.DescribeRouteTablesInput{Filters: []ec2types.Filter{
		{Name: aws.String("association.subnet-id"), Values: []string{subnetID}},
	}})
	if err != nil {
		return fmt.Errorf("reading route table association of subnet %s: %w", subnetID, err)
	}
	for _, rt := range out.RouteTables {
		for _, a := range rt.Associations {
			if aws.ToString(a.SubnetId) != subnetID {
				continue
			}
			if aws.ToString(rt.RouteTableId) == rtID {
				return nil
			}
			_, err := c.ec2().ReplaceRouteTableAssociation(ctx, &awsec2.ReplaceRouteTableAssociationInput{AssociationId: a.RouteTableAssociationId, RouteTableId: aws.String(rtID)})
			if err != nil {
				return fmt.Errorf("moving subnet %s to route table %s: %w", subnetID, rtID, err)
			}
			return nil
		}
	}
	if _, err := c.ec2().AssociateRouteTable(ctx, &awsec2.AssociateRouteTableInput{SubnetId: aws.String(subnetID), RouteTableId: aws.String(rtID)}); err != nil {
		return fmt.Errorf("associating subnet %s with route table %s: %w", subnetID, rtID, err)
	}
	return nil
}

// removeUnwantedTiers deletes the objects of a tier no longer configured
// (only the edge tier can go away without replacing the VPC).
func (c *converger) removeUnwantedTiers(ctx context.Context, inv *inventory) error {
	for _, tier := range tierOrder {
		if _, wanted := c.want.Plan[tier]; wanted {
			continue
		}
		if err := deleteTierObjects(ctx, c.ec2(), inv, tier); err != nil {
			return err
		}
	}
	return nil
}

func deleteTierObjects(ctx context.Context, conn *awsec2.Client, inv *inventory, tier string) error {
	for _, az := range sortedKeys(inv.Subnets[tier]) {
		subnetID := aws.ToString(inv.Subnets[tier][az].SubnetId)
		// Hand the subnet back to the default ACL first: AWS drops the
		// association with the subnet anyway, but moto keeps it and would
		// then refuse to delete the tier's ACL (DependencyViolation).
		if inv.DefaultNACL != nil {
			assocID, current, err := naclAssociationOf(ctx, conn, subnetID)
			if err != nil {
				return err
			}
			if defaultID := aws.ToString(inv.DefaultNACL.NetworkAclId); assocID != "" && current != defaultID {
				if _, err := conn.ReplaceNetworkAclAssociation(ctx, &awsec2.ReplaceNetworkAclAssociationInput{AssociationId: aws.String(assocID), NetworkAclId: aws.String(defaultID)}); err != nil {
					return fmt.Errorf("returning subnet %s to the default network ACL: %w", subnetID, err)
				}
			}
		}
		if err := deleteSubnet(ctx, conn, subnetID); err != nil {
			return err
		}
	}
	if rt, ok := inv.RouteTables[tier]; ok {
		if err := deleteRouteTable(ctx, conn, rt); err != nil {
			return err
		}
	}
	if n, ok := inv.NACLs[tier]; ok {
		if err := retryOnDependency(ctx, func(ctx context.Context) error {
			_, err := conn.DeleteNetworkAcl(ctx, &awsec2.DeleteNetworkAclInput{NetworkAclId: n.NetworkAclId})
			if awsclient.HasErrorCode(err, errCodeNACLNotFound) {
				return nil
			}
			return err
		}); err != nil {
			return fmt.Errorf("deleting %s network ACL %s: %w", tier, aws.ToString(n.NetworkAclId), err)
		}
	}
	return nil
}

func deleteSubnet(ctx context.Context, conn *awsec2.Client, id string) error {
	err := retryOnDependency(ctx, func(ctx context.Context) error {
		_, err := conn.DeleteSubnet(ctx, &awsec2.DeleteSubnetInput{SubnetId: aws.String(id)})
		if awsclient.HasErrorCode(err, errCodeSubnetNotFound) {
			return nil
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("deleting subnet %s (network interfaces of Lambda, endpoints or load balancers can take minutes to go): %w", id, err)
	}
	return nil
}

func deleteRouteTable(ctx context.Context, conn *awsec2.Client, rt ec2types.RouteTable) error {
	for _, a := range rt.Associations {
		if aws.ToBool(a.Main) || a.RouteTableAssociationId == nil {
			continue
		}
		_, err := conn.DisassociateRouteTable(ctx, &awsec2.DisassociateRouteTableInput{AssociationId: a.RouteTableAssociationId})
		if err != nil && !awsclient.HasErrorCode(err, "InvalidAssociationID.NotFound") {
			return fmt.Errorf("disassociating route table %s: %w", aws.ToString(rt.RouteTableId), err)
		}
	}
	err := retryOnDependency(ctx, func(ctx context.Context) error {
		_, err := conn.DeleteRouteTable(ctx, &awsec2.DeleteRouteTableInput{RouteTableId: rt.RouteTableId})
		if awsclient.HasErrorCode(err, errCodeRouteTableNotFound) {
			return nil
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("deleting route table %s: %w", aws.ToString(rt.RouteTableId), err)
	}
	return nil
}

// removeInternetRoutes deletes routes to internet gateways from the
// non-edge route tables.
func (c *converger) removeInternetRoutes(ctx context.Context, inv *inventory) error {
	for _, ir := range inv.internetRoutesOutsideEdge() {
		in := &awsec2.DeleteRouteInput{RouteTableId: aws.String(ir.RouteTableID)}
		switch {
		case ir.Route.DestinationCidrBlock != nil:
			in.DestinationCidrBlock = ir.Route.DestinationCidrBlock
		case ir.Route.DestinationIpv6CidrBlock != nil:
			in.DestinationIpv6CidrBlock = ir.Route.DestinationIpv6CidrBlock
		case ir.Route.DestinationPrefixListId != nil:
			in.DestinationPrefixListId = ir.Route.DestinationPrefixListId
		}
		if _, err := c.ec2().DeleteRoute(ctx, in); err != nil && !awsclient.HasErrorCode(err, "InvalidRoute.NotFound") {
			return fmt.Errorf("deleting internet route from route table %s: %w", ir.RouteTableID, err)
		}
	}
	return nil
}

// internetGateway creates and routes the edge tier's internet gateway, or
// detaches any internet gateway when there is no edge tier. A gateway the
// resource did not create is detached but not deleted.
func (c *converger) internetGateway(ctx context.Context, inv *inventory) error {
	own := inv.ownIGW()
	if !c.want.hasEdge() {
		for _, igw := range inv.InternetGateways {
			if err := detachIGW(ctx, c.ec2(), aws.ToString(igw.InternetGatewayId), c.vpcID); err != nil {
				return err
			}
			if tagValue(igw.Tags, tagTier) == tierEdge {
				if err := deleteIGW(ctx, c.ec2(), aws.ToString(igw.InternetGatewayId)); err != nil {
					return err
				}
			}
		}
		return nil
	}
	var igwID string
	if own != nil {
		igwID = aws.ToString(own.InternetGatewayId)
	} else {
		out, err := c.ec2().CreateInternetGateway(ctx, &awsec2.CreateInternetGatewayInput{
			TagSpecifications: c.tagSpec(ec2types.ResourceTypeInternetGateway, tierEdge, c.want.Name+"-edge"),
		})
		if err != nil {
			return fmt.Errorf("creating internet gateway for VPC %s: %w", c.vpcID, err)
		}
		igwID = aws.ToString(out.InternetGateway.InternetGatewayId)
		if _, err := c.ec2().AttachInternetGateway(ctx, &awsec2.AttachInternetGatewayInput{InternetGatewayId: aws.String(igwID), VpcId: aws.String(c.vpcID)}); err != nil {
			return fmt.Errorf("attaching internet gateway %s to VPC %s: %w", igwID, c.vpcID, err)
		}
	}
	rt := inv.RouteTables[tierEdge]
	for _, route := range rt.Routes {
		if aws.ToString(route.DestinationCidrBlock) != anyIPv4 {
			continue
		}
		if aws.ToString(route.GatewayId) == igwID {
			return nil
		}
		_, err := c.ec2().ReplaceRoute(ctx, &awsec2.ReplaceRouteInput{RouteTableId: rt.RouteTableId, DestinationCidrBlock: aws.String(anyIPv4), GatewayId: aws.String(igwID)})
		if err != nil {
			return fmt.Errorf("pointing the edge default route at %s: %w", igwID, err)
		}
		return nil
	}
	if _, err := c.ec2().CreateRoute(ctx, &awsec2.CreateRouteInput{RouteTableId: rt.RouteTableId, DestinationCidrBlock: aws.String(anyIPv4), GatewayId: aws.String(igwID)}); err != nil {
		return fmt.Errorf("creating the edge default route to %s: %w", igwID, err)
	}
	return nil
}

func detachIGW(ctx context.Context, conn *awsec2.Client, igwID, vpcID string) error {
	_, err := conn.DetachInternetGateway(ctx, &awsec2.DetachInternetGatewayInput{InternetGatewayId: aws.String(igwID), VpcId: aws.String(vpcID)})
	if err != nil && !awsclient.HasErrorCode(err, errCodeIGWNotFound, errCodeGatewayNotAttached) {
		return fmt.Errorf("detaching internet gateway %s from VPC %s: %w", igwID, vpcID, err)
	}
	return nil
}

func deleteIGW(ctx context.Context, conn *awsec2.Client, igwID string) error {
	_, err := conn.DeleteInternetGateway(ctx, &awsec2.DeleteInternetGatewayInput{InternetGatewayId: aws.String(igwID)})
	if err != nil && !awsclient.HasErrorCode(err, errCodeIGWNotFound) {
		return fmt.Errorf("deleting internet gateway %s: %w", igwID, err)
	}
	return nil
}

// defaultSecurityGroup revokes every rule of the default security group, so
// nothing placed in it by accident can talk to anything.
func (c *converger) defaultSecurityGroup(ctx context.Context, inv *inventory) error {
	if inv.DefaultSG == nil {
		return nil
	}
	var ingress, egress []string
	for _, r := range inv.DefaultSGRules {
		if aws.ToBool(r.IsEgress) {
			egress = append(egress, aws.ToString(r.SecurityGroupRuleId))
		} else {
			ingress = append(ingress, aws.ToString(r.SecurityGroupRuleId))
		}
	}
	if len(ingress) > 0 {
		if _, err := c.ec2().RevokeSecurityGroupIngress(ctx, &awsec2.RevokeSecurityGroupIngressInput{GroupId: inv.DefaultSG.GroupId, SecurityGroupRuleIds: ingress}); err != nil {
			return fmt.Errorf("revoking ingress rules of default security group %s: %w", aws.ToString(inv.DefaultSG.GroupId), err)
		}
	}
	if len(egress) > 0 {
		if _, err := c.ec2().RevokeSecurityGroupEgress(ctx, &awsec2.RevokeSecurityGroupEgressInput{GroupId: inv.DefaultSG.GroupId, SecurityGroupRuleIds: egress}); err != nil {
			return fmt.Errorf("revoking egress rules of default security group %s: %w", aws.ToString(inv.DefaultSG.GroupId), err)
		}
	}
	return nil
}

// defaultNetworkACL removes every removable entry of the default network
// ACL, leaving only the implicit deny: a subnet someone adds to the VPC
// outside Terraform is isolated until it is given a tier's ACL.
func (c *converger) defaultNetworkACL(ctx context.Context, inv *inventory) error {
	if inv.DefaultNACL == nil {
		return nil
	}
	id := aws.ToString(inv.DefaultNACL.NetworkAclId)
	return c.syncNACLEntries(ctx, id, nil, naclRulesFromSDK(inv.DefaultNACL.Entries))
}

// flowLogs makes sure exactly one compliant flow log of the resource's own
// exists, replacing a non-compliant one, with its log group and role when
// the destination is CloudWatch Logs.
func (c *converger) flowLogs(ctx context.Context, inv *inventory) error {
	cwl := c.want.FlowKMSKeyARN != ""
	var roleARN string
	if cwl {
		if err := c.ensureFlowLogGroup(ctx); err != nil {
			return err
		}
		arn, err := c.ensureFlowLogRole(ctx)
		if err != nil {
			return err
		}
		roleARN = arn
	}
	var keep bool
	for _, fl := range inv.ownFlowLogs(c.want.Name) {
		if !keep && c.flowLogCompliant(fl) {
			keep = true
			continue
		}
		if err := deleteFlowLog(ctx, c.ec2(), aws.ToString(fl.FlowLogId)); err != nil {
			return err
		}
	}
	if !cwl {
		// Switching from CloudWatch Logs to S3: the role has no purpose left.
		if err := deleteFlowLogRole(ctx, c.client.IAM(), c.want.Name); err != nil {
			return err
		}
		if !c.want.RetainFlowGroup {
			if err := logdelivery.DeleteLogGroup(ctx, c.client.CloudWatchLogs(), flowLogGroupName(c.want.Name)); err != nil {
				return err
			}
		}
	}
	if keep {
		return nil
	}
	in := &awsec2.CreateFlowLogsInput{
		ResourceIds:            []string{c.vpcID},
		ResourceType:           ec2types.FlowLogsResourceTypeVpc,
		TrafficType:            ec2types.TrafficTypeAll,
		MaxAggregationInterval: aws.Int32(flowLogAggregationSeconds),
		LogFormat:              aws.String(flowLogFormat),
		TagSpecifications:      c.tagSpec(ec2types.ResourceTypeVpcFlowLog, "", c.want.Name),
	}
	if cwl {
		in.LogDestinationType = ec2types.LogDestinationTypeCloudWatchLogs
		in.LogGroupName = aws.String(flowLogGroupName(c.want.Name))
		in.DeliverLogsPermissionArn = aws.String(roleARN)
	} else {
		in.LogDestinationType = ec2types.LogDestinationTypeS3
		in.LogDestination = aws.String(c.want.FlowS3ARN)
	}
	out, err := awsclient.RetryWhen(ctx, iamPropagationTimeout, maxBackoff, func(ctx context.Context) (*awsec2.CreateFlowLogsOutput, error) {
		return c.ec2().CreateFlowLogs(ctx, in)
	}, func(err error) bool { return cwl && awsclient.HasErrorCode(err, "InvalidParameter") })
	if err != nil {
		return fmt.Errorf("creating flow log for VPC %s: %w", c.vpcID, err)
	}
	// CreateFlowLogs reports per-resource failures (e.g. a missing bucket)
	// with HTTP 200 and an Unsuccessful list.
	if len(out.Unsuccessful) > 0 {
		var msgs []string
		for _, u := range out.Unsuccessful {
			if u.Error != nil {
				msgs = append(msgs, fmt.Sprintf("%s: %s", aws.ToString(u.Error.Code), aws.ToString(u.Error.Message)))
			}
		}
		return fmt.Errorf("creating flow log for VPC %s failed: %v; check that the destination bucket exists and its policy lets delivery.logs.amazonaws.com write", c.vpcID, msgs)
	}
	if len(out.FlowLogIds) == 0 {
		return fmt.Errorf("creating flow log for VPC %s: AWS returned no flow log ID", c.vpcID)
	}
	return nil
}

// flowLogCompliant reports whether a flow log captures what the resource
// promises: all traffic, 60-second aggregation, the extended format, the
// configured destination.
func (c *converger) flowLogCompliant(fl ec2types.FlowLog) bool {
	if fl.TrafficType != ec2types.TrafficTypeAll || aws.ToInt32(fl.MaxAggregationInterval) != flowLogAggregationSeconds || aws.ToString(fl.LogFormat) != flowLogFormat {
		return false
	}
	if c.want.FlowKMSKeyARN != "" {
		return fl.LogDestinationType == ec2types.LogDestinationTypeCloudWatchLogs && aws.ToString(fl.LogGroupName) == flowLogGroupName(c.want.Name)
	}
	return fl.LogDestinationType == ec2types.LogDestinationTypeS3 && aws.ToString(fl.LogDestination) == c.want.FlowS3ARN
}

func deleteFlowLog(ctx context.Context, conn *awsec2.Client, id string) error {
	out, err := conn.DeleteFlowLogs(ctx, &awsec2.DeleteFlowLogsInput{FlowLogIds: []string{id}})
	if err != nil && !awsclient.HasErrorCode(err, errCodeFlowLogNotFound) {
		return fmt.Errorf("deleting flow log %s: %w", id, err)
	}
	if out != nil {
		for _, u := range out.Unsuccessful {
			if u.Error != nil && aws.ToString(u.Error.Code) != errCodeFlowLogNotFound {
				return fmt.Errorf("deleting flow log %s: %s", id, aws.ToString(u.Error.Message))
			}
		}
	}
	return nil
}

func (c *converger) ensureFlowLogGroup(ctx context.Context) error {
	_, err := logdelivery.EnsureLogGroup(ctx, c.client.CloudWatchLogs(), logdelivery.LogGroup{
		Name: flowLogGroupName(c.want.Name), KMSKeyARN: c.want.FlowKMSKeyARN, RetentionDays: c.want.FlowRetention, Tags: c.want.Tags,
	})
	return err
}

func (c *converger) ensureFlowLogRole(ctx context.Context) (string, error) {
	trust, err := flowLogTrustPolicy(c.client.Partition, c.client.Region, c.client.AccountID)
	if err != nil {
		return "", err
	}
	policy, err := flowLogDeliveryPolicy(c.client.Partition, c.client.Region, c.client.AccountID, flowLogGroupName(c.want.Name))
	if err != nil {
		return "", err
	}
	return logdelivery.EnsureRole(ctx, c.client.IAM(), logdelivery.Role{
		Name:        flowLogRoleName(c.want.Name),
		TrustPolicy: trust,
		Description: fmt.Sprintf("VPC flow logs of %s to CloudWatch Logs (managed by commshield)", c.want.Name),
		PolicyName:  flowLogRolePolicyName,
		Policy:      policy,
		Tags:        c.want.Tags,
	})
}

func deleteFlowLogRole(ctx context.Context, conn *iam.Client, vpcName string) error {
	return logdelivery.DeleteRole(ctx, conn, flowLogRoleName(vpcName), flowLogRolePolicyName)
}

// destroy deletes everything the resource manages in the VPC and the VPC,
// in dependency order, treating anything already gone as deleted.
func destroy(ctx context.Context, client *awsclient.Client, vpcID, vpcName string, retainGroup bool) error {
	conn := client.EC2()
	inv, err := readInventory(ctx, conn, vpcID)
	switch {
	case awsclient.IsNotFound(err):
	case err != nil:
		return err
	default:
		for _, fl := range inv.ownFlowLogs(vpcName) {
			if err := deleteFlowLog(ctx, conn, aws.ToString(fl.FlowLogId)); err != nil {
				return err
			}
		}
		for _, igw := range inv.InternetGateways {
			if err := detachIGW(ctx, conn, aws.ToString(igw.InternetGatewayId), vpcID); err != nil {
				return err
			}
			if tagValue(igw.Tags, tagTier) == tierEdge {
				if err := deleteIGW(ctx, conn, aws.ToString(igw.InternetGatewayId)); err != nil {
					return err
				}
			}
		}
		for _, tier := range slices.Backward(tierOrder) {
			if err := deleteTierObjects(ctx, conn, inv, tier); err != nil {
				return err
			}
		}
		err := retryOnDependency(ctx, func(ctx context.Context) error {
			_, err := conn.DeleteVpc(ctx, &awsec2.DeleteVpcInput{VpcId: aws.String(vpcID)})
			if awsclient.HasErrorCode(err, errCodeVPCNotFound) {
				return nil
			}
			return err
		})
		if err != nil {
			return fmt.Errorf("deleting VPC %s (objects created outside Terraform, such as security groups, endpoints or network interfaces, must be removed first): %w", vpcID, err)
		}
	}
	if err := deleteFlowLogRole(ctx, client.IAM(), vpcName); err != nil {
		return err
	}
	if !retainGroup {
		return logdelivery.DeleteLogGroup(ctx, client.CloudWatchLogs(), flowLogGroupName(vpcName))
	}
	return nil
}

const (
	iamPropagationTimeout = 2 * time.Minute
	dependencyTimeout     = 10 * time.Minute
)

// naclAssociationOf returns the network ACL association of a subnet (every
// subnet has exactly one, initially with the default ACL).
func naclAssociationOf(ctx context.Context, conn *awsec2.Client, subnetID string) (associationID, naclID string, err error) {
	out, err := conn.DescribeNetworkAcls(ctx, &awsec2.DescribeNetworkAclsInput{Filters: []ec2types.Filter{
		{Name: aws.String("association.subnet-id"), Values: []string{subnetID}},
	}})
	if err != nil {
		return "", "", fmt.Errorf("reading network ACL association of subnet %s: %w", subnetID, err)
	}
	for _, n := range out.NetworkAcls {
		for _, a := range n.Associations {
			if aws.ToString(a.SubnetId) == subnetID {
				return aws.ToString(a.NetworkAclAssociationId), aws.ToString(n.NetworkAclId), nil
			}
		}
	}
	return "", "", nil
}

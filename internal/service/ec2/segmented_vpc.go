package ec2

import (
	"context"
	"fmt"
	"math/bits"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
	"github.com/commshield/terraform-provider-commshield/internal/logdelivery"
	"github.com/commshield/terraform-provider-commshield/internal/tftags"
)

var (
	_ resource.Resource                   = (*segmentedVPCResource)(nil)
	_ resource.ResourceWithConfigure      = (*segmentedVPCResource)(nil)
	_ resource.ResourceWithImportState    = (*segmentedVPCResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*segmentedVPCResource)(nil)
	_ resource.ResourceWithValidateConfig = (*segmentedVPCResource)(nil)
)

const (
	resourceName  = "Segmented VPC"
	createTimeout = 20 * time.Minute
	updateTimeout = 20 * time.Minute
	deleteTimeout = 20 * time.Minute
)

// NewSegmentedVPCResource returns the commshield_segmented_vpc resource.
//
// Partial failure on create: the VPC is created first and everything after
// it lives inside it (plus the flow-log role and group, whose names derive
// from the resource name). If any later step fails, the resource reads back
// whatever exists and records it in state together with the error, so
// Terraform marks it tainted; the next apply or destroy deletes it by
// walking the VPC (objects are recognised by their commshield:tier and
// commshield:vpc tags, not by IDs in state). Nothing is rolled back
// silently, and nothing is orphaned.
func NewSegmentedVPCResource() resource.Resource {
	return &segmentedVPCResource{}
}

type segmentedVPCResource struct {
	client *awsclient.Client
}

func (r *segmentedVPCResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_segmented_vpc"
}

func (r *segmentedVPCResource) Configure(ctx context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	client, diags := awsclient.ClientFromProviderData(ctx, req.ProviderData, "commshield_segmented_vpc", awsclient.Needs{AccountID: true})
	resp.Diagnostics.Append(diags...)
	r.client = client
}

func (r *segmentedVPCResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg segmentedVPCModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	_, diags := buildDesired(ctx, cfg, nil)
	resp.Diagnostics.Append(diags...)
}

// ModifyPlan computes at plan time the subnet layout and the network ACL
// entries, pins the default security group and default network ACL to zero
// rules, and keeps the IDs of objects that will survive the apply. Read
// records what AWS really has, so any difference (an entry deleted, a rule
// added to the default security group, a flow log removed) is a diff.
func (r *segmentedVPCResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	var plan segmentedVPCModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	var state *segmentedVPCModel
	if !req.State.Raw.IsNull() {
		state = &segmentedVPCModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	tftags.PlanTagsAll(ctx, r.client, req, resp)
	resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root("tags_all"), &plan.TagsAll)...)

	d, diags := buildDesired(ctx, plan, r.client.DefaultTags)
	for _, dg := range diags.Errors() {
		resp.Diagnostics.Append(dg)
	}
	if d == nil {
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		return
	}

	var ds diag.Diagnostics
	plan.SubnetCIDRs = subnetCIDRsValue(d.Zones, d.Plan, &ds)
	plan.NetworkACLRules = naclRulesValue(d.Rules, &ds)
	resp.Diagnostics.Append(ds...)
	plan.DefaultSecurityGroupRuleCount = types.Int64Value(0)
	plan.DefaultNetworkACLRuleCount = types.Int64Value(0)
	plan.InternetRouteCount = types.Int64Value(0)
	plan.PublicIPSubnetCount = types.Int64Value(0)
	switch {
	case plan.FlowLogKMSKeyARN.IsUnknown():
		// The key is created in the same apply (e.g. commshield_kms_key):
		// the destination is not known yet.
		plan.FlowLogGroupName = types.StringUnknown()
		plan.FlowLogRoleARN = types.StringUnknown()
	case d.FlowKMSKeyARN != "":
		plan.FlowLogGroupName = types.StringValue(flowLogGroupName(d.Name))
		plan.FlowLogRoleARN = types.StringValue(fmt.Sprintf("arn:%s:iam::%s:role/%s", r.client.Partition, r.client.AccountID, flowLogRoleName(d.Name)))
	default:
		plan.FlowLogGroupName = types.StringNull()
		plan.FlowLogRoleARN = types.StringNull()
	}
	if !d.hasEdge() {
		plan.InternetGatewayID = types.StringNull()
	}

	if state != nil {
		// Keep an ID only where the object survives the apply; everything
		// else is explicitly unknown, because a diff that exists only in
		// computed values (drift) does not make the framework mark them.
		unknownMap := func(elem attr.Type) types.Map { return types.MapUnknown(elem) }
		plan.DefaultSecurityGroupID = state.DefaultSecurityGroupID
		plan.DefaultNetworkACLID = state.DefaultNetworkACLID
		plan.SubnetIDs = unknownMap(types.MapType{ElemType: types.StringType})
		if state.SubnetCIDRs.Equal(plan.SubnetCIDRs) && !state.SubnetIDs.IsNull() {
			plan.SubnetIDs = state.SubnetIDs
		}
		plan.RouteTableIDs, plan.NetworkACLIDs = unknownMap(types.StringType), unknownMap(types.StringType)
		if sameKeys(state.RouteTableIDs, d.tiers()) {
			plan.RouteTableIDs = state.RouteTableIDs
		}
		if sameKeys(state.NetworkACLIDs, d.tiers()) {
			plan.NetworkACLIDs = state.NetworkACLIDs
		}
		if d.hasEdge() {
			plan.InternetGatewayID = types.StringUnknown()
			if id := state.InternetGatewayID.ValueString(); strings.HasPrefix(id, "igw-") && sameKeys(state.RouteTableIDs, d.tiers()) {
				plan.InternetGatewayID = state.InternetGatewayID
			}
		}
		plan.FlowLogID = types.StringUnknown()
		sameDestination := state.FlowLogDestinationARN.Equal(plan.FlowLogDestinationARN) && state.FlowLogKMSKeyARN.IsNull() == plan.FlowLogKMSKeyARN.IsNull()
		if !state.FlowLogID.IsNull() && sameDestination {
			plan.FlowLogID = state.FlowLogID
		}
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

func sameKeys(m types.Map, keys []string) bool {
	if m.IsNull() || m.IsUnknown() || len(m.Elements()) != len(keys) {
		return false
	}
	for _, k := range keys {
		if _, ok := m.Elements()[k]; !ok {
			return false
		}
	}
	return true
}

func subnetCIDRsValue(zones []string, plan subnetPlan, diags *diag.Diagnostics) types.Map {
	m := map[string]map[string]string{}
	for tier, prefixes := range plan {
		m[tier] = map[string]string{}
		for i, p := range prefixes {
			m[tier][zones[i]] = p.String()
		}
	}
	v, d := types.MapValueFrom(context.Background(), types.MapType{ElemType: types.StringType}, m)
	diags.Append(d...)
	return v
}

func naclRulesValue(rules map[string][]naclRule, diags *diag.Diagnostics) types.Map {
	m := map[string][]naclRuleModel{}
	for tier, rs := range rules {
		models := make([]naclRuleModel, 0, len(rs))
		for _, r := range rs {
			models = append(models, naclRuleModel{
				RuleNumber: int64(r.RuleNumber), Egress: r.Egress, Action: r.Action, Protocol: r.Protocol,
				CIDRBlock: r.CIDRBlock, FromPort: int64(r.FromPort), ToPort: int64(r.ToPort),
			})
		}
		m[tier] = models
	}
	v, d := types.MapValueFrom(context.Background(), naclRuleListType, m)
	diags.Append(d...)
	return v
}

func (r *segmentedVPCResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan segmentedVPCModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	want, diags := buildDesired(ctx, plan, r.client.DefaultTags)
	resp.Diagnostics.Append(diags.Errors()...)
	if resp.Diagnostics.HasError() {
		return
	}
	if want == nil {
		resp.Diagnostics.AddError(fmt.Sprintf("creating %s", resourceName), "the configuration still has unknown values at apply time; this is a bug in the provider")
		return
	}
	ctx, cancel := context.WithTimeout(ctx, createTimeout)
	defer cancel()

	conv := &converger{client: r.client, want: want}
	vpcID, err := conv.createVPC(ctx)
	if vpcID == "" {
		resp.Diagnostics.AddError(fmt.Sprintf("creating %s (%s)", resourceName, want.Name), err.Error())
		return
	}
	if err == nil {
		conv.vpcID = vpcID
		err = conv.run(ctx)
	}
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("creating %s (%s)", resourceName, want.Name),
			fmt.Sprintf("%v\n\nEverything created so far (VPC %s and what is in it) is recorded in state; Terraform marks the resource tainted and the next apply replaces it, or destroy removes it.", err, vpcID))
	}
	r.readAndSet(context.WithoutCancel(ctx), vpcID, plan, &resp.State, &resp.Diagnostics, err != nil)
}

type stateSetter interface {
	Set(ctx context.Context, val any) diag.Diagnostics
}

// readAndSet reads the VPC into prior's shape and stores it. After a failed
// create or update (partial) every value is still made known, so the state
// Terraform saves is complete.
func (r *segmentedVPCResource) readAndSet(ctx context.Context, vpcID string, prior segmentedVPCModel, state stateSetter, diags *diag.Diagnostics, partial bool) {
	inv, err := readInventory(ctx, r.client.EC2(), vpcID)
	if err != nil {
		diags.AddError(fmt.Sprintf("reading %s (%s)", resourceName, vpcID), err.Error())
		if partial {
			m := prior
			m.ID, m.VPCID = types.StringValue(vpcID), types.StringValue(vpcID)
			nullUnknowns(&m)
			diags.Append(state.Set(ctx, &m)...)
		}
		return
	}
	m, d := r.modelFromInventory(ctx, inv, prior)
	diags.Append(d...)
	diags.Append(state.Set(ctx, &m)...)
}

// nullUnknowns replaces unknown computed values by null; Terraform refuses
// unknown values in state, even after an error.
func nullUnknowns(m *segmentedVPCModel) {
	for _, s := range []*types.String{&m.InternetGatewayID, &m.DefaultSecurityGroupID, &m.DefaultNetworkACLID, &m.FlowLogID, &m.FlowLogGroupName, &m.FlowLogRoleARN} {
		if s.IsUnknown() {
			*s = types.StringNull()
		}
	}
	for _, i := range []*types.Int64{&m.DefaultSecurityGroupRuleCount, &m.DefaultNetworkACLRuleCount, &m.InternetRouteCount, &m.PublicIPSubnetCount} {
		if i.IsUnknown() {
			*i = types.Int64Null()
		}
	}
	for _, mp := range []*types.Map{&m.SubnetIDs, &m.SubnetCIDRs, &m.RouteTableIDs, &m.NetworkACLIDs, &m.NetworkACLRules, &m.TagsAll} {
		if mp.IsUnknown() {
			*mp = types.MapNull(mp.ElementType(context.Background()))
		}
	}
}

func (r *segmentedVPCResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state segmentedVPCModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	inv, err := readInventory(ctx, r.client.EC2(), state.ID.ValueString())
	if awsclient.IsNotFound(err) {
		resp.Diagnostics.AddWarning(fmt.Sprintf("%s (%s) not found, removing from state", resourceName, state.ID.ValueString()),
			"The VPC no longer exists; Terraform will plan to create it again. A retained flow-log group and the flow-log role, if still present, are adopted on create.")
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("reading %s (%s)", resourceName, state.ID.ValueString()), err.Error())
		return
	}
	m, diags := r.modelFromInventory(ctx, inv, state)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *segmentedVPCResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state segmentedVPCModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	want, diags := buildDesired(ctx, plan, r.client.DefaultTags)
	resp.Diagnostics.Append(diags.Errors()...)
	if resp.Diagnostics.HasError() || want == nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, updateTimeout)
	defer cancel()
	vpcID := state.ID.ValueString()
	conv := &converger{client: r.client, want: want, vpcID: vpcID}
	err := conv.run(ctx)
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("updating %s (%s)", resourceName, vpcID), err.Error())
	}
	r.readAndSet(context.WithoutCancel(ctx), vpcID, plan, &resp.State, &resp.Diagnostics, err != nil)
}

func (r *segmentedVPCResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state segmentedVPCModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, deleteTimeout)
	defer cancel()
	retain := state.RetainFlowLogGroupOnDestroy.IsNull() || state.RetainFlowLogGroupOnDestroy.ValueBool()
	if err := destroy(ctx, r.client, state.ID.ValueString(), state.Name.ValueString(), retain); err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("deleting %s (%s)", resourceName, state.ID.ValueString()), err.Error())
	}
}

func (r *segmentedVPCResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if len(req.ID) < 5 || req.ID[:4] != "vpc-" {
		resp.Diagnostics.AddError("Invalid import ID", fmt.Sprintf("%q is not a VPC ID; import with the VPC ID, e.g. vpc-0123456789abcdef0", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
}

// modelFromInventory builds state from what AWS has. Arguments the user
// configured are kept from prior; on import (prior has no name) they are
// reconstructed from the tags, subnets, ACL entries and flow log.
func (r *segmentedVPCResource) modelFromInventory(ctx context.Context, inv *inventory, prior segmentedVPCModel) (segmentedVPCModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	m := prior
	vpcID := aws.ToString(inv.VPC.VpcId)
	importing := prior.Name.IsNull() || prior.Name.IsUnknown()
	vpcTags := tagMap(inv.VPC.Tags)
	m.ID, m.VPCID = types.StringValue(vpcID), types.StringValue(vpcID)
	if importing {
		name := vpcTags[tagVPCName]
		if name == "" {
			name = vpcTags[tagName]
		}
		m.Name = types.StringValue(name)
	}
	name := m.Name.ValueString()
	m.CIDRBlock = types.StringValue(aws.ToString(inv.VPC.CidrBlock))
	m.EnableDNSSupport = types.BoolValue(inv.DNSSupport)
	m.EnableDNSHostnames = types.BoolValue(inv.DNSHostnames)

	// Observed layout.
	zones := stringList(ctx, prior.AvailabilityZones, &diags)
	if importing || len(zones) == 0 {
		zones = observedZones(inv)
		m.AvailabilityZones = listOfStrings(zones)
	}
	observed := subnetPlan{}
	cidrs := map[string]map[string]string{}
	ids := map[string]map[string]string{}
	for tier, byAZ := range inv.Subnets {
		cidrs[tier], ids[tier] = map[string]string{}, map[string]string{}
		for az, s := range byAZ {
			cidrs[tier][az] = aws.ToString(s.CidrBlock)
			ids[tier][az] = aws.ToString(s.SubnetId)
		}
		for _, az := range zones {
			if c, ok := cidrs[tier][az]; ok {
				if p, err := netip.ParsePrefix(c); err == nil {
					observed[tier] = append(observed[tier], p)
				}
			}
		}
	}
	m.SubnetCIDRs = mapOfMaps(cidrs, &diags)
	m.SubnetIDs = mapOfMaps(ids, &diags)
	rtIDs, naclIDs := map[string]string{}, map[string]string{}
	rules := map[string][]naclRule{}
	for tier, rt := range inv.RouteTables {
		rtIDs[tier] = aws.ToString(rt.RouteTableId)
	}
	for tier, n := range inv.NACLs {
		naclIDs[tier] = aws.ToString(n.NetworkAclId)
		rules[tier] = naclRulesFromSDK(n.Entries)
	}
	m.RouteTableIDs = stringMap(rtIDs, &diags)
	m.NetworkACLIDs = stringMap(naclIDs, &diags)
	m.NetworkACLRules = naclRulesValue(rules, &diags)

	m.InternetGatewayID = types.StringNull()
	if igw := inv.ownIGW(); igw != nil {
		m.InternetGatewayID = types.StringValue(aws.ToString(igw.InternetGatewayId))
	} else if len(inv.InternetGateways) > 0 {
		m.InternetGatewayID = types.StringValue(aws.ToString(inv.InternetGateways[0].InternetGatewayId))
	}
	m.DefaultSecurityGroupID, m.DefaultSecurityGroupRuleCount = types.StringNull(), types.Int64Value(0)
	if inv.DefaultSG != nil {
		m.DefaultSecurityGroupID = types.StringValue(aws.ToString(inv.DefaultSG.GroupId))
		m.DefaultSecurityGroupRuleCount = types.Int64Value(int64(len(inv.DefaultSGRules)))
	}
	m.DefaultNetworkACLID, m.DefaultNetworkACLRuleCount = types.StringNull(), types.Int64Value(0)
	if inv.DefaultNACL != nil {
		m.DefaultNetworkACLID = types.StringValue(aws.ToString(inv.DefaultNACL.NetworkAclId))
		m.DefaultNetworkACLRuleCount = types.Int64Value(int64(len(naclRulesFromSDK(inv.DefaultNACL.Entries))))
	}

	m.InternetRouteCount = types.Int64Value(int64(len(inv.internetRoutesOutsideEdge())))
	publicIP := 0
	for _, byAZ := range inv.Subnets {
		for _, sn := range byAZ {
			if aws.ToBool(sn.MapPublicIpOnLaunch) {
				publicIP++
			}
		}
	}
	m.PublicIPSubnetCount = types.Int64Value(int64(publicIP))

	if importing {
		r.reconstructArguments(&m, inv, zones, observed, rules, vpcTags, &diags)
	}
	if m.RetainFlowLogGroupOnDestroy.IsNull() || m.RetainFlowLogGroupOnDestroy.IsUnknown() {
		m.RetainFlowLogGroupOnDestroy = types.BoolValue(true)
	}
	if m.FlowLogRetentionDays.IsUnknown() {
		m.FlowLogRetentionDays = types.Int64Value(defaultLogRetentionDays)
	}
	r.readFlowLog(ctx, &m, inv, name, &diags)

	own := map[string]string{}
	for k, v := range vpcTags {
		if !isSystemTag(k) {
			own[k] = v
		}
	}
	priorTags := map[string]string{}
	if !prior.Tags.IsNull() && !prior.Tags.IsUnknown() {
		diags.Append(prior.Tags.ElementsAs(ctx, &priorTags, false)...)
	}
	userTags := map[string]string{}
	for k, v := range own {
		if _, mine := priorTags[k]; mine {
			userTags[k] = v
		} else if dv, ok := r.client.DefaultTags[k]; !ok || dv != v {
			userTags[k] = v
		}
	}
	if len(userTags) == 0 && prior.Tags.IsNull() {
		m.Tags = types.MapNull(types.StringType)
	} else {
		m.Tags = stringMap(userTags, &diags)
	}
	m.TagsAll = stringMap(own, &diags)
	return m, diags
}

// readFlowLog records the resource's compliant flow log (if any) and, for
// the CloudWatch Logs destination, the group's key and retention and the
// role, each null when missing so that the next plan repairs it.
func (r *segmentedVPCResource) readFlowLog(ctx context.Context, m *segmentedVPCModel, inv *inventory, name string, diags *diag.Diagnostics) {
	m.FlowLogID = types.StringNull()
	var found *ec2types.FlowLog
	for _, fl := range inv.ownFlowLogs(name) {
		if fl.TrafficType == ec2types.TrafficTypeAll && aws.ToInt32(fl.MaxAggregationInterval) == flowLogAggregationSeconds && aws.ToString(fl.LogFormat) == flowLogFormat {
			found = &fl
			break
		}
	}
	importing := m.FlowLogDestinationARN.IsNull() && m.FlowLogKMSKeyARN.IsNull()
	cwl := !m.FlowLogKMSKeyARN.IsNull()
	if importing && found != nil {
		cwl = found.LogDestinationType == ec2types.LogDestinationTypeCloudWatchLogs
	}
	if found != nil {
		switch {
		case !cwl && found.LogDestinationType == ec2types.LogDestinationTypeS3:
			m.FlowLogDestinationARN = types.StringValue(aws.ToString(found.LogDestination))
			m.FlowLogID = types.StringValue(aws.ToString(found.FlowLogId))
		case cwl && found.LogDestinationType == ec2types.LogDestinationTypeCloudWatchLogs && aws.ToString(found.LogGroupName) == flowLogGroupName(name):
			m.FlowLogID = types.StringValue(aws.ToString(found.FlowLogId))
		}
	}
	m.FlowLogGroupName, m.FlowLogRoleARN = types.StringNull(), types.StringNull()
	if !cwl {
		return
	}
	group, err := logdelivery.FindLogGroupByName(ctx, r.client.CloudWatchLogs(), flowLogGroupName(name))
	switch {
	case err == nil:
		m.FlowLogGroupName = types.StringValue(flowLogGroupName(name))
		m.FlowLogKMSKeyARN = types.StringNull()
		if k := aws.ToString(group.KmsKeyId); k != "" {
			m.FlowLogKMSKeyARN = types.StringValue(k)
		}
		m.FlowLogRetentionDays = types.Int64Value(int64(aws.ToInt32(group.RetentionInDays)))
	case awsclient.IsNotFound(err):
		m.FlowLogRetentionDays = types.Int64Null()
	default:
		diags.AddError(fmt.Sprintf("reading %s flow-log group", resourceName), err.Error())
	}
	role, err := logdelivery.FindRoleByName(ctx, r.client.IAM(), flowLogRoleName(name))
	switch {
	case err == nil:
		m.FlowLogRoleARN = types.StringValue(aws.ToString(role.Arn))
	case !awsclient.IsNotFound(err):
		diags.AddError(fmt.Sprintf("reading %s flow-log role", resourceName), err.Error())
	}
}

// reconstructArguments fills in, on import, the arguments a configuration
// would have: tier sizes (newbits when the automatic layout reproduces the
// subnets, explicit CIDRs otherwise), allowed CIDRs and denied ports from
// the ACL entries, and the edge justification from its tag.
func (r *segmentedVPCResource) reconstructArguments(m *segmentedVPCModel, inv *inventory, zones []string, observed subnetPlan, rules map[string][]naclRule, vpcTags map[string]string, diags *diag.Diagnostics) {
	vpc, err := netip.ParsePrefix(aws.ToString(inv.VPC.CidrBlock))
	if err != nil {
		diags.AddError("Importing segmented VPC", fmt.Sprintf("VPC CIDR %q: %v", aws.ToString(inv.VPC.CidrBlock), err))
		return
	}
	layouts, explicit := importLayouts(vpc, len(zones), observed)
	objects := map[string]*types.Object{tierManagement: &m.Management, tierSignaling: &m.Signaling, tierUserPlane: &m.UserPlane, tierEdge: &m.Edge}
	for _, l := range layouts {
		attrs := map[string]attr.Value{
			"newbits":       types.Int64Null(),
			"cidrs":         types.ListNull(types.StringType),
			"allowed_cidrs": types.ListNull(types.StringType),
		}
		if explicit[l.Name] {
			attrs["cidrs"] = listOfStrings(prefixStrings(observed[l.Name]))
		} else {
			attrs["newbits"] = types.Int64Value(int64(l.Newbits))
		}
		var allowed []string
		for _, rule := range rules[l.Name] {
			if !rule.Egress && rule.Action == "allow" && rule.RuleNumber >= allowedCIDRRuleBase {
				allowed = append(allowed, rule.CIDRBlock)
			}
		}
		if len(allowed) > 0 {
			attrs["allowed_cidrs"] = listOfStrings(allowed)
		}
		obj, d := types.ObjectValue(tierAttrTypes, attrs)
		diags.Append(d...)
		*objects[l.Name] = obj
	}
	if j := vpcTags[tagEdgeJustification]; j != "" {
		m.EdgeJustification = types.StringValue(j)
	}
	var denied []attr.Value
	for _, rule := range rules[tierManagement] {
		if !rule.Egress && rule.Action == "deny" && rule.RuleNumber >= deniedPortRuleBase && rule.RuleNumber < vpcAllowRule {
			denied = append(denied, types.ObjectValueMust(deniedPortAttrTypes, map[string]attr.Value{
				"protocol": types.StringValue(rule.Protocol), "from_port": types.Int64Value(int64(rule.FromPort)), "to_port": types.Int64Value(int64(rule.ToPort)),
			}))
		}
	}
	if len(denied) > 0 {
		l, d := types.ListValue(types.ObjectType{AttrTypes: deniedPortAttrTypes}, denied)
		diags.Append(d...)
		m.DeniedPorts = l
	} else {
		m.DeniedPorts = defaultDeniedPortsList()
	}
	m.FlowLogRetentionDays = types.Int64Value(defaultLogRetentionDays)
}

// observedZones returns the availability zones of the management tier (or
// of any tier), sorted.
func observedZones(inv *inventory) []string {
	for _, tier := range tierOrder {
		if byAZ := inv.Subnets[tier]; len(byAZ) > 0 {
			return sortedKeys(byAZ)
		}
	}
	return nil
}

func listOfStrings(values []string) types.List {
	elems := make([]attr.Value, 0, len(values))
	for _, v := range values {
		elems = append(elems, types.StringValue(v))
	}
	return types.ListValueMust(types.StringType, elems)
}

func stringMap(m map[string]string, diags *diag.Diagnostics) types.Map {
	v, d := types.MapValueFrom(context.Background(), types.StringType, m)
	diags.Append(d...)
	return v
}

func mapOfMaps(m map[string]map[string]string, diags *diag.Diagnostics) types.Map {
	v, d := types.MapValueFrom(context.Background(), types.MapType{ElemType: types.StringType}, m)
	diags.Append(d...)
	return v
}

// importLayouts chooses, for an imported VPC, which tiers to describe by
// newbits and which by explicit CIDRs: the combination with the most newbits
// tiers whose automatic layout reproduces the subnets found. A configuration
// written with explicit CIDRs that the allocator would also produce imports
// as newbits; both describe the same subnets.
func importLayouts(vpc netip.Prefix, zones int, observed subnetPlan) ([]tierLayout, map[string]bool) {
	var layouts []tierLayout
	for _, tier := range tierOrder {
		if ps := observed[tier]; len(ps) > 0 {
			layouts = append(layouts, tierLayout{Name: tier, Newbits: ps[0].Bits() - vpc.Bits()})
		}
	}
	n := len(layouts)
	masks := make([]int, 0, 1<<n)
	for mask := range 1 << n {
		masks = append(masks, mask)
	}
	// Fewest explicit tiers first.
	slices.SortStableFunc(masks, func(a, b int) int { return bits.OnesCount(uint(a)) - bits.OnesCount(uint(b)) })
	for _, mask := range masks {
		trial := make([]tierLayout, n)
		explicit := map[string]bool{}
		for i, l := range layouts {
			trial[i] = tierLayout{Name: l.Name, Newbits: l.Newbits}
			if mask&(1<<i) != 0 {
				trial[i].CIDRs = observed[l.Name]
				explicit[l.Name] = true
			}
		}
		replay, err := planSubnets(vpc, zones, trial)
		if err != nil {
			continue
		}
		match := true
		for _, l := range layouts {
			match = match && slices.Equal(replay[l.Name], observed[l.Name])
		}
		if match {
			return layouts, explicit
		}
	}
	explicit := map[string]bool{}
	for _, l := range layouts {
		explicit[l.Name] = true
	}
	return layouts, explicit
}

package ec2

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/commshield/terraform-provider-commshield/internal/fwvalidators"
)

const (
	minimumLogRetentionDays = 90
	defaultLogRetentionDays = 365
)

// cloudWatchRetentionValues are the retention periods CloudWatch Logs
// accepts.
var cloudWatchRetentionValues = []int64{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

func validateLogRetention(days int64) error {
	if days < minimumLogRetentionDays {
		return fmt.Errorf("retention of %d days is below the %d-day minimum for flow logs; use %d (the default) or longer", days, minimumLogRetentionDays, defaultLogRetentionDays)
	}
	if !slices.Contains(cloudWatchRetentionValues, days) {
		return fmt.Errorf("CloudWatch Logs does not accept a retention of %d days; allowed values of at least 90 are 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653", days)
	}
	return nil
}

type retentionValidator struct{}

func (retentionValidator) Description(context.Context) string {
	return "a CloudWatch Logs retention of at least 90 days"
}
func (v retentionValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}
func (retentionValidator) ValidateInt64(_ context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := validateLogRetention(req.ConfigValue.ValueInt64()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid flow log retention", err.Error())
	}
}

// desiredVPC is the configuration turned into plain Go values and checked
// as a whole: subnets laid out, NACL entries generated.
type desiredVPC struct {
	Name              string
	CIDR              netip.Prefix
	Zones             []string
	DNSSupport        bool
	DNSHostnames      bool
	Layouts           []tierLayout
	Allowed           map[string][]netip.Prefix
	Denied            []deniedPort
	EdgeJustification string
	Plan              subnetPlan
	Rules             map[string][]naclRule
	FlowS3ARN         string
	FlowKMSKeyARN     string
	FlowRetention     int64
	RetainFlowGroup   bool
	Tags              map[string]string
}

func (d *desiredVPC) tiers() []string {
	var out []string
	for _, t := range tierOrder {
		if _, ok := d.Plan[t]; ok {
			out = append(out, t)
		}
	}
	return out
}

func (d *desiredVPC) hasEdge() bool { _, ok := d.Plan[tierEdge]; return ok }

// buildDesired converts and validates the configuration. It returns nil
// without error diagnostics when a value it needs is not yet known (it will
// be checked again at apply). Diagnostics carry the attribute path and say
// how to fix the problem.
func buildDesired(ctx context.Context, m segmentedVPCModel, defaultTags map[string]string) (*desiredVPC, diag.Diagnostics) {
	var diags diag.Diagnostics
	if m.Name.IsUnknown() || m.CIDRBlock.IsUnknown() || m.EdgeJustification.IsUnknown() ||
		slices.ContainsFunc([]attr.Value{m.AvailabilityZones, m.Management, m.Signaling, m.UserPlane, m.Edge, m.DeniedPorts}, fwvalidators.ContainsUnknown) {
		return nil, diags
	}
	d := &desiredVPC{
		Name:              m.Name.ValueString(),
		DNSSupport:        m.EnableDNSSupport.IsNull() || m.EnableDNSSupport.ValueBool(),
		DNSHostnames:      m.EnableDNSHostnames.IsNull() || m.EnableDNSHostnames.ValueBool(),
		Allowed:           map[string][]netip.Prefix{},
		EdgeJustification: strings.TrimSpace(m.EdgeJustification.ValueString()),
		FlowS3ARN:         m.FlowLogDestinationARN.ValueString(),
		FlowKMSKeyARN:     m.FlowLogKMSKeyARN.ValueString(),
		FlowRetention:     defaultLogRetentionDays,
		RetainFlowGroup:   m.RetainFlowLogGroupOnDestroy.IsNull() || m.RetainFlowLogGroupOnDestroy.ValueBool(),
	}
	if !m.FlowLogRetentionDays.IsNull() && !m.FlowLogRetentionDays.IsUnknown() {
		d.FlowRetention = m.FlowLogRetentionDays.ValueInt64()
	}
	vpc, err := parseIPv4Prefix(m.CIDRBlock.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root("cidr_block"), "Invalid VPC CIDR", err.Error())
		return nil, diags
	}
	if vpc != vpc.Masked() {
		diags.AddAttributeError(path.Root("cidr_block"), "Invalid VPC CIDR", fmt.Sprintf("%s has host bits set; did you mean %s?", vpc, vpc.Masked()))
		return nil, diags
	}
	if vpc.Bits() < minVPCPrefix || vpc.Bits() > maxSubnetPrefix {
		diags.AddAttributeError(path.Root("cidr_block"), "Invalid VPC CIDR", fmt.Sprintf("%s: AWS VPCs must be /%d to /%d", vpc, minVPCPrefix, maxSubnetPrefix))
		return nil, diags
	}
	d.CIDR = vpc
	diags.Append(m.AvailabilityZones.ElementsAs(ctx, &d.Zones, false)...)

	tierObjects := map[string]types.Object{tierManagement: m.Management, tierSignaling: m.Signaling, tierUserPlane: m.UserPlane, tierEdge: m.Edge}
	for _, tier := range tierOrder {
		obj := tierObjects[tier]
		if obj.IsNull() {
			if tier == tierEdge {
				continue
			}
			obj = defaultTierObject()
		}
		var tm tierModel
		diags.Append(obj.As(ctx, &tm, basetypes.ObjectAsOptions{})...)
		layout := tierLayout{Name: tier, Newbits: int(tm.Newbits.ValueInt64())}
		if tm.Newbits.IsNull() && tm.CIDRs.IsNull() {
			diags.AddAttributeError(path.Root(tier), "Tier size missing", fmt.Sprintf("set %s.newbits (e.g. 4) or %s.cidrs (one CIDR per availability zone)", tier, tier))
			continue
		}
		for i, s := range stringList(ctx, tm.CIDRs, &diags) {
			p, err := parseIPv4Prefix(s)
			if err != nil {
				diags.AddAttributeError(path.Root(tier).AtName("cidrs").AtListIndex(i), "Invalid subnet CIDR", err.Error())
				continue
			}
			layout.CIDRs = append(layout.CIDRs, p)
		}
		for i, s := range stringList(ctx, tm.AllowedCIDRs, &diags) {
			p, err := parseIPv4Prefix(s)
			if err != nil {
				diags.AddAttributeError(path.Root(tier).AtName("allowed_cidrs").AtListIndex(i), "Invalid allowed CIDR", err.Error())
				continue
			}
			if p.Bits() == 0 && tier != tierEdge {
				diags.AddAttributeError(path.Root(tier).AtName("allowed_cidrs").AtListIndex(i), "Internet-wide allow outside the edge tier",
					fmt.Sprintf("%s would let the whole internet reach the %s tier. Only the edge tier may allow 0.0.0.0/0; list the specific networks (e.g. the NOC's CIDR) instead.", s, tier))
				continue
			}
			d.Allowed[tier] = append(d.Allowed[tier], p.Masked())
		}
		d.Layouts = append(d.Layouts, layout)
	}

	if !m.Edge.IsNull() && d.EdgeJustification == "" {
		diags.AddAttributeError(path.Root("edge_justification"), "Edge tier without justification",
			"The edge tier makes the VPC internet-facing (internet gateway, default route). Set edge_justification to the business reason "+
				"(e.g. \"SBC public SIP trunk interface, change CR-1234\"); it is recorded as the VPC tag commshield:edge-justification. "+
				"Remove the edge block if the VPC does not need to be reachable from the internet.")
	}
	if m.Edge.IsNull() && d.EdgeJustification != "" {
		diags.AddAttributeWarning(path.Root("edge_justification"), "Justification without edge tier", "edge_justification is ignored because no edge tier is configured.")
	}

	switch {
	case m.FlowLogDestinationARN.IsUnknown() || m.FlowLogKMSKeyARN.IsUnknown():
	case d.FlowS3ARN != "" && d.FlowKMSKeyARN != "":
		diags.AddAttributeError(path.Root("flow_log_destination_arn"), "Two flow log destinations",
			"Set either flow_log_destination_arn (flow logs to the S3 log archive) or flow_log_kms_key_arn (flow logs to a KMS-encrypted CloudWatch Logs group the resource creates), not both.")
	case d.FlowS3ARN == "" && d.FlowKMSKeyARN == "":
		diags.AddAttributeError(path.Root("flow_log_destination_arn"), "Flow logs are mandatory",
			"A segmented VPC always has flow logs. Set flow_log_destination_arn to the log archive bucket ARN (e.g. commshield_log_archive.central.arn) "+
				"or flow_log_kms_key_arn to a KMS key ARN for a CloudWatch Logs group the resource creates.")
	}
	if m.DeniedPorts.IsNull() {
		d.Denied = defaultDeniedPorts
	} else {
		var ports []deniedPortModel
		diags.Append(m.DeniedPorts.ElementsAs(ctx, &ports, false)...)
		for i, p := range ports {
			dp := deniedPort{Protocol: p.Protocol.ValueString(), From: int32(p.FromPort.ValueInt64()), To: int32(p.ToPort.ValueInt64())}
			if err := validateDeniedPort(dp); err != nil {
				diags.AddAttributeError(path.Root("denied_ports").AtListIndex(i), "Invalid denied port range", err.Error())
				continue
			}
			d.Denied = append(d.Denied, dp)
		}
	}
	if diags.HasError() {
		return nil, diags
	}

	plan, err := planSubnets(vpc, len(d.Zones), d.Layouts)
	if err != nil {
		diags.AddError("Subnet layout does not fit", fmt.Sprintf("%v (cidr_block %s, %d availability zones)", err, vpc, len(d.Zones)))
		return nil, diags
	}
	d.Plan = plan
	d.Rules = map[string][]naclRule{}
	for _, tier := range d.tiers() {
		rules := tierRules(tier, vpc, plan, d.Denied, d.Allowed[tier])
		n := rulesPerDirection(rules)
		switch {
		case n > maxNACLQuota:
			diags.AddAttributeError(path.Root(tier), "Too many network ACL rules",
				fmt.Sprintf("the %s network ACL needs %d rules per direction; AWS allows at most %d. Use fewer allowed_cidrs or denied_ports, or align the tiers so they summarise into fewer CIDRs.", tier, n, maxNACLQuota))
		case n > defaultNACLQuota:
			diags.AddAttributeWarning(path.Root(tier), "Network ACL rules above the default quota",
				fmt.Sprintf("the %s network ACL needs %d rules per direction; AWS's default quota is %d. Request a quota increase (\"Rules per network ACL\", up to %d) before applying.", tier, n, defaultNACLQuota, maxNACLQuota))
		}
		d.Rules[tier] = rules
	}
	tags := map[string]string{}
	if !m.Tags.IsNull() && !m.Tags.IsUnknown() {
		diags.Append(m.Tags.ElementsAs(ctx, &tags, false)...)
	}
	d.Tags = mergeTags(defaultTags, tags)
	if diags.HasError() {
		return nil, diags
	}
	return d, diags
}

func mergeTags(defaults, own map[string]string) map[string]string {
	out := make(map[string]string, len(defaults)+len(own))
	for k, v := range defaults {
		out[k] = v
	}
	for k, v := range own {
		out[k] = v
	}
	return out
}

func stringList(ctx context.Context, l types.List, diags *diag.Diagnostics) []string {
	if l.IsNull() || l.IsUnknown() {
		return nil
	}
	var out []string
	diags.Append(l.ElementsAs(ctx, &out, false)...)
	return out
}

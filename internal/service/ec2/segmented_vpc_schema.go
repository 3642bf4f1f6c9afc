package ec2

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commshield/terraform-provider-commshield/internal/tftags"
)

// segmentedVPCModel is the resource's plan and state.
type segmentedVPCModel struct {
	ID                          types.String `tfsdk:"id"`
	Name                        types.String `tfsdk:"name"`
	CIDRBlock                   types.String `tfsdk:"cidr_block"`
	AvailabilityZones           types.List   `tfsdk:"availability_zones"`
	EnableDNSSupport            types.Bool   `tfsdk:"enable_dns_support"`
	EnableDNSHostnames          types.Bool   `tfsdk:"enable_dns_hostnames"`
	Management                  types.Object `tfsdk:"management"`
	Signaling                   types.Object `tfsdk:"signaling"`
	UserPlane                   types.Object `tfsdk:"user_plane"`
	Edge                        types.Object `tfsdk:"edge"`
	EdgeJustification           types.String `tfsdk:"edge_justification"`
	DeniedPorts                 types.List   `tfsdk:"denied_ports"`
	FlowLogDestinationARN       types.String `tfsdk:"flow_log_destination_arn"`
	FlowLogKMSKeyARN            types.String `tfsdk:"flow_log_kms_key_arn"`
	FlowLogRetentionDays        types.Int64  `tfsdk:"flow_log_retention_days"`
	RetainFlowLogGroupOnDestroy types.Bool   `tfsdk:"retain_flow_log_group_on_destroy"`
	Tags                        types.Map    `tfsdk:"tags"`
	TagsAll                     types.Map    `tfsdk:"tags_all"`

	VPCID                         types.String `tfsdk:"vpc_id"`
	SubnetIDs                     types.Map    `tfsdk:"subnet_ids"`
	SubnetCIDRs                   types.Map    `tfsdk:"subnet_cidrs"`
	RouteTableIDs                 types.Map    `tfsdk:"route_table_ids"`
	NetworkACLIDs                 types.Map    `tfsdk:"network_acl_ids"`
	NetworkACLRules               types.Map    `tfsdk:"network_acl_rules"`
	InternetGatewayID             types.String `tfsdk:"internet_gateway_id"`
	DefaultSecurityGroupID        types.String `tfsdk:"default_security_group_id"`
	DefaultSecurityGroupRuleCount types.Int64  `tfsdk:"default_security_group_rule_count"`
	DefaultNetworkACLID           types.String `tfsdk:"default_network_acl_id"`
	DefaultNetworkACLRuleCount    types.Int64  `tfsdk:"default_network_acl_rule_count"`
	InternetRouteCount            types.Int64  `tfsdk:"non_edge_internet_route_count"`
	PublicIPSubnetCount           types.Int64  `tfsdk:"public_ip_subnet_count"`
	FlowLogID                     types.String `tfsdk:"flow_log_id"`
	FlowLogGroupName              types.String `tfsdk:"flow_log_group_name"`
	FlowLogRoleARN                types.String `tfsdk:"flow_log_role_arn"`
}

type tierModel struct {
	Newbits      types.Int64 `tfsdk:"newbits"`
	CIDRs        types.List  `tfsdk:"cidrs"`
	AllowedCIDRs types.List  `tfsdk:"allowed_cidrs"`
}

type deniedPortModel struct {
	Protocol types.String `tfsdk:"protocol"`
	FromPort types.Int64  `tfsdk:"from_port"`
	ToPort   types.Int64  `tfsdk:"to_port"`
}

// naclRuleModel is one element of network_acl_rules.
type naclRuleModel struct {
	RuleNumber int64  `tfsdk:"rule_number"`
	Egress     bool   `tfsdk:"egress"`
	Action     string `tfsdk:"action"`
	Protocol   string `tfsdk:"protocol"`
	CIDRBlock  string `tfsdk:"cidr_block"`
	FromPort   int64  `tfsdk:"from_port"`
	ToPort     int64  `tfsdk:"to_port"`
}

var (
	tierAttrTypes = map[string]attr.Type{
		"newbits":       types.Int64Type,
		"cidrs":         types.ListType{ElemType: types.StringType},
		"allowed_cidrs": types.ListType{ElemType: types.StringType},
	}
	deniedPortAttrTypes = map[string]attr.Type{
		"protocol":  types.StringType,
		"from_port": types.Int64Type,
		"to_port":   types.Int64Type,
	}
	naclRuleAttrTypes = map[string]attr.Type{
		"rule_number": types.Int64Type,
		"egress":      types.BoolType,
		"action":      types.StringType,
		"protocol":    types.StringType,
		"cidr_block":  types.StringType,
		"from_port":   types.Int64Type,
		"to_port":     types.Int64Type,
	}
	naclRuleListType = types.ListType{ElemType: types.ObjectType{AttrTypes: naclRuleAttrTypes}}

	vpcNamePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,43}$`)
	azPattern      = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9][a-z]$`)
	s3ARNPattern   = regexp.MustCompile(`^arn:aws(-[a-z]+)*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?$`)
	kmsKeyPattern  = regexp.MustCompile(`^arn:aws(-[a-z]+)*:kms:[a-z0-9-]+:[0-9]{12}:key/(mrk-)?[0-9a-fA-F-]+$`)
)

func defaultTierObject() types.Object {
	return types.ObjectValueMust(tierAttrTypes, map[string]attr.Value{
		"newbits":       types.Int64Value(defaultNewbits),
		"cidrs":         types.ListNull(types.StringType),
		"allowed_cidrs": types.ListNull(types.StringType),
	})
}

func defaultDeniedPortsList() types.List {
	elems := make([]attr.Value, 0, len(defaultDeniedPorts))
	for _, d := range defaultDeniedPorts {
		elems = append(elems, types.ObjectValueMust(deniedPortAttrTypes, map[string]attr.Value{
			"protocol":  types.StringValue(d.Protocol),
			"from_port": types.Int64Value(int64(d.From)),
			"to_port":   types.Int64Value(int64(d.To)),
		}))
	}
	return types.ListValueMust(types.ObjectType{AttrTypes: deniedPortAttrTypes}, elems)
}

// tierAttribute builds a tier's schema. For the three core tiers a change of
// size or CIDRs replaces the whole VPC (their subnets hold the workloads);
// the edge tier is added, resized or removed in place.
func tierAttribute(tier, purpose string, core bool) schema.SingleNestedAttribute {
	var int64Mods []planmodifier.Int64
	var listMods []planmodifier.List
	if core {
		int64Mods = []planmodifier.Int64{int64planmodifier.RequiresReplace()}
		listMods = []planmodifier.List{listplanmodifier.RequiresReplace()}
	}
	attribute := schema.SingleNestedAttribute{
		Optional:            true,
		MarkdownDescription: purpose,
		Attributes: map[string]schema.Attribute{
			"newbits": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("Bits added to the VPC prefix for each %s subnet (one per availability zone), e.g. 4 on a /16 gives /20 subnets. "+
					"Subnets are carved in the order management, signaling, user_plane, edge, so adding the edge tier never moves the others. Conflicts with `cidrs`.", tier),
				Validators:    []validator.Int64{int64validator.Between(1, maxSubnetPrefix-minVPCPrefix), int64validator.ConflictsWith(path.MatchRelative().AtParent().AtName("cidrs"))},
				PlanModifiers: int64Mods,
			},
			"cidrs": schema.ListAttribute{
				ElementType:         types.StringType,
				Optional:            true,
				MarkdownDescription: fmt.Sprintf("Explicit %s subnet CIDRs, one per availability zone in the order of `availability_zones`. Must lie in `cidr_block` and not overlap any other subnet. Conflicts with `newbits`.", tier),
				Validators:          []validator.List{listvalidator.SizeAtLeast(2), listvalidator.UniqueValues()},
				PlanModifiers:       listMods,
			},
			"allowed_cidrs": schema.ListAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: fmt.Sprintf("CIDRs outside the VPC the %s tier's network ACL allows in and out (after the denies), e.g. an on-premises NOC reached over VPN or Direct Connect. ", tier) +
					"`0.0.0.0/0` is only accepted on the edge tier.",
			},
		},
	}
	if core {
		attribute.Computed = true
		attribute.Default = objectdefault.StaticValue(defaultTierObject())
	}
	return attribute
}

func (r *segmentedVPCResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	computedString := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A segmented VPC for telecom workloads: separate subnet tiers per availability zone for out-of-band " +
			"`management`, `signaling` (control plane), `user_plane` and an optional internet-facing `edge`; a route table and " +
			"a network ACL per tier that isolates management from every other tier and denies plaintext management protocols; " +
			"no internet gateway or public IPs unless the edge tier is requested with a justification; the default security " +
			"group and default network ACL stripped of all rules; VPC flow logs (ALL traffic, 60-second aggregation) to the log " +
			"archive bucket or to a KMS-encrypted CloudWatch Logs group.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The VPC ID (the import ID).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Name of the VPC, used in the `Name` tag of every object and in the flow-log group and role names. 1-44 letters, digits, `.`, `_`, `-`. Changing it replaces the VPC.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringvalidator.RegexMatches(vpcNamePattern, "must be 1-44 letters, digits, '.', '_' or '-', starting with a letter or digit")},
			},
			"cidr_block": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "IPv4 CIDR of the VPC, /16 to /28. Changing it replaces the VPC.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"availability_zones": schema.ListAttribute{
				ElementType:         types.StringType,
				Required:            true,
				MarkdownDescription: "Availability zones to spread every tier across (at least 2, for resilience). Changing them replaces the VPC.",
				Validators: []validator.List{
					listvalidator.SizeAtLeast(2),
					listvalidator.UniqueValues(),
					listvalidator.ValueStringsAre(stringvalidator.RegexMatches(azPattern, "must be an availability zone name such as us-east-1a")),
				},
				PlanModifiers: []planmodifier.List{listplanmodifier.RequiresReplace()},
			},
			"enable_dns_support": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(true),
				MarkdownDescription: "Enable the Amazon-provided DNS resolver in the VPC. Default `true`.",
			},
			"enable_dns_hostnames": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(true),
				MarkdownDescription: "Give instances DNS hostnames (needed by interface VPC endpoints with private DNS). Default `true`.",
			},
			"management": tierAttribute(tierManagement, "Out-of-band management tier (jump hosts, NMS, OAM interfaces). Its network ACL denies all traffic to and from the other tiers. Default `{ newbits = 4 }`.", true),
			"signaling":  tierAttribute(tierSignaling, "Signaling / control-plane tier (SIP, Diameter, SS7-over-IP, GTP-C …). Default `{ newbits = 4 }`.", true),
			"user_plane": tierAttribute(tierUserPlane, "User-plane tier (GTP-U, media, subscriber traffic). Default `{ newbits = 4 }`.", true),
			"edge": tierAttribute(tierEdge, "Optional public edge tier. Requesting it creates an internet gateway and a default route to it in the edge route table only; "+
				"it requires `edge_justification`. Adding, resizing or removing it is done in place.", false),
			"edge_justification": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Why this VPC needs an internet-facing edge tier. Required when `edge` is set; recorded on the VPC as the tag `commshield:edge-justification` for auditors.",
				Validators:          []validator.String{stringvalidator.LengthBetween(10, 256)},
			},
			"denied_ports": schema.ListNestedAttribute{
				Optional: true,
				Computed: true,
				Default:  listdefault.StaticValue(defaultDeniedPortsList()),
				MarkdownDescription: "Insecure protocols every tier's network ACL denies in both directions, before any allow. Default: FTP (tcp 20-21), Telnet (tcp 23), TFTP (udp 69), " +
					"SNMPv1/v2c (udp 161-162), rexec/rlogin/rsh (tcp 512-514), Cisco Smart Install (tcp 4786). A network ACL cannot tell SNMPv3 from v1/v2c: remove the SNMP entry only with SNMPv3 enforced on every agent.",
				Validators: []validator.List{listvalidator.SizeAtMost(30)},
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"protocol":  schema.StringAttribute{Required: true, MarkdownDescription: "`tcp` or `udp`.", Validators: []validator.String{stringvalidator.OneOf("tcp", "udp")}},
						"from_port": schema.Int64Attribute{Required: true, MarkdownDescription: "First port of the range.", Validators: []validator.Int64{int64validator.Between(0, 65535)}},
						"to_port":   schema.Int64Attribute{Required: true, MarkdownDescription: "Last port of the range (inclusive).", Validators: []validator.Int64{int64validator.Between(0, 65535)}},
					},
				},
			},
			"flow_log_destination_arn": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "ARN of the log archive bucket (optionally with a `/prefix`) that receives the VPC flow logs, e.g. `commshield_log_archive.<name>.arn` " +
					"(give that one without a prefix: its bucket policy admits log delivery only under `AWSLogs/`). " +
					"Exactly one of this and `flow_log_kms_key_arn` must be set.",
				Validators: []validator.String{
					stringvalidator.RegexMatches(s3ARNPattern, "must be an S3 bucket ARN such as arn:aws:s3:::my-log-archive (optionally /prefix)"),
				},
			},
			"flow_log_kms_key_arn": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "KMS key ARN for the CloudWatch Logs group the resource creates for the flow logs (with an IAM role for the VPC Flow Logs service). " +
					"The key policy must allow `logs.<region>.amazonaws.com`. Exactly one of this and `flow_log_destination_arn` must be set.",
				Validators: []validator.String{stringvalidator.RegexMatches(kmsKeyPattern, "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), not an alias")},
			},
			"flow_log_retention_days": schema.Int64Attribute{
				Optional:            true,
				Computed:            true,
				Default:             int64default.StaticInt64(defaultLogRetentionDays),
				MarkdownDescription: "Retention of the flow-log CloudWatch Logs group in days (only with `flow_log_kms_key_arn`). Default 365, at least 90, one of the values CloudWatch Logs accepts.",
				Validators:          []validator.Int64{retentionValidator{}},
			},
			"retain_flow_log_group_on_destroy": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(true),
				MarkdownDescription: "Keep the flow-log CloudWatch Logs group (and its records) when the VPC is destroyed. Default `true`.",
			},
			"tags":     tftags.TagsAttribute(),
			"tags_all": tftags.TagsAllAttribute(),

			"vpc_id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "ID of the VPC.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"subnet_ids": schema.MapAttribute{
				ElementType:         types.MapType{ElemType: types.StringType},
				Computed:            true,
				MarkdownDescription: "Subnet IDs by tier and availability zone: `subnet_ids[\"signaling\"][\"us-east-1a\"]`.",
			},
			"subnet_cidrs": schema.MapAttribute{
				ElementType:         types.MapType{ElemType: types.StringType},
				Computed:            true,
				MarkdownDescription: "Subnet CIDRs by tier and availability zone, known at plan time.",
			},
			"route_table_ids": schema.MapAttribute{
				ElementType:         types.StringType,
				Computed:            true,
				MarkdownDescription: "Route table ID of each tier.",
			},
			"network_acl_ids": schema.MapAttribute{
				ElementType:         types.StringType,
				Computed:            true,
				MarkdownDescription: "Network ACL ID of each tier.",
			},
			"network_acl_rules": schema.MapAttribute{
				ElementType: naclRuleListType,
				Computed:    true,
				MarkdownDescription: "Entries of each tier's network ACL (rule_number, egress, action, protocol, cidr_block, from_port, to_port), planned from the configuration and read back from AWS. " +
					"An entry removed or changed outside Terraform shows up as a diff that apply corrects.",
			},
			"internet_gateway_id":       computedString("ID of the internet gateway, only when the edge tier exists. An internet gateway attached outside Terraform without an edge tier is detached by the next apply."),
			"default_security_group_id": computedString("ID of the VPC's default security group, kept without any rule."),
			"default_security_group_rule_count": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "Number of rules in the default security group: always 0 after apply. A rule added outside Terraform shows up as a diff and is revoked by the next apply.",
			},
			"default_network_acl_id": computedString("ID of the VPC's default network ACL, associated with no tier subnet and stripped of every rule (only the implicit deny remains)."),
			"default_network_acl_rule_count": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "Number of removable rules in the default network ACL: always 0 after apply; drift is corrected by the next apply.",
			},
			"non_edge_internet_route_count": schema.Int64Attribute{
				Computed: true,
				MarkdownDescription: "Number of routes to an internet gateway in the management, signaling and user-plane route tables: always 0 after apply. " +
					"A route added outside Terraform shows up as a diff and is deleted by the next apply (routes to transit gateways, VPN gateways and endpoints are left alone).",
			},
			"public_ip_subnet_count": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "Number of tier subnets that assign public IPv4 addresses on launch: always 0 after apply; a subnet switched on outside Terraform is switched off again.",
			},
			"flow_log_id":         computedString("ID of the VPC flow log (traffic type ALL, 60-second aggregation, commshield's extended log format). Empty in state when the flow log was deleted or changed outside Terraform; the next apply recreates it."),
			"flow_log_group_name": computedString("Name of the flow-log CloudWatch Logs group (`/commshield/vpc-flow-logs/<name>`) when flow logs go to CloudWatch Logs."),
			"flow_log_role_arn":   computedString("ARN of the IAM role the VPC Flow Logs service assumes to write to the group, when flow logs go to CloudWatch Logs. Its policy is limited to that group."),
		},
	}
}

package ec2

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/hashicorp/terraform-plugin-framework-validators/int32validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
	"github.com/commshield/terraform-provider-commshield/internal/functions"
	"github.com/commshield/terraform-provider-commshield/internal/fwvalidators"
	"github.com/commshield/terraform-provider-commshield/internal/tftags"
)

const (
	defaultManagementDescription = "Out-of-band management access (commshield)"
	errCodeSGNotFound            = "InvalidGroup.NotFound"
	errCodeSGIDNotFound          = "InvalidGroupId.NotFound"
	errCodeRuleNotFound          = "InvalidPermission.NotFound"
	errCodeRuleDuplicate         = "InvalidPermission.Duplicate"
	// defaultRulesPerDirectionQuota is AWS's default quota of rules per
	// direction of a security group (IPv4 and IPv6 counted separately on AWS;
	// together here, conservatively).
	defaultRulesPerDirectionQuota = 60
)

var (
	_ resource.Resource                   = (*managementAccessResource)(nil)
	_ resource.ResourceWithConfigure      = (*managementAccessResource)(nil)
	_ resource.ResourceWithImportState    = (*managementAccessResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*managementAccessResource)(nil)
	_ resource.ResourceWithValidateConfig = (*managementAccessResource)(nil)
)

// NewManagementAccessResource is the commshield_management_access
// constructor.
//
// Partial failure during create: the security group is recorded in state as
// soon as CreateSecurityGroup succeeds; if setting its rules then fails, the
// state is saved with the rules that exist plus an error, so Terraform marks
// the resource tainted and the next apply deletes the group and creates it
// again. Nothing is orphaned.
func NewManagementAccessResource() resource.Resource {
	return &managementAccessResource{}
}

type managementAccessResource struct {
	client *awsclient.Client
}

type managementAccessModel struct {
	ID                  types.String `tfsdk:"id"`
	ARN                 types.String `tfsdk:"arn"`
	Name                types.String `tfsdk:"name"`
	Description         types.String `tfsdk:"description"`
	VPCID               types.String `tfsdk:"vpc_id"`
	Services            types.Set    `tfsdk:"services"`
	SourceCIDRs         types.Set    `tfsdk:"source_cidrs"`
	SourceGroupIDs      types.Set    `tfsdk:"source_security_group_ids"`
	PublicCIDRAllowlist types.Set    `tfsdk:"public_cidr_allowlist"`
	Egress              types.Set    `tfsdk:"egress"`
	IngressRules        types.Set    `tfsdk:"ingress_rules"`
	EgressRules         types.Set    `tfsdk:"egress_rules"`
	Tags                types.Map    `tfsdk:"tags"`
	TagsAll             types.Map    `tfsdk:"tags_all"`
}

type egressModel struct {
	Protocol    types.String `tfsdk:"protocol"`
	Port        types.Int32  `tfsdk:"port"`
	CIDRBlocks  types.Set    `tfsdk:"cidr_blocks"`
	Description types.String `tfsdk:"description"`
}

var egressAttrTypes = map[string]attr.Type{
	"protocol":    types.StringType,
	"port":        types.Int32Type,
	"cidr_blocks": types.SetType{ElemType: types.StringType},
	"description": types.StringType,
}

var (
	serviceValidator = fwvalidators.StringFunc("Management service not allowed", "one of the encrypted management services", validateManagementService)
	sgIDValidator    = fwvalidators.StringFunc("Invalid security group ID", "a security group ID, sg-…", validateSecurityGroupID)
	cidrSyntax       = fwvalidators.StringFunc("Invalid CIDR block", "an IPv4 or IPv6 CIDR block", func(s string) error {
		_, err := functions.ParseCIDR(s)
		return err
	})
)

func (r *managementAccessResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_management_access"
}

func (r *managementAccessResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	emptyStrings := types.SetValueMust(types.StringType, nil)
	var serviceDocs []string
	for _, s := range managementServices {
		serviceDocs = append(serviceDocs, fmt.Sprintf("`%s`: %s", s.Name, s.Doc))
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A security group for out-of-band management of network elements and hosts: ingress only on encrypted " +
			"management services (SSH, HTTPS, NETCONF over SSH, gNMI) from declared management networks or security groups, " +
			"no default all-traffic egress, and plaintext protocols, `0.0.0.0/0`, `::/0` and undeclared public sources refused at plan time. " +
			"Rules added or removed outside Terraform show in `ingress_rules` / `egress_rules` at the next plan and apply removes or restores them.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The security group ID; import with it.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"arn": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The security group ARN.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Security group name, unique in the VPC (1-255 characters, not starting with `sg-`). Changing it replaces the group.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 255),
					fwvalidators.StringFunc("Invalid security group name", "must not start with sg-", func(s string) error {
						if strings.HasPrefix(strings.ToLower(s), "sg-") {
							return fmt.Errorf("%q starts with sg-, which AWS reserves for group IDs", s)
						}
						return nil
					}),
				},
			},
			"description": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(defaultManagementDescription),
				MarkdownDescription: "Security group description (default `" + defaultManagementDescription + "`). AWS cannot change it in place: changing it replaces the group.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 255)},
			},
			"vpc_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "VPC of the group, e.g. `commshield_segmented_vpc.core.id`. Changing it replaces the group.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"services": schema.SetAttribute{
				Required:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Management services to allow in, all TCP: " + strings.Join(serviceDocs, "; ") + ". " +
					"Plaintext management (telnet, HTTP, SNMP v1/v2c, TFTP, FTP) is refused with the encrypted alternative named.",
				Validators: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(serviceValidator)},
			},
			"source_cidrs": schema.SetAttribute{
				Optional:    true,
				Computed:    true,
				ElementType: types.StringType,
				Default:     setdefault.StaticValue(emptyStrings),
				MarkdownDescription: "Management networks (IPv4 or IPv6 CIDR blocks) allowed to reach every service in `services`. " +
					"`0.0.0.0/0` and `::/0` are always refused; any other block with public (internet-routable) addresses, as judged by the " +
					"`cidr_is_public` provider function, is refused unless it is also in `public_cidr_allowlist`. At least one of " +
					"`source_cidrs` and `source_security_group_ids` must be non-empty.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(cidrSyntax)},
			},
			"source_security_group_ids": schema.SetAttribute{
				Optional:            true,
				Computed:            true,
				ElementType:         types.StringType,
				Default:             setdefault.StaticValue(emptyStrings),
				MarkdownDescription: "Security groups (e.g. of bastion hosts or a management VPN endpoint) whose members may reach every service in `services`.",
				Validators:          []validator.Set{setvalidator.ValueStringsAre(sgIDValidator)},
			},
			"public_cidr_allowlist": schema.SetAttribute{
				Optional:    true,
				Computed:    true,
				ElementType: types.StringType,
				Default:     setdefault.StaticValue(emptyStrings),
				MarkdownDescription: fmt.Sprintf("Public CIDR blocks you accept as management sources or egress destinations, e.g. a NOC's fixed "+
					"egress range. A public block in `source_cidrs` or `egress` must be listed here too, and may be no wider than /%d (IPv4) "+
					"or /%d (IPv6). Keeping the exception in its own attribute makes it visible in review.", maxPublicIPv4PrefixBits, maxPublicIPv6PrefixBits),
				Validators: []validator.Set{setvalidator.ValueStringsAre(cidrSyntax)},
			},
			"egress": schema.SetNestedAttribute{
				Optional: true,
				Computed: true,
				Default:  setdefault.StaticValue(types.SetValueMust(types.ObjectType{AttrTypes: egressAttrTypes}, nil)),
				MarkdownDescription: "Outbound traffic the managed hosts may start, one protocol and port per entry (e.g. TACACS+ over TLS, " +
					"syslog over TLS tcp/6514, NTP udp/123, telemetry collectors). Empty by default: the all-traffic egress rule AWS adds to " +
					"new groups is removed, and replies to allowed inbound sessions need no egress rule because security groups are stateful.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"protocol": schema.StringAttribute{
							Required:            true,
							MarkdownDescription: "`tcp` or `udp`. All-protocol egress (`-1`) is refused.",
							Validators:          []validator.String{stringvalidator.OneOf("tcp", "udp")},
						},
						"port": schema.Int32Attribute{
							Required:            true,
							MarkdownDescription: "Destination port, 1-65535. Plaintext protocols of the rule pack (the `port_is_plaintext` function's set, e.g. udp/514 syslog, udp/69 TFTP, tcp/23) are refused.",
							Validators:          []validator.Int32{int32validator.Between(1, 65535)},
						},
						"cidr_blocks": schema.SetAttribute{
							Required:            true,
							ElementType:         types.StringType,
							MarkdownDescription: "Destination CIDR blocks; the same public-address rules as `source_cidrs` apply.",
							Validators:          []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(cidrSyntax)},
						},
						"description": schema.StringAttribute{
							Optional:            true,
							Computed:            true,
							Default:             stringdefault.StaticString(""),
							MarkdownDescription: "Rule description shown in the console, e.g. `syslog-tls`.",
						},
					},
				},
			},
			"ingress_rules": schema.SetAttribute{
				Computed:    true,
				ElementType: types.StringType,
				MarkdownDescription: "The inbound rules, one per service and source, as `tcp/<port> from <cidr or sg-id>`. Planned from the " +
					"configuration and read from AWS, so a rule added or removed outside Terraform shows here as a diff.",
			},
			"egress_rules": schema.SetAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "The outbound rules as `<tcp|udp>/<port> to <cidr>`, planned and read like `ingress_rules`.",
			},
			"tags":     tftags.TagsAttribute(),
			"tags_all": tftags.TagsAllAttribute(),
		},
	}
}

func (r *managementAccessResource) Configure(ctx context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	client, diags := awsclient.ClientFromProviderData(ctx, req.ProviderData, "commshield_management_access", awsclient.Needs{AccountID: true})
	resp.Diagnostics.Append(diags...)
	r.client = client
}

// ValidateConfig judges sources and egress against each other (the
// allow-list spans attributes) once the values are known.
func (r *managementAccessResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg managementAccessModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// A set may be known with unknown elements ([aws_vpc.oob.cidr_block]):
	// its known elements are judged now, the rest when they are known.
	allowlistKnown := !partlyUnknown(cfg.PublicCIDRAllowlist)
	allowlist := knownElements(cfg.PublicCIDRAllowlist)
	cidrs := knownElements(cfg.SourceCIDRs)
	groups := knownElements(cfg.SourceGroupIDs)
	for _, c := range cidrs {
		if !allowlistKnown {
			break
		}
		if err := validateManagementCIDR(c, allowlist); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("source_cidrs"), "Management source not allowed", err.Error())
		}
	}
	if cfg.SourceCIDRs.IsNull() && cfg.SourceGroupIDs.IsNull() || (!partlyUnknown(cfg.SourceCIDRs) && !partlyUnknown(cfg.SourceGroupIDs) && len(cidrs) == 0 && len(groups) == 0) {
		resp.Diagnostics.AddAttributeError(path.Root("source_cidrs"), "No management source",
			"Set source_cidrs (the out-of-band management network, e.g. 10.255.0.0/16) or source_security_group_ids (e.g. a bastion's group): a management group nobody may reach is a mistake.")
	}
	if partlyUnknown(cfg.Egress) || cfg.Egress.IsNull() || !allowlistKnown {
		return
	}
	var egress []egressModel
	resp.Diagnostics.Append(cfg.Egress.ElementsAs(ctx, &egress, false)...)
	for _, e := range egress {
		if e.Protocol.IsUnknown() || e.Port.IsUnknown() || partlyUnknown(e.CIDRBlocks) {
			continue
		}
		spec, _ := egressSpecOf(ctx, e)
		for _, err := range validateEgress(spec, allowlist) {
			resp.Diagnostics.AddAttributeError(path.Root("egress"), "Egress rule not allowed", fmt.Sprintf("egress %s/%d: %v", spec.Protocol, spec.Port, err))
		}
	}
}

// partlyUnknown reports whether s or any of its elements is unknown.
func partlyUnknown(s types.Set) bool {
	return s.IsUnknown() || slices.ContainsFunc(s.Elements(), attr.Value.IsUnknown)
}

// knownElements returns the known, non-null strings of s.
func knownElements(s types.Set) []string {
	var out []string
	for _, e := range s.Elements() {
		if v, ok := e.(types.String); ok && !v.IsUnknown() && !v.IsNull() {
			out = append(out, v.ValueString())
		}
	}
	return out
}

func knownStrings(ctx context.Context, s types.Set) ([]string, diag.Diagnostics) {
	if s.IsNull() || s.IsUnknown() {
		return nil, nil
	}
	var out []string
	diags := s.ElementsAs(ctx, &out, false)
	return out, diags
}

func egressSpecOf(ctx context.Context, e egressModel) (egressSpec, diag.Diagnostics) {
	cidrs, diags := knownStrings(ctx, e.CIDRBlocks)
	return egressSpec{Protocol: e.Protocol.ValueString(), Port: e.Port.ValueInt32(), CIDRs: cidrs, Description: e.Description.ValueString()}, diags
}

// specOf reads the spec from a plan or state; ok is false while any part
// is unknown.
func specOf(ctx context.Context, m managementAccessModel) (accessSpec, bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	for _, v := range []types.Set{m.Services, m.SourceCIDRs, m.SourceGroupIDs, m.Egress} {
		if partlyUnknown(v) {
			return accessSpec{}, false, nil
		}
	}
	var spec accessSpec
	var d diag.Diagnostics
	spec.Services, d = knownStrings(ctx, m.Services)
	diags.Append(d...)
	spec.SourceCIDRs, d = knownStrings(ctx, m.SourceCIDRs)
	diags.Append(d...)
	spec.SourceGroupIDs, d = knownStrings(ctx, m.SourceGroupIDs)
	diags.Append(d...)
	if !m.Egress.IsNull() {
		var egress []egressModel
		diags.Append(m.Egress.ElementsAs(ctx, &egress, false)...)
		for _, e := range egress {
			if e.Protocol.IsUnknown() || e.Port.IsUnknown() || partlyUnknown(e.CIDRBlocks) || e.Description.IsUnknown() {
				return accessSpec{}, false, diags
			}
			es, d := egressSpecOf(ctx, e)
			diags.Append(d...)
			spec.Egress = append(spec.Egress, es)
		}
	}
	return spec, true, diags
}

// ModifyPlan plans ingress_rules / egress_rules from the configuration, so
// the plan lists every rule, and a rule changed outside Terraform (read
// into state) shows as a diff.
func (r *managementAccessResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	tftags.PlanTagsAll(ctx, r.client, req, resp)
	var plan managementAccessModel
	resp.Diagnostics.Append(resp.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	spec, known, diags := specOf(ctx, plan)
	resp.Diagnostics.Append(diags...)
	if !known {
		plan.IngressRules = types.SetUnknown(types.StringType)
		plan.EgressRules = types.SetUnknown(types.StringType)
	} else {
		want := desiredPermissions(spec)
		ingress, egress := permissionStrings(want, dirIngress), permissionStrings(want, dirEgress)
		plan.IngressRules, _ = types.SetValueFrom(ctx, types.StringType, ingress)
		plan.EgressRules, _ = types.SetValueFrom(ctx, types.StringType, egress)
		for direction, n := range map[string]int{"source_cidrs": len(ingress), "egress": len(egress)} {
			if n > defaultRulesPerDirectionQuota {
				resp.Diagnostics.AddAttributeWarning(path.Root(direction), "Security group rule quota",
					fmt.Sprintf("This configuration expands to %d rules in one direction; AWS allows %d per direction unless the quota \"Inbound or outbound rules per security group\" was raised, and apply fails above it. Summarise sources into fewer CIDR blocks or use a source security group.", n, defaultRulesPerDirectionQuota))
			}
		}
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}

func (r *managementAccessResource) arn(groupID string) string {
	return fmt.Sprintf("arn:%s:ec2:%s:%s:security-group/%s", r.client.Partition, r.client.Region, r.client.AccountID, groupID)
}

func (r *managementAccessResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan managementAccessModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	spec, _, diags := specOf(ctx, plan)
	resp.Diagnostics.Append(diags...)
	tags, diags := tftags.Map(ctx, plan.TagsAll)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	conn := r.client.EC2()
	out, err := conn.CreateSecurityGroup(ctx, &awsec2.CreateSecurityGroupInput{
		GroupName:         plan.Name.ValueStringPointer(),
		Description:       plan.Description.ValueStringPointer(),
		VpcId:             plan.VPCID.ValueStringPointer(),
		TagSpecifications: sgTagSpec(tags),
	})
	if err != nil {
		resp.Diagnostics.AddError("Create management security group", fmt.Sprintf("creating security group %s in %s: %v", plan.Name.ValueString(), plan.VPCID.ValueString(), err))
		return
	}
	groupID := aws.ToString(out.GroupId)
	plan.ID = types.StringValue(groupID)
	plan.ARN = types.StringValue(r.arn(groupID))

	if err := r.syncRules(ctx, groupID, desiredPermissions(spec)); err != nil {
		// The group exists: record it with the rules it really has, tainted.
		resp.Diagnostics.AddError("Set management security group rules", fmt.Sprintf("%v\n\nThe security group %s was created and is recorded in state as tainted; the next apply deletes and recreates it.", err, groupID))
		if m, readErr := r.read(ctx, groupID, plan); readErr == nil {
			plan = m
		}
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		return
	}
	m, err := r.read(ctx, groupID, plan)
	if err != nil {
		resp.Diagnostics.AddError("Read management security group after create", fmt.Sprintf("%v\n\nThe security group %s is recorded in state as tainted.", err, groupID))
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func sgTagSpec(tags map[string]string) []ec2types.TagSpecification {
	if len(tags) == 0 {
		return nil
	}
	return []ec2types.TagSpecification{{ResourceType: ec2types.ResourceTypeSecurityGroup, Tags: ec2Tags(tags)}}
}

func ec2Tags(tags map[string]string) []ec2types.Tag {
	return tftags.AWSTags(tags, func(k, v string) ec2types.Tag { return ec2types.Tag{Key: aws.String(k), Value: aws.String(v)} })
}

// syncRules makes the group's rules exactly want: revoke first (so a
// tightened configuration never passes through a wider state), then
// authorize.
func (r *managementAccessResource) syncRules(ctx context.Context, groupID string, want []permission) error {
	conn := r.client.EC2()
	rules, err := FindSecurityGroupRules(ctx, conn, groupID)
	if err != nil {
		return err
	}
	add, remove := diffPermissions(want, permissionsFromRules(rules))
	for _, p := range remove {
		perms := ipPermissions([]permission{p})
		var err error
		if p.Direction == dirEgress {
			_, err = conn.RevokeSecurityGroupEgress(ctx, &awsec2.RevokeSecurityGroupEgressInput{GroupId: aws.String(groupID), IpPermissions: perms})
		} else {
			_, err = conn.RevokeSecurityGroupIngress(ctx, &awsec2.RevokeSecurityGroupIngressInput{GroupId: aws.String(groupID), IpPermissions: perms})
		}
		if err != nil && !awsclient.HasErrorCode(err, errCodeRuleNotFound) {
			return fmt.Errorf("revoking %s rule %s of security group %s: %w", p.Direction, p, groupID, err)
		}
	}
	var ingress, egress []permission
	for _, p := range add {
		if p.Direction == dirEgress {
			egress = append(egress, p)
		} else {
			ingress = append(ingress, p)
		}
	}
	if len(ingress) > 0 {
		_, err := conn.AuthorizeSecurityGroupIngress(ctx, &awsec2.AuthorizeSecurityGroupIngressInput{GroupId: aws.String(groupID), IpPermissions: ipPermissions(ingress)})
		if err != nil && !awsclient.HasErrorCode(err, errCodeRuleDuplicate) {
			return fmt.Errorf("authorizing %d ingress rules on security group %s: %w", len(ingress), groupID, err)
		}
	}
	if len(egress) > 0 {
		_, err := conn.AuthorizeSecurityGroupEgress(ctx, &awsec2.AuthorizeSecurityGroupEgressInput{GroupId: aws.String(groupID), IpPermissions: ipPermissions(egress)})
		if err != nil && !awsclient.HasErrorCode(err, errCodeRuleDuplicate) {
			return fmt.Errorf("authorizing %d egress rules on security group %s: %w", len(egress), groupID, err)
		}
	}
	return nil
}

// read builds the model from AWS. The configuration attributes (services,
// sources, egress) keep prior's values, since they are the intent; the
// computed rule lists carry what AWS has. On import (no prior services)
// the configuration is reconstructed from the rules.
func (r *managementAccessResource) read(ctx context.Context, groupID string, prior managementAccessModel) (managementAccessModel, error) {
	conn := r.client.EC2()
	sg, err := FindSecurityGroupByID(ctx, conn, groupID)
	if err != nil {
		return managementAccessModel{}, err
	}
	rules, err := FindSecurityGroupRules(ctx, conn, groupID)
	if err != nil {
		return managementAccessModel{}, err
	}
	have := permissionsFromRules(rules)
	m := prior
	m.ID = types.StringValue(groupID)
	m.ARN = types.StringValue(r.arn(groupID))
	m.Name = types.StringValue(aws.ToString(sg.GroupName))
	m.Description = types.StringValue(aws.ToString(sg.Description))
	m.VPCID = types.StringValue(aws.ToString(sg.VpcId))
	var diags diag.Diagnostics
	m.IngressRules, diags = types.SetValueFrom(ctx, types.StringType, permissionStrings(have, dirIngress))
	if diags.HasError() {
		return managementAccessModel{}, fmt.Errorf("security group %s: converting ingress rules", groupID)
	}
	m.EgressRules, _ = types.SetValueFrom(ctx, types.StringType, permissionStrings(have, dirEgress))

	if prior.Services.IsNull() || prior.Services.IsUnknown() {
		if err := r.adoptSpec(ctx, &m, specFromPermissions(have)); err != nil {
			return managementAccessModel{}, fmt.Errorf("security group %s: %w", groupID, err)
		}
	}

	remoteTags := map[string]string{}
	for _, t := range sg.Tags {
		remoteTags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	m.TagsAll, _ = tftags.FromMap(ctx, remoteTags)
	m.Tags = tftags.OwnTags(ctx, prior.Tags, r.client.DefaultTags, remoteTags)
	return m, nil
}

// adoptSpec fills the configuration attributes from a reconstructed spec
// (import). Public sources found on the group are put on the allow-list,
// since someone deliberately opened them; the next plan still judges them.
func (r *managementAccessResource) adoptSpec(ctx context.Context, m *managementAccessModel, spec accessSpec) error {
	var errs []error
	set := func(dst *types.Set, items []string) {
		v, d := types.SetValueFrom(ctx, types.StringType, nonNilStrings(items))
		if d.HasError() {
			errs = append(errs, errors.New("converting a reconstructed set"))
		}
		*dst = v
	}
	set(&m.Services, spec.Services)
	set(&m.SourceCIDRs, spec.SourceCIDRs)
	set(&m.SourceGroupIDs, spec.SourceGroupIDs)
	var public []string
	for _, c := range spec.SourceCIDRs {
		if isPublicCIDRString(c) {
			public = append(public, c)
		}
	}
	objs := make([]attr.Value, 0, len(spec.Egress))
	for _, e := range spec.Egress {
		for _, c := range e.CIDRs {
			if isPublicCIDRString(c) {
				public = append(public, c)
			}
		}
		cidrs, _ := types.SetValueFrom(ctx, types.StringType, e.CIDRs)
		obj, d := types.ObjectValue(egressAttrTypes, map[string]attr.Value{
			"protocol":    types.StringValue(e.Protocol),
			"port":        types.Int32Value(e.Port),
			"cidr_blocks": cidrs,
			"description": types.StringValue(e.Description),
		})
		if d.HasError() {
			errs = append(errs, errors.New("converting a reconstructed egress rule"))
		}
		objs = append(objs, obj)
	}
	set(&m.PublicCIDRAllowlist, public)
	egress, d := types.SetValue(types.ObjectType{AttrTypes: egressAttrTypes}, objs)
	if d.HasError() {
		errs = append(errs, errors.New("converting reconstructed egress"))
	}
	m.Egress = egress
	return errors.Join(errs...)
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (r *managementAccessResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state managementAccessModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m, err := r.read(ctx, state.ID.ValueString(), state)
	if awsclient.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Management security group gone", fmt.Sprintf("%v; removing it from state so the next apply creates a new one.", err))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Read management security group", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (r *managementAccessResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state managementAccessModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	groupID := state.ID.ValueString()
	spec, _, diags := specOf(ctx, plan)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.syncRules(ctx, groupID, desiredPermissions(spec)); err != nil {
		resp.Diagnostics.AddError("Update management security group rules", err.Error())
		return
	}
	if err := r.updateTags(ctx, groupID, state.TagsAll, plan.TagsAll); err != nil {
		resp.Diagnostics.AddError("Update management security group tags", fmt.Sprintf("security group %s: %v", groupID, err))
		return
	}
	m, err := r.read(ctx, groupID, plan)
	if err != nil {
		resp.Diagnostics.AddError("Read management security group after update", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (r *managementAccessResource) updateTags(ctx context.Context, groupID string, oldTags, newTags types.Map) error {
	if oldTags.Equal(newTags) {
		return nil
	}
	before, _ := tftags.Map(ctx, oldTags)
	after, _ := tftags.Map(ctx, newTags)
	var removed []ec2types.Tag
	for _, k := range tftags.RemovedKeys(before, after) {
		removed = append(removed, ec2types.Tag{Key: aws.String(k)})
	}
	conn := r.client.EC2()
	if len(removed) > 0 {
		if _, err := conn.DeleteTags(ctx, &awsec2.DeleteTagsInput{Resources: []string{groupID}, Tags: removed}); err != nil {
			return fmt.Errorf("removing tags: %w", err)
		}
	}
	if len(after) > 0 {
		if _, err := conn.CreateTags(ctx, &awsec2.CreateTagsInput{Resources: []string{groupID}, Tags: ec2Tags(after)}); err != nil {
			return fmt.Errorf("tagging: %w", err)
		}
	}
	return nil
}

// Delete deletes the group, retrying while network interfaces still use it
// (they detach asynchronously after their instance is gone). A group
// already gone counts as deleted.
func (r *managementAccessResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state managementAccessModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := DeleteSecurityGroup(ctx, r.client.EC2(), state.ID.ValueString()); err != nil {
		resp.Diagnostics.AddError("Delete management security group", err.Error())
	}
}

func (r *managementAccessResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if err := validateSecurityGroupID(req.ID); err != nil {
		resp.Diagnostics.AddError("Invalid import ID", fmt.Sprintf("%v; import commshield_management_access with the security group ID.", err))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
}

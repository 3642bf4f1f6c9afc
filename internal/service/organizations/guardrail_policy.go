package organizations

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsorgs "github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
	"github.com/commshield/terraform-provider-commshield/internal/iampolicy"
	"github.com/commshield/terraform-provider-commshield/internal/tftags"
)

var (
	_ resource.Resource                   = (*guardrailResource)(nil)
	_ resource.ResourceWithConfigure      = (*guardrailResource)(nil)
	_ resource.ResourceWithImportState    = (*guardrailResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*guardrailResource)(nil)
	_ resource.ResourceWithValidateConfig = (*guardrailResource)(nil)
)

// NewGuardrailPolicyResource is the commshield_guardrail_policy constructor.
//
// Partial failure during create: the policy is recorded in state as soon
// as CreatePolicy succeeds; if attaching a target fails, the policy and the
// targets attached so far are read back into state with the error, so
// Terraform marks the resource tainted and the next apply detaches and
// deletes it and creates it again. Nothing is orphaned.
func NewGuardrailPolicyResource() resource.Resource { return &guardrailResource{} }

type guardrailResource struct {
	client *awsclient.Client
}

// guardrailModel has one Bool per guard (see guards); guardFields ties
// them to the option table.
type guardrailModel struct {
	ID                   types.String `tfsdk:"id"`
	ARN                  types.String `tfsdk:"arn"`
	Name                 types.String `tfsdk:"name"`
	Description          types.String `tfsdk:"description"`
	TargetIDs            types.Set    `tfsdk:"target_ids"`
	AllowedRegions       types.Set    `tfsdk:"allowed_regions"`
	ExemptPrincipalARNs  types.Set    `tfsdk:"exempt_principal_arns"`
	DenyRootUser         types.Bool   `tfsdk:"deny_root_user"`
	Content              types.String `tfsdk:"content"`
	ContentSize          types.Int64  `tfsdk:"content_size"`
	ProtectCloudTrail    types.Bool   `tfsdk:"protect_cloudtrail"`
	ProtectConfig        types.Bool   `tfsdk:"protect_config"`
	ProtectGuardDuty     types.Bool   `tfsdk:"protect_guardduty"`
	ProtectSecurityHub   types.Bool   `tfsdk:"protect_security_hub"`
	ProtectFlowLogs      types.Bool   `tfsdk:"protect_flow_logs"`
	ProtectLogGroups     types.Bool   `tfsdk:"protect_log_groups"`
	DenyLeaveOrg         types.Bool   `tfsdk:"deny_leave_organization"`
	ProtectEBSEncryption types.Bool   `tfsdk:"protect_ebs_default_encryption"`
	ProtectAccountPAB    types.Bool   `tfsdk:"protect_account_public_access_block"`
	DenyIAMUsersAndKeys  types.Bool   `tfsdk:"deny_iam_users_and_keys"`
	Tags                 types.Map    `tfsdk:"tags"`
	TagsAll              types.Map    `tfsdk:"tags_all"`
}

// guardFields maps each guard option to its model field.
func (m *guardrailModel) guardFields() map[string]*types.Bool {
	return map[string]*types.Bool{
		"protect_cloudtrail":                  &m.ProtectCloudTrail,
		"protect_config":                      &m.ProtectConfig,
		"protect_guardduty":                   &m.ProtectGuardDuty,
		"protect_security_hub":                &m.ProtectSecurityHub,
		"protect_flow_logs":                   &m.ProtectFlowLogs,
		"protect_log_groups":                  &m.ProtectLogGroups,
		"deny_leave_organization":             &m.DenyLeaveOrg,
		"protect_ebs_default_encryption":      &m.ProtectEBSEncryption,
		"protect_account_public_access_block": &m.ProtectAccountPAB,
		"deny_iam_users_and_keys":             &m.DenyIAMUsersAndKeys,
	}
}

var guardDescriptions = map[string]string{
	"protect_cloudtrail":                  "Deny stopping, deleting or reconfiguring CloudTrail trails",
	"protect_config":                      "Deny stopping or deleting the AWS Config recorder, delivery channel or retention",
	"protect_guardduty":                   "Deny deleting or changing GuardDuty detectors and leaving the administrator account",
	"protect_security_hub":                "Deny disabling Security Hub or its standards and leaving the administrator account",
	"protect_flow_logs":                   "Deny deleting VPC flow logs",
	"protect_log_groups":                  "Deny deleting CloudWatch Logs groups, such as the trail's and flow logs' copies; every group of the account, exempt principals aside, so enable it where workloads do not manage their own log groups",
	"deny_leave_organization":             "Deny leaving the organization (which would shed every guardrail)",
	"protect_ebs_default_encryption":      "Deny disabling EBS encryption by default",
	"protect_account_public_access_block": "Deny changing or deleting the account-level S3 public access block (set it before attaching this policy, or from an exempt principal)",
	"deny_iam_users_and_keys":             "Deny creating IAM users, console passwords and access keys (use federation and roles)",
}

func (r *guardrailResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_guardrail_policy"
}

func (r *guardrailResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	emptySet := types.SetValueMust(types.StringType, nil)
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "The policy ID (`p-…`); import with it.",
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"arn": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "The policy ARN.",
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"name": schema.StringAttribute{
			Required:            true,
			MarkdownDescription: "Policy name (1-128 characters).",
			Validators:          []validator.String{policyNameValidator},
		},
		"description": schema.StringAttribute{
			Optional:            true,
			Computed:            true,
			Default:             stringdefault.StaticString(defaultPolicyDesc),
			MarkdownDescription: "Policy description.",
		},
		"target_ids": schema.SetAttribute{
			Required:    true,
			ElementType: types.StringType,
			MarkdownDescription: "Organization root (`r-…`), OU (`ou-…`) or account IDs the policy is attached to. A target detached " +
				"outside Terraform shows as a diff and apply attaches it again; targets attached outside Terraform are detached. " +
				"SCPs never restrict the management account.",
			Validators: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(targetIDValidator)},
		},
		"allowed_regions": schema.SetAttribute{
			Optional:    true,
			Computed:    true,
			ElementType: types.StringType,
			Default:     setdefault.StaticValue(emptySet),
			MarkdownDescription: "Regions in which member accounts may act (default: no region restriction). Global services " +
				"(IAM, Organizations, STS, Route 53, CloudFront, support, billing, KMS, AWS Config…) stay allowed everywhere, as in " +
				"AWS's documented example. Include the region of your log archive and trail.",
			Validators: []validator.Set{setvalidator.ValueStringsAre(regionValidator)},
		},
		"exempt_principal_arns": schema.SetAttribute{
			Optional:    true,
			Computed:    true,
			ElementType: types.StringType,
			Default:     setdefault.StaticValue(emptySet),
			MarkdownDescription: "IAM role or user ARNs (wildcards allowed in account and name, matched with `ArnNotLike`) exempt " +
				"from every statement except `deny_root_user`: the break-glass role and the pipeline that manages these services. " +
				"Each exemption is repeated in every statement, so it counts against the 5120-character limit many times.",
			Validators: []validator.Set{setvalidator.ValueStringsAre(exemptARNValidator)},
		},
		"deny_root_user": schema.BoolAttribute{
			Optional:            true,
			Computed:            true,
			Default:             booldefault.StaticBool(true),
			MarkdownDescription: "Deny every action by member accounts' root users (default `true`). Exemptions do not apply.",
		},
		"content": schema.StringAttribute{
			Computed: true,
			MarkdownDescription: "The generated policy document (compact JSON), known at plan time. Content edited outside Terraform " +
				"shows as a diff and apply restores it.",
		},
		"content_size": schema.Int64Attribute{
			Computed:            true,
			MarkdownDescription: fmt.Sprintf("Characters of `content` as Organizations counts them (whitespace outside strings ignored); plans are refused above %d.", MaxPolicySize),
		},
		"tags":     tftags.TagsAttribute(),
		"tags_all": tftags.TagsAllAttribute(),
	}
	for _, g := range guards {
		attrs[g.option] = schema.BoolAttribute{
			Optional:            true,
			Computed:            true,
			Default:             booldefault.StaticBool(!g.defaultOff),
			MarkdownDescription: guardDescriptions[g.option] + fmt.Sprintf(" (default `%t`). Denied actions: ", !g.defaultOff) + "`" + strings.Join(g.actions, "`, `") + "`.",
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "An AWS Organizations service control policy generated from options, attached to roots, OUs or " +
			"accounts: member accounts cannot switch off CloudTrail, AWS Config, GuardDuty, Security Hub or flow logs, leave the " +
			"organization, disable EBS default encryption or the account public access block, create IAM users or access keys, act " +
			"as root, or act outside the allowed regions. The generated JSON is a plan-time attribute; a policy over the " +
			"5120-character SCP limit is refused at plan time with the size of each part.",
		Attributes: attrs,
	}
}

func (r *guardrailResource) Configure(ctx context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	// No account ID needed: it names no account-scoped ARN itself.
	client, diags := awsclient.ClientFromProviderData(ctx, req.ProviderData, "commshield_guardrail_policy", awsclient.Needs{})
	resp.Diagnostics.Append(diags...)
	r.client = client
}

func knownStrings(ctx context.Context, s types.Set) ([]string, bool) {
	if s.IsUnknown() {
		return nil, false
	}
	var out []string
	if !s.IsNull() {
		_ = s.ElementsAs(ctx, &out, false)
	}
	slices.Sort(out)
	return out, true
}

func stringSet(ctx context.Context, items []string) types.Set {
	if items == nil {
		items = []string{}
	}
	v, _ := types.SetValueFrom(ctx, types.StringType, items)
	return v
}

// optionsOf builds the generator input; a null option is its default
// (true), as in a configuration before defaults apply. ok is false while
// any input is unknown.
func optionsOf(ctx context.Context, m *guardrailModel) (guardrailOptions, bool) {
	regions, ok1 := knownStrings(ctx, m.AllowedRegions)
	exempt, ok2 := knownStrings(ctx, m.ExemptPrincipalARNs)
	o := guardrailOptions{Enabled: map[string]bool{}, AllowedRegions: regions, ExemptPrincipals: exempt}
	ok := ok1 && ok2 && !m.DenyRootUser.IsUnknown()
	o.DenyRootUser = m.DenyRootUser.IsNull() || m.DenyRootUser.ValueBool()
	for option, field := range m.guardFields() {
		ok = ok && !field.IsUnknown()
		// In the configuration (ValidateConfig) an unset option means its
		// default.
		o.Enabled[option] = (field.IsNull() && guardDefault(option)) || field.ValueBool()
	}
	return o, ok
}

// guardDefault is the schema default of a guard option.
func guardDefault(option string) bool {
	for _, g := range guards {
		if g.option == option {
			return !g.defaultOff
		}
	}
	return false
}

// ValidateConfig refuses, before any API call, a policy that denies
// nothing and one over the SCP size limit.
func (r *guardrailResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg guardrailModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	o, known := optionsOf(ctx, &cfg)
	if !known {
		return
	}
	if !o.any() {
		resp.Diagnostics.AddError("Guardrail policy denies nothing",
			"Every protect_*/deny_* option is false and allowed_regions is empty: the policy would restrict nothing. Turn an option on or remove the resource.")
		return
	}
	content, err := renderPolicy(buildPolicy(o))
	if err != nil {
		resp.Diagnostics.AddError("Generate guardrail policy", err.Error())
		return
	}
	if size := policySize(content); size > MaxPolicySize {
		resp.Diagnostics.AddAttributeError(path.Root("exempt_principal_arns"), "Guardrail policy too large",
			fmt.Sprintf("The generated service control policy is %d characters; Organizations accepts at most %d. Characters by part: %s. "+
				"Replace several exempt ARNs by one wildcard pattern (e.g. arn:aws:iam::*:role/break-glass-*), shorten allowed_regions, "+
				"or split the options across two commshield_guardrail_policy resources (each target takes up to five SCPs).",
				size, MaxPolicySize, sizeReport(o)))
	}
}

// ModifyPlan puts the generated policy and its size in the plan.
func (r *guardrailResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	tftags.PlanTagsAll(ctx, r.client, req, resp)
	var plan guardrailModel
	resp.Diagnostics.Append(resp.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	o, known := optionsOf(ctx, &plan)
	if !known {
		plan.Content, plan.ContentSize = types.StringUnknown(), types.Int64Unknown()
		resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
		return
	}
	content, err := renderPolicy(buildPolicy(o))
	if err != nil {
		resp.Diagnostics.AddError("Generate guardrail policy", err.Error())
		return
	}
	if !req.State.Raw.IsNull() {
		var state guardrailModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if state.Content.ValueString() != "" && iampolicy.Equivalent(state.Content.ValueString(), content) {
			content = state.Content.ValueString()
		}
	}
	plan.Content, plan.ContentSize = types.StringValue(content), types.Int64Value(int64(policySize(content)))
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}

func (r *guardrailResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan guardrailModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	tags, diags := tftags.Map(ctx, plan.TagsAll)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	out, err := r.client.Organizations().CreatePolicy(ctx, &awsorgs.CreatePolicyInput{
		Name:        plan.Name.ValueStringPointer(),
		Description: plan.Description.ValueStringPointer(),
		Content:     plan.Content.ValueStringPointer(),
		Type:        orgtypes.PolicyTypeServiceControlPolicy,
		Tags:        orgTags(tags),
	})
	if err != nil {
		resp.Diagnostics.AddError("Create guardrail policy", fmt.Sprintf("creating service control policy %s: %v%s", plan.Name.ValueString(), err, hint(err)))
		return
	}
	id := aws.ToString(out.Policy.PolicySummary.Id)
	plan.ID, plan.ARN = types.StringValue(id), types.StringValue(aws.ToString(out.Policy.PolicySummary.Arn))
	if err := r.syncTargets(ctx, id, plan); err != nil {
		resp.Diagnostics.AddError("Attach guardrail policy", fmt.Sprintf("%v%s\n\nThe policy %s was created and is recorded in state as tainted; the next apply detaches and deletes it and creates it again.", err, hint(err), id))
		if m, readErr := r.read(ctx, id, plan); readErr == nil {
			plan = m
		}
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		return
	}
	m, err := r.read(ctx, id, plan)
	if err != nil {
		resp.Diagnostics.AddError("Read guardrail policy after create", err.Error())
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// hint turns the Organizations errors users meet into the step that fixes
// them.
func hint(err error) string {
	switch {
	case awsclient.HasErrorCode(err, errCodeTypeDisabled):
		return ". Enable service control policies on the organization root first (aws organizations enable-policy-type --root-id r-… --policy-type SERVICE_CONTROL_POLICY)."
	case awsclient.HasErrorCode(err, errCodeTargetAbsent, "OrganizationalUnitNotFoundException", "AccountNotFoundException"):
		return ". Check target_ids: the root, OU or account does not exist in this organization."
	case awsclient.HasErrorCode(err, "AWSOrganizationsNotInUseException"):
		return ". The account is not in an organization: run Terraform with credentials of the organization's management account (or a delegated administrator for policies)."
	case awsclient.HasErrorCode(err, "ConstraintViolationException"):
		return ". A target may already have five SCPs attached, or the policy exceeds a quota."
	}
	return ""
}

// syncTargets attaches planned targets that are missing and detaches the
// others.
func (r *guardrailResource) syncTargets(ctx context.Context, id string, plan guardrailModel) error {
	conn := r.client.Organizations()
	want, _ := knownStrings(ctx, plan.TargetIDs)
	have, err := FindPolicyTargets(ctx, conn, id)
	if err != nil {
		return err
	}
	for _, t := range have {
		if slices.Contains(want, t) {
			continue
		}
		if _, err := conn.DetachPolicy(ctx, &awsorgs.DetachPolicyInput{PolicyId: aws.String(id), TargetId: aws.String(t)}); err != nil && !awsclient.HasErrorCode(err, errCodeNotAttached, errCodeTargetAbsent) {
			return fmt.Errorf("detaching policy %s from %s: %w", id, t, err)
		}
	}
	for _, t := range want {
		if slices.Contains(have, t) {
			continue
		}
		if _, err := conn.AttachPolicy(ctx, &awsorgs.AttachPolicyInput{PolicyId: aws.String(id), TargetId: aws.String(t)}); err != nil && !awsclient.HasErrorCode(err, errCodeDuplicate) {
			return fmt.Errorf("attaching policy %s to %s: %w", id, t, err)
		}
	}
	return nil
}

// read builds the model from AWS; the options are parsed back from the
// content, so import needs only the policy ID and a statement removed
// outside Terraform reads as its option off.
func (r *guardrailResource) read(ctx context.Context, id string, prior guardrailModel) (guardrailModel, error) {
	conn := r.client.Organizations()
	policy, err := FindPolicyByID(ctx, conn, id)
	if err != nil {
		return guardrailModel{}, err
	}
	summary := policy.PolicySummary
	if summary.Type != orgtypes.PolicyTypeServiceControlPolicy {
		return guardrailModel{}, fmt.Errorf("policy %s is a %s, not a service control policy", id, summary.Type)
	}
	m := prior
	m.ID, m.ARN = types.StringValue(id), types.StringValue(aws.ToString(summary.Arn))
	m.Name, m.Description = types.StringValue(aws.ToString(summary.Name)), types.StringValue(aws.ToString(summary.Description))
	remote := aws.ToString(policy.Content)
	m.Content = types.StringValue(remote)
	if prior.Content.ValueString() != "" && iampolicy.Equivalent(prior.Content.ValueString(), remote) {
		m.Content = prior.Content
	}
	o, err := parsePolicy(remote)
	if err != nil {
		return guardrailModel{}, fmt.Errorf("parsing the content of Organizations policy %s: %w", id, err)
	}
	if canonical, err := renderPolicy(buildPolicy(o)); err == nil && m.Content.ValueString() != canonical && iampolicy.Equivalent(canonical, remote) {
		m.Content = types.StringValue(canonical) // import: adopt our rendering of the same policy
	}
	m.ContentSize = types.Int64Value(int64(policySize(m.Content.ValueString())))
	for option, field := range m.guardFields() {
		*field = types.BoolValue(o.Enabled[option])
	}
	m.DenyRootUser = types.BoolValue(o.DenyRootUser)
	m.AllowedRegions, m.ExemptPrincipalARNs = stringSet(ctx, o.AllowedRegions), stringSet(ctx, o.ExemptPrincipals)
	targets, err := FindPolicyTargets(ctx, conn, id)
	if err != nil {
		return guardrailModel{}, err
	}
	m.TargetIDs = stringSet(ctx, targets)
	remoteTags, err := FindPolicyTags(ctx, conn, id)
	if err != nil {
		return guardrailModel{}, err
	}
	m.TagsAll, _ = tftags.FromMap(ctx, remoteTags)
	m.Tags = tftags.OwnTags(ctx, prior.Tags, r.client.DefaultTags, remoteTags)
	return m, nil
}

func orgTags(tags map[string]string) []orgtypes.Tag {
	return tftags.AWSTags(tags, func(k, v string) orgtypes.Tag { return orgtypes.Tag{Key: aws.String(k), Value: aws.String(v)} })
}

// retag brings the policy's tags from state's tags_all to the plan's.
func (r *guardrailResource) retag(ctx context.Context, id string, state, plan guardrailModel) error {
	before, _ := tftags.Map(ctx, state.TagsAll)
	after, _ := tftags.Map(ctx, plan.TagsAll)
	removed := tftags.RemovedKeys(before, after)
	conn := r.client.Organizations()
	if len(removed) > 0 {
		if _, err := conn.UntagResource(ctx, &awsorgs.UntagResourceInput{ResourceId: aws.String(id), TagKeys: removed}); err != nil {
			return fmt.Errorf("untagging policy %s: %w", id, err)
		}
	}
	if len(after) > 0 {
		if _, err := conn.TagResource(ctx, &awsorgs.TagResourceInput{ResourceId: aws.String(id), Tags: orgTags(after)}); err != nil {
			return fmt.Errorf("tagging policy %s: %w", id, err)
		}
	}
	return nil
}

func (r *guardrailResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state guardrailModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m, err := r.read(ctx, state.ID.ValueString(), state)
	if awsclient.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Guardrail policy gone", fmt.Sprintf("%v; removing it from state so the next apply creates it again.", err))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Read guardrail policy", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (r *guardrailResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state guardrailModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	if !plan.Name.Equal(state.Name) || !plan.Description.Equal(state.Description) || !plan.Content.Equal(state.Content) {
		if _, err := r.client.Organizations().UpdatePolicy(ctx, &awsorgs.UpdatePolicyInput{
			PolicyId: aws.String(id), Name: plan.Name.ValueStringPointer(), Description: plan.Description.ValueStringPointer(), Content: plan.Content.ValueStringPointer(),
		}); err != nil {
			resp.Diagnostics.AddError("Update guardrail policy", fmt.Sprintf("updating service control policy %s: %v%s", id, err, hint(err)))
			return
		}
	}
	if err := r.syncTargets(ctx, id, plan); err != nil {
		resp.Diagnostics.AddError("Update guardrail policy targets", fmt.Sprintf("%v%s", err, hint(err)))
		return
	}
	if !plan.TagsAll.Equal(state.TagsAll) {
		if err := r.retag(ctx, id, state, plan); err != nil {
			resp.Diagnostics.AddError("Update guardrail policy tags", err.Error())
			return
		}
	}
	m, err := r.read(ctx, id, plan)
	if err != nil {
		resp.Diagnostics.AddError("Read guardrail policy after update", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// Delete detaches the policy from every target (a policy still attached
// cannot be deleted) and deletes it; NotFound is success.
func (r *guardrailResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state guardrailModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := Destroy(ctx, r.client, state.ID.ValueString()); err != nil {
		resp.Diagnostics.AddError("Delete guardrail policy", err.Error())
	}
}

// Destroy detaches and deletes policy id; exported for the acceptance
// tests' disappearance step.
func Destroy(ctx context.Context, client *awsclient.Client, id string) error {
	conn := client.Organizations()
	targets, err := FindPolicyTargets(ctx, conn, id)
	if awsclient.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, t := range targets {
		if _, err := conn.DetachPolicy(ctx, &awsorgs.DetachPolicyInput{PolicyId: aws.String(id), TargetId: aws.String(t)}); err != nil && !awsclient.HasErrorCode(err, errCodeNotAttached, errCodeTargetAbsent) {
			return fmt.Errorf("detaching policy %s from %s: %w", id, t, err)
		}
	}
	if _, err := conn.DeletePolicy(ctx, &awsorgs.DeletePolicyInput{PolicyId: aws.String(id)}); err != nil && !awsclient.HasErrorCode(err, errCodePolicyAbsent) {
		return fmt.Errorf("deleting policy %s: %w", id, err)
	}
	return nil
}

func (r *guardrailResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if err := validatePolicyID(req.ID); err != nil {
		resp.Diagnostics.AddError("Invalid import ID", fmt.Sprintf("%v; import commshield_guardrail_policy with the policy ID.", err))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
}

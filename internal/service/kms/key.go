// Package kms implements commshield_kms_key.
package kms

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	awstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
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

// Defaults and limits of the hardened key.
const (
	DefaultRotationPeriodDays = 365
	MinRotationPeriodDays     = 90
	MaxRotationPeriodDays     = 2560
	DefaultDeletionWindowDays = 30
	MinDeletionWindowDays     = 7
	defaultDescription        = "Managed by commshield"
	// propagationTimeout covers KMS eventual consistency right after
	// CreateKey (a new key can briefly answer NotFoundException).
	propagationTimeout = 2 * time.Minute
)

var (
	_ resource.Resource                   = (*keyResource)(nil)
	_ resource.ResourceWithConfigure      = (*keyResource)(nil)
	_ resource.ResourceWithImportState    = (*keyResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*keyResource)(nil)
	_ resource.ResourceWithValidateConfig = (*keyResource)(nil)
)

// NewKeyResource is the commshield_kms_key constructor.
//
// Partial failure during create: the key is recorded in state as soon as
// CreateKey succeeds; if enabling rotation or creating the alias then fails,
// the state is saved with what exists plus an error, so Terraform marks the
// resource tainted and the next apply schedules the half-built key for
// deletion and creates a new one. Nothing is orphaned.
func NewKeyResource() resource.Resource {
	return &keyResource{}
}

type keyResource struct {
	client *awsclient.Client
}

type keyModel struct {
	ID                   types.String `tfsdk:"id"`
	KeyID                types.String `tfsdk:"key_id"`
	ARN                  types.String `tfsdk:"arn"`
	Alias                types.String `tfsdk:"alias"`
	AliasARN             types.String `tfsdk:"alias_arn"`
	Description          types.String `tfsdk:"description"`
	AdministratorARNs    types.Set    `tfsdk:"administrator_arns"`
	UserARNs             types.Set    `tfsdk:"user_arns"`
	ServicePrincipals    types.Set    `tfsdk:"service_principals"`
	EnableIAMDelegation  types.Bool   `tfsdk:"enable_iam_delegation"`
	RotationEnabled      types.Bool   `tfsdk:"rotation_enabled"`
	RotationPeriodInDays types.Int64  `tfsdk:"rotation_period_in_days"`
	DeletionWindowInDays types.Int64  `tfsdk:"deletion_window_in_days"`
	MultiRegion          types.Bool   `tfsdk:"multi_region"`
	Policy               types.String `tfsdk:"policy"`
	Tags                 types.Map    `tfsdk:"tags"`
	TagsAll              types.Map    `tfsdk:"tags_all"`
}

func (r *keyResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_kms_key"
}

func (r *keyResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	emptySet := types.SetValueMust(types.StringType, nil)
	resp.Schema = schema.Schema{
		MarkdownDescription: "A customer-managed symmetric KMS key for log and audit data: rotation always on, a 30-day deletion " +
			"window, an alias, and a least-privilege key policy that separates key administrators (manage, never use) from " +
			"key users (use, never manage). Log-delivery services can be allowed with `aws:SourceAccount` conditions. " +
			"The account root is only in the policy when `enable_iam_delegation` is true.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The key ID (same as `key_id`); import with it.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"key_id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The KMS key ID.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"arn": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The key ARN.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"alias": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Alias name, `alias/<name>`; the reserved `alias/aws/` prefix is refused. Renaming creates the new alias and deletes the old one.",
				Validators:          []validator.String{aliasValidator},
			},
			"alias_arn": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "ARN of the alias.",
			},
			"description": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(defaultDescription),
				MarkdownDescription: "Key description (default `" + defaultDescription + "`).",
			},
			"administrator_arns": schema.SetAttribute{
				Required:    true,
				ElementType: types.StringType,
				MarkdownDescription: "IAM role/user ARNs that administer the key: describe, enable/disable, rotate, tag, alias, change the policy, " +
					"schedule or cancel deletion. They get no cryptographic use and cannot create grants. Include the identity Terraform runs " +
					"as, or AWS's lockout check rejects the policy.",
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(principalARNValidator),
				},
			},
			"user_arns": schema.SetAttribute{
				Optional:    true,
				Computed:    true,
				ElementType: types.StringType,
				Default:     setdefault.StaticValue(emptySet),
				MarkdownDescription: "IAM role/user ARNs that may use the key: `kms:Encrypt`, `kms:Decrypt`, `kms:ReEncrypt*`, " +
					"`kms:GenerateDataKey*`, `kms:DescribeKey`. Must not overlap `administrator_arns`.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(principalARNValidator)},
			},
			"service_principals": schema.SetAttribute{
				Optional:    true,
				Computed:    true,
				ElementType: types.StringType,
				Default:     setdefault.StaticValue(emptySet),
				MarkdownDescription: "Log-delivery services allowed to encrypt with the key, restricted to this account by `aws:SourceAccount` " +
					"(and, for CloudTrail and CloudWatch Logs, by the encryption context): `cloudtrail.amazonaws.com`, " +
					"`delivery.logs.amazonaws.com` (VPC Flow Logs to S3), `config.amazonaws.com`, `logs.<region>.amazonaws.com`, and " +
					"`events.amazonaws.com` (EventBridge publishing to an SNS topic encrypted with the key, such as the alarm topic of " +
					"`commshield_break_glass_role`).",
				Validators: []validator.Set{setvalidator.ValueStringsAre(servicePrincipalValidator)},
			},
			"enable_iam_delegation": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "Add the account-root statement (`kms:*` for `arn:aws:iam::<account>:root`) so IAM policies can grant " +
					"access to the key. Off by default: with it, any IAM admin in the account can use the key.",
			},
			"rotation_enabled": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: "Whether automatic rotation is on. Always planned `true`: rotation disabled outside Terraform shows as a diff and apply re-enables it.",
			},
			"rotation_period_in_days": schema.Int64Attribute{
				Optional:            true,
				Computed:            true,
				Default:             int64default.StaticInt64(DefaultRotationPeriodDays),
				MarkdownDescription: fmt.Sprintf("Days between automatic rotations, %d-%d (default %d).", MinRotationPeriodDays, MaxRotationPeriodDays, DefaultRotationPeriodDays),
				Validators:          []validator.Int64{int64validator.Between(MinRotationPeriodDays, MaxRotationPeriodDays)},
			},
			"deletion_window_in_days": schema.Int64Attribute{
				Optional: true,
				Computed: true,
				Default:  int64default.StaticInt64(DefaultDeletionWindowDays),
				MarkdownDescription: fmt.Sprintf("Waiting period before a destroyed key is deleted, %d-%d days (default %d; below 30 draws a warning). "+
					"Destroy schedules deletion; the key can be recovered with CancelKeyDeletion until then.", MinDeletionWindowDays, DefaultDeletionWindowDays, DefaultDeletionWindowDays),
				Validators: []validator.Int64{int64validator.Between(MinDeletionWindowDays, DefaultDeletionWindowDays)},
			},
			"multi_region": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
				MarkdownDescription: "Create a multi-Region primary key. Changing it replaces the key.",
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
			},
			"policy": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The generated key policy (JSON). A policy replaced outside Terraform shows as a diff and apply restores it.",
			},
			"tags":     tftags.TagsAttribute(),
			"tags_all": tftags.TagsAllAttribute(),
		},
	}
}

func (r *keyResource) Configure(ctx context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	client, diags := awsclient.ClientFromProviderData(ctx, req.ProviderData, "commshield_kms_key", awsclient.Needs{AccountID: true})
	resp.Diagnostics.Append(diags...)
	r.client = client
}

func (r *keyResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg keyModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	admins, _ := stringSet(ctx, cfg.AdministratorARNs)
	users, _ := stringSet(ctx, cfg.UserARNs)
	for _, u := range users {
		if slices.Contains(admins, u) {
			resp.Diagnostics.AddAttributeError(path.Root("user_arns"), "Key administrator is also a key user",
				fmt.Sprintf("%s is in both administrator_arns and user_arns. Separate the duties: administrators manage the key, users encrypt and decrypt; use different roles.", u))
		}
	}
	if w := cfg.DeletionWindowInDays; !w.IsNull() && !w.IsUnknown() && w.ValueInt64() < DefaultDeletionWindowDays {
		resp.Diagnostics.AddAttributeWarning(path.Root("deletion_window_in_days"), "Short KMS deletion window",
			fmt.Sprintf("deletion_window_in_days = %d: a key destroyed by mistake (or by an intruder) is unrecoverable after %d days, and every log encrypted with it becomes unreadable. The hardened default is 30.", w.ValueInt64(), w.ValueInt64()))
	}
}

// stringSet returns the known elements of a set (nil when null/unknown).
func stringSet(ctx context.Context, s types.Set) ([]string, diag.Diagnostics) {
	if s.IsNull() || s.IsUnknown() {
		return nil, nil
	}
	var out []string
	diags := s.ElementsAs(ctx, &out, false)
	return out, diags
}

func (r *keyResource) policyInput(ctx context.Context, m keyModel) (policyInput, diag.Diagnostics) {
	var diags diag.Diagnostics
	in := policyInput{
		Partition:     r.client.Partition,
		AccountID:     r.client.AccountID,
		Region:        r.client.Region,
		IAMDelegation: m.EnableIAMDelegation.ValueBool(),
	}
	var d diag.Diagnostics
	in.Administrators, d = stringSet(ctx, m.AdministratorARNs)
	diags.Append(d...)
	in.Users, d = stringSet(ctx, m.UserARNs)
	diags.Append(d...)
	in.ServicePrincipals, d = stringSet(ctx, m.ServicePrincipals)
	diags.Append(d...)
	return in, diags
}

func (r *keyResource) aliasARN(alias string) string {
	return fmt.Sprintf("arn:%s:kms:%s:%s:%s", r.client.Partition, r.client.Region, r.client.AccountID, alias)
}

// ModifyPlan computes the policy, alias ARN and tags_all at plan time, so the
// plan shows the exact policy that will be applied, and plans rotation on.
func (r *keyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	tftags.PlanTagsAll(ctx, r.client, req, resp)

	var plan keyModel
	resp.Diagnostics.Append(resp.Plan.Get(ctx, &plan)...) // resp.Plan: keeps tags_all set above
	if resp.Diagnostics.HasError() {
		return
	}
	var state *keyModel
	if !req.State.Raw.IsNull() {
		state = &keyModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}

	plan.RotationEnabled = types.BoolValue(true)
	if !plan.Alias.IsUnknown() {
		plan.AliasARN = types.StringValue(r.aliasARN(plan.Alias.ValueString()))
	}
	if plan.AdministratorARNs.IsUnknown() || plan.UserARNs.IsUnknown() || plan.ServicePrincipals.IsUnknown() || plan.EnableIAMDelegation.IsUnknown() {
		plan.Policy = types.StringUnknown()
	} else {
		in, diags := r.policyInput(ctx, plan)
		resp.Diagnostics.Append(diags...)
		policy, err := buildKeyPolicy(in).JSON()
		if err != nil {
			resp.Diagnostics.AddError("Generate KMS key policy", err.Error())
			return
		}
		if state != nil && iampolicy.Equivalent(state.Policy.ValueString(), policy) {
			policy = state.Policy.ValueString()
		}
		plan.Policy = types.StringValue(policy)
		if !in.IAMDelegation && !r.callerIsAdministrator(in.Administrators) && (state == nil || !state.Policy.Equal(plan.Policy)) {
			resp.Diagnostics.AddAttributeWarning(path.Root("administrator_arns"), "Terraform's identity is not a key administrator",
				fmt.Sprintf("Terraform runs as %s, which is not in administrator_arns, and enable_iam_delegation is false. AWS rejects a key policy that would lock the caller out (MalformedPolicyDocumentException), and if it were accepted Terraform could not manage the key afterwards. Add the role to administrator_arns.", r.client.CallerARN))
		}
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}

// callerIsAdministrator reports whether the identity Terraform runs as is in
// admins, mapping an assumed-role session ARN back to its role ARN.
func (r *keyResource) callerIsAdministrator(admins []string) bool {
	return slices.Contains(admins, callerPrincipalARN(r.client.CallerARN))
}

// callerPrincipalARN turns arn:aws:sts::111:assumed-role/Name/session into
// arn:aws:iam::111:role/Name (what a key policy names); other ARNs pass
// through.
func callerPrincipalARN(caller string) string {
	parts := strings.SplitN(caller, ":", 6)
	if len(parts) == 6 && parts[2] == "sts" && strings.HasPrefix(parts[5], "assumed-role/") {
		role, _, _ := strings.Cut(strings.TrimPrefix(parts[5], "assumed-role/"), "/")
		return fmt.Sprintf("arn:%s:iam::%s:role/%s", parts[1], parts[4], role)
	}
	return caller
}

func (r *keyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan keyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	conn := r.client.KMS()
	tagsAll, diags := tftags.Map(ctx, plan.TagsAll)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	out, err := conn.CreateKey(ctx, &kms.CreateKeyInput{
		Description: plan.Description.ValueStringPointer(),
		KeySpec:     awstypes.KeySpecSymmetricDefault,
		KeyUsage:    awstypes.KeyUsageTypeEncryptDecrypt,
		MultiRegion: plan.MultiRegion.ValueBoolPointer(),
		Policy:      plan.Policy.ValueStringPointer(),
		Tags:        kmsTags(tagsAll),
	})
	if err != nil {
		resp.Diagnostics.AddError("Create KMS key", fmt.Sprintf("creating KMS key for %s: %v", plan.Alias.ValueString(), err))
		return
	}
	keyID := aws.ToString(out.KeyMetadata.KeyId)
	plan.ID = types.StringValue(keyID)
	plan.KeyID = types.StringValue(keyID)
	plan.ARN = types.StringValue(aws.ToString(out.KeyMetadata.Arn))

	// From here on the key exists: on failure, save what exists (tainted).
	savePartial := func(summary string, err error) {
		resp.Diagnostics.AddError(summary, fmt.Sprintf("%v\n\nThe key %s was created and is recorded in state as tainted; the next apply schedules it for deletion and creates a new one.", err, keyID))
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	}

	err = awsclient.RetryOnCodes(ctx, propagationTimeout, []string{errCodeNotFound}, func(ctx context.Context) error {
		_, err := conn.EnableKeyRotation(ctx, &kms.EnableKeyRotationInput{
			KeyId:                aws.String(keyID),
			RotationPeriodInDays: aws.Int32(int32(plan.RotationPeriodInDays.ValueInt64())),
		})
		return err
	})
	if err != nil {
		plan.RotationEnabled = types.BoolValue(false)
		plan.Alias, plan.AliasARN = types.StringNull(), types.StringNull()
		savePartial("Enable KMS key rotation", fmt.Errorf("enabling rotation of KMS key %s: %w", keyID, err))
		return
	}
	if err := r.createOrReclaimAlias(ctx, plan.Alias.ValueString(), keyID); err != nil {
		plan.Alias, plan.AliasARN = types.StringNull(), types.StringNull()
		savePartial("Create KMS alias", err)
		return
	}

	state, err := r.readKey(ctx, keyID, plan)
	if err != nil {
		savePartial("Read KMS key after create", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// createOrReclaimAlias points alias at keyID. An alias that still names a
// key pending deletion (AWS keeps it when a key is scheduled for deletion
// outside Terraform) is moved to the new key; one that names a live key is
// an error, since taking it over would silently re-route encryption.
func (r *keyResource) createOrReclaimAlias(ctx context.Context, alias, keyID string) error {
	conn := r.client.KMS()
	_, err := conn.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String(alias), TargetKeyId: aws.String(keyID)})
	if err == nil {
		return nil
	}
	if !awsclient.HasErrorCode(err, errCodeAlreadyExists) {
		return fmt.Errorf("creating alias %s for KMS key %s: %w", alias, keyID, err)
	}
	target, findErr := FindAliasTarget(ctx, conn, alias)
	if findErr != nil {
		return fmt.Errorf("alias %s already exists and its target could not be read: %w", alias, findErr)
	}
	if _, keyErr := FindKeyByID(ctx, conn, target); !awsclient.IsNotFound(keyErr) {
		return fmt.Errorf("alias %s already points at KMS key %s, which is not pending deletion; choose another alias or import that key", alias, target)
	}
	if _, err := conn.UpdateAlias(ctx, &kms.UpdateAliasInput{AliasName: aws.String(alias), TargetKeyId: aws.String(keyID)}); err != nil {
		return fmt.Errorf("moving alias %s from key %s (pending deletion) to %s: %w", alias, target, keyID, err)
	}
	return nil
}

func kmsTags(tags map[string]string) []awstypes.Tag {
	return tftags.AWSTags(tags, func(k, v string) awstypes.Tag { return awstypes.Tag{TagKey: aws.String(k), TagValue: aws.String(v)} })
}

// readKey builds the model from AWS. prior supplies what AWS cannot return
// (deletion window) and the exact policy/tags spelling to keep when AWS's
// version is equivalent, so an unchanged key reads back identical.
func (r *keyResource) readKey(ctx context.Context, keyID string, prior keyModel) (keyModel, error) {
	conn := r.client.KMS()
	md, err := FindKeyByID(ctx, conn, keyID)
	if err != nil {
		return keyModel{}, err
	}
	id := aws.ToString(md.KeyId)
	m := prior
	m.ID = types.StringValue(id)
	m.KeyID = types.StringValue(id)
	m.ARN = types.StringValue(aws.ToString(md.Arn))
	m.Description = types.StringValue(aws.ToString(md.Description))
	m.MultiRegion = types.BoolValue(aws.ToBool(md.MultiRegion))
	if m.DeletionWindowInDays.IsNull() || m.DeletionWindowInDays.IsUnknown() {
		m.DeletionWindowInDays = types.Int64Value(DefaultDeletionWindowDays)
	}

	rotation, err := conn.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: aws.String(id)})
	if err != nil {
		return keyModel{}, fmt.Errorf("reading rotation status of KMS key %s: %w", id, err)
	}
	m.RotationEnabled = types.BoolValue(rotation.KeyRotationEnabled)
	switch {
	case rotation.KeyRotationEnabled && rotation.RotationPeriodInDays != nil:
		m.RotationPeriodInDays = types.Int64Value(int64(*rotation.RotationPeriodInDays))
	case m.RotationPeriodInDays.IsNull() || m.RotationPeriodInDays.IsUnknown():
		m.RotationPeriodInDays = types.Int64Value(DefaultRotationPeriodDays)
	}

	policyOut, err := conn.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: aws.String(id), PolicyName: aws.String("default")})
	if err != nil {
		return keyModel{}, fmt.Errorf("reading policy of KMS key %s: %w", id, err)
	}
	remotePolicy := aws.ToString(policyOut.Policy)
	if !iampolicy.Equivalent(prior.Policy.ValueString(), remotePolicy) {
		m.Policy = types.StringValue(remotePolicy)
	}
	in, err := parseKeyPolicy(remotePolicy)
	if err != nil {
		return keyModel{}, fmt.Errorf("KMS key %s: %w", id, err)
	}
	var diags diag.Diagnostics
	m.AdministratorARNs, diags = types.SetValueFrom(ctx, types.StringType, nonNil(in.Administrators))
	if diags.HasError() {
		return keyModel{}, fmt.Errorf("KMS key %s: converting administrators", id)
	}
	m.UserARNs, _ = types.SetValueFrom(ctx, types.StringType, nonNil(in.Users))
	m.ServicePrincipals, _ = types.SetValueFrom(ctx, types.StringType, nonNil(in.ServicePrincipals))
	m.EnableIAMDelegation = types.BoolValue(in.IAMDelegation)

	aliases, err := FindAliasesByKeyID(ctx, conn, id)
	if err != nil {
		return keyModel{}, err
	}
	m.Alias, m.AliasARN = types.StringNull(), types.StringNull()
	var names []string
	for _, a := range aliases {
		if name := aws.ToString(a.AliasName); !strings.HasPrefix(name, "alias/aws/") {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	switch {
	case slices.Contains(names, prior.Alias.ValueString()):
		m.Alias = prior.Alias
	case len(names) > 0:
		m.Alias = types.StringValue(names[0])
	}
	if !m.Alias.IsNull() {
		m.AliasARN = types.StringValue(r.aliasARN(m.Alias.ValueString()))
	}

	remoteTags, err := FindKeyTags(ctx, conn, id)
	if err != nil {
		return keyModel{}, err
	}
	m.TagsAll, _ = tftags.FromMap(ctx, remoteTags)
	m.Tags = tftags.OwnTags(ctx, prior.Tags, r.client.DefaultTags, remoteTags)
	return m, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (r *keyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state keyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m, err := r.readKey(ctx, state.ID.ValueString(), state)
	if awsclient.IsNotFound(err) {
		resp.Diagnostics.AddWarning("KMS key gone", fmt.Sprintf("%v; removing it from state so the next apply creates a new key.", err))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Read KMS key", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (r *keyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state keyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	conn := r.client.KMS()
	keyID := state.KeyID.ValueString()
	fail := func(summary string, err error) {
		resp.Diagnostics.AddError(summary, fmt.Sprintf("KMS key %s: %v", keyID, err))
	}

	if !plan.Description.Equal(state.Description) {
		if _, err := conn.UpdateKeyDescription(ctx, &kms.UpdateKeyDescriptionInput{KeyId: aws.String(keyID), Description: plan.Description.ValueStringPointer()}); err != nil {
			fail("Update KMS key description", err)
			return
		}
	}
	if !plan.Policy.Equal(state.Policy) {
		if _, err := conn.PutKeyPolicy(ctx, &kms.PutKeyPolicyInput{KeyId: aws.String(keyID), PolicyName: aws.String("default"), Policy: plan.Policy.ValueStringPointer()}); err != nil {
			fail("Update KMS key policy", err)
			return
		}
	}
	if !state.RotationEnabled.ValueBool() || !plan.RotationPeriodInDays.Equal(state.RotationPeriodInDays) {
		if _, err := conn.EnableKeyRotation(ctx, &kms.EnableKeyRotationInput{KeyId: aws.String(keyID), RotationPeriodInDays: aws.Int32(int32(plan.RotationPeriodInDays.ValueInt64()))}); err != nil {
			fail("Enable KMS key rotation", err)
			return
		}
	}
	if !plan.Alias.Equal(state.Alias) {
		if err := r.createOrReclaimAlias(ctx, plan.Alias.ValueString(), keyID); err != nil {
			fail("Create KMS alias", err)
			return
		}
		if !state.Alias.IsNull() {
			if _, err := conn.DeleteAlias(ctx, &kms.DeleteAliasInput{AliasName: state.Alias.ValueStringPointer()}); err != nil && !awsclient.HasErrorCode(err, errCodeNotFound) {
				fail("Delete old KMS alias", err)
				return
			}
		}
	}
	if err := r.updateTags(ctx, keyID, state.TagsAll, plan.TagsAll); err != nil {
		fail("Update KMS key tags", err)
		return
	}

	m, err := r.readKey(ctx, keyID, plan)
	if err != nil {
		fail("Read KMS key after update", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (r *keyResource) updateTags(ctx context.Context, keyID string, oldTags, newTags types.Map) error {
	if oldTags.Equal(newTags) {
		return nil
	}
	before, _ := tftags.Map(ctx, oldTags)
	after, _ := tftags.Map(ctx, newTags)
	removed := tftags.RemovedKeys(before, after)
	conn := r.client.KMS()
	if len(removed) > 0 {
		if _, err := conn.UntagResource(ctx, &kms.UntagResourceInput{KeyId: aws.String(keyID), TagKeys: removed}); err != nil {
			return fmt.Errorf("removing tags %v: %w", removed, err)
		}
	}
	if len(after) > 0 {
		if _, err := conn.TagResource(ctx, &kms.TagResourceInput{KeyId: aws.String(keyID), Tags: kmsTags(after)}); err != nil {
			return fmt.Errorf("tagging: %w", err)
		}
	}
	return nil
}

// Delete removes the alias and schedules the key for deletion after the
// window. A key already gone or pending deletion counts as deleted.
func (r *keyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state keyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	conn := r.client.KMS()
	keyID := state.KeyID.ValueString()
	if !state.Alias.IsNull() && state.Alias.ValueString() != "" {
		_, err := conn.DeleteAlias(ctx, &kms.DeleteAliasInput{AliasName: state.Alias.ValueStringPointer()})
		if err != nil && !awsclient.HasErrorCode(err, errCodeNotFound) {
			resp.Diagnostics.AddError("Delete KMS alias", fmt.Sprintf("deleting alias %s of KMS key %s: %v", state.Alias.ValueString(), keyID, err))
			return
		}
	}
	window := state.DeletionWindowInDays.ValueInt64()
	if window == 0 {
		window = DefaultDeletionWindowDays
	}
	_, err := conn.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: aws.String(keyID), PendingWindowInDays: aws.Int32(int32(window))})
	if err == nil || awsclient.HasErrorCode(err, errCodeNotFound) {
		return
	}
	if awsclient.HasErrorCode(err, errCodeInvalidState) {
		if _, findErr := FindKeyByID(ctx, conn, keyID); awsclient.IsNotFound(findErr) {
			return // already pending deletion
		}
	}
	resp.Diagnostics.AddError("Schedule KMS key deletion", fmt.Sprintf("scheduling deletion of KMS key %s in %d days: %v", keyID, window, err))
}

func (r *keyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("key_id"), req.ID)...)
}

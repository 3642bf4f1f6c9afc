// Package s3 implements commshield_log_archive.
package s3

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	awstypes "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listdefault"
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

// Defaults of the hardened archive.
const (
	DefaultRetentionDays   = 365
	MaxRetentionDays       = 36500
	LockModeCompliance     = "COMPLIANCE"
	LockModeGovernance     = "GOVERNANCE"
	ownershipEnforced      = string(awstypes.ObjectOwnershipBucketOwnerEnforced)
	versioningEnabled      = string(awstypes.BucketVersioningStatusEnabled)
	lifecycleRuleID        = "commshield-archive"
	abortUploadsRuleID     = "commshield-abort-incomplete-uploads"
	abortUploadsAfterDays  = 7
	noncurrentVersionGrace = 30
	// propagationTimeout covers S3's eventual consistency right after
	// CreateBucket (sub-resource calls can briefly answer NoSuchBucket).
	propagationTimeout = 2 * time.Minute
)

var (
	_ resource.Resource                   = (*logArchiveResource)(nil)
	_ resource.ResourceWithConfigure      = (*logArchiveResource)(nil)
	_ resource.ResourceWithImportState    = (*logArchiveResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*logArchiveResource)(nil)
	_ resource.ResourceWithValidateConfig = (*logArchiveResource)(nil)
)

// NewLogArchiveResource is the commshield_log_archive constructor.
//
// Partial failure during create is rolled back: the bucket is created first,
// then public access block, ownership, versioning, encryption, Object Lock
// retention, lifecycle, access logging, tags and finally the bucket policy.
// If any later step fails, Create deletes the bucket it just made (nothing
// can have written to it yet: no policy grants delivery until the last step)
// and reports the original error; nothing is left in AWS or in state. Only
// if that rollback itself fails is the bucket recorded in state (tainted),
// so it is never orphaned.
//
// There is deliberately no force_destroy: destroy deletes the bucket only
// when it is empty. A bucket holding object versions under retention cannot
// be deleted until their retention ends (COMPLIANCE mode: by anyone,
// including the account root).
func NewLogArchiveResource() resource.Resource {
	return &logArchiveResource{}
}

type logArchiveResource struct {
	client *awsclient.Client
}

type logArchiveModel struct {
	ID                       types.String `tfsdk:"id"`
	ARN                      types.String `tfsdk:"arn"`
	Bucket                   types.String `tfsdk:"bucket"`
	KMSKeyARN                types.String `tfsdk:"kms_key_arn"`
	ObjectLockMode           types.String `tfsdk:"object_lock_mode"`
	ObjectLockRetentionDays  types.Int64  `tfsdk:"object_lock_retention_days"`
	LifecycleTransitions     types.List   `tfsdk:"lifecycle_transitions"`
	ExpirationDays           types.Int64  `tfsdk:"expiration_days"`
	AccessLogBucket          types.String `tfsdk:"access_log_bucket"`
	AccessLogPrefix          types.String `tfsdk:"access_log_prefix"`
	LogDeliveryServices      types.Set    `tfsdk:"log_delivery_services"`
	SourceAccountIDs         types.Set    `tfsdk:"source_account_ids"`
	OrganizationID           types.String `tfsdk:"organization_id"`
	BreakGlassPrincipalARNs  types.Set    `tfsdk:"break_glass_principal_arns"`
	VersioningStatus         types.String `tfsdk:"versioning_status"`
	PublicAccessBlockEnabled types.Bool   `tfsdk:"public_access_block_enabled"`
	ObjectOwnership          types.String `tfsdk:"object_ownership"`
	BucketKeyEnabled         types.Bool   `tfsdk:"bucket_key_enabled"`
	Policy                   types.String `tfsdk:"policy"`
	Tags                     types.Map    `tfsdk:"tags"`
	TagsAll                  types.Map    `tfsdk:"tags_all"`
}

type transitionModel struct {
	Days         types.Int64  `tfsdk:"days"`
	StorageClass types.String `tfsdk:"storage_class"`
}

var transitionAttrTypes = map[string]attr.Type{"days": types.Int64Type, "storage_class": types.StringType}

// transitionsOf converts the lifecycle_transitions list. A types.List (not a
// slice) in the model keeps unknown values (variables during
// `terraform validate`, outputs of other resources) from failing conversion.
func transitionsOf(ctx context.Context, l types.List) ([]transitionModel, diag.Diagnostics) {
	out := []transitionModel{}
	if l.IsNull() || l.IsUnknown() {
		return out, nil
	}
	diags := l.ElementsAs(ctx, &out, false)
	return out, diags
}

func transitionsValue(ctx context.Context, ts []transitionModel) types.List {
	if ts == nil {
		ts = []transitionModel{}
	}
	l, _ := types.ListValueFrom(ctx, types.ObjectType{AttrTypes: transitionAttrTypes}, ts)
	return l
}

func (r *logArchiveResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_log_archive"
}

func (r *logArchiveResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	emptySet := types.SetValueMust(types.StringType, nil)
	allServices, _ := types.SetValueFrom(context.Background(), types.StringType, LogDeliveryServices())
	resp.Schema = schema.Schema{
		MarkdownDescription: "An immutable, encrypted S3 log archive: versioning, Object Lock (COMPLIANCE by default), SSE-KMS with a bucket key, " +
			"ACLs disabled (BucketOwnerEnforced), all four public access block flags, and a bucket policy that denies non-TLS and " +
			"TLS < 1.2 requests, non-KMS uploads, object deletion and Object Lock changes (except by break-glass principals), and " +
			"grants writes only to log-delivery services scoped to your accounts or organization.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The bucket name; import with it.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"arn": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The bucket ARN.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"bucket": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Bucket name (3-63 lowercase letters, digits, hyphens; no dots). Changing it replaces the archive.",
				Validators:          []validator.String{bucketNameValidator},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"kms_key_arn": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "ARN of the KMS key for default SSE-KMS encryption (with an S3 bucket key), e.g. a `commshield_kms_key`'s `arn`. Its policy must let the log-delivery services use it.",
				Validators:          []validator.String{kmsKeyARNValidator},
			},
			"object_lock_mode": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(LockModeCompliance),
				MarkdownDescription: "Default Object Lock retention mode: `COMPLIANCE` (default; nobody, not even the root user, can delete a " +
					"version or shorten its retention) or `GOVERNANCE` (principals allowed `s3:BypassGovernanceRetention` can; set it explicitly).",
				Validators: []validator.String{stringvalidator.OneOf(LockModeCompliance, LockModeGovernance)},
			},
			"object_lock_retention_days": schema.Int64Attribute{
				Optional:            true,
				Computed:            true,
				Default:             int64default.StaticInt64(DefaultRetentionDays),
				MarkdownDescription: fmt.Sprintf("Default retention of every new object version, in days (1-%d, default %d).", MaxRetentionDays, DefaultRetentionDays),
				Validators:          []validator.Int64{int64validator.Between(1, MaxRetentionDays)},
			},
			"lifecycle_transitions": schema.ListNestedAttribute{
				Optional:            true,
				Computed:            true,
				Default:             listdefault.StaticValue(types.ListValueMust(types.ObjectType{AttrTypes: transitionAttrTypes}, nil)),
				MarkdownDescription: "Storage-class transitions of current object versions, e.g. `[{ days = 90, storage_class = \"GLACIER\" }]`.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"days": schema.Int64Attribute{
							Required:            true,
							MarkdownDescription: "Age in days at which objects move to `storage_class`.",
							Validators:          []validator.Int64{int64validator.AtLeast(0)},
						},
						"storage_class": schema.StringAttribute{
							Required:            true,
							MarkdownDescription: "Target class: " + strings.Join(transitionStorageClasses, ", ") + " (ONEZONE_IA is refused: audit logs must survive an AZ loss).",
							Validators:          []validator.String{stringvalidator.OneOf(transitionStorageClasses...)},
						},
					},
				},
			},
			"expiration_days": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Age in days at which current versions expire. Must be at least `object_lock_retention_days` " +
					"(checked at plan time). Unset: logs are kept forever. Incomplete multipart uploads are always aborted after 7 days.",
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"access_log_bucket": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Separate bucket receiving S3 server access logs for this archive. It must exist, grant " +
					"`logging.s3.amazonaws.com` write access in its policy, and have no Object Lock default retention (S3 cannot deliver to it).",
				Validators: []validator.String{accessLogBucketValid},
			},
			"access_log_prefix": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "Key prefix for access logs in `access_log_bucket` (default `<bucket>/`).",
			},
			"log_delivery_services": schema.SetAttribute{
				Optional:    true,
				Computed:    true,
				ElementType: types.StringType,
				Default:     setdefault.StaticValue(allServices),
				MarkdownDescription: "Services allowed to write logs under `AWSLogs/` (default all): `cloudtrail.amazonaws.com`, " +
					"`delivery.logs.amazonaws.com` (VPC Flow Logs), `config.amazonaws.com`, `logdelivery.elasticloadbalancing.amazonaws.com`. " +
					"Writes that set an ACL must use `bucket-owner-full-control`.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(deliveryServiceValid)},
			},
			"source_account_ids": schema.SetAttribute{
				Optional:            true,
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Accounts whose log deliveries are accepted (`aws:SourceAccount`). Defaults to the current account. Conflicts with `organization_id`.",
				Validators:          []validator.Set{setvalidator.ValueStringsAre(accountIDValidator), setvalidator.SizeAtLeast(1)},
			},
			"organization_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Accept deliveries from every account of this AWS Organization (`aws:SourceOrgID`), e.g. for an organization trail. Conflicts with `source_account_ids`.",
				Validators:          []validator.String{orgIDValidator},
			},
			"break_glass_principal_arns": schema.SetAttribute{
				Optional:    true,
				Computed:    true,
				ElementType: types.StringType,
				Default:     setdefault.StaticValue(emptySet),
				MarkdownDescription: "IAM roles/users exempt from the policy's deny on object deletion and Object Lock changes. Keep it empty or " +
					"to one MFA-protected role. Changing Object Lock settings later needs Terraform to run as one of them.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(breakGlassValidator)},
			},
			"versioning_status": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Bucket versioning status, always planned `Enabled`: suspension outside Terraform shows as a diff and apply re-enables it.",
			},
			"public_access_block_enabled": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: "Whether all four public access block flags are on; always planned `true` (a flag turned off outside Terraform is restored).",
			},
			"object_ownership": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Object ownership setting, always `BucketOwnerEnforced` (ACLs disabled).",
			},
			"bucket_key_enabled": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: "Whether the S3 bucket key is on for SSE-KMS; always planned `true`.",
			},
			"policy": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The generated bucket policy (JSON). A policy replaced outside Terraform shows as a diff and apply restores it.",
			},
			"tags":     tftags.TagsAttribute(),
			"tags_all": tftags.TagsAllAttribute(),
		},
	}
}

func (r *logArchiveResource) Configure(ctx context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	// The account ID is the default delivery scope (source_account_ids).
	client, diags := awsclient.ClientFromProviderData(ctx, req.ProviderData, "commshield_log_archive", awsclient.Needs{AccountID: true})
	resp.Diagnostics.Append(diags...)
	r.client = client
}

func (r *logArchiveResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg logArchiveModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}

	if !cfg.SourceAccountIDs.IsNull() && !cfg.OrganizationID.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("organization_id"), "Conflicting delivery scope",
			"Set either source_account_ids (aws:SourceAccount) or organization_id (aws:SourceOrgID), not both: the organization scope already covers its accounts.")
	}
	if !cfg.AccessLogBucket.IsNull() && !cfg.AccessLogBucket.IsUnknown() && cfg.AccessLogBucket.Equal(cfg.Bucket) {
		resp.Diagnostics.AddAttributeError(path.Root("access_log_bucket"), "Access logs into the archive itself",
			"access_log_bucket must be a separate bucket: S3 cannot deliver access logs into an Object Lock bucket, and logging a bucket into itself loops.")
	}
	if cfg.ObjectLockMode.ValueString() == LockModeGovernance {
		resp.Diagnostics.AddAttributeWarning(path.Root("object_lock_mode"), "GOVERNANCE retention can be bypassed",
			"In GOVERNANCE mode any principal allowed s3:BypassGovernanceRetention can delete locked log versions; the bucket policy denies it to all but break_glass_principal_arns, but an intruder who can change the bucket policy can lift that. Use COMPLIANCE for audit logs.")
	}

	retention := cfg.ObjectLockRetentionDays
	if retention.IsNull() {
		retention = types.Int64Value(DefaultRetentionDays)
	}
	if retention.IsUnknown() || cfg.ExpirationDays.IsUnknown() {
		return
	}
	rule := lifecycleRule{RetentionDays: retention.ValueInt64()}
	if !cfg.ExpirationDays.IsNull() {
		rule.ExpirationDays = cfg.ExpirationDays.ValueInt64Pointer()
	}
	if cfg.LifecycleTransitions.IsUnknown() {
		return
	}
	for _, e := range cfg.LifecycleTransitions.Elements() {
		if e.IsUnknown() {
			return // checked again at apply, once known
		}
	}
	transitions, diags := transitionsOf(ctx, cfg.LifecycleTransitions)
	resp.Diagnostics.Append(diags...)
	for _, t := range transitions {
		if t.Days.IsUnknown() || t.StorageClass.IsUnknown() {
			return
		}
		rule.Transitions = append(rule.Transitions, transition{Days: t.Days.ValueInt64(), StorageClass: t.StorageClass.ValueString()})
	}
	for _, problem := range validateLifecycle(rule) {
		resp.Diagnostics.AddAttributeError(path.Root("expiration_days"), "Lifecycle conflicts with Object Lock retention", problem)
	}
}

func stringSet(ctx context.Context, s types.Set) ([]string, diag.Diagnostics) {
	if s.IsNull() || s.IsUnknown() {
		return nil, nil
	}
	var out []string
	diags := s.ElementsAs(ctx, &out, false)
	return out, diags
}

func setOf(ctx context.Context, items []string) types.Set {
	if items == nil {
		items = []string{}
	}
	s, _ := types.SetValueFrom(ctx, types.StringType, items)
	return s
}

func (r *logArchiveResource) policyInput(ctx context.Context, m logArchiveModel) (bucketPolicyInput, diag.Diagnostics) {
	var diags, d diag.Diagnostics
	in := bucketPolicyInput{
		Partition:      r.client.Partition,
		Bucket:         m.Bucket.ValueString(),
		OrganizationID: m.OrganizationID.ValueString(),
	}
	in.Services, d = stringSet(ctx, m.LogDeliveryServices)
	diags.Append(d...)
	in.SourceAccountIDs, d = stringSet(ctx, m.SourceAccountIDs)
	diags.Append(d...)
	in.BreakGlassARNs, d = stringSet(ctx, m.BreakGlassPrincipalARNs)
	diags.Append(d...)
	return in, diags
}

// ModifyPlan fills the plan-time computed values: the exact bucket policy,
// the default delivery scope (this account), the access-log prefix, and the
// hardened settings every apply enforces.
func (r *logArchiveResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	tftags.PlanTagsAll(ctx, r.client, req, resp)

	var plan, cfg logArchiveModel
	resp.Diagnostics.Append(resp.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var state *logArchiveModel
	if !req.State.Raw.IsNull() {
		state = &logArchiveModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}

	if !plan.Bucket.IsUnknown() {
		plan.ID = plan.Bucket
		plan.ARN = types.StringValue(bucketARN(r.client.Partition, plan.Bucket.ValueString()))
	}
	if cfg.SourceAccountIDs.IsNull() {
		switch {
		case cfg.OrganizationID.IsUnknown():
			plan.SourceAccountIDs = types.SetUnknown(types.StringType)
		case cfg.OrganizationID.IsNull():
			plan.SourceAccountIDs = setOf(ctx, []string{r.client.AccountID})
		default:
			plan.SourceAccountIDs = setOf(ctx, nil)
		}
	}
	if cfg.AccessLogPrefix.IsNull() {
		switch {
		case plan.AccessLogBucket.IsNull():
			plan.AccessLogPrefix = types.StringNull()
		case !plan.Bucket.IsUnknown():
			plan.AccessLogPrefix = types.StringValue(plan.Bucket.ValueString() + "/")
		}
	}
	plan.VersioningStatus = types.StringValue(versioningEnabled)
	plan.PublicAccessBlockEnabled = types.BoolValue(true)
	plan.ObjectOwnership = types.StringValue(ownershipEnforced)
	plan.BucketKeyEnabled = types.BoolValue(true)

	if plan.Bucket.IsUnknown() || plan.LogDeliveryServices.IsUnknown() || plan.SourceAccountIDs.IsUnknown() ||
		plan.OrganizationID.IsUnknown() || plan.BreakGlassPrincipalARNs.IsUnknown() {
		plan.Policy = types.StringUnknown()
	} else {
		in, diags := r.policyInput(ctx, plan)
		resp.Diagnostics.Append(diags...)
		policy, err := buildBucketPolicy(in).JSON()
		if err != nil {
			resp.Diagnostics.AddError("Generate bucket policy", err.Error())
			return
		}
		if state != nil && iampolicy.Equivalent(state.Policy.ValueString(), policy) {
			policy = state.Policy.ValueString()
		}
		plan.Policy = types.StringValue(policy)
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}

func (r *logArchiveResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan logArchiveModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	conn := r.client.S3()
	bucket := plan.Bucket.ValueString()

	// Checks that need AWS but create nothing come first, so a doomed
	// create fails before the bucket exists.
	if err := r.checkAccessLogTarget(ctx, plan.AccessLogBucket); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("access_log_bucket"), "Unusable access-log bucket", err.Error())
		return
	}

	input := &s3.CreateBucketInput{
		Bucket:                     aws.String(bucket),
		ObjectLockEnabledForBucket: aws.Bool(true),
		ObjectOwnership:            awstypes.ObjectOwnershipBucketOwnerEnforced,
	}
	if r.client.Region != "us-east-1" {
		input.CreateBucketConfiguration = &awstypes.CreateBucketConfiguration{LocationConstraint: awstypes.BucketLocationConstraint(r.client.Region)}
	}
	if _, err := conn.CreateBucket(ctx, input); err != nil {
		detail := fmt.Sprintf("creating S3 bucket %s with Object Lock: %v", bucket, err)
		if awsclient.HasErrorCode(err, errCodeBucketAlreadyOwned) {
			detail += "\n\nThe bucket already exists in this account. Import it instead: terraform import <address> " + bucket
		}
		resp.Diagnostics.AddError("Create log archive bucket", detail)
		return
	}

	if err := r.applySettings(ctx, plan, nil); err != nil {
		rollbackErr := r.rollback(ctx, bucket)
		if rollbackErr == nil {
			resp.Diagnostics.AddError("Create log archive", fmt.Sprintf("%v\n\nThe bucket %s created by this apply was deleted again (rollback); nothing was left behind.", err, bucket))
			return
		}
		resp.Diagnostics.AddError("Create log archive", fmt.Sprintf("%v\n\nRolling back by deleting bucket %s also failed: %v\nThe bucket is recorded in state as tainted; the next apply replaces it.", err, bucket, rollbackErr))
		partial := plan
		partial.ID = plan.Bucket
		if m, readErr := r.readArchive(ctx, bucket, plan); readErr == nil {
			partial = m
		} else {
			partial = nullUnknowns(partial)
		}
		resp.Diagnostics.Append(resp.State.Set(ctx, partial)...)
		return
	}

	m, err := r.readArchive(ctx, bucket, plan)
	if err != nil {
		resp.Diagnostics.AddError("Read log archive after create", err.Error())
		resp.Diagnostics.Append(resp.State.Set(ctx, nullUnknowns(plan))...)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// nullUnknowns replaces values still unknown after a failed apply, since
// state may not hold unknowns.
func nullUnknowns(m logArchiveModel) logArchiveModel {
	if m.VersioningStatus.IsUnknown() {
		m.VersioningStatus = types.StringNull()
	}
	if m.PublicAccessBlockEnabled.IsUnknown() {
		m.PublicAccessBlockEnabled = types.BoolNull()
	}
	if m.ObjectOwnership.IsUnknown() {
		m.ObjectOwnership = types.StringNull()
	}
	if m.BucketKeyEnabled.IsUnknown() {
		m.BucketKeyEnabled = types.BoolNull()
	}
	if m.Policy.IsUnknown() {
		m.Policy = types.StringNull()
	}
	if m.AccessLogPrefix.IsUnknown() {
		m.AccessLogPrefix = types.StringNull()
	}
	if m.SourceAccountIDs.IsUnknown() {
		m.SourceAccountIDs = types.SetNull(types.StringType)
	}
	if m.TagsAll.IsUnknown() {
		m.TagsAll = types.MapNull(types.StringType)
	}
	return m
}

// rollback deletes a bucket this Create made. It is empty: nothing is
// allowed to write to it before the policy, the last step.
func (r *logArchiveResource) rollback(ctx context.Context, bucket string) error {
	_, err := r.client.S3().DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(bucket)})
	if err != nil && !awsclient.HasErrorCode(err, errCodeNoSuchBucket) {
		return fmt.Errorf("deleting bucket %s: %w", bucket, err)
	}
	return nil
}

// checkAccessLogTarget refuses an access-log bucket S3 cannot deliver to.
func (r *logArchiveResource) checkAccessLogTarget(ctx context.Context, target types.String) error {
	if target.IsNull() || target.ValueString() == "" {
		return nil
	}
	lock, err := FindObjectLockConfiguration(ctx, r.client.S3(), target.ValueString())
	if awsclient.IsNotFound(err) {
		return fmt.Errorf("access_log_bucket %q does not exist; create it first (with a policy granting logging.s3.amazonaws.com s3:PutObject)", target.ValueString())
	}
	if err != nil {
		return err
	}
	if lock != nil && lock.Rule != nil && lock.Rule.DefaultRetention != nil {
		return fmt.Errorf("access_log_bucket %q has an Object Lock default retention; S3 server access logging cannot deliver to such a bucket. Use a separate bucket without default retention", target.ValueString())
	}
	return nil
}

// applySettings brings every sub-configuration of the bucket to the plan.
// With prior == nil (create) everything is written; on update only what
// differs from the prior state (which Read refreshed from AWS, so drift is
// included). The policy goes last: it denies Object Lock changes.
func (r *logArchiveResource) applySettings(ctx context.Context, plan logArchiveModel, prior *logArchiveModel) error {
	conn := r.client.S3()
	bucket := aws.String(plan.Bucket.ValueString())
	changed := func(same func(p *logArchiveModel) bool) bool { return prior == nil || !same(prior) }
	// Right after CreateBucket the bucket may not be visible everywhere yet.
	retry := func(fn func(context.Context) error) error {
		return awsclient.RetryOnCodes(ctx, propagationTimeout, []string{errCodeNoSuchBucket}, fn)
	}

	if changed(func(p *logArchiveModel) bool { return p.PublicAccessBlockEnabled.ValueBool() }) {
		if err := retry(func(ctx context.Context) error {
			_, err := conn.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{Bucket: bucket, PublicAccessBlockConfiguration: &awstypes.PublicAccessBlockConfiguration{
				BlockPublicAcls: aws.Bool(true), BlockPublicPolicy: aws.Bool(true), IgnorePublicAcls: aws.Bool(true), RestrictPublicBuckets: aws.Bool(true),
			}})
			return err
		}); err != nil {
			return fmt.Errorf("blocking public access to %s: %w", *bucket, err)
		}
	}
	if changed(func(p *logArchiveModel) bool { return p.ObjectOwnership.ValueString() == ownershipEnforced }) {
		if _, err := conn.PutBucketOwnershipControls(ctx, &s3.PutBucketOwnershipControlsInput{Bucket: bucket, OwnershipControls: &awstypes.OwnershipControls{
			Rules: []awstypes.OwnershipControlsRule{{ObjectOwnership: awstypes.ObjectOwnershipBucketOwnerEnforced}},
		}}); err != nil {
			return fmt.Errorf("enforcing bucket-owner object ownership on %s: %w", *bucket, err)
		}
	}
	if changed(func(p *logArchiveModel) bool { return p.VersioningStatus.ValueString() == versioningEnabled }) {
		if _, err := conn.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: bucket, VersioningConfiguration: &awstypes.VersioningConfiguration{
			Status: awstypes.BucketVersioningStatusEnabled,
		}}); err != nil {
			return fmt.Errorf("enabling versioning on %s: %w", *bucket, err)
		}
	}
	if changed(func(p *logArchiveModel) bool {
		return p.KMSKeyARN.Equal(plan.KMSKeyARN) && p.BucketKeyEnabled.ValueBool()
	}) {
		if _, err := conn.PutBucketEncryption(ctx, &s3.PutBucketEncryptionInput{Bucket: bucket, ServerSideEncryptionConfiguration: &awstypes.ServerSideEncryptionConfiguration{
			Rules: []awstypes.ServerSideEncryptionRule{{
				ApplyServerSideEncryptionByDefault: &awstypes.ServerSideEncryptionByDefault{SSEAlgorithm: awstypes.ServerSideEncryptionAwsKms, KMSMasterKeyID: plan.KMSKeyARN.ValueStringPointer()},
				BucketKeyEnabled:                   aws.Bool(true),
			}},
		}}); err != nil {
			return fmt.Errorf("setting SSE-KMS default encryption on %s with key %s: %w", *bucket, plan.KMSKeyARN.ValueString(), err)
		}
	}
	if changed(func(p *logArchiveModel) bool {
		return p.ObjectLockMode.Equal(plan.ObjectLockMode) && p.ObjectLockRetentionDays.Equal(plan.ObjectLockRetentionDays)
	}) {
		if _, err := conn.PutObjectLockConfiguration(ctx, &s3.PutObjectLockConfigurationInput{Bucket: bucket, ObjectLockConfiguration: &awstypes.ObjectLockConfiguration{
			ObjectLockEnabled: awstypes.ObjectLockEnabledEnabled,
			Rule: &awstypes.ObjectLockRule{DefaultRetention: &awstypes.DefaultRetention{
				Mode: awstypes.ObjectLockRetentionMode(plan.ObjectLockMode.ValueString()),
				Days: aws.Int32(int32(plan.ObjectLockRetentionDays.ValueInt64())),
			}},
		}}); err != nil {
			return fmt.Errorf("setting Object Lock default retention (%s, %d days) on %s: %w", plan.ObjectLockMode.ValueString(), plan.ObjectLockRetentionDays.ValueInt64(), *bucket, err)
		}
	}
	if changed(func(p *logArchiveModel) bool {
		return p.ExpirationDays.Equal(plan.ExpirationDays) && p.LifecycleTransitions.Equal(plan.LifecycleTransitions)
	}) {
		if _, err := conn.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{Bucket: bucket,
			LifecycleConfiguration: &awstypes.BucketLifecycleConfiguration{Rules: lifecycleRules(ctx, plan)}}); err != nil {
			return fmt.Errorf("setting lifecycle rules on %s: %w", *bucket, err)
		}
	}
	if changed(func(p *logArchiveModel) bool {
		return p.AccessLogBucket.Equal(plan.AccessLogBucket) && p.AccessLogPrefix.Equal(plan.AccessLogPrefix)
	}) {
		status := &awstypes.BucketLoggingStatus{}
		if !plan.AccessLogBucket.IsNull() {
			status.LoggingEnabled = &awstypes.LoggingEnabled{TargetBucket: plan.AccessLogBucket.ValueStringPointer(), TargetPrefix: plan.AccessLogPrefix.ValueStringPointer()}
		}
		if _, err := conn.PutBucketLogging(ctx, &s3.PutBucketLoggingInput{Bucket: bucket, BucketLoggingStatus: status}); err != nil {
			return fmt.Errorf("setting server access logging of %s to bucket %s: %w", *bucket, plan.AccessLogBucket.ValueString(), err)
		}
	}
	if changed(func(p *logArchiveModel) bool { return p.TagsAll.Equal(plan.TagsAll) }) {
		tags, _ := tftags.Map(ctx, plan.TagsAll)
		if err := putBucketTags(ctx, conn, *bucket, tags); err != nil {
			return err
		}
	}
	if changed(func(p *logArchiveModel) bool { return p.Policy.Equal(plan.Policy) }) {
		if _, err := conn.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: bucket, Policy: plan.Policy.ValueStringPointer()}); err != nil {
			return fmt.Errorf("putting the bucket policy on %s: %w", *bucket, err)
		}
	}
	return nil
}

func putBucketTags(ctx context.Context, conn *s3.Client, bucket string, tags map[string]string) error {
	if len(tags) == 0 {
		if _, err := conn.DeleteBucketTagging(ctx, &s3.DeleteBucketTaggingInput{Bucket: aws.String(bucket)}); err != nil {
			return fmt.Errorf("removing tags of %s: %w", bucket, err)
		}
		return nil
	}
	set := tftags.AWSTags(tags, func(k, v string) awstypes.Tag { return awstypes.Tag{Key: aws.String(k), Value: aws.String(v)} })
	if _, err := conn.PutBucketTagging(ctx, &s3.PutBucketTaggingInput{Bucket: aws.String(bucket), Tagging: &awstypes.Tagging{TagSet: set}}); err != nil {
		return fmt.Errorf("tagging %s: %w", bucket, err)
	}
	return nil
}

func lifecycleRules(ctx context.Context, plan logArchiveModel) []awstypes.LifecycleRule {
	archive := awstypes.LifecycleRule{
		ID:     aws.String(lifecycleRuleID),
		Status: awstypes.ExpirationStatusEnabled,
		Filter: &awstypes.LifecycleRuleFilter{Prefix: aws.String("")},
	}
	transitions, _ := transitionsOf(ctx, plan.LifecycleTransitions)
	for _, t := range transitions {
		archive.Transitions = append(archive.Transitions, awstypes.Transition{
			Days:         aws.Int32(int32(t.Days.ValueInt64())),
			StorageClass: awstypes.TransitionStorageClass(t.StorageClass.ValueString()),
		})
	}
	if !plan.ExpirationDays.IsNull() {
		archive.Expiration = &awstypes.LifecycleExpiration{Days: aws.Int32(int32(plan.ExpirationDays.ValueInt64()))}
		// Expiry only adds a delete marker; the version it hides becomes
		// noncurrent (its retention has ended by then) and goes after a grace period.
		archive.NoncurrentVersionExpiration = &awstypes.NoncurrentVersionExpiration{NoncurrentDays: aws.Int32(noncurrentVersionGrace)}
	}
	rules := []awstypes.LifecycleRule{{
		ID:                             aws.String(abortUploadsRuleID),
		Status:                         awstypes.ExpirationStatusEnabled,
		Filter:                         &awstypes.LifecycleRuleFilter{Prefix: aws.String("")},
		AbortIncompleteMultipartUpload: &awstypes.AbortIncompleteMultipartUpload{DaysAfterInitiation: aws.Int32(abortUploadsAfterDays)},
	}}
	if len(archive.Transitions) > 0 || archive.Expiration != nil {
		rules = append(rules, archive)
	}
	return rules
}

// readArchive builds the model from AWS. prior supplies the exact policy and
// tags spelling to keep when AWS's version is equivalent.
func (r *logArchiveResource) readArchive(ctx context.Context, bucket string, prior logArchiveModel) (logArchiveModel, error) {
	conn := r.client.S3()
	if err := FindBucket(ctx, conn, bucket); err != nil {
		return logArchiveModel{}, err
	}
	m := prior
	m.ID = types.StringValue(bucket)
	m.Bucket = types.StringValue(bucket)
	m.ARN = types.StringValue(bucketARN(r.client.Partition, bucket))
	in := aws.String(bucket)

	pab, err := FindPublicAccessBlock(ctx, conn, bucket)
	if err != nil {
		return m, err
	}
	m.PublicAccessBlockEnabled = types.BoolValue(pab)

	m.ObjectOwnership = types.StringValue("")
	own, err := conn.GetBucketOwnershipControls(ctx, &s3.GetBucketOwnershipControlsInput{Bucket: in})
	switch {
	case awsclient.HasErrorCode(err, errCodeNoOwnershipControls):
	case err != nil:
		return m, fmt.Errorf("reading ownership controls of %s: %w", bucket, err)
	case own.OwnershipControls != nil && len(own.OwnershipControls.Rules) > 0:
		m.ObjectOwnership = types.StringValue(string(own.OwnershipControls.Rules[0].ObjectOwnership))
	}

	ver, err := conn.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: in})
	if err != nil {
		return m, fmt.Errorf("reading versioning of %s: %w", bucket, err)
	}
	m.VersioningStatus = types.StringValue(string(ver.Status))
	if ver.Status == "" {
		m.VersioningStatus = types.StringValue("Disabled")
	}

	m.KMSKeyARN, m.BucketKeyEnabled = types.StringNull(), types.BoolValue(false)
	enc, err := conn.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: in})
	switch {
	case awsclient.HasErrorCode(err, errCodeNoEncryption):
	case err != nil:
		return m, fmt.Errorf("reading encryption of %s: %w", bucket, err)
	case enc.ServerSideEncryptionConfiguration != nil && len(enc.ServerSideEncryptionConfiguration.Rules) > 0:
		rule := enc.ServerSideEncryptionConfiguration.Rules[0]
		if d := rule.ApplyServerSideEncryptionByDefault; d != nil && d.SSEAlgorithm == awstypes.ServerSideEncryptionAwsKms {
			m.KMSKeyARN = types.StringValue(aws.ToString(d.KMSMasterKeyID))
		}
		m.BucketKeyEnabled = types.BoolValue(aws.ToBool(rule.BucketKeyEnabled))
	}

	lock, err := FindObjectLockConfiguration(ctx, conn, bucket)
	if err != nil {
		return m, err
	}
	m.ObjectLockMode, m.ObjectLockRetentionDays = types.StringNull(), types.Int64Null()
	if lock != nil && lock.Rule != nil && lock.Rule.DefaultRetention != nil {
		dr := lock.Rule.DefaultRetention
		m.ObjectLockMode = types.StringValue(string(dr.Mode))
		switch {
		case dr.Days != nil:
			m.ObjectLockRetentionDays = types.Int64Value(int64(*dr.Days))
		case dr.Years != nil:
			m.ObjectLockRetentionDays = types.Int64Value(int64(*dr.Years) * 365)
		}
	}

	var transitions []transitionModel
	m.ExpirationDays = types.Int64Null()
	lc, err := conn.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: in})
	switch {
	case awsclient.HasErrorCode(err, errCodeNoLifecycle):
	case err != nil:
		return m, fmt.Errorf("reading lifecycle of %s: %w", bucket, err)
	default:
		for _, rule := range lc.Rules {
			if aws.ToString(rule.ID) != lifecycleRuleID {
				continue
			}
			for _, t := range rule.Transitions {
				transitions = append(transitions, transitionModel{
					Days: types.Int64Value(int64(aws.ToInt32(t.Days))), StorageClass: types.StringValue(string(t.StorageClass)),
				})
			}
			if rule.Expiration != nil && rule.Expiration.Days != nil {
				m.ExpirationDays = types.Int64Value(int64(*rule.Expiration.Days))
			}
		}
	}
	m.LifecycleTransitions = transitionsValue(ctx, transitions)

	logging, err := conn.GetBucketLogging(ctx, &s3.GetBucketLoggingInput{Bucket: in})
	if err != nil {
		return m, fmt.Errorf("reading access logging of %s: %w", bucket, err)
	}
	m.AccessLogBucket, m.AccessLogPrefix = types.StringNull(), types.StringNull()
	if le := logging.LoggingEnabled; le != nil {
		m.AccessLogBucket = types.StringValue(aws.ToString(le.TargetBucket))
		m.AccessLogPrefix = types.StringValue(aws.ToString(le.TargetPrefix))
	}

	policy, err := FindBucketPolicy(ctx, conn, bucket)
	if err != nil {
		return m, err
	}
	if !iampolicy.Equivalent(prior.Policy.ValueString(), policy) {
		m.Policy = types.StringValue(policy)
	}
	pin := bucketPolicyInput{}
	if policy != "" {
		if pin, err = parseBucketPolicy(policy); err != nil {
			return m, fmt.Errorf("bucket %s: %w", bucket, err)
		}
	}
	m.LogDeliveryServices = setOf(ctx, pin.Services)
	if len(pin.Services) > 0 {
		m.SourceAccountIDs = setOf(ctx, pin.SourceAccountIDs)
		m.OrganizationID = types.StringNull()
		if pin.OrganizationID != "" {
			m.OrganizationID = types.StringValue(pin.OrganizationID)
		}
	} else if m.SourceAccountIDs.IsNull() || m.SourceAccountIDs.IsUnknown() {
		// Without delivery statements the policy does not record the scope;
		// keep the prior one, or on import assume the default (this account).
		m.SourceAccountIDs = setOf(ctx, []string{r.client.AccountID})
		if !m.OrganizationID.IsNull() && !m.OrganizationID.IsUnknown() {
			m.SourceAccountIDs = setOf(ctx, nil)
		}
	}
	m.BreakGlassPrincipalARNs = setOf(ctx, pin.BreakGlassARNs)

	remoteTags, err := FindBucketTags(ctx, conn, bucket)
	if err != nil {
		return m, err
	}
	m.TagsAll, _ = tftags.FromMap(ctx, remoteTags)
	m.Tags = tftags.OwnTags(ctx, prior.Tags, r.client.DefaultTags, remoteTags)
	return m, nil
}

func (r *logArchiveResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state logArchiveModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m, err := r.readArchive(ctx, state.ID.ValueString(), state)
	if awsclient.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Log archive bucket gone", fmt.Sprintf("%v; removing it from state so the next apply creates it again.", err))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Read log archive", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (r *logArchiveResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state logArchiveModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !plan.AccessLogBucket.Equal(state.AccessLogBucket) {
		if err := r.checkAccessLogTarget(ctx, plan.AccessLogBucket); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("access_log_bucket"), "Unusable access-log bucket", err.Error())
			return
		}
	}
	bucket := state.ID.ValueString()
	if err := r.applySettings(ctx, plan, &state); err != nil {
		resp.Diagnostics.AddError("Update log archive", err.Error())
		// Record what AWS now holds, so the next plan retries the rest.
		if m, readErr := r.readArchive(ctx, bucket, state); readErr == nil {
			resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
		}
		return
	}
	m, err := r.readArchive(ctx, bucket, plan)
	if err != nil {
		resp.Diagnostics.AddError("Read log archive after update", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// Delete removes the bucket if it is empty. Object versions under retention
// make S3 refuse (BucketNotEmpty): the error says so and the bucket stays in
// state. A bucket already gone counts as deleted.
func (r *logArchiveResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state logArchiveModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	bucket := state.ID.ValueString()
	conn := r.client.S3()
	_, err := conn.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(bucket)})
	if err == nil || awsclient.HasErrorCode(err, errCodeNoSuchBucket) {
		return
	}
	if awsclient.HasErrorCode(err, errCodeBucketNotEmpty) {
		count := "some"
		if out, listErr := conn.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: aws.String(bucket), MaxKeys: aws.Int32(1000)}); listErr == nil {
			n := len(out.Versions) + len(out.DeleteMarkers)
			count = fmt.Sprint(n)
			if aws.ToBool(out.IsTruncated) {
				count = "more than " + count
			}
		}
		resp.Diagnostics.AddError("Log archive still holds logs", fmt.Sprintf(
			"S3 bucket %s still holds %s object versions, so it cannot be deleted. This is by design: Object Lock (%s, %d days default retention) keeps every log version until its retention ends, and commshield has no force_destroy. "+
				"Wait until retention ends and the lifecycle expires the objects (or remove unretained versions as a break-glass principal), then destroy again, or remove the resource from state with `terraform state rm` to stop managing the bucket.\n\nOriginal error: %v",
			bucket, count, state.ObjectLockMode.ValueString(), state.ObjectLockRetentionDays.ValueInt64(), err))
		return
	}
	resp.Diagnostics.AddError("Delete log archive", fmt.Sprintf("deleting bucket %s: %v", bucket, err))
}

func (r *logArchiveResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if err := validateBucketName(req.ID); err != nil {
		resp.Diagnostics.AddError("Import log archive", fmt.Sprintf("import ID must be the bucket name: %v", err))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("bucket"), req.ID)...)
}

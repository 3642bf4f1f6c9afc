// Package baseline holds commshield_account_baseline: the account-wide
// protective switches of a landing-zone member account.
//
// Scope implemented so far: EBS encryption by default with a customer managed
// key, the account-level S3 public access block (all four settings), the IAM
// password policy, IMDSv2 as the account default for new instances, and a
// GuardDuty detector (15-minute publishing; every protection feature on
// unless guardduty_disabled_features turns it off with a reason; an existing
// detector is adopted), Security Hub with chosen standards (others enabled
// outside Terraform are left alone), and the AWS Config recorder (all
// supported types, global types included) with its delivery channel to the
// log archive bucket (existing recorder/channel adopted), and an IAM Access
// Analyzer of type ACCOUNT (an analyzer of the configured name is adopted).
//
// Each part is on unless the configuration turns it off explicitly and says
// why (`<part>_disabled_reason`); a part turned off is not managed at all
// (neither read nor changed), so a delegated administrator can own it.
//
// Delete: by default the protections are LEFT ON when the resource leaves
// Terraform (removing a baseline must not silently weaken the account). With
// restore_defaults_on_destroy = true, delete restores the AWS defaults for the
// managed parts: EBS encryption by default off and the default key reset, the
// account public access block deleted, the password policy deleted, the IMDS
// defaults back to "no preference", the GuardDuty detector deleted (also one
// the resource adopted), Security Hub disabled, the Config recorder stopped
// and deleted with its delivery channel, the named analyzer deleted. Missing objects on delete
// count as success.
//
// Partial failure during create: every part is applied in order; on the first
// error the state is recorded with what was read back from the account and
// the error is returned, so Terraform taints the resource and the next apply
// converges (the parts are idempotent switches, nothing can be orphaned).
package baseline

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	aatypes "github.com/aws/aws-sdk-go-v2/service/accessanalyzer/types"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	cfgtypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	s3ctypes "github.com/aws/aws-sdk-go-v2/service/s3control/types"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	shtypes "github.com/aws/aws-sdk-go-v2/service/securityhub/types"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
)

var (
	_ resource.Resource                   = (*baselineResource)(nil)
	_ resource.ResourceWithConfigure      = (*baselineResource)(nil)
	_ resource.ResourceWithImportState    = (*baselineResource)(nil)
	_ resource.ResourceWithValidateConfig = (*baselineResource)(nil)
)

// PasswordReusePrevention is fixed at the IAM maximum: the guidance asks for
// it and there is no operational reason to remember fewer.
const PasswordReusePrevention = 24

// MinimumPasswordLength is the floor the resource accepts (CIS / CISA).
const MinimumPasswordLength = 14

var accountIDPattern = regexp.MustCompile(`^\d{12}$`)

// NewAccountBaselineResource is the commshield_account_baseline constructor.
func NewAccountBaselineResource() resource.Resource { return &baselineResource{} }

type baselineResource struct {
	client *awsclient.Client
}

type baselineModel struct {
	ID                       types.String `tfsdk:"id"`
	Region                   types.String `tfsdk:"region"`
	RestoreDefaultsOnDestroy types.Bool   `tfsdk:"restore_defaults_on_destroy"`

	EBSEncryptionEnabled        types.Bool   `tfsdk:"ebs_encryption_enabled"`
	EBSEncryptionDisabledReason types.String `tfsdk:"ebs_encryption_disabled_reason"`
	EBSDefaultKMSKeyARN         types.String `tfsdk:"ebs_default_kms_key_arn"`

	S3PABEnabled        types.Bool   `tfsdk:"s3_public_access_block_enabled"`
	S3PABDisabledReason types.String `tfsdk:"s3_public_access_block_disabled_reason"`

	PasswordPolicyEnabled        types.Bool   `tfsdk:"password_policy_enabled"`
	PasswordPolicyDisabledReason types.String `tfsdk:"password_policy_disabled_reason"`
	PasswordMinimumLength        types.Int64  `tfsdk:"password_minimum_length"`
	PasswordMaxAgeDays           types.Int64  `tfsdk:"password_max_age_days"`

	IMDSv2Enabled        types.Bool   `tfsdk:"imdsv2_required_enabled"`
	IMDSv2DisabledReason types.String `tfsdk:"imdsv2_required_disabled_reason"`
	IMDSv2HopLimit       types.Int64  `tfsdk:"imdsv2_hop_limit"`

	GuardDutyEnabled        types.Bool   `tfsdk:"guardduty_enabled"`
	GuardDutyDisabledReason types.String `tfsdk:"guardduty_disabled_reason"`
	GuardDutyDetectorID     types.String `tfsdk:"guardduty_detector_id"`
	// GuardDutyDisabledFeatures maps a feature name to why it is off.
	GuardDutyDisabledFeatures types.Map `tfsdk:"guardduty_disabled_features"`
	// GuardDutyFeatures are the managed features that are on (computed).
	GuardDutyFeatures types.Set `tfsdk:"guardduty_features"`

	SecurityHubEnabled        types.Bool   `tfsdk:"security_hub_enabled"`
	SecurityHubDisabledReason types.String `tfsdk:"security_hub_disabled_reason"`
	SecurityHubStandards      types.Set    `tfsdk:"security_hub_standards"`

	ConfigRecorderEnabled        types.Bool   `tfsdk:"config_recorder_enabled"`
	ConfigRecorderDisabledReason types.String `tfsdk:"config_recorder_disabled_reason"`
	ConfigDeliveryBucket         types.String `tfsdk:"config_delivery_bucket"`
	ConfigDeliveryS3KeyPrefix    types.String `tfsdk:"config_delivery_s3_key_prefix"`
	ConfigRoleARN                types.String `tfsdk:"config_role_arn"`

	AccessAnalyzerEnabled        types.Bool   `tfsdk:"access_analyzer_enabled"`
	AccessAnalyzerDisabledReason types.String `tfsdk:"access_analyzer_disabled_reason"`
	AccessAnalyzerName           types.String `tfsdk:"access_analyzer_name"`
	AccessAnalyzerARN            types.String `tfsdk:"access_analyzer_arn"`
}

// DefaultAccessAnalyzerName names the account analyzer when not configured.
const DefaultAccessAnalyzerName = "commshield-account"

// defaultConfigName names the recorder and delivery channel when the region
// has none (AWS allows one of each per region; existing ones are adopted).
const defaultConfigName = "default"

// DefaultSecurityHubStandards are enabled when security_hub_standards is not
// set: AWS Foundational Security Best Practices and CIS 1.4.0.
var DefaultSecurityHubStandards = []string{"aws-foundational-security-best-practices/v/1.0.0", "cis-aws-foundations-benchmark/v/1.4.0"}

var standardNamePattern = regexp.MustCompile(`^[a-z0-9-]+/v/[0-9.]+$`)

// DefaultIMDSHopLimit is the account default hop limit: 1 keeps the
// session token on the instance itself (IAM-R19's strict value); container
// hosts whose containers need role credentials choose 2 (AWS's advice for
// EKS/ECS nodes). MaxIMDSHopLimit is the largest value the EC2 API accepts.
const (
	DefaultIMDSHopLimit = 1
	MaxIMDSHopLimit     = 64
)

func (r *baselineResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_account_baseline"
}

func (r *baselineResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	reason := func(part string) schema.StringAttribute {
		return schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: fmt.Sprintf("Why %s is turned off (required when it is, e.g. `\"org delegated admin manages it\"`). Recorded in state for auditors.", part),
			Validators:          []validator.String{stringvalidator.LengthAtLeast(10)},
		}
	}
	enabled := func(part string) schema.BoolAttribute {
		return schema.BoolAttribute{
			Optional: true, Computed: true, Default: booldefault.StaticBool(true),
			MarkdownDescription: fmt.Sprintf("Whether the resource enforces %s (default `true`). Turning it off needs the matching `*_disabled_reason`; a part turned off is neither read nor changed.", part),
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Account-wide protective switches of a member account in one region: EBS encryption by default with a customer managed KMS key, the account-level S3 public access block (all four settings), a strong IAM password policy, IMDSv2 required as the account default, a GuardDuty detector with 15-minute finding publishing, Security Hub with chosen standards, and the AWS Config recorder (all supported types, global types included) delivering to the log archive bucket, and an IAM Access Analyzer for the account. Each part is on unless turned off explicitly with a reason. Removing the resource leaves the protections on unless `restore_defaults_on_destroy = true`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true, MarkdownDescription: "The AWS account ID (also the import ID).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"region": schema.StringAttribute{
				Computed: true, MarkdownDescription: "Region of the regional switches (EBS encryption by default).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"restore_defaults_on_destroy": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "When `true`, destroying the resource restores the AWS defaults of the managed parts (EBS encryption by default off, account public access block and password policy deleted). Default `false`: the protections stay on.",
			},
			"ebs_encryption_enabled":         enabled("EBS encryption by default"),
			"ebs_encryption_disabled_reason": reason("EBS encryption by default"),
			"ebs_default_kms_key_arn": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "ARN of the customer managed KMS key new EBS volumes are encrypted with. Required while `ebs_encryption_enabled` is true (the AWS managed key `alias/aws/ebs` cannot be shared or governed by a key policy).",
				Validators:          []validator.String{stringvalidator.RegexMatches(regexp.MustCompile(`^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)/.+$`), "must be a KMS key or alias ARN")},
			},
			"s3_public_access_block_enabled":         enabled("the account-level S3 public access block"),
			"s3_public_access_block_disabled_reason": reason("the account-level S3 public access block"),
			"password_policy_enabled":                enabled("the IAM password policy"),
			"password_policy_disabled_reason":        reason("the IAM password policy"),
			"password_minimum_length": schema.Int64Attribute{
				Optional: true, Computed: true, Default: int64default.StaticInt64(MinimumPasswordLength),
				MarkdownDescription: fmt.Sprintf("Minimum IAM user password length (%d–128, default %d). The policy always requires all four character classes and prevents reuse of the last %d passwords.", MinimumPasswordLength, MinimumPasswordLength, PasswordReusePrevention),
				Validators:          []validator.Int64{int64validator.Between(MinimumPasswordLength, 128)},
			},
			"imdsv2_required_enabled":         enabled("IMDSv2 (session tokens required, hop limit `imdsv2_hop_limit`) as the account default for new instances in the region"),
			"imdsv2_required_disabled_reason": reason("the IMDSv2 account default"),
			"imdsv2_hop_limit": schema.Int64Attribute{
				Optional: true, Computed: true, Default: int64default.StaticInt64(DefaultIMDSHopLimit),
				MarkdownDescription: fmt.Sprintf("Account default IMDS hop limit (`HttpPutResponseHopLimit`, %d–%d, default `%d`). "+
					"`1` keeps the IMDSv2 session token on the instance: a container or a forwarded request one network hop away cannot fetch the instance role's credentials "+
					"(what rule IAM-R19 requires by default). Choose `2` on container hosts (EKS/ECS nodes, Docker in bridge mode) whose containers need the instance role, "+
					"and raise IAM-R19's `imds_max_hop_limit` to `2` in `.commshield.yaml`; higher values are rarely needed. Only used while `imdsv2_required_enabled` is true.",
					DefaultIMDSHopLimit, MaxIMDSHopLimit, DefaultIMDSHopLimit),
				Validators: []validator.Int64{int64validator.Between(1, MaxIMDSHopLimit)},
			},
			"guardduty_enabled":         enabled("a GuardDuty detector in the region, publishing findings every 15 minutes (`FIFTEEN_MINUTES`, the most frequent setting AWS offers, so it is fixed) with its protection features on (see `guardduty_disabled_features`)"),
			"guardduty_disabled_reason": reason("GuardDuty"),
			"guardduty_disabled_features": schema.MapAttribute{
				Optional: true, ElementType: types.StringType,
				MarkdownDescription: "GuardDuty protection features to turn off, each mapped to the reason (at least 10 characters), e.g. " +
					"`{ RDS_LOGIN_EVENTS = \"no RDS or Aurora in this account\" }`. Every other feature is on: `" + strings.Join(guardDutyFeatureNames(), "`, `") +
					"`. A feature listed here is set `DISABLED` on the detector. Names are the GuardDuty API's and are checked at plan time; " +
					"`EKS_RUNTIME_MONITORING` is refused because `RUNTIME_MONITORING` supersedes it. Only valid while `guardduty_enabled` is true.",
			},
			"guardduty_features": schema.SetAttribute{
				Computed: true, ElementType: types.StringType,
				PlanModifiers:       []planmodifier.Set{guardDutyFeaturesPlan{}},
				MarkdownDescription: "GuardDuty protection features that are on: in the plan, every managed feature not in `guardduty_disabled_features`; in state, what the detector reports. A feature turned off (or on) outside Terraform shows here as a diff, and apply restores it. Null while `guardduty_enabled` is false.",
			},
			"guardduty_detector_id": schema.StringAttribute{
				Computed: true, MarkdownDescription: "ID of the GuardDuty detector (an existing detector is adopted, not replaced) Unknown in the plan of every update, because a part recreated after drift gets a new one.",
			},
			"security_hub_enabled":         enabled("Security Hub with the chosen standards"),
			"security_hub_disabled_reason": reason("Security Hub"),
			"security_hub_standards": schema.SetAttribute{
				Optional: true, Computed: true, ElementType: types.StringType,
				Default:             setdefault.StaticValue(types.SetValueMust(types.StringType, stringValues(DefaultSecurityHubStandards))),
				MarkdownDescription: "Security Hub standards to enable, as `<name>/v/<version>` of the regional standards ARN `arn:aws:securityhub:<region>::standards/<name>/v/<version>` (default: `aws-foundational-security-best-practices/v/1.0.0` and `cis-aws-foundations-benchmark/v/1.4.0`). Standards enabled outside Terraform are left alone; a listed standard disabled outside Terraform shows as drift.",
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.RegexMatches(standardNamePattern, "must look like aws-foundational-security-best-practices/v/1.0.0")),
				},
			},
			"config_recorder_enabled":         enabled("the AWS Config recorder (all supported resource types, global types included) and its delivery channel"),
			"config_recorder_disabled_reason": reason("the AWS Config recorder"),
			"config_delivery_bucket": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Name of the log archive bucket AWS Config delivers configuration snapshots and history to (for example `commshield_log_archive.this.bucket`). Required while `config_recorder_enabled` is true.",
				Validators:          []validator.String{stringvalidator.LengthBetween(3, 63)},
			},
			"config_delivery_s3_key_prefix": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Key prefix for AWS Config deliveries in `config_delivery_bucket` (none by default).",
			},
			"config_role_arn": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "IAM role AWS Config records with (default: the service-linked role `aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`, which must exist).",
				Validators:          []validator.String{stringvalidator.RegexMatches(regexp.MustCompile(`^arn:aws[a-z-]*:iam::\d{12}:role/.+$`), "must be an IAM role ARN")},
			},
			"access_analyzer_enabled":         enabled("an IAM Access Analyzer of type ACCOUNT (external access findings)"),
			"access_analyzer_disabled_reason": reason("IAM Access Analyzer"),
			"access_analyzer_name": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString(DefaultAccessAnalyzerName),
				MarkdownDescription: "Name of the account analyzer (default `" + DefaultAccessAnalyzerName + "`). An analyzer of that name is adopted; renaming creates the new analyzer and, on the next restore, only the configured one is deleted.",
				Validators:          []validator.String{stringvalidator.RegexMatches(regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.-]{0,254}$`), "must start with a letter and hold only letters, digits, _ . -")},
			},
			"access_analyzer_arn": schema.StringAttribute{
				Computed: true, MarkdownDescription: "ARN of the account analyzer Unknown in the plan of every update, because a part recreated after drift gets a new one.",
			},
			"password_max_age_days": schema.Int64Attribute{
				Optional: true, Computed: true, Default: int64default.StaticInt64(90),
				MarkdownDescription: "Maximum IAM user password age in days (1–1095, default 90).",
				Validators:          []validator.Int64{int64validator.Between(1, 1095)},
			},
		},
	}
}

func (r *baselineResource) Configure(ctx context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	client, diags := awsclient.ClientFromProviderData(ctx, req.ProviderData, "commshield_account_baseline", awsclient.Needs{AccountID: true})
	resp.Diagnostics.Append(diags...)
	r.client = client
}

// ValidateConfig enforces "off only explicitly, with a reason" at plan time.
func (r *baselineResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m baselineModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	parts := []struct {
		enabled types.Bool
		reason  types.String
		name    string
	}{
		{m.EBSEncryptionEnabled, m.EBSEncryptionDisabledReason, "ebs_encryption"},
		{m.S3PABEnabled, m.S3PABDisabledReason, "s3_public_access_block"},
		{m.PasswordPolicyEnabled, m.PasswordPolicyDisabledReason, "password_policy"},
		{m.IMDSv2Enabled, m.IMDSv2DisabledReason, "imdsv2_required"},
		{m.GuardDutyEnabled, m.GuardDutyDisabledReason, "guardduty"},
		{m.SecurityHubEnabled, m.SecurityHubDisabledReason, "security_hub"},
		{m.ConfigRecorderEnabled, m.ConfigRecorderDisabledReason, "config_recorder"},
		{m.AccessAnalyzerEnabled, m.AccessAnalyzerDisabledReason, "access_analyzer"},
	}
	for _, p := range parts {
		if p.enabled.IsUnknown() || p.reason.IsUnknown() {
			continue
		}
		off := !p.enabled.IsNull() && !p.enabled.ValueBool()
		switch {
		case off && p.reason.IsNull():
			resp.Diagnostics.AddAttributeError(path.Root(p.name+"_disabled_reason"), "Reason required to turn off a baseline part",
				fmt.Sprintf("%s_enabled = false needs %s_disabled_reason saying why (e.g. \"org delegated admin manages it\"), so the exception is visible in review and state.", p.name, p.name))
		case !off && !p.reason.IsNull():
			resp.Diagnostics.AddAttributeError(path.Root(p.name+"_disabled_reason"), "Disabled reason on an enabled part",
				fmt.Sprintf("%s_disabled_reason is set but %s_enabled is not false; remove the reason or set %s_enabled = false.", p.name, p.name, p.name))
		}
	}
	resp.Diagnostics.Append(validateGuardDutyDisabledFeatures(m)...)
	if k := m.EBSDefaultKMSKeyARN; !k.IsNull() && !k.IsUnknown() && strings.Contains(k.ValueString(), ":alias/aws/") {
		resp.Diagnostics.AddAttributeError(path.Root("ebs_default_kms_key_arn"), "AWS managed key refused",
			fmt.Sprintf("%s is an AWS managed key, whose policy cannot be governed or shared; use a customer managed key (for example commshield_kms_key).", k.ValueString()))
	}
	configOn := m.ConfigRecorderEnabled.IsNull() || (!m.ConfigRecorderEnabled.IsUnknown() && m.ConfigRecorderEnabled.ValueBool())
	if configOn && m.ConfigDeliveryBucket.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("config_delivery_bucket"), "Delivery bucket required",
			"The AWS Config recorder is on: set config_delivery_bucket to the log archive bucket (for example commshield_log_archive.this.bucket), or turn the part off with config_recorder_enabled = false and a reason.")
	}
	ebsOn := m.EBSEncryptionEnabled.IsNull() || (!m.EBSEncryptionEnabled.IsUnknown() && m.EBSEncryptionEnabled.ValueBool())
	if ebsOn && m.EBSDefaultKMSKeyARN.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("ebs_default_kms_key_arn"), "Customer managed key required",
			"EBS encryption by default is on: set ebs_default_kms_key_arn to a customer managed KMS key ARN (for example commshield_kms_key.ebs.arn), or turn the part off with ebs_encryption_enabled = false and a reason.")
	}
}

func (r *baselineResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan baselineModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = types.StringValue(r.client.AccountID)
	plan.Region = types.StringValue(r.client.Region)
	applyErr := r.apply(ctx, plan)
	state, readErr := r.read(ctx, plan)
	if readErr != nil {
		// Terraform refuses unknown values after apply: record what is known.
		state = plan
		if state.GuardDutyDetectorID.IsUnknown() {
			state.GuardDutyDetectorID = types.StringNull()
		}
		if state.AccessAnalyzerARN.IsUnknown() {
			state.AccessAnalyzerARN = types.StringNull()
		}
		if state.GuardDutyFeatures.IsUnknown() {
			state.GuardDutyFeatures = types.SetNull(types.StringType)
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	if applyErr != nil {
		resp.Diagnostics.AddError("Applying the account baseline", applyErr.Error())
	}
	if readErr != nil {
		resp.Diagnostics.AddError("Reading the account baseline back", readErr.Error())
	}
}

// apply turns on every enabled part; the calls are idempotent switches.
func (r *baselineResource) apply(ctx context.Context, m baselineModel) error {
	c := r.client
	if m.EBSEncryptionEnabled.ValueBool() {
		if _, err := c.EC2().EnableEbsEncryptionByDefault(ctx, &ec2.EnableEbsEncryptionByDefaultInput{}); err != nil {
			return fmt.Errorf("ec2:EnableEbsEncryptionByDefault: %w", err)
		}
		if _, err := c.EC2().ModifyEbsDefaultKmsKeyId(ctx, &ec2.ModifyEbsDefaultKmsKeyIdInput{KmsKeyId: m.EBSDefaultKMSKeyARN.ValueStringPointer()}); err != nil {
			return fmt.Errorf("ec2:ModifyEbsDefaultKmsKeyId %s: %w", m.EBSDefaultKMSKeyARN.ValueString(), err)
		}
	}
	if m.S3PABEnabled.ValueBool() {
		_, err := c.S3Control().PutPublicAccessBlock(ctx, &s3control.PutPublicAccessBlockInput{
			AccountId: aws.String(c.AccountID),
			PublicAccessBlockConfiguration: &s3ctypes.PublicAccessBlockConfiguration{
				BlockPublicAcls: aws.Bool(true), IgnorePublicAcls: aws.Bool(true), BlockPublicPolicy: aws.Bool(true), RestrictPublicBuckets: aws.Bool(true),
			},
		})
		if err != nil {
			return fmt.Errorf("s3control:PutPublicAccessBlock: %w", err)
		}
	}
	if m.PasswordPolicyEnabled.ValueBool() {
		_, err := c.IAM().UpdateAccountPasswordPolicy(ctx, &iam.UpdateAccountPasswordPolicyInput{
			MinimumPasswordLength:      aws.Int32(int32(m.PasswordMinimumLength.ValueInt64())),
			MaxPasswordAge:             aws.Int32(int32(m.PasswordMaxAgeDays.ValueInt64())),
			PasswordReusePrevention:    aws.Int32(PasswordReusePrevention),
			RequireLowercaseCharacters: true, RequireUppercaseCharacters: true, RequireNumbers: true, RequireSymbols: true,
			AllowUsersToChangePassword: true,
		})
		if err != nil {
			return fmt.Errorf("iam:UpdateAccountPasswordPolicy: %w", err)
		}
	}
	if m.IMDSv2Enabled.ValueBool() {
		_, err := c.EC2().ModifyInstanceMetadataDefaults(ctx, &ec2.ModifyInstanceMetadataDefaultsInput{
			HttpTokens: ec2types.MetadataDefaultHttpTokensStateRequired, HttpPutResponseHopLimit: aws.Int32(int32(m.IMDSv2HopLimit.ValueInt64())),
		})
		if err != nil {
			return fmt.Errorf("ec2:ModifyInstanceMetadataDefaults: %w", err)
		}
	}
	if m.GuardDutyEnabled.ValueBool() {
		if err := applyGuardDuty(ctx, c, wantedGuardDutyFeatures(m.GuardDutyDisabledFeatures)); err != nil {
			return err
		}
	}
	if m.ConfigRecorderEnabled.ValueBool() {
		if err := applyConfigRecorder(ctx, c, m); err != nil {
			return err
		}
	}
	if m.AccessAnalyzerEnabled.ValueBool() {
		if _, err := findAnalyzer(ctx, c, m.AccessAnalyzerName.ValueString()); awsclient.IsNotFound(err) {
			_, err := c.AccessAnalyzer().CreateAnalyzer(ctx, &accessanalyzer.CreateAnalyzerInput{AnalyzerName: m.AccessAnalyzerName.ValueStringPointer(), Type: aatypes.TypeAccount})
			if err != nil && !awsclient.HasErrorCode(err, "ConflictException") {
				return fmt.Errorf("access-analyzer:CreateAnalyzer %s: %w", m.AccessAnalyzerName.ValueString(), err)
			}
		} else if err != nil {
			return err
		}
	}
	if m.SecurityHubEnabled.ValueBool() {
		if err := applySecurityHub(ctx, c, setStrings(m.SecurityHubStandards)); err != nil {
			return err
		}
	}
	return nil
}

// findConfig returns the region's delivery channels and its recorder (nil
// when there is none; AWS allows one per region).
func findConfig(ctx context.Context, c *awsclient.Client) (*configservice.DescribeDeliveryChannelsOutput, *cfgtypes.ConfigurationRecorder, error) {
	recs, err := c.ConfigService().DescribeConfigurationRecorders(ctx, &configservice.DescribeConfigurationRecordersInput{})
	if err != nil {
		return nil, nil, fmt.Errorf("config:DescribeConfigurationRecorders: %w", err)
	}
	chans, err := c.ConfigService().DescribeDeliveryChannels(ctx, &configservice.DescribeDeliveryChannelsInput{})
	if err != nil {
		return nil, nil, fmt.Errorf("config:DescribeDeliveryChannels: %w", err)
	}
	if len(recs.ConfigurationRecorders) > 0 {
		return chans, &recs.ConfigurationRecorders[0], nil
	}
	return chans, nil, nil
}

func (m baselineModel) configRoleARN(c *awsclient.Client) string {
	if !m.ConfigRoleARN.IsNull() && !m.ConfigRoleARN.IsUnknown() {
		return m.ConfigRoleARN.ValueString()
	}
	return fmt.Sprintf("arn:%s:iam::%s:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig", c.Partition, c.AccountID)
}

// applyConfigRecorder records every supported type (global ones included),
// delivers to the archive bucket and starts recording, adopting the region's
// existing recorder and channel names.
func applyConfigRecorder(ctx context.Context, c *awsclient.Client, m baselineModel) error {
	chans, rec, err := findConfig(ctx, c)
	if err != nil {
		return err
	}
	recName, chanName := defaultConfigName, defaultConfigName
	if rec != nil {
		recName = aws.ToString(rec.Name)
	}
	if len(chans.DeliveryChannels) > 0 {
		chanName = aws.ToString(chans.DeliveryChannels[0].Name)
	}
	_, err = c.ConfigService().PutConfigurationRecorder(ctx, &configservice.PutConfigurationRecorderInput{ConfigurationRecorder: &cfgtypes.ConfigurationRecorder{
		Name: aws.String(recName), RoleARN: aws.String(m.configRoleARN(c)),
		RecordingGroup: &cfgtypes.RecordingGroup{AllSupported: true, IncludeGlobalResourceTypes: true},
	}})
	if err != nil {
		return fmt.Errorf("config:PutConfigurationRecorder %s: %w", recName, err)
	}
	_, err = c.ConfigService().PutDeliveryChannel(ctx, &configservice.PutDeliveryChannelInput{DeliveryChannel: &cfgtypes.DeliveryChannel{
		Name: aws.String(chanName), S3BucketName: m.ConfigDeliveryBucket.ValueStringPointer(), S3KeyPrefix: m.ConfigDeliveryS3KeyPrefix.ValueStringPointer(),
	}})
	if err != nil {
		return fmt.Errorf("config:PutDeliveryChannel %s (bucket %s): %w", chanName, m.ConfigDeliveryBucket.ValueString(), err)
	}
	if _, err := c.ConfigService().StartConfigurationRecorder(ctx, &configservice.StartConfigurationRecorderInput{ConfigurationRecorderName: aws.String(recName)}); err != nil {
		return fmt.Errorf("config:StartConfigurationRecorder %s: %w", recName, err)
	}
	return nil
}

// readConfigRecorder sets enabled (recorder records everything, global types
// included, and is recording; a channel exists) and the delivery settings.
func readConfigRecorder(ctx context.Context, c *awsclient.Client, m *baselineModel) error {
	chans, rec, err := findConfig(ctx, c)
	if err != nil {
		return err
	}
	ok := rec != nil && rec.RecordingGroup != nil && rec.RecordingGroup.AllSupported && rec.RecordingGroup.IncludeGlobalResourceTypes
	if rec != nil {
		st, err := c.ConfigService().DescribeConfigurationRecorderStatus(ctx, &configservice.DescribeConfigurationRecorderStatusInput{ConfigurationRecorderNames: []string{aws.ToString(rec.Name)}})
		if err != nil {
			return fmt.Errorf("config:DescribeConfigurationRecorderStatus: %w", err)
		}
		ok = ok && len(st.ConfigurationRecordersStatus) > 0 && st.ConfigurationRecordersStatus[0].Recording
	}
	if len(chans.DeliveryChannels) == 0 {
		ok = false
	} else {
		ch := chans.DeliveryChannels[0]
		m.ConfigDeliveryBucket = types.StringPointerValue(ch.S3BucketName)
		if p := aws.ToString(ch.S3KeyPrefix); p != "" {
			m.ConfigDeliveryS3KeyPrefix = types.StringValue(p)
		} else {
			m.ConfigDeliveryS3KeyPrefix = types.StringNull()
		}
	}
	m.ConfigRecorderEnabled = types.BoolValue(ok)
	return nil
}

// findAnalyzer returns the named analyzer or a NotFoundError.
func findAnalyzer(ctx context.Context, c *awsclient.Client, name string) (*aatypes.AnalyzerSummary, error) {
	out, err := c.AccessAnalyzer().GetAnalyzer(ctx, &accessanalyzer.GetAnalyzerInput{AnalyzerName: aws.String(name)})
	if awsclient.HasErrorCode(err, "ResourceNotFoundException") {
		return nil, awsclient.NewNotFound("access analyzer "+name, err)
	}
	if err != nil {
		return nil, fmt.Errorf("access-analyzer:GetAnalyzer %s: %w", name, err)
	}
	return out.Analyzer, nil
}

func stringValues(in []string) []attr.Value {
	out := make([]attr.Value, len(in))
	for i, v := range in {
		out[i] = types.StringValue(v)
	}
	return out
}

func setStrings(s types.Set) []string {
	var out []string
	for _, v := range s.Elements() {
		if sv, ok := v.(types.String); ok && !sv.IsNull() && !sv.IsUnknown() {
			out = append(out, sv.ValueString())
		}
	}
	return out
}

func standardARN(c *awsclient.Client, name string) string {
	return fmt.Sprintf("arn:%s:securityhub:%s::standards/%s", c.Partition, c.Region, name)
}

// hubEnabled reads whether Security Hub is on; AWS answers DescribeHub with
// InvalidAccessException (moto: ResourceNotFoundException) when it is off.
func hubEnabled(ctx context.Context, c *awsclient.Client) (bool, error) {
	_, err := c.SecurityHub().DescribeHub(ctx, &securityhub.DescribeHubInput{})
	switch {
	case awsclient.HasErrorCode(err, "InvalidAccessException", "ResourceNotFoundException"):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("securityhub:DescribeHub: %w", err)
	}
	return true, nil
}

// applySecurityHub enables the hub without AWS's default standards (the
// configuration chooses them) and then every listed standard not yet on.
func applySecurityHub(ctx context.Context, c *awsclient.Client, standards []string) error {
	on, err := hubEnabled(ctx, c)
	if err != nil {
		return err
	}
	if !on {
		_, err := c.SecurityHub().EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{EnableDefaultStandards: aws.Bool(false)})
		if err != nil && !awsclient.HasErrorCode(err, "ResourceConflictException") {
			return fmt.Errorf("securityhub:EnableSecurityHub: %w", err)
		}
	}
	enabled, err := enabledStandards(ctx, c)
	if err != nil {
		return err
	}
	var reqs []shtypes.StandardsSubscriptionRequest
	for _, name := range standards {
		if !enabled[name] {
			reqs = append(reqs, shtypes.StandardsSubscriptionRequest{StandardsArn: aws.String(standardARN(c, name))})
		}
	}
	if len(reqs) == 0 {
		return nil
	}
	if _, err := c.SecurityHub().BatchEnableStandards(ctx, &securityhub.BatchEnableStandardsInput{StandardsSubscriptionRequests: reqs}); err != nil {
		return fmt.Errorf("securityhub:BatchEnableStandards: %w", err)
	}
	return nil
}

// enabledStandards returns the `<name>/v/<version>` of every standard that is
// on (not being deleted or failed).
func enabledStandards(ctx context.Context, c *awsclient.Client) (map[string]bool, error) {
	out := map[string]bool{}
	p := securityhub.NewGetEnabledStandardsPaginator(c.SecurityHub(), &securityhub.GetEnabledStandardsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("securityhub:GetEnabledStandards: %w", err)
		}
		for _, sub := range page.StandardsSubscriptions {
			switch sub.StandardsStatus {
			case shtypes.StandardsStatusDeleting, shtypes.StandardsStatusFailed:
				continue
			}
			if _, name, ok := strings.Cut(aws.ToString(sub.StandardsArn), ":standards/"); ok {
				out[name] = true
			}
		}
	}
	return out, nil
}

// read reports the account's actual switches for the enabled parts: a part
// that no longer meets the baseline reads back as enabled = false, which
// Terraform shows as a diff that the next apply corrects.
func (r *baselineResource) read(ctx context.Context, prior baselineModel) (baselineModel, error) {
	c := r.client
	m := prior
	if managed(prior.EBSEncryptionEnabled, prior.EBSEncryptionDisabledReason) {
		on, err := c.EC2().GetEbsEncryptionByDefault(ctx, &ec2.GetEbsEncryptionByDefaultInput{})
		if err != nil {
			return m, fmt.Errorf("ec2:GetEbsEncryptionByDefault: %w", err)
		}
		key, err := c.EC2().GetEbsDefaultKmsKeyId(ctx, &ec2.GetEbsDefaultKmsKeyIdInput{})
		if err != nil {
			return m, fmt.Errorf("ec2:GetEbsDefaultKmsKeyId: %w", err)
		}
		m.EBSEncryptionEnabled = types.BoolValue(aws.ToBool(on.EbsEncryptionByDefault))
		m.EBSDefaultKMSKeyARN = types.StringValue(aws.ToString(key.KmsKeyId))
	}
	if managed(prior.S3PABEnabled, prior.S3PABDisabledReason) {
		on, err := FindAccountPublicAccessBlockFullyOn(ctx, c)
		if err != nil {
			return m, err
		}
		m.S3PABEnabled = types.BoolValue(on)
	}
	if managed(prior.PasswordPolicyEnabled, prior.PasswordPolicyDisabledReason) {
		out, err := c.IAM().GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{})
		switch {
		case awsclient.HasErrorCode(err, "NoSuchEntity"):
			m.PasswordPolicyEnabled = types.BoolValue(false)
		case err != nil:
			return m, fmt.Errorf("iam:GetAccountPasswordPolicy: %w", err)
		default:
			p := out.PasswordPolicy
			strong := p.RequireLowercaseCharacters && p.RequireUppercaseCharacters && p.RequireNumbers && p.RequireSymbols &&
				aws.ToInt32(p.PasswordReusePrevention) >= PasswordReusePrevention
			m.PasswordPolicyEnabled = types.BoolValue(strong)
			m.PasswordMinimumLength = types.Int64Value(int64(aws.ToInt32(p.MinimumPasswordLength)))
			m.PasswordMaxAgeDays = types.Int64Value(int64(aws.ToInt32(p.MaxPasswordAge)))
		}
	}
	if managed(prior.IMDSv2Enabled, prior.IMDSv2DisabledReason) {
		out, err := c.EC2().GetInstanceMetadataDefaults(ctx, &ec2.GetInstanceMetadataDefaultsInput{})
		if err != nil {
			return m, fmt.Errorf("ec2:GetInstanceMetadataDefaults: %w", err)
		}
		m.IMDSv2Enabled = types.BoolValue(out.AccountLevel != nil && out.AccountLevel.HttpTokens == ec2types.HttpTokensStateRequired)
		// A hop limit changed outside Terraform shows as drift; an account
		// without a default (no preference) reads as 0.
		m.IMDSv2HopLimit = types.Int64Value(0)
		if out.AccountLevel != nil {
			m.IMDSv2HopLimit = types.Int64Value(int64(aws.ToInt32(out.AccountLevel.HttpPutResponseHopLimit)))
		}
	}
	if managed(prior.GuardDutyEnabled, prior.GuardDutyDisabledReason) {
		gd, err := readGuardDuty(ctx, c)
		if err != nil {
			return m, err
		}
		m.GuardDutyEnabled = types.BoolValue(gd.OnAndFast)
		m.GuardDutyDetectorID = types.StringValue(gd.DetectorID)
		m.GuardDutyFeatures = stringSetValue(gd.Features)
	} else {
		if m.GuardDutyDetectorID.IsUnknown() {
			m.GuardDutyDetectorID = types.StringNull()
		}
		m.GuardDutyFeatures = types.SetNull(types.StringType)
	}
	if managed(prior.ConfigRecorderEnabled, prior.ConfigRecorderDisabledReason) {
		if err := readConfigRecorder(ctx, c, &m); err != nil {
			return m, err
		}
	}
	if managed(prior.AccessAnalyzerEnabled, prior.AccessAnalyzerDisabledReason) {
		a, err := findAnalyzer(ctx, c, prior.AccessAnalyzerName.ValueString())
		switch {
		case awsclient.IsNotFound(err):
			m.AccessAnalyzerEnabled = types.BoolValue(false)
			m.AccessAnalyzerARN = types.StringNull()
		case err != nil:
			return m, err
		default:
			m.AccessAnalyzerEnabled = types.BoolValue(a.Status == aatypes.AnalyzerStatusActive || a.Status == aatypes.AnalyzerStatusCreating)
			m.AccessAnalyzerARN = types.StringPointerValue(a.Arn)
		}
	} else if m.AccessAnalyzerARN.IsUnknown() {
		m.AccessAnalyzerARN = types.StringNull()
	}
	if managed(prior.SecurityHubEnabled, prior.SecurityHubDisabledReason) {
		on, err := hubEnabled(ctx, c)
		if err != nil {
			return m, err
		}
		m.SecurityHubEnabled = types.BoolValue(on)
		have := map[string]bool{}
		if on {
			if have, err = enabledStandards(ctx, c); err != nil {
				return m, err
			}
		}
		// Only the configured standards are reported: others enabled
		// outside Terraform are not the baseline's business.
		var kept []string
		for _, name := range setStrings(prior.SecurityHubStandards) {
			if have[name] {
				kept = append(kept, name)
			}
		}
		m.SecurityHubStandards = types.SetValueMust(types.StringType, stringValues(kept))
	}
	return m, nil
}

// managed: a part is read while enabled, and also after drift turned it off
// (enabled false without a reason), so repeated refreshes keep showing it.
func managed(enabled types.Bool, reason types.String) bool {
	return enabled.ValueBool() || reason.IsNull()
}

// FindAccountPublicAccessBlockFullyOn reports whether all four account-level
// S3 public access block settings are on (absent configuration = off).
func FindAccountPublicAccessBlockFullyOn(ctx context.Context, c *awsclient.Client) (bool, error) {
	out, err := c.S3Control().GetPublicAccessBlock(ctx, &s3control.GetPublicAccessBlockInput{AccountId: aws.String(c.AccountID)})
	if awsclient.HasErrorCode(err, "NoSuchPublicAccessBlockConfiguration") {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("s3control:GetPublicAccessBlock: %w", err)
	}
	cfg := out.PublicAccessBlockConfiguration
	if cfg == nil {
		return false, nil
	}
	return aws.ToBool(cfg.BlockPublicAcls) && aws.ToBool(cfg.IgnorePublicAcls) && aws.ToBool(cfg.BlockPublicPolicy) && aws.ToBool(cfg.RestrictPublicBuckets), nil
}

// Read never removes the resource: the account always exists; missing
// switches are drift, not absence.
func (r *baselineResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state baselineModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if state.ID.ValueString() != r.client.AccountID {
		resp.Diagnostics.AddError("Wrong account", fmt.Sprintf("state belongs to account %s but the provider credentials are for %s; fix the provider configuration or re-import with the right account ID.", state.ID.ValueString(), r.client.AccountID))
		return
	}
	state.Region = types.StringValue(r.client.Region)
	got, err := r.read(ctx, state)
	if err != nil {
		resp.Diagnostics.AddError("Reading the account baseline", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &got)...)
}

func (r *baselineResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan baselineModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = types.StringValue(r.client.AccountID)
	plan.Region = types.StringValue(r.client.Region)
	if err := r.apply(ctx, plan); err != nil {
		resp.Diagnostics.AddError("Applying the account baseline", err.Error())
		return
	}
	got, err := r.read(ctx, plan)
	if err != nil {
		resp.Diagnostics.AddError("Reading the account baseline back", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &got)...)
}

func (r *baselineResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state baselineModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !state.RestoreDefaultsOnDestroy.ValueBool() {
		return
	}
	parts := Parts{
		EBS: managed(state.EBSEncryptionEnabled, state.EBSEncryptionDisabledReason), PublicAccessBlock: managed(state.S3PABEnabled, state.S3PABDisabledReason),
		PasswordPolicy: managed(state.PasswordPolicyEnabled, state.PasswordPolicyDisabledReason), IMDSv2: managed(state.IMDSv2Enabled, state.IMDSv2DisabledReason),
		GuardDuty:      managed(state.GuardDutyEnabled, state.GuardDutyDisabledReason),
		SecurityHub:    managed(state.SecurityHubEnabled, state.SecurityHubDisabledReason),
		ConfigRecorder: managed(state.ConfigRecorderEnabled, state.ConfigRecorderDisabledReason),
	}
	if managed(state.AccessAnalyzerEnabled, state.AccessAnalyzerDisabledReason) {
		parts.AccessAnalyzerName = state.AccessAnalyzerName.ValueString()
	}
	if err := RestoreDefaults(ctx, r.client, parts); err != nil {
		resp.Diagnostics.AddError("Restoring AWS defaults", err.Error())
	}
}

// Parts selects the baseline parts RestoreDefaults resets.
type Parts struct {
	EBS, PublicAccessBlock, PasswordPolicy, IMDSv2, GuardDuty, SecurityHub, ConfigRecorder bool
	// AccessAnalyzerName is the analyzer to delete ("" for none).
	AccessAnalyzerName string
}

// RestoreDefaults puts the chosen parts back to the AWS defaults; absent
// objects count as success so delete is idempotent.
func RestoreDefaults(ctx context.Context, c *awsclient.Client, p Parts) error {
	var errs []error
	if p.IMDSv2 {
		_, err := c.EC2().ModifyInstanceMetadataDefaults(ctx, &ec2.ModifyInstanceMetadataDefaultsInput{
			HttpTokens: ec2types.MetadataDefaultHttpTokensStateNoPreference, HttpPutResponseHopLimit: aws.Int32(-1),
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("ec2:ModifyInstanceMetadataDefaults (no-preference): %w", err))
		}
	}
	if p.GuardDuty {
		id, err := FindGuardDutyDetectorID(ctx, c)
		if err != nil {
			errs = append(errs, err)
		} else if id != "" {
			_, err := c.GuardDuty().DeleteDetector(ctx, &guardduty.DeleteDetectorInput{DetectorId: aws.String(id)})
			if err != nil && !awsclient.HasErrorCode(err, "BadRequestException", "ResourceNotFoundException") {
				errs = append(errs, fmt.Errorf("guardduty:DeleteDetector %s: %w", id, err))
			}
		}
	}
	if p.SecurityHub {
		_, err := c.SecurityHub().DisableSecurityHub(ctx, &securityhub.DisableSecurityHubInput{})
		if err != nil && !awsclient.HasErrorCode(err, "InvalidAccessException", "ResourceNotFoundException") {
			errs = append(errs, fmt.Errorf("securityhub:DisableSecurityHub: %w", err))
		}
	}
	if p.ConfigRecorder {
		errs = append(errs, deleteConfigRecorder(ctx, c))
	}
	if p.AccessAnalyzerName != "" {
		_, err := c.AccessAnalyzer().DeleteAnalyzer(ctx, &accessanalyzer.DeleteAnalyzerInput{AnalyzerName: aws.String(p.AccessAnalyzerName)})
		if err != nil && !awsclient.HasErrorCode(err, "ResourceNotFoundException") {
			errs = append(errs, fmt.Errorf("access-analyzer:DeleteAnalyzer %s: %w", p.AccessAnalyzerName, err))
		}
	}
	if p.EBS {
		if _, err := c.EC2().DisableEbsEncryptionByDefault(ctx, &ec2.DisableEbsEncryptionByDefaultInput{}); err != nil {
			errs = append(errs, fmt.Errorf("ec2:DisableEbsEncryptionByDefault: %w", err))
		}
		if _, err := c.EC2().ResetEbsDefaultKmsKeyId(ctx, &ec2.ResetEbsDefaultKmsKeyIdInput{}); err != nil {
			errs = append(errs, fmt.Errorf("ec2:ResetEbsDefaultKmsKeyId: %w", err))
		}
	}
	if p.PublicAccessBlock {
		_, err := c.S3Control().DeletePublicAccessBlock(ctx, &s3control.DeletePublicAccessBlockInput{AccountId: aws.String(c.AccountID)})
		if err != nil && !awsclient.HasErrorCode(err, "NoSuchPublicAccessBlockConfiguration") {
			errs = append(errs, fmt.Errorf("s3control:DeletePublicAccessBlock: %w", err))
		}
	}
	if p.PasswordPolicy {
		_, err := c.IAM().DeleteAccountPasswordPolicy(ctx, &iam.DeleteAccountPasswordPolicyInput{})
		if err != nil && !awsclient.HasErrorCode(err, "NoSuchEntity") {
			errs = append(errs, fmt.Errorf("iam:DeleteAccountPasswordPolicy: %w", err))
		}
	}
	return errors.Join(errs...)
}

// deleteConfigRecorder stops and deletes the region's recorder and deletes
// its delivery channel (AWS refuses to delete a channel while recording).
func deleteConfigRecorder(ctx context.Context, c *awsclient.Client) error {
	chans, rec, err := findConfig(ctx, c)
	if err != nil {
		return err
	}
	if rec != nil {
		if _, err := c.ConfigService().StopConfigurationRecorder(ctx, &configservice.StopConfigurationRecorderInput{ConfigurationRecorderName: rec.Name}); err != nil && !awsclient.HasErrorCode(err, "NoSuchConfigurationRecorderException") {
			return fmt.Errorf("config:StopConfigurationRecorder: %w", err)
		}
	}
	for _, ch := range chans.DeliveryChannels {
		if _, err := c.ConfigService().DeleteDeliveryChannel(ctx, &configservice.DeleteDeliveryChannelInput{DeliveryChannelName: ch.Name}); err != nil && !awsclient.HasErrorCode(err, "NoSuchDeliveryChannelException") {
			return fmt.Errorf("config:DeleteDeliveryChannel %s: %w", aws.ToString(ch.Name), err)
		}
	}
	if rec != nil {
		if _, err := c.ConfigService().DeleteConfigurationRecorder(ctx, &configservice.DeleteConfigurationRecorderInput{ConfigurationRecorderName: rec.Name}); err != nil && !awsclient.HasErrorCode(err, "NoSuchConfigurationRecorderException") {
			return fmt.Errorf("config:DeleteConfigurationRecorder: %w", err)
		}
	}
	return nil
}

// ImportState takes the account ID. The imported state manages every part
// with the defaults; the next plan shows what the configuration changes.
func (r *baselineResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !accountIDPattern.MatchString(req.ID) {
		resp.Diagnostics.AddError("Invalid import ID", fmt.Sprintf("%q is not a 12-digit AWS account ID; import commshield_account_baseline with the account ID of the provider's credentials.", req.ID))
		return
	}
	if r.client != nil && req.ID != r.client.AccountID {
		resp.Diagnostics.AddError("Wrong account", fmt.Sprintf("import ID %s is not the account of the provider's credentials (%s); configure the provider for that account.", req.ID, r.client.AccountID))
		return
	}
	m := baselineModel{
		ID: types.StringValue(req.ID), Region: types.StringValue(r.client.Region), RestoreDefaultsOnDestroy: types.BoolValue(false),
		EBSEncryptionEnabled: types.BoolValue(true), EBSEncryptionDisabledReason: types.StringNull(), EBSDefaultKMSKeyARN: types.StringNull(),
		S3PABEnabled: types.BoolValue(true), S3PABDisabledReason: types.StringNull(),
		PasswordPolicyEnabled: types.BoolValue(true), PasswordPolicyDisabledReason: types.StringNull(),
		PasswordMinimumLength: types.Int64Value(MinimumPasswordLength), PasswordMaxAgeDays: types.Int64Value(90),
		IMDSv2Enabled: types.BoolValue(true), IMDSv2DisabledReason: types.StringNull(), IMDSv2HopLimit: types.Int64Value(DefaultIMDSHopLimit),
		GuardDutyEnabled: types.BoolValue(true), GuardDutyDisabledReason: types.StringNull(), GuardDutyDetectorID: types.StringNull(),
		// Features are read from the detector by the Read that follows
		// import; reasons for features that are off exist only in the
		// configuration, so the next plan adds them.
		GuardDutyDisabledFeatures: types.MapNull(types.StringType), GuardDutyFeatures: types.SetNull(types.StringType),
		SecurityHubEnabled: types.BoolValue(true), SecurityHubDisabledReason: types.StringNull(),
		SecurityHubStandards:  types.SetValueMust(types.StringType, stringValues(DefaultSecurityHubStandards)),
		ConfigRecorderEnabled: types.BoolValue(true), ConfigRecorderDisabledReason: types.StringNull(),
		ConfigDeliveryBucket: types.StringNull(), ConfigDeliveryS3KeyPrefix: types.StringNull(), ConfigRoleARN: types.StringNull(),
		AccessAnalyzerEnabled: types.BoolValue(true), AccessAnalyzerDisabledReason: types.StringNull(),
		AccessAnalyzerName: types.StringValue(DefaultAccessAnalyzerName), AccessAnalyzerARN: types.StringNull(),
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Package provider wires the commshield Terraform provider: its schema, the
// shared AWS client built in Configure, and the list of resources.
package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
	"github.com/commshield/terraform-provider-commshield/internal/functions"
	"github.com/commshield/terraform-provider-commshield/internal/service/baseline"
	"github.com/commshield/terraform-provider-commshield/internal/service/catalog"
	"github.com/commshield/terraform-provider-commshield/internal/service/cloudtrail"
	"github.com/commshield/terraform-provider-commshield/internal/service/configservice"
	"github.com/commshield/terraform-provider-commshield/internal/service/ec2"
	"github.com/commshield/terraform-provider-commshield/internal/service/events"
	"github.com/commshield/terraform-provider-commshield/internal/service/iam"
	"github.com/commshield/terraform-provider-commshield/internal/service/kms"
	"github.com/commshield/terraform-provider-commshield/internal/service/organizations"
	"github.com/commshield/terraform-provider-commshield/internal/service/posture"
	"github.com/commshield/terraform-provider-commshield/internal/service/s3"
)

var (
	_ provider.Provider                   = (*commshieldProvider)(nil)
	_ provider.ProviderWithValidateConfig = (*commshieldProvider)(nil)
	_ provider.ProviderWithFunctions      = (*commshieldProvider)(nil)
)

// New returns a constructor for the provider, as providerserver expects.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &commshieldProvider{version: version}
	}
}

type commshieldProvider struct {
	version string
}

type providerModel struct {
	Region                 types.String      `tfsdk:"region"`
	Profile                types.String      `tfsdk:"profile"`
	SharedConfigFiles      types.List        `tfsdk:"shared_config_files"`
	SharedCredentialsFiles types.List        `tfsdk:"shared_credentials_files"`
	AccessKey              types.String      `tfsdk:"access_key"`
	SecretKey              types.String      `tfsdk:"secret_key"`
	Token                  types.String      `tfsdk:"token"`
	AssumeRole             *assumeRoleModel  `tfsdk:"assume_role"`
	Endpoints              types.Map         `tfsdk:"endpoints"`
	S3UsePathStyle         types.Bool        `tfsdk:"s3_use_path_style"`
	MaxRetries             types.Int64       `tfsdk:"max_retries"`
	RetryMode              types.String      `tfsdk:"retry_mode"`
	DefaultTags            *defaultTagsModel `tfsdk:"default_tags"`

	SkipCredentialsValidation types.Bool `tfsdk:"skip_credentials_validation"`
	SkipRequestingAccountID   types.Bool `tfsdk:"skip_requesting_account_id"`
}

type assumeRoleModel struct {
	RoleARN     types.String `tfsdk:"role_arn"`
	SessionName types.String `tfsdk:"session_name"`
	ExternalID  types.String `tfsdk:"external_id"`
	Duration    types.String `tfsdk:"duration"`
}

type defaultTagsModel struct {
	Tags types.Map `tfsdk:"tags"`
}

func (p *commshieldProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "commshield"
	resp.Version = p.version
}

func (p *commshieldProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The commshield provider manages hardened AWS landing-zone resources for telecom operators " +
			"(CISA/NSA/FBI *Enhanced Visibility and Hardening Guidance for Communications Infrastructure*). " +
			"Credentials follow the AWS SDK's default chain (environment variables, shared config and credentials files, " +
			"container and instance roles) unless set here.",
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "AWS region for every resource. Falls back to `AWS_REGION` / `AWS_DEFAULT_REGION` or the profile's region.",
			},
			"profile": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Named profile from the shared config/credentials files. Falls back to `AWS_PROFILE`.",
			},
			"shared_config_files": schema.ListAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Paths of shared config files (default `~/.aws/config`, or `AWS_CONFIG_FILE`).",
			},
			"shared_credentials_files": schema.ListAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Paths of shared credentials files (default `~/.aws/credentials`, or `AWS_SHARED_CREDENTIALS_FILE`).",
			},
			"access_key": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Static access key ID. Prefer profiles, environment variables or `assume_role`; set together with `secret_key`.",
			},
			"secret_key": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "Static secret access key, set together with `access_key`.",
			},
			"token": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "Session token for temporary static credentials.",
			},
			"endpoints": schema.MapAttribute{
				Optional:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Per-service endpoint overrides, keyed by service: " + quotedList(awsclient.EndpointKeys()) +
					". Use it for VPC interface endpoints, FIPS endpoints or an emulator. Each value must be an absolute http(s) URL. " +
					"The SDK's `AWS_ENDPOINT_URL_<SERVICE>` environment variables also apply.",
			},
			"s3_use_path_style": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Address S3 buckets path-style (`https://host/bucket`). Implied when an `s3` endpoint override is set.",
			},
			"max_retries": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: fmt.Sprintf("Maximum retries of a throttled or failed AWS call (default %d).", awsclient.DefaultMaxRetries),
				Validators:          []validator.Int64{int64validator.Between(0, 100)},
			},
			"retry_mode": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "`adaptive` (default: client-side rate limiting that backs off when AWS throttles) or `standard` " +
					"(exponential backoff only).",
				Validators: []validator.String{stringvalidator.OneOf(awsclient.RetryModeAdaptive, awsclient.RetryModeStandard)},
			},
			"skip_credentials_validation": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Skip the `sts:GetCallerIdentity` check of the credentials at configure time (default `false`: bad or missing " +
					"credentials fail the plan before anything is touched, as in hashicorp/aws). When `true` the provider makes no AWS call until a " +
					"resource or data source that needs AWS is used, and missing credentials or region are reported by that resource. " +
					"Set it to use " + awsclient.CatalogOnlyNames + " with no AWS credentials at all.",
			},
			"skip_requesting_account_id": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Never ask AWS for the account ID (default `false`). Only matters with `skip_credentials_validation = true`, " +
					"where the account ID is otherwise fetched with `sts:GetCallerIdentity` the first time a resource needs it. Resources that put " +
					"the account ID into ARNs or policies then fail with a diagnostic asking to unset this argument.",
			},
		},
		Blocks: map[string]schema.Block{
			"assume_role": schema.SingleNestedBlock{
				MarkdownDescription: "Assume this IAM role (with sts:AssumeRole) before managing resources.",
				Attributes: map[string]schema.Attribute{
					"role_arn": schema.StringAttribute{
						Optional:            true, // required when the block is present; checked in ValidateConfig
						MarkdownDescription: "ARN of the role to assume, `arn:<partition>:iam::<account>:role/<name>`. Required when the block is present.",
					},
					"session_name": schema.StringAttribute{
						Optional:            true,
						MarkdownDescription: "Session name recorded in CloudTrail (default `commshield`).",
					},
					"external_id": schema.StringAttribute{
						Optional:            true,
						MarkdownDescription: "External ID required by the role's trust policy, if any.",
					},
					"duration": schema.StringAttribute{
						Optional:            true,
						MarkdownDescription: "Session duration as a Go duration (`1h`, `90m`), between 15m and 12h. Defaults to STS's 1h.",
					},
				},
			},
			"default_tags": schema.SingleNestedBlock{
				MarkdownDescription: "Tags applied by every commshield resource to every AWS object it creates, merged under the resource's own `tags`.",
				Attributes: map[string]schema.Attribute{
					"tags": schema.MapAttribute{
						Optional:            true,
						ElementType:         types.StringType,
						MarkdownDescription: "Key-value tags. A resource's `tags` win on a key clash.",
					},
				},
			},
		},
	}
}

func quotedList(items []string) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = "`" + s + "`"
	}
	return strings.Join(quoted, ", ")
}

// ValidateConfig reports configuration mistakes at validate/plan time with
// the attribute path, before any credentials are needed.
func (p *commshieldProvider) ValidateConfig(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}

	if ar := cfg.AssumeRole; ar != nil {
		switch {
		case ar.RoleARN.IsUnknown():
		case ar.RoleARN.IsNull() || ar.RoleARN.ValueString() == "":
			resp.Diagnostics.AddAttributeError(path.Root("assume_role").AtName("role_arn"), "Missing role ARN",
				"The assume_role block needs role_arn, e.g. arn:aws:iam::123456789012:role/commshield-deployer. Remove the block to use the base credentials.")
		default:
			if err := awsclient.ValidateRoleARN(ar.RoleARN.ValueString()); err != nil {
				resp.Diagnostics.AddAttributeError(path.Root("assume_role").AtName("role_arn"), "Invalid role ARN", err.Error())
			}
		}
		if !ar.Duration.IsNull() && !ar.Duration.IsUnknown() {
			if _, err := parseDuration(ar.Duration.ValueString()); err != nil {
				resp.Diagnostics.AddAttributeError(path.Root("assume_role").AtName("duration"), "Invalid assume_role duration", err.Error())
			}
		}
	}

	if !cfg.Endpoints.IsNull() && !cfg.Endpoints.IsUnknown() {
		for key, value := range cfg.Endpoints.Elements() {
			s, ok := value.(types.String)
			if !ok || s.IsUnknown() {
				continue
			}
			if err := awsclient.ValidateEndpoint(key, s.ValueString()); err != nil {
				resp.Diagnostics.AddAttributeError(path.Root("endpoints").AtMapKey(key), "Invalid endpoint override", err.Error())
			}
		}
	}
}

func parseDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("assume_role.duration: %q is not a duration such as 1h or 90m: %w", s, err)
	}
	if d < awsclient.MinAssumeRoleDuration || d > awsclient.MaxAssumeRoleDuration {
		return 0, fmt.Errorf("assume_role.duration: %s is outside the range STS accepts (%s to %s)", d, awsclient.MinAssumeRoleDuration, awsclient.MaxAssumeRoleDuration)
	}
	return d, nil
}

func (p *commshieldProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}

	clientCfg := awsclient.Config{
		Region:         cfg.Region.ValueString(),
		Profile:        cfg.Profile.ValueString(),
		AccessKey:      cfg.AccessKey.ValueString(),
		SecretKey:      cfg.SecretKey.ValueString(),
		Token:          cfg.Token.ValueString(),
		S3UsePathStyle: cfg.S3UsePathStyle.ValueBool(),
		MaxRetries:     int(cfg.MaxRetries.ValueInt64()),
		RetryMode:      cfg.RetryMode.ValueString(),
		Version:        p.version,

		SkipCredentialsValidation: cfg.SkipCredentialsValidation.ValueBool(),
		SkipRequestingAccountID:   cfg.SkipRequestingAccountID.ValueBool(),
	}
	if !cfg.SharedConfigFiles.IsNull() {
		resp.Diagnostics.Append(cfg.SharedConfigFiles.ElementsAs(ctx, &clientCfg.SharedConfigFiles, false)...)
	}
	if !cfg.SharedCredentialsFiles.IsNull() {
		resp.Diagnostics.Append(cfg.SharedCredentialsFiles.ElementsAs(ctx, &clientCfg.SharedCredentialsFiles, false)...)
	}
	if ar := cfg.AssumeRole; ar != nil {
		clientCfg.AssumeRole = &awsclient.AssumeRole{
			RoleARN:     ar.RoleARN.ValueString(),
			SessionName: ar.SessionName.ValueString(),
			ExternalID:  ar.ExternalID.ValueString(),
		}
		if !ar.Duration.IsNull() {
			d, err := parseDuration(ar.Duration.ValueString())
			if err != nil {
				resp.Diagnostics.AddAttributeError(path.Root("assume_role").AtName("duration"), "Invalid assume_role duration", err.Error())
				return
			}
			clientCfg.AssumeRole.Duration = d
		}
	}
	if !cfg.Endpoints.IsNull() {
		resp.Diagnostics.Append(cfg.Endpoints.ElementsAs(ctx, &clientCfg.Endpoints, false)...)
	}
	if cfg.DefaultTags != nil && !cfg.DefaultTags.Tags.IsNull() {
		resp.Diagnostics.Append(cfg.DefaultTags.Tags.ElementsAs(ctx, &clientCfg.DefaultTags, false)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}

	client, err := awsclient.New(ctx, clientCfg)
	if err != nil {
		resp.Diagnostics.AddError("Configure commshield provider: cannot reach AWS", err.Error())
		return
	}
	resp.ResourceData = client
	resp.DataSourceData = client
}

// Resources lists every managed resource. Each service package under
// internal/service exports one constructor per resource; add one line here
// per resource (TestSchemaDescriptions then checks its descriptions).
func (p *commshieldProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		baseline.NewAccountBaselineResource,
		cloudtrail.NewAuditTrailResource,
		configservice.NewConfigRulesResource,
		ec2.NewManagementAccessResource,
		ec2.NewSegmentedVPCResource,
		events.NewChangeAlertsResource,
		iam.NewBreakGlassRoleResource,
		kms.NewKeyResource,
		organizations.NewGuardrailPolicyResource,
		s3.NewLogArchiveResource,
	}
}

// DataSources lists the data sources.
func (p *commshieldProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		catalog.NewControlsDataSource,
		catalog.NewRulesDataSource,
		catalog.NewTLSPoliciesDataSource,
		posture.NewAccountPostureDataSource,
	}
}

// Functions lists the provider functions (Terraform >= 1.8).
func (p *commshieldProvider) Functions(_ context.Context) []func() function.Function {
	return []func() function.Function{
		functions.NewCIDRIsPublic,
		functions.NewPortIsPlaintext,
		functions.NewTLSPolicyIsApproved,
	}
}

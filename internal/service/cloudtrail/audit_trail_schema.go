package cloudtrail

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/objectvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commshield/terraform-provider-commshield/internal/tftags"
)

// auditTrailModel is the resource's state and plan.
type auditTrailModel struct {
	ID                            types.String `tfsdk:"id"`
	Name                          types.String `tfsdk:"name"`
	ARN                           types.String `tfsdk:"arn"`
	HomeRegion                    types.String `tfsdk:"home_region"`
	S3BucketName                  types.String `tfsdk:"s3_bucket_name"`
	S3KeyPrefix                   types.String `tfsdk:"s3_key_prefix"`
	KMSKeyARN                     types.String `tfsdk:"kms_key_arn"`
	IsOrganizationTrail           types.Bool   `tfsdk:"is_organization_trail"`
	LogGroupName                  types.String `tfsdk:"log_group_name"`
	LogGroupARN                   types.String `tfsdk:"log_group_arn"`
	LogGroupKMSKeyARN             types.String `tfsdk:"log_group_kms_key_arn"`
	LogRetentionDays              types.Int64  `tfsdk:"log_retention_days"`
	RetainLogGroupOnDestroy       types.Bool   `tfsdk:"retain_log_group_on_destroy"`
	RoleARN                       types.String `tfsdk:"role_arn"`
	DataEvents                    types.Object `tfsdk:"data_events"`
	AdvancedEventSelectors        types.List   `tfsdk:"advanced_event_selectors"`
	InsightTypes                  types.Set    `tfsdk:"insight_types"`
	Tags                          types.Map    `tfsdk:"tags"`
	IsLogging                     types.Bool   `tfsdk:"is_logging"`
	IsMultiRegionTrail            types.Bool   `tfsdk:"is_multi_region_trail"`
	IncludeGlobalServiceEvents    types.Bool   `tfsdk:"include_global_service_events"`
	LogFileValidationEnabled      types.Bool   `tfsdk:"log_file_validation_enabled"`
	ManagementEventsReadWriteType types.String `tfsdk:"management_events_read_write_type"`
	TagsAll                       types.Map    `tfsdk:"tags_all"`
}

type dataEventsModel struct {
	S3     types.Bool `tfsdk:"s3"`
	Lambda types.Bool `tfsdk:"lambda"`
}

type advancedSelectorModel struct {
	Name           types.String         `tfsdk:"name"`
	FieldSelectors []fieldSelectorModel `tfsdk:"field_selectors"`
}

type fieldSelectorModel struct {
	Field         types.String `tfsdk:"field"`
	Equals        types.List   `tfsdk:"equals"`
	StartsWith    types.List   `tfsdk:"starts_with"`
	EndsWith      types.List   `tfsdk:"ends_with"`
	NotEquals     types.List   `tfsdk:"not_equals"`
	NotStartsWith types.List   `tfsdk:"not_starts_with"`
	NotEndsWith   types.List   `tfsdk:"not_ends_with"`
}

var dataEventsAttrTypes = map[string]attr.Type{"s3": types.BoolType, "lambda": types.BoolType}

var fieldSelectorAttrTypes = map[string]attr.Type{
	"field":           types.StringType,
	"equals":          types.ListType{ElemType: types.StringType},
	"starts_with":     types.ListType{ElemType: types.StringType},
	"ends_with":       types.ListType{ElemType: types.StringType},
	"not_equals":      types.ListType{ElemType: types.StringType},
	"not_starts_with": types.ListType{ElemType: types.StringType},
	"not_ends_with":   types.ListType{ElemType: types.StringType},
}

var advancedSelectorAttrTypes = map[string]attr.Type{
	"name":            types.StringType,
	"field_selectors": types.ListType{ElemType: types.ObjectType{AttrTypes: fieldSelectorAttrTypes}},
}

func (r *auditTrailResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	enforced := func(what string) string {
		return what + " Always `true`: the resource does not let it be turned off, and a change made outside Terraform shows up as a diff that the next apply reverts."
	}
	conditionList := func(desc string) schema.ListAttribute {
		return schema.ListAttribute{
			ElementType:         types.StringType,
			Optional:            true,
			MarkdownDescription: desc,
			Validators:          []validator.List{listvalidator.SizeAtLeast(1)},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A hardened AWS CloudTrail trail: multi-Region, global service events, log file validation, " +
			"mandatory KMS encryption, delivery to a log archive bucket and to a KMS-encrypted CloudWatch Logs group " +
			"(created by the resource together with a least-privilege delivery role), management events read and write, " +
			"optional S3/Lambda data events and Insights. After create the resource starts logging and waits until " +
			"CloudTrail reports `IsLogging`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The trail name (also accepted, like the trail ARN, by `terraform import`).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Trail name: 3-128 letters, digits, `.`, `_` or `-`. Changing it replaces the trail.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringCheck{description: "trail name", check: validateTrailName}},
			},
			"arn": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "ARN of the trail.",
			},
			"home_region": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Region the trail was created in (its home Region).",
			},
			"s3_bucket_name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Name of the log archive bucket that receives the log files (for example `commshield_log_archive.<name>.bucket`). The bucket policy must let `cloudtrail.amazonaws.com` write.",
				Validators:          []validator.String{stringCheck{description: "S3 bucket name", check: validateBucketName}},
			},
			"s3_key_prefix": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Optional key prefix for the log files (CloudTrail writes under `<prefix>/AWSLogs/`). Leave unset when delivering to `commshield_log_archive`, whose bucket policy admits log delivery only under `AWSLogs/`.",
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 200)},
			},
			"kms_key_arn": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "ARN of the customer-managed KMS key that encrypts the log files and the CloudWatch Logs group " +
					"(for example `commshield_kms_key.<name>.arn`). Mandatory: an audit trail without KMS is not allowed. " +
					"The key policy must allow `cloudtrail.amazonaws.com` and `logs.<region>.amazonaws.com`. Give the key ARN, not an alias.",
				Validators: []validator.String{stringCheck{description: "KMS key ARN", check: validateKMSKeyARN}},
			},
			"is_organization_trail": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
				MarkdownDescription: "Log every account of the AWS Organization (the provider must run in the management or delegated administrator account). Default `false`.",
			},
			"log_group_name": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "Name of the CloudWatch Logs group the resource creates for the trail. Default `/commshield/cloudtrail/<name>`. If a group of this name already exists (for example one retained from an earlier trail) it is adopted. Changing it replaces the resource.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplaceIfConfigured(), stringplanmodifier.UseStateForUnknown()},
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 512), stringvalidator.RegexMatches(logGroupNameRegexp, "may contain only letters, digits, '_', '-', '/', '.' and '#'")},
			},
			"log_group_arn": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "ARN of the CloudWatch Logs group the trail delivers to (with CloudTrail's trailing `:*`). Empty in state when the group is missing or detached from the trail, which the next apply repairs.",
			},
			"log_group_kms_key_arn": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "KMS key that encrypts the CloudWatch Logs group, as CloudWatch Logs reports it; always `kms_key_arn`.",
			},
			"log_retention_days": schema.Int64Attribute{
				Optional:            true,
				Computed:            true,
				Default:             int64default.StaticInt64(defaultLogRetentionDays),
				MarkdownDescription: "Retention of the CloudWatch Logs group in days. Default 365; at least 90, and one of the values CloudWatch Logs accepts (90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653).",
				Validators:          []validator.Int64{int64Check{description: "log retention", check: validateLogRetention}},
			},
			"retain_log_group_on_destroy": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(true),
				MarkdownDescription: "Keep the CloudWatch Logs group (and the audit events in it) when the resource is destroyed. Default `true`: deleting audit logs is what an intruder wants. Set `false` only for disposable environments.",
			},
			"role_arn": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "ARN of the IAM role CloudTrail assumes to write to the log group. Its trust policy admits only CloudTrail acting for this trail in this account; its inline policy allows only `logs:CreateLogStream` and `logs:PutLogEvents` on this log group.",
			},
			"data_events": schema.SingleNestedAttribute{
				Optional:            true,
				MarkdownDescription: "Shorthand for whole-account data events. Conflicts with `advanced_event_selectors`.",
				Attributes: map[string]schema.Attribute{
					"s3": schema.BoolAttribute{
						Required:            true,
						MarkdownDescription: "Log S3 object-level API activity (GetObject, PutObject, DeleteObject …) for every bucket.",
					},
					"lambda": schema.BoolAttribute{
						Required:            true,
						MarkdownDescription: "Log Lambda function invocations for every function.",
					},
				},
				Validators: []validator.Object{objectvalidator.ConflictsWith(path.MatchRoot("advanced_event_selectors"))},
			},
			"advanced_event_selectors": schema.ListNestedAttribute{
				Optional: true,
				MarkdownDescription: "Advanced event selectors for data events, for finer choices than `data_events` (at most 4). " +
					"Each must contain `eventCategory` equals `[\"Data\"]` and a `resources.type`; management events are always logged by the resource.",
				Validators: []validator.List{listvalidator.SizeBetween(1, maxCustomSelectors)},
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"name": schema.StringAttribute{
							Optional:            true,
							MarkdownDescription: "Descriptive name of the selector.",
						},
						"field_selectors": schema.ListNestedAttribute{
							Required:            true,
							MarkdownDescription: "Conditions, all of which an event must match.",
							Validators:          []validator.List{listvalidator.SizeAtLeast(1)},
							NestedObject: schema.NestedAttributeObject{
								Attributes: map[string]schema.Attribute{
									"field": schema.StringAttribute{
										Required:            true,
										MarkdownDescription: "Event field to match, e.g. `eventCategory`, `resources.type`, `resources.ARN`, `eventName`, `readOnly`.",
									},
									"equals":          conditionList("Values the field must equal."),
									"starts_with":     conditionList("Prefixes the field must start with."),
									"ends_with":       conditionList("Suffixes the field must end with."),
									"not_equals":      conditionList("Values the field must not equal."),
									"not_starts_with": conditionList("Prefixes the field must not start with."),
									"not_ends_with":   conditionList("Suffixes the field must not end with."),
								},
							},
						},
					},
				},
			},
			"insight_types": schema.SetAttribute{
				ElementType:         types.StringType,
				Optional:            true,
				MarkdownDescription: "CloudTrail Insights to enable: `ApiCallRateInsight` and/or `ApiErrorRateInsight` (unusual API volume or error rates, a sign of credential misuse).",
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.OneOf("ApiCallRateInsight", "ApiErrorRateInsight")),
				},
			},
			"tags":     tftags.TagsAttribute(),
			"tags_all": tftags.TagsAllAttribute(),
			"is_logging": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: enforced("Whether the trail is logging (GetTrailStatus `IsLogging`)."),
			},
			"is_multi_region_trail": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: enforced("Whether the trail records events in every Region."),
			},
			"include_global_service_events": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: enforced("Whether events of global services such as IAM and STS are recorded."),
			},
			"log_file_validation_enabled": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: enforced("Whether CloudTrail writes signed digest files so tampering with log files can be detected."),
			},
			"management_events_read_write_type": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Which management events the trail records, as read back: always `All` (read and write); `ReadOnly`, `WriteOnly` or `None` after a change outside Terraform, which the next apply reverts.",
			},
		},
	}
}

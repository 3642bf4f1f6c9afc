// Package posture holds the commshield_account_posture data source: it
// reads the live account through the AWS SDK and judges it per control of
// the guidance's catalog, citing the `check` rule that judges the same thing
// in a plan wherever one exists.
package posture

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
	"github.com/commshield/terraform-provider-commshield/internal/controls"
	"github.com/commshield/terraform-provider-commshield/internal/rules"
)

// DefaultAccessKeyMaxAgeDays matches the AWS Config rule access-keys-rotated.
const DefaultAccessKeyMaxAgeDays = 90

var (
	_ datasource.DataSource              = (*accountPostureDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*accountPostureDataSource)(nil)
)

// NewAccountPostureDataSource returns the commshield_account_posture data source.
func NewAccountPostureDataSource() datasource.DataSource { return &accountPostureDataSource{} }

type accountPostureDataSource struct {
	client *awsclient.Client
}

type postureModel struct {
	ID                  types.String   `tfsdk:"id"`
	AccountID           types.String   `tfsdk:"account_id"`
	Region              types.String   `tfsdk:"region"`
	AccessKeyMaxAgeDays types.Int64    `tfsdk:"access_key_max_age_days"`
	Checks              []CheckResult  `tfsdk:"checks"`
	Controls            []ControlModel `tfsdk:"controls"`
}

// CheckResult is one check's verdict with the metadata it cites.
type CheckResult struct {
	ID                  string   `tfsdk:"id"`
	Title               string   `tfsdk:"title"`
	Status              string   `tfsdk:"status"`
	Evidence            []string `tfsdk:"evidence"`
	RuleID              string   `tfsdk:"rule_id"`
	Severity            string   `tfsdk:"severity"`
	ControlIDs          []string `tfsdk:"control_ids"`
	AWSConfigRules      []string `tfsdk:"aws_config_rules"`
	SecurityHubControls []string `tfsdk:"security_hub_controls"`
}

// ControlModel aggregates the checks of one control.
type ControlModel struct {
	ControlID string   `tfsdk:"control_id"`
	Title     string   `tfsdk:"title"`
	Status    string   `tfsdk:"status"`
	CheckIDs  []string `tfsdk:"check_ids"`
}

func (d *accountPostureDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_account_posture"
}

func (d *accountPostureDataSource) Configure(ctx context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	client, diags := awsclient.ClientFromProviderData(ctx, req.ProviderData, "commshield_account_posture", awsclient.Needs{AccountID: true})
	resp.Diagnostics.Append(diags...)
	d.client = client
}

func (d *accountPostureDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	list := func(desc string) schema.ListAttribute {
		return schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads where the live account stands against the guidance, in the provider's region: CloudTrail, VPC flow " +
			"logs, GuardDuty, Security Hub standards, the AWS Config recorder, the IAM password policy, EBS default encryption " +
			"(and its KMS key), the account-level S3 public access block, root access keys and MFA, console users without MFA " +
			"and old access keys. Each check is `compliant`, `non_compliant` or `unknown` with evidence, and cites the same " +
			"control IDs and, where the `check` CLI judges the same thing in a plan, the same rule (ID, severity, AWS Config " +
			"rules, Security Hub controls). A check whose API call is denied or unavailable is `unknown` with the error as " +
			"evidence; only rejected credentials fail the read. Read-only: needs `cloudtrail:DescribeTrails`, " +
			"`cloudtrail:GetTrailStatus`, `cloudtrail:GetEventSelectors`, `ec2:DescribeVpcs`, `ec2:DescribeFlowLogs`, `ec2:GetEbsEncryptionByDefault`, " +
			"`ec2:GetEbsDefaultKmsKeyId`, `guardduty:ListDetectors`, `guardduty:GetDetector`, `securityhub:DescribeHub`, " +
			"`securityhub:GetEnabledStandards`, `config:DescribeConfigurationRecorders`, `config:DescribeConfigurationRecorderStatus`, " +
			"`iam:GetAccountPasswordPolicy`, `iam:GetAccountSummary`, `iam:ListUsers`, `iam:GetLoginProfile`, `iam:ListMFADevices`, " +
			"`iam:ListAccessKeys` and `s3:GetAccountPublicAccessBlock` (the AWS managed policy `SecurityAudit` covers them).",
		Attributes: map[string]schema.Attribute{
			"id":         str("`<account_id>/<region>`."),
			"account_id": str("The account read."),
			"region":     str("The region read (regional services: CloudTrail status, VPCs, GuardDuty, Security Hub, Config, EBS)."),
			"access_key_max_age_days": schema.Int64Attribute{
				Optional: true, Computed: true,
				MarkdownDescription: fmt.Sprintf("Active access keys older than this many days make `access_key_age` non-compliant. Defaults to %d (as AWS Config's access-keys-rotated).", DefaultAccessKeyMaxAgeDays),
				Validators:          []validator.Int64{int64validator.Between(0, 3650)},
			},
			"checks": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "One entry per posture check, in a fixed order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":                    str("Check identifier, e.g. `vpc_flow_logs`."),
					"title":                 str("What the check demands."),
					"status":                str("`compliant`, `non_compliant` or `unknown`."),
					"evidence":              list("What was seen, one fact per entry (for `unknown`, the failed API call and its error)."),
					"rule_id":               str("The `check` rule judging the same thing in a plan (e.g. `LOG-R01`), or empty when none does."),
					"severity":              str("Severity of the rule (or of the check when no rule exists)."),
					"control_ids":           list("Control IDs of the catalog this check evidences, the primary one first."),
					"aws_config_rules":      list("Equivalent AWS Config managed rules."),
					"security_hub_controls": list("Equivalent Security Hub controls."),
				}},
			},
			"controls": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "One entry per control evidenced by at least one check, in catalog order. Its status is " +
					"`non_compliant` when any of its checks is, else `unknown` when any is, else `compliant`.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"control_id": str("Control ID, e.g. `LOG-01`."),
					"title":      str("Control title."),
					"status":     str("`compliant`, `non_compliant` or `unknown`."),
					"check_ids":  list("The checks behind the status."),
				}},
			},
		},
	}
}

func (d *accountPostureDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if d.client == nil {
		resp.Diagnostics.AddError("Provider not configured", "commshield_account_posture needs a configured commshield provider.")
		return
	}
	var cfg postureModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	maxAge := int64(DefaultAccessKeyMaxAgeDays)
	if !cfg.AccessKeyMaxAgeDays.IsNull() && !cfg.AccessKeyMaxAgeDays.IsUnknown() {
		maxAge = cfg.AccessKeyMaxAgeDays.ValueInt64()
	}
	checks, err := Evaluate(ctx, d.client, Options{AccessKeyMaxAgeDays: int(maxAge), Now: time.Now()})
	if err != nil {
		resp.Diagnostics.AddError("Reading the account posture", err.Error())
		return
	}
	cfg.ID = types.StringValue(d.client.AccountID + "/" + d.client.Region)
	cfg.AccountID = types.StringValue(d.client.AccountID)
	cfg.Region = types.StringValue(d.client.Region)
	cfg.AccessKeyMaxAgeDays = types.Int64Value(maxAge)
	cfg.Checks = checks
	cfg.Controls = ByControl(checks, controls.Load())
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

// Evaluate runs every check concurrently (they are independent, and most
// are a single API call). It fails only when credentials are rejected.
func Evaluate(ctx context.Context, c *awsclient.Client, opts Options) ([]CheckResult, error) {
	all := rules.All()
	defs := Checks()
	out := make([]CheckResult, len(defs))
	errs := make([]error, len(defs))
	var wg sync.WaitGroup
	for i, def := range defs {
		var rule *rules.Rule
		if def.RuleID != "" {
			if rule = rules.Find(all, def.RuleID); rule == nil {
				return nil, fmt.Errorf("posture check %s cites rule %s, which the rule pack no longer has (provider bug)", def.ID, def.RuleID)
			}
		}
		out[i] = describe(def, rule)
		wg.Go(func() {
			res, err := def.Run(ctx, c, rule, opts)
			if err != nil {
				errs[i] = fmt.Errorf("posture check %s: %w", def.ID, err)
				return
			}
			out[i].Status = string(res.Status)
			out[i].Evidence = res.Evidence
			if out[i].Evidence == nil {
				out[i].Evidence = []string{}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// describe fills in a check's metadata from its rule, or its own.
func describe(def Check, rule *rules.Rule) CheckResult {
	r := CheckResult{ID: def.ID, Title: def.Title}
	if rule != nil {
		r.RuleID = rule.ID
		r.Severity = string(rule.Severity)
		r.ControlIDs = slices.Clone(rule.Controls)
		r.AWSConfigRules = slices.Clone(rule.AWSConfigRules)
		r.SecurityHubControls = slices.Clone(rule.SecurityHubControls)
	} else {
		r.Severity = string(def.Severity)
		r.ControlIDs = slices.Clone(def.Controls)
		r.AWSConfigRules = slices.Clone(def.AWSConfigRules)
		r.SecurityHubControls = slices.Clone(def.SecurityHubControls)
	}
	for _, l := range []*[]string{&r.ControlIDs, &r.AWSConfigRules, &r.SecurityHubControls} {
		if *l == nil {
			*l = []string{}
		}
	}
	return r
}

// ByControl aggregates check results per control, in catalog order.
func ByControl(checks []CheckResult, catalog *controls.Catalog) []ControlModel {
	index := map[string]int{}
	var out []ControlModel
	for _, ctl := range catalog.Controls() {
		for _, ch := range checks {
			if !slices.Contains(ch.ControlIDs, ctl.ID) {
				continue
			}
			i, seen := index[ctl.ID]
			if !seen {
				i = len(out)
				index[ctl.ID] = i
				out = append(out, ControlModel{ControlID: ctl.ID, Title: ctl.Title, Status: string(Compliant), CheckIDs: []string{}})
			}
			out[i].Status = string(worse(Status(out[i].Status), Status(ch.Status)))
			out[i].CheckIDs = append(out[i].CheckIDs, ch.ID)
		}
	}
	if out == nil {
		out = []ControlModel{}
	}
	return out
}

package catalog

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commshield/terraform-provider-commshield/internal/controls"
	"github.com/commshield/terraform-provider-commshield/internal/rules"
)

var _ datasource.DataSource = (*rulesDataSource)(nil)

// NewRulesDataSource returns the commshield_rules data source.
func NewRulesDataSource() datasource.DataSource { return &rulesDataSource{} }

type rulesDataSource struct{}

type rulesModel struct {
	ID       types.String `tfsdk:"id"`
	Control  types.String `tfsdk:"control"`
	Category types.String `tfsdk:"category"`
	Severity types.String `tfsdk:"severity"`
	Version  types.String `tfsdk:"rule_set_version"`
	Rules    []ruleModel  `tfsdk:"rules"`
}

type ruleModel struct {
	ID                  string       `tfsdk:"id"`
	Title               string       `tfsdk:"title"`
	Severity            string       `tfsdk:"severity"`
	Kind                string       `tfsdk:"kind"`
	Controls            []string     `tfsdk:"controls"`
	ResourceTypes       []string     `tfsdk:"resource_types"`
	AWSConfigRules      []string     `tfsdk:"aws_config_rules"`
	SecurityHubControls []string     `tfsdk:"security_hub_controls"`
	Rationale           string       `tfsdk:"rationale"`
	Remediation         string       `tfsdk:"remediation"`
	Params              []paramModel `tfsdk:"params"`
}

type paramModel struct {
	Name        string `tfsdk:"name"`
	Description string `tfsdk:"description"`
	Default     string `tfsdk:"default"`
}

var severities = []string{string(rules.SeverityLow), string(rules.SeverityMedium), string(rules.SeverityHigh), string(rules.SeverityCritical)}

func (d *rulesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_rules"
}

func (d *rulesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The rule catalog of `terraform-provider-commshield check`: every rule with its controls, severity, " +
			"AWS Config and Security Hub equivalents and parameters with their defaults. Reads data built into the provider; " +
			"makes no AWS call. Use it to deploy the matching AWS Config rules or to document a CI gate.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "A fixed identifier of the catalog read, `rules`."},
			"control": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only rules mapped to this control ID (e.g. `LOG-01`).",
				Validators:          []validator.String{controlIDValidator{}},
			},
			"category": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only rules mapped to at least one control of this category ID (`logging_monitoring`, …) or prefix " +
					"(`LOG`, `CFG`, `IAM`, `NET`, `CRY`, `VUL`, `GEN`).",
				Validators: []validator.String{stringvalidator.OneOf(append(categoryIDs(), categoryPrefixes()...)...)},
			},
			"severity": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only rules of this severity: `low`, `medium`, `high` or `critical`.",
				Validators:          []validator.String{stringvalidator.OneOf(severities...)},
			},
			"rule_set_version": schema.StringAttribute{Computed: true, MarkdownDescription: "Version of the rule pack, as in `check` reports."},
			"rules": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching rules, sorted by ID.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":                    str("Rule ID, stable forever, e.g. `LOG-R01`."),
					"title":                 str("What the rule demands."),
					"severity":              str("`low`, `medium`, `high` or `critical`."),
					"kind":                  str("What the rule looks at: `resource`, `cross` (related resources), `account` (baseline) or `diff` (the change)."),
					"controls":              strList("Control IDs the rule implements, the primary one first."),
					"resource_types":        strList("hashicorp/aws resource types the rule judges or reads."),
					"aws_config_rules":      strList("Closest AWS Config managed rules (identifiers in kebab case)."),
					"security_hub_controls": strList("Closest Security Hub (AWS Foundational Security Best Practices) controls."),
					"rationale":             str("Why the guidance asks for it."),
					"remediation":           str("How to fix a failure."),
					"params": schema.ListNestedAttribute{
						Computed:            true,
						MarkdownDescription: "Parameters a `check` config file may override.",
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"name":        str("Parameter name."),
							"description": str("What it changes."),
							"default":     str("Default value as a string: text as is, numbers and booleans in decimal/`true`/`false`, lists as JSON."),
						}},
					},
				}},
			},
		},
	}
}

func strList(desc string) schema.ListAttribute {
	return schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: desc}
}

// controlIDValidator rejects control IDs missing from the catalog, naming
// close alternatives, so a typo is not mistaken for "no rules".
type controlIDValidator struct{}

func (controlIDValidator) Description(context.Context) string {
	return "must be a control ID of the catalog"
}
func (v controlIDValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (controlIDValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	id := req.ConfigValue.ValueString()
	if _, ok := controls.Load().Lookup(id); ok {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Unknown control ID",
		fmt.Sprintf("%q is not in the control catalog. Control IDs look like LOG-01 or CRY-X1; the commshield_controls data source lists them all.", id))
}

func (d *rulesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg rulesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	list, err := filterRules(rules.All(), controls.Load(), cfg.Control.ValueString(), cfg.Category.ValueString(), cfg.Severity.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("rules"), "Reading the rule catalog", err.Error())
		return
	}
	cfg.ID = types.StringValue("rules")
	cfg.Version = types.StringValue(rules.RuleSetVersion)
	cfg.Rules = list
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

// filterRules selects and converts rules. A rule matches category when any
// of its controls belongs to it.
func filterRules(all []*rules.Rule, catalog *controls.Catalog, control, category, severity string) ([]ruleModel, error) {
	out := []ruleModel{}
	for _, r := range all {
		if control != "" && !slices.Contains(r.Controls, control) {
			continue
		}
		if severity != "" && string(r.Severity) != severity {
			continue
		}
		if category != "" && !slices.ContainsFunc(r.Controls, func(id string) bool {
			c, ok := catalog.Lookup(id)
			return ok && categoryMatches(catalog, c.Category, category)
		}) {
			continue
		}
		m := ruleModel{
			ID: r.ID, Title: r.Title, Severity: string(r.Severity), Kind: string(r.Kind),
			Controls: nonNil(r.Controls), ResourceTypes: nonNil(r.ResourceTypes),
			AWSConfigRules: nonNil(r.AWSConfigRules), SecurityHubControls: nonNil(r.SecurityHubControls),
			Rationale: r.Rationale, Remediation: r.Remediation, Params: []paramModel{},
		}
		for _, p := range r.Params {
			def, err := ParamDefaultString(p.Default)
			if err != nil {
				return nil, fmt.Errorf("rule %s parameter %s: %w", r.ID, p.Name, err)
			}
			m.Params = append(m.Params, paramModel{Name: p.Name, Description: p.Description, Default: def})
		}
		out = append(out, m)
	}
	return out, nil
}

// ParamDefaultString renders a parameter default: strings as they are,
// everything else (numbers, booleans, lists) as JSON.
func ParamDefaultString(v any) (string, error) {
	if s, ok := v.(string); ok {
		return s, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encoding default %v: %w", v, err)
	}
	return strings.TrimSpace(string(b)), nil
}

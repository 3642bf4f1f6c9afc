package catalog

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commshield/terraform-provider-commshield/internal/controls"
)

var _ datasource.DataSource = (*controlsDataSource)(nil)

// NewControlsDataSource returns the commshield_controls data source.
func NewControlsDataSource() datasource.DataSource { return &controlsDataSource{} }

type controlsDataSource struct{}

type controlsModel struct {
	ID            types.String   `tfsdk:"id"`
	Category      types.String   `tfsdk:"category"`
	PlanCheckable types.Bool     `tfsdk:"plan_checkable"`
	AWSApplicable types.Bool     `tfsdk:"aws_applicable"`
	Controls      []controlModel `tfsdk:"controls"`
}

type controlModel struct {
	ID            string           `tfsdk:"id"`
	Category      string           `tfsdk:"category"`
	CategoryName  string           `tfsdk:"category_name"`
	Extension     bool             `tfsdk:"extension"`
	Title         string           `tfsdk:"title"`
	Summary       string           `tfsdk:"summary"`
	Section       string           `tfsdk:"section"`
	SectionName   string           `tfsdk:"section_name"`
	AWSMappingRow int64            `tfsdk:"aws_mapping_row"`
	Cloud         string           `tfsdk:"cloud"`
	AWSApplicable bool             `tfsdk:"aws_applicable"`
	Plan          string           `tfsdk:"plan"`
	PlanCheckable bool             `tfsdk:"plan_checkable"`
	PlanNote      string           `tfsdk:"plan_note"`
	ResourceTypes []string         `tfsdk:"resource_types"`
	References    []referenceModel `tfsdk:"references"`
}

type referenceModel struct {
	Title   string `tfsdk:"title"`
	URL     string `tfsdk:"url"`
	Section string `tfsdk:"section"`
}

func (d *controlsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_controls"
}

func categoryIDs() []string {
	var ids []string
	for _, c := range controls.Load().Categories() {
		ids = append(ids, c.ID)
	}
	return ids
}

func (d *controlsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The control catalog: every recommendation of the CISA/NSA/FBI *Enhanced Visibility and Hardening " +
			"Guidance for Communications Infrastructure* (LOG-01 … GEN-02, plus the data-at-rest extensions CRY-X1/CRY-X2), " +
			"with its category, summary, source section, AWS applicability and whether a Terraform plan can show it. " +
			"Reads data embedded in the provider; makes no AWS call.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "A fixed identifier of the catalog read, `controls`.",
			},
			"category": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only controls of this category ID (`logging_monitoring`, …) or prefix (`LOG`, `CFG`, `IAM`, `NET`, " +
					"`CRY`, `VUL`, `GEN`).",
				Validators: []validator.String{stringvalidator.OneOf(append(categoryIDs(), categoryPrefixes()...)...)},
			},
			"plan_checkable": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "When set, only controls that a Terraform plan can (`true`: plan is `yes` or `partly`) or cannot (`false`) show.",
			},
			"aws_applicable": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "When set, only controls that apply (`true`: cloud is `yes` or `part`) or do not apply (`false`: `na`) to AWS.",
			},
			"controls": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching controls, in catalog order (category, then ID).",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":              str("Control ID, e.g. `LOG-01`."),
					"category":        str("Category ID, e.g. `logging_monitoring`."),
					"category_name":   str("Category display name, e.g. `Logging and monitoring`."),
					"extension":       boolean("True for rows that are not a bullet of the guidance itself (CRY-X1, CRY-X2 from the AWS blog)."),
					"title":           str("Short title."),
					"summary":         str("commshield's summary of the recommendation."),
					"section":         str("Guidance section code: `V-NE`, `V-ND`, `H-NE`, `H-ND`, `H-JT`, `CSC`, `SbD`, `IR` or `ext`."),
					"section_name":    str("The section spelled out."),
					"aws_mapping_row": schema.Int64Attribute{Computed: true, MarkdownDescription: "Row of the aws-samples mapping table, 0 when it has none."},
					"cloud":           str("Applicability to AWS: `yes`, `part` (customer-run appliances or the customer's half) or `na`."),
					"aws_applicable":  boolean("True when `cloud` is `yes` or `part`."),
					"plan":            str("How much a Terraform plan can show: `yes`, `partly` or `no`."),
					"plan_checkable":  boolean("True when `plan` is `yes` or `partly`: `check` rules exist or are expected."),
					"plan_note":       str("Which part of the recommendation a plan can show."),
					"resource_types":  schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "hashicorp/aws resource types to inspect."},
					"references": schema.ListNestedAttribute{
						Computed:            true,
						MarkdownDescription: "Sources of the control.",
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"title":   str("Source title."),
							"url":     str("Source URL."),
							"section": str("Section or row within the source."),
						}},
					},
				}},
			},
		},
	}
}

func str(desc string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
}

func boolean(desc string) schema.BoolAttribute {
	return schema.BoolAttribute{Computed: true, MarkdownDescription: desc}
}

func categoryPrefixes() []string {
	var out []string
	for _, c := range controls.Load().Categories() {
		out = append(out, c.Prefix)
	}
	return out
}

// categoryMatches reports whether control category id matches filter, a
// category ID or prefix.
func categoryMatches(catalog *controls.Catalog, id, filter string) bool {
	if filter == "" || id == filter {
		return true
	}
	cat, ok := catalog.Category(id)
	return ok && cat.Prefix == filter
}

func (d *controlsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg controlsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg.ID = types.StringValue("controls")
	cfg.Controls = filterControls(controls.Load(), cfg.Category.ValueString(), boolPtr(cfg.PlanCheckable), boolPtr(cfg.AWSApplicable))
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

func boolPtr(v types.Bool) *bool {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	b := v.ValueBool()
	return &b
}

// filterControls selects and converts the controls of catalog.
func filterControls(catalog *controls.Catalog, category string, planCheckable, awsApplicable *bool) []controlModel {
	out := []controlModel{}
	for _, c := range catalog.Controls() {
		checkable := c.Plan.Checkable()
		applicable := c.Cloud != controls.AppliesNA
		if !categoryMatches(catalog, c.Category, category) ||
			(planCheckable != nil && *planCheckable != checkable) ||
			(awsApplicable != nil && *awsApplicable != applicable) {
			continue
		}
		cat, _ := catalog.Category(c.Category)
		m := controlModel{
			ID: c.ID, Category: c.Category, CategoryName: cat.Name, Extension: c.Extension,
			Title: c.Title, Summary: c.Summary, Section: c.Section, SectionName: c.SectionName,
			AWSMappingRow: int64(c.AWSMappingRow), Cloud: string(c.Cloud), AWSApplicable: applicable,
			Plan: string(c.Plan), PlanCheckable: checkable, PlanNote: c.PlanNote,
			ResourceTypes: nonNil(c.ResourceTypes), References: []referenceModel{},
		}
		for _, r := range c.References {
			m.References = append(m.References, referenceModel{Title: r.Title, URL: r.URL, Section: r.Section})
		}
		out = append(out, m)
	}
	return out
}

// nonNil keeps empty lists as [] rather than null in state.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

package catalog

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commshield/terraform-provider-commshield/internal/rules"
)

var _ datasource.DataSource = (*tlsPoliciesDataSource)(nil)

// NewTLSPoliciesDataSource returns the commshield_tls_policies data source.
func NewTLSPoliciesDataSource() datasource.DataSource { return &tlsPoliciesDataSource{} }

type tlsPoliciesDataSource struct{}

// DefaultMinimumLevel is the weakest level listed when minimum_level is
// unset: TLS 1.0/1.1 policies ("legacy") are never approved by default.
const DefaultMinimumLevel = rules.TLSLevelTLS12

type tlsPoliciesModel struct {
	ID           types.String     `tfsdk:"id"`
	Service      types.String     `tfsdk:"service"`
	MinimumLevel types.String     `tfsdk:"minimum_level"`
	Names        []string         `tfsdk:"names"`
	Policies     []tlsPolicyModel `tfsdk:"policies"`
}

type tlsPolicyModel struct {
	Service   string `tfsdk:"service"`
	Name      string `tfsdk:"name"`
	Level     string `tfsdk:"level"`
	MinTLS    string `tfsdk:"min_tls"`
	FIPS      bool   `tfsdk:"fips"`
	PQ        bool   `tfsdk:"post_quantum"`
	IsDefault bool   `tfsdk:"aws_default"`
}

func (d *tlsPoliciesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_tls_policies"
}

func (d *tlsPoliciesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	services := []string{}
	if cat, err := rules.TLSPolicies(); err == nil {
		services = cat.ServiceNames()
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Approved TLS security policy names of AWS services (load balancers, CloudFront, API Gateway, " +
			"OpenSearch, Transfer Family, …) with a strength level, read from the same catalog the `check` rules and the " +
			"`tls_policy_is_approved` function use. Levels, weakest first: `legacy` (TLS 1.0/1.1 negotiable), `tls12`, " +
			"`tls13` (TLS 1.3 offered, forward-secret AEAD fallback only) and `pq-hybrid` (tls13 plus hybrid post-quantum " +
			"key exchange). Makes no AWS call.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "Identifier of the read: `<service or all>/<minimum_level>`."},
			"service": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only policies of this service: `" + strings.Join(services, "`, `") + "`. All services when unset.",
				Validators:          []validator.String{stringvalidator.OneOf(services...)},
			},
			"minimum_level": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Weakest level listed: `" + strings.Join(rules.TLSLevels, "`, `") + "`. Defaults to `" +
					DefaultMinimumLevel + "`; set `legacy` to list every known policy.",
				Validators: []validator.String{stringvalidator.OneOf(rules.TLSLevels...)},
			},
			"names": strList("Names of the matching policies, strongest first within each service (services sorted by name)."),
			"policies": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching policies, in the order of `names`.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"service":      str("Catalog service name, e.g. `elbv2` (ALB/NLB listeners) or `cloudfront`."),
					"name":         str("Security policy name exactly as AWS spells it."),
					"level":        str("Strength level: `legacy`, `tls12`, `tls13` or `pq-hybrid`."),
					"min_tls":      str("Lowest negotiable protocol version, `1.0` … `1.3`."),
					"fips":         boolean("True for FIPS 140 policies."),
					"post_quantum": boolean("True when the policy offers hybrid post-quantum key exchange (ML-KEM), even if its TLS 1.2 fallback keeps its level lower."),
					"aws_default":  boolean("True for the policy AWS applies when a configuration sets none."),
				}},
			},
		},
	}
}

func (d *tlsPoliciesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg tlsPoliciesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	cat, err := rules.TLSPolicies()
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("policies"), "Reading the TLS policy catalog", err.Error())
		return
	}
	level := DefaultMinimumLevel
	if !cfg.MinimumLevel.IsNull() {
		level = cfg.MinimumLevel.ValueString()
	}
	policies, err := filterTLSPolicies(cat, cfg.Service.ValueString(), level)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("service"), "Reading the TLS policy catalog", err.Error())
		return
	}
	service := cfg.Service.ValueString()
	if service == "" {
		service = "all"
	}
	cfg.ID = types.StringValue(service + "/" + level)
	cfg.Policies = policies
	cfg.Names = make([]string, len(policies))
	for i, p := range policies {
		cfg.Names[i] = p.Name
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

// filterTLSPolicies lists the policies of service ("" for all) at
// minimumLevel or stronger, strongest level first, catalog order within a
// level (the catalog lists newer policies first).
func filterTLSPolicies(cat *rules.TLSCatalog, service, minimumLevel string) ([]tlsPolicyModel, error) {
	if rules.TLSLevelRank(minimumLevel) < 0 {
		return nil, fmt.Errorf("unknown minimum_level %q: want one of %s", minimumLevel, strings.Join(rules.TLSLevels, ", "))
	}
	names := cat.ServiceNames()
	if service != "" {
		if cat.Services[service] == nil {
			return nil, fmt.Errorf("unknown service %q: want one of %s", service, strings.Join(names, ", "))
		}
		names = []string{service}
	}
	out := []tlsPolicyModel{}
	for _, name := range names {
		svc := cat.Services[name]
		for rank := len(rules.TLSLevels) - 1; rank >= rules.TLSLevelRank(minimumLevel); rank-- {
			for _, p := range svc.Policies {
				if rules.TLSLevelRank(p.Level) != rank {
					continue
				}
				out = append(out, tlsPolicyModel{
					Service: name, Name: p.Name, Level: p.Level, MinTLS: p.MinTLS,
					FIPS: p.FIPS, PQ: p.PQ, IsDefault: p.Name == svc.DefaultPolicy,
				})
			}
		}
	}
	return out, nil
}

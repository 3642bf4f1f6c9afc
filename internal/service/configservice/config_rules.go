package configservice

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	cfg "github.com/aws/aws-sdk-go-v2/service/configservice"
	cfgtypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
	"github.com/commshield/terraform-provider-commshield/internal/controls"
	"github.com/commshield/terraform-provider-commshield/internal/rules"
)

const (
	defaultNamePrefix = "commshield-"
	tagControls       = "commshield:controls"
	tagRules          = "commshield:rules"
	errNoSuchRule     = "NoSuchConfigRuleException"
)

var (
	_ resource.Resource                   = (*configRulesResource)(nil)
	_ resource.ResourceWithConfigure      = (*configRulesResource)(nil)
	_ resource.ResourceWithImportState    = (*configRulesResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*configRulesResource)(nil)
	_ resource.ResourceWithValidateConfig = (*configRulesResource)(nil)
)

// NewConfigRulesResource is the commshield_config_rules constructor.
//
// Partial failure during create or update: every rule put so far is read
// back and recorded in state with the error, so Terraform marks the
// resource tainted and the next apply deletes each recorded rule before
// creating the selection again. Nothing is orphaned.
func NewConfigRulesResource() resource.Resource { return &configRulesResource{} }

type configRulesResource struct {
	client *awsclient.Client
}

type configRulesModel struct {
	ID           types.String `tfsdk:"id"`
	NamePrefix   types.String `tfsdk:"name_prefix"`
	Controls     types.Set    `tfsdk:"controls"`
	Categories   types.Set    `tfsdk:"categories"`
	ExcludeRules types.Set    `tfsdk:"exclude_rules"`
	Rules        types.Map    `tfsdk:"rules"`
}

var ruleAttrTypes = map[string]attr.Type{
	"arn":               types.StringType,
	"source_identifier": types.StringType,
	"controls":          types.ListType{ElemType: types.StringType},
	"commshield_rules":  types.ListType{ElemType: types.StringType},
}

func (r *configRulesResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_config_rules"
}

func (r *configRulesResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Deploys the AWS Config managed rules that the commshield rule catalog maps to the guidance's controls, " +
			"so runtime detection and the pre-apply gate (`terraform-provider-commshield check`) share one mapping. " +
			"AWS Config needs a configuration recorder in the region (see `commshield_account_baseline`).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true, MarkdownDescription: "The name prefix; also the import ID.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name_prefix": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString(defaultNamePrefix),
				MarkdownDescription: "Prefix of every Config rule name (prefix + the managed rule's lower-kebab identifier). Changing it replaces every rule.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"controls": schema.SetAttribute{
				ElementType: types.StringType, Optional: true,
				MarkdownDescription: "Guidance control IDs (LOG-01 … GEN-02) whose mapped rules to deploy. With `categories` unset as well, every control is selected.",
			},
			"categories": schema.SetAttribute{
				ElementType: types.StringType, Optional: true,
				MarkdownDescription: "Control categories (logging_monitoring, configuration_change, identity_access, network_traffic, cryptography, vulnerability_management, general) whose controls' rules to deploy.",
			},
			"exclude_rules": schema.SetAttribute{
				ElementType: types.StringType, Optional: true,
				MarkdownDescription: "Managed-rule identifiers (lower-kebab, e.g. `vpc-flow-logs-enabled`) to leave out of the selection.",
			},
			"rules": schema.MapNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The deployed Config rules, keyed by Config rule name.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"arn":               schema.StringAttribute{Computed: true, MarkdownDescription: "Config rule ARN."},
					"source_identifier": schema.StringAttribute{Computed: true, MarkdownDescription: "AWS managed-rule SourceIdentifier (UPPER_SNAKE)."},
					"controls":          schema.ListAttribute{ElementType: types.StringType, Computed: true, MarkdownDescription: "Selected guidance controls the rule serves."},
					"commshield_rules":  schema.ListAttribute{ElementType: types.StringType, Computed: true, MarkdownDescription: "commshield rule IDs that name this managed rule."},
				}},
			},
		},
	}
}

func (r *configRulesResource) Configure(ctx context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	// No account ID needed: it names no account-scoped ARN itself.
	client, diags := awsclient.ClientFromProviderData(ctx, req.ProviderData, "commshield_config_rules", awsclient.Needs{})
	resp.Diagnostics.Append(diags...)
	r.client = client
}

func stringsOf(ctx context.Context, s types.Set) ([]string, bool) {
	if s.IsUnknown() {
		return nil, false
	}
	for _, e := range s.Elements() {
		if e.IsUnknown() {
			return nil, false
		}
	}
	var out []string
	if !s.IsNull() {
		s.ElementsAs(ctx, &out, false)
	}
	return out, true
}

// selection returns the model's selection; ok is false while any part is unknown.
func selection(ctx context.Context, m configRulesModel) (Selection, bool) {
	c, ok1 := stringsOf(ctx, m.Controls)
	k, ok2 := stringsOf(ctx, m.Categories)
	e, ok3 := stringsOf(ctx, m.ExcludeRules)
	return Selection{Controls: c, Categories: k, ExcludeRules: e}, ok1 && ok2 && ok3
}

func selectRules(sel Selection) ([]ManagedRule, error) {
	return Select(controls.Load(), rules.All(), sel)
}

func (r *configRulesResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m configRulesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	sel, ok := selection(ctx, m)
	if !ok {
		return
	}
	if _, err := selectRules(sel); err != nil {
		field := "controls"
		var selErr *SelectionError
		if errors.As(err, &selErr) {
			field = selErr.Field
		}
		resp.Diagnostics.AddAttributeError(path.Root(field), "Invalid AWS Config rule selection", err.Error())
	}
}

// ModifyPlan plans an update when the deployed rules differ from what the
// selection yields: a rule deleted outside Terraform, its source changed,
// or the selection itself changed.
func (r *configRulesResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan configRulesModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if req.State.Raw.IsNull() {
		// On create the rules are known from the selection alone (only
		// their ARNs are not), so that a pre-apply gate (`check`, rule
		// CFG-R05) sees which managed rules the plan deploys.
		plan.Rules = types.MapUnknown(types.ObjectType{AttrTypes: ruleAttrTypes})
		if sel, ok := selection(ctx, plan); ok && !plan.NamePrefix.IsUnknown() {
			if want, err := selectRules(sel); err == nil {
				plan.Rules = plannedRules(ctx, plan.NamePrefix.ValueString(), want)
			}
		}
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		return
	}
	var state configRulesModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	sel, ok := selection(ctx, plan)
	if resp.Diagnostics.HasError() || !ok || plan.NamePrefix.IsUnknown() {
		plan.Rules = types.MapUnknown(types.ObjectType{AttrTypes: ruleAttrTypes})
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		return
	}
	want, err := selectRules(sel)
	if err != nil {
		return // ValidateConfig reported it
	}
	if !matches(ctx, plan.NamePrefix.ValueString(), want, state.Rules) {
		plan.Rules = types.MapUnknown(types.ObjectType{AttrTypes: ruleAttrTypes})
	} else {
		plan.Rules = state.Rules
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// plannedRules is the rules map a create will record: every selected rule
// under its name, with the ARN AWS assigns unknown.
func plannedRules(ctx context.Context, prefix string, want []ManagedRule) types.Map {
	out := map[string]attr.Value{}
	for _, m := range want {
		ctl, _ := types.ListValueFrom(ctx, types.StringType, m.Controls)
		rls, _ := types.ListValueFrom(ctx, types.StringType, m.CommshieldRules)
		out[prefix+m.Identifier] = types.ObjectValueMust(ruleAttrTypes, map[string]attr.Value{
			"arn":               types.StringUnknown(),
			"source_identifier": types.StringValue(m.SourceIdentifier),
			"controls":          ctl,
			"commshield_rules":  rls,
		})
	}
	return types.MapValueMust(types.ObjectType{AttrTypes: ruleAttrTypes}, out)
}

type ruleState struct {
	ARN              string   `tfsdk:"arn"`
	SourceIdentifier string   `tfsdk:"source_identifier"`
	Controls         []string `tfsdk:"controls"`
	CommshieldRules  []string `tfsdk:"commshield_rules"`
}

func matches(ctx context.Context, prefix string, want []ManagedRule, have types.Map) bool {
	if have.IsNull() || have.IsUnknown() || len(have.Elements()) != len(want) {
		return false
	}
	var got map[string]ruleState
	if diags := have.ElementsAs(ctx, &got, false); diags.HasError() {
		return false
	}
	for _, w := range want {
		g, ok := got[prefix+w.Identifier]
		if !ok || g.SourceIdentifier != w.SourceIdentifier || !slices.Equal(g.Controls, w.Controls) || !slices.Equal(g.CommshieldRules, w.CommshieldRules) {
			return false
		}
	}
	return true
}

func (r *configRulesResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan configRulesModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = plan.NamePrefix
	r.apply(ctx, &plan, nil, &resp.State, &resp.Diagnostics)
}

func (r *configRulesResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state configRulesModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var old map[string]ruleState
	if !state.Rules.IsNull() && !state.Rules.IsUnknown() {
		state.Rules.ElementsAs(ctx, &old, false)
	}
	plan.ID = plan.NamePrefix
	r.apply(ctx, &plan, slices.Collect(maps.Keys(old)), &resp.State, &resp.Diagnostics)
}

// apply puts every selected rule (PutConfigRule is an upsert, so it also
// recreates deleted rules and corrects changed sources), deletes the
// previously deployed rules no longer selected, and records what exists.
func (r *configRulesResource) apply(ctx context.Context, plan *configRulesModel, previous []string, st *tfsdk.State, diags *diag.Diagnostics) {
	sel, _ := selection(ctx, *plan)
	want, err := selectRules(sel)
	if err != nil {
		diags.AddError("Invalid AWS Config rule selection", err.Error())
		return
	}
	prefix := plan.NamePrefix.ValueString()
	conn := r.client.ConfigService()
	wanted := map[string]bool{}
	var putErr error
	for _, m := range want {
		name := prefix + m.Identifier
		wanted[name] = true
		if putErr = putRule(ctx, conn, name, m); putErr != nil {
			break
		}
	}
	for _, name := range previous {
		if wanted[name] || putErr != nil {
			continue
		}
		if err := deleteRule(ctx, conn, name); err != nil {
			putErr = err
			break
		}
	}
	rulesMap, err := readRules(ctx, conn, prefix)
	if err != nil {
		diags.AddError("Reading AWS Config rules", err.Error())
		return
	}
	// Only what this apply deployed: a create plans exactly the selected
	// rules, and another commshield-tagged rule sharing the prefix (a
	// leftover, an overlapping prefix) would make the result inconsistent
	// with that plan. Read still reports such rules, as drift.
	kept := map[string]attr.Value{}
	for name, v := range rulesMap.Elements() {
		if wanted[name] {
			kept[name] = v
		}
	}
	plan.Rules = types.MapValueMust(types.ObjectType{AttrTypes: ruleAttrTypes}, kept)
	diags.Append(st.Set(ctx, plan)...)
	if putErr != nil {
		diags.AddError("Deploying AWS Config rules", putErr.Error()+"; the rules deployed so far are recorded in state and the resource is tainted, so the next apply replaces them")
	}
}

func putRule(ctx context.Context, conn *cfg.Client, name string, m ManagedRule) error {
	rule := &cfgtypes.ConfigRule{
		ConfigRuleName: aws.String(name),
		Description:    aws.String(fmt.Sprintf("commshield: %s for guidance controls %s", m.Identifier, strings.Join(m.Controls, ", "))),
		Source:         &cfgtypes.Source{Owner: cfgtypes.OwnerAws, SourceIdentifier: aws.String(m.SourceIdentifier)},
	}
	if len(m.InputParameters) > 0 {
		b, err := json.Marshal(m.InputParameters)
		if err != nil {
			return fmt.Errorf("encoding parameters of %s: %w", name, err)
		}
		rule.InputParameters = aws.String(string(b))
	}
	_, err := conn.PutConfigRule(ctx, &cfg.PutConfigRuleInput{ConfigRule: rule, Tags: []cfgtypes.Tag{
		{Key: aws.String(tagControls), Value: aws.String(truncate(strings.Join(m.Controls, " "), 256))},
		{Key: aws.String(tagRules), Value: aws.String(truncate(strings.Join(m.CommshieldRules, " "), 256))},
	}})
	if err != nil {
		return fmt.Errorf("putting Config rule %s (%s): %w", name, m.SourceIdentifier, err)
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

func deleteRule(ctx context.Context, conn *cfg.Client, name string) error {
	_, err := conn.DeleteConfigRule(ctx, &cfg.DeleteConfigRuleInput{ConfigRuleName: aws.String(name)})
	if err != nil && !awsclient.HasErrorCode(err, errNoSuchRule) && !awsclient.IsNotFound(err) {
		return fmt.Errorf("deleting Config rule %s: %w", name, err)
	}
	return nil
}

// readRules lists the AWS-owned Config rules whose names carry prefix, with
// the controls and commshield rules recorded in their tags.
func readRules(ctx context.Context, conn *cfg.Client, prefix string) (types.Map, error) {
	elemType := types.ObjectType{AttrTypes: ruleAttrTypes}
	out := map[string]attr.Value{}
	pages := cfg.NewDescribeConfigRulesPaginator(conn, &cfg.DescribeConfigRulesInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return types.MapNull(elemType), fmt.Errorf("listing Config rules: %w", err)
		}
		for _, rule := range page.ConfigRules {
			name := aws.ToString(rule.ConfigRuleName)
			if !strings.HasPrefix(name, prefix) || rule.Source == nil || rule.Source.Owner != cfgtypes.OwnerAws {
				continue
			}
			tags, err := conn.ListTagsForResource(ctx, &cfg.ListTagsForResourceInput{ResourceArn: rule.ConfigRuleArn})
			if err != nil {
				return types.MapNull(elemType), fmt.Errorf("listing tags of Config rule %s: %w", name, err)
			}
			var ctl, rls []string
			for _, t := range tags.Tags {
				switch aws.ToString(t.Key) {
				case tagControls:
					ctl = strings.Fields(aws.ToString(t.Value))
				case tagRules:
					rls = strings.Fields(aws.ToString(t.Value))
				}
			}
			if rls == nil {
				continue // a rule sharing the prefix that commshield did not deploy
			}
			ctlList, _ := types.ListValueFrom(ctx, types.StringType, nonNil(ctl))
			rlsList, _ := types.ListValueFrom(ctx, types.StringType, rls)
			out[name] = types.ObjectValueMust(ruleAttrTypes, map[string]attr.Value{
				"arn":               types.StringValue(aws.ToString(rule.ConfigRuleArn)),
				"source_identifier": types.StringValue(aws.ToString(rule.Source.SourceIdentifier)),
				"controls":          ctlList,
				"commshield_rules":  rlsList,
			})
		}
	}
	return types.MapValueMust(elemType, out), nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (r *configRulesResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state configRulesModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	rulesMap, err := readRules(ctx, r.client.ConfigService(), state.NamePrefix.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Reading AWS Config rules", err.Error())
		return
	}
	if len(rulesMap.Elements()) == 0 {
		resp.Diagnostics.AddWarning("AWS Config rules gone", fmt.Sprintf("no commshield Config rule named %s… exists any more; it will be recreated", state.NamePrefix.ValueString()))
		resp.State.RemoveResource(ctx)
		return
	}
	state.Rules = rulesMap
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *configRulesResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state configRulesModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var deployed map[string]ruleState
	if !state.Rules.IsNull() && !state.Rules.IsUnknown() {
		resp.Diagnostics.Append(state.Rules.ElementsAs(ctx, &deployed, false)...)
	}
	conn := r.client.ConfigService()
	for _, name := range slices.Sorted(maps.Keys(deployed)) {
		if err := deleteRule(ctx, conn, name); err != nil {
			resp.Diagnostics.AddError("Deleting AWS Config rules", err.Error())
			return
		}
	}
}

// ImportState takes the name prefix; Read finds the commshield-tagged rules
// under it. controls/categories/exclude_rules are not recoverable from AWS:
// set them in the configuration to match.
func (r *configRulesResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name_prefix"), req.ID)...)
}

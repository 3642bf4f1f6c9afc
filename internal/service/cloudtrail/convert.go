package cloudtrail

import (
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/commshield/terraform-provider-commshield/internal/fwvalidators"
)

// desiredTrail is the plan turned into plain Go values, the input to
// converge.
type desiredTrail struct {
	Name             string
	S3BucketName     string
	S3KeyPrefix      string
	KMSKeyARN        string
	Organization     bool
	LogGroupName     string
	RetentionDays    int64
	S3DataEvents     bool
	LambdaDataEvents bool
	CustomSelectors  []eventSelector
	InsightTypes     []string
	Tags             map[string]string
}

func stringsFromList(ctx context.Context, l types.List, diags *diag.Diagnostics) []string {
	if l.IsNull() || l.IsUnknown() {
		return nil
	}
	var out []string
	diags.Append(l.ElementsAs(ctx, &out, false)...)
	return out
}

func listFromStrings(values []string) types.List {
	if len(values) == 0 {
		return types.ListNull(types.StringType)
	}
	elems := make([]types.String, 0, len(values))
	for _, v := range values {
		elems = append(elems, types.StringValue(v))
	}
	l, _ := types.ListValueFrom(context.Background(), types.StringType, elems)
	return l
}

func dataEventsFromModel(ctx context.Context, o types.Object, diags *diag.Diagnostics) (s3, lambda bool) {
	if o.IsNull() || o.IsUnknown() {
		return false, false
	}
	var de dataEventsModel
	diags.Append(o.As(ctx, &de, basetypes.ObjectAsOptions{})...)
	return de.S3.ValueBool(), de.Lambda.ValueBool()
}

func dataEventsValue(s3, lambda bool) types.Object {
	return types.ObjectValueMust(dataEventsAttrTypes, map[string]attr.Value{
		"s3": types.BoolValue(s3), "lambda": types.BoolValue(lambda),
	})
}

func selectorsFromModel(ctx context.Context, l types.List, diags *diag.Diagnostics) []eventSelector {
	if l.IsNull() || l.IsUnknown() {
		return nil
	}
	var models []advancedSelectorModel
	diags.Append(l.ElementsAs(ctx, &models, false)...)
	out := make([]eventSelector, 0, len(models))
	for _, m := range models {
		sel := eventSelector{Name: m.Name.ValueString()}
		for _, f := range m.FieldSelectors {
			sel.FieldSelectors = append(sel.FieldSelectors, fieldSelector{
				Field:         f.Field.ValueString(),
				Equals:        stringsFromList(ctx, f.Equals, diags),
				StartsWith:    stringsFromList(ctx, f.StartsWith, diags),
				EndsWith:      stringsFromList(ctx, f.EndsWith, diags),
				NotEquals:     stringsFromList(ctx, f.NotEquals, diags),
				NotStartsWith: stringsFromList(ctx, f.NotStartsWith, diags),
				NotEndsWith:   stringsFromList(ctx, f.NotEndsWith, diags),
			})
		}
		out = append(out, sel)
	}
	return out
}

// selectorsKnown reports whether every value inside the list is known, so
// that plan-time validation only judges what it can see.
func selectorsKnown(l types.List) bool {
	return !l.IsUnknown() && !fwvalidators.ContainsUnknown(l)
}

func selectorsValue(ctx context.Context, selectors []eventSelector, diags *diag.Diagnostics) types.List {
	objType := types.ObjectType{AttrTypes: advancedSelectorAttrTypes}
	if len(selectors) == 0 {
		return types.ListNull(objType)
	}
	models := make([]advancedSelectorModel, 0, len(selectors))
	for _, s := range selectors {
		m := advancedSelectorModel{Name: types.StringNull()}
		if s.Name != "" {
			m.Name = types.StringValue(s.Name)
		}
		for _, f := range s.FieldSelectors {
			m.FieldSelectors = append(m.FieldSelectors, fieldSelectorModel{
				Field:         types.StringValue(f.Field),
				Equals:        listFromStrings(f.Equals),
				StartsWith:    listFromStrings(f.StartsWith),
				EndsWith:      listFromStrings(f.EndsWith),
				NotEquals:     listFromStrings(f.NotEquals),
				NotStartsWith: listFromStrings(f.NotStartsWith),
				NotEndsWith:   listFromStrings(f.NotEndsWith),
			})
		}
		models = append(models, m)
	}
	l, d := types.ListValueFrom(ctx, objType, models)
	diags.Append(d...)
	return l
}

func stringMapFromModel(ctx context.Context, m types.Map, diags *diag.Diagnostics) map[string]string {
	out := map[string]string{}
	if m.IsNull() || m.IsUnknown() {
		return out
	}
	diags.Append(m.ElementsAs(ctx, &out, false)...)
	return out
}

// ownTags recovers the resource's `tags` from the tags AWS reports: a key
// the configuration set is kept; a key only present because of the
// provider's default_tags (same value) is dropped; anything else was added
// outside Terraform and is kept so that it shows up as drift.
func ownTags(actual, defaults, prior map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range actual {
		if _, mine := prior[k]; mine {
			out[k] = v
			continue
		}
		if dv, ok := defaults[k]; ok && dv == v {
			continue
		}
		out[k] = v
	}
	return out
}

func tagsValue(tags map[string]string, priorNull bool) types.Map {
	if len(tags) == 0 && priorNull {
		return types.MapNull(types.StringType)
	}
	m, _ := types.MapValueFrom(context.Background(), types.StringType, tags)
	return m
}

func sortedKeys(m map[string]string) []string {
	return slices.Sorted(maps.Keys(m))
}

// trailNameFromImportID accepts a trail name or a trail ARN.
func trailNameFromImportID(id string) string {
	if strings.HasPrefix(id, "arn:") {
		if i := strings.LastIndex(id, ":trail/"); i >= 0 {
			return id[i+len(":trail/"):]
		}
	}
	return id
}

// logGroupNameFromARN extracts the group name from a CloudWatch Logs group
// ARN ("arn:…:log-group:NAME" with an optional ":*").
func logGroupNameFromARN(arn string) string {
	i := strings.Index(arn, ":log-group:")
	if i < 0 {
		return ""
	}
	return strings.TrimSuffix(arn[i+len(":log-group:"):], ":*")
}

// regionFromARN returns the Region field of an ARN.
func regionFromARN(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return ""
	}
	return parts[3]
}

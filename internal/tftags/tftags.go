// Package tftags gives every commshield resource the same `tags` / `tags_all`
// pair: `tags` is what the configuration says, `tags_all` is what lands on the
// AWS objects (provider default_tags overlaid with `tags`). Resources compute
// tags_all in ModifyPlan with PlanTagsAll, so a default_tags change shows up
// as an in-place update.
package tftags

import (
	"context"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
)

// TagsAttribute is the optional `tags` map.
func TagsAttribute() schema.MapAttribute {
	return schema.MapAttribute{
		Optional:            true,
		ElementType:         types.StringType,
		MarkdownDescription: "Tags for every AWS object this resource creates, merged over the provider's `default_tags` (these win on a key clash).",
	}
}

// TagsAllAttribute is the computed `tags_all` map.
func TagsAllAttribute() schema.MapAttribute {
	return schema.MapAttribute{
		Computed:            true,
		ElementType:         types.StringType,
		MarkdownDescription: "All tags applied: the provider's `default_tags` merged with `tags`.",
	}
}

// Map converts a Terraform map of strings (null or unknown → empty).
func Map(ctx context.Context, m types.Map) (map[string]string, diag.Diagnostics) {
	out := map[string]string{}
	if m.IsNull() || m.IsUnknown() {
		return out, nil
	}
	diags := m.ElementsAs(ctx, &out, false)
	return out, diags
}

// FromMap converts tags to a Terraform map value.
func FromMap(ctx context.Context, tags map[string]string) (types.Map, diag.Diagnostics) {
	return types.MapValueFrom(ctx, types.StringType, tags)
}

// PlanTagsAll sets tags_all in the plan from the planned `tags` and the
// client's default tags. Call it from ModifyPlan; it does nothing on destroy
// or before the provider is configured.
func PlanTagsAll(ctx context.Context, client *awsclient.Client, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || client == nil {
		return
	}
	var tags types.Map
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("tags"), &tags)...)
	if resp.Diagnostics.HasError() || tags.IsUnknown() {
		return
	}
	own, diags := Map(ctx, tags)
	resp.Diagnostics.Append(diags...)
	all, diags := FromMap(ctx, client.TagsFor(own))
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("tags_all"), all)...)
}

// OwnTags derives the resource's `tags` from the tags on AWS: the prior value
// when it (over the defaults) still matches, else the remote tags that are
// not provider defaults.
func OwnTags(ctx context.Context, prior types.Map, defaults, remote map[string]string) types.Map {
	if priorTags, d := Map(ctx, prior); !d.HasError() && !prior.IsUnknown() && maps.Equal(awsclient.MergeTags(defaults, priorTags), remote) {
		return prior
	}
	own := map[string]string{}
	for k, v := range remote {
		if dv, ok := defaults[k]; !ok || dv != v {
			own[k] = v
		}
	}
	if len(own) == 0 {
		return types.MapNull(types.StringType)
	}
	m, _ := FromMap(ctx, own)
	return m
}

// AWSTags converts tags to an AWS SDK tag list in key order, so requests
// are reproducible; newTag builds one SDK tag (each service has its own Tag
// type). No tags give a nil list, which leaves Tags out of a request.
func AWSTags[T any](tags map[string]string, newTag func(key, value string) T) []T {
	if len(tags) == 0 {
		return nil
	}
	out := make([]T, 0, len(tags))
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		out = append(out, newTag(k, tags[k]))
	}
	return out
}

// RemovedKeys lists, in key order, the tag keys in before that after no
// longer has: the keys an update must untag, since tagging calls only add or
// overwrite. No removed keys give nil.
func RemovedKeys(before, after map[string]string) []string {
	var removed []string
	for _, k := range slices.Sorted(maps.Keys(before)) {
		if _, ok := after[k]; !ok {
			removed = append(removed, k)
		}
	}
	return removed
}

// Package fwvalidators adapts plain check functions to terraform-plugin-framework
// validators, so one func(string) error serves plan-time validation and
// table-driven unit tests alike.
package fwvalidators

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// StringFunc returns a string validator that reports check's error as an
// attribute diagnostic titled summary. Null and unknown values pass (they are
// checked once known, at apply).
func StringFunc(summary, description string, check func(string) error) validator.String {
	return stringFunc{summary: summary, description: description, check: check}
}

type stringFunc struct {
	summary     string
	description string
	check       func(string) error
}

func (v stringFunc) Description(context.Context) string         { return v.description }
func (v stringFunc) MarkdownDescription(context.Context) string { return v.description }

func (v stringFunc) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, v.summary, err.Error())
	}
}

// ContainsUnknown reports whether v or any value nested in it (list, set,
// map, tuple or object elements) is unknown. Config validation that spans
// attributes judges a value only once all of it is known; until then the
// check waits for apply.
func ContainsUnknown(v attr.Value) bool {
	if v.IsUnknown() {
		return true
	}
	var nested []attr.Value
	switch t := v.(type) {
	case types.List:
		nested = t.Elements()
	case types.Set:
		nested = t.Elements()
	case types.Tuple:
		nested = t.Elements()
	case types.Map:
		for _, e := range t.Elements() {
			nested = append(nested, e)
		}
	case types.Object:
		for _, e := range t.Attributes() {
			nested = append(nested, e)
		}
	}
	for _, e := range nested {
		if ContainsUnknown(e) {
			return true
		}
	}
	return false
}

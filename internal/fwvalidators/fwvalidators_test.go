package fwvalidators

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestContainsUnknown(t *testing.T) {
	t.Parallel()
	known, unknown := types.StringValue("a"), types.StringUnknown()
	list := func(elems ...attr.Value) types.List { return types.ListValueMust(types.StringType, elems) }
	objType := map[string]attr.Type{"names": types.ListType{ElemType: types.StringType}}
	obj := func(names types.List) types.Object {
		return types.ObjectValueMust(objType, map[string]attr.Value{"names": names})
	}
	tests := []struct {
		name string
		v    attr.Value
		want bool
	}{
		{"known scalar", known, false},
		{"unknown scalar", unknown, true},
		{"null list", types.ListNull(types.StringType), false},
		{"unknown list", types.ListUnknown(types.StringType), true},
		{"known list", list(known, known), false},
		{"list with an unknown element", list(known, unknown), true},
		{"set with an unknown element", types.SetValueMust(types.StringType, []attr.Value{unknown}), true},
		{"map with an unknown value", types.MapValueMust(types.StringType, map[string]attr.Value{"k": unknown}), true},
		{"known map", types.MapValueMust(types.StringType, map[string]attr.Value{"k": known}), false},
		{"object with a nested unknown element", obj(list(unknown)), true},
		{"known object", obj(list(known)), false},
		{"list of objects, one nested unknown", types.ListValueMust(types.ObjectType{AttrTypes: objType}, []attr.Value{obj(list(known)), obj(list(unknown))}), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := ContainsUnknown(tt.v); got != tt.want {
				t.Errorf("ContainsUnknown(%v) = %v, want %v", tt.v, got, tt.want)
			}
		})
	}
}

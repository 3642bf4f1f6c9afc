package rules

import (
	"testing"

	"github.com/commshield/terraform-provider-commshield/internal/plan"
	"github.com/zclconf/go-cty/cty"
)

func TestAtNeverPanics(t *testing.T) {
	obj := cty.ObjectVal(map[string]cty.Value{
		"name":    cty.StringVal("x"),
		"ingress": cty.TupleVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"from_port": cty.NumberIntVal(22)})}),
		"tags":    cty.MapVal(map[string]cty.Value{"env": cty.StringVal("prod")}),
		"secret":  cty.StringVal("hunter2").Mark(plan.SensitiveMark),
		"pending": cty.DynamicVal,
		"unset":   cty.NullVal(cty.DynamicPseudoType),
	})
	tests := []struct {
		name string
		path []any
		want State
	}{
		{"attribute", []any{"name"}, Known},
		{"nested block", []any{"ingress", 0, "from_port"}, Known},
		{"index out of range", []any{"ingress", 5, "from_port"}, Null},
		{"missing attribute", []any{"nope", "deeper"}, Null},
		{"map key", []any{"tags", "env"}, Known},
		{"missing map key", []any{"tags", "team"}, Null},
		{"through unknown", []any{"pending", "x", 0}, AfterApply},
		{"through null", []any{"unset", "x"}, Null},
		{"int step on object", []any{3}, Null},
		{"string step on list", []any{"ingress", "x"}, Null},
		{"sensitive", []any{"secret"}, Known},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := StateOf(At(obj, tt.path...)); got != tt.want {
				t.Fatalf("StateOf(At(%v)) = %v, want %v", tt.path, got, tt.want)
			}
		})
	}
	if !Sensitive(At(obj, "secret")) || Display(At(obj, "secret")) != "(sensitive value)" {
		t.Fatal("a sensitive value must stay marked through At and never be displayed")
	}
	if Sensitive(At(obj, "name")) || Display(At(obj, "name")) != `"x"` {
		t.Fatal("an ordinary value must display quoted")
	}
}

func TestScalarReaders(t *testing.T) {
	if b, st := Bool(cty.StringVal("true")); !b || st != Known {
		t.Error(`Bool("true") must read true`)
	}
	if _, st := Bool(cty.UnknownVal(cty.Bool)); st != AfterApply {
		t.Error("Bool(unknown) must be AfterApply")
	}
	if i, st := Int(cty.StringVal("30")); i != 30 || st != Known {
		t.Error(`Int("30") must read 30`)
	}
	if _, st := Int(cty.NumberFloatVal(1.5)); st != Null {
		t.Error("Int(1.5) is not a whole number")
	}
	list := cty.TupleVal([]cty.Value{cty.StringVal("a"), cty.UnknownVal(cty.String)})
	if _, st := Strings(list); st != AfterApply {
		t.Error("a partly unknown list must be AfterApply")
	}
	if s, st := String(cty.NumberIntVal(443)); s != "443" || st != Known {
		t.Errorf("String(443) = %q", s)
	}
}

func TestAttrPath(t *testing.T) {
	if got := AttrPath("ingress", 0, "cidr_blocks"); got != "ingress[0].cidr_blocks" {
		t.Fatalf("got %q", got)
	}
}

// TestContainsMarkedMatchesCty compares containsMarked with cty's own
// Value.ContainsMarked on marks at every depth and in every collection.
func TestContainsMarkedMatchesCty(t *testing.T) {
	s := func(v cty.Value) cty.Value { return v.Mark(plan.SensitiveMark) }
	str := cty.StringVal("x")
	tests := map[string]cty.Value{
		"primitive":               str,
		"marked primitive":        s(str),
		"null":                    cty.NullVal(cty.String),
		"unknown":                 cty.UnknownVal(cty.String),
		"marked unknown":          s(cty.DynamicVal),
		"object":                  cty.ObjectVal(map[string]cty.Value{"a": str, "b": cty.ObjectVal(map[string]cty.Value{"c": str})}),
		"object, deep mark":       cty.ObjectVal(map[string]cty.Value{"a": str, "b": cty.ObjectVal(map[string]cty.Value{"c": s(str)})}),
		"object, unknown member":  cty.ObjectVal(map[string]cty.Value{"a": cty.DynamicVal}),
		"tuple":                   cty.TupleVal([]cty.Value{str, cty.EmptyObjectVal}),
		"tuple, mark in object":   cty.TupleVal([]cty.Value{str, cty.ObjectVal(map[string]cty.Value{"k": s(cty.True)})}),
		"list":                    cty.ListVal([]cty.Value{str, str}),
		"list, marked element":    cty.ListVal([]cty.Value{str, s(str)}),
		"map":                     cty.MapVal(map[string]cty.Value{"a": str}),
		"map, marked element":     cty.MapVal(map[string]cty.Value{"a": s(str), "b": str}),
		"set":                     cty.SetVal([]cty.Value{str}),
		"set, marked element":     cty.SetVal([]cty.Value{s(str), cty.StringVal("y")}),
		"marked object":           s(cty.ObjectVal(map[string]cty.Value{"a": str})),
		"empty object":            cty.EmptyObjectVal,
		"null object in tuple":    cty.TupleVal([]cty.Value{cty.NullVal(cty.EmptyObject)}),
		"unknown list in object":  cty.ObjectVal(map[string]cty.Value{"l": cty.UnknownVal(cty.List(cty.String))}),
		"marked number in object": cty.ObjectVal(map[string]cty.Value{"n": s(cty.NumberIntVal(1)), "m": cty.NumberIntVal(2)}),
	}
	for name, v := range tests {
		t.Run(name, func(t *testing.T) {
			if got, want := containsMarked(v), v.ContainsMarked(); got != want {
				t.Errorf("containsMarked = %v, cty's ContainsMarked = %v", got, want)
			}
		})
	}
}

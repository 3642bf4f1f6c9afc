package plan

import (
	"reflect"
	"testing"

	"github.com/zclconf/go-cty/cty"
)

func TestDecodeJSONValueOverlays(t *testing.T) {
	after := `{"bucket":"b","tags":{"Name":"x"},"rule":[{"id":"r1","days":30},null],"enabled":true,"size":1.5,"nothing":null,"esc":"a\"b\u00e9"}`
	unknown := `{"arn":true,"id":true,"rule":[{"prefix":true},true],"tags":{}}`
	sensitive := `{"tags":{"Name":true},"rule":[{"id":true}]}`
	v, err := decodeJSONValue([]byte(after), []byte(unknown), []byte(sensitive))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		path      []any
		known     bool
		sensitive bool
		str       string
	}{
		{"plain string", []any{"bucket"}, true, false, "b"},
		{"unknown attribute absent from after", []any{"arn"}, false, false, ""},
		{"unknown list element", []any{"rule", 1}, false, false, ""},
		{"unknown nested attribute", []any{"rule", 0, "prefix"}, false, false, ""},
		{"through unknown", []any{"rule", 1, "id"}, false, false, ""},
		{"sensitive map value", []any{"tags", "Name"}, true, true, "x"},
		{"sensitive nested", []any{"rule", 0, "id"}, true, true, "r1"},
		{"escaped string", []any{"esc"}, true, false, "a\"bé"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Get(v, tc.path...)
			if IsKnown(got) != tc.known {
				t.Errorf("known = %v, want %v (%#v)", IsKnown(got), tc.known, got)
			}
			if IsSensitive(got) != tc.sensitive {
				t.Errorf("sensitive = %v, want %v", IsSensitive(got), tc.sensitive)
			}
			if tc.str != "" {
				if s, ok := String(got); !ok || s != tc.str {
					t.Errorf("String = %q, %v; want %q", s, ok, tc.str)
				}
			}
		})
	}
	if n, ok := Number(Get(v, "size")); !ok || n != 1.5 {
		t.Errorf("Number = %v %v", n, ok)
	}
	if _, ok := Int(Get(v, "size")); ok {
		t.Errorf("Int of 1.5 must fail")
	}
	if d, ok := Int(Get(v, "rule", 0, "days")); !ok || d != 30 {
		t.Errorf("Int = %v %v", d, ok)
	}
	if b, ok := Bool(Get(v, "enabled")); !ok || !b {
		t.Errorf("Bool = %v %v", b, ok)
	}
	if !Get(v, "nothing").IsNull() || !Get(v, "missing", "deeper", 3).IsNull() {
		t.Errorf("missing paths must be null")
	}
	if got, want := UnknownPaths(v), []string{"arn", "id", "rule[0].prefix", "rule[1]"}; !reflect.DeepEqual(got, want) {
		t.Errorf("UnknownPaths = %v, want %v", got, want)
	}
}

func TestDecodeWholeValueUnknown(t *testing.T) {
	v, err := decodeJSONValue([]byte(`null`), []byte(`true`), nil)
	if err != nil || v.IsKnown() {
		t.Fatalf("got %#v, %v; want unknown", v, err)
	}
	if got := Get(v, "a", 0); got.IsKnown() {
		t.Errorf("Get through unknown must be unknown")
	}
	if got := UnknownPaths(v); !reflect.DeepEqual(got, []string{""}) {
		t.Errorf("UnknownPaths = %v", got)
	}
}

func TestHelpersRejectWrongShapes(t *testing.T) {
	if _, ok := String(cty.NilVal); ok {
		t.Error("String(NilVal)")
	}
	if _, ok := String(cty.EmptyObjectVal); ok {
		t.Error("String(object)")
	}
	if _, ok := StringList(cty.TupleVal([]cty.Value{cty.StringVal("a"), cty.DynamicVal})); ok {
		t.Error("StringList with unknown element must fail")
	}
	if l, ok := StringList(cty.TupleVal([]cty.Value{cty.StringVal("a"), cty.StringVal("b").Mark(SensitiveMark)})); !ok || !reflect.DeepEqual(l, []string{"a", "b"}) {
		t.Errorf("StringList = %v %v", l, ok)
	}
	if b, ok := Bool(cty.StringVal("false")); !ok || b {
		t.Errorf("Bool(\"false\") = %v %v", b, ok)
	}
	if got := Get(cty.NilVal, "a"); !got.IsNull() {
		t.Error("Get(NilVal) must be null")
	}
	marked := cty.ObjectVal(map[string]cty.Value{"a": cty.StringVal("x")}).Mark(SensitiveMark)
	if !IsSensitive(Get(marked, "a")) {
		t.Error("a mark on the parent must reach the child")
	}
}

// TestOverlaysWithoutTrueMarkNothing: overlays that never say true are
// skipped without parsing, except an unknown overlay of a null value.
func TestOverlaysWithoutTrueMarkNothing(t *testing.T) {
	plain, err := decodeJSONValue([]byte(`{"a":"x","l":[1,2],"o":{"p":null}}`), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	overlay := []byte(`{"a":false,"l":[false,false],"o":{"p":false},"absent":{}}`)
	got, err := decodeJSONValue([]byte(`{"a":"x","l":[1,2],"o":{"p":null}}`), overlay, overlay)
	if err != nil {
		t.Fatal(err)
	}
	if !got.RawEquals(plain) {
		t.Fatalf("got %#v, want %#v", got, plain)
	}
	null, err := decodeJSONValue([]byte(`null`), []byte(`{"a":false}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	if null.IsKnown() {
		t.Fatalf("null value with a non-empty unknown overlay = %#v, want unknown", null)
	}
}

package plan

import (
	"fmt"
	"sync"
	"testing"
)

// TestInternedValuesMatchCty proves that values built with shared types
// (valueOf) are the values cty.ObjectVal/cty.TupleVal build: same type, same
// contents, same behaviour under cty operations.
func TestInternedValuesMatchCty(t *testing.T) {
	if !ctyValueLayoutOK {
		t.Fatal("cty.Value layout changed: shared types are disabled; update ctyValueLayout")
	}
	cases := []struct {
		name                    string
		raw, unknown, sensitive string
	}{
		{name: "flat object", raw: `{"a":"x","b":1,"c":true,"d":null}`},
		{name: "nested", raw: `{"tags":{"Name":"n","Env":"p"},"ingress":[{"from_port":22,"cidr_blocks":["0.0.0.0/0"]},{"from_port":443,"cidr_blocks":[]}],"o":{}}`},
		{name: "mixed tuple", raw: `[1,"a",{"k":[true,null]},[],{}]`},
		{name: "unknown overlay", raw: `{"a":"x","l":[{"p":1}]}`, unknown: `{"id":true,"arn":true,"a":true,"l":[{"q":true}],"m":{"z":true}}`},
		{name: "sensitive overlay", raw: `{"a":"x","s":{"p":"secret"}}`, sensitive: `{"s":{"p":true}}`},
		{name: "duplicate key", raw: `{"a":1,"a":"two"}`},
		{name: "non-ASCII key", raw: `{"cafe\u0301":1,"b":[1]}`},
		{name: "scalar", raw: `"s"`},
	}
	types := newTypeCache()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want, err := decodeJSONValue([]byte(tc.raw), []byte(tc.unknown), []byte(tc.sensitive))
			if err != nil {
				t.Fatal(err)
			}
			for round := range 2 { // the second round hits the cache
				got, err := decodeJSONValueTyped([]byte(tc.raw), []byte(tc.unknown), []byte(tc.sensitive), types)
				if err != nil {
					t.Fatal(err)
				}
				if !got.Type().Equals(want.Type()) {
					t.Fatalf("round %d: type %#v, want %#v", round, got.Type(), want.Type())
				}
				if !got.RawEquals(want) {
					t.Fatalf("round %d: value %#v, want %#v", round, got, want)
				}
				if got.IsWhollyKnown() != want.IsWhollyKnown() || (got.CanIterateElements() && got.LengthInt() != want.LengthInt()) {
					t.Fatalf("round %d: operations differ", round)
				}
				if eq, _ := got.Equals(want).Unmark(); eq.IsKnown() && eq.False() {
					t.Fatalf("round %d: Equals false", round)
				}
			}
		})
	}
}

// TestTypeCacheSharesShapes: objects of one shape share one type, so the
// cache grows with the shapes, not with the instances.
func TestTypeCacheSharesShapes(t *testing.T) {
	types := newTypeCache()
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Go(func() {
			raw := fmt.Sprintf(`{"name":"b%d","tags":{"Name":"b%d"},"rules":[{"port":%d}]}`, i, i, i)
			v, err := decodeJSONValueTyped([]byte(raw), []byte(`{"id":true,"arn":true}`), nil, types)
			if err != nil {
				t.Error(err)
				return
			}
			if got, _ := String(Get(v, "tags", "Name")); got != fmt.Sprintf("b%d", i) {
				t.Errorf("tags.Name = %q", got)
			}
		})
	}
	wg.Wait()
	// tags object, rules element object, rules tuple, outer object.
	if n := len(types.byShape); n != 4 {
		t.Fatalf("%d shapes cached, want 4", n)
	}
}

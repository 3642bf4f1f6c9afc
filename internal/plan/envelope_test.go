package plan

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkEnvelopeMatches asserts the envelope decoder's contract on data:
// when it accepts the input, json.Unmarshal accepts it too and decodes the
// same structs. It reports whether the envelope decoder accepted.
func checkEnvelopeMatches(t *testing.T, data []byte) bool {
	t.Helper()
	var fast rawPlan
	accepted := decodeEnvelope(data, &fast)
	var std rawPlan
	err := json.Unmarshal(data, &std)
	if !accepted {
		return false
	}
	if err != nil {
		t.Fatalf("envelope decoder accepted input that encoding/json rejects (%v): %.200q", err, data)
	}
	if !reflect.DeepEqual(fast, std) {
		t.Fatalf("envelope decoder and encoding/json disagree on %.200q:\nfast: %+v\nstd:  %+v", data, fast, std)
	}
	return true
}

func TestEnvelopeDecodesRealPlans(t *testing.T) {
	paths, _ := filepath.Glob("testdata/corpus/*.json")
	fixtures, _ := filepath.Glob("testdata/fixtures/*/plan.json")
	paths = append(paths, fixtures...)
	if len(paths) == 0 {
		t.Fatal("no plans in testdata")
	}
	for _, path := range paths {
		t.Run(filepath.Base(filepath.Dir(path))+"/"+filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !checkEnvelopeMatches(t, data) {
				t.Errorf("the envelope decoder declined a real plan; it would be decoded by the slower encoding/json path")
			}
		})
	}
}

func TestEnvelopeDecoderEdgeCases(t *testing.T) {
	deep := strings.Repeat("[", 3000) + strings.Repeat("]", 3000)
	tests := []struct {
		name   string
		input  string
		accept bool // whether the envelope decoder itself must decode it
	}{
		{"minimal", `{"format_version":"1.2"}`, true},
		{"whitespace everywhere", " {\n\t\"format_version\" : \"1.2\" ,\r\n \"resource_changes\" : [ ] } \n", true},
		{"empty arrays are non-nil", `{"resource_changes":[],"resource_drift":[]}`, true},
		{"null fields", `{"format_version":null,"errored":null,"variables":null,"planned_values":null,"resource_changes":null,"prior_state":null,"configuration":null,"values":null,"version":null,"lineage":null,"provider_schemas":null}`, true},
		{"null elements and members", `{"resource_changes":[null,{"change":null,"index":null}],"variables":{"a":null,"b":{"value":null}},"configuration":{"root_module":{"outputs":{"o":null},"module_calls":{"m":null},"variables":{"v":null},"resources":[null]}}}`, true},
		{"null actions element", `{"resource_changes":[{"change":{"actions":[null,"create"]}}]}`, true},
		{"unknown fields of every type", `{"x":1,"y":[true,false,null,-0.5e+3,"s",{"k":[]}],"z":{},"resource_changes":[{"q":{"a":[1]},"change":{"w":2}}]}`, true},
		{"escapes in strings and map keys", `{"format_version":"1\u002e2","variables":{"a\"b":{"value":"\n"}},"configuration":{"root_module":{"resources":[{"address":"x\/y","expressions":{"\u00e9":{"constant_value":"\ud83d\ude00"}}}]}}}`, true},
		{"escaped field name", `{"format_v\u0065rsion":"1.2"}`, true},
		{"non-ASCII strings", `{"terraform_version":"é ü 😀","resource_changes":[{"address":"aws_s3_bucket.b[\"ü\"]"}]}`, true},
		{"invalid UTF-8 in a string", "{\"terraform_version\":\"a\xffb\",\"variables\":{\"k\xfe\":{\"value\":\"\xff\"}}}", true},
		{"raw values keep their bytes", `{"resource_changes":[{"change":{"before":{"a" : [1, 2]},"after":"s","after_unknown":true,"replace_paths":[["a",0]],"importing":{"id":"x"}}}]}`, true},
		{"nested modules", `{"planned_values":{"root_module":{"child_modules":[{"address":"module.a","child_modules":[{"address":"module.a.module.b","resources":[{"address":"module.a.module.b.aws_vpc.v","index":"k","values":{}}]}]}]}},"prior_state":{"values":{"root_module":{}}}}`, true},
		{"module call with module", `{"configuration":{"root_module":{"module_calls":{"m":{"source":"./m","expressions":{"x":{}},"count_expression":{},"for_each_expression":{},"module":{"resources":[{"address":"aws_vpc.v","count_expression":{"constant_value":2}}]}}}}}}`, true},
		{"numbers", `{"x":[0,-0,1.5,-1e10,2E-3,1e+2,123456789012345678901234567890]}`, true},

		{"duplicate field", `{"format_version":"1.0","format_version":"1.2"}`, false},
		{"duplicate struct field merges in encoding/json", `{"planned_values":{"root_module":{"address":"a"}},"planned_values":{"x":1}}`, false},
		{"duplicate map key: last wins", `{"variables":{"a":{"value":1},"a":{"value":2}}}`, true},
		{"case-folded field name", `{"Format_Version":"1.2"}`, false},
		{"Kelvin sign folds to k", "{\"loc\u212A\":1}", false},
		{"top-level null", `null`, false},
		{"top-level array", `[]`, false},
		{"wrong field type", `{"format_version":1.2}`, false},
		{"wrong element type", `{"resource_changes":[1]}`, false},
		{"bool as string", `{"errored":"true"}`, false},
		{"trailing garbage", `{"format_version":"1.2"} x`, false},
		{"two values", `{} {}`, false},
		{"truncated", `{"resource_changes":[{"change":{"after":{"a":`, false},
		{"truncated string", `{"format_version":"1.`, false},
		{"leading zero", `{"x":01}`, false},
		{"bare minus", `{"x":-}`, false},
		{"dot without digits", `{"x":1.}`, false},
		{"exponent without digits", `{"x":1e}`, false},
		{"bad escape", `{"x":"\q"}`, false},
		{"short unicode escape", `{"x":"\u12"}`, false},
		{"control character in string", "{\"x\":\"a\tb\"}", false},
		{"trailing comma in object", `{"x":1,}`, false},
		{"trailing comma in array", `{"x":[1,]}`, false},
		{"missing colon", `{"x" 1}`, false},
		{"unquoted key", `{x:1}`, false},
		{"literal prefix", `{"x":nul}`, false},
		{"literal with suffix", `{"errored":truex}`, false},
		{"deep nesting", `{"x":` + deep + `}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			accepted := checkEnvelopeMatches(t, []byte(tt.input))
			if accepted != tt.accept {
				t.Errorf("envelope decoder accepted = %v, want %v", accepted, tt.accept)
			}
		})
	}
}

// FuzzEnvelopeMatchesEncodingJSON checks the envelope decoder against
// encoding/json: whatever it accepts, json.Unmarshal must accept and decode
// to the same structs.
//
//	go test ./internal/plan -run '^$' -fuzz FuzzEnvelopeMatchesEncodingJSON -fuzztime 30s
func FuzzEnvelopeMatchesEncodingJSON(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/corpus/*.json")
	for _, path := range seeds {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		if len(data) > 8<<10 {
			data = data[:8<<10]
		}
		f.Add(data)
	}
	f.Add([]byte(`{"resource_changes":[{"address":"a","index":0,"change":{"actions":["create"],"after":{"a":[1,"x",null,true]}}}],"variables":{"v":{"value":"\u00e9"}}}`))
	f.Add([]byte(`{"configuration":{"root_module":{"module_calls":{"m":{"module":{"outputs":{"o":{"expression":{},"sensitive":true}}}}}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkEnvelopeMatches(t, data)
	})
}

// FuzzUnquoteSimple checks unquoteSimple against encoding/json on the
// bodies of valid JSON strings.
func FuzzUnquoteSimple(f *testing.F) {
	for _, seed := range []string{``, `plain`, `module.a[\"x\"]`, `\\\/\b\f\n\r\t`, `é\"ü`, `\u00e9`, `{\"Statement\":[]}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		quoted := append(append([]byte{'"'}, body...), '"')
		if !json.Valid(quoted) || !utf8.Valid(body) {
			return
		}
		var want string
		if err := json.Unmarshal(quoted, &want); err != nil {
			t.Fatal(err)
		}
		got, ok := unquoteSimple(body)
		if ok && got != want {
			t.Fatalf("unquoteSimple(%q) = %q, encoding/json gives %q", body, got, want)
		}
		if !ok && !strings.Contains(string(body), `\u`) {
			t.Fatalf("unquoteSimple(%q) declined a string without \\u escapes", body)
		}
	})
}

// FuzzAnyValueMatchesEncodingJSON checks the overlay reader (parseAny's
// fast path) against json.Unmarshal into `any`.
func FuzzAnyValueMatchesEncodingJSON(f *testing.F) {
	for _, seed := range []string{`true`, `{"a":true,"b":{"c":[true,false,null]},"a":false}`, `[]`, `{}`, `[1,-2.5e3,"x\"y",{"k\u00e9":null}]`, `1e999`, `{"a":[[[]]]}`, ` [ true , { } ] `} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d := envelopeDecoder{data: data}
		fast, ok := d.anyValue()
		d.ws()
		ok = ok && d.pos == len(data)
		var std any
		err := json.Unmarshal(data, &std)
		if ok && err != nil {
			t.Fatalf("overlay reader accepted %q, which encoding/json rejects: %v", data, err)
		}
		if ok && !reflect.DeepEqual(fast, std) {
			t.Fatalf("overlay reader and encoding/json disagree on %q: %#v vs %#v", data, fast, std)
		}
		if err == nil {
			got, perr := parseAny(data)
			if perr != nil || !reflect.DeepEqual(got, std) {
				t.Fatalf("parseAny(%q) = %#v, %v; encoding/json gives %#v", data, got, perr, std)
			}
		}
	})
}

// TestEnvelopeDecodesEveryRawField builds, from the raw* struct types by
// reflection, a plan in which every field is present and non-zero, so that
// a field added to raw.go but not to the envelope decoder is caught
// (encoding/json would fill it, the envelope decoder would not).
func TestEnvelopeDecodesEveryRawField(t *testing.T) {
	var sample func(ty reflect.Type, depth int) any
	sample = func(ty reflect.Type, depth int) any {
		switch {
		case ty == reflect.TypeFor[rawValue]() || ty == reflect.TypeFor[json.RawMessage]():
			return map[string]any{"k": []any{1, "v", true}}
		case ty.Kind() == reflect.String:
			return "s"
		case ty.Kind() == reflect.Bool:
			return true
		case ty.Kind() == reflect.Pointer:
			return sample(ty.Elem(), depth)
		case ty.Kind() == reflect.Slice:
			if depth > 2 {
				return []any{}
			}
			return []any{sample(ty.Elem(), depth+1)}
		case ty.Kind() == reflect.Map:
			if depth > 2 {
				return map[string]any{}
			}
			return map[string]any{"m": sample(ty.Elem(), depth+1)}
		case ty.Kind() == reflect.Struct:
			obj := map[string]any{}
			for f := range ty.Fields() {
				name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				if name == "" {
					t.Fatalf("%s.%s has no json name", ty.Name(), f.Name)
				}
				obj[name] = sample(f.Type, depth)
			}
			return obj
		}
		t.Fatalf("no sample for %s", ty)
		return nil
	}
	data, err := json.Marshal(sample(reflect.TypeFor[rawPlan](), 0))
	if err != nil {
		t.Fatal(err)
	}
	if !checkEnvelopeMatches(t, data) {
		t.Fatalf("the envelope decoder declined a plan of every raw field: %s", data)
	}
}

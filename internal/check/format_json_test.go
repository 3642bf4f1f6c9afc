package check

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/commshield/terraform-provider-commshield/internal/controls"
	"github.com/commshield/terraform-provider-commshield/internal/rules"
)

// trickyJSONStrings are strings whose JSON encoding differs from Go
// quoting or needs care: quotes and backslashes, every kind of control
// character, HTML-significant characters (escaped, as encoding/json does
// by default), U+2028/U+2029, invalid and truncated UTF-8, DEL, multi-byte
// runes and the text the engine puts in place of sensitive values.
var trickyJSONStrings = []string{
	"",
	"plain ascii",
	`say "hi" \ back\slash`,
	"\x00\x01\x07\b\t\n\v\f\r\x1b\x1f",
	"<script>alert('x')</script> & more",
	"line\u2028separator\u2029paragraph",
	"\u2027\u202a near the separators",
	"bad \xff byte, truncated \xe2\x80, lone continuation \x80 and surrogate \xed\xa0\x80",
	"\x7f del",
	"ünïcödé ✅ 日本語 🚀",
	"\ufffd literal replacement character",
	`password = "(sensitive value)" for aws_db_instance.main["<prod>"]`,
	"trailing invalid \xc3",
}

// fullResult sets every field of Result, nested ones included, with tricky
// strings; TestFullResultSetsEveryField keeps it so when Result grows.
func fullResult() Result {
	return Result{
		Plan: "plans/<prod>.json", RuleID: "LOG-R01", Title: `Title with "quotes" & <tags>`,
		Controls: []string{"LOG-01", "GEN-\u2028"}, Category: "Logging", Severity: rules.Severity("high"),
		Status: StatusWaived, Verdict: rules.StatusFail, Enforcement: Soft, Enforced: true,
		Address: `aws_s3_bucket.b["<a&b>"]`, ResourceType: "aws_s3_bucket", Action: "create",
		Attribute: "logging[0].target_bucket", Message: "line one\nline \"two\"\t\x01 (sensitive value) \xff",
		Unknown:  &UnknownInfo{Value: "after apply", From: []string{"var.x", "module.m.output\u2029"}},
		Chain:    []ChainStep{{From: "a", Via: "var.v", To: "b"}, {From: "b", To: "c"}},
		Location: &Location{File: "main.tf", Line: 3, Column: 1, EndLine: 12, EndColumn: 2},
		Waiver: &WaiverInfo{Index: 2, Line: 14, Rule: "LOG-R01", Control: "LOG-01", Address: "aws_s3_bucket.*",
			Reason: "accepted <until> migration", Owner: "team@example.com", Expires: "2027-01-31"},
		Fingerprint: "0123abcd",
	}
}

// TestFullResultSetsEveryField guards the encoder comparison: a field
// added to Result (or to a struct inside it) but left zero in fullResult
// would never be compared, so this fails until fullResult sets it.
func TestFullResultSetsEveryField(t *testing.T) {
	var walk func(path string, v reflect.Value)
	walk = func(path string, v reflect.Value) {
		if v.IsZero() {
			t.Errorf("fullResult leaves %s zero: set it so that the JSON encoder comparison covers it", path)
			return
		}
		switch v.Kind() {
		case reflect.Pointer:
			walk(path, v.Elem())
		case reflect.Slice:
			for i := range v.Len() {
				if v.Index(i).Kind() == reflect.Struct {
					walk(path+"[i]", v.Index(i))
					return
				}
			}
		case reflect.Struct:
			for i := range v.NumField() {
				walk(path+"."+v.Type().Field(i).Name, v.Field(i))
			}
		}
	}
	walk("Result", reflect.ValueOf(fullResult()))
}

// TestResultJSONMatchesEncodingJSON: appendResultJSON writes what
// json.MarshalIndent writes for the same result at the report's
// indentation, for every optional field set or not, nil and empty slices,
// and tricky strings in every string field.
func TestResultJSONMatchesEncodingJSON(t *testing.T) {
	full := fullResult()
	cases := map[string]Result{
		"zero":                 {},
		"full":                 full,
		"empty controls":       {RuleID: "NET-R02", Controls: []string{}, Address: "aws_vpc.main", Status: StatusPass},
		"one control":          {RuleID: "NET-R02", Controls: []string{"NET-01"}},
		"unknown without from": {Unknown: &UnknownInfo{Value: "v"}},
		"unknown empty from":   {Unknown: &UnknownInfo{Value: "v", From: []string{}}},
		"empty chain":          {Chain: []ChainStep{}},
		"chain without via":    {Chain: []ChainStep{{From: "a", To: "b"}}},
		"location start only":  {Location: &Location{File: "a.tf", Line: 1, Column: 0}},
		"negative line":        {Location: &Location{File: "a.tf", Line: -1, Column: -20, EndLine: -1, EndColumn: -3}},
		"one-line range":       {Location: &Location{File: "a.tf", Line: 1, Column: 1, EndLine: 1, EndColumn: 1}},
		"waiver for control":   {Waiver: &WaiverInfo{Control: "LOG-01", Address: "*"}},
		"empty waiver":         {Waiver: &WaiverInfo{}},
	}
	for i, s := range trickyJSONStrings {
		r := full
		r.Plan, r.RuleID, r.Title, r.Category, r.Address, r.ResourceType, r.Action = s, s, s, s, s, s, s
		r.Attribute, r.Message, r.Fingerprint = s, s, s
		r.Severity, r.Status, r.Verdict, r.Enforcement = rules.Severity(s), Status(s), rules.Status(s), Enforcement(s)
		r.Controls = []string{s, s}
		r.Unknown = &UnknownInfo{Value: s, From: []string{s}}
		r.Chain = []ChainStep{{From: s, Via: s, To: s}}
		r.Location = &Location{File: s, Line: 1 << 40, Column: 7}
		r.Waiver = &WaiverInfo{Index: -1, Rule: s, Control: s, Address: s, Reason: s, Owner: s, Expires: s}
		cases["tricky "+string(rune('a'+i))] = r
	}
	for name, r := range cases {
		t.Run(name, func(t *testing.T) {
			want, err := json.MarshalIndent(&r, "    ", "  ")
			if err != nil {
				t.Fatal(err)
			}
			if got := appendResultJSON(nil, &r); !bytes.Equal(got, want) {
				t.Fatalf("appendResultJSON differs from encoding/json:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// TestJSONStringMatchesEncodingJSON: appendJSONString writes each tricky
// string as json.Marshal does, HTML escaping included, and appends to
// what is already in the buffer.
func TestJSONStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range trickyJSONStrings {
		t.Run(strings.ToValidUTF8(s, "?"), func(t *testing.T) {
			want, err := json.Marshal(s)
			if err != nil {
				t.Fatal(err)
			}
			got := appendJSONString([]byte("prefix:"), s)
			if string(got) != "prefix:"+string(want) {
				t.Fatalf("appendJSONString(%q) = %s, want prefix:%s", s, got, want)
			}
		})
	}
}

// FuzzJSONStringMatchesEncodingJSON compares the string escaper with
// encoding/json on arbitrary bytes.
//
//	go test ./internal/check -run '^$' -fuzz FuzzJSONStringMatchesEncodingJSON -fuzztime 1m
func FuzzJSONStringMatchesEncodingJSON(f *testing.F) {
	for _, s := range trickyJSONStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
	})
}

// FuzzResultJSONMatchesEncodingJSON compares whole results whose strings,
// optional parts and numbers come from the fuzzer.
func FuzzResultJSONMatchesEncodingJSON(f *testing.F) {
	f.Add("aws_s3_bucket.b", "msg \"x\" <y>", "", 3, true)
	f.Add("\u2028", "\xff\xfe", "via", -1, false)
	f.Fuzz(func(t *testing.T, address, message, via string, line int, optional bool) {
		r := fullResult()
		r.Address, r.Message, r.Attribute, r.Action = address, message, via, via
		r.Chain = []ChainStep{{From: address, Via: via, To: message}}
		r.Location.Line, r.Location.EndColumn = line, line
		r.Controls = strings.Fields(message)
		if !optional {
			r.Unknown, r.Location, r.Waiver, r.Chain = nil, nil, nil, nil
		}
		want, err := json.MarshalIndent(&r, "    ", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if got := appendResultJSON(nil, &r); !bytes.Equal(got, want) {
			t.Fatalf("appendResultJSON differs from encoding/json:\n%s\nwant:\n%s", got, want)
		}
	})
}

// TestStreamedJSONMatchesEncoder: the streamed JSON report is byte for byte
// the whole-report encoding, for no, zero, several and enough results to
// be written in several chunks (nested fields, HTML-escaped characters,
// multi-line messages).
func TestStreamedJSONMatchesEncoder(t *testing.T) {
	results := []Result{
		fullResult(),
		{Plan: "p.json", RuleID: "NET-R02", Controls: []string{}, Address: "aws_vpc.main", Fingerprint: "f2"},
		{Plan: "p.json", RuleID: "NET-R03", Address: "aws_vpc.main", Fingerprint: "f3"},
	}
	var many []Result
	for len(many)*200 < 3*jsonFlushSize {
		many = append(many, results...)
	}
	cases := []struct {
		name    string
		results []Result
	}{
		{"nil results", nil},
		{"no results", []Result{}},
		{"one result", results[:1]},
		{"three results", results},
		{"several chunks", many},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rep := &Report{SchemaVersion: "1", Plans: []PlanInfo{{Source: "p.json"}}, Results: tc.results, ExitCode: 1,
				Controls: []ControlState{{ID: "LOG-01", Counts: map[Status]int{StatusFail: 1, StatusPass: 2}}}}
			var want, got bytes.Buffer
			if err := writeJSONWhole(&want, rep); err != nil {
				t.Fatal(err)
			}
			if err := writeJSON(&got, rep); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Fatalf("streamed report differs:\n%s\nwant:\n%s", got.Bytes(), want.Bytes())
			}
		})
	}
}

// BenchmarkJSONReport measures writing the JSON report of the
// 15k-instance plan (every rule; ~100k results) alone, against the whole
// report through encoding/json (Encoder with SetIndent) as the reference.
//
//	go test ./internal/check -run '^$' -bench BenchmarkJSONReport -benchtime 5x
func BenchmarkJSONReport(b *testing.B) {
	rep := benchReport(b, 15000)
	for _, bc := range []struct {
		name  string
		write func(io.Writer, *Report) error
	}{
		{"streamed", writeJSON},
		{"encoding-json", writeJSONWhole},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var size countingWriter
			if err := bc.write(&size, rep); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				if err := bc.write(io.Discard, rep); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

type countingWriter int

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}

// benchReport builds the report of the demo plan scaled by plangen to n
// instances, as `check` does with default settings.
func benchReport(b *testing.B, instances int) *Report {
	b.Helper()
	path, _ := writeScaledDemoPlan(b, instances)
	ctx := context.Background()
	p, err := loadPlan(ctx, path, nil, "")
	if err != nil {
		b.Fatal(err)
	}
	all := rules.All()
	engine, err := rules.NewEngine(all, rules.Options{})
	if err != nil {
		b.Fatal(err)
	}
	results, err := engine.Check(ctx, p)
	if err != nil {
		b.Fatal(err)
	}
	catalog := controls.Load()
	cfg, err := LoadConfig("", all, catalog)
	if err != nil {
		b.Fatal(err)
	}
	return buildReport(reportInput{
		plans: []checkedPlan{newCheckedPlan(p, results, false)}, rules: engine.Rules(), catalog: catalog, config: cfg,
		unknown: "warn", now: fixedNow, version: "bench", settings: RunSettings{Unknown: "warn", Scope: "all"},
	})
}

package check

import (
	"bytes"
	"testing"
)

// TestStreamedJSONMatchesEncoder: the streamed JSON report is byte for byte
// the whole-report encoding, for no, zero and several results (nested
// fields, HTML-escaped characters, multi-line messages).
func TestStreamedJSONMatchesEncoder(t *testing.T) {
	results := []Result{
		{Plan: "p.json", RuleID: "LOG-R01", Controls: []string{"LOG-01"}, Address: `aws_s3_bucket.b["<a&b>"]`,
			Message: "line one\nline \"two\"", Unknown: &UnknownInfo{Value: "after apply", From: []string{"x", "y"}},
			Chain:    []ChainStep{{From: "a", Via: "var.v", To: "b"}, {From: "b", To: "c"}},
			Location: &Location{File: "main.tf", Line: 3, Column: 1}, Fingerprint: "f1"},
		{Plan: "p.json", RuleID: "NET-R02", Controls: []string{}, Address: "aws_vpc.main", Fingerprint: "f2"},
	}
	cases := []struct {
		name    string
		results []Result
	}{
		{"nil results", nil},
		{"no results", []Result{}},
		{"one result", results[:1]},
		{"two results", results},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rep := &Report{SchemaVersion: "1", Plans: []PlanInfo{{Source: "p.json"}}, Results: tc.results, ExitCode: 1}
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

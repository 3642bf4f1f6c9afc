package main

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestAddressMatches(t *testing.T) {
	tests := []struct {
		tool, want string
		aliases    []string
		match      bool
	}{
		{`aws_s3_bucket.a`, `aws_s3_bucket.a`, nil, true},
		{`aws_s3_bucket.a`, `aws_s3_bucket.ab`, nil, false},
		// A tool that drops instance keys names every instance.
		{`aws_s3_bucket.t`, `aws_s3_bucket.t["x"]`, nil, true},
		{`module.m.aws_kms_key.k`, `module.m[1].aws_kms_key.k`, nil, true},
		// With keys, only the same instance.
		{`aws_s3_bucket.t["y"]`, `aws_s3_bucket.t["x"]`, nil, false},
		{`aws_s3_bucket.c[1]`, `aws_s3_bucket.c[1]`, nil, true},
		// Aliases: the finding landed on the bucket's public access block.
		{`aws_s3_bucket_public_access_block.p`, `aws_s3_bucket.b`, []string{`aws_s3_bucket_public_access_block.p`}, true},
	}
	for _, tt := range tests {
		if got := addressMatches(tt.tool, tt.want, tt.aliases); got != tt.match {
			t.Errorf("addressMatches(%q, %q, %v) = %v, want %v", tt.tool, tt.want, tt.aliases, got, tt.match)
		}
	}
}

// The names are the ones Trivy v0.74 printed for these resources of the
// accuracy plans (testdata/trivy-*.json).
func TestTrivyName(t *testing.T) {
	tests := []struct{ address, want string }{
		{`aws_kms_key.static`, `aws_kms_key.static`},
		{`aws_kms_key.by_purpose["logs"]`, `aws_kms_key.by_purpose["logs"]`}, // root keys: compared by shape
		{`module.keys[1].aws_kms_key.this`, `aws_kms_key.this_942b4442f76326a2a696ff374b17b2a7`},
		{`module.bare["x"].aws_s3_bucket.this`, `aws_s3_bucket.this_6d93252997cdead6a30849da5627f88a`},
		{`module.org_trail.aws_cloudtrail.this`, `aws_cloudtrail.this_54ea0f2b190960dc81bd4825d2852dd0`},
		// A counted resource inside a module loses its own key, not its module's.
		{`module.disks[1].aws_ebs_volume.this[3]`, `aws_ebs_volume.this_406c02f77a77ce733cefeb066b83a7b5`},
	}
	for _, tt := range tests {
		if got := trivyName(tt.address); got != tt.want {
			t.Errorf("trivyName(%q) = %q, want %q", tt.address, got, tt.want)
		}
	}
}

func TestJudge(t *testing.T) {
	ids := map[string]string{"CKV2_AWS_6": "NET-R16", "NET-R16": "NET-R16"}
	bucket := expectation{Address: "aws_s3_bucket.b", Rule: "NET-R16"}
	failing := []finding{{Rule: "CKV2_AWS_6", Address: "aws_s3_bucket.b", Status: "fail"}}
	otherRule := []finding{{Rule: "CKV_AWS_18", Address: "aws_s3_bucket.b", Status: "fail"}}
	undecidable := []finding{{Rule: "NET-R16", Address: "aws_s3_bucket.b", Status: "undecidable"}}
	passing := []finding{{Rule: "NET-R16", Address: "aws_s3_bucket.b", Status: "pass"}}
	tests := []struct {
		name     string
		want     string
		findings []finding
		out      outcome
	}{
		{"fail found", "fail", failing, correct},
		{"fail missed", "fail", nil, missed},
		{"unmapped rule does not count", "fail", otherRule, missed},
		{"false failure", "pass", failing, falseFailure},
		{"pass by silence", "pass", nil, correct},
		{"explicit pass", "pass", passing, correct},
		{"undecidable on a pass", "pass", undecidable, undecided},
		{"undecidable on a fail", "fail", undecidable, undecided},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := bucket
			v.Want = tt.want
			if got := judge(tool{}, ids, tt.findings, v); got != tt.out {
				t.Errorf("judge = %s, want %s", got, tt.out)
			}
		})
	}
}

func TestToolParsers(t *testing.T) {
	tests := []struct {
		name  string
		parse func([]byte) ([]finding, error)
		out   string
		want  []finding
	}{
		{"conftest", parseConftest,
			`[{"filename":"p.json","namespace":"main","successes":3,"failures":[{"msg":"NET-R16 module.m[\"a\"].aws_s3_bucket.b: no block"}]}]`,
			[]finding{{Rule: "NET-R16", Address: `module.m["a"].aws_s3_bucket.b`, Status: "fail"}}},
		{"opa", parseOPA,
			`{"result":[{"expressions":[{"value":["LOG-R05 aws_cloudtrail.t: enable_log_file_validation is not true"],"text":"data.main.deny"}]}]}`,
			[]finding{{Rule: "LOG-R05", Address: "aws_cloudtrail.t", Status: "fail"}}},
		{"regula", parseRegula,
			`{"rule_results":[{"rule_id":"FG_R00027","rule_result":"FAIL","resource_id":"aws_cloudtrail.t"},{"rule_id":"FG_R00035","rule_result":"PASS","resource_id":"aws_cloudtrail.t"}]}`,
			[]finding{{Rule: "FG_R00027", Address: "aws_cloudtrail.t", Status: "fail"}}},
		{"checkov list", parseCheckov,
			`[{"check_type":"terraform_plan","results":{"failed_checks":[{"check_id":"CKV_AWS_7","resource":"aws_kms_key.k","resource_address":"aws_kms_key.k[\"x\"]"}]}}]`,
			[]finding{{Rule: "CKV_AWS_7", Address: `aws_kms_key.k["x"]`, Status: "fail"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.parse([]byte(tt.out))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("finding %d = %v, want %v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestSeriesMedianIgnoresKilledRuns(t *testing.T) {
	s := series{Runs: []run{
		{Wall: 3 * time.Second}, {Wall: 1 * time.Second}, {Wall: 2 * time.Second},
		{Wall: 9 * time.Second, TimedOut: true},
	}}
	if got := s.medianWall(); got != 2*time.Second {
		t.Errorf("median = %s, want 2s", got)
	}
	if !s.timedOut() {
		t.Error("timedOut() = false with a timed-out run")
	}
}

// TestRealPeerOutputs parses what the peers really printed for accuracy
// cases (testdata/README.md says how each file was captured) and scores it
// against the case's labels through peer_rule_map.yaml: a parser or mapping
// that drifts from the tools' real output shows up here, not as a silent
// "missed failure" column in the report.
func TestRealPeerOutputs(t *testing.T) {
	m, err := loadRuleMap("peer_rule_map.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cases, _, err := loadCases("accuracy")
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]accuracyCase{}
	for _, c := range cases {
		byName[c.Name] = c
	}
	tests := []struct {
		tool     string
		parse    func([]byte) ([]finding, error)
		output   string
		accCase  string
		failures int // failing findings of every rule the tool ran
		want     map[outcome]int
		wrong    []string // labelled addresses (rule) the tool misjudged
	}{
		{"Regula", parseRegula, "regula-kms_rotation.json", "kms_rotation", 3,
			map[outcome]int{correct: 6}, nil},
		// The regional trails' kms_key_id is a reference known only after
		// apply: Regula reads it as missing.
		{"Regula", parseRegula, "regula-cloudtrail.json", "cloudtrail", 15,
			map[outcome]int{correct: 8, falseFailure: 2},
			[]string{`LOG-R06 aws_cloudtrail.regional["eu"]`, `LOG-R06 aws_cloudtrail.regional["us"]`}},
		// Trivy names both by_purpose keys aws_kms_key.by_purpose: its one
		// finding there counts against the rotated key too. Module
		// instances keep distinct (hashed) names: keys[0] is not flagged.
		{"Trivy", parseTrivy, "trivy-kms_rotation.json", "kms_rotation", 3,
			map[outcome]int{correct: 5, falseFailure: 1},
			[]string{`CRY-R21 aws_kms_key.by_purpose["logs"]`}},
		// Flow logs attached through for_each, count.index and a module
		// output are not linked to their VPC.
		{"Trivy", parseTrivy, "trivy-vpc_flow_logs.json", "vpc_flow_logs", 8,
			map[outcome]int{correct: 4, falseFailure: 4},
			[]string{`LOG-R01 aws_vpc.counted[0]`, `LOG-R01 aws_vpc.spoke["a"]`, `LOG-R01 aws_vpc.spoke["b"]`, `LOG-R01 module.network.aws_vpc.this`}},
	}
	for _, tt := range tests {
		t.Run(tt.output, func(t *testing.T) {
			out, err := os.ReadFile(filepath.Join("testdata", tt.output))
			if err != nil {
				t.Fatal(err)
			}
			fs, err := tt.parse(out)
			if err != nil {
				t.Fatal(err)
			}
			if len(fs) != tt.failures {
				t.Errorf("parsed %d failing findings, want %d", len(fs), tt.failures)
			}
			c, ok := byName[tt.accCase]
			if !ok {
				t.Fatalf("no accuracy case %s", tt.accCase)
			}
			ids := m.peerIDs(tt.tool)
			got := map[outcome]int{}
			var wrong []string
			for _, v := range c.Verdicts {
				o := judge(toolNamed(t, tt.tool), ids, fs, v)
				got[o]++
				if o != correct {
					wrong = append(wrong, v.Rule+" "+v.Address)
				}
			}
			if !maps.Equal(got, tt.want) {
				t.Errorf("tally = %v, want %v", got, tt.want)
			}
			slices.Sort(wrong)
			if !slices.Equal(wrong, tt.wrong) {
				t.Errorf("misjudged = %q, want %q", wrong, tt.wrong)
			}
		})
	}
}

// toolNamed is the harness's definition of a tool (its address naming
// included), without needing the tool installed.
func toolNamed(t *testing.T, name string) tool {
	t.Helper()
	for _, tl := range tools(config{}) {
		if tl.Name == name {
			return tl
		}
	}
	t.Fatalf("no tool %q", name)
	return tool{}
}

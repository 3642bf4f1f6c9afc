package rules

// The rule-pack test harness, shared by every rule family.
//
// A family test file (logging_test.go, network_test.go, …) declares its
// table once at package level:
//
//	var _ = registerCases(
//		ruleCase{Rule: "LOG-R03", Fixture: "logging_flowlogs", Address: "aws_flow_log.good", Want: StatusPass},
//		ruleCase{Rule: "LOG-R03", Fixture: "logging_flowlogs", Address: "aws_flow_log.bad", Want: StatusFail},
//	)
//
// TestRuleCases runs every registered row through the engine (one rule at a
// time, on the real plan.json generated from testdata/fixtures/<Fixture>/main.tf)
// and TestPackCoverage enforces what the rule-pack conventions demand: every
// rule has passing and failing rows, cross rules have module, count and
// for_each rows, every plan-checkable control of the catalog is covered, IDs
// and metadata follow the reference list, and the pack keeps its size.
//
// Run one family or one rule with
//
//	go test ./internal/rules -run 'TestRuleCases/LOG-R03'
//	go test ./internal/rules -run 'TestPackCoverage/.*/LOG-R03'

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/commshield/terraform-provider-commshield/internal/controls"
	"github.com/commshield/terraform-provider-commshield/internal/plan"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// minPackSize is the number of rules the pack must keep. Target: 130 (issue
// "The rule pack", done-when list). Raise it as the pack grows, never lower
// it below what All() already returns.
const minPackSize = 130

// ruleCase is one row of a family table: the verdict Want that rule Rule
// must give on the instance Address of fixture Fixture.
type ruleCase struct {
	Rule string
	// Fixture names the directory testdata/fixtures/<Fixture> holding
	// main.tf and the plan.json generated from it.
	Fixture string
	// Address is the full instance address the verdict is about, or ""
	// for a plan-level verdict of an account rule.
	Address string
	Want    Status
	// Params override the rule's parameter defaults (values typed like the
	// defaults).
	Params map[string]any
	// Elsewhere lists baselines the config declares provided elsewhere
	// ("cloudtrail", "guardduty", …).
	Elsewhere []string
	// Scope is the engine scope; "" means all.
	Scope Scope
	// Note says what the row proves when the address alone does not
	// (e.g. "bucket referenced through a module output"); it is part of
	// the subtest name.
	Note string
}

func (c ruleCase) name() string {
	addr := c.Address
	if addr == "" {
		addr = "(plan)"
	}
	n := c.Rule + "/" + c.Fixture + "/" + addr + "/" + string(c.Want)
	if c.Note != "" {
		n += "/" + c.Note
	}
	return n
}

// registeredCases is written only while package variables are initialised
// (registerCases is called from package-level var declarations) and read-only
// once tests run.
var registeredCases []ruleCase

// registerCases adds a family's rows to the harness and returns them, so a
// family file can name its table (var fooCases = registerCases(…)) when a
// family-specific test reads it.
func registerCases(cases ...ruleCase) []ruleCase {
	registeredCases = append(registeredCases, cases...)
	return cases
}

// fixturePlans loads each fixture plan once per test binary: many rows share
// a fixture, and plans are read-only once loaded, so sharing is safe.
var fixturePlans = &fixtureCache{loaded: map[string]func() (*plan.Plan, error){}}

type fixtureCache struct {
	mu     sync.Mutex
	loaded map[string]func() (*plan.Plan, error)
}

func fixturePath(name string) string {
	return filepath.Join("testdata", "fixtures", name, "plan.json")
}

func (fc *fixtureCache) get(name string) (*plan.Plan, error) {
	fc.mu.Lock()
	load, ok := fc.loaded[name]
	if !ok {
		load = sync.OnceValues(func() (*plan.Plan, error) {
			return plan.LoadFile(context.Background(), fixturePath(name))
		})
		fc.loaded[name] = load
	}
	fc.mu.Unlock()
	return load()
}

// loadFixture returns the plan of a fixture, failing the test when it is
// missing (run `make fixtures`) or does not load.
func loadFixture(t testing.TB, name string) *plan.Plan {
	t.Helper()
	p, err := fixturePlans.get(name)
	if err != nil {
		t.Fatalf("fixture %s: %v (generate it with `make fixtures`)", name, err)
	}
	return p
}

// evaluateRule runs one rule over one plan through the engine, exactly as
// `check` does, and returns its results.
func evaluateRule(t testing.TB, rule *Rule, p *plan.Plan, c ruleCase) []Result {
	t.Helper()
	elsewhere := map[string]bool{}
	for _, b := range c.Elsewhere {
		elsewhere[b] = true
	}
	opts := Options{Scope: c.Scope, ProvidedElsewhere: elsewhere}
	if len(c.Params) > 0 {
		opts.RuleParams = map[string]map[string]any{rule.ID: c.Params}
	}
	engine, err := NewEngine([]*Rule{rule}, opts)
	if err != nil {
		t.Fatalf("engine for %s: %v", rule.ID, err)
	}
	results, err := engine.Check(context.Background(), p)
	if err != nil {
		t.Fatalf("%s on %s: %v", rule.ID, p.Source, err)
	}
	return results
}

// statusRank orders verdicts on one address: the address's overall verdict
// is its worst finding (a rule may report several attributes).
var statusRank = map[Status]int{StatusNotApplicable: 0, StatusPass: 1, StatusUndecidable: 2, StatusFail: 3}

// verdictOn combines the findings of one address into one status; ok is
// false when the rule said nothing about the address.
func verdictOn(results []Result, address string) (Status, bool) {
	var worst Status
	found := false
	for _, r := range results {
		if r.Address != address {
			continue
		}
		if !found || statusRank[r.Status] > statusRank[worst] {
			worst = r.Status
		}
		found = true
	}
	return worst, found
}

// checkFindingShape asserts what every finding must carry, whatever the row:
// a message, a known status, an Unknown part on undecidable verdicts.
func checkFindingShape(t testing.TB, r Result) {
	t.Helper()
	if _, ok := statusRank[r.Status]; !ok {
		t.Errorf("%s on %q: unknown status %q", r.Rule.ID, r.Address, r.Status)
	}
	if strings.TrimSpace(r.Message) == "" {
		t.Errorf("%s on %q: %s finding without a message", r.Rule.ID, r.Address, r.Status)
	}
	if r.Status == StatusUndecidable && (r.Unknown == nil || r.Unknown.Value == "") {
		t.Errorf("%s on %q: undecidable finding must name the unknown value (Finding.Unknown)", r.Rule.ID, r.Address)
	}
}

func runRuleCase(t *testing.T, all []*Rule, c ruleCase) {
	t.Helper()
	rule := Find(all, c.Rule)
	if rule == nil {
		t.Fatalf("rule %s is not in All()", c.Rule)
	}
	p := loadFixture(t, c.Fixture)
	if c.Address != "" && p.Lookup(c.Address) == nil {
		t.Fatalf("fixture %s has no instance %s", c.Fixture, c.Address)
	}
	results := evaluateRule(t, rule, p, c)
	for _, r := range results {
		checkFindingShape(t, r)
	}
	got, ok := verdictOn(results, c.Address)
	if !ok {
		var seen []string
		for _, r := range results {
			seen = append(seen, fmt.Sprintf("%q=%s", r.Address, r.Status))
		}
		t.Fatalf("%s gave no verdict on %q in %s; verdicts: %s", c.Rule, c.Address, c.Fixture, strings.Join(seen, ", "))
	}
	if got != c.Want {
		var msgs []string
		for _, r := range results {
			if r.Address == c.Address {
				msgs = append(msgs, fmt.Sprintf("%s %s: %s", r.Status, r.Attribute, r.Message))
			}
		}
		t.Errorf("%s on %s in %s = %s, want %s\n  %s", c.Rule, displayAddress(c.Address), c.Fixture, got, c.Want, strings.Join(msgs, "\n  "))
	}
}

func displayAddress(a string) string {
	if a == "" {
		return "(plan)"
	}
	return a
}

// TestRuleCases runs every registered family row.
func TestRuleCases(t *testing.T) {
	all := All()
	for _, c := range registeredCases {
		t.Run(c.name(), func(t *testing.T) {
			t.Parallel()
			runRuleCase(t, all, c)
		})
	}
}

// referenceRule is a row of testdata/reference_rules.tsv.
type referenceRule struct {
	controls []string
	kind     Kind
}

func loadReferenceRules(t *testing.T) map[string]referenceRule {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "reference_rules.tsv"))
	if err != nil {
		t.Fatalf("reference rule list: %v", err)
	}
	defer f.Close()
	kinds := map[string]Kind{"S": KindResource, "X": KindCross, "A": KindAccount, "D": KindDiff}
	out := map[string]referenceRule{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) != 3 || kinds[cols[2]] == "" {
			t.Fatalf("reference_rules.tsv:%d: want rule<TAB>controls<TAB>S|X|A|D, got %q", line, text)
		}
		out[cols[0]] = referenceRule{controls: strings.Split(cols[1], ","), kind: kinds[cols[2]]}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("reference rule list: %v", err)
	}
	return out
}

// TestPackCoverage enforces the rule-pack conventions on All() and on the
// registered tables.
func TestPackCoverage(t *testing.T) {
	all := All()
	catalog := controls.Load()
	reference := loadReferenceRules(t)

	t.Run("size", func(t *testing.T) {
		if len(all) < minPackSize {
			t.Errorf("All() has %d rules, the pack must keep at least %d", len(all), minPackSize)
		}
	})

	t.Run("validate", func(t *testing.T) {
		if err := Validate(all); err != nil {
			t.Error(err)
		}
	})

	t.Run("metadata", func(t *testing.T) {
		for _, r := range all {
			t.Run(r.ID, func(t *testing.T) { checkMetadata(t, r, catalog, reference) })
		}
	})

	rowsByRule := map[string][]ruleCase{}
	for _, c := range registeredCases {
		rowsByRule[c.Rule] = append(rowsByRule[c.Rule], c)
	}

	t.Run("rows", func(t *testing.T) {
		for _, r := range all {
			t.Run(r.ID, func(t *testing.T) { checkRows(t, r, rowsByRule[r.ID]) })
		}
		for id := range rowsByRule {
			if Find(all, id) == nil {
				t.Errorf("table rows name rule %s, which is not in All()", id)
			}
		}
	})

	t.Run("controls", func(t *testing.T) {
		covered := map[string][]string{}
		for _, r := range all {
			for _, c := range r.Controls {
				covered[c] = append(covered[c], r.ID)
			}
		}
		for _, c := range catalog.Controls() {
			if c.Plan.Checkable() && len(covered[c.ID]) == 0 {
				t.Errorf("%s (%s, plan-checkable: %s) is covered by no rule", c.ID, c.Title, c.Plan)
			}
		}
	})
}

func checkMetadata(t *testing.T, r *Rule, catalog *controls.Catalog, reference map[string]referenceRule) {
	for field, v := range map[string]string{
		"title": r.Title, "rationale": r.Rationale, "remediation": r.Remediation, "remediation HCL": r.RemediationHCL,
	} {
		if strings.TrimSpace(v) == "" {
			t.Errorf("empty %s", field)
		}
	}
	switch r.Severity {
	case SeverityLow, SeverityMedium, SeverityHigh, SeverityCritical:
	default:
		t.Errorf("severity %q is not low, medium, high or critical", r.Severity)
	}
	for _, id := range r.Controls {
		if _, ok := catalog.Lookup(id); !ok {
			t.Errorf("control %s is not in the catalog", id)
		}
	}
	if len(r.ResourceTypes) == 0 {
		t.Error("no resource types (docs and applicability need them)")
	}
	for _, p := range r.Params {
		if strings.TrimSpace(p.Description) == "" {
			t.Errorf("parameter %s has no description", p.Name)
		}
	}
	if r.RemediationHCL != "" {
		_, diags := hclsyntax.ParseConfig([]byte(r.RemediationHCL), r.ID+".remediation.tf", hcl.InitialPos)
		if diags.HasErrors() {
			t.Errorf("remediation HCL does not parse: %s", diags.Error())
		}
	}
	ref, ok := reference[r.ID]
	if !ok {
		t.Errorf("%s is not a rule ID of the reference list (testdata/reference_rules.tsv)", r.ID)
		return
	}
	if r.Kind != ref.kind {
		t.Errorf("kind %s, the reference list says %s", r.Kind, ref.kind)
	}
	if len(r.Controls) == 0 || r.Controls[0] != ref.controls[0] {
		t.Errorf("controls %v, the primary control must be %s", r.Controls, ref.controls[0])
	}
	for _, c := range ref.controls {
		if !slices.Contains(r.Controls, c) {
			t.Errorf("controls %v lack %s from the reference mapping %v", r.Controls, c, ref.controls)
		}
	}
}

// checkRows demands a passing and a failing row for every rule, and for
// cross-resource rules rows whose addresses prove the module, count and
// for_each cases.
func checkRows(t *testing.T, r *Rule, rows []ruleCase) {
	has := map[Status]bool{}
	var inModule, counted, forEach bool
	for _, c := range rows {
		has[c.Want] = true
		if strings.HasPrefix(c.Address, "module.") || strings.Contains(c.Note, "module") {
			inModule = true
		}
		if strings.Contains(c.Address, `["`) || strings.Contains(c.Note, "for_each") {
			forEach = true
		}
		if containsIndex(c.Address) || strings.Contains(c.Note, "count") {
			counted = true
		}
	}
	if !has[StatusPass] {
		t.Error("no passing row")
	}
	if !has[StatusFail] {
		t.Error("no failing row")
	}
	if r.Kind == KindCross {
		if !inModule {
			t.Error("cross rule without a module row (address under module.…, or Note naming the module case)")
		}
		if !forEach {
			t.Error(`cross rule without a for_each row (address with ["key"], or Note naming the for_each case)`)
		}
		if !counted {
			t.Error("cross rule without a count row (address with [0], or Note naming the count case)")
		}
	}
}

// containsIndex reports whether an address holds a numeric instance key.
func containsIndex(address string) bool {
	for i := 0; i+2 < len(address); i++ {
		if address[i] == '[' && address[i+1] >= '0' && address[i+1] <= '9' {
			return true
		}
	}
	return false
}

func TestVerdictOnTakesWorstFinding(t *testing.T) {
	rule := &Rule{Metadata: Metadata{ID: "LOG-R99"}}
	res := func(addr string, s Status) Result {
		return Result{Rule: rule, Finding: Finding{Address: addr, Status: s, Message: "m"}}
	}
	tests := []struct {
		results []Result
		address string
		want    Status
		found   bool
	}{
		{[]Result{res("a", StatusPass), res("a", StatusFail), res("a", StatusUndecidable)}, "a", StatusFail, true},
		{[]Result{res("a", StatusPass), res("a", StatusUndecidable)}, "a", StatusUndecidable, true},
		{[]Result{res("a", StatusNotApplicable), res("a", StatusPass)}, "a", StatusPass, true},
		{[]Result{res("b", StatusFail)}, "a", "", false},
		{[]Result{res("", StatusFail), res("a", StatusPass)}, "", StatusFail, true},
	}
	for i, tt := range tests {
		got, found := verdictOn(tt.results, tt.address)
		if got != tt.want || found != tt.found {
			t.Errorf("case %d: verdictOn = %q,%v, want %q,%v", i, got, found, tt.want, tt.found)
		}
	}
	for _, tt := range []struct {
		addr string
		want bool
	}{{"aws_vpc.a[0]", true}, {`aws_vpc.a["x"]`, false}, {"module.m[12].aws_vpc.a", true}, {"aws_vpc.a", false}} {
		if containsIndex(tt.addr) != tt.want {
			t.Errorf("containsIndex(%q) = %v", tt.addr, !tt.want)
		}
	}
}

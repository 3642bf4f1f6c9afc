package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ruleMap is tools/benchpeers/peer_rule_map.yaml: the peer check IDs that
// judge the same property as one commshield rule.
type ruleMap struct {
	Rules []struct {
		Commshield string   `yaml:"commshield"`
		What       string   `yaml:"what"`
		Checkov    []string `yaml:"checkov"`
		Trivy      []string `yaml:"trivy"`
		Regula     []string `yaml:"regula"`
		Rego       []string `yaml:"rego"`
		Notes      string   `yaml:"notes"`
	} `yaml:"rules"`
}

// peerIDs returns, for a tool, its rule ID → our rule ID.
func (m ruleMap) peerIDs(toolName string) map[string]string {
	out := map[string]string{}
	for _, r := range m.Rules {
		var ids []string
		switch toolName {
		case "commshield":
			ids = []string{r.Commshield}
		case "Checkov":
			ids = r.Checkov
		case "Trivy":
			ids = r.Trivy
		case "Regula":
			ids = r.Regula
		case "Conftest", "OPA":
			ids = r.Rego
		}
		for _, id := range ids {
			out[normaliseID(id)] = r.Commshield
		}
	}
	return out
}

// Trivy reports AVD-AWS-0094 or AWS-0094 depending on the bundle version.
func normaliseID(id string) string { return strings.TrimPrefix(strings.ToUpper(id), "AVD-") }

func loadRuleMap(path string) (ruleMap, error) {
	var m ruleMap
	data, err := os.ReadFile(path)
	if err != nil {
		return m, err
	}
	if err := yaml.Unmarshal(data, &m); err != nil {
		return m, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// expectation is one labelled verdict of an accuracy case.
type expectation struct {
	Address string   `yaml:"address"`
	Rule    string   `yaml:"rule"`
	Want    string   `yaml:"want"` // pass or fail: what the resource is once applied
	Aliases []string `yaml:"aliases"`
	Why     string   `yaml:"why"`
}

type accuracyCase struct {
	Name        string
	Description string        `yaml:"description"`
	Features    []string      `yaml:"features"`
	Verdicts    []expectation `yaml:"verdicts"`
	plan        string
}

// loadCases reads every case directory; a case whose plan.json has not been
// generated yet is left out and named in the returned notes.
func loadCases(dir string) ([]accuracyCase, []string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	var cases []accuracyCase
	var notes []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		caseDir := filepath.Join(dir, e.Name())
		data, err := os.ReadFile(filepath.Join(caseDir, "expected.yaml"))
		if err != nil {
			return nil, nil, fmt.Errorf("accuracy case %s: %w", e.Name(), err)
		}
		c := accuracyCase{Name: e.Name(), plan: filepath.Join(caseDir, "plan.json")}
		if err := yaml.Unmarshal(data, &c); err != nil {
			return nil, nil, fmt.Errorf("accuracy case %s/expected.yaml: %w", e.Name(), err)
		}
		if _, err := os.Stat(c.plan); err != nil {
			notes = append(notes, fmt.Sprintf("accuracy case %s left out: no plan.json yet (tools/fixtures/generate.sh tools/benchpeers/accuracy/%s)", e.Name(), e.Name()))
			continue
		}
		for i, v := range c.Verdicts {
			if v.Want != "pass" && v.Want != "fail" {
				return nil, nil, fmt.Errorf("accuracy case %s verdict %d (%s %s): want must be pass or fail, not %q", e.Name(), i, v.Rule, v.Address, v.Want)
			}
		}
		cases = append(cases, c)
	}
	return cases, notes, nil
}

// outcome of one tool on one labelled verdict.
type outcome string

const (
	correct      outcome = "correct"
	falseFailure outcome = "false failure"
	missed       outcome = "missed failure"
	undecided    outcome = "undecidable"
	toolError    outcome = "tool error"
)

type accuracyReport struct {
	Cases    []accuracyCase
	Labelled int
	// Tally per tool per outcome, and the individual misjudgements.
	Tally   map[string]map[outcome]int
	Details map[string][]string
	RuleMap ruleMap
}

func runAccuracy(ctx context.Context, cfg config, ts []tool, res *results) (*accuracyReport, error) {
	m, err := loadRuleMap(filepath.Join(cfg.benchDir, "peer_rule_map.yaml"))
	if err != nil {
		return nil, err
	}
	cases, notes, err := loadCases(cfg.accuracyDir)
	if err != nil {
		return nil, err
	}
	res.notes = append(res.notes, notes...)
	rep := &accuracyReport{Cases: cases, Tally: map[string]map[outcome]int{}, Details: map[string][]string{}, RuleMap: m}
	for _, c := range cases {
		rep.Labelled += len(c.Verdicts)
	}
	for _, t := range ts {
		if t.Failures == nil {
			continue
		}
		ids := m.peerIDs(t.Name)
		tally := map[outcome]int{}
		for _, c := range cases {
			r := runTool(ctx, cfg, t, c.plan, cfg.timeout, "accuracy-"+c.Name)
			stdout, _ := os.ReadFile(filepath.Join(cfg.workDir, "out", slug(t.Name), "accuracy-"+c.Name+".out"))
			var fs []finding
			var perr error
			if r.TimedOut || r.Err != nil || !t.Ran(r.Exit) {
				perr = fmt.Errorf("%s", describeRun(r, t))
			} else {
				fs, perr = t.Failures(stdout)
			}
			for _, v := range c.Verdicts {
				o := judge(t, ids, fs, v)
				if perr != nil {
					o = toolError
				}
				tally[o]++
				if o != correct {
					d := fmt.Sprintf("%s: %s %s — want %s, got %s", c.Name, v.Rule, v.Address, v.Want, o)
					if perr != nil {
						d += " (" + perr.Error() + ")"
					}
					rep.Details[t.Name] = append(rep.Details[t.Name], d)
				}
			}
		}
		rep.Tally[t.Name] = tally
		logf("accuracy %s: %v", t.Name, tally)
	}
	return rep, nil
}

// judge compares a tool's findings with one labelled verdict.
func judge(t tool, ids map[string]string, fs []finding, v expectation) outcome {
	want, aliases := v.Address, v.Aliases
	if t.ReportedAddress != nil {
		want, aliases = t.ReportedAddress(want), nil
		for _, a := range v.Aliases {
			aliases = append(aliases, t.ReportedAddress(a))
		}
	}
	failed, undecidable := false, false
	for _, f := range fs {
		if ids[normaliseID(f.Rule)] != v.Rule {
			continue
		}
		if !addressMatches(f.Address, want, aliases) {
			continue
		}
		switch f.Status {
		case "fail":
			failed = true
		case "undecidable":
			undecidable = true
		}
	}
	switch {
	case failed && v.Want == "fail", !failed && !undecidable && v.Want == "pass":
		return correct
	case failed:
		return falseFailure
	case undecidable:
		return undecided
	}
	return missed
}

var bracketGroup = regexp.MustCompile(`\[[^\]]*\]`)

// addressMatches says whether a tool's address names the labelled resource
// (or one of its aliases). A tool address without instance keys (tools that
// collapse count/for_each instances or module instances) names every
// instance of that shape.
func addressMatches(toolAddr, want string, aliases []string) bool {
	for _, w := range append([]string{want}, aliases...) {
		if toolAddr == w {
			return true
		}
		if !strings.Contains(toolAddr, "[") && toolAddr == bracketGroup.ReplaceAllString(w, "") {
			return true
		}
	}
	return false
}

package check

import (
	"slices"
	"strings"
	"time"

	"github.com/commshield/terraform-provider-commshield/internal/controls"
	"github.com/commshield/terraform-provider-commshield/internal/plan"
	"github.com/commshield/terraform-provider-commshield/internal/rules"
)

// ReportSchemaVersion is the version of the JSON report (schema.md,
// report.schema.json). Adding fields keeps the major number; renaming or
// removing one, or changing a meaning, bumps it.
const ReportSchemaVersion = "1.0"

// Status is a result's status in reports: a rule verdict, or waived /
// baselined for a failing or undecidable verdict that was accepted.
type Status string

const (
	StatusPass          Status = "pass"
	StatusFail          Status = "fail"
	StatusUndecidable   Status = "undecidable"
	StatusNotApplicable Status = "not_applicable"
	StatusWaived        Status = "waived"
	StatusBaselined     Status = "baselined"
)

// Report is everything one run found, the input of every reporter.
type Report struct {
	SchemaVersion  string         `json:"schema_version"`
	Tool           ToolInfo       `json:"tool"`
	RuleSetVersion string         `json:"rule_set_version"`
	Settings       RunSettings    `json:"settings"`
	Plans          []PlanInfo     `json:"plans"`
	Results        []Result       `json:"results"`
	Summary        Summary        `json:"summary"`
	Controls       []ControlState `json:"controls"`
	Waivers        WaiverReport   `json:"waivers"`
	ExitCode       int            `json:"exit_code"`
}

// ToolInfo names the producer.
type ToolInfo struct {
	Name           string `json:"name"`
	Version        string `json:"version"`
	InformationURI string `json:"information_uri"`
}

// RunSettings echo the options that shaped the verdicts.
type RunSettings struct {
	Unknown      string `json:"unknown"`
	Scope        string `json:"scope"`
	OverrideSoft bool   `json:"override_soft"`
	Config       string `json:"config,omitempty"`
	Waivers      string `json:"waivers,omitempty"`
	Baseline     string `json:"baseline,omitempty"`
}

// PlanInfo describes one checked plan.
type PlanInfo struct {
	Source           string `json:"source"`
	FormatVersion    string `json:"format_version"`
	TerraformVersion string `json:"terraform_version"`
	Resources        int    `json:"resources"`
}

// Result is one finding as reported.
type Result struct {
	Plan     string         `json:"plan"`
	RuleID   string         `json:"rule_id"`
	Title    string         `json:"title"`
	Controls []string       `json:"controls"`
	Category string         `json:"category"`
	Severity rules.Severity `json:"severity"`
	Status   Status         `json:"status"`
	// Verdict is the rule's own verdict, before waivers and baselines.
	Verdict     rules.Status `json:"verdict"`
	Enforcement Enforcement  `json:"enforcement"`
	// Enforced is true when this result makes the run fail.
	Enforced     bool         `json:"enforced"`
	Address      string       `json:"address"`
	ResourceType string       `json:"resource_type,omitempty"`
	Action       string       `json:"action,omitempty"`
	Attribute    string       `json:"attribute,omitempty"`
	Message      string       `json:"message"`
	Unknown      *UnknownInfo `json:"unknown,omitempty"`
	Chain        []ChainStep  `json:"chain,omitempty"`
	Location     *Location    `json:"location,omitempty"`
	Waiver       *WaiverInfo  `json:"waiver,omitempty"`
	Fingerprint  string       `json:"fingerprint"`
}

// UnknownInfo explains an undecidable verdict.
type UnknownInfo struct {
	Value string   `json:"value"`
	From  []string `json:"from,omitempty"`
}

// ChainStep is one hop of a reference resolution.
type ChainStep struct {
	From string `json:"from"`
	Via  string `json:"via,omitempty"`
	To   string `json:"to"`
}

// Location is a position in the Terraform configuration (with --config-dir).
type Location struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
	// EndLine/EndColumn close the range of the block or attribute.
	EndLine   int `json:"end_line,omitempty"`
	EndColumn int `json:"end_column,omitempty"`
}

// Summary counts results per status.
type Summary struct {
	Pass             int `json:"pass"`
	Fail             int `json:"fail"`
	Undecidable      int `json:"undecidable"`
	NotApplicable    int `json:"not_applicable"`
	Waived           int `json:"waived"`
	Baselined        int `json:"baselined"`
	EnforcedFailures int `json:"enforced_failures"`
	ExpiredWaivers   int `json:"expired_waivers"`
}

// ControlState is one catalog control's status across all results.
type ControlState struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Category string   `json:"category"`
	Status   Status   `json:"status"`
	Rules    []string `json:"rules"`
	// Counts per status of the results mapped to this control.
	Counts map[Status]int `json:"counts"`
}

// WaiverInfo is a waiver as reported.
type WaiverInfo struct {
	Index   int    `json:"index"`
	Line    int    `json:"line"`
	Rule    string `json:"rule,omitempty"`
	Control string `json:"control,omitempty"`
	Address string `json:"address"`
	Reason  string `json:"reason"`
	Owner   string `json:"owner"`
	Expires string `json:"expires"`
}

// WaiverReport lists waivers that need attention.
type WaiverReport struct {
	Expired []WaiverInfo `json:"expired"`
	Unused  []WaiverInfo `json:"unused"`
}

// checkedPlan is one plan's description and its engine results. plan is
// kept only when the report needs the configuration beyond each result's
// resource (locating blocks with --config-dir); otherwise the results hold
// detached resources and the plan's values are freed before the report is
// built (see detachResults).
type checkedPlan struct {
	info    PlanInfo
	plan    *plan.Plan
	results []rules.Result
}

func newCheckedPlan(p *plan.Plan, results []rules.Result, keepPlan bool) checkedPlan {
	cp := checkedPlan{
		info: PlanInfo{Source: p.Source, FormatVersion: p.FormatVersion,
			TerraformVersion: p.TerraformVersion, Resources: len(p.Resources)},
		results: results,
	}
	if keepPlan {
		cp.plan = p
	} else {
		detachResults(results)
	}
	return cp
}

// detachResults replaces each result's resource by a detached copy (one
// per resource), so that the decoded plan (on a 15k-instance plan some 40
// MB of the live heap) is garbage while the report is built and written.
func detachResults(results []rules.Result) {
	detached := make(map[*plan.Resource]*plan.Resource)
	for i := range results {
		r := results[i].Resource
		if r == nil {
			continue
		}
		d, ok := detached[r]
		if !ok {
			d = r.Detached()
			detached[r] = d
		}
		results[i].Resource = d
	}
}

type reportInput struct {
	plans        []checkedPlan
	rules        []*rules.Rule
	catalog      *controls.Catalog
	config       *Config
	waivers      []*Waiver
	baseline     map[string]bool
	unknown      string
	overrideSoft bool
	now          time.Time
	version      string
	locator      *Locator
	settings     RunSettings
}

func info(w *Waiver) WaiverInfo {
	return WaiverInfo{Index: w.Index, Line: w.Line, Rule: w.Rule, Control: w.Control, Address: w.Address, Reason: w.Reason, Owner: w.Owner, Expires: w.Expires}
}

func buildReport(in reportInput) *Report {
	rep := &Report{
		SchemaVersion:  ReportSchemaVersion,
		Tool:           ToolInfo{Name: "commshield", Version: in.version, InformationURI: "https://github.com/commshield/terraform-provider-commshield"},
		RuleSetVersion: rules.RuleSetVersion,
		Settings:       in.settings,
		Plans:          []PlanInfo{},
		Results:        []Result{},
		Controls:       []ControlState{},
		Waivers:        WaiverReport{Expired: []WaiverInfo{}, Unused: []WaiverInfo{}},
	}
	// Sized up front: a 15k-instance plan gives ~100k results, and growing
	// the slice of large Result structs by doubling was a fifth of the
	// report's cost.
	total := 0
	for _, cp := range in.plans {
		total += len(cp.results)
	}
	rep.Results = make([]Result, 0, total)
	var categories []controls.Category // a copy: taken once, not per result
	if in.catalog != nil {
		categories = in.catalog.Categories()
	}
	used := make([]bool, len(in.waivers))
	var live []*Waiver
	for _, w := range in.waivers {
		if w.Expired(in.now) {
			rep.Waivers.Expired = append(rep.Waivers.Expired, info(w))
			continue
		}
		live = append(live, w)
	}
	for _, cp := range in.plans {
		rep.Plans = append(rep.Plans, cp.info)
		for _, er := range cp.results {
			res := Result{
				Plan: cp.info.Source, RuleID: er.Rule.ID, Title: er.Rule.Title, Controls: er.Rule.Controls,
				Category: categoryOf(categories, er.Rule), Severity: er.Rule.Severity,
				Status: Status(er.Status), Verdict: er.Status, Enforcement: in.config.EnforcementOf(er.Rule),
				Address: er.Address, Attribute: er.Attribute, Message: er.Message,
				Fingerprint: Fingerprint(er.Rule.ID, er.Address, er.Attribute, er.Status),
			}
			if er.Resource != nil {
				res.ResourceType = er.Resource.Type
				res.Action = string(er.Resource.Action)
				res.Location = in.locator.Locate(er.Resource, er.Attribute)
			}
			if er.Unknown != nil {
				res.Unknown = &UnknownInfo{Value: er.Unknown.Value, From: er.Unknown.From}
			}
			for _, s := range er.Chain {
				res.Chain = append(res.Chain, ChainStep{From: s.From, Via: s.Via, To: s.To})
			}
			if er.Status == rules.StatusFail || er.Status == rules.StatusUndecidable {
				for _, w := range live {
					if w.Matches(er.Rule, er.Address) {
						res.Status = StatusWaived
						wi := info(w)
						res.Waiver = &wi
						used[slices.Index(in.waivers, w)] = true
						break
					}
				}
				if res.Status != StatusWaived && in.baseline[res.Fingerprint] {
					res.Status = StatusBaselined
				}
			}
			res.Enforced = enforced(res, in.unknown, in.overrideSoft)
			rep.Results = append(rep.Results, res)
		}
	}
	for i, w := range in.waivers {
		if !used[i] && !w.Expired(in.now) {
			rep.Waivers.Unused = append(rep.Waivers.Unused, info(w))
		}
	}
	for _, r := range rep.Results {
		switch r.Status {
		case StatusPass:
			rep.Summary.Pass++
		case StatusFail:
			rep.Summary.Fail++
		case StatusUndecidable:
			rep.Summary.Undecidable++
		case StatusNotApplicable:
			rep.Summary.NotApplicable++
		case StatusWaived:
			rep.Summary.Waived++
		case StatusBaselined:
			rep.Summary.Baselined++
		}
		if r.Enforced {
			rep.Summary.EnforcedFailures++
		}
	}
	rep.Summary.ExpiredWaivers = len(rep.Waivers.Expired)
	rep.Controls = controlStates(in.catalog, in.rules, rep.Results)
	if rep.Summary.EnforcedFailures > 0 || rep.Summary.ExpiredWaivers > 0 {
		rep.ExitCode = ExitFindings
	}
	return rep
}

// enforced says whether a result fails the run.
func enforced(r Result, unknown string, overrideSoft bool) bool {
	counts := r.Status == StatusFail || (r.Status == StatusUndecidable && unknown == "fail")
	if !counts {
		return false
	}
	switch r.Enforcement {
	case Advisory:
		return false
	case Soft:
		return !overrideSoft
	}
	return true
}

func categoryOf(categories []controls.Category, r *rules.Rule) string {
	if len(r.Controls) == 0 {
		return ""
	}
	prefix, _, _ := strings.Cut(r.Controls[0], "-")
	for _, c := range categories {
		if c.Prefix == prefix {
			return c.Name
		}
	}
	return prefix
}

// statusRank orders statuses for a control: the worst result wins.
func statusRank(s Status) int {
	switch s {
	case StatusFail:
		return 5
	case StatusUndecidable:
		return 4
	case StatusWaived, StatusBaselined:
		return 3
	case StatusPass:
		return 2
	}
	return 1
}

func controlStates(catalog *controls.Catalog, all []*rules.Rule, results []Result) []ControlState {
	rulesOf := map[string][]string{}
	for _, r := range all {
		for _, c := range r.Controls {
			rulesOf[c] = append(rulesOf[c], r.ID)
		}
	}
	byControl := map[string]map[Status]int{}
	for _, r := range results {
		for _, c := range r.Controls {
			if byControl[c] == nil {
				byControl[c] = map[Status]int{}
			}
			byControl[c][r.Status]++
		}
	}
	out := []ControlState{}
	for _, ctl := range catalog.Controls() {
		cat, _ := catalog.Category(ctl.Category)
		st := ControlState{ID: ctl.ID, Title: ctl.Title, Category: cat.Name, Status: StatusNotApplicable,
			Rules: rulesOf[ctl.ID], Counts: map[Status]int{}}
		if st.Rules == nil {
			st.Rules = []string{}
		}
		for s, n := range byControl[ctl.ID] {
			st.Counts[s] = n
			if statusRank(s) > statusRank(st.Status) {
				st.Status = s
			}
		}
		out = append(out, st)
	}
	return out
}

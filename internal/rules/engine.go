package rules

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"

	"github.com/commshield/terraform-provider-commshield/internal/plan"
	"github.com/zclconf/go-cty/cty"
)

// Scope selects the instances that rules judge.
type Scope string

const (
	// ScopeAll judges every managed instance that exists after apply.
	ScopeAll Scope = "all"
	// ScopeChanges judges only instances that the plan creates, updates,
	// replaces, deletes or forgets.
	ScopeChanges Scope = "changes"
)

// Options configure an Engine. The zero value runs every rule with its
// defaults over every instance.
type Options struct {
	Scope Scope
	// Params give values to parameters by name, for every rule declaring
	// that name (e.g. management_cidrs); values must already have the
	// default's type (see CoerceParam).
	Params map[string]any
	// RuleParams override Params for one rule ID.
	RuleParams map[string]map[string]any
	// ProvidedElsewhere lists account baselines managed outside the plan.
	ProvidedElsewhere map[string]bool
	// Disabled rule IDs are not run at all.
	Disabled map[string]bool
	// Workers bounds the goroutines evaluating one plan; 0 means GOMAXPROCS.
	Workers int
}

// Result is one finding together with the rule that produced it and the
// judged instance (nil for a plan-level verdict or an address the plan does
// not hold).
type Result struct {
	Rule     *Rule
	Resource *plan.Resource
	Finding
}

// Engine runs a fixed rule set. Build it once and Check many plans, from
// several goroutines if wanted: it holds no per-plan state.
type Engine struct {
	rules     []*Rule
	byType    map[string][]*Rule
	planRules []*Rule
	params    map[string]map[string]any
	opts      Options
}

// NewEngine indexes the enabled rules by resource type and resolves their
// parameters. Unknown rule IDs or parameter names are errors so that a typo
// in the config file never silently disables a setting.
func NewEngine(rules []*Rule, opts Options) (*Engine, error) {
	if opts.Scope == "" {
		opts.Scope = ScopeAll
	}
	if opts.Scope != ScopeAll && opts.Scope != ScopeChanges {
		return nil, fmt.Errorf("unknown scope %q: use all or changes", opts.Scope)
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	known := map[string]*Rule{}
	declared := map[string]bool{}
	for _, r := range rules {
		known[r.ID] = r
		for _, p := range r.Params {
			declared[p.Name] = true
		}
	}
	for id := range opts.Disabled {
		if known[id] == nil {
			return nil, fmt.Errorf("disabled rule %s does not exist (see check --list-rules)", id)
		}
	}
	for name := range opts.Params {
		if !declared[name] {
			return nil, fmt.Errorf("parameter %s is not used by any rule (see check --explain RULE)", name)
		}
	}
	for id, ps := range opts.RuleParams {
		r := known[id]
		if r == nil {
			return nil, fmt.Errorf("parameters given for rule %s, which does not exist (see check --list-rules)", id)
		}
		for name := range ps {
			if !slices.ContainsFunc(r.Params, func(p Param) bool { return p.Name == name }) {
				return nil, fmt.Errorf("rule %s has no parameter %s (see check --explain %s)", id, name, id)
			}
		}
	}

	e := &Engine{byType: map[string][]*Rule{}, params: map[string]map[string]any{}, opts: opts}
	for _, r := range rules {
		if opts.Disabled[r.ID] {
			continue
		}
		e.rules = append(e.rules, r)
		resolved := map[string]any{}
		for _, p := range r.Params {
			if v, ok := opts.Params[p.Name]; ok {
				resolved[p.Name] = v
			}
			if v, ok := opts.RuleParams[r.ID][p.Name]; ok {
				resolved[p.Name] = v
			}
		}
		e.params[r.ID] = resolved
		if r.CheckPlan != nil {
			e.planRules = append(e.planRules, r)
			continue
		}
		for _, t := range r.ResourceTypes {
			e.byType[t] = append(e.byType[t], r)
		}
	}
	return e, nil
}

// Rules returns the enabled rules in ID order.
func (e *Engine) Rules() []*Rule { return e.rules }

// RuleError is a rule that panicked: a bug in the rule, never a verdict.
type RuleError struct {
	RuleID  string
	Address string
	Panic   any
	Stack   []byte
}

func (e *RuleError) Error() string {
	where := ""
	if e.Address != "" {
		where = " on " + e.Address
	}
	return fmt.Sprintf("rule %s crashed%s: %v", e.RuleID, where, e.Panic)
}

// chunkSize balances scheduling overhead against load balance: a chunk of
// instances is one unit of work for the pool.
const chunkSize = 256

// Check evaluates every enabled rule over p and returns the findings sorted
// by rule ID, address and attribute. Per-resource rules run only on managed
// instances that exist after apply (and, with ScopeChanges, that the plan
// changes); diff rules see deleted instances too. On a plan that is not an
// AWS workload (IsAWSWorkload) plan-wide rules are not run and report
// not_applicable once each. Work is spread over a bounded pool; the plan is
// read, never written.
func (e *Engine) Check(ctx context.Context, p *plan.Plan) ([]Result, error) {
	evals := make(map[string]*Evaluation, len(e.rules))
	for _, r := range e.rules {
		evals[r.ID] = NewEvaluation(p, r, e.params[r.ID], e.opts.ProvidedElsewhere)
	}
	awsWorkload := IsAWSWorkload(p)

	type unit struct {
		planRule *Rule
		from, to int
	}
	var units []unit
	for _, r := range e.planRules {
		units = append(units, unit{planRule: r})
	}
	for from := 0; from < len(p.Resources); from += chunkSize {
		units = append(units, unit{from: from, to: min(from+chunkSize, len(p.Resources))})
	}

	outputs := make([][]Result, len(units))
	errs := make([]error, len(units))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(e.opts.Workers, max(len(units), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				u := units[i]
				if u.planRule != nil {
					outputs[i], errs[i] = e.runPlanRule(p, evals[u.planRule.ID], awsWorkload)
				} else {
					outputs[i], errs[i] = e.runResources(p.Resources[u.from:u.to], evals)
				}
			}
		}()
	}
	var ctxErr error
feed:
	for i := range units {
		select {
		case next <- i:
		case <-ctx.Done():
			ctxErr = ctx.Err()
			break feed
		}
	}
	close(next)
	wg.Wait()
	if ctxErr != nil {
		return nil, fmt.Errorf("checking %s: %w", p.Source, ctxErr)
	}
	total := 0
	for i, out := range outputs {
		if errs[i] != nil {
			return nil, errs[i]
		}
		total += len(out)
	}
	results := make([]Result, 0, total)
	for _, out := range outputs {
		results = append(results, out...)
	}
	slices.SortStableFunc(results, compareResults)
	return results, nil
}

func compareResults(a, b Result) int {
	if c := strings.Compare(a.Rule.ID, b.Rule.ID); c != 0 {
		return c
	}
	if c := strings.Compare(a.Address, b.Address); c != 0 {
		return c
	}
	return strings.Compare(a.Attribute, b.Attribute)
}

// inScope says whether a per-resource rule of the given kind judges r.
func (e *Engine) inScope(kind Kind, r *plan.Resource) bool {
	if r.Mode != plan.ModeManaged {
		return false
	}
	if e.opts.Scope == ScopeChanges && !r.Changes() {
		return false
	}
	return kind == KindDiff || !r.Deleted()
}

func (e *Engine) runResources(resources []*plan.Resource, evals map[string]*Evaluation) (out []Result, err error) {
	var current *Rule
	var subject *plan.Resource
	defer func() {
		if p := recover(); p != nil {
			err = &RuleError{RuleID: current.ID, Address: subject.Address, Panic: p, Stack: debug.Stack()}
		}
	}()
	for _, r := range resources {
		var secrets *sensitiveStrings // computed once per instance, only if it has findings
		for _, rule := range e.byType[r.Type] {
			if !e.inScope(rule.Kind, r) {
				continue
			}
			current, subject = rule, r
			for _, f := range rule.CheckResource(evals[rule.ID], r) {
				if secrets == nil {
					secrets = sensitiveOf(r)
				}
				out = append(out, Result{Rule: rule, Resource: r, Finding: secrets.complete(r, f)})
			}
		}
	}
	return out, nil
}

func (e *Engine) runPlanRule(p *plan.Plan, ev *Evaluation, awsWorkload bool) (out []Result, err error) {
	defer func() {
		if x := recover(); x != nil {
			err = &RuleError{RuleID: ev.Rule.ID, Panic: x, Stack: debug.Stack()}
		}
	}()
	if !awsWorkload {
		// Without an AWS resource there is no account whose baseline a
		// plan-wide rule could demand (a trail, a password policy…), and no
		// resource for it to judge: one honest n/a instead of a fail.
		return []Result{{Rule: ev.Rule, Finding: Finding{Status: StatusNotApplicable, Message: notAWSWorkloadMessage}}}, nil
	}
	for _, f := range ev.Rule.CheckPlan(ev) {
		var subject *plan.Resource
		if f.Address != "" {
			subject = p.Lookup(f.Address)
			// Plan-wide rules report on instances too; scope filters them
			// like per-resource verdicts.
			if subject != nil && !e.inScope(ev.Rule.Kind, subject) {
				continue
			}
		}
		out = append(out, Result{Rule: ev.Rule, Resource: subject, Finding: sensitiveOf(subject).complete(subject, f)})
	}
	return out, nil
}

const notAWSWorkloadMessage = "not an AWS workload: the plan manages no aws_* or commshield_* resource, " +
	"so there is no AWS account baseline to judge here"

// IsAWSWorkload reports whether p manages at least one AWS resource (an
// aws_* resource of the hashicorp/aws provider or a commshield_* one, which
// creates AWS resources), whatever its action: a plan that only deletes AWS
// resources still changes an AWS account. Plans of other providers only, or
// of terraform_data alone, are not AWS workloads; the engine then reports
// every plan-wide rule (account baselines above all) as not applicable once.
func IsAWSWorkload(p *plan.Plan) bool {
	for _, r := range p.Resources {
		if r.Mode == plan.ModeManaged && (strings.HasPrefix(r.Type, "aws_") || strings.HasPrefix(r.Type, "commshield_")) {
			return true
		}
	}
	return false
}

// sensitiveStrings are the string forms of an instance's sensitive values
// (before and after), the ones no message may contain.
type sensitiveStrings struct{ values []string }

// sensitiveOf collects them with one walk per value; nil-safe for
// plan-level findings (no instance).
func sensitiveOf(r *plan.Resource) *sensitiveStrings {
	s := &sensitiveStrings{}
	if r == nil || !r.MayBeSensitive() {
		return s
	}
	for _, v := range []cty.Value{r.Before(), r.After()} {
		// containsMarked walks without copying; most instances have no
		// sensitive value and stop here.
		if v == cty.NilVal || !containsMarked(v) {
			continue
		}
		_, marks := v.UnmarkDeepWithPaths()
		for _, pm := range marks {
			if _, ok := pm.Marks[plan.SensitiveMark]; !ok {
				continue
			}
			secret, err := pm.Path.Apply(v)
			if err != nil {
				continue
			}
			for _, leaf := range sensitiveLeaves(secret) {
				// Very short values ("0", "on") would blank out ordinary words.
				if len(leaf) >= 3 {
					s.values = append(s.values, leaf)
				}
			}
		}
	}
	return s
}

// complete enforces two promises of every finding whatever the rule wrote:
// an undecidable verdict names its unknown value, and no message carries a
// value the plan marks sensitive (rules use Display, this is the safety net).
func (s *sensitiveStrings) complete(r *plan.Resource, f Finding) Finding {
	if f.Status == StatusUndecidable && f.Unknown == nil {
		u := &Unknown{Value: joinAddress(f.Address, f.Attribute)}
		if r != nil {
			u.From = ReferencesOf(r, f.Attribute)
		}
		f.Unknown = u
	}
	for _, secret := range s.values {
		if strings.Contains(f.Message, secret) {
			f.Message = strings.ReplaceAll(f.Message, secret, "(sensitive value)")
		}
	}
	return f
}

// sensitiveLeaves lists the string forms of the known scalars inside v.
func sensitiveLeaves(v cty.Value) []string {
	v, _ = v.UnmarkDeep()
	if !v.IsWhollyKnown() || v.IsNull() {
		return nil
	}
	var out []string
	_ = cty.Walk(v, func(_ cty.Path, leaf cty.Value) (bool, error) {
		leaf, _ = leaf.Unmark()
		if !leaf.IsKnown() || leaf.IsNull() {
			return true, nil
		}
		switch leaf.Type() {
		case cty.String:
			out = append(out, leaf.AsString())
		case cty.Number:
			out = append(out, leaf.AsBigFloat().Text('f', -1))
		}
		return true, nil
	})
	return out
}

package rules

import (
	"fmt"
	"sort"

	"github.com/commshield/terraform-provider-commshield/internal/plan"
)

// Evaluation is what a rule sees while it runs: the plan model, the rule's
// own parameters (defaults overridden by the config file) and the project
// settings. It is read-only, built by the engine once per rule and plan, and
// shared by every goroutine evaluating that rule.
//
// Methods (implemented by the engine):
//
//	ev.Param(name) any; ev.Int(name) int; ev.Bool(name) bool; ev.String(name) string; ev.Strings(name) []string; ev.Ints(name) []int
//	ev.ProvidedElsewhere(baseline string) bool // "cloudtrail", "guardduty", "securityhub", "config", "password_policy", "ebs_encryption", "s3_account_public_access_block", "access_analyzer", …
type Evaluation struct {
	Plan *plan.Plan
	// Rule is the rule being evaluated.
	Rule *Rule

	params    map[string]any
	elsewhere map[string]bool
}

// NewEvaluation builds the evaluation of rule over p with resolved
// parameters (every declared parameter present, typed like its default) and
// the set of baselines provided elsewhere. The engine calls it; tests of a
// single rule may too.
func NewEvaluation(p *plan.Plan, rule *Rule, params map[string]any, elsewhere map[string]bool) *Evaluation {
	resolved := make(map[string]any, len(rule.Params))
	for _, decl := range rule.Params {
		resolved[decl.Name] = decl.Default
		if v, ok := params[decl.Name]; ok {
			resolved[decl.Name] = v
		}
	}
	return &Evaluation{Plan: p, Rule: rule, params: resolved, elsewhere: elsewhere}
}

// Param returns the value of a declared parameter. Asking for an undeclared
// parameter is a bug in the rule; it panics so that the rule's tests catch
// it (the engine turns a rule panic into an internal error, never a verdict).
func (ev *Evaluation) Param(name string) any {
	v, ok := ev.params[name]
	if !ok {
		panic(fmt.Sprintf("rule %s reads undeclared parameter %q", ev.Rule.ID, name))
	}
	return v
}

// paramAs returns a declared parameter as a T. Values are coerced to the
// type of the declared default, so reading one as another type is a bug in
// the rule, reported like an undeclared parameter.
func paramAs[T any](ev *Evaluation, name string) T {
	v := ev.Param(name)
	typed, ok := v.(T)
	if !ok {
		panic(fmt.Sprintf("rule %s reads parameter %q as %T, but it holds a %T", ev.Rule.ID, name, typed, v))
	}
	return typed
}

// Int returns an int parameter.
func (ev *Evaluation) Int(name string) int { return paramAs[int](ev, name) }

// Bool returns a bool parameter.
func (ev *Evaluation) Bool(name string) bool { return paramAs[bool](ev, name) }

// String returns a string parameter.
func (ev *Evaluation) String(name string) string { return paramAs[string](ev, name) }

// Strings returns a []string parameter.
func (ev *Evaluation) Strings(name string) []string { return paramAs[[]string](ev, name) }

// Ints returns an []int parameter.
func (ev *Evaluation) Ints(name string) []int { return paramAs[[]int](ev, name) }

// ProvidedElsewhere reports whether the config file declares that an
// account baseline (e.g. "cloudtrail", "ebs_encryption") is managed outside
// this plan, so rules must not demand it here.
func (ev *Evaluation) ProvidedElsewhere(baseline string) bool { return ev.elsewhere[baseline] }

// Pass is a passing verdict on r.
func Pass(r *plan.Resource, format string, args ...any) Finding {
	return Finding{Status: StatusPass, Address: r.Address, Message: fmt.Sprintf(format, args...)}
}

// Fail is a failing verdict on attribute attr of r ("" for the whole resource).
func Fail(r *plan.Resource, attr, format string, args ...any) Finding {
	return Finding{Status: StatusFail, Address: r.Address, Attribute: attr, Message: fmt.Sprintf(format, args...)}
}

// NotApplicable says that the rule does not apply to r (e.g. an asymmetric
// KMS key for a rotation rule).
func NotApplicable(r *plan.Resource, format string, args ...any) Finding {
	return Finding{Status: StatusNotApplicable, Address: r.Address, Message: fmt.Sprintf(format, args...)}
}

// Undecidable says that attribute attr of r is known only after apply. The
// Unknown part names the value and the references it comes from, taken from
// the configuration when the attribute is a top-level argument.
func Undecidable(r *plan.Resource, attr, format string, args ...any) Finding {
	return Finding{
		Status:    StatusUndecidable,
		Address:   r.Address,
		Attribute: attr,
		Message:   fmt.Sprintf(format, args...),
		Unknown:   &Unknown{Value: joinAddress(r.Address, attr), From: ReferencesOf(r, attr)},
	}
}

// ReferencesOf returns the configuration references of r's top-level
// argument named by the first step of attr ("ingress[0].cidr_blocks" →
// "ingress"), most specific first, deduplicated and sorted for stable output.
func ReferencesOf(r *plan.Resource, attr string) []string {
	if r.Config == nil || attr == "" {
		return nil
	}
	name := attr
	for i, c := range attr {
		if c == '.' || c == '[' {
			name = attr[:i]
			break
		}
	}
	expr := r.Config.Expressions[name]
	if expr == nil {
		return nil
	}
	refs := collectReferences(expr, nil)
	sort.Strings(refs)
	out := refs[:0]
	for i, ref := range refs {
		if i == 0 || ref != refs[i-1] {
			out = append(out, ref)
		}
	}
	return out
}

func collectReferences(e *plan.Expression, into []string) []string {
	into = append(into, e.References...)
	for _, block := range e.Blocks {
		for _, nested := range block {
			into = collectReferences(nested, into)
		}
	}
	return into
}

func joinAddress(address, attr string) string {
	if attr == "" {
		return address
	}
	return address + "." + attr
}

// hasParam reports whether the rule declares a parameter (for helpers shared
// by rules whose parameter sets differ).
func (ev *Evaluation) hasParam(name string) bool {
	_, ok := ev.params[name]
	return ok
}

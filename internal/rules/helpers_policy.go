package rules

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/commshield/terraform-provider-commshield/internal/plan"
	"github.com/zclconf/go-cty/cty"
)

// PolicyDocument is an IAM policy (identity, trust or resource policy) in a
// normalised form: every list-or-string field is a list, and fields whose
// value is known only after apply are named in PolicyStatement.Unknown so
// that rules can tell "absent" from "not known yet".
type PolicyDocument struct {
	Statements []PolicyStatement
}

// PolicyStatement is one statement. Exactly one of Actions/NotActions (and
// of Resources/NotResources) is normally set; HasNotAction and
// HasNotResource say which form the author used.
type PolicyStatement struct {
	Sid            string
	Effect         string // "Allow" or "Deny" as written; compare with EqualFold
	Actions        []string
	NotActions     []string
	HasNotAction   bool
	Resources      []string
	NotResources   []string
	HasNotResource bool
	// Principals maps principal type ("AWS", "Service", "Federated",
	// "CanonicalUser", or "*" for `"Principal": "*"`) to identifiers.
	Principals    map[string][]string
	NotPrincipals map[string][]string
	Conditions    []PolicyCondition
	// Unknown lists the fields ("Effect", "Action", "Resource", "Principal",
	// "Condition") whose value is known only after apply.
	Unknown []string
}

// PolicyCondition is one operator/key pair of a Condition block, e.g.
// {Operator: "BoolIfExists", Key: "aws:MultiFactorAuthPresent", Values: ["false"]}.
type PolicyCondition struct {
	Operator string
	Key      string
	Values   []string
}

// IsAllow reports whether the statement allows (case-insensitively).
func (s PolicyStatement) IsAllow() bool { return strings.EqualFold(s.Effect, "Allow") }

// IsDeny reports whether the statement denies.
func (s PolicyStatement) IsDeny() bool { return strings.EqualFold(s.Effect, "Deny") }

// UnknownField reports whether field is known only after apply.
func (s PolicyStatement) UnknownField(field string) bool {
	for _, f := range s.Unknown {
		if f == field {
			return true
		}
	}
	return false
}

// Label names the statement for messages: its Sid, else its position.
func (s PolicyStatement) Label(index int) string {
	if s.Sid != "" {
		return fmt.Sprintf("statement %d (Sid %q)", index, s.Sid)
	}
	return fmt.Sprintf("statement %d", index)
}

// ConditionValues returns the values tested for key (case-insensitive) by
// operators accepted by keep (nil keep accepts all).
func (s PolicyStatement) ConditionValues(key string, keep func(operator string) bool) []string {
	var out []string
	for _, c := range s.Conditions {
		if strings.EqualFold(c.Key, key) && (keep == nil || keep(c.Operator)) {
			out = append(out, c.Values...)
		}
	}
	return out
}

// HasConditionKey reports whether any condition tests key (case-insensitive).
func (s PolicyStatement) HasConditionKey(key string) bool {
	for _, c := range s.Conditions {
		if strings.EqualFold(c.Key, key) {
			return true
		}
	}
	return false
}

// ParsePolicyJSON parses a policy document as AWS accepts it: Statement an
// object or a list, Action/Resource/Principal identifiers a string or a
// list, Principal "*" or a map, condition values strings, numbers, bools or
// lists of them.
func ParsePolicyJSON(text string) (*PolicyDocument, error) {
	var raw struct {
		Statement json.RawMessage `json:"Statement"`
	}
	if err := json.Unmarshal([]byte(text), &raw); err != nil {
		return nil, fmt.Errorf("policy is not valid JSON: %w", err)
	}
	var rawStatements []map[string]json.RawMessage
	trimmed := strings.TrimSpace(string(raw.Statement))
	switch {
	case trimmed == "" || trimmed == "null":
		return &PolicyDocument{}, nil
	case strings.HasPrefix(trimmed, "["):
		if err := json.Unmarshal(raw.Statement, &rawStatements); err != nil {
			return nil, fmt.Errorf("policy Statement is not a list of objects: %w", err)
		}
	default:
		var one map[string]json.RawMessage
		if err := json.Unmarshal(raw.Statement, &one); err != nil {
			return nil, fmt.Errorf("policy Statement is neither an object nor a list: %w", err)
		}
		rawStatements = []map[string]json.RawMessage{one}
	}
	doc := &PolicyDocument{Statements: make([]PolicyStatement, 0, len(rawStatements))}
	for i, rs := range rawStatements {
		st, err := parseStatement(rs)
		if err != nil {
			return nil, fmt.Errorf("policy statement %d: %w", i, err)
		}
		doc.Statements = append(doc.Statements, st)
	}
	return doc, nil
}

func parseStatement(rs map[string]json.RawMessage) (PolicyStatement, error) {
	var st PolicyStatement
	var err error
	if v, ok := rs["Sid"]; ok {
		_ = json.Unmarshal(v, &st.Sid) // a non-string Sid is only cosmetic
	}
	if v, ok := rs["Effect"]; ok {
		if err := json.Unmarshal(v, &st.Effect); err != nil {
			return st, fmt.Errorf("the value of Effect is not a string: %w", err)
		}
	}
	if st.Actions, err = policyStringField(rs, "Action"); err != nil {
		return st, err
	}
	if st.NotActions, err = policyStringField(rs, "NotAction"); err != nil {
		return st, err
	}
	_, st.HasNotAction = rs["NotAction"]
	if st.Resources, err = policyStringField(rs, "Resource"); err != nil {
		return st, err
	}
	if st.NotResources, err = policyStringField(rs, "NotResource"); err != nil {
		return st, err
	}
	_, st.HasNotResource = rs["NotResource"]
	if st.Principals, err = principalMap(rs["Principal"]); err != nil {
		return st, fmt.Errorf("in Principal: %w", err)
	}
	if st.NotPrincipals, err = principalMap(rs["NotPrincipal"]); err != nil {
		return st, fmt.Errorf("in NotPrincipal: %w", err)
	}
	if v, ok := rs["Condition"]; ok {
		if st.Conditions, err = conditionList(v); err != nil {
			return st, fmt.Errorf("in Condition: %w", err)
		}
	}
	return st, nil
}

func policyStringField(rs map[string]json.RawMessage, field string) ([]string, error) {
	v, ok := rs[field]
	if !ok {
		return nil, nil
	}
	out, err := jsonStrings(v)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", field, err)
	}
	return out, nil
}

// jsonStrings decodes a string, a scalar, or a list of scalars into strings.
func jsonStrings(v json.RawMessage) ([]string, error) {
	var any1 any
	if err := json.Unmarshal(v, &any1); err != nil {
		return nil, err
	}
	switch x := any1.(type) {
	case nil:
		return nil, nil
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			s, err := scalarString(e)
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
		return out, nil
	default:
		s, err := scalarString(x)
		if err != nil {
			return nil, err
		}
		return []string{s}, nil
	}
}

func scalarString(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case bool:
		if x {
			return "true", nil
		}
		return "false", nil
	case float64:
		return fmt.Sprintf("%v", x), nil
	}
	return "", fmt.Errorf("expected a string or a list of strings, got %T", v)
}

func principalMap(v json.RawMessage) (map[string][]string, error) {
	if len(v) == 0 {
		return nil, nil
	}
	var star string
	if err := json.Unmarshal(v, &star); err == nil {
		return map[string][]string{star: {star}}, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(v, &m); err != nil {
		return nil, fmt.Errorf("expected \"*\" or an object: %w", err)
	}
	out := make(map[string][]string, len(m))
	for typ, ids := range m {
		list, err := jsonStrings(ids)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", typ, err)
		}
		out[typ] = list
	}
	return out, nil
}

func conditionList(v json.RawMessage) ([]PolicyCondition, error) {
	var ops map[string]map[string]json.RawMessage
	if err := json.Unmarshal(v, &ops); err != nil {
		return nil, fmt.Errorf("expected {operator: {key: value}}: %w", err)
	}
	var out []PolicyCondition
	for op, keys := range ops {
		for key, vals := range keys {
			list, err := jsonStrings(vals)
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", op, key, err)
			}
			out = append(out, PolicyCondition{Operator: op, Key: key, Values: list})
		}
	}
	// Map order is random; a stable order keeps messages reproducible.
	sort.Slice(out, func(i, j int) bool {
		if out[i].Operator != out[j].Operator {
			return out[i].Operator < out[j].Operator
		}
		return out[i].Key < out[j].Key
	})
	return out, nil
}

// PolicyInput is one policy document held by a resource attribute, as far as
// it is known at plan time.
type PolicyInput struct {
	// Attribute is where the document sits, e.g. "policy" or "inline_policy[0].policy".
	Attribute string
	// Doc is the parsed document; nil when unknown or unparseable.
	Doc *PolicyDocument
	// Partial is true when Doc was rebuilt from the statement blocks of a
	// data.aws_iam_policy_document whose json is known only after apply:
	// some statement fields may then be unknown (see PolicyStatement.Unknown).
	Partial bool
	// Unknown is set when the document is known only after apply and could
	// not be rebuilt.
	Unknown *Unknown
	// Err is set when the document is known but is not a valid policy.
	Err error
}

// policyAttributes lists, per resource type, the top-level attributes that
// hold an identity policy document as a JSON string.
var identityPolicyAttributes = map[string][]string{
	"aws_iam_policy":                            {"policy"},
	"aws_iam_role_policy":                       {"policy"},
	"aws_iam_group_policy":                      {"policy"},
	"aws_iam_user_policy":                       {"policy"},
	"aws_ssoadmin_permission_set_inline_policy": {"inline_policy"},
}

// identityPolicyTypes are the resource types that carry identity policies
// (what a principal may do), in a stable order for rule metadata.
var identityPolicyTypes = []string{
	"aws_iam_group_policy",
	"aws_iam_policy",
	"aws_iam_role",
	"aws_iam_role_policy",
	"aws_iam_user_policy",
	"aws_ssoadmin_permission_set_inline_policy",
}

// IdentityPolicies returns every identity policy document r holds:
// policy-typed resources and the inline_policy blocks of aws_iam_role.
func IdentityPolicies(ev *Evaluation, r *plan.Resource) []PolicyInput {
	v := r.Value()
	if r.Type == "aws_iam_role" {
		blocks := At(v, "inline_policy")
		if StateOf(blocks) == AfterApply && !configSets(r, "inline_policy") {
			return nil // computed from aws_iam_role_policy resources
		}
		if StateOf(blocks) == AfterApply {
			return []PolicyInput{{Attribute: "inline_policy", Unknown: &Unknown{Value: joinAddress(r.Address, "inline_policy"), From: ReferencesOf(r, "inline_policy")}}}
		}
		var out []PolicyInput
		for i, b := range Elements(blocks) {
			attr := AttrPath("inline_policy", i, "policy")
			out = append(out, policyFromValue(ev, r, attr, At(b, "policy"), nil))
		}
		return out
	}
	var out []PolicyInput
	for _, attr := range identityPolicyAttributes[r.Type] {
		out = append(out, PolicyFrom(ev, r, attr))
	}
	return out
}

// PolicyFrom reads the policy document in top-level attribute attr of r.
func PolicyFrom(ev *Evaluation, r *plan.Resource, attr string) PolicyInput {
	return policyFromValue(ev, r, attr, At(r.Value(), attr), ev)
}

// policyFromValue parses v; when it is unknown and resolveWith is set, it
// tries to rebuild the document from a referenced data.aws_iam_policy_document.
func policyFromValue(_ *Evaluation, r *plan.Resource, attr string, v cty.Value, resolveWith *Evaluation) PolicyInput {
	in := PolicyInput{Attribute: attr}
	switch StateOf(v) {
	case Null:
		in.Doc = &PolicyDocument{}
		return in
	case AfterApply:
		if resolveWith != nil {
			if doc, ok := policyFromDataSource(resolveWith, r, attr); ok {
				in.Doc, in.Partial = doc, true
				return in
			}
		}
		in.Unknown = &Unknown{Value: joinAddress(r.Address, attr), From: ReferencesOf(r, attr)}
		return in
	}
	text, _ := String(v)
	if strings.TrimSpace(text) == "" {
		in.Doc = &PolicyDocument{}
		return in
	}
	doc, err := ParsePolicyJSON(text)
	if err != nil {
		in.Err = err
		return in
	}
	in.Doc = doc
	return in
}

// policyFromDataSource rebuilds a document from the statement blocks of the
// data.aws_iam_policy_document that attr references directly, when the data
// source's json is unknown (it has inputs known only after apply). Documents
// merged from source/override documents cannot be rebuilt faithfully.
func policyFromDataSource(ev *Evaluation, r *plan.Resource, attr string) (*PolicyDocument, bool) {
	if ev == nil || ev.Plan == nil {
		return nil, false
	}
	res := ev.Plan.Resolve(r, attr)
	if len(res.Targets) != 1 || len(res.Unresolved) > 0 {
		return nil, false
	}
	t := res.Targets[0]
	if t.Resource.Type != "aws_iam_policy_document" || t.Resource.Mode != plan.ModeData || t.Attribute != "json" {
		return nil, false
	}
	dv := t.Resource.Value()
	for _, merged := range []string{"source_policy_documents", "override_policy_documents", "source_json", "override_json"} {
		mv := At(dv, merged)
		switch StateOf(mv) {
		case AfterApply:
			return nil, false
		case Known:
			if s, st := String(mv); st == Known && s == "" {
				continue
			}
			if mv.Type().IsPrimitiveType() || len(Elements(mv)) > 0 {
				return nil, false
			}
		}
	}
	blocks := At(dv, "statement")
	if !blocks.IsKnown() {
		return nil, false
	}
	doc := &PolicyDocument{}
	for _, b := range Elements(blocks) {
		doc.Statements = append(doc.Statements, statementFromBlock(b))
	}
	return doc, true
}

func statementFromBlock(b cty.Value) PolicyStatement {
	var st PolicyStatement
	st.Sid, _ = String(At(b, "sid"))
	effect, est := String(At(b, "effect"))
	switch est {
	case Known:
		st.Effect = effect
	case Null:
		st.Effect = "Allow" // the data source's default
	default:
		st.Unknown = append(st.Unknown, "Effect")
	}
	list := func(name, field string) ([]string, bool) {
		vals, s := Strings(At(b, name))
		if s == AfterApply {
			st.Unknown = append(st.Unknown, field)
		}
		return vals, s != Null && (s == AfterApply || len(vals) > 0)
	}
	st.Actions, _ = list("actions", "Action")
	st.NotActions, st.HasNotAction = list("not_actions", "Action")
	st.Resources, _ = list("resources", "Resource")
	st.NotResources, st.HasNotResource = list("not_resources", "Resource")
	st.Principals = principalBlocks(&st, At(b, "principals"))
	st.NotPrincipals = principalBlocks(&st, At(b, "not_principals"))
	conds := At(b, "condition")
	if StateOf(conds) == AfterApply && !conds.IsKnown() {
		st.Unknown = append(st.Unknown, "Condition")
	}
	for _, c := range Elements(conds) {
		op, s1 := String(At(c, "test"))
		key, s2 := String(At(c, "variable"))
		vals, s3 := Strings(At(c, "values"))
		if s1 != Known || s2 != Known || s3 == AfterApply {
			st.Unknown = append(st.Unknown, "Condition")
			continue
		}
		st.Conditions = append(st.Conditions, PolicyCondition{Operator: op, Key: key, Values: vals})
	}
	return st
}

func principalBlocks(st *PolicyStatement, blocks cty.Value) map[string][]string {
	if StateOf(blocks) == AfterApply && !blocks.IsKnown() {
		st.Unknown = append(st.Unknown, "Principal")
		return nil
	}
	var out map[string][]string
	for _, p := range Elements(blocks) {
		typ, s1 := String(At(p, "type"))
		ids, s2 := Strings(At(p, "identifiers"))
		if s1 != Known || s2 == AfterApply {
			st.Unknown = append(st.Unknown, "Principal")
			continue
		}
		if out == nil {
			out = map[string][]string{}
		}
		if typ == "*" {
			out["*"] = append(out["*"], "*")
			continue
		}
		out[typ] = append(out[typ], ids...)
	}
	return out
}

// ActionMatches reports whether the IAM action pattern (with * and ?
// wildcards, case-insensitive, as IAM evaluates them) matches action.
func ActionMatches(pattern, action string) bool {
	return wildcardMatch(strings.ToLower(pattern), strings.ToLower(action))
}

// AnyActionMatches reports whether any pattern matches any of the actions.
func AnyActionMatches(patterns []string, actions ...string) (string, bool) {
	for _, p := range patterns {
		for _, a := range actions {
			if ActionMatches(p, a) {
				return p, true
			}
		}
	}
	return "", false
}

// wildcardMatch matches s against a glob with * (any run) and ? (one char).
func wildcardMatch(pattern, s string) bool {
	px, sx := 0, 0
	starP, starS := -1, 0
	for sx < len(s) {
		switch {
		case px < len(pattern) && (pattern[px] == '?' || pattern[px] == s[sx]):
			px++
			sx++
		case px < len(pattern) && pattern[px] == '*':
			starP, starS = px, sx
			px++
		case starP >= 0:
			px = starP + 1
			starS++
			sx = starS
		default:
			return false
		}
	}
	for px < len(pattern) && pattern[px] == '*' {
		px++
	}
	return px == len(pattern)
}

// policyProblem is what a statement check reports: Bad for a definite
// violation, Undecided when the verdict depends on fields known only after
// apply; Why explains either.
type policyProblem struct {
	Bad       bool
	Undecided bool
	Why       string
}

// judgePolicies applies check to every statement of every document and
// turns the outcome into findings for r: one fail per bad statement; else
// one undecidable per unknown document or undecided statement; else a pass.
// Documents that are known but not valid JSON policies fail, since AWS would
// reject them at apply and the author must fix them anyway.
func judgePolicies(r *plan.Resource, docs []PolicyInput, check func(PolicyStatement) policyProblem, passMsg string) []Finding {
	var fails, undecided []Finding
	for _, in := range docs {
		switch {
		case in.Err != nil:
			fails = append(fails, Fail(r, in.Attribute, "policy document cannot be read: %v; write it with jsonencode() or data.aws_iam_policy_document", in.Err))
			continue
		case in.Unknown != nil:
			undecided = append(undecided, Finding{
				Status: StatusUndecidable, Address: r.Address, Attribute: in.Attribute,
				Message: "the policy document is known only after apply, so its statements cannot be judged yet",
				Unknown: in.Unknown,
			})
			continue
		}
		for i, st := range in.Doc.Statements {
			p := check(st)
			attr := in.Attribute
			switch {
			case p.Bad:
				fails = append(fails, Fail(r, attr, "%s: %s", st.Label(i), p.Why))
			case p.Undecided:
				undecided = append(undecided, Finding{
					Status: StatusUndecidable, Address: r.Address, Attribute: attr,
					Message: fmt.Sprintf("%s: %s", st.Label(i), p.Why),
					Unknown: &Unknown{Value: joinAddress(r.Address, attr), From: ReferencesOf(r, attr)},
				})
			}
		}
	}
	if len(fails) > 0 {
		return fails
	}
	if len(undecided) > 0 {
		return undecided
	}
	return []Finding{Pass(r, "%s", passMsg)}
}

// undecidedIf returns an undecided problem naming the unknown fields among
// fields, or ok=false when all of them are known.
func undecidedIf(st PolicyStatement, fields ...string) (policyProblem, bool) {
	var missing []string
	for _, f := range fields {
		if st.UnknownField(f) {
			missing = append(missing, f)
		}
	}
	if len(missing) == 0 {
		return policyProblem{}, false
	}
	return policyProblem{Undecided: true, Why: strings.Join(missing, ", ") + " known only after apply"}, true
}

// broadResource reports whether a statement applies to every resource:
// Resource "*" or NotResource (which matches everything not listed).
func (s PolicyStatement) broadResource() bool {
	if s.HasNotResource {
		return true
	}
	for _, res := range s.Resources {
		if res == "*" {
			return true
		}
	}
	return false
}

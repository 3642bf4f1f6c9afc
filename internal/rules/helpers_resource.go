package rules

import (
	"encoding/base64"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/commshield/terraform-provider-commshield/internal/plan"
	"github.com/zclconf/go-cty/cty"
)

// attrOrDefault reads top-level attribute attr of r. An Optional+Computed
// attribute that the configuration does not set shows as "known after
// apply" in a plan although AWS will simply apply its default; such a value
// is reported as Null so that rules apply the documented default instead of
// giving up.
func attrOrDefault(r *plan.Resource, path ...any) (cty.Value, State) {
	v := At(r.Value(), path...)
	st := StateOf(v)
	if st == AfterApply && len(path) > 0 && !configSets(r, path[0]) {
		return cty.NullVal(cty.DynamicPseudoType), Null
	}
	return v, st
}

// configSets reports whether the configuration sets top-level argument
// name of r. Without configuration (old plan formats) it answers true, so
// that unknown values stay unknown.
func configSets(r *plan.Resource, name any) bool {
	s, ok := name.(string)
	if !ok || r.Config == nil {
		return true
	}
	_, set := r.Config.Expressions[s]
	return set
}

// resourceTags returns the effective tags of r (tags_all, which includes the
// provider's default_tags, else tags) and whether they are all known.
func resourceTags(r *plan.Resource) (map[string]string, State) {
	v, st := effectiveTags(r)
	if st != Known {
		return nil, st
	}
	inner, _ := v.UnmarkDeep()
	out := map[string]string{}
	for it := inner.ElementIterator(); it.Next(); {
		k, e := it.Element()
		if s, st := String(e); st == Known {
			out[k.AsString()] = s
		}
	}
	return out, Known
}

// effectiveTags picks the value resourceTags reads (top-level marks
// removed): AfterApply when it is unknown, Null when r has no tags.
func effectiveTags(r *plan.Resource) (cty.Value, State) {
	for _, attr := range []string{"tags_all", "tags"} {
		v := At(r.Value(), attr)
		switch StateOf(v) {
		case AfterApply:
			if attr == "tags_all" {
				continue // tags_all is unknown whenever default_tags are; tags may still tell
			}
			return cty.NilVal, AfterApply
		case Null:
			continue
		}
		// Marks never change whether a value can be iterated, but a
		// marked value cannot be.
		inner, _ := v.Unmark()
		if !inner.CanIterateElements() {
			continue
		}
		return inner, Known
	}
	return cty.NilVal, Null
}

// hasTagIn reports whether tags and their state, as effectiveTags returns
// them, hold tag key with one of values (any value when values is empty),
// case-insensitive on values. It looks the key up instead of building
// resourceTags' map: rules ask for tags of every instance, often several
// keys each.
func hasTagIn(tags cty.Value, st State, key string, values []string) (bool, State) {
	switch st {
	case AfterApply:
		return false, AfterApply
	case Null:
		return false, Known
	}
	v, ok := knownTag(tags, key)
	if !ok {
		return false, Known
	}
	if len(values) == 0 {
		return true, Known
	}
	for _, want := range values {
		if strings.EqualFold(v, want) {
			return true, Known
		}
	}
	return false, Known
}

// knownTag is the known string value of tag key in tags (a wholly known
// collection, as effectiveTags returns it).
func knownTag(tags cty.Value, key string) (string, bool) {
	var e cty.Value
	switch ty := tags.Type(); {
	case ty.IsObjectType():
		if !ty.HasAttribute(key) {
			return "", false
		}
		e = tags.GetAttr(key)
	case ty.IsMapType():
		k := cty.StringVal(key)
		if !tags.HasIndex(k).True() {
			return "", false
		}
		e = tags.Index(k)
	default:
		// Lists, sets and tuples of tags: not a shape providers use;
		// read them exactly as resourceTags does.
		inner, _ := tags.UnmarkDeep()
		found := false
		for it := inner.ElementIterator(); it.Next(); {
			k, el := it.Element()
			if k.Type() == cty.String && k.AsString() == key {
				e, found = el, true
			}
		}
		if !found {
			return "", false
		}
	}
	s, st := String(e)
	return s, st == Known
}

// tagMatches parses "key=value" or "key" (any value) and tests r.
func tagMatches(r *plan.Resource, spec string) (bool, State) {
	tags, st := effectiveTags(r)
	return tagMatchesIn(tags, st, spec)
}

func tagMatchesIn(tags cty.Value, st State, spec string) (bool, State) {
	key, value, hasValue := strings.Cut(spec, "=")
	if !hasValue {
		return hasTagIn(tags, st, key, nil)
	}
	return hasTagIn(tags, st, key, strings.Split(value, "|"))
}

// anyTagMatches tests several "key=value" specs (reading r's tags once).
func anyTagMatches(r *plan.Resource, specs []string) (bool, State) {
	tags, tagsState := effectiveTags(r)
	unknown := false
	for _, spec := range specs {
		ok, st := tagMatchesIn(tags, tagsState, spec)
		if ok {
			return true, Known
		}
		if st == AfterApply {
			unknown = true
		}
	}
	if unknown {
		return false, AfterApply
	}
	return false, Known
}

// constantIn reports whether the configuration of r gives block path a
// literal value: path is a top-level argument, or "block.attr" for an
// attribute inside every instance of a nested block. It returns the
// attribute paths that are literals.
func literalArguments(r *plan.Resource, name string) []string {
	if r.Config == nil {
		return nil
	}
	top, nested, isNested := strings.Cut(name, ".")
	e := r.Config.Expressions[top]
	if e == nil {
		return nil
	}
	if !isNested {
		if e.Constant && !e.ConstantValue.IsNull() {
			return []string{top}
		}
		return nil
	}
	var out []string
	for i, block := range e.Blocks {
		if inner := block[nested]; inner != nil && inner.Constant && !inner.ConstantValue.IsNull() {
			out = append(out, AttrPath(top, i, nested))
		}
	}
	return out
}

// variableWithLiteralDefault reports whether the argument name of r comes
// straight from an input variable of r's module that has a literal default,
// i.e. the secret still lives in the code.
func variableWithLiteralDefault(r *plan.Resource, name string) (string, bool) {
	if r.Config == nil || r.Config.Module == nil {
		return "", false
	}
	e := r.Config.Expressions[name]
	if e == nil {
		return "", false
	}
	for _, ref := range e.References {
		v, ok := strings.CutPrefix(ref, "var.")
		if !ok || strings.Contains(v, ".") {
			continue
		}
		decl, ok := r.Config.Module.Variables[v]
		if ok && decl.Default != cty.NilVal && !decl.Default.IsNull() {
			return ref, true
		}
	}
	return "", false
}

var iso8601Duration = regexp.MustCompile(`^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$`)

// parseISODuration parses the subset of ISO-8601 durations AWS uses for
// session lengths (PT1H, PT30M, PT2H30M, P1D) into seconds.
func parseISODuration(s string) (int, error) {
	m := iso8601Duration.FindStringSubmatch(strings.ToUpper(strings.TrimSpace(s)))
	if m == nil || s == "P" || s == "PT" {
		return 0, fmt.Errorf("%q is not an ISO-8601 duration such as PT1H", s)
	}
	total := 0
	for i, unit := range []int{86400, 3600, 60, 1} {
		if m[i+1] == "" {
			continue
		}
		n, err := strconv.Atoi(m[i+1])
		if err != nil {
			return 0, fmt.Errorf("%q: %w", s, err)
		}
		total += n * unit
	}
	return total, nil
}

// liveResources returns the instances of typ that exist after apply.
func liveResources(p *plan.Plan, typ string) []*plan.Resource {
	var out []*plan.Resource
	for _, r := range p.OfType(typ) {
		if r.Mode == plan.ModeManaged && !r.Deleted() {
			out = append(out, r)
		}
	}
	return out
}

// planFinding is a plan-level verdict (no single resource).
func planFinding(status Status, format string, args ...any) Finding {
	return Finding{Status: status, Message: fmt.Sprintf(format, args...)}
}

// withChain attaches a resolution chain to a finding.
func withChain(f Finding, chain []plan.Step) Finding {
	f.Chain = chain
	return f
}

// undecidableRef is an undecidable verdict on r caused by another resource's
// unknown attribute.
func undecidableRef(r *plan.Resource, other *plan.Resource, attr, format string, args ...any) Finding {
	f := Undecidable(other, attr, format, args...)
	f.Address = r.Address
	return f
}

// secretName matches names that usually hold secrets.
var secretName = regexp.MustCompile(`(?i)(passw(or)?d|passwd|pwd|secret|token|api[_-]?key|apikey|private[_-]?key|credential|auth[_-]?key|access[_-]?key)`)

// secretInText finds credentials in free text (user data, scripts).
var secretInText = regexp.MustCompile(`(?i)(?:passw(?:or)?d|passwd|secret|api[_-]?key|token)\s*[:=]\s*['"]?[^\s'"$]{4,}|-----BEGIN (?:RSA |EC |OPENSSH |DSA )?PRIVATE KEY-----|AKIA[0-9A-Z]{16}`)

// looksLikeSecretReference reports whether a value points at a secret store
// rather than holding the secret (Secrets Manager / SSM ARNs, resolve tokens).
func looksLikeSecretReference(v string) bool {
	l := strings.ToLower(v)
	return strings.HasPrefix(l, "arn:aws:secretsmanager:") || strings.HasPrefix(l, "arn:aws:ssm:") ||
		strings.HasPrefix(l, "{{resolve:") || strings.HasPrefix(l, "ssm:") || v == ""
}

// decodeBase64 decodes standard base64 text that decodes to printable data.
func decodeBase64(s string) (string, bool) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil {
		return "", false
	}
	return string(b), true
}

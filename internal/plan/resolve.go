package plan

import (
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/zclconf/go-cty/cty"
)

// maxResolveDepth bounds module/variable hops; configurations cannot be
// cyclic, but a malformed plan could be.
const maxResolveDepth = 32

// refPart is one step of a reference: a name with an optional literal key.
type refPart struct {
	name   string
	key    InstanceKey
	hasKey bool
}

// parseReference splits `module.m["a"].out.id` into parts. Keys that are
// not literals never appear in Terraform's reference lists.
func parseReference(ref string) ([]refPart, bool) {
	sc := &addressScanner{s: ref}
	var parts []refPart
	for !sc.done() {
		name, err := sc.name()
		if err != nil {
			return nil, false
		}
		part := refPart{name: name}
		if !sc.done() && sc.s[sc.pos] == '[' {
			k, err := sc.key()
			if err != nil {
				return nil, false
			}
			part.key, part.hasKey = k, true
			// Further indexes (var.x[0][1]) select inside a value; they do
			// not name instances.
			for !sc.done() && sc.s[sc.pos] == '[' {
				if _, err := sc.key(); err != nil {
					return nil, false
				}
			}
		}
		parts = append(parts, part)
		if !sc.done() && !sc.dot() {
			return nil, false
		}
	}
	return parts, len(parts) > 0
}

// scope is where an expression is evaluated: a module instance, and the
// instance key and for_each of the resource or module call that owns it.
type scope struct {
	module  string
	cfg     *ModuleConfig
	key     InstanceKey
	forEach *Expression
}

// resolveResult collects what one expression resolves to.
type resolveResult struct {
	targets    []Target
	candidates []candidate
	unresolved []Step
}

type candidate struct {
	resource  *Resource
	attribute string
	chain     []Step
}

type resolver struct {
	p *Plan
	// visited stops a resolution from evaluating the same expression in the
	// same module instance for the same key twice: configurations in a plan
	// cannot be cyclic, but malformed input can, and fan-out through
	// modules would otherwise grow exponentially.
	visited map[visitKey]bool
	// budget bounds the work of one resolution.
	budget int
}

type visitKey struct {
	module string
	expr   *Expression
	key    InstanceKey
}

// maxResolveSteps bounds the expressions one resolution evaluates.
const maxResolveSteps = 4096

// Resolve follows the references of r's attribute (a top-level name or a
// dotted path into nested blocks) to the resource instances it refers to.
//
// A reference to a resource with several instances is matched instance by
// instance when the expression uses count.index/each.key or each.value (the
// instance with r's key), or when it names a literal key. When that leaves
// several instances, or when references cannot be followed (locals, root
// variables, no configuration), r's known value is compared with the
// id/arn/bucket/name of the instances; such targets have ByValue set.
// Instances that remain possible but unproven are listed in Candidates.
func (p *Plan) Resolve(r *Resource, attribute string) Resolution {
	var res Resolution
	if p == nil || r == nil || attribute == "" {
		return res
	}
	from := r.Address + "." + attribute
	attribute = normalizeAttributePath(attribute)
	value := valueAtPath(r.Value(), attribute)

	var out resolveResult
	if r.Config != nil {
		expr := r.Config.Attribute(attribute)
		if expr != nil {
			sc := scope{module: r.ModuleAddress, cfg: r.Config.Module, key: r.Key, forEach: r.Config.ForEach}
			rv := &resolver{p: p, visited: make(map[visitKey]bool), budget: maxResolveSteps}
			rv.expression(&out, sc, expr, from, nil, nil, nil, 0)
		}
	}

	res.Targets = dedupeTargets(out.targets)
	res.Unresolved = out.unresolved

	// A reference to every instance (splat, or a whole resource) is a
	// definite list of targets when the attribute holds a list.
	if len(out.candidates) > 0 && isCollection(value) {
		for _, c := range out.candidates {
			res.Targets = append(res.Targets, Target{Resource: c.resource, Attribute: c.attribute, Chain: c.chain})
		}
		res.Targets = dedupeTargets(res.Targets)
		out.candidates = nil
	}

	known := knownStrings(value)
	if len(out.candidates) > 0 {
		matched := 0
		if len(known) > 0 {
			for _, c := range out.candidates {
				if attr, ok := p.identityMatch(c.resource, known); ok {
					chain := append(append([]Step(nil), c.chain...), Step{From: from, Via: valueLabel(value, known), To: c.resource.Address + "." + attr})
					res.Targets = append(res.Targets, Target{Resource: c.resource, Attribute: attr, ByValue: true, Chain: chain})
					matched++
				}
			}
			res.Targets = dedupeTargets(res.Targets)
		}
		// Without a value that picks among them, every candidate stays
		// possible.
		if matched == 0 {
			seen := make(map[*Resource]bool)
			for _, c := range out.candidates {
				if !seen[c.resource] {
					seen[c.resource] = true
					res.Candidates = append(res.Candidates, c.resource)
				}
			}
		}
	}

	if len(res.Targets) == 0 && len(known) > 0 {
		idx := p.identityIndex()
		for _, s := range known {
			for _, hit := range idx[s] {
				// An instance's own identity attribute equal to another
				// instance's of the same type is a name collision, not a
				// reference.
				if hit.resource == r || hit.resource.Type == r.Type {
					continue
				}
				res.Targets = append(res.Targets, Target{
					Resource: hit.resource, Attribute: hit.attribute, ByValue: true,
					Chain: []Step{{From: from, Via: valueLabel(value, []string{s}), To: hit.resource.Address + "." + hit.attribute}},
				})
			}
		}
		res.Targets = dedupeTargets(res.Targets)
	}
	return res
}

func (p *Plan) identityMatch(r *Resource, known []string) (string, bool) {
	idx := p.identityIndex()
	for _, s := range known {
		for _, hit := range idx[s] {
			if hit.resource == r {
				return hit.attribute, true
			}
		}
	}
	return "", false
}

// valueLabel describes the matched value for a chain without revealing
// sensitive values.
func valueLabel(v cty.Value, known []string) string {
	if IsSensitive(v) {
		return "value (sensitive)"
	}
	if len(known) == 1 {
		return "value " + strconv.Quote(known[0])
	}
	return "value " + strconv.Quote(strings.Join(known, ","))
}

func isCollection(v cty.Value) bool {
	v, _ = v.Unmark() // only the top-level type matters
	if v == cty.NilVal || !v.IsKnown() || v.IsNull() {
		return false
	}
	ty := v.Type()
	return ty.IsTupleType() || ty.IsListType() || ty.IsSetType()
}

// knownStrings returns the known string(s) of a value: itself, or the known
// string elements of a list.
func knownStrings(v cty.Value) []string {
	if s, ok := String(v); ok {
		if s = strings.TrimSpace(s); s != "" {
			return []string{s}
		}
		return nil
	}
	if isCollection(v) {
		var out []string
		inner, _ := v.UnmarkDeep()
		for it := inner.ElementIterator(); it.Next(); {
			_, e := it.Element()
			if s, ok := String(e); ok && s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// valueAtPath reads a dotted attribute path, stepping into the first block
// of a block list when the path does not name an index.
func valueAtPath(v cty.Value, path string) cty.Value {
	for _, part := range strings.Split(path, ".") {
		if n, ok := atoi(part); ok {
			v = Get(v, n)
			continue
		}
		// Only the top-level type matters: a deep unmark would copy the
		// whole resource value at every step.
		inner, _ := v.Unmark()
		if inner.IsKnown() && !inner.IsNull() && (inner.Type().IsTupleType() || inner.Type().IsListType()) {
			v = Get(v, 0)
		}
		v = Get(v, part)
	}
	return v
}

func dedupeTargets(ts []Target) []Target {
	if len(ts) < 2 {
		return ts
	}
	seen := make(map[string]bool, len(ts))
	out := ts[:0]
	for _, t := range ts {
		k := t.Resource.Address + "\x00" + t.Resource.Deposed + "\x00" + t.Attribute
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, t)
	}
	return out
}

// primaryReferences drops references that only repeat a shorter prefix of a
// more specific one (Terraform lists "aws_s3_bucket.b.id" and then
// "aws_s3_bucket.b") and the instance-key references, which are returned as
// usesKey.
func primaryReferences(refs []string) (primary []string, usesKey bool) {
	for _, ref := range refs {
		switch {
		case ref == "count.index" || ref == "each.key":
			usesKey = true
			continue
		case ref == "each.value" || strings.HasPrefix(ref, "each.value."), strings.HasPrefix(ref, "each.value["):
		case strings.HasPrefix(ref, "path.") || strings.HasPrefix(ref, "terraform.") || strings.HasPrefix(ref, "self.") ||
			ref == "path" || ref == "terraform" || ref == "self" || strings.HasPrefix(ref, "count."):
			continue
		}
		shadowed := false
		for _, kept := range primary {
			if strings.HasPrefix(kept, ref) && len(kept) > len(ref) && (kept[len(ref)] == '.' || kept[len(ref)] == '[') {
				shadowed = true
				break
			}
		}
		if !shadowed {
			primary = append(primary, ref)
		}
	}
	return primary, usesKey
}

// expression resolves every primary reference of e in scope sc.
// selectKey, when set, picks the instance of a for_each collection (each.value);
// suffix is the attribute path read from the value e produces.
func (rv *resolver) expression(out *resolveResult, sc scope, e *Expression, from string, chain []Step, selectKey InstanceKey, suffix []string, depth int) {
	if e == nil {
		return
	}
	if depth > maxResolveDepth || rv.budget <= 0 {
		out.unresolved = append(out.unresolved, Step{From: from, Via: "", To: "reference chain too deep"})
		return
	}
	rv.budget--
	vk := visitKey{module: sc.module, expr: e, key: selectKey}
	if rv.visited[vk] {
		return
	}
	rv.visited[vk] = true
	refs, usesKey := primaryReferences(e.AllReferences())
	for _, ref := range refs {
		rv.reference(out, sc, ref, usesKey, from, chain, selectKey, suffix, depth)
	}
}

func (rv *resolver) reference(out *resolveResult, sc scope, ref string, usesKey bool, from string, chain []Step, selectKey InstanceKey, suffix []string, depth int) {
	parts, ok := parseReference(ref)
	if !ok {
		out.unresolved = append(out.unresolved, Step{From: from, Via: ref, To: "unparsable reference"})
		return
	}
	unresolved := func(why string) {
		out.unresolved = append(out.unresolved, Step{From: from, Via: ref, To: why})
	}
	attrs := func(n int) []string {
		var a []string
		for _, p := range parts[n:] {
			a = append(a, p.name)
		}
		return append(a, suffix...)
	}

	switch parts[0].name {
	case "local":
		unresolved("locals are not recorded in the plan's configuration")
		return
	case "each":
		if len(parts) < 2 || parts[1].name != "value" {
			return
		}
		if sc.forEach == nil {
			unresolved("no for_each expression in scope")
			return
		}
		label := from + " for_each"
		if sc.key == nil {
			unresolved("instance has no for_each key")
			return
		}
		next := append(append([]Step(nil), chain...), Step{From: from, Via: ref, To: fmt.Sprintf("for_each element %s", formatKey(sc.key))})
		rv.expression(out, scope{module: sc.module, cfg: sc.cfg}, sc.forEach, label, next, sc.key, attrs(2), depth+1)
		return
	case "var":
		if len(parts) < 2 {
			unresolved("malformed variable reference")
			return
		}
		if sc.module == "" {
			unresolved("root module variable: value taken from the plan's variables")
			return
		}
		parentAddr, seg, ok := parentModule(sc.module)
		if !ok || sc.cfg == nil || sc.cfg.Parent == nil {
			unresolved("module instance not found")
			return
		}
		parentCfg := sc.cfg.Parent
		call := parentCfg.ModuleCalls[seg.name]
		if call == nil {
			unresolved("module call not found in configuration")
			return
		}
		input := call.Inputs[parts[1].name]
		if input == nil {
			unresolved(fmt.Sprintf("input %q not set in module call (default used)", parts[1].name))
			return
		}
		label := sc.module + " input " + parts[1].name
		next := append(append([]Step(nil), chain...), Step{From: from, Via: ref, To: label})
		rv.expression(out, scope{module: parentAddr, cfg: parentCfg, key: seg.key, forEach: call.ForEach}, input, label, next, selectKey, attrs(2), depth+1)
		return
	case "module":
		if len(parts) < 2 {
			unresolved("malformed module reference")
			return
		}
		if len(parts) < 3 {
			// A whole module object (e.g. for_each = module.m): the output
			// is named by what is read from it (each.value.bucket_id).
			if len(suffix) == 0 {
				unresolved("reference to a whole module: no output named")
				return
			}
			parts = append(parts, refPart{name: suffix[0]})
			suffix = suffix[1:]
		}
		if sc.cfg == nil {
			unresolved("no configuration for module")
			return
		}
		call := sc.cfg.ModuleCalls[parts[1].name]
		if call == nil || call.Module == nil {
			unresolved("module call not found in configuration")
			return
		}
		output := call.Module.Outputs[parts[2].name]
		if output == nil {
			unresolved(fmt.Sprintf("output %q not found in module", parts[2].name))
			return
		}
		instances := rv.p.index.childModules[sc.module+"\x00"+parts[1].name]
		// Whether the call has count/for_each is read from its instances:
		// Terraform leaves for_each_expression out when it has no references.
		keyed := len(instances) > 0 && instances[0].key != nil
		var chosen []childModule
		switch {
		case parts[1].hasKey:
			for _, m := range instances {
				if keysEqual(m.key, parts[1].key) {
					chosen = append(chosen, m)
				}
			}
		case keyed && selectKey != nil:
			for _, m := range instances {
				if keysEqual(m.key, selectKey) {
					chosen = append(chosen, m)
				}
			}
			selectKey = nil
		case keyed && usesKey && sc.key != nil:
			for _, m := range instances {
				if keysEqual(m.key, sc.key) {
					chosen = append(chosen, m)
				}
			}
		default:
			chosen = instances
		}
		if len(chosen) == 0 && !parts[1].hasKey {
			// The key did not match (a for_each over a derived map): every
			// instance stays possible.
			chosen = instances
		}
		if len(chosen) == 0 {
			unresolved("no instance of the module holds resources in this plan")
			return
		}
		ambiguous := len(chosen) > 1
		for _, m := range chosen {
			label := m.address + " output " + parts[2].name
			next := append(append([]Step(nil), chain...), Step{From: from, Via: ref, To: label})
			if !ambiguous {
				rv.expression(out, scope{module: m.address, cfg: call.Module}, output, label, next, selectKey, attrs(3), depth+1)
				continue
			}
			var sub resolveResult
			rv.expression(&sub, scope{module: m.address, cfg: call.Module}, output, label, next, selectKey, attrs(3), depth+1)
			for _, t := range sub.targets {
				out.candidates = append(out.candidates, candidate{resource: t.Resource, attribute: t.Attribute, chain: t.Chain})
			}
			out.candidates = append(out.candidates, sub.candidates...)
			out.unresolved = append(out.unresolved, sub.unresolved...)
		}
		return
	}

	// A resource or data source reference.
	mode, typeIdx := ModeManaged, 0
	if parts[0].name == "data" {
		mode, typeIdx = ModeData, 1
	}
	if len(parts) < typeIdx+2 {
		unresolved("malformed resource reference")
		return
	}
	typ, namePart := parts[typeIdx].name, parts[typeIdx+1]
	local := configAddress("", mode, typ, namePart.name)
	instances := rv.p.index.byModule[sc.module][local]
	if len(instances) == 0 {
		unresolved(fmt.Sprintf("no instance of %s in %s", local, moduleLabel(sc.module)))
		return
	}
	rest := attrs(typeIdx + 2)
	attribute := ""
	if len(rest) > 0 {
		attribute = rest[0]
	}
	keyed := instances[0].Key != nil
	var chosen []*Resource
	switch {
	case namePart.hasKey:
		chosen = filterByKey(instances, namePart.key)
		if len(chosen) == 0 {
			unresolved(fmt.Sprintf("no instance of %s with key %s", local, formatKey(namePart.key)))
			return
		}
	case keyed && selectKey != nil:
		chosen = filterByKey(instances, selectKey)
	case keyed && usesKey && sc.key != nil:
		chosen = filterByKey(instances, sc.key)
	default:
		chosen = instances
	}
	if len(chosen) == 0 {
		// The key did not match (e.g. a for_each over a derived map):
		// every instance stays possible.
		chosen = instances
	}
	for _, inst := range chosen {
		to := inst.Address
		if attribute != "" {
			to += "." + attribute
		}
		next := append(append([]Step(nil), chain...), Step{From: from, Via: ref, To: to})
		if len(chosen) == 1 {
			out.targets = append(out.targets, Target{Resource: inst, Attribute: attribute, Chain: next})
		} else {
			out.candidates = append(out.candidates, candidate{resource: inst, attribute: attribute, chain: next})
		}
	}
}

func filterByKey(instances []*Resource, key InstanceKey) []*Resource {
	var out []*Resource
	for _, r := range instances {
		if keysEqual(r.Key, key) {
			out = append(out, r)
		}
	}
	return out
}

func moduleLabel(module string) string {
	if module == "" {
		return "the root module"
	}
	return module
}

// reverseEntry is the reverse reference index of one (type, attribute).
type reverseEntry struct {
	once         sync.Once
	matched      map[*Resource][]Target
	candidates   map[*Resource][]*Resource
	undetermined []*Resource
}

// ReferrersOf lists the instances of typ whose attribute resolves to target
// (Matched; each Target's Resource is the referring instance, Attribute the
// referring attribute, Chain the resolution). Undetermined lists instances of
// typ that might point at target but cannot be proven to at plan time: their
// attribute is unknown and its references could not be followed, or they
// reference several instances among which target is one. Instances of typ
// that will be deleted are left out: they will not point anywhere after
// apply. The index per (typ, attribute) is built once and shared.
func (p *Plan) ReferrersOf(target *Resource, typ, attribute string) Referrers {
	if p == nil || p.index == nil || target == nil {
		return Referrers{}
	}
	ix := p.index
	key := reverseKey{typ, attribute} // a struct key: rules ask per instance, a concatenated one allocated each time
	ix.reverseMu.Lock()
	entry := ix.reverse[key]
	if entry == nil {
		entry = &reverseEntry{}
		ix.reverse[key] = entry
	}
	ix.reverseMu.Unlock()
	entry.once.Do(func() {
		entry.matched = make(map[*Resource][]Target)
		entry.candidates = make(map[*Resource][]*Resource)
		decodeValues(p.OfType(typ))
		for _, inst := range p.OfType(typ) {
			if inst.Deleted() || inst.Deposed != "" {
				continue
			}
			res := p.Resolve(inst, attribute)
			for _, t := range res.Targets {
				entry.matched[t.Resource] = append(entry.matched[t.Resource], Target{Resource: inst, Attribute: attribute, ByValue: t.ByValue, Chain: t.Chain})
			}
			for _, c := range res.Candidates {
				entry.candidates[c] = append(entry.candidates[c], inst)
			}
			if len(res.Targets) == 0 && len(res.Candidates) == 0 && !IsKnown(valueAtPath(inst.Value(), attribute)) {
				entry.undetermined = append(entry.undetermined, inst)
			}
		}
		byAddress := func(a, b *Resource) int { return strings.Compare(a.Address, b.Address) }
		slices.SortStableFunc(entry.undetermined, byAddress)
		for _, list := range entry.candidates {
			slices.SortStableFunc(list, byAddress)
		}
	})
	// The undetermined instances are the same for every target: sorted once
	// above and shared (capacity-clipped, so a caller's append copies),
	// since copying and sorting them per call made a rule that asks for
	// every bucket quadratic when most buckets leave the attribute unset.
	out := Referrers{Matched: entry.matched[target]}
	candidates, undetermined := entry.candidates[target], entry.undetermined
	switch {
	case len(candidates) == 0:
		if len(undetermined) > 0 {
			out.Undetermined = undetermined[:len(undetermined):len(undetermined)]
		}
	case len(undetermined) == 0:
		out.Undetermined = candidates[:len(candidates):len(candidates)]
	default:
		out.Undetermined = mergeByAddress(candidates, undetermined)
	}
	return out
}

// decodeMinPerWorker is the fewest instances worth a goroutine of
// decodeValues (decoding one takes some microseconds, starting a goroutine
// well under one).
const decodeMinPerWorker = 64

// reverseKey names one reverse index: referring type and attribute.
type reverseKey struct{ typ, attribute string }

// decodeValues decodes the values of instances on up to GOMAXPROCS
// goroutines. The reverse index is built under a sync.Once that the rule
// workers asking for it wait on; decoding the instances it resolves (which
// rules would decode later anyway) in parallel keeps those workers busy
// instead of idle. A panic in a worker is raised again in the caller, where
// it would have happened without the workers (the rule engine turns it into
// an internal error of the rule that asked).
func decodeValues(instances []*Resource) {
	workers := min(runtime.GOMAXPROCS(0), len(instances)/decodeMinPerWorker)
	if workers < 2 {
		return
	}
	var wg sync.WaitGroup
	var panicOnce sync.Once
	var panicked any
	for w := range workers {
		wg.Go(func() {
			defer func() {
				if p := recover(); p != nil {
					panicOnce.Do(func() { panicked = p })
				}
			}()
			for i := w; i < len(instances); i += workers {
				if v := instances[i].values; v != nil {
					v.decode()
				}
			}
		})
	}
	wg.Wait()
	if panicked != nil {
		panic(panicked)
	}
}

// mergeByAddress merges two lists sorted by address.
func mergeByAddress(a, b []*Resource) []*Resource {
	out := make([]*Resource, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if b[0].Address < a[0].Address {
			out, b = append(out, b[0]), b[1:]
		} else {
			out, a = append(out, a[0]), a[1:]
		}
	}
	out = append(out, a...)
	return append(out, b...)
}

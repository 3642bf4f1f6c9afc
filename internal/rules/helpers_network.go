package rules

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/commshield/terraform-provider-commshield/internal/plan"
	"github.com/zclconf/go-cty/cty"
)

// sgPeers is what a security-group rule names besides CIDRs: other security
// groups, itself, and prefix lists. SGRule (sg.go) carries only CIDRs.
type sgPeers struct {
	// Groups are referenced security groups resolved to resources of this
	// plan (Resource) or known literal IDs (ID).
	Groups []sgPeerGroup
	Self   bool
	// PrefixLists are the prefix-list IDs (known values only).
	PrefixLists []string
	// Unknown names a peer field known only after apply that could not be
	// resolved to a resource.
	Unknown string
}

type sgPeerGroup struct {
	ID       string
	Resource *plan.Resource
	Chain    []plan.Step
}

// peersOf reads the non-CIDR peers of rule in r.
func peersOf(ev *Evaluation, r *plan.Resource, rule SGRule) sgPeers {
	var p sgPeers
	v := r.Value()
	// get reads a peer field of the rule: from the planned block, from the
	// configuration block when the planned set is unknown as a whole, or
	// from the rule resource (unset Optional+Computed fields read as null).
	var get func(name string) cty.Value
	var groupAttr, prefixAttr, selfAttr, resolvePath string
	switch r.Type {
	case "aws_security_group", "aws_default_security_group":
		dir, idx, ok := splitBlockAttr(rule.Attribute)
		if !ok {
			return p
		}
		groupAttr, prefixAttr, selfAttr = "security_groups", "prefix_list_ids", "self"
		resolvePath = dir + ".security_groups"
		if blocks := At(v, dir); !blocks.IsKnown() {
			// Rebuilt from the configuration (sgRulesOf): idx is the
			// configuration block.
			resolvePath = dir + "." + strconv.Itoa(idx) + ".security_groups"
			get = func(name string) cty.Value { return configBlockValue(r, dir, idx, name) }
			break
		}
		block := At(v, dir, idx)
		get = func(name string) cty.Value { return At(block, name) }
		// Inline rules are a set: the plan orders them differently from the
		// configuration, so find the configuration block this rule came from.
		if j, ok := matchConfigBlock(r, dir, block); ok {
			resolvePath = dir + "." + strconv.Itoa(j) + ".security_groups"
		}
	case "aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule":
		if r.Type == "aws_security_group_rule" {
			groupAttr, prefixAttr, selfAttr = "source_security_group_id", "prefix_list_ids", "self"
		} else {
			groupAttr, prefixAttr = "referenced_security_group_id", "prefix_list_id"
		}
		resolvePath = groupAttr
		get = func(name string) cty.Value {
			val, _ := attrOrDefault(r, name)
			return val
		}
	default:
		return p
	}
	if selfAttr != "" {
		if self, _ := Bool(get(selfAttr)); self {
			p.Self = true
		}
	}
	pv := get(prefixAttr)
	p.PrefixLists = append(p.PrefixLists, scalarOrList(pv)...)
	if StateOf(pv) == AfterApply {
		p.Unknown = joinField(rule.Attribute, prefixAttr)
	}
	gv := get(groupAttr)
	ids := scalarOrList(gv)
	needResolve := StateOf(gv) == AfterApply
	if needResolve || len(ids) > 0 {
		res := ev.Plan.Resolve(r, resolvePath)
		for _, t := range res.Targets {
			if t.Resource.Type == "aws_security_group" || t.Resource.Type == "aws_default_security_group" {
				p.Groups = append(p.Groups, sgPeerGroup{Resource: t.Resource, Chain: t.Chain})
			}
		}
		if len(p.Groups) == 0 {
			for _, id := range ids {
				p.Groups = append(p.Groups, sgPeerGroup{ID: id})
			}
			if needResolve && len(ids) == 0 {
				p.Unknown = joinField(rule.Attribute, groupAttr)
			}
		}
	}
	// An ingress rule resource whose peer is its own group is a self reference.
	if r.Type != "aws_security_group" && r.Type != "aws_default_security_group" && len(p.Groups) > 0 {
		owner := ownerGroup(ev, r)
		for _, g := range p.Groups {
			if owner.Resource != nil && g.Resource == owner.Resource {
				p.Self = true
			}
			if owner.ID != "" && g.ID == owner.ID {
				p.Self = true
			}
		}
	}
	return p
}

// configBlockValue reads argument name of configuration block idx of the
// nested block list dir: its literal, an unknown value when an expression
// computes it, null when unset.
func configBlockValue(r *plan.Resource, dir string, idx int, name string) cty.Value {
	if r.Config == nil || r.Config.Expressions[dir] == nil || idx >= len(r.Config.Expressions[dir].Blocks) {
		return cty.DynamicVal
	}
	e := r.Config.Expressions[dir].Blocks[idx][name]
	switch {
	case e == nil:
		return cty.NullVal(cty.DynamicPseudoType)
	case e.Constant:
		return e.ConstantValue
	}
	return cty.DynamicVal
}

// sgRulesOf is SGRules with one improvement: an inline ingress/egress set
// that is unknown as a whole (any element referencing a value known only
// after apply, typically another group's ID, makes Terraform mark the whole
// set unknown) is rebuilt from the configuration blocks, whose ports and
// CIDRs are usually literals. Attribute then names the configuration block.
func sgRulesOf(r *plan.Resource) []SGRule {
	return sgRulesFrom(r, SGRules(r))
}

// sgRulesFrom is sgRulesOf given SGRules(r), for callers that also need
// those (SGRules decodes and walks every block).
func sgRulesFrom(r *plan.Resource, rules []SGRule) []SGRule {
	if r.Type != "aws_security_group" && r.Type != "aws_default_security_group" || r.Config == nil {
		return rules
	}
	var out []SGRule
	for _, rule := range rules {
		if rule.UnknownField == "" || rule.Attribute != rule.UnknownField || r.Config.Expressions[rule.Attribute] == nil {
			out = append(out, rule)
			continue
		}
		dir := rule.Attribute
		for j := range r.Config.Expressions[dir].Blocks {
			get := func(name string) cty.Value { return configBlockValue(r, dir, j, name) }
			attr := AttrPath(dir, j)
			rebuilt := classicRule(cty.ObjectVal(map[string]cty.Value{
				"protocol":         get("protocol"),
				"from_port":        get("from_port"),
				"to_port":          get("to_port"),
				"cidr_blocks":      get("cidr_blocks"),
				"ipv6_cidr_blocks": get("ipv6_cidr_blocks"),
			}), attr, dir == "ingress")
			out = append(out, rebuilt)
		}
	}
	return out
}

// splitBlockAttr splits "ingress[3]" into ("ingress", 3).
func splitBlockAttr(attr string) (string, int, bool) {
	name, rest, ok := strings.Cut(attr, "[")
	if !ok {
		return "", 0, false
	}
	n, err := strconv.Atoi(strings.TrimSuffix(rest, "]"))
	if err != nil {
		return "", 0, false
	}
	return name, n, true
}

// scalarOrList reads a known string or list of strings.
func scalarOrList(v cty.Value) []string {
	if StateOf(v) != Known {
		return nil
	}
	if s, st := String(v); st == Known {
		if s == "" {
			return nil
		}
		return []string{s}
	}
	out, _ := Strings(v)
	return out
}

// ownerGroup returns the security group a rule resource belongs to
// (security_group_id), or r itself for a group with inline rules.
func ownerGroup(ev *Evaluation, r *plan.Resource) sgPeerGroup {
	if r.Type == "aws_security_group" || r.Type == "aws_default_security_group" {
		return sgPeerGroup{Resource: r}
	}
	res := ev.Plan.Resolve(r, "security_group_id")
	for _, t := range res.Targets {
		if t.Resource.Type == "aws_security_group" || t.Resource.Type == "aws_default_security_group" {
			return sgPeerGroup{Resource: t.Resource, Chain: t.Chain}
		}
	}
	id, _ := String(At(r.Value(), "security_group_id"))
	return sgPeerGroup{ID: id}
}

// groupTagged reports whether the group carries one of the tag specs; an
// external group (literal ID, not in the plan) carries none we can see.
func groupTagged(g sgPeerGroup, specs []string) (bool, State) {
	if g.Resource == nil {
		return false, Known
	}
	return anyTagMatches(g.Resource, specs)
}

// judgeAdminSourceGroup is the NET-R01 verdict on one source group of an
// ingress rule that exposes admin ports: a fail when the group carries none
// of the management tags, an undecidable when its tags are known only after
// apply, nothing when it is a management group. Both NET-R01 and the
// commshield_management_access adapter call it so the wording stays one.
func judgeAdminSourceGroup(r *plan.Resource, attribute, ports string, g sgPeerGroup, mgmtTags []string) (fail, unknown []Finding) {
	tagged, st := groupTagged(g, mgmtTags)
	switch {
	case st == AfterApply:
		return nil, []Finding{undecidableRef(r, g.Resource, "tags", "the tags of source group %s are known only after apply", g.Resource.Address)}
	case !tagged:
		name := g.ID
		if g.Resource != nil {
			name = g.Resource.Address
		}
		return []Finding{withChain(Fail(r, attribute, "admin port %s is open to security group %s, which is not a management group (%s)", ports, name, strings.Join(mgmtTags, " or ")), g.Chain)}, nil
	}
	return nil, nil
}

// cidrWithin reports whether cidr lies inside one of the ranges.
func cidrWithin(cidr string, ranges []string) bool {
	inner, err := netip.ParsePrefix(strings.TrimSpace(cidr))
	if err != nil {
		return false
	}
	for _, r := range ranges {
		outer, err := netip.ParsePrefix(strings.TrimSpace(r))
		if err != nil {
			continue
		}
		if outer.Addr().Is4() == inner.Addr().Is4() && outer.Bits() <= inner.Bits() && outer.Contains(inner.Addr()) {
			return true
		}
	}
	return false
}

// mustPorts parses a port-range parameter (checked when the config loads).
func mustPorts(ev *Evaluation, name string) []PortRange {
	ps, err := ParsePortRanges(ev.Strings(name))
	if err != nil {
		panic(err) // Param.Check rejects bad values at config load
	}
	return ps
}

// coveredBy reports whether the rule's whole port range is inside allowed.
func (s SGRule) coveredBy(allowed []PortRange) bool {
	if s.Protocol == "all" {
		return false
	}
	for port := s.FromPort; port <= s.ToPort; port++ {
		ok := slices.ContainsFunc(allowed, func(p PortRange) bool {
			return p.Protocol == s.Protocol && p.From <= port && port <= p.To
		})
		if !ok {
			return false
		}
	}
	return true
}

// sgRuleTypes are the SG types holding ingress (or egress) rules.
var sgIngressTypes = []string{"aws_default_security_group", "aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"}
var sgEgressTypes = []string{"aws_default_security_group", "aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_egress_rule"}

// routeTableToIGW reports whether a route table sends a default route
// (0.0.0.0/0 or ::/0) to an internet gateway, from its inline routes and the
// aws_route resources that reference it.
func routeTableToIGW(ev *Evaluation, rt *plan.Resource) (bool, State, []plan.Step) {
	state := Known
	if rt.Type == "aws_route_table" || rt.Type == "aws_default_route_table" {
		routes := At(rt.Value(), "route")
		if StateOf(routes) == AfterApply && configSets(rt, "route") {
			state = AfterApply
		}
		igwRefs := ev.Plan.Resolve(rt, "route.gateway_id")
		refIGW := slices.ContainsFunc(igwRefs.Targets, func(t plan.Target) bool { return t.Resource.Type == "aws_internet_gateway" })
		for _, b := range Elements(routes) {
			if !routeIsDefault(b, "cidr_block", "ipv6_cidr_block") {
				continue
			}
			gw, st := String(At(b, "gateway_id"))
			switch {
			case st == Known && strings.HasPrefix(gw, "igw-"):
				return true, Known, nil
			case st == AfterApply && refIGW:
				return true, Known, igwRefs.Targets[0].Chain
			case st == AfterApply:
				state = AfterApply
			}
		}
	}
	refs := referrersOf(ev, rt, "aws_route", "route_table_id")
	for _, m := range refs.Matched {
		route := m.Resource
		if !routeIsDefault(route.Value(), "destination_cidr_block", "destination_ipv6_cidr_block") {
			continue
		}
		gw, st := String(At(route.Value(), "gateway_id"))
		if st == Known && strings.HasPrefix(gw, "igw-") {
			return true, Known, m.Chain
		}
		if st == AfterApply {
			res := ev.Plan.Resolve(route, "gateway_id")
			if slices.ContainsFunc(res.Targets, func(t plan.Target) bool { return t.Resource.Type == "aws_internet_gateway" }) {
				return true, Known, m.Chain
			}
			state = AfterApply
		}
	}
	if len(refs.Undetermined) > 0 {
		state = AfterApply
	}
	return false, state, nil
}

func routeIsDefault(v cty.Value, v4, v6 string) bool {
	a, _ := String(At(v, v4))
	b, _ := String(At(v, v6))
	return a == "0.0.0.0/0" || b == "::/0"
}

// subnetRoutesToIGW follows subnet ← aws_route_table_association → route
// table and reports whether the subnet has a default route to an IGW.
func subnetRoutesToIGW(ev *Evaluation, subnet *plan.Resource) (bool, State, []plan.Step) {
	assocs := referrersOf(ev, subnet, "aws_route_table_association", "subnet_id")
	state := Known
	for _, a := range assocs.Matched {
		rts := resolveTo(ev, a.Resource, "route_table_id", "aws_route_table", "aws_default_route_table")
		if len(rts.Targets) == 0 {
			if _, st := String(At(a.Resource.Value(), "route_table_id")); st == AfterApply {
				state = AfterApply
			}
		}
		for _, t := range rts.Targets {
			ok, st, chain := routeTableToIGW(ev, t.Resource)
			if ok {
				return true, Known, append(append([]plan.Step(nil), a.Chain...), chain...)
			}
			if st == AfterApply {
				state = AfterApply
			}
		}
	}
	if len(assocs.Matched) == 0 && len(assocs.Undetermined) > 0 {
		state = AfterApply
	}
	return false, state, nil
}

// vpcHasIGW returns an internet gateway (or attachment) pointing at the
// VPC; State is AfterApply when some gateway's VPC is not known yet.
func vpcHasIGW(ev *Evaluation, vpc *plan.Resource) (*plan.Resource, State) {
	state := Known
	for _, typ := range []string{"aws_internet_gateway", "aws_internet_gateway_attachment"} {
		refs := referrersOf(ev, vpc, typ, "vpc_id")
		if len(refs.Matched) > 0 {
			return refs.Matched[0].Resource, Known
		}
		// A gateway whose configuration sets no vpc_id is detached, not unknown.
		if slices.ContainsFunc(refs.Undetermined, func(g *plan.Resource) bool { return configSets(g, "vpc_id") }) {
			state = AfterApply
		}
	}
	return nil, state
}

// matchConfigBlock finds the configuration block of nested block list dir
// whose literal arguments agree with the planned block v. It reports false
// when no block or several blocks match.
func matchConfigBlock(r *plan.Resource, dir string, v cty.Value) (int, bool) {
	if r.Config == nil || r.Config.Expressions[dir] == nil {
		return 0, false
	}
	found, count := 0, 0
	for j, block := range r.Config.Expressions[dir].Blocks {
		agrees := true
		for name, e := range block {
			if e == nil || !e.Constant {
				continue
			}
			want, wst := String(e.ConstantValue)
			got, gst := String(At(v, name))
			if wst == Known && gst == Known && normaliseProtocolIfNamed(name, want) != normaliseProtocolIfNamed(name, got) {
				agrees = false
				break
			}
		}
		if agrees {
			found, count = j, count+1
		}
	}
	return found, count == 1
}

func normaliseProtocolIfNamed(name, v string) string {
	if name == "protocol" {
		return normaliseProtocol(v)
	}
	return v
}

// settledUndetermined drops, from referrers that could not be resolved,
// those whose configuration does not set the referring attribute at all: an
// Optional+Computed attribute left unset shows as unknown in a plan but
// points nowhere.
func settledUndetermined(undetermined []*plan.Resource, attribute string) []*plan.Resource {
	top, _, _ := strings.Cut(attribute, ".")
	var out []*plan.Resource
	for _, r := range undetermined {
		if configSets(r, top) {
			out = append(out, r)
		}
	}
	return out
}

// referrersOf is Plan.ReferrersOf without the undetermined referrers that
// cannot point anywhere (see settledUndetermined).
//
// It also counts as undetermined the instances whose attribute is unknown
// and whose references lead to no resource of target's type (for example
// through a terraform_data pass-through): they may point at target after
// apply, and Plan.ReferrersOf files them under the pass-through instead.
func referrersOf(ev *Evaluation, target *plan.Resource, typ, attribute string) plan.Referrers {
	refs := ev.Plan.ReferrersOf(target, typ, attribute)
	refs.Undetermined = settledUndetermined(refs.Undetermined, attribute)
	if strings.Contains(attribute, ".") {
		return refs
	}
	// Walking the configuration (one block per resource, whatever the
	// instance count) keeps the common case, no pass-through at all, free.
	flagged := passThroughConfigs(ev.Plan.Config, typ, attribute, target.Type, nil)
	if len(flagged) == 0 {
		return refs
	}
	seen := map[*plan.Resource]bool{}
	for _, m := range refs.Matched {
		seen[m.Resource] = true
	}
	for _, u := range refs.Undetermined {
		seen[u] = true
	}
	for _, inst := range ev.Plan.OfType(typ) {
		if !flagged[inst.Config] || seen[inst] || inst.Deleted() || inst.Mode != plan.ModeManaged {
			continue
		}
		if StateOf(At(inst.Value(), attribute)) != AfterApply {
			continue
		}
		res := ev.Plan.Resolve(inst, attribute)
		if !slices.ContainsFunc(res.Targets, func(t plan.Target) bool { return t.Resource.Type == target.Type }) {
			refs.Undetermined = append(refs.Undetermined, inst)
		}
	}
	return refs
}

// resolveTo is Plan.Resolve keeping only targets of the given types. A
// reference that lands on something else (a terraform_data pass-through, a
// module output of another kind) proves nothing about the link, so it moves
// to Unresolved instead of counting as a target.
func resolveTo(ev *Evaluation, r *plan.Resource, attribute string, types ...string) plan.Resolution {
	res := ev.Plan.Resolve(r, attribute)
	var kept []plan.Target
	for _, t := range res.Targets {
		if slices.Contains(types, t.Resource.Type) {
			kept = append(kept, t)
			continue
		}
		res.Unresolved = append(res.Unresolved, plan.Step{From: r.Address + "." + attribute, Via: "reference", To: t.Resource.Address})
	}
	res.Targets = kept
	return res
}

// passThroughConfigs collects the configuration blocks of type typ whose
// attribute names a resource of a type other than targetType directly (e.g.
// terraform_data.x.output). Only their instances are worth a Resolve; links
// through variables and module outputs are followed by Plan.ReferrersOf.
func passThroughConfigs(m *plan.ModuleConfig, typ, attribute, targetType string, into map[*plan.ResourceConfig]bool) map[*plan.ResourceConfig]bool {
	if m == nil {
		return into
	}
	for _, rc := range m.Resources {
		if rc.Type == typ && rc.Mode == plan.ModeManaged && refersToOtherResourceType(rc.Expressions[attribute], targetType) {
			if into == nil {
				into = map[*plan.ResourceConfig]bool{}
			}
			into[rc] = true
		}
	}
	for _, call := range m.ModuleCalls {
		into = passThroughConfigs(call.Module, typ, attribute, targetType, into)
	}
	return into
}

func refersToOtherResourceType(e *plan.Expression, typ string) bool {
	if e == nil {
		return false
	}
	for _, ref := range e.References {
		first, rest, ok := strings.Cut(ref, ".")
		if !ok {
			continue
		}
		switch first {
		case "var", "local", "module", "each", "count", "path", "self", "terraform":
			continue
		case "data":
			first, _, _ = strings.Cut(rest, ".")
		}
		if first != typ {
			return true
		}
	}
	return false
}

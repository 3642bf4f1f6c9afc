package rules

import (
	"slices"
	"strings"

	"github.com/commshield/terraform-provider-commshield/internal/plan"
	"github.com/zclconf/go-cty/cty"
)

// Network ACL entries come inline (ingress/egress blocks of aws_network_acl
// and aws_default_network_acl) or as aws_network_acl_rule resources.
// NACLEntries flattens either into NACLEntry values. Unlike security groups,
// NACL entries are ordered: the lowest matching rule number decides.

// NACLTypes are the resource types NACLEntries understands.
var NACLTypes = []string{"aws_default_network_acl", "aws_network_acl", "aws_network_acl_rule"}

// NACLEntry is one normalised network ACL entry.
type NACLEntry struct {
	// Attribute locates the entry: "ingress[0]" inline, "" for a rule resource.
	Attribute string
	Ingress   bool
	RuleNo    int64
	Allow     bool
	// Protocol is "all", "tcp", "udp", "icmp", "icmpv6" or a number.
	Protocol         string
	FromPort, ToPort int
	CIDRs            []string
	// UnknownField names the first field known only after apply.
	UnknownField string
}

// NACLEntries returns the entries of r (nil for other types).
func NACLEntries(r *plan.Resource) []NACLEntry {
	v := r.Value()
	switch r.Type {
	case "aws_network_acl", "aws_default_network_acl":
		var out []NACLEntry
		for _, dir := range []string{"ingress", "egress"} {
			blocks := At(v, dir)
			if StateOf(blocks) == AfterApply {
				if r.Config != nil && r.Config.Expressions[dir] == nil {
					continue // managed by aws_network_acl_rule resources
				}
				out = append(out, NACLEntry{Attribute: dir, Ingress: dir == "ingress", Allow: true, Protocol: "all", ToPort: 65535, UnknownField: dir})
				continue
			}
			for i, b := range Elements(blocks) {
				e := NACLEntry{Attribute: AttrPath(dir, i), Ingress: dir == "ingress"}
				e.fill(func(name string) cty.Value { return At(b, name) }, "action", "rule_no", "protocol", "from_port", "to_port", []string{"cidr_block", "ipv6_cidr_block"})
				out = append(out, e)
			}
		}
		return out
	case "aws_network_acl_rule":
		egress, _ := Bool(At(v, "egress"))
		e := NACLEntry{Ingress: !egress}
		e.fill(func(name string) cty.Value { return At(v, name) }, "rule_action", "rule_number", "protocol", "from_port", "to_port", []string{"cidr_block", "ipv6_cidr_block"})
		return []NACLEntry{e}
	}
	return nil
}

func (e *NACLEntry) fill(get func(string) cty.Value, action, ruleNo, proto, from, to string, cidrFields []string) {
	field := func(name string) string { return joinField(e.Attribute, name) }
	note := func(name string) {
		if e.UnknownField == "" {
			e.UnknownField = field(name)
		}
	}
	a, st := String(get(action))
	if st == AfterApply {
		note(action)
	}
	e.Allow = strings.EqualFold(a, "allow")
	n, st := Int(get(ruleNo))
	if st == AfterApply {
		note(ruleNo)
	}
	e.RuleNo = n
	p, st := String(get(proto))
	if st == AfterApply {
		note(proto)
	}
	e.Protocol = normaliseProtocol(p)
	if e.Protocol == "all" {
		e.FromPort, e.ToPort = 0, 65535
	} else {
		f, fst := Int(get(from))
		t, tst := Int(get(to))
		if fst == AfterApply {
			note(from)
		}
		if tst == AfterApply {
			note(to)
		}
		if fst == Known && tst == Known && !(f == 0 && t == 0) {
			e.FromPort, e.ToPort = int(f), int(t)
		} else {
			e.FromPort, e.ToPort = 0, 65535
		}
	}
	for _, c := range cidrFields {
		s, st := String(get(c))
		switch st {
		case Known:
			if s != "" {
				e.CIDRs = append(e.CIDRs, s)
			}
		case AfterApply:
			note(c)
		}
	}
}

// covers reports whether the entry matches port p of protocol proto.
func (e NACLEntry) covers(proto string, port int) bool {
	return (e.Protocol == "all" || e.Protocol == proto) && e.FromPort <= port && port <= e.ToPort
}

// NACLAllowsFromInternet evaluates ingress entries in rule-number order and
// reports whether traffic from the internet to proto/port is allowed, and
// the deciding entry. An entry with unknown fields that could match makes the
// answer undecidable (decided = false).
func NACLAllowsFromInternet(entries []NACLEntry, proto string, port int) (allowed bool, by NACLEntry, decided bool) {
	var ingress []NACLEntry
	for _, e := range entries {
		if e.Ingress {
			ingress = append(ingress, e)
		}
	}
	slices.SortStableFunc(ingress, func(a, b NACLEntry) int { return int(a.RuleNo - b.RuleNo) })
	for _, e := range ingress {
		if e.UnknownField != "" {
			return false, e, false
		}
		if !e.covers(proto, port) {
			continue
		}
		if !slices.ContainsFunc(e.CIDRs, IsInternetCIDR) {
			continue
		}
		return e.Allow, e, true
	}
	return false, NACLEntry{}, true // the implicit final deny
}

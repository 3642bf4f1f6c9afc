package rules

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/commshield/terraform-provider-commshield/internal/plan"
	"github.com/zclconf/go-cty/cty"
)

// Security-group rules come in three styles that every network rule must
// treat alike: inline ingress/egress blocks of aws_security_group (and
// aws_default_security_group), aws_security_group_rule, and
// aws_vpc_security_group_{ingress,egress}_rule. SGRules flattens any of them
// into SGRule values so rules reason about one shape.

// SecurityGroupTypes are the resource types SGRules understands.
var SecurityGroupTypes = []string{
	"aws_security_group",
	"aws_default_security_group",
	"aws_security_group_rule",
	"aws_vpc_security_group_ingress_rule",
	"aws_vpc_security_group_egress_rule",
}

// SGRule is one normalised security-group rule.
type SGRule struct {
	// Attribute locates the rule in its resource: "ingress[0]" for inline
	// blocks, "" for a rule resource.
	Attribute string
	Ingress   bool
	// Protocol is "all", "tcp", "udp", "icmp", "icmpv6" or an IP protocol
	// number as a string.
	Protocol string
	// FromPort..ToPort is the port range; 0..65535 for "all".
	FromPort, ToPort int
	// CIDRs holds IPv4 and IPv6 sources (ingress) or destinations (egress).
	CIDRs []string
	// UnknownField names the first field known only after apply ("" when
	// all are known); such a rule can match anything.
	UnknownField string
	// Sensitive is true when any part of the rule is marked sensitive in the
	// plan: messages must then not print its protocol, ports or peers.
	Sensitive bool
}

// SGRules returns the normalised rules of r (nil for other types). A block
// list that is unknown only because the configuration does not set it (rules
// managed by separate resources) yields no rules.
func SGRules(r *plan.Resource) []SGRule {
	v := r.Value()
	switch r.Type {
	case "aws_security_group", "aws_default_security_group":
		var out []SGRule
		for _, dir := range []string{"ingress", "egress"} {
			blocks := At(v, dir)
			if StateOf(blocks) == AfterApply {
				if r.Config != nil && r.Config.Expressions[dir] == nil {
					continue // computed from separate rule resources
				}
				out = append(out, SGRule{Attribute: dir, Ingress: dir == "ingress", Protocol: "all", ToPort: 65535, UnknownField: dir})
				continue
			}
			for i, b := range Elements(blocks) {
				rule := classicRule(b, AttrPath(dir, i), dir == "ingress")
				rule.Sensitive = Sensitive(b)
				out = append(out, rule)
			}
		}
		return out
	case "aws_security_group_rule":
		typ, _ := String(At(v, "type"))
		rule := classicRule(v, "", typ == "ingress")
		rule.Sensitive = Sensitive(v)
		return []SGRule{rule}
	case "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule":
		rule := SGRule{Ingress: r.Type == "aws_vpc_security_group_ingress_rule", Sensitive: Sensitive(v)}
		proto, st := String(At(v, "ip_protocol"))
		if st == AfterApply {
			rule.UnknownField = "ip_protocol"
		}
		rule.Protocol = normaliseProtocol(proto)
		rule.FromPort, rule.ToPort = ports(&rule, At(v, "from_port"), At(v, "to_port"), "from_port", "to_port")
		for _, field := range []string{"cidr_ipv4", "cidr_ipv6"} {
			cidr, st := String(At(v, field))
			switch st {
			case Known:
				rule.CIDRs = append(rule.CIDRs, cidr)
			case AfterApply:
				rule.noteUnknown(field)
			}
		}
		return []SGRule{rule}
	}
	return nil
}

func classicRule(v cty.Value, attr string, ingress bool) SGRule {
	rule := SGRule{Attribute: attr, Ingress: ingress}
	field := func(name string) string { return joinField(attr, name) }
	proto, st := String(At(v, "protocol"))
	if st == AfterApply {
		rule.noteUnknown(field("protocol"))
	}
	rule.Protocol = normaliseProtocol(proto)
	rule.FromPort, rule.ToPort = ports(&rule, At(v, "from_port"), At(v, "to_port"), field("from_port"), field("to_port"))
	for _, name := range []string{"cidr_blocks", "ipv6_cidr_blocks"} {
		cidrs, st := Strings(At(v, name))
		if st == AfterApply {
			rule.noteUnknown(field(name))
		}
		rule.CIDRs = append(rule.CIDRs, cidrs...)
	}
	return rule
}

func joinField(attr, name string) string {
	if attr == "" {
		return name
	}
	return attr + "." + name
}

func (s *SGRule) noteUnknown(field string) {
	if s.UnknownField == "" {
		s.UnknownField = field
	}
}

func ports(rule *SGRule, from, to cty.Value, fromName, toName string) (int, int) {
	if rule.Protocol == "all" {
		return 0, 65535
	}
	f, fst := Int(from)
	t, tst := Int(to)
	switch {
	case fst == AfterApply:
		rule.noteUnknown(fromName)
	case tst == AfterApply:
		rule.noteUnknown(toName)
	}
	if fst != Known || tst != Known {
		return 0, 65535
	}
	// AWS uses -1 for "all ICMP types"; for ports it means every port.
	if f < 0 || t < 0 {
		return 0, 65535
	}
	return int(f), int(t)
}

func normaliseProtocol(p string) string {
	switch strings.ToLower(strings.TrimSpace(p)) {
	case "-1", "all", "":
		return "all"
	case "tcp", "6":
		return "tcp"
	case "udp", "17":
		return "udp"
	case "icmp", "1":
		return "icmp"
	case "icmpv6", "58":
		return "icmpv6"
	}
	return strings.ToLower(p)
}

// OpenToInternet returns the rule's CIDRs that mean "anyone".
func (s SGRule) OpenToInternet() []string {
	var out []string
	for _, c := range s.CIDRs {
		if IsInternetCIDR(c) {
			out = append(out, c)
		}
	}
	return out
}

// IsInternetCIDR reports whether cidr is 0.0.0.0/0 or ::/0 (in any spelling).
func IsInternetCIDR(cidr string) bool {
	c := strings.TrimSpace(cidr)
	return strings.HasSuffix(c, "/0") && (strings.Contains(c, ":") || strings.HasPrefix(c, "0.0.0.0"))
}

// PortRange is a protocol and port range, written "tcp:22" or "udp:161-162"
// in parameters.
type PortRange struct {
	Protocol string
	From, To int
}

func (p PortRange) String() string {
	if p.From == p.To {
		return fmt.Sprintf("%s/%d", p.Protocol, p.From)
	}
	return fmt.Sprintf("%s/%d-%d", p.Protocol, p.From, p.To)
}

// ParsePortRanges parses "tcp:22", "udp:161-162" entries.
func ParsePortRanges(specs []string) ([]PortRange, error) {
	out := make([]PortRange, 0, len(specs))
	for _, spec := range specs {
		proto, rng, ok := strings.Cut(spec, ":")
		proto = normaliseProtocol(proto)
		if !ok || (proto != "tcp" && proto != "udp") {
			return nil, fmt.Errorf("port %q: want tcp:PORT, udp:PORT or PROTO:FROM-TO", spec)
		}
		fromS, toS, isRange := strings.Cut(rng, "-")
		from, err1 := strconv.Atoi(fromS)
		to := from
		var err2 error
		if isRange {
			to, err2 = strconv.Atoi(toS)
		}
		if err1 != nil || err2 != nil || from < 0 || to > 65535 || from > to {
			return nil, fmt.Errorf("port %q: want tcp:PORT, udp:PORT or PROTO:FROM-TO with 0 ≤ FROM ≤ TO ≤ 65535", spec)
		}
		out = append(out, PortRange{Protocol: proto, From: from, To: to})
	}
	return out, nil
}

// checkPortRanges is a Param.Check for port-range parameters.
func checkPortRanges(v any) error {
	specs, _ := v.([]string)
	_, err := ParsePortRanges(specs)
	return err
}

// Exposes returns the entries of want that the rule lets through.
func (s SGRule) Exposes(want []PortRange) []PortRange {
	var out []PortRange
	for _, p := range want {
		if s.Protocol != "all" && s.Protocol != p.Protocol {
			continue
		}
		if s.FromPort <= p.To && p.From <= s.ToPort {
			out = append(out, p)
		}
	}
	return out
}

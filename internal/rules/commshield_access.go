package rules

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/commshield/terraform-provider-commshield/internal/plan"
)

// commshield_management_access (internal/service/ec2) is a security group
// for out-of-band management: TCP ingress on encrypted management services
// from declared CIDRs or security groups, refusing 0.0.0.0/0, ::/0 and any
// public block not in its public_cidr_allowlist. It plans its rules as
// ingress_rules strings ("tcp/22 from 10.255.0.0/16"), which the security
// group rules judge here like the rules of an aws_security_group.
//
// commshield_break_glass_role (internal/service/iam) is an IAM role whose
// trust policy it generates (trust_policy, planned as known JSON when the
// principals are known) and whose max_session_duration is 900-3600 s; the
// role rules on trust policies and session lengths judge those.
//
// The judges restate the checks of the family files on these attributes
// (the family functions read aws_* attributes directly); a change to the
// semantics of NET-R01, NET-R02, NET-R05, VUL-R01, IAM-R07, IAM-R10 or
// IAM-R16 must be made here too.

const (
	typeCSManagementAccess = "commshield_management_access"
	typeCSBreakGlassRole   = "commshield_break_glass_role"
)

// csManagementServicePorts are the TCP ports of the services the resource
// may open (managementServices in internal/service/ec2; not imported, so
// that the rules stay free of the AWS SDK).
var csManagementServicePorts = map[string]int{
	"ssh": 22, "https": 443, "netconf": 830, "gnmi": 9339, "gnmi-57400": 57400,
}

// csIngress is one planned ingress rule of a management access group: an
// SGRule with one peer, a CIDR (in CIDRs) or a security group ID (Group).
type csIngress struct {
	SGRule
	Group string
}

// csManagementIngress returns the group's ingress rules: from ingress_rules
// when planned known (what will exist after apply), else expanded from
// services × sources the way the provider does. unknownAttr names the
// attribute known only after apply when neither is known.
func csManagementIngress(r *plan.Resource) (rules []csIngress, unknownAttr string, err error) {
	v := r.Value()
	if planned, st := Strings(At(v, "ingress_rules")); st == Known {
		for i, s := range planned {
			rule, err := parseCSRule(s, true)
			if err != nil {
				return nil, "", fmt.Errorf("ingress_rules[%d]: %w", i, err)
			}
			rule.Attribute = AttrPath("ingress_rules", i)
			rules = append(rules, rule)
		}
		return rules, "", nil
	}
	services, st := Strings(At(v, "services"))
	if st == AfterApply {
		return nil, "services", nil
	}
	var peers []string
	for _, attr := range []string{"source_cidrs", "source_security_group_ids"} {
		vals, st := Strings(At(v, attr))
		if st == AfterApply {
			return nil, attr, nil
		}
		peers = append(peers, vals...)
	}
	for _, name := range services {
		port, ok := csManagementServicePorts[name]
		if !ok {
			continue // refused by the provider at plan time
		}
		for _, peer := range peers {
			rule := csIngress{SGRule: SGRule{Attribute: "services", Ingress: true, Protocol: "tcp", FromPort: port, ToPort: port}}
			if strings.HasPrefix(peer, "sg-") {
				rule.Group = peer
			} else {
				rule.CIDRs = []string{peer}
			}
			rules = append(rules, rule)
		}
	}
	return rules, "", nil
}

// parseCSRule reads one ingress_rules entry ("tcp/22 from 10.0.0.0/8",
// "udp/161-162 from sg-…", "all from …": a rule added outside Terraform
// shows in the state this way) or, with ingress false, one egress_rules
// entry ("tcp/6514 to 10.0.0.0/8").
func parseCSRule(s string, ingress bool) (csIngress, error) {
	arrow := " from "
	if !ingress {
		arrow = " to "
	}
	spec, peer, ok := strings.Cut(s, arrow)
	if !ok || peer == "" {
		return csIngress{}, fmt.Errorf("%q is not \"<protocol>/<ports>%s<peer>\"", s, arrow)
	}
	rule := csIngress{SGRule: SGRule{Ingress: ingress}}
	if spec == "all" {
		rule.Protocol, rule.FromPort, rule.ToPort = "all", 0, 65535
	} else {
		proto, ports, ok := strings.Cut(spec, "/")
		if !ok {
			return csIngress{}, fmt.Errorf("%q has no protocol/ports", s)
		}
		rule.Protocol = normaliseProtocol(proto)
		from, to, isRange := strings.Cut(ports, "-")
		var err1, err2 error
		rule.FromPort, err1 = strconv.Atoi(from)
		rule.ToPort = rule.FromPort
		if isRange {
			rule.ToPort, err2 = strconv.Atoi(to)
		}
		if err1 != nil || err2 != nil {
			return csIngress{}, fmt.Errorf("%q: ports %q are not numbers", s, ports)
		}
	}
	if strings.HasPrefix(peer, "sg-") || strings.HasPrefix(peer, "pl-") {
		rule.Group = peer
	} else {
		rule.CIDRs = []string{peer}
	}
	return rule, nil
}

// csIngressOrVerdict is the common start of the management-access judges:
// the rules, or the finding to return when they cannot be read.
func csIngressOrVerdict(r *plan.Resource, what string) ([]csIngress, []Finding) {
	rules, unknownAttr, err := csManagementIngress(r)
	switch {
	case err != nil:
		return nil, []Finding{Fail(r, "ingress_rules", "the planned ingress rules cannot be read: %v", err)}
	case unknownAttr != "":
		return nil, []Finding{Undecidable(r, unknownAttr, "%s is known only after apply; the group may open %s", unknownAttr, what)}
	}
	return rules, nil
}

// judgeCSManagementAdminInternet is NET-R01: no admin port open to
// 0.0.0.0/0 or ::/0. The resource refuses both at plan time; an
// allow-listed public /24 is not "the internet" for this rule (NET-R02
// judges it against the management ranges).
func judgeCSManagementAdminInternet(ev *Evaluation, r *plan.Resource) []Finding {
	rules, verdict := csIngressOrVerdict(r, "an administrative port to the internet")
	if verdict != nil {
		return verdict
	}
	admin := mustPorts(ev, "admin_ports")
	var out []Finding
	for _, rule := range rules {
		open, exposed := rule.OpenToInternet(), rule.Exposes(admin)
		if len(open) > 0 && len(exposed) > 0 {
			out = append(out, Fail(r, rule.Attribute, "ingress from %s reaches administrative port %s", strings.Join(open, ", "), describePorts(exposed)))
		}
	}
	if len(out) == 0 {
		return []Finding{Pass(r, "commshield_management_access opens no administrative port to the internet (its sources are the declared management networks and groups)")}
	}
	return out
}

// judgeCSManagementFromManagement is NET-R02: admin ports only from CIDRs
// inside management_cidrs, management-tagged security groups of the plan,
// or management prefix lists. The resource's own declaration of its
// sources does not make them management networks: the rule's parameters
// do, as for any security group.
func judgeCSManagementFromManagement(ev *Evaluation, r *plan.Resource) []Finding {
	rules, verdict := csIngressOrVerdict(r, "an admin port to a non-management source")
	if verdict != nil {
		return verdict
	}
	admin := mustPorts(ev, "admin_ports")
	mgmtTags := ev.Strings("management_sg_tags")
	cidrs := ev.Strings("management_cidrs")
	prefixLists := ev.Strings("management_prefix_lists")
	groups := csSourceGroups(ev, r)
	var fails, unknown []Finding
	for _, rule := range rules {
		exposed := rule.Exposes(admin)
		if len(exposed) == 0 {
			continue
		}
		ports := describePorts(exposed)
		for _, c := range rule.CIDRs {
			if !cidrWithin(c, cidrs) {
				fails = append(fails, Fail(r, rule.Attribute, "admin port %s is open to %s, which is outside the management ranges (management_cidrs)", ports, c))
			}
		}
		switch {
		case rule.Group == "":
		case strings.HasPrefix(rule.Group, "pl-"):
			if !slices.Contains(prefixLists, rule.Group) {
				fails = append(fails, Fail(r, rule.Attribute, "admin port %s is open to prefix list %s, which is not a management prefix list", ports, rule.Group))
			}
		default:
			g, ok := groups[rule.Group]
			if !ok {
				g = sgPeerGroup{ID: rule.Group} // a group outside the plan: no tags to see
			}
			f, u := judgeAdminSourceGroup(r, rule.Attribute, ports, g, mgmtTags)
			fails, unknown = append(fails, f...), append(unknown, u...)
		}
	}
	switch {
	case len(fails) > 0:
		return fails
	case len(unknown) > 0:
		return unknown
	}
	return []Finding{Pass(r, "admin ports are reachable only from the management network")}
}

// csSourceGroups maps the planned IDs of source_security_group_ids to the
// aws_security_group resources of the plan they come from (IDs known only
// after apply resolve through the configuration's references).
func csSourceGroups(ev *Evaluation, r *plan.Resource) map[string]sgPeerGroup {
	out := map[string]sgPeerGroup{}
	ids, _ := Strings(At(r.Value(), "source_security_group_ids"))
	for _, t := range ev.Plan.Resolve(r, "source_security_group_ids").Targets {
		if t.Resource.Type != "aws_security_group" {
			continue
		}
		id, st := String(At(t.Resource.Value(), "id"))
		if st == Known && slices.Contains(ids, id) {
			out[id] = sgPeerGroup{Resource: t.Resource, Chain: t.Chain}
		}
	}
	return out
}

// judgeCSManagementPlaintext is VUL-R01: no plaintext service port
// reachable from the internet (or from any CIDR with flag_internal_sources).
// The resource offers only encrypted services, so only a plaintext_ports
// parameter naming one of them can fail it.
func judgeCSManagementPlaintext(ev *Evaluation, r *plan.Resource) []Finding {
	rules, verdict := csIngressOrVerdict(r, "a plaintext service port")
	if verdict != nil {
		return verdict
	}
	plain := mustPorts(ev, "plaintext_ports")
	var out []Finding
	for _, rule := range rules {
		exposed := rule.Exposes(plain)
		open := rule.OpenToInternet()
		if ev.Bool("flag_internal_sources") {
			open = rule.CIDRs
		}
		if len(exposed) > 0 && len(open) > 0 {
			out = append(out, Fail(r, rule.Attribute, "ingress from %s reaches plaintext service port %s", strings.Join(open, ", "), describePorts(exposed)))
		}
	}
	if len(out) == 0 {
		return []Finding{Pass(r, "commshield_management_access opens only encrypted management services (SSH, HTTPS, NETCONF over SSH, gNMI over TLS)")}
	}
	return out
}

// csManagementEgress returns the group's egress rules, from egress_rules
// when planned known, else from the egress entries (protocol and port
// decide NET-R05 here: the resource refuses all-protocol egress and
// internet destinations). unknownAttr names what is known only after apply.
func csManagementEgress(r *plan.Resource) (rules []csIngress, unknownAttr string, err error) {
	v := r.Value()
	if planned, st := Strings(At(v, "egress_rules")); st == Known {
		for i, s := range planned {
			rule, err := parseCSRule(s, false)
			if err != nil {
				return nil, "", fmt.Errorf("egress_rules[%d]: %w", i, err)
			}
			rule.Attribute = AttrPath("egress_rules", i)
			rules = append(rules, rule)
		}
		return rules, "", nil
	}
	entries := At(v, "egress")
	if StateOf(entries) == AfterApply {
		return nil, "egress", nil
	}
	for i, e := range Elements(entries) {
		proto, st1 := String(At(e, "protocol"))
		port, st2 := Int(At(e, "port"))
		if st1 != Known || st2 != Known {
			return nil, AttrPath("egress", i), nil
		}
		cidrs, _ := Strings(At(e, "cidr_blocks"))
		rules = append(rules, csIngress{SGRule: SGRule{Attribute: AttrPath("egress", i), Protocol: normaliseProtocol(proto),
			FromPort: int(port), ToPort: int(port), CIDRs: cidrs}})
	}
	return rules, "", nil
}

// judgeCSManagementEgress is NET-R05: no egress to admin ports (outbound
// admin sessions from the managed devices) unless the group is tagged as
// a management group, no all-protocol internet egress.
func judgeCSManagementEgress(ev *Evaluation, r *plan.Resource) []Finding {
	rules, unknownAttr, err := csManagementEgress(r)
	switch {
	case err != nil:
		return []Finding{Fail(r, "egress_rules", "the planned egress rules cannot be read: %v", err)}
	case unknownAttr != "":
		return []Finding{Undecidable(r, unknownAttr, "%s is known only after apply", unknownAttr)}
	}
	admin := mustPorts(ev, "admin_ports")
	self := sgPeerGroup{Resource: r}
	tagged := func(specs []string) (bool, State) { return groupTagged(self, specs) }
	adminWhy := fmt.Sprintf("from a group not tagged as management (%s): the managed devices must not open outbound admin sessions",
		strings.Join(ev.Strings("management_sg_tags"), " or "))
	var fails, unknown []Finding
	for _, rule := range rules {
		f, u := judgeEgressRule(ev, r, rule.SGRule, admin, tagged, adminWhy)
		fails, unknown = append(fails, f...), append(unknown, u...)
	}
	switch {
	case len(fails) > 0:
		return fails
	case len(unknown) > 0:
		return unknown
	}
	return []Finding{Pass(r, "egress is limited to single management ports (no outbound admin sessions, no all-protocol egress)")}
}

// ---- commshield_break_glass_role ----

// judgeCSBreakGlassTrust is IAM-R07 on the generated trust policy: every
// statement trusting AWS principals requires aws:MultiFactorAuthPresent,
// and none trusts "*" unconditionally. The policy is unknown while any
// principal is: the finding then names the references of principal_arns
// (trust_policy itself is computed, with no expression of its own).
func judgeCSBreakGlassTrust(ev *Evaluation, r *plan.Resource) []Finding {
	in := PolicyFrom(ev, r, "trust_policy")
	if in.Unknown != nil {
		var from []string
		for _, attr := range []string{"principal_arns", "mfa_max_age_seconds", "source_identity_patterns"} {
			from = append(from, ReferencesOf(r, attr)...)
		}
		in.Unknown.From = from
	}
	exempt := ev.Strings("trusted_principals_without_mfa")
	return judgePolicies(r, []PolicyInput{in}, func(st PolicyStatement) policyProblem {
		return trustStatementMFAProblem(st, exempt)
	}, "the generated trust policy names its principals and requires MFA (aws:MultiFactorAuthPresent, aws:MultiFactorAuthAge) and a source identity")
}

// judgeCSBreakGlassSession is IAM-R10 on max_session_duration, against
// role_max_session_seconds like an aws_iam_role (the resource allows
// 900-3600 s, so a stricter limit can fail it).
func judgeCSBreakGlassSession(ev *Evaluation, r *plan.Resource) []Finding {
	limit := int64(ev.Int("role_max_session_seconds"))
	n, st := Int(At(r.Value(), "max_session_duration"))
	switch {
	case st == AfterApply:
		return []Finding{Undecidable(r, "max_session_duration", "max_session_duration is known only after apply")}
	case st != Known:
		return []Finding{Fail(r, "max_session_duration", "max_session_duration is not planned")}
	case n > limit:
		return []Finding{Fail(r, "max_session_duration", "break-glass sessions last up to %d seconds, more than %d (role_max_session_seconds)", n, limit)}
	}
	return []Finding{Pass(r, "break-glass sessions last at most %d seconds (limit %d)", n, limit)}
}

// judgeCSBreakGlassAdmin is IAM-R16: administrator-level managed policies
// only on break-glass or admin principals. A commshield_break_glass_role is
// a break-glass principal by construction (named principals, MFA, source
// identity, an alarm on every use), which is what break_glass_tags marks on
// an aws_iam_role, so the policies it holds pass; the finding names them.
func judgeCSBreakGlassAdmin(ev *Evaluation, r *plan.Resource) []Finding {
	arns, st := Strings(At(r.Value(), "managed_policy_arns"))
	if st == AfterApply {
		return []Finding{Undecidable(r, "managed_policy_arns", "managed_policy_arns is known only after apply")}
	}
	var names []string
	for _, arn := range arns {
		for _, name := range ev.Strings("privileged_policy_names") {
			if strings.HasSuffix(arn, ":policy/"+name) || strings.HasSuffix(arn, "/"+name) {
				names = append(names, name)
			}
		}
	}
	if len(names) == 0 {
		return []Finding{Pass(r, "no administrator-level managed policy")}
	}
	return []Finding{Pass(r, "%s held by a break-glass role (MFA-gated, named principals, alarm on every use)", strings.Join(names, ", "))}
}

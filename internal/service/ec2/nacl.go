package ec2

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
)

// naclRule is one network ACL entry as the resource plans and reads it.
type naclRule struct {
	RuleNumber int32
	Egress     bool
	Action     string // "allow" or "deny"
	Protocol   string // "tcp", "udp", "icmp", "all" or an IANA number
	CIDRBlock  string
	FromPort   int32
	ToPort     int32
}

// deniedPort is one entry of denied_ports.
type deniedPort struct {
	Protocol string
	From     int32
	To       int32
	Reason   string
}

// defaultDeniedPorts are the plaintext or insecure management protocols the
// guidance tells operators to disable (telnet, FTP, TFTP, SNMPv1/v2c, the
// r-commands, Cisco Smart Install).
var defaultDeniedPorts = []deniedPort{
	{Protocol: "tcp", From: 20, To: 21, Reason: "FTP"},
	{Protocol: "tcp", From: 23, To: 23, Reason: "Telnet"},
	{Protocol: "udp", From: 69, To: 69, Reason: "TFTP"},
	{Protocol: "udp", From: 161, To: 162, Reason: "SNMPv1/v2c"},
	{Protocol: "tcp", From: 512, To: 514, Reason: "rexec/rlogin/rsh"},
	{Protocol: "tcp", From: 4786, To: 4786, Reason: "Cisco Smart Install"},
}

// Rule-number bands. Denies come before allows, so a denied port stays
// denied even between allowed CIDRs.
const (
	isolationRuleBase   = 100
	deniedPortRuleBase  = 200
	vpcAllowRule        = 1000
	allowedCIDRRuleBase = 1100
	maxRuleNumber       = 32766

	// defaultNACLQuota and maxNACLQuota are AWS's default and maximum
	// number of rules per direction per network ACL.
	defaultNACLQuota = 20
	maxNACLQuota     = 40

	anyIPv4 = "0.0.0.0/0"
)

var protocolNumbers = map[string]string{"tcp": "6", "udp": "17", "icmp": "1", "all": "-1"}

func protocolNumber(name string) string {
	if n, ok := protocolNumbers[name]; ok {
		return n
	}
	return name
}

func protocolName(number string) string {
	for name, n := range protocolNumbers {
		if n == number {
			return name
		}
	}
	return number
}

// tierRules generates a tier's network ACL. In each direction:
//
//   - 100…: isolation. The management tier denies every other tier's
//     subnets; every other tier denies the management subnets. Out-of-band
//     management is thereby unreachable from the signaling, user and edge
//     planes even if a security group is too permissive.
//   - 200…: the denied insecure protocols, to and from anywhere.
//   - 1000: allow the VPC CIDR (the other tiers, after the denies above).
//   - 1100…: allow the tier's allowed_cidrs (e.g. an on-premises NOC for
//     management over VPN/Direct Connect, or 0.0.0.0/0 for the edge tier).
//
// Everything else falls to the implicit deny (*).
func tierRules(tier string, vpc netip.Prefix, plan subnetPlan, denied []deniedPort, allowed []netip.Prefix) []naclRule {
	var isolate []netip.Prefix
	if tier == tierManagement {
		for _, other := range tierOrder[1:] {
			isolate = append(isolate, plan[other]...)
		}
	} else {
		isolate = plan[tierManagement]
	}
	var rules []naclRule
	for _, egress := range []bool{false, true} {
		for i, p := range summarize(isolate) {
			rules = append(rules, naclRule{RuleNumber: int32(isolationRuleBase + i), Egress: egress, Action: "deny", Protocol: "all", CIDRBlock: p.String()})
		}
		for i, d := range denied {
			rules = append(rules, naclRule{RuleNumber: int32(deniedPortRuleBase + i), Egress: egress, Action: "deny", Protocol: d.Protocol, CIDRBlock: anyIPv4, FromPort: d.From, ToPort: d.To})
		}
		rules = append(rules, naclRule{RuleNumber: vpcAllowRule, Egress: egress, Action: "allow", Protocol: "all", CIDRBlock: vpc.Masked().String()})
		for i, p := range allowed {
			rules = append(rules, naclRule{RuleNumber: int32(allowedCIDRRuleBase + i), Egress: egress, Action: "allow", Protocol: "all", CIDRBlock: p.Masked().String()})
		}
	}
	sortRules(rules)
	return rules
}

func sortRules(rules []naclRule) {
	slices.SortFunc(rules, func(a, b naclRule) int {
		if a.Egress != b.Egress {
			if !a.Egress {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.RuleNumber, b.RuleNumber)
	})
}

// rulesPerDirection returns the larger of the ingress and egress counts.
func rulesPerDirection(rules []naclRule) int {
	in, out := 0, 0
	for _, r := range rules {
		if r.Egress {
			out++
		} else {
			in++
		}
	}
	return max(in, out)
}

// ruleKey identifies an entry within a network ACL.
type ruleKey struct {
	RuleNumber int32
	Egress     bool
}

// diffRules returns what to create, replace and delete to turn actual into
// want. Entries are identified by rule number and direction.
func diffRules(want, actual []naclRule) (create, replace, remove []naclRule) {
	have := map[ruleKey]naclRule{}
	for _, r := range actual {
		have[ruleKey{r.RuleNumber, r.Egress}] = r
	}
	wanted := map[ruleKey]bool{}
	for _, w := range want {
		k := ruleKey{w.RuleNumber, w.Egress}
		wanted[k] = true
		a, ok := have[k]
		switch {
		case !ok:
			create = append(create, w)
		case a != w:
			replace = append(replace, w)
		}
	}
	for _, a := range actual {
		if !wanted[ruleKey{a.RuleNumber, a.Egress}] {
			remove = append(remove, a)
		}
	}
	return create, replace, remove
}

func validateDeniedPort(d deniedPort) error {
	if _, ok := protocolNumbers[d.Protocol]; !ok || d.Protocol == "all" || d.Protocol == "icmp" {
		return fmt.Errorf("protocol %q: use \"tcp\" or \"udp\" (ports only exist for those)", d.Protocol)
	}
	if d.From < 0 || d.To > 65535 || d.From > d.To {
		return fmt.Errorf("port range %d-%d: need 0 <= from_port <= to_port <= 65535", d.From, d.To)
	}
	return nil
}

func (r naclRule) String() string {
	dir := "ingress"
	if r.Egress {
		dir = "egress"
	}
	ports := ""
	if r.Protocol == "tcp" || r.Protocol == "udp" {
		ports = " ports " + strconv.Itoa(int(r.FromPort)) + "-" + strconv.Itoa(int(r.ToPort))
	}
	return fmt.Sprintf("#%d %s %s %s %s%s", r.RuleNumber, dir, r.Action, r.Protocol, r.CIDRBlock, ports)
}

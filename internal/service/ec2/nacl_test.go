package ec2

import (
	"net/netip"
	"slices"
	"strings"
	"testing"
)

func TestTierRules(t *testing.T) {
	vpc := netip.MustParsePrefix("10.0.0.0/16")
	plan, err := planSubnets(vpc, 3, []tierLayout{
		{Name: tierManagement, Newbits: 4}, {Name: tierSignaling, Newbits: 4}, {Name: tierUserPlane, Newbits: 4}, {Name: tierEdge, Newbits: 8},
	})
	if err != nil {
		t.Fatal(err)
	}
	noc := []netip.Prefix{netip.MustParsePrefix("192.168.10.0/24")}

	mgmt := tierRules(tierManagement, vpc, plan, defaultDeniedPorts, noc)
	ingressDenies := func(rules []naclRule) []string {
		var out []string
		for _, r := range rules {
			if !r.Egress && r.Action == "deny" && r.Protocol == "all" {
				out = append(out, r.CIDRBlock)
			}
		}
		return out
	}
	// management: 10.0.0.0/20,16/20,32/20; signaling 48,64,80; user 96,112,128; edge 10.0.144-146.0/24
	wantMgmtIsolation := []string{"10.0.48.0/20", "10.0.64.0/18", "10.0.128.0/20", "10.0.144.0/23", "10.0.146.0/24"}
	if got := ingressDenies(mgmt); !slices.Equal(got, wantMgmtIsolation) {
		t.Errorf("management isolation denies = %v, want %v", got, wantMgmtIsolation)
	}
	wantOtherIsolation := []string{"10.0.0.0/19", "10.0.32.0/20"}
	for _, tier := range []string{tierSignaling, tierUserPlane, tierEdge} {
		if got := ingressDenies(tierRules(tier, vpc, plan, defaultDeniedPorts, nil)); !slices.Equal(got, wantOtherIsolation) {
			t.Errorf("%s isolation denies = %v, want %v", tier, got, wantOtherIsolation)
		}
	}

	// Every insecure protocol is denied both ways before any allow.
	for _, egress := range []bool{false, true} {
		firstAllow := int32(1 << 30)
		for _, r := range mgmt {
			if r.Egress == egress && r.Action == "allow" {
				firstAllow = min(firstAllow, r.RuleNumber)
			}
		}
		for _, d := range defaultDeniedPorts {
			found := slices.ContainsFunc(mgmt, func(r naclRule) bool {
				return r.Egress == egress && r.Action == "deny" && r.Protocol == d.Protocol && r.FromPort == d.From && r.ToPort == d.To && r.CIDRBlock == anyIPv4 && r.RuleNumber < firstAllow
			})
			if !found {
				t.Errorf("%s (%s %d-%d) not denied before the first allow (egress=%v)", d.Reason, d.Protocol, d.From, d.To, egress)
			}
		}
	}
	telnet := slices.ContainsFunc(mgmt, func(r naclRule) bool { return r.Protocol == "tcp" && r.FromPort == 23 && r.Action == "deny" })
	if !telnet {
		t.Error("telnet not denied")
	}
	if !slices.ContainsFunc(mgmt, func(r naclRule) bool {
		return r.Action == "allow" && r.CIDRBlock == "192.168.10.0/24" && r.RuleNumber == allowedCIDRRuleBase
	}) {
		t.Error("allowed_cidrs entry missing")
	}
	if n := rulesPerDirection(mgmt); n != 5+6+1+1 {
		t.Errorf("management rules per direction = %d, want 13", n)
	}
}

func TestDiffRules(t *testing.T) {
	a := naclRule{RuleNumber: 100, Action: "deny", Protocol: "all", CIDRBlock: "10.0.0.0/19"}
	b := naclRule{RuleNumber: 200, Action: "deny", Protocol: "tcp", CIDRBlock: anyIPv4, FromPort: 23, ToPort: 23}
	bChanged := b
	bChanged.ToPort = 24
	c := naclRule{RuleNumber: 300, Egress: true, Action: "allow", Protocol: "all", CIDRBlock: anyIPv4}
	create, replace, remove := diffRules([]naclRule{a, bChanged}, []naclRule{b, c})
	if len(create) != 1 || create[0] != a {
		t.Errorf("create = %v, want [%v]", create, a)
	}
	if len(replace) != 1 || replace[0] != bChanged {
		t.Errorf("replace = %v, want [%v]", replace, bChanged)
	}
	if len(remove) != 1 || remove[0] != c {
		t.Errorf("remove = %v, want [%v]", remove, c)
	}
}

func TestValidateDeniedPort(t *testing.T) {
	for _, ok := range defaultDeniedPorts {
		if err := validateDeniedPort(ok); err != nil {
			t.Errorf("default %v rejected: %v", ok, err)
		}
	}
	for _, bad := range []deniedPort{{Protocol: "all", From: 1, To: 2}, {Protocol: "tcp", From: 30, To: 20}, {Protocol: "sctp", From: 1, To: 1}, {Protocol: "udp", From: 1, To: 70000}} {
		if err := validateDeniedPort(bad); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

func TestFlowLogPoliciesAreScoped(t *testing.T) {
	trust, err := flowLogTrustPolicy("aws", "us-east-1", "123456789012")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"Service":"vpc-flow-logs.amazonaws.com"`, `"aws:SourceAccount":"123456789012"`, `"aws:SourceArn":"arn:aws:ec2:us-east-1:123456789012:vpc-flow-log/*"`} {
		if !strings.Contains(compact(trust), want) {
			t.Errorf("trust policy lacks %s:\n%s", want, trust)
		}
	}
	delivery, err := flowLogDeliveryPolicy("aws", "us-east-1", "123456789012", "/commshield/vpc-flow-logs/core")
	if err != nil {
		t.Fatal(err)
	}
	c := compact(delivery)
	if !strings.Contains(c, `"Resource":"arn:aws:logs:us-east-1:123456789012:log-group:/commshield/vpc-flow-logs/core:*"`) {
		t.Errorf("write statement not scoped to the group:\n%s", delivery)
	}
	if strings.Contains(c, `"Resource":"*"`) || strings.Contains(c, "logs:CreateLogGroup") || strings.Contains(c, "logs:*") {
		t.Errorf("delivery policy broader than needed:\n%s", delivery)
	}
}

func compact(s string) string {
	return strings.Join(strings.Fields(s), "")
}

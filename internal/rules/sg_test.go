package rules

import (
	"slices"
	"testing"

	"github.com/zclconf/go-cty/cty"
)

func TestParsePortRanges(t *testing.T) {
	got, err := ParsePortRanges([]string{"tcp:22", "udp:161-162", "TCP:5985-5986"})
	if err != nil {
		t.Fatal(err)
	}
	want := []PortRange{{"tcp", 22, 22}, {"udp", 161, 162}, {"tcp", 5985, 5986}}
	if !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for _, bad := range []string{"ssh", "tcp:", "tcp:22-21", "icmp:1", "tcp:70000", "tcp:a-b"} {
		if _, err := ParsePortRanges([]string{bad}); err == nil {
			t.Errorf("%q must be rejected", bad)
		}
	}
}

func TestSGRuleExposure(t *testing.T) {
	admin, _ := ParsePortRanges([]string{"tcp:22", "udp:161-162"})
	tests := []struct {
		name string
		rule SGRule
		want int
	}{
		{"ssh exactly", SGRule{Protocol: "tcp", FromPort: 22, ToPort: 22}, 1},
		{"wide tcp range", SGRule{Protocol: "tcp", FromPort: 0, ToPort: 1024}, 1},
		{"all protocols", SGRule{Protocol: "all", FromPort: 0, ToPort: 65535}, 2},
		{"udp covers snmp", SGRule{Protocol: "udp", FromPort: 160, ToPort: 161}, 1},
		{"https only", SGRule{Protocol: "tcp", FromPort: 443, ToPort: 443}, 0},
		{"udp 22 is not ssh", SGRule{Protocol: "udp", FromPort: 22, ToPort: 22}, 0},
	}
	for _, tt := range tests {
		if got := len(tt.rule.Exposes(admin)); got != tt.want {
			t.Errorf("%s: exposes %d admin ranges, want %d", tt.name, got, tt.want)
		}
	}
}

func TestInternetCIDRs(t *testing.T) {
	for cidr, want := range map[string]bool{"0.0.0.0/0": true, "::/0": true, "0::/0": true, "10.0.0.0/8": false, "0.0.0.0/1": false, "192.0.2.0/24": false} {
		if IsInternetCIDR(cidr) != want {
			t.Errorf("IsInternetCIDR(%q) != %v", cidr, want)
		}
	}
}

func TestClassicRuleNormalisation(t *testing.T) {
	block := cty.ObjectVal(map[string]cty.Value{
		"protocol":         cty.StringVal("-1"),
		"from_port":        cty.NumberIntVal(0),
		"to_port":          cty.NumberIntVal(0),
		"cidr_blocks":      cty.TupleVal([]cty.Value{cty.StringVal("10.0.0.0/8")}),
		"ipv6_cidr_blocks": cty.TupleVal([]cty.Value{cty.StringVal("::/0")}),
	})
	r := classicRule(block, "ingress[0]", true)
	if r.Protocol != "all" || r.FromPort != 0 || r.ToPort != 65535 || !slices.Equal(r.OpenToInternet(), []string{"::/0"}) {
		t.Fatalf("normalised %+v", r)
	}
	unknownCIDR := cty.ObjectVal(map[string]cty.Value{
		"protocol": cty.StringVal("tcp"), "from_port": cty.NumberIntVal(22), "to_port": cty.NumberIntVal(22),
		"cidr_blocks": cty.DynamicVal,
	})
	if r := classicRule(unknownCIDR, "ingress[1]", true); r.UnknownField != "ingress[1].cidr_blocks" {
		t.Fatalf("unknown CIDRs must be named, got %q", r.UnknownField)
	}
}

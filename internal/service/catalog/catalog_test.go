package catalog

import (
	"slices"
	"testing"

	"github.com/commshield/terraform-provider-commshield/internal/controls"
	"github.com/commshield/terraform-provider-commshield/internal/rules"
)

func TestFilterControls(t *testing.T) {
	cat := controls.Load()
	all := filterControls(cat, "", nil, nil)
	if len(all) != len(cat.Controls()) {
		t.Fatalf("unfiltered: %d controls, catalog has %d", len(all), len(cat.Controls()))
	}
	yes, no := true, false
	byPrefix := filterControls(cat, "LOG", nil, nil)
	byID := filterControls(cat, "logging_monitoring", nil, nil)
	if len(byPrefix) == 0 || len(byPrefix) != len(byID) {
		t.Fatalf("LOG: %d controls, logging_monitoring: %d", len(byPrefix), len(byID))
	}
	for _, c := range byPrefix {
		if c.Category != "logging_monitoring" || c.CategoryName == "" || len(c.References) == 0 {
			t.Errorf("%s: category %q name %q references %d", c.ID, c.Category, c.CategoryName, len(c.References))
		}
	}
	checkable := filterControls(cat, "", &yes, nil)
	unCheckable := filterControls(cat, "", &no, nil)
	if len(checkable)+len(unCheckable) != len(all) || len(unCheckable) == 0 {
		t.Errorf("plan_checkable split %d + %d != %d", len(checkable), len(unCheckable), len(all))
	}
	for _, c := range unCheckable {
		if c.Plan != "no" || c.PlanCheckable {
			t.Errorf("%s: plan %q in plan_checkable=false", c.ID, c.Plan)
		}
	}
	notAWS := filterControls(cat, "", nil, &no)
	for _, c := range notAWS {
		if c.Cloud != "na" {
			t.Errorf("%s: cloud %q in aws_applicable=false", c.ID, c.Cloud)
		}
	}
	if !slices.ContainsFunc(notAWS, func(c controlModel) bool { return c.ID == "NET-16" }) {
		t.Error("NET-16 (discovery protocols, AWS-operated) missing from aws_applicable=false")
	}
}

func TestFilterRules(t *testing.T) {
	all := rules.All()
	cat := controls.Load()
	got, err := filterRules(all, cat, "LOG-01", "", "")
	if err != nil {
		t.Fatal(err)
	}
	r01 := slices.IndexFunc(got, func(r ruleModel) bool { return r.ID == "LOG-R01" })
	if r01 < 0 {
		t.Fatalf("control LOG-01 does not list LOG-R01: %v", got)
	}
	if !slices.Contains(got[r01].AWSConfigRules, "vpc-flow-logs-enabled") {
		t.Errorf("LOG-R01 config rules %v lack vpc-flow-logs-enabled", got[r01].AWSConfigRules)
	}
	for _, r := range got {
		if !slices.Contains(r.Controls, "LOG-01") {
			t.Errorf("%s listed for LOG-01 but maps %v", r.ID, r.Controls)
		}
	}
	critical, _ := filterRules(all, cat, "", "", "critical")
	for _, r := range critical {
		if r.Severity != "critical" {
			t.Errorf("%s severity %s in critical filter", r.ID, r.Severity)
		}
	}
	network, _ := filterRules(all, cat, "", "NET", "")
	if len(network) == 0 {
		t.Fatal("no NET rules")
	}
	// VUL-R01 maps only VUL controls; it must not appear under NET.
	if slices.ContainsFunc(network, func(r ruleModel) bool { return r.ID == "VUL-R01" }) {
		t.Error("VUL-R01 listed under category NET")
	}
	vul01, _ := filterRules(all, cat, "", "", "")
	i := slices.IndexFunc(vul01, func(r ruleModel) bool { return r.ID == "VUL-R01" })
	p := slices.IndexFunc(vul01[i].Params, func(p paramModel) bool { return p.Name == "plaintext_ports" })
	if p < 0 || vul01[i].Params[p].Default != `["tcp:20-21","tcp:23","tcp:80","tcp:445","tcp:512-514","tcp:2049","tcp:4786","udp:69","udp:161-162","udp:514"]` {
		t.Errorf("VUL-R01 plaintext_ports default rendered as %+v", vul01[i].Params)
	}
}

func TestParamDefaultString(t *testing.T) {
	tests := []struct {
		in   any
		want string
	}{
		{"tls13", "tls13"}, {true, "true"}, {90, "90"}, {1.5, "1.5"},
		{[]string{}, "[]"}, {[]string{"a", "b"}, `["a","b"]`}, {[]int{22, 3389}, "[22,3389]"},
	}
	for _, tt := range tests {
		if got, err := ParamDefaultString(tt.in); err != nil || got != tt.want {
			t.Errorf("ParamDefaultString(%#v) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestFilterTLSPolicies(t *testing.T) {
	cat, err := rules.TLSPolicies()
	if err != nil {
		t.Fatal(err)
	}
	elb, err := filterTLSPolicies(cat, "elbv2", "tls13")
	if err != nil {
		t.Fatal(err)
	}
	if len(elb) == 0 || elb[0].Level != "pq-hybrid" {
		t.Fatalf("elbv2 >= tls13 should start with pq-hybrid policies: %+v", elb)
	}
	last := len(rules.TLSLevels)
	for _, p := range elb {
		rank := rules.TLSLevelRank(p.Level)
		if rank < rules.TLSLevelRank("tls13") || rank > last {
			t.Errorf("%s level %s out of order or below tls13", p.Name, p.Level)
		}
		last = rank
		if p.Service != "elbv2" {
			t.Errorf("%s from service %s", p.Name, p.Service)
		}
	}
	every, _ := filterTLSPolicies(cat, "", "legacy")
	n := 0
	for _, s := range cat.Services {
		n += len(s.Policies)
	}
	if len(every) != n {
		t.Errorf("legacy and up lists %d policies, catalog has %d", len(every), n)
	}
	defaults := 0
	for _, p := range every {
		if p.IsDefault {
			defaults++
			if p.Name != cat.Services[p.Service].DefaultPolicy {
				t.Errorf("%s marked default of %s", p.Name, p.Service)
			}
		}
	}
	if defaults == 0 {
		t.Error("no AWS default policy marked")
	}
	if _, err := filterTLSPolicies(cat, "nlb", "tls12"); err == nil {
		t.Error("unknown service accepted")
	}
}

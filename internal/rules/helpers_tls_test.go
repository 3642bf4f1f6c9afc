package rules

import (
	"slices"
	"strings"
	"testing"
)

func TestTLSCatalogParses(t *testing.T) {
	cat, err := TLSPolicies()
	if err != nil {
		t.Fatal(err)
	}
	for _, svc := range []string{"elbv2", "elb", "cloudfront", "apigateway", "apigatewayv2", "opensearch", "transfer"} {
		s := cat.Services[svc]
		if s == nil || len(s.Policies) == 0 {
			t.Errorf("service %s missing or empty", svc)
			continue
		}
		if _, ok := cat.Lookup(svc, s.DefaultPolicy); !ok {
			t.Errorf("%s: default policy %q is not listed", svc, s.DefaultPolicy)
		}
	}
}

func TestTLSCatalogJudge(t *testing.T) {
	cat, err := TLSPolicies()
	if err != nil {
		t.Fatal(err)
	}
	strict := TLSRequirement{MinimumLevel: TLSLevelTLS13, TLS13Only: true}
	relaxed := TLSRequirement{MinimumLevel: TLSLevelTLS13}
	tests := []struct {
		service, policy string
		req             TLSRequirement
		want            bool
	}{
		{"elbv2", "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09", strict, true},
		{"elbv2", "ELBSecurityPolicy-TLS13-1-3-2021-06", strict, true},
		{"elbv2", "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09", strict, false},
		{"elbv2", "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09", relaxed, true},
		{"elbv2", "ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09", relaxed, false},
		{"elbv2", "ELBSecurityPolicy-2016-08", TLSRequirement{MinimumLevel: TLSLevelTLS12}, false},
		{"elbv2", "ELBSecurityPolicy-TLS13-1-2-Res-2021-06", TLSRequirement{MinimumLevel: TLSLevelPQHybrid}, false},
		{"elbv2", "Made-Up-Policy", TLSRequirement{MinimumLevel: TLSLevelLegacy}, false},
		{"elbv2", "Made-Up-Policy", TLSRequirement{MinimumLevel: TLSLevelTLS13, Extra: []string{"Made-Up-Policy"}}, true},
		{"cloudfront", "TLSv1.2_2021", relaxed, true},
		{"cloudfront", "TLSv1.2_2019", relaxed, false},
		{"apigateway", "TLS_1_2", TLSRequirement{MinimumLevel: TLSLevelTLS12}, true},
		{"apigateway", "TLS_1_0", TLSRequirement{MinimumLevel: TLSLevelTLS12}, false},
		{"opensearch", "Policy-Min-TLS-1-2-PFS-2023-10", relaxed, true},
		{"opensearch", "Policy-Min-TLS-1-2-2019-07", relaxed, false},
		{"transfer", "TransferSecurityPolicy-2024-01", relaxed, true},
		{"transfer", "TransferSecurityPolicy-2020-06", relaxed, false},
		{"elbv2", "ELBSecurityPolicy-TLS13-1-2-Res-2021-06", TLSRequirement{MinimumLevel: TLSLevelTLS13, RequireFIPS: true}, false},
	}
	for _, tt := range tests {
		v := cat.Judge(tt.service, tt.policy, tt.req)
		if v.Approved != tt.want {
			t.Errorf("Judge(%s, %s, %+v) = %v (%s), want %v", tt.service, tt.policy, tt.req, v.Approved, v.Reason, tt.want)
		}
		if v.Reason == "" {
			t.Errorf("Judge(%s, %s) gave no reason", tt.service, tt.policy)
		}
	}
	approved := cat.Approved("elbv2", strict)
	if !slices.Contains(approved, "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09") || slices.Contains(approved, "ELBSecurityPolicy-2016-08") {
		t.Errorf("Approved(elbv2, strict) = %v", approved)
	}
}

func TestParseTLSCatalogRejectsBadData(t *testing.T) {
	for name, data := range map[string]string{
		"bad level":   "services:\n  x:\n    policies:\n      - {name: p, level: strong, min_tls: \"1.2\"}\n",
		"bad version": "services:\n  x:\n    policies:\n      - {name: p, level: tls12, min_tls: \"1.4\"}\n",
		"duplicate":   "services:\n  x:\n    policies:\n      - {name: p, level: tls12, min_tls: \"1.2\"}\n      - {name: p, level: tls12, min_tls: \"1.2\"}\n",
		"empty":       "services: {}\n",
		"not yaml":    "services: [\n",
	} {
		_, err := ParseTLSCatalog([]byte(data))
		if err == nil || !strings.Contains(err.Error(), "TLS policy catalog") {
			t.Errorf("%s: error %v, want a catalog error", name, err)
		}
	}
}

func TestLifecycleData(t *testing.T) {
	lc, err := LifecycleData()
	if err != nil {
		t.Fatal(err)
	}
	if d, ok := lc.RuntimeDeprecation("python3.8"); !ok || d.Format("2006-01-02") != "2024-10-14" {
		t.Errorf("python3.8 deprecation = %v %v", d, ok)
	}
	for _, engine := range []string{"eks", "mysql", "postgres", "redis", "OpenSearch", "ecs_fargate_platform"} {
		if _, ok := lc.MinimumVersions[engine]; !ok {
			t.Errorf("no minimum version for %s", engine)
		}
	}
	if _, err := ParseLifecycle([]byte("lambda_runtimes: {x: 2024-13-45}\n")); err == nil {
		t.Error("bad date accepted")
	}
}

func TestVersionBelow(t *testing.T) {
	tests := []struct {
		v, min string
		below  bool
	}{
		{"5.7.44", "8.0", true}, {"8.0", "8.0", false}, {"8.0.35", "8.0", false}, {"8.0.mysql_aurora.3.05.2", "8.0", false},
		{"5.7.mysql_aurora.2.11.2", "8.0", true}, {"13.12", "14", true}, {"16.1", "14", false}, {"1.3.0", "1.4.0", true},
		{"1.29", "1.32", true}, {"1.33", "1.32", false}, {"10.5", "10.6", true}, {"11.4", "10.6", false},
	}
	for _, tt := range tests {
		got, ok := versionBelow(tt.v, tt.min)
		if !ok || got != tt.below {
			t.Errorf("versionBelow(%q, %q) = %v, %v; want %v", tt.v, tt.min, got, ok, tt.below)
		}
	}
	if _, ok := versionBelow("latest", "1.0"); ok {
		t.Error("non-numeric version parsed")
	}
}

func TestSSHKeyStrength(t *testing.T) {
	// Public halves of throwaway keys made with ssh-keygen for this test.
	tests := []struct {
		key  string
		typ  string
		bits int
	}{
		{"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICDTuSeM6ZlfElJ0Z0XLxjtK/MgwEFSRsnEIA4s9U2I4 test", "ssh-ed25519", 0},
		{"ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDVesn7qpY8ECbw90SONz7ln+LIkCsyB50SibtdyqWattDSYN+9qD56iKsRZfxgiqT2X9vrPvsSsY7/8ZXfgy2/UhCftBgrxMwWfPihnv1y3bkFPz9w7j6O5mnrUdp2f7Sb3fasq4k6BP3wsIJQY40l0tVEd+QFjIJyNuiD6MoUYs1s5dgL/0eCfbijtHFSCNT46+DMmKjLne40UTza99HV0AwEogLhdr53dJ5SY5eR9wCmukL2IwHRwgebs84AQaD/9hnxm5zB5ChoYlNTrHqwGZOTM8+be/xBdHAP1mmq4gbpXShIQxZb3A4bW1fQQCrga6VXIkYDCVWda1u9XH1j test", "ssh-rsa", 2048},
		{"ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAACAQDQBmVscFh5An3OfqNzc1cyAlwkIc5rb9E1U9PZ3pkIJf+3D749bnXKgRfoLgRh2e2w8E+AU6DRjgACeY3RmZXpvGcDV7KH8QwU4273t1SNijQezIXw0CCWTLNTjL73V/kLqEk3sPGlDAHfQtC2icJcaJ0oQ208LXonMEwUsnyI7lcrvOxQl1oj+49uy03aiMD31mZms768J/HGoAov1e3J1pfbLIzQ2O1fR60yqm60U8fs9wQpPvHuXKndONuEYNJgQeDqeGH4L24l563oQYnPYmfI/TEo3q89+uJQ0APSwnGsgs0czY33oD1vzifq0NIE3pi3mi/Ktnjo+FGJw23fi0tORNWygVhvgiESlevu5NHcmWvgugeRDXcJnFCbDgN9ilqpUuNMHAMn988rLZ6iWv3kOOimIVz6B8atfxCQ65GR5v3xQg9oYoJGKRkvK1W89sPuDWb8g7/rEZWnXC2X5b3NU5T5pjQTf6xQ4IzuYGEkunaXuRYKdKly81oFV8JkbKLh0HjvGFOh/d8VXQf/OFlaXI32DxCGN9vm7LwogPLC5xQdZ12FBTPiIRaw1r7XC/aqcLEWViiQ8cgciXMr2VqBg+wafYigcVaBYT/pKhFefJxmNWg1d6V/9cOxgWZCVpOQpjbM/cPhNWsfb4TupG27C0tEOagLiBstd6shSw== test", "ssh-rsa", 4096},
		{"ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBJ/Qc4+/tmXhm00WxpD6CHy6xekWmINsvE3cWkh2U7O1J0sWRkvg6aSNrR7P8c9RgbVOld5nz7yelYcGqE00XVc= test", "ecdsa-sha2-nistp256", 0},
	}
	for _, tt := range tests {
		typ, bits, err := sshKeyStrength(tt.key)
		if err != nil || typ != tt.typ || bits != tt.bits {
			t.Errorf("sshKeyStrength(%.30s…) = %s %d %v", tt.key, typ, bits, err)
		}
	}
	for _, bad := range []string{"", "ssh-rsa", "ssh-rsa !!!", "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAICDTuSeM6ZlfElJ0Z0XLxjtK/MgwEFSRsnEIA4s9U2I4"} {
		if _, _, err := sshKeyStrength(bad); err == nil {
			t.Errorf("sshKeyStrength(%q) accepted a malformed key", bad)
		}
	}
}

func TestNACLAllowsFromInternet(t *testing.T) {
	allowAll := NACLEntry{Ingress: true, RuleNo: 200, Allow: true, Protocol: "all", ToPort: 65535, CIDRs: []string{"0.0.0.0/0"}}
	denyTelnet := NACLEntry{Ingress: true, RuleNo: 100, Protocol: "tcp", FromPort: 23, ToPort: 23, CIDRs: []string{"0.0.0.0/0"}}
	internalTelnet := NACLEntry{Ingress: true, RuleNo: 50, Allow: true, Protocol: "tcp", FromPort: 23, ToPort: 23, CIDRs: []string{"10.0.0.0/8"}}
	egressAll := NACLEntry{RuleNo: 10, Allow: true, Protocol: "all", ToPort: 65535, CIDRs: []string{"0.0.0.0/0"}}
	pending := NACLEntry{Ingress: true, RuleNo: 90, Allow: true, Protocol: "tcp", FromPort: 23, ToPort: 23, UnknownField: "ingress[0].cidr_block"}
	tests := []struct {
		name            string
		entries         []NACLEntry
		port            int
		allowed, decide bool
	}{
		{"implicit deny", nil, 23, false, true},
		{"allow all", []NACLEntry{allowAll}, 23, true, true},
		{"lower deny wins regardless of order", []NACLEntry{allowAll, denyTelnet}, 23, false, true},
		{"deny covers only its port", []NACLEntry{allowAll, denyTelnet}, 21, true, true},
		{"internal source does not count", []NACLEntry{internalTelnet}, 23, false, true},
		{"egress ignored", []NACLEntry{egressAll}, 23, false, true},
		{"unknown entry first", []NACLEntry{allowAll, denyTelnet, pending}, 23, false, false},
	}
	for _, tt := range tests {
		allowed, _, decided := NACLAllowsFromInternet(tt.entries, "tcp", tt.port)
		if allowed != tt.allowed || decided != tt.decide {
			t.Errorf("%s: allowed=%v decided=%v, want %v %v", tt.name, allowed, decided, tt.allowed, tt.decide)
		}
	}
}

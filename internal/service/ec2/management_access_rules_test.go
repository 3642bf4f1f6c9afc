package ec2

import (
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/commshield/terraform-provider-commshield/internal/functions"
)

func TestValidateManagementService(t *testing.T) {
	cases := []struct {
		name    string
		wantErr string // empty: valid
	}{
		{"ssh", ""},
		{"https", ""},
		{"netconf", ""},
		{"gnmi", ""},
		{"gnmi-57400", ""},
		{"telnet", `use "ssh"`},
		{"HTTP", `use "https"`},
		{"snmp", "clear text"},
		{"tftp", "SSH"},
		{"rdp", "not a management service"},
	}
	for _, c := range cases {
		err := validateManagementService(c.name)
		if c.wantErr == "" && err != nil {
			t.Errorf("%s: unexpected error %v", c.name, err)
		}
		if c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.wantErr)
		}
	}
}

// The services are encrypted by construction; the rule pack must agree, or
// the resource would open what `check` fails.
func TestManagementServicesAreNotPlaintext(t *testing.T) {
	for _, s := range managementServices {
		plain, err := functions.IsPlaintextPort("tcp", int64(s.Port))
		if err != nil {
			t.Fatal(err)
		}
		if plain {
			t.Errorf("service %s (tcp/%d) is plaintext per the rule pack", s.Name, s.Port)
		}
	}
}

func TestValidateManagementCIDR(t *testing.T) {
	cases := []struct {
		cidr      string
		allowlist []string
		wantErr   string
	}{
		{"10.255.0.0/16", nil, ""},
		{"10.255.0.1/16", nil, ""}, // host bits are cleared, as AWS does
		{"100.64.0.0/10", nil, ""},
		{"fd00:abcd::/48", nil, ""},
		{"0.0.0.0/0", nil, "whole internet"},
		{"0.0.0.0/0", []string{"0.0.0.0/0"}, "whole internet"}, // not even allow-listed
		{"::/0", nil, "whole internet"},
		{"198.19.0.0/16", nil, ""}, // benchmarking, not routable
		{"203.0.114.0/28", nil, "public_cidr_allowlist"},
		{"203.0.114.0/28", []string{"203.0.114.0/28"}, ""},
		{"203.0.114.0/28", []string{"203.0.114.0/27"}, "public_cidr_allowlist"}, // must be listed as is
		{"172.0.0.0/8", nil, "public"},                                          // wider than 172.16.0.0/12
		{"52.0.0.0/16", []string{"52.0.0.0/16"}, "wider than /24"},
		{"2a00:1450::/32", []string{"2a00:1450::/32"}, "wider than /48"},
		{"2a00:1450:4000::/48", []string{"2a00:1450:4000::/48"}, ""},
		{"10.0.0.0", nil, "prefix length"},
		{"banana", nil, "not a CIDR"},
	}
	for _, c := range cases {
		err := validateManagementCIDR(c.cidr, c.allowlist)
		if c.wantErr == "" && err != nil {
			t.Errorf("%s %v: unexpected error %v", c.cidr, c.allowlist, err)
		}
		if c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)) {
			t.Errorf("%s %v: error %v, want one containing %q", c.cidr, c.allowlist, err, c.wantErr)
		}
	}
}

func TestValidateEgress(t *testing.T) {
	cases := []struct {
		name    string
		egress  egressSpec
		wantErr []string
	}{
		{"syslog tls", egressSpec{Protocol: "tcp", Port: 6514, CIDRs: []string{"10.1.0.0/24"}}, nil},
		{"ntp", egressSpec{Protocol: "udp", Port: 123, CIDRs: []string{"10.1.0.10/32"}}, nil},
		{"plaintext syslog", egressSpec{Protocol: "udp", Port: 514, CIDRs: []string{"10.1.0.0/24"}}, []string{"plaintext"}},
		{"telnet", egressSpec{Protocol: "tcp", Port: 23, CIDRs: []string{"10.1.0.0/24"}}, []string{"plaintext"}},
		{"all protocols", egressSpec{Protocol: "-1", Port: 0, CIDRs: []string{"0.0.0.0/0"}}, []string{"all-protocol", "out of range", "whole internet"}},
		{"internet https", egressSpec{Protocol: "tcp", Port: 443, CIDRs: []string{"0.0.0.0/0"}}, []string{"whole internet"}},
		{"no destination", egressSpec{Protocol: "tcp", Port: 443}, []string{"cidr_blocks is empty"}},
	}
	for _, c := range cases {
		errs := validateEgress(c.egress, nil)
		if len(errs) != len(c.wantErr) {
			t.Errorf("%s: errors %v, want %d", c.name, errs, len(c.wantErr))
			continue
		}
		for i, want := range c.wantErr {
			if !strings.Contains(errs[i].Error(), want) {
				t.Errorf("%s: error %d = %v, want %q", c.name, i, errs[i], want)
			}
		}
	}
}

func TestDesiredPermissions(t *testing.T) {
	spec := accessSpec{
		Services:       []string{"ssh", "gnmi"},
		SourceCIDRs:    []string{"10.255.0.1/16", "fd00::/48"},
		SourceGroupIDs: []string{"sg-0123456789abcdef0"},
		Egress:         []egressSpec{{Protocol: "tcp", Port: 6514, CIDRs: []string{"10.1.0.0/24"}, Description: "syslog-tls"}},
	}
	got := desiredPermissions(spec)
	wantIngress := []string{
		"tcp/22 from 10.255.0.0/16", "tcp/22 from fd00::/48", "tcp/22 from sg-0123456789abcdef0",
		"tcp/9339 from 10.255.0.0/16", "tcp/9339 from fd00::/48", "tcp/9339 from sg-0123456789abcdef0",
	}
	if g := permissionStrings(got, dirIngress); !slices.Equal(g, wantIngress) {
		t.Errorf("ingress = %q\nwant %q", g, wantIngress)
	}
	if g := permissionStrings(got, dirEgress); !slices.Equal(g, []string{"tcp/6514 to 10.1.0.0/24"}) {
		t.Errorf("egress = %q", g)
	}
	// Round trip: what import reconstructs from these rules is the spec.
	back := specFromPermissions(got)
	if !slices.Equal(back.Services, []string{"gnmi", "ssh"}) ||
		!slices.Equal(back.SourceCIDRs, []string{"10.255.0.0/16", "fd00::/48"}) ||
		!slices.Equal(back.SourceGroupIDs, spec.SourceGroupIDs) ||
		len(back.Egress) != 1 || back.Egress[0].Description != "syslog-tls" || back.Egress[0].Port != 6514 {
		t.Errorf("reconstructed spec = %+v", back)
	}
}

func TestDiffPermissionsAgainstAWSRules(t *testing.T) {
	// As AWS describes a new group after CreateSecurityGroup plus one rule
	// added by hand: the default all-traffic egress and telnet from anywhere.
	rules := []ec2types.SecurityGroupRule{
		{IsEgress: aws.Bool(true), IpProtocol: aws.String("-1"), FromPort: aws.Int32(-1), ToPort: aws.Int32(-1), CidrIpv4: aws.String("0.0.0.0/0")},
		{IsEgress: aws.Bool(false), IpProtocol: aws.String("tcp"), FromPort: aws.Int32(23), ToPort: aws.Int32(23), CidrIpv4: aws.String("0.0.0.0/0")},
		{IsEgress: aws.Bool(false), IpProtocol: aws.String("tcp"), FromPort: aws.Int32(22), ToPort: aws.Int32(22), CidrIpv4: aws.String("10.255.0.0/16"), Description: aws.String("reworded")},
	}
	have := permissionsFromRules(rules)
	want := desiredPermissions(accessSpec{Services: []string{"ssh", "https"}, SourceCIDRs: []string{"10.255.0.0/16"}})
	add, remove := diffPermissions(want, have)
	var addS, removeS []string
	for _, p := range add {
		addS = append(addS, p.Direction+" "+p.String())
	}
	for _, p := range remove {
		removeS = append(removeS, p.Direction+" "+p.String())
	}
	if !slices.Equal(addS, []string{"ingress tcp/443 from 10.255.0.0/16"}) {
		t.Errorf("add = %q", addS)
	}
	if !slices.Equal(removeS, []string{"egress all to 0.0.0.0/0", "ingress tcp/23 from 0.0.0.0/0"}) {
		t.Errorf("remove = %q", removeS)
	}
	perms := ipPermissions(remove)
	if perms[0].FromPort != nil || aws.ToString(perms[0].IpProtocol) != "-1" || aws.ToString(perms[0].IpRanges[0].CidrIp) != "0.0.0.0/0" {
		t.Errorf("all-traffic revoke permission = %+v", perms[0])
	}
}

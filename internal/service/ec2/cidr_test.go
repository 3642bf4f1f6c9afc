package ec2

import (
	"net/netip"
	"slices"
	"strings"
	"testing"
)

func mustPrefixes(t *testing.T, ss ...string) []netip.Prefix {
	t.Helper()
	var out []netip.Prefix
	for _, s := range ss {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}

func TestPlanSubnets(t *testing.T) {
	vpc := netip.MustParsePrefix("10.0.0.0/16")
	tests := []struct {
		name    string
		zones   int
		tiers   []tierLayout
		want    map[string][]string
		wantErr string
	}{
		{
			name:  "three default tiers in two zones",
			zones: 2,
			tiers: []tierLayout{{Name: tierUserPlane, Newbits: 4}, {Name: tierManagement, Newbits: 4}, {Name: tierSignaling, Newbits: 4}},
			want: map[string][]string{
				tierManagement: {"10.0.0.0/20", "10.0.16.0/20"},
				tierSignaling:  {"10.0.32.0/20", "10.0.48.0/20"},
				tierUserPlane:  {"10.0.64.0/20", "10.0.80.0/20"},
			},
		},
		{
			name:  "adding the edge tier leaves the others in place",
			zones: 2,
			tiers: []tierLayout{{Name: tierManagement, Newbits: 4}, {Name: tierSignaling, Newbits: 4}, {Name: tierUserPlane, Newbits: 4}, {Name: tierEdge, Newbits: 8}},
			want: map[string][]string{
				tierManagement: {"10.0.0.0/20", "10.0.16.0/20"},
				tierSignaling:  {"10.0.32.0/20", "10.0.48.0/20"},
				tierUserPlane:  {"10.0.64.0/20", "10.0.80.0/20"},
				tierEdge:       {"10.0.96.0/24", "10.0.97.0/24"},
			},
		},
		{
			name:  "explicit CIDRs are placed first and skipped by the allocator",
			zones: 2,
			tiers: []tierLayout{
				{Name: tierManagement, Newbits: 8},
				{Name: tierSignaling, CIDRs: mustPrefixes(t, "10.0.0.0/24", "10.0.1.0/24")},
				{Name: tierUserPlane, Newbits: 2},
			},
			want: map[string][]string{
				tierManagement: {"10.0.2.0/24", "10.0.3.0/24"},
				tierSignaling:  {"10.0.0.0/24", "10.0.1.0/24"},
				tierUserPlane:  {"10.0.64.0/18", "10.0.128.0/18"},
			},
		},
		{
			name:    "explicit CIDRs overlapping",
			zones:   2,
			tiers:   []tierLayout{{Name: tierManagement, CIDRs: mustPrefixes(t, "10.0.0.0/24", "10.0.1.0/24")}, {Name: tierSignaling, CIDRs: mustPrefixes(t, "10.0.1.0/25", "10.0.2.0/24")}},
			wantErr: "signaling subnet 10.0.1.0/25 overlaps management subnet 10.0.1.0/24",
		},
		{
			name:    "explicit CIDR outside the VPC",
			zones:   2,
			tiers:   []tierLayout{{Name: tierManagement, CIDRs: mustPrefixes(t, "10.0.0.0/24", "10.1.0.0/24")}},
			wantErr: "10.1.0.0/24 is not inside the VPC CIDR",
		},
		{
			name:    "wrong number of explicit CIDRs",
			zones:   3,
			tiers:   []tierLayout{{Name: tierManagement, CIDRs: mustPrefixes(t, "10.0.0.0/24", "10.0.1.0/24")}},
			wantErr: "2 CIDRs given for 3 availability zones",
		},
		{
			name:    "host bits set",
			zones:   2,
			tiers:   []tierLayout{{Name: tierManagement, CIDRs: mustPrefixes(t, "10.0.0.5/24", "10.0.1.0/24")}},
			wantErr: "did you mean 10.0.0.0/24",
		},
		{
			name:    "subnets too small",
			zones:   2,
			tiers:   []tierLayout{{Name: tierManagement, Newbits: 13}},
			wantErr: "newbits must be 1 to 12",
		},
		{
			name:    "VPC too small for the tiers",
			zones:   3,
			tiers:   []tierLayout{{Name: tierManagement, Newbits: 2}, {Name: tierSignaling, Newbits: 2}},
			wantErr: "signaling: no free /18 left",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := planSubnets(vpc, tt.zones, tt.tiers)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got tiers %v, want %v", got, tt.want)
			}
			for tier, want := range tt.want {
				if g := prefixStrings(got[tier]); !slices.Equal(g, want) {
					t.Errorf("%s = %v, want %v", tier, g, want)
				}
			}
		})
	}
}

func TestSummarize(t *testing.T) {
	tests := []struct {
		in, want []string
	}{
		{[]string{"10.0.0.0/20", "10.0.16.0/20"}, []string{"10.0.0.0/19"}},
		{[]string{"10.0.0.0/20", "10.0.16.0/20", "10.0.32.0/20"}, []string{"10.0.0.0/19", "10.0.32.0/20"}},
		{[]string{"10.0.16.0/20", "10.0.32.0/20"}, []string{"10.0.16.0/20", "10.0.32.0/20"}}, // adjacent but not siblings
		{[]string{"10.0.0.0/24", "10.0.0.128/25", "10.0.1.0/24"}, []string{"10.0.0.0/23"}},
		{[]string{"10.0.0.0/22", "10.0.4.0/22", "10.0.8.0/22", "10.0.12.0/22"}, []string{"10.0.0.0/20"}},
		{nil, []string{}},
	}
	for _, tt := range tests {
		got := prefixStrings(summarize(mustPrefixes(t, tt.in...)))
		if !slices.Equal(got, tt.want) {
			t.Errorf("summarize(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestImportLayoutsPrefersNewbitsThatReproduceTheSubnets(t *testing.T) {
	vpc := netip.MustParsePrefix("10.30.0.0/20")
	tests := []struct {
		name         string
		observed     subnetPlan
		wantExplicit []string
	}{
		{
			name: "automatic layout",
			observed: subnetPlan{
				tierManagement: mustPrefixes(t, "10.30.0.0/24", "10.30.1.0/24"),
				tierSignaling:  mustPrefixes(t, "10.30.2.0/24", "10.30.3.0/24"),
				tierUserPlane:  mustPrefixes(t, "10.30.4.0/24", "10.30.5.0/24"),
			},
		},
		{
			name: "management placed by hand at the top",
			observed: subnetPlan{
				tierManagement: mustPrefixes(t, "10.30.15.0/26", "10.30.15.64/26"),
				tierSignaling:  mustPrefixes(t, "10.30.0.0/24", "10.30.1.0/24"),
				tierUserPlane:  mustPrefixes(t, "10.30.2.0/23", "10.30.4.0/23"),
			},
			wantExplicit: []string{tierManagement},
		},
		{
			name: "subnets of one tier with different sizes",
			observed: subnetPlan{
				tierManagement: mustPrefixes(t, "10.30.0.0/24", "10.30.1.0/25"),
				tierSignaling:  mustPrefixes(t, "10.30.2.0/24", "10.30.3.0/24"),
				tierUserPlane:  mustPrefixes(t, "10.30.4.0/24", "10.30.5.0/24"),
			},
			wantExplicit: []string{tierManagement},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, explicit := importLayouts(vpc, 2, tt.observed)
			var got []string
			for _, tier := range tierOrder {
				if explicit[tier] {
					got = append(got, tier)
				}
			}
			if !slices.Equal(got, tt.wantExplicit) {
				t.Errorf("explicit tiers = %v, want %v", got, tt.wantExplicit)
			}
		})
	}
}

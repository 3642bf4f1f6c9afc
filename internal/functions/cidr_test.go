package functions

import "testing"

func TestIsPublicCIDR(t *testing.T) {
	tests := []struct {
		cidr string
		want bool
	}{
		// the whole internet
		{"0.0.0.0/0", true},
		{"::/0", true},
		// private and special IPv4 blocks, and blocks inside them
		{"10.0.0.0/8", false},
		{"10.1.2.3/32", false},
		{"10.0.0.1/8", false}, // host bits set: read as 10.0.0.0/8
		{"172.16.0.0/12", false},
		{"172.31.255.255/32", false},
		{"192.168.0.0/16", false},
		{"100.64.0.0/10", false},
		{"127.0.0.1/32", false},
		{"169.254.169.254/32", false},
		{"192.0.2.0/24", false},
		{"198.51.100.7/32", false},
		{"203.0.113.0/24", false},
		{"198.18.0.0/15", false},
		{"224.0.0.0/4", false},
		{"255.255.255.255/32", false},
		{"0.0.0.0/8", false},
		// neighbours of private blocks are public
		{"172.15.255.255/32", true},
		{"172.32.0.0/32", true},
		{"100.63.255.255/32", true},
		{"100.128.0.0/10", true},
		{"11.0.0.0/8", true},
		{"8.8.8.8/32", true},
		// blocks straddling a private block contain public addresses
		{"172.0.0.0/8", true},
		{"10.0.0.0/7", true}, // 10/8 plus public 11/8
		{"192.168.0.0/15", true},
		// blocks made only of adjacent non-public blocks are not public
		{"224.0.0.0/3", false}, // multicast + reserved
		{"198.18.0.0/16", false},
		// IPv6
		{"2600:1f18::/32", true}, // AWS us-east-1 space
		{"2000::/3", true},
		{"2001:db8::/32", false},
		{"2001:db8:1::/48", false},
		{"fd00::/8", false},
		{"fc00::/7", false},
		{"fe80::/10", false},
		{"ff02::1/128", false},
		{"::1/128", false},
		{"::/128", false},
		{"::ffff:8.8.8.8/128", false}, // IPv4-mapped: not routable as IPv6
		{"64:ff9b::/96", false},
		{"2001::/32", false}, // Teredo
		{"2001::/16", true},  // reaches past 2001::/23
		{"3fff::/20", false},
		{"3ffe::/16", true},
		{"2002::/16", true}, // 6to4 carries public IPv4
		{"::/1", true},      // includes 2000::/3
		{"8000::/1", false},
	}
	for _, tt := range tests {
		t.Run(tt.cidr, func(t *testing.T) {
			block, err := ParseCIDR(tt.cidr)
			if err != nil {
				t.Fatalf("ParseCIDR(%q): %v", tt.cidr, err)
			}
			if got := IsPublicCIDR(block); got != tt.want {
				t.Errorf("IsPublicCIDR(%s) = %v, want %v", tt.cidr, got, tt.want)
			}
		})
	}
}

func TestParseCIDRRejects(t *testing.T) {
	for _, in := range []string{"", "10.0.0.0", "10.0.0.0/33", "::/129", "not-a-cidr/8", "10.0.0/8", "2001:db8::"} {
		if _, err := ParseCIDR(in); err == nil {
			t.Errorf("ParseCIDR(%q) succeeded, want an error", in)
		}
	}
}

func TestHalves(t *testing.T) {
	tests := []struct{ in, left, right string }{
		{"0.0.0.0/0", "0.0.0.0/1", "128.0.0.0/1"},
		{"10.0.0.0/8", "10.0.0.0/9", "10.128.0.0/9"},
		{"192.168.1.0/31", "192.168.1.0/32", "192.168.1.1/32"},
		{"2001:db8::/32", "2001:db8::/33", "2001:db8:8000::/33"},
	}
	for _, tt := range tests {
		l, r, ok := halves(netipPrefix(t, tt.in))
		if !ok || l.String() != tt.left || r.String() != tt.right {
			t.Errorf("halves(%s) = %s, %s, %v; want %s, %s", tt.in, l, r, ok, tt.left, tt.right)
		}
	}
	if _, _, ok := halves(netipPrefix(t, "10.0.0.1/32")); ok {
		t.Error("halves of a /32 succeeded")
	}
}

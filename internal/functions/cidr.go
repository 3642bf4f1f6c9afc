// Package functions holds the provider functions (Terraform >= 1.8):
// cidr_is_public, port_is_plaintext and tls_policy_is_approved. Each judges
// from the same tables as the `check` rule pack (internal/rules), so a
// module that guards its inputs with them agrees with the CI gate.
package functions

import (
	"fmt"
	"net/netip"
	"strings"
)

// nonPublicPrefixes are the address blocks that are never reachable from
// the internet: private, shared (CGNAT), loopback, link-local,
// documentation, benchmarking, multicast and reserved space of the IANA
// IPv4 and IPv6 special-purpose registries (RFC 6890 and successors), and
// for IPv6 everything outside global unicast 2000::/3. An immutable table.
var nonPublicPrefixes = mustPrefixes(
	// IPv4
	"0.0.0.0/8",       // "this network" (RFC 791)
	"10.0.0.0/8",      // private (RFC 1918)
	"100.64.0.0/10",   // shared address space, carrier-grade NAT (RFC 6598)
	"127.0.0.0/8",     // loopback
	"169.254.0.0/16",  // link-local
	"172.16.0.0/12",   // private (RFC 1918)
	"192.0.0.0/24",    // IETF protocol assignments
	"192.0.2.0/24",    // documentation TEST-NET-1
	"192.88.99.0/24",  // deprecated 6to4 relay anycast (RFC 7526)
	"192.168.0.0/16",  // private (RFC 1918)
	"198.18.0.0/15",   // benchmarking (RFC 2544)
	"198.51.100.0/24", // documentation TEST-NET-2
	"203.0.113.0/24",  // documentation TEST-NET-3
	"224.0.0.0/4",     // multicast
	"240.0.0.0/4",     // reserved, including 255.255.255.255
	// IPv6: outside global unicast 2000::/3 (unspecified, loopback,
	// IPv4-mapped, NAT64, discard-only, ULA fc00::/7, link-local fe80::/10,
	// multicast ff00::/8 all fall here) ...
	"::/3",
	"4000::/2",
	"8000::/1",
	// ... and the reserved blocks inside it.
	"2001::/23",     // IETF protocol assignments (Teredo, ORCHID, benchmarking …)
	"2001:db8::/32", // documentation
	"3fff::/20",     // documentation (RFC 9637)
)

func mustPrefixes(specs ...string) []netip.Prefix {
	out := make([]netip.Prefix, len(specs))
	for i, s := range specs {
		out[i] = netip.MustParsePrefix(s)
	}
	return out
}

// ParseCIDR parses an IPv4 or IPv6 CIDR block. Host bits may be set
// (10.0.0.1/8 means 10.0.0.0/8), as AWS and Terraform's cidrsubnet accept;
// a bare address without a prefix length is rejected so that a typo such as
// "10.0.0.0" for "10.0.0.0/8" is not silently read as one host.
func ParseCIDR(cidr string) (netip.Prefix, error) {
	s := strings.TrimSpace(cidr)
	if !strings.Contains(s, "/") {
		return netip.Prefix{}, fmt.Errorf("%q is not a CIDR block: add a prefix length, e.g. %q", cidr, s+"/32")
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%q is not a CIDR block (want e.g. 10.0.0.0/8 or 2001:db8::/32): %w", cidr, err)
	}
	// An IPv4-mapped IPv6 block (::ffff:10.0.0.0/104) is judged as IPv6:
	// it lies in ::/3, which is not global unicast.
	return p.Masked(), nil
}

// IsPublicCIDR reports whether any address of block is public, that is,
// not inside one of nonPublicPrefixes. 0.0.0.0/0 and ::/0 are public;
// 10.0.0.0/8 is not; 172.0.0.0/8 is (it reaches past 172.16.0.0/12).
func IsPublicCIDR(block netip.Prefix) bool {
	return !coveredByNonPublic(block.Masked())
}

// coveredByNonPublic reports whether every address of p is non-public. A
// block that contains a non-public block without being inside one is
// split in halves; only halves that still straddle a boundary recurse, so
// the depth is at most the address length.
func coveredByNonPublic(p netip.Prefix) bool {
	straddles := false
	for _, np := range nonPublicPrefixes {
		if np.Addr().Is4() != p.Addr().Is4() {
			continue
		}
		if np.Bits() <= p.Bits() && np.Contains(p.Addr()) {
			return true // p lies inside np
		}
		if p.Bits() < np.Bits() && p.Contains(np.Addr()) {
			straddles = true // np lies inside p
		}
	}
	if !straddles {
		return false
	}
	left, right, ok := halves(p)
	return ok && coveredByNonPublic(left) && coveredByNonPublic(right)
}

// halves splits p into its two sub-blocks of one bit longer prefix.
func halves(p netip.Prefix) (netip.Prefix, netip.Prefix, bool) {
	if p.Bits() >= p.Addr().BitLen() {
		return netip.Prefix{}, netip.Prefix{}, false
	}
	bits := p.Bits() + 1
	left := netip.PrefixFrom(p.Addr(), bits)
	b := p.Addr().AsSlice()
	b[p.Bits()/8] |= 0x80 >> (p.Bits() % 8)
	rightAddr, _ := netip.AddrFromSlice(b)
	return left, netip.PrefixFrom(rightAddr, bits), true
}

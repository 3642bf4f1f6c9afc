package ec2

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
)

// Tier names, also the values of the commshield:tier tag that the plan
// validator and Read use to recognise each subnet tier.
const (
	tierManagement = "management"
	tierSignaling  = "signaling"
	tierUserPlane  = "user_plane"
	tierEdge       = "edge"
)

// tierOrder is the allocation order. The edge tier is last so that adding or
// removing it never moves the CIDRs of the other tiers.
var tierOrder = []string{tierManagement, tierSignaling, tierUserPlane, tierEdge}

const (
	minVPCPrefix    = 16 // largest VPC AWS allows
	maxSubnetPrefix = 28 // smallest subnet AWS allows
	defaultNewbits  = 4
)

// tierLayout is how one tier's subnets are sized: either newbits (carved
// automatically) or one explicit CIDR per availability zone.
type tierLayout struct {
	Name    string
	Newbits int
	CIDRs   []netip.Prefix
}

// subnetPlan maps tier → CIDR per availability zone (same order as the
// zones).
type subnetPlan map[string][]netip.Prefix

// planSubnets lays out every tier's subnets in the VPC. Explicit CIDRs are
// placed first; tiers given by newbits then take, zone by zone and in
// tierOrder, the lowest aligned free block of their size. The result is
// deterministic, so the same configuration always yields the same plan.
func planSubnets(vpc netip.Prefix, zones int, tiers []tierLayout) (subnetPlan, error) {
	if !vpc.Addr().Is4() {
		return nil, fmt.Errorf("cidr_block %s: only IPv4 VPC CIDRs are supported", vpc)
	}
	vpc = vpc.Masked()
	plan := subnetPlan{}
	type owned struct {
		tier   string
		prefix netip.Prefix
	}
	var used []owned
	claim := func(tier string, p netip.Prefix) error {
		for _, u := range used {
			if u.prefix.Overlaps(p) {
				return fmt.Errorf("%s subnet %s overlaps %s subnet %s", tier, p, u.tier, u.prefix)
			}
		}
		used = append(used, owned{tier, p})
		return nil
	}
	ordered := orderTiers(tiers)
	for _, t := range ordered {
		if len(t.CIDRs) == 0 {
			continue
		}
		if len(t.CIDRs) != zones {
			return nil, fmt.Errorf("%s: %d CIDRs given for %d availability zones; give exactly one per zone, in the order of availability_zones", t.Name, len(t.CIDRs), zones)
		}
		for _, c := range t.CIDRs {
			if c != c.Masked() {
				return nil, fmt.Errorf("%s: %s is not a network address (did you mean %s?)", t.Name, c, c.Masked())
			}
			if !c.Addr().Is4() || c.Bits() < vpc.Bits() || !vpc.Contains(c.Addr()) {
				return nil, fmt.Errorf("%s: %s is not inside the VPC CIDR %s", t.Name, c, vpc)
			}
			if c.Bits() > maxSubnetPrefix {
				return nil, fmt.Errorf("%s: %s is smaller than the smallest subnet AWS allows (/%d)", t.Name, c, maxSubnetPrefix)
			}
			if err := claim(t.Name, c); err != nil {
				return nil, err
			}
		}
		plan[t.Name] = slices.Clone(t.CIDRs)
	}
	for _, t := range ordered {
		if len(t.CIDRs) > 0 {
			continue
		}
		bits := vpc.Bits() + t.Newbits
		if t.Newbits < 1 || bits > maxSubnetPrefix {
			return nil, fmt.Errorf("%s: newbits %d on a /%d VPC gives /%d subnets; AWS subnets must be /%d to /%d, so newbits must be 1 to %d", t.Name, t.Newbits, vpc.Bits(), bits, vpc.Bits()+1, maxSubnetPrefix, maxSubnetPrefix-vpc.Bits())
		}
		for zone := 0; zone < zones; zone++ {
			p, ok := firstFreeBlock(vpc, bits, func(c netip.Prefix) bool {
				return !slices.ContainsFunc(used, func(u owned) bool { return u.prefix.Overlaps(c) })
			})
			if !ok {
				return nil, fmt.Errorf("%s: no free /%d left in %s for availability zone %d of %d; use a larger cidr_block or smaller tiers (larger newbits)", t.Name, bits, vpc, zone+1, zones)
			}
			if err := claim(t.Name, p); err != nil {
				return nil, err
			}
			plan[t.Name] = append(plan[t.Name], p)
		}
	}
	return plan, nil
}

func orderTiers(tiers []tierLayout) []tierLayout {
	out := slices.Clone(tiers)
	slices.SortStableFunc(out, func(a, b tierLayout) int {
		return slices.Index(tierOrder, a.Name) - slices.Index(tierOrder, b.Name)
	})
	return out
}

// firstFreeBlock walks the aligned /bits blocks of vpc from the bottom and
// returns the first one free accepts.
func firstFreeBlock(vpc netip.Prefix, bits int, free func(netip.Prefix) bool) (netip.Prefix, bool) {
	start := ipv4ToUint(vpc.Addr())
	size := uint64(1) << (32 - bits)
	end := uint64(start) + (uint64(1) << (32 - vpc.Bits()))
	for a := uint64(start); a < end; a += size {
		p := netip.PrefixFrom(uintToIPv4(uint32(a)), bits)
		if free(p) {
			return p, true
		}
	}
	return netip.Prefix{}, false
}

func ipv4ToUint(a netip.Addr) uint32 {
	b := a.As4()
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

func uintToIPv4(v uint32) netip.Addr {
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}

// summarize returns the smallest set of CIDRs covering exactly the given
// ones: covered prefixes are dropped and sibling pairs merged into their
// parent, repeatedly. NACL rules are scarce (20 per direction by default), so
// the isolation rules deny whole tiers with as few entries as possible.
func summarize(prefixes []netip.Prefix) []netip.Prefix {
	set := make([]netip.Prefix, 0, len(prefixes))
	for _, p := range prefixes {
		set = append(set, p.Masked())
	}
	for changed := true; changed; {
		changed = false
		slices.SortFunc(set, comparePrefix)
		set = slices.Compact(set)
		// Drop prefixes contained in an earlier (shorter or equal) one.
		kept := set[:0]
		for _, p := range set {
			if len(kept) > 0 {
				last := kept[len(kept)-1]
				if last.Bits() <= p.Bits() && last.Contains(p.Addr()) {
					changed = true
					continue
				}
			}
			kept = append(kept, p)
		}
		set = kept
		// Merge adjacent siblings.
		var merged []netip.Prefix
		for i := 0; i < len(set); i++ {
			if i+1 < len(set) && set[i].Bits() == set[i+1].Bits() && set[i].Bits() > 0 {
				parent := netip.PrefixFrom(set[i].Addr(), set[i].Bits()-1).Masked()
				if parent.Addr() == set[i].Addr() && parent.Contains(set[i+1].Addr()) {
					merged = append(merged, parent)
					i++
					changed = true
					continue
				}
			}
			merged = append(merged, set[i])
		}
		set = merged
	}
	return set
}

func comparePrefix(a, b netip.Prefix) int {
	if c := a.Addr().Compare(b.Addr()); c != 0 {
		return c
	}
	return a.Bits() - b.Bits()
}

func parseIPv4Prefix(s string) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(strings.TrimSpace(s))
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%q is not a CIDR block (for example 10.0.0.0/16): %w", s, err)
	}
	if !p.Addr().Is4() {
		return netip.Prefix{}, fmt.Errorf("%q is not an IPv4 CIDR block", s)
	}
	return p, nil
}

func prefixStrings(ps []netip.Prefix) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, p.String())
	}
	return out
}

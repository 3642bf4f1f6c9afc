package rules

import (
	"fmt"
	"slices"
)

// Accessors for the provider's data sources and functions
// (commshield_tls_policies, port_is_plaintext, tls_policy_is_approved), so
// that they judge from the same tables as the rule pack rather than copies.

// PlaintextPortSpecs returns the default plaintext/unauthenticated service
// ports of the rule pack ("tcp:23", "udp:161-162", …): the default of the
// plaintext_ports parameter of VUL-R01, CRY-R07 and CFG-R04.
func PlaintextPortSpecs() []string { return slices.Clone(defaultPlaintextPorts()) }

// PlaintextPorts returns PlaintextPortSpecs parsed.
func PlaintextPorts() ([]PortRange, error) {
	ps, err := ParsePortRanges(defaultPlaintextPorts())
	if err != nil {
		return nil, fmt.Errorf("default plaintext ports: %w", err)
	}
	return ps, nil
}

// NormaliseProtocol maps the spellings of a protocol used by security group
// rules and NACLs ("TCP", "6", "-1", "all", …) to "tcp", "udp", "icmp",
// "all" or the lower-cased input.
func NormaliseProtocol(p string) string { return normaliseProtocol(p) }

// PlaintextPortMatch returns the entry of the default plaintext set that
// covers port for protocol (normalised with NormaliseProtocol; "all" matches
// either tcp or udp).
func PlaintextPortMatch(protocol string, port int) (PortRange, bool, error) {
	ps, err := PlaintextPorts()
	if err != nil {
		return PortRange{}, false, err
	}
	proto := normaliseProtocol(protocol)
	for _, p := range ps {
		if (proto == "all" || proto == p.Protocol) && port >= p.From && port <= p.To {
			return p, true, nil
		}
	}
	return PortRange{}, false, nil
}

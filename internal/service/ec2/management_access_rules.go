package ec2

import (
	"cmp"
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/commshield/terraform-provider-commshield/internal/functions"
)

// managementService is one management protocol commshield_management_access
// may open. Every one is encrypted (SSH or TLS); plaintext management
// (telnet, HTTP, SNMPv1/v2c, TFTP, FTP) has no entry and cannot be asked for.
type managementService struct {
	Name string
	Port int32
	Doc  string
}

// managementServices is the closed list of services, an immutable table.
// gNMI has two entries because there are two ports in the field: 9339 is the
// IANA-assigned gNMI port (also gNOI/gRIBI), while Cisco IOS XR and Nokia SR
// OS default to 57400. Operators enable only the one their devices use.
var managementServices = []managementService{
	{Name: "ssh", Port: 22, Doc: "SSH (tcp/22)"},
	{Name: "https", Port: 443, Doc: "HTTPS (tcp/443): web UIs and RESTCONF over TLS"},
	{Name: "netconf", Port: 830, Doc: "NETCONF over SSH (tcp/830, RFC 6242)"},
	{Name: "gnmi", Port: 9339, Doc: "gNMI/gNOI over TLS on the IANA port (tcp/9339)"},
	{Name: "gnmi-57400", Port: 57400, Doc: "gNMI over TLS on tcp/57400, the default of Cisco IOS XR and Nokia SR OS"},
}

// plaintextServiceAdvice maps names people reach for to the encrypted
// replacement, so the diagnostic says what to write instead.
var plaintextServiceAdvice = map[string]string{
	"telnet": `telnet sends credentials in clear text; use "ssh"`,
	"http":   `HTTP is plaintext; use "https"`,
	"snmp":   `SNMP v1/v2c community strings travel in clear text; poll with gNMI ("gnmi") or NETCONF ("netconf") instead`,
	"tftp":   `TFTP is unauthenticated plaintext; copy files over SSH ("ssh")`,
	"ftp":    `FTP is plaintext; copy files over SSH ("ssh")`,
}

func serviceByName(name string) (managementService, bool) {
	i := slices.IndexFunc(managementServices, func(s managementService) bool { return s.Name == name })
	if i < 0 {
		return managementService{}, false
	}
	return managementServices[i], true
}

func serviceNames() []string {
	names := make([]string, len(managementServices))
	for i, s := range managementServices {
		names[i] = s.Name
	}
	return names
}

func validateManagementService(name string) error {
	if _, ok := serviceByName(name); ok {
		return nil
	}
	if advice, ok := plaintextServiceAdvice[strings.ToLower(name)]; ok {
		return fmt.Errorf("%q is not allowed: %s", name, advice)
	}
	return fmt.Errorf("%q is not a management service; choose from %s", name, strings.Join(quoteAll(serviceNames()), ", "))
}

func quoteAll(items []string) []string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = strconv.Quote(s)
	}
	return out
}

// Widest public blocks that may be allow-listed: an operator's NOC or
// jump-host egress range, not a provider's whole allocation.
const (
	maxPublicIPv4PrefixBits = 24
	maxPublicIPv6PrefixBits = 48
)

// validateManagementCIDR judges a source (ingress) or destination (egress)
// CIDR. The whole internet is never allowed; any other public block only
// when it is listed in publicAllowlist and no wider than /24 (IPv4) or /48
// (IPv6). "Public" is the verdict of the cidr_is_public provider function,
// so a module guarding its inputs with that function agrees with this
// resource.
func validateManagementCIDR(cidr string, publicAllowlist []string) error {
	p, err := functions.ParseCIDR(cidr)
	if err != nil {
		return err
	}
	if p.Bits() == 0 {
		return fmt.Errorf("%s is the whole internet; management access is never opened to it. Declare the management network (e.g. 10.0.0.0/16) or a bastion's security group", cidr)
	}
	if !functions.IsPublicCIDR(p) {
		return nil
	}
	if !slices.ContainsFunc(publicAllowlist, func(a string) bool {
		q, err := functions.ParseCIDR(a)
		return err == nil && q == p
	}) {
		return fmt.Errorf("%s contains public (internet-routable) addresses. Management should come from a private out-of-band network; if this really is your NOC's fixed egress range, also list it in public_cidr_allowlist", cidr)
	}
	if limit := publicPrefixLimit(p.Addr()); p.Bits() < limit {
		return fmt.Errorf("%s is allow-listed but wider than /%d; allow-list only the NOC's own egress addresses", cidr, limit)
	}
	return nil
}

func publicPrefixLimit(a netip.Addr) int {
	if a.Is4() {
		return maxPublicIPv4PrefixBits
	}
	return maxPublicIPv6PrefixBits
}

var securityGroupIDPattern = regexp.MustCompile(`^sg-[0-9a-f]{8,17}$`)

func validateSecurityGroupID(id string) error {
	if !securityGroupIDPattern.MatchString(id) {
		return fmt.Errorf("%q is not a security group ID (sg- followed by 8 or 17 hex digits)", id)
	}
	return nil
}

// validateEgress judges one egress entry: TCP or UDP to a single port, never
// a plaintext protocol of the rule pack's set (the same set as the
// port_is_plaintext function), destinations as for validateManagementCIDR.
func validateEgress(e egressSpec, publicAllowlist []string) []error {
	var errs []error
	if e.Protocol != "tcp" && e.Protocol != "udp" {
		errs = append(errs, fmt.Errorf("protocol %q: egress is limited to \"tcp\" or \"udp\" to one port; all-protocol egress is what this resource exists to prevent", e.Protocol))
	}
	if e.Port < 1 || e.Port > 65535 {
		errs = append(errs, fmt.Errorf("port %d is out of range 1-65535", e.Port))
	} else if e.Protocol == "tcp" || e.Protocol == "udp" {
		plain, err := functions.IsPlaintextPort(e.Protocol, int64(e.Port))
		switch {
		case err != nil:
			errs = append(errs, err)
		case plain:
			errs = append(errs, fmt.Errorf("%s/%d is a plaintext protocol (see the port_is_plaintext function); use its encrypted form, e.g. syslog over TLS on tcp/6514 instead of udp/514, or SSH file copy instead of TFTP", e.Protocol, e.Port))
		}
	}
	if len(e.CIDRs) == 0 {
		errs = append(errs, fmt.Errorf("cidr_blocks is empty: name the management servers (AAA, syslog, NTP, telemetry collectors) this egress reaches"))
	}
	for _, c := range e.CIDRs {
		if err := validateManagementCIDR(c, publicAllowlist); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// accessSpec is what the configuration asks for.
type accessSpec struct {
	Services       []string
	SourceCIDRs    []string
	SourceGroupIDs []string
	Egress         []egressSpec
}

type egressSpec struct {
	Protocol    string
	Port        int32
	CIDRs       []string
	Description string
}

// Directions of a permission.
const (
	dirIngress = "ingress"
	dirEgress  = "egress"
)

// permission is one security group rule with a single peer, the unit both
// the plan and AWS's DescribeSecurityGroupRules speak in.
type permission struct {
	Direction   string
	Protocol    string // "tcp", "udp", "icmp", "-1" (all) …
	FromPort    int32
	ToPort      int32
	Peer        string // CIDR, sg-…, or pl-…
	Description string
}

// String is the rule as shown in ingress_rules / egress_rules and the key
// that desired and actual rules are matched on (descriptions are not part
// of it, so a reworded description is not a rule change).
func (p permission) String() string {
	arrow := "from"
	if p.Direction == dirEgress {
		arrow = "to"
	}
	var ports string
	switch {
	case p.Protocol == "-1":
		return fmt.Sprintf("all %s %s", arrow, p.Peer)
	case p.FromPort == p.ToPort:
		ports = strconv.Itoa(int(p.FromPort))
	default:
		ports = fmt.Sprintf("%d-%d", p.FromPort, p.ToPort)
	}
	return fmt.Sprintf("%s/%s %s %s", p.Protocol, ports, arrow, p.Peer)
}

// desiredPermissions expands the spec: every service from every source,
// every egress port to every destination. Sorted by String.
func desiredPermissions(s accessSpec) []permission {
	var out []permission
	for _, name := range s.Services {
		svc, ok := serviceByName(name)
		if !ok {
			continue // refused at plan time
		}
		for _, peer := range slices.Concat(s.SourceCIDRs, s.SourceGroupIDs) {
			out = append(out, permission{Direction: dirIngress, Protocol: "tcp", FromPort: svc.Port, ToPort: svc.Port, Peer: canonicalPeer(peer), Description: "commshield management: " + svc.Name})
		}
	}
	for _, e := range s.Egress {
		for _, c := range e.CIDRs {
			out = append(out, permission{Direction: dirEgress, Protocol: e.Protocol, FromPort: e.Port, ToPort: e.Port, Peer: canonicalPeer(c), Description: e.Description})
		}
	}
	return sortPermissions(out)
}

// canonicalPeer writes a CIDR the way AWS returns it (host bits cleared) so
// that 10.0.0.1/8 in the configuration matches 10.0.0.0/8 read back.
func canonicalPeer(peer string) string {
	if p, err := functions.ParseCIDR(peer); err == nil {
		return p.String()
	}
	return peer
}

func sortPermissions(ps []permission) []permission {
	slices.SortFunc(ps, func(a, b permission) int {
		return cmp.Or(cmp.Compare(a.Direction, b.Direction), cmp.Compare(a.String(), b.String()))
	})
	return slices.CompactFunc(ps, func(a, b permission) bool { return a.Direction == b.Direction && a.String() == b.String() })
}

// permissionsFromRules converts AWS's rules (one peer each) to permissions.
func permissionsFromRules(rules []ec2types.SecurityGroupRule) []permission {
	out := make([]permission, 0, len(rules))
	for _, r := range rules {
		p := permission{
			Direction:   dirIngress,
			Protocol:    aws.ToString(r.IpProtocol),
			FromPort:    aws.ToInt32(r.FromPort),
			ToPort:      aws.ToInt32(r.ToPort),
			Description: aws.ToString(r.Description),
		}
		if aws.ToBool(r.IsEgress) {
			p.Direction = dirEgress
		}
		switch {
		case r.CidrIpv4 != nil:
			p.Peer = canonicalPeer(*r.CidrIpv4)
		case r.CidrIpv6 != nil:
			p.Peer = canonicalPeer(*r.CidrIpv6)
		case r.ReferencedGroupInfo != nil:
			p.Peer = aws.ToString(r.ReferencedGroupInfo.GroupId)
		case r.PrefixListId != nil:
			p.Peer = *r.PrefixListId
		}
		out = append(out, p)
	}
	return sortPermissions(out)
}

// diffPermissions returns what to authorize and what to revoke to turn
// have into want.
func diffPermissions(want, have []permission) (add, remove []permission) {
	key := func(p permission) string { return p.Direction + " " + p.String() }
	haveKeys := map[string]bool{}
	for _, p := range have {
		haveKeys[key(p)] = true
	}
	wantKeys := map[string]bool{}
	for _, p := range want {
		wantKeys[key(p)] = true
		if !haveKeys[key(p)] {
			add = append(add, p)
		}
	}
	for _, p := range have {
		if !wantKeys[key(p)] {
			remove = append(remove, p)
		}
	}
	return add, remove
}

// ipPermissions renders permissions as the EC2 API's IpPermissions, one
// entry per rule (AWS merges them by protocol and ports itself).
func ipPermissions(ps []permission) []ec2types.IpPermission {
	out := make([]ec2types.IpPermission, 0, len(ps))
	for _, p := range ps {
		ip := ec2types.IpPermission{IpProtocol: aws.String(p.Protocol)}
		if p.Protocol != "-1" {
			ip.FromPort, ip.ToPort = aws.Int32(p.FromPort), aws.Int32(p.ToPort)
		}
		desc := aws.String(p.Description)
		if p.Description == "" {
			desc = nil
		}
		switch {
		case strings.HasPrefix(p.Peer, "sg-"):
			ip.UserIdGroupPairs = []ec2types.UserIdGroupPair{{GroupId: aws.String(p.Peer), Description: desc}}
		case strings.HasPrefix(p.Peer, "pl-"):
			ip.PrefixListIds = []ec2types.PrefixListId{{PrefixListId: aws.String(p.Peer), Description: desc}}
		case strings.Contains(p.Peer, ":"):
			ip.Ipv6Ranges = []ec2types.Ipv6Range{{CidrIpv6: aws.String(p.Peer), Description: desc}}
		default:
			ip.IpRanges = []ec2types.IpRange{{CidrIp: aws.String(p.Peer), Description: desc}}
		}
		out = append(out, ip)
	}
	return out
}

// specFromPermissions reconstructs the configuration from AWS's rules, for
// import. Ingress on a known service port becomes services × sources;
// egress is grouped by protocol, port and description. Rules that fit no
// service (tcp/23, all protocols) are left out here: they still appear in
// ingress_rules/egress_rules, so the first plan after import removes them.
func specFromPermissions(ps []permission) accessSpec {
	var spec accessSpec
	services, cidrs, groups := map[string]bool{}, map[string]bool{}, map[string]bool{}
	type egressKey struct {
		protocol, description string
		port                  int32
	}
	egress := map[egressKey][]string{}
	for _, p := range ps {
		switch p.Direction {
		case dirIngress:
			i := slices.IndexFunc(managementServices, func(s managementService) bool {
				return p.Protocol == "tcp" && p.FromPort == s.Port && p.ToPort == s.Port
			})
			if i < 0 {
				continue
			}
			services[managementServices[i].Name] = true
			if strings.HasPrefix(p.Peer, "sg-") {
				groups[p.Peer] = true
			} else {
				cidrs[p.Peer] = true
			}
		case dirEgress:
			if (p.Protocol != "tcp" && p.Protocol != "udp") || p.FromPort != p.ToPort {
				continue
			}
			k := egressKey{protocol: p.Protocol, port: p.FromPort, description: p.Description}
			egress[k] = append(egress[k], p.Peer)
		}
	}
	spec.Services = sortedKeys(services)
	spec.SourceCIDRs = sortedKeys(cidrs)
	spec.SourceGroupIDs = sortedKeys(groups)
	for k, peers := range egress {
		slices.Sort(peers)
		spec.Egress = append(spec.Egress, egressSpec{Protocol: k.protocol, Port: k.port, CIDRs: peers, Description: k.description})
	}
	slices.SortFunc(spec.Egress, func(a, b egressSpec) int {
		return cmp.Or(cmp.Compare(a.Protocol, b.Protocol), cmp.Compare(a.Port, b.Port), cmp.Compare(a.Description, b.Description))
	})
	return spec
}

func permissionStrings(ps []permission, direction string) []string {
	out := []string{}
	for _, p := range ps {
		if p.Direction == direction {
			out = append(out, p.String())
		}
	}
	return out
}

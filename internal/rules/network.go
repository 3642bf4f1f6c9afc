package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/commshield/terraform-provider-commshield/internal/plan"
)

// networkRules are the NET-Rxx network and traffic rules (guidance §3.4).
func networkRules() []*Rule {
	return slices.Concat(networkSeedRules(), networkPackRules())
}

// networkSeedRules are the first network rules: admin ports open to the
// internet (NET-R01), default security groups (NET-R06), public endpoints
// (NET-R14) and S3 public access blocks (NET-R16).
func networkSeedRules() []*Rule {
	return []*Rule{
		{
			Metadata: Metadata{
				ID:                  "NET-R01",
				Title:               "No administrative port is open to the internet",
				Severity:            SeverityCritical,
				Kind:                KindResource,
				Controls:            []string{"NET-04", "NET-12", "VUL-01"},
				AWSConfigRules:      []string{"restricted-ssh", "restricted-common-ports", "vpc-sg-port-restriction-check"},
				SecurityHubControls: []string{"EC2.13", "EC2.14", "EC2.53", "EC2.54", "EC2.19"},
				ResourceTypes:       SecurityGroupTypes,
				Rationale: "Salt Typhoon reached carrier routers through management services exposed to the internet. " +
					"The guidance limits management traffic to an enforced path from dedicated admin networks.",
				Remediation: "Restrict the rule's source to the management CIDRs (or a management security group), or reach " +
					"instances through SSM Session Manager / EC2 Instance Connect Endpoint instead of open ports.",
				RemediationHCL: `resource "aws_vpc_security_group_ingress_rule" "ssh" {
  security_group_id = aws_security_group.bastion.id
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = var.management_cidr # never 0.0.0.0/0
}`,
				Params: []Param{{
					Name:        "admin_ports",
					Description: "management ports, as tcp:PORT, udp:PORT or PROTO:FROM-TO",
					Default:     []string{"tcp:22", "tcp:23", "tcp:830", "tcp:3389", "tcp:5985-5986", "tcp:9339", "tcp:57400", "udp:161-162"},
					Check:       checkPortRanges,
				}},
			},
			CheckResource: checkAdminPortsFromInternet,
		},
		{
			Metadata: Metadata{
				ID:                  "NET-R06",
				Title:               "Default security group has no rules",
				Severity:            SeverityMedium,
				Kind:                KindResource,
				Controls:            []string{"NET-06"},
				AWSConfigRules:      []string{"vpc-default-security-group-closed"},
				SecurityHubControls: []string{"EC2.2"},
				ResourceTypes:       []string{"aws_default_security_group"},
				Rationale: "The guidance asks for strict default-deny ACLs. Resources launched without an explicit security " +
					"group land in the default one; if it allows traffic, forgotten resources are reachable.",
				Remediation: "Adopt the default security group with aws_default_security_group and declare no ingress or egress blocks.",
				RemediationHCL: `resource "aws_default_security_group" "default" {
  vpc_id = aws_vpc.main.id
  # no ingress, no egress: deny everything
}`,
			},
			CheckResource: checkDefaultSGClosed,
		},
		{
			Metadata: Metadata{
				ID:                  "NET-R14",
				Title:               "Databases and brokers are not publicly accessible",
				Severity:            SeverityHigh,
				Kind:                KindResource,
				Controls:            []string{"NET-02", "NET-09"},
				AWSConfigRules:      []string{"rds-instance-public-access-check", "redshift-cluster-public-access-check", "dms-replication-not-public"},
				SecurityHubControls: []string{"RDS.2", "Redshift.1", "DMS.1"},
				ResourceTypes:       publicAccessTypes(),
				Rationale: "Only assets that must face the internet should; a database with a public endpoint is one " +
					"credential away from compromise.",
				Remediation: "Set publicly_accessible = false and reach the service through private subnets, VPN or Direct Connect.",
				RemediationHCL: `resource "aws_db_instance" "main" {
  # …
  publicly_accessible = false
}`,
			},
			CheckResource: checkPubliclyAccessible,
		},
		{
			Metadata: Metadata{
				ID:                  "NET-R16",
				Title:               "S3 bucket has a complete public access block",
				Severity:            SeverityHigh,
				Kind:                KindCross,
				Controls:            []string{"NET-02"},
				AWSConfigRules:      []string{"s3-bucket-level-public-access-prohibited", "s3-bucket-public-read-prohibited", "s3-bucket-public-write-prohibited"},
				SecurityHubControls: []string{"S3.8"},
				ResourceTypes:       []string{"aws_s3_bucket"},
				Rationale: "A bucket-level public access block keeps a later ACL or policy mistake from publishing logs, " +
					"configurations or subscriber data.",
				Remediation: "Add an aws_s3_bucket_public_access_block for the bucket with all four flags set to true, or an " +
					"aws_s3_account_public_access_block with all four flags (or declare s3_account_public_access_block provided elsewhere).",
				RemediationHCL: `resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}`,
			},
			CheckResource: checkBucketPublicAccessBlock,
		},
	}
}

func checkAdminPortsFromInternet(ev *Evaluation, r *plan.Resource) []Finding {
	adminPorts, err := ParsePortRanges(ev.Strings("admin_ports"))
	if err != nil {
		panic(err) // Param.Check rejected this at config load
	}
	var out []Finding
	for _, rule := range seedSGRules(r) {
		if !rule.Ingress {
			continue
		}
		open := rule.OpenToInternet()
		exposed := rule.Exposes(adminPorts)
		switch {
		case rule.UnknownField != "" && len(exposed) > 0 && (len(open) > 0 || len(rule.CIDRs) == 0):
			out = append(out, Undecidable(r, rule.UnknownField,
				"%s is known only after apply; the rule may open an administrative port to the internet", rule.UnknownField))
		case len(open) > 0 && len(exposed) > 0 && rule.Sensitive:
			out = append(out, Fail(r, rule.Attribute, "an ingress rule with sensitive values opens an administrative port to the internet"))
		case len(open) > 0 && len(exposed) > 0:
			out = append(out, Fail(r, rule.Attribute, "ingress from %s reaches administrative port %s",
				strings.Join(open, ", "), describePorts(exposed)))
		}
	}
	if len(out) == 0 {
		return []Finding{Pass(r, "no ingress opens an administrative port to the internet")}
	}
	return out
}

func describePorts(ps []PortRange) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.String()
	}
	return strings.Join(names, ", ")
}

func checkDefaultSGClosed(_ *Evaluation, r *plan.Resource) []Finding {
	var out []Finding
	for _, rule := range seedSGRules(r) {
		if rule.UnknownField != "" {
			out = append(out, Undecidable(r, rule.UnknownField, "the default security group's %s is known only after apply", rule.UnknownField))
			continue
		}
		dir := "ingress"
		if !rule.Ingress {
			dir = "egress"
		}
		out = append(out, Fail(r, rule.Attribute, "the default security group allows %s (%s)", dir, describeSGRule(rule)))
	}
	if len(out) == 0 {
		return []Finding{Pass(r, "the default security group has no rules")}
	}
	return out
}

func describeSGRule(s SGRule) string {
	if s.Sensitive {
		return "a rule whose values are sensitive"
	}
	ports := fmt.Sprintf("%s/%d-%d", s.Protocol, s.FromPort, s.ToPort)
	if s.Protocol == "all" {
		ports = "all protocols"
	}
	peers := "security groups or prefix lists"
	if len(s.CIDRs) > 0 {
		peers = strings.Join(s.CIDRs, ", ")
	}
	return ports + " with " + peers
}

// publicAccess says where each type records public reachability and what
// an unset value means.
type publicAccess struct {
	attribute string
	// unsetIsPublic is true where the provider default is (or was, in
	// provider versions still in use) a public endpoint.
	unsetIsPublic bool
}

var publicAccessByType = map[string]publicAccess{
	"aws_db_instance":              {attribute: "publicly_accessible"},
	"aws_rds_cluster_instance":     {attribute: "publicly_accessible"},
	"aws_redshift_cluster":         {attribute: "publicly_accessible", unsetIsPublic: true},
	"aws_dms_replication_instance": {attribute: "publicly_accessible"},
	"aws_mq_broker":                {attribute: "publicly_accessible"},
}

func publicAccessTypes() []string {
	return []string{"aws_db_instance", "aws_dms_replication_instance", "aws_mq_broker", "aws_rds_cluster_instance", "aws_redshift_cluster"}
}

func checkPubliclyAccessible(_ *Evaluation, r *plan.Resource) []Finding {
	pa := publicAccessByType[r.Type]
	public, st := Bool(At(r.Value(), pa.attribute))
	switch {
	case st == AfterApply:
		return []Finding{Undecidable(r, pa.attribute, "%s is known only after apply", pa.attribute)}
	case st == Null && pa.unsetIsPublic:
		return []Finding{Fail(r, pa.attribute, "%s is unset; older provider versions default to a public endpoint: set it to false", pa.attribute)}
	case public:
		return []Finding{Fail(r, pa.attribute, "%s is true: the endpoint resolves to a public address", pa.attribute)}
	}
	return []Finding{Pass(r, "not publicly accessible")}
}

var publicAccessBlockFlags = []string{"block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"}

func checkBucketPublicAccessBlock(ev *Evaluation, bucket *plan.Resource) []Finding {
	// The account-level block overrides every bucket's own settings: with
	// all four flags on there, no bucket of the account can be made public.
	if ev.ProvidedElsewhere("s3_account_public_access_block") {
		return []Finding{Pass(bucket, "the account-level S3 public access block is provided elsewhere (provided_elsewhere: s3_account_public_access_block)")}
	}
	if acct := csBaselineOn(ev.Plan, csPartPublicAccess); acct != nil {
		return []Finding{Pass(bucket, "the account-level public access block of %s sets all four flags", acct.Address)}
	}
	for _, acct := range liveResources(ev.Plan, "aws_s3_account_public_access_block") {
		if allPublicAccessFlagsOn(acct) {
			return []Finding{Pass(bucket, "account-level public access block %s sets all four flags", acct.Address)}
		}
	}
	refs := ev.Plan.ReferrersOf(bucket, "aws_s3_bucket_public_access_block", "bucket")
	var incomplete []Finding
	var unknown []Finding
	for _, t := range refs.Matched {
		pab := t.Resource
		if pab.Deleted() {
			continue
		}
		var off, pending []string
		for _, flag := range publicAccessBlockFlags {
			on, st := Bool(At(pab.Value(), flag))
			switch {
			case st == AfterApply:
				pending = append(pending, flag)
			case !on:
				off = append(off, flag)
			}
		}
		switch {
		case len(off) == 0 && len(pending) == 0:
			f := Pass(bucket, "public access block %s sets all four flags", pab.Address)
			f.Chain = t.Chain
			return []Finding{f}
		case len(off) > 0:
			f := Fail(bucket, "", "public access block %s leaves %s off", pab.Address, strings.Join(off, ", "))
			f.Chain = t.Chain
			incomplete = append(incomplete, f)
		default:
			f := Undecidable(pab, pending[0], "public access block %s: %s known only after apply", pab.Address, strings.Join(pending, ", "))
			f.Address, f.Chain = bucket.Address, t.Chain
			unknown = append(unknown, f)
		}
	}
	switch {
	case len(unknown) > 0:
		return unknown[:1]
	case len(incomplete) > 0:
		return incomplete[:1]
	}
	for _, pab := range refs.Undetermined {
		if !pab.Deleted() {
			f := Undecidable(pab, "bucket", "public access block %s may cover this bucket, but its bucket is known only after apply", pab.Address)
			f.Address = bucket.Address
			return []Finding{f}
		}
	}
	return []Finding{Fail(bucket, "", "no aws_s3_bucket_public_access_block in this plan references the bucket")}
}

// allPublicAccessFlagsOn reports whether a public access block (bucket or
// account level) has all four flags known to be true.
func allPublicAccessFlagsOn(pab *plan.Resource) bool {
	for _, flag := range publicAccessBlockFlags {
		if on, st := Bool(At(pab.Value(), flag)); st != Known || !on {
			return false
		}
	}
	return true
}

// seedSGRules is sgRulesOf (which rebuilds a wholly unknown inline block
// list from its configuration blocks) that also keeps the unknown list when
// the configuration sets it with an expression instead of blocks
// (ingress = [ … references … ]): there are no blocks to rebuild from, and
// dropping the list would turn "unknown" into "no rules", a false pass.
func seedSGRules(r *plan.Resource) []SGRule {
	all := SGRules(r)
	out := sgRulesFrom(r, all)
	if r.Config == nil {
		return out
	}
	for _, rule := range all {
		if rule.UnknownField == "" || rule.UnknownField != rule.Attribute {
			continue
		}
		if e := r.Config.Expressions[rule.Attribute]; e != nil && len(e.Blocks) == 0 {
			out = append(out, rule)
		}
	}
	return out
}

// Parameters shared by several network rules: the engine applies a value
// given by name to every rule declaring it, so they are declared identically.
var (
	adminPortsParam = Param{
		Name:        "admin_ports",
		Description: "management ports, as tcp:PORT, udp:PORT or PROTO:FROM-TO",
		Default:     []string{"tcp:22", "tcp:23", "tcp:830", "tcp:3389", "tcp:5985-5986", "tcp:9339", "tcp:57400", "udp:161-162"},
		Check:       checkPortRanges,
	}
	managementTagsParam = Param{
		Name:        "management_sg_tags",
		Description: "tags (key=value, or key for any value) marking management-zone security groups",
		Default:     []string{"zone=mgmt"},
	}
	managementCIDRsParam = Param{
		Name:        "management_cidrs",
		Description: "CIDR ranges of the management network (admin workstations, jump hosts); empty means only management security groups qualify",
		Default:     []string{},
	}
	managementPrefixListsParam = Param{
		Name:        "management_prefix_lists",
		Description: "prefix-list IDs that hold only management ranges",
		Default:     []string{},
	}
	publicTierTagsParam = Param{
		Name:        "public_tier_tags",
		Description: "tags (key=value or key) marking DMZ / public-tier subnets, VPCs and edge hosts",
		Default:     []string{"tier=dmz", "tier=public", "zone=dmz"},
	}
	approvalTagsParam = Param{
		Name:        "public_ip_approval_tags",
		Description: "tags (key=value or key) that approve a public IP on a compute resource",
		Default:     []string{"commshield:public-ip=approved"},
	}
)

// networkPackRules are the network and traffic rules NET-R02 … NET-R30 of
// guidance §3.4, except the seeds above (NET-R01/R06/R14/R16).
func networkPackRules() []*Rule {
	return []*Rule{
		{
			Metadata: Metadata{
				ID:            "NET-R02",
				Title:         "Administrative ports are reachable only from the management network",
				Severity:      SeverityHigh,
				Kind:          KindResource,
				Controls:      []string{"NET-05", "NET-12", "NET-14"},
				ResourceTypes: sgIngressTypes,
				Rationale: "The guidance wants devices managed only from trusted devices on a dedicated management " +
					"network, with VTY-style access lists that stop lateral movement.",
				Remediation: "Allow admin ports only from the management security group (tagged zone=mgmt), a CIDR inside " +
					"management_cidrs, or a management prefix list.",
				RemediationHCL: `resource "aws_vpc_security_group_ingress_rule" "ssh_from_mgmt" {
  security_group_id            = aws_security_group.router.id
  referenced_security_group_id = aws_security_group.mgmt.id
  ip_protocol                  = "tcp"
  from_port                    = 22
  to_port                      = 22
}`,
				Params: []Param{adminPortsParam, managementTagsParam, managementCIDRsParam, managementPrefixListsParam},
			},
			CheckResource: checkAdminFromManagement,
		},
		{
			Metadata: Metadata{
				ID:            "NET-R03",
				Title:         "No device-to-device administration inside a security group",
				Severity:      SeverityMedium,
				Kind:          KindResource,
				Controls:      []string{"NET-05", "NET-14"},
				ResourceTypes: sgIngressTypes,
				Rationale: "A self-referencing rule on an admin port lets any compromised member manage every other " +
					"member: the lateral management the guidance forbids.",
				Remediation: "Remove self-referencing admin-port rules; allow admin ports only from the management group.",
				RemediationHCL: `resource "aws_security_group" "routers" {
  name   = "routers"
  vpc_id = aws_vpc.core.id
  ingress {
    protocol        = "tcp"
    from_port       = 830
    to_port         = 830
    security_groups = [aws_security_group.mgmt.id] # not self = true
  }
}`,
				Params: []Param{adminPortsParam, managementTagsParam},
			},
			CheckResource: checkNoSelfAdmin,
		},
		{
			Metadata: Metadata{
				ID:                  "NET-R04",
				Title:               "Internet ingress only to authorized ports on edge security groups",
				Severity:            SeverityHigh,
				Kind:                KindResource,
				Controls:            []string{"NET-02", "NET-06", "VUL-02"},
				AWSConfigRules:      []string{"vpc-sg-open-only-to-authorized-ports"},
				SecurityHubControls: []string{"EC2.18"},
				ResourceTypes:       sgIngressTypes,
				Rationale: "Decide what must face the internet and remove the rest: only the published service ports, " +
					"and only on the load balancers or edge hosts that publish them.",
				Remediation: "Open only the authorized ports to the internet and only on security groups of internet-facing " +
					"load balancers or tagged edge resources; put workloads behind them.",
				RemediationHCL: `resource "aws_vpc_security_group_ingress_rule" "https" {
  security_group_id = aws_security_group.public_alb.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}`,
				Params: []Param{
					{Name: "internet_allowed_ports", Description: "ports that may be open to the internet", Default: []string{"tcp:80", "tcp:443"}, Check: checkPortRanges},
					{Name: "internet_edge_sg_tags", Description: "tags (key=value or key) marking edge security groups allowed to accept internet traffic", Default: []string{"tier=edge", "zone=dmz"}},
				},
			},
			CheckResource: checkInternetIngressAuthorized,
		},
		{
			Metadata: Metadata{
				ID:            "NET-R05",
				Title:         "Egress is restricted: no open internet egress from workloads, no outbound admin sessions",
				Severity:      SeverityMedium,
				Kind:          KindResource,
				Controls:      []string{"NET-06", "NET-15"},
				ResourceTypes: sgEgressTypes,
				Rationale: "Default-deny applies outbound too, and devices should not open admin sessions to other " +
					"devices; unrestricted egress is how implants reach their controllers.",
				Remediation: "Replace all-protocol internet egress with the destinations and ports the workload needs (or " +
					"route through a tagged egress tier); drop egress rules to admin ports from workload groups.",
				RemediationHCL: `resource "aws_vpc_security_group_egress_rule" "https_to_proxy" {
  security_group_id            = aws_security_group.app.id
  referenced_security_group_id = aws_security_group.egress_proxy.id
  ip_protocol                  = "tcp"
  from_port                    = 3128
  to_port                      = 3128
}`,
				Params: []Param{adminPortsParam, managementTagsParam,
					{Name: "egress_tier_tags", Description: "tags (key=value or key) marking NAT/proxy security groups allowed all-protocol internet egress", Default: []string{"tier=egress"}}},
			},
			CheckResource: checkEgressRestricted,
		},
		{
			Metadata: Metadata{
				ID:                  "NET-R07",
				Title:               "Every VPC adopts its default security group",
				Severity:            SeverityMedium,
				Kind:                KindCross,
				Controls:            []string{"NET-06"},
				AWSConfigRules:      []string{"vpc-default-security-group-closed"},
				SecurityHubControls: []string{"EC2.2"},
				ResourceTypes:       []string{"aws_vpc"}, // reads aws_default_security_group
				Rationale: "A new VPC's default security group allows all traffic between its members and all egress; " +
					"unless Terraform adopts it (and NET-R06 closes it), it stays open.",
				Remediation: "Add an aws_default_security_group with vpc_id = the VPC and no rules.",
				RemediationHCL: `resource "aws_default_security_group" "main" {
  vpc_id = aws_vpc.main.id
}`,
			},
			CheckResource: checkVPCDefaultSGAdopted,
		},
		{
			Metadata: Metadata{
				ID:                  "NET-R08",
				Title:               "Network ACLs do not admit the internet to admin ports or all ports",
				Severity:            SeverityHigh,
				Kind:                KindResource,
				Controls:            []string{"NET-06", "NET-12"},
				AWSConfigRules:      []string{"nacl-no-unrestricted-ssh-rdp"},
				SecurityHubControls: []string{"EC2.21"},
				ResourceTypes:       NACLTypes,
				Rationale: "Stateless subnet ACLs are the second, independent filter the guidance asks for; one that allows " +
					"the internet to admin ports or everything adds no depth.",
				Remediation: "Deny admin ports from 0.0.0.0/0 and ::/0 with a lower rule number, and allow only the service " +
					"ports the subnet publishes.",
				RemediationHCL: `resource "aws_network_acl_rule" "https_in" {
  network_acl_id = aws_network_acl.dmz.id
  rule_number    = 100
  egress         = false
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 443
  to_port        = 443
}`,
				Params: []Param{adminPortsParam},
			},
			CheckResource: checkNACLInternetIngress,
		},
		{
			Metadata: Metadata{
				ID:            "NET-R09",
				Title:         "Every VPC adopts its default network ACL and it does not allow everything",
				Severity:      SeverityMedium,
				Kind:          KindCross,
				Controls:      []string{"NET-06"},
				ResourceTypes: []string{"aws_vpc"}, // reads aws_default_network_acl
				Rationale: "The default network ACL allows all traffic both ways and covers every subnet not given another " +
					"ACL; default-deny means adopting it and closing it.",
				Remediation: "Add an aws_default_network_acl with default_network_acl_id = aws_vpc.X.default_network_acl_id " +
					"and only the entries needed (none, to deny everything).",
				RemediationHCL: `resource "aws_default_network_acl" "main" {
  default_network_acl_id = aws_vpc.main.default_network_acl_id
  # no ingress/egress blocks: deny all
}`,
			},
			CheckResource: checkDefaultNACL,
		},
		{
			Metadata: Metadata{
				ID:                  "NET-R10",
				Title:               "Subnets do not hand out public addresses unless they are DMZ subnets",
				Severity:            SeverityMedium,
				Kind:                KindResource,
				Controls:            []string{"NET-02", "NET-10"},
				AWSConfigRules:      []string{"subnet-auto-assign-public-ip-disabled"},
				SecurityHubControls: []string{"EC2.15"},
				ResourceTypes:       []string{"aws_subnet"},
				Rationale: "Auto-assigned public addresses make every instance launched in the subnet internet-reachable; " +
					"externally facing services belong in a tagged DMZ.",
				Remediation: "Set map_public_ip_on_launch = false and assign_ipv6_address_on_creation = false, or tag the " +
					"subnet as DMZ/public tier.",
				RemediationHCL: `resource "aws_subnet" "app" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.0.10.0/24"
  map_public_ip_on_launch = false
}`,
				Params: []Param{publicTierTagsParam},
			},
			CheckResource: checkSubnetPublicIP,
		},
		{
			Metadata: Metadata{
				ID:                  "NET-R11",
				Title:               "Compute resources get no public IP unless approved",
				Severity:            SeverityHigh,
				Kind:                KindResource,
				Controls:            []string{"NET-02", "NET-10", "NET-19"},
				AWSConfigRules:      []string{"ec2-instance-no-public-ip", "ec2-launch-template-public-ip-disabled", "autoscaling-launch-config-public-ip-disabled", "eip-attached"},
				SecurityHubControls: []string{"EC2.9", "EC2.25", "AutoScaling.5", "ECS.2"},
				ResourceTypes: []string{"aws_ecs_service", "aws_eip", "aws_eip_association", "aws_instance",
					"aws_launch_configuration", "aws_launch_template"},
				Rationale: "Every public address is an exposed asset to watch; the guidance asks to decide which assets face " +
					"the internet and remove the rest.",
				Remediation: "Do not associate public addresses with instances, tasks or templates; publish through load " +
					"balancers, or tag the resource as approved after review.",
				RemediationHCL: `resource "aws_instance" "app" {
  # …
  associate_public_ip_address = false
}`,
				Params: []Param{approvalTagsParam},
			},
			CheckResource: checkComputePublicIP,
		},
		{
			Metadata: Metadata{
				ID:             "NET-R12",
				Title:          "Only edge resources live in internet-routed subnets",
				Severity:       SeverityHigh,
				Kind:           KindCross,
				Controls:       []string{"NET-09", "NET-10"},
				AWSConfigRules: []string{"no-unrestricted-route-to-igw"},
				ResourceTypes: []string{"aws_db_subnet_group", "aws_eks_node_group", "aws_elasticache_subnet_group",
					"aws_instance", "aws_redshift_subnet_group"},
				Rationale: "Externally facing services belong in a DMZ separated from back ends; databases, caches, nodes " +
					"and plain instances in a subnet routed to an internet gateway are one rule away from exposure.",
				Remediation: "Place the resource in private subnets (routed through NAT or not at all); keep IGW-routed subnets " +
					"for load balancers, NAT gateways and firewall endpoints.",
				RemediationHCL: `resource "aws_db_subnet_group" "main" {
  name       = "main"
  subnet_ids = aws_subnet.private[*].id # not the public subnets
}`,
				Params: []Param{{Name: "edge_host_tags", Description: "tags (key=value or key) marking instances allowed in IGW-routed subnets", Default: []string{"tier=edge"}}},
			},
			CheckResource: checkInternetRoutedPlacement,
		},
		{
			Metadata: Metadata{
				ID:                  "NET-R13",
				Title:               "Internet gateways only on internet-allowed VPCs; VPC Block Public Access on",
				Severity:            SeverityHigh,
				Kind:                KindCross,
				Controls:            []string{"NET-02", "NET-04", "NET-09"},
				AWSConfigRules:      []string{"internet-gateway-authorized-vpc-only", "ec2-vpc-bpa-internet-gateway-blocked"},
				SecurityHubControls: []string{"EC2.172"},
				ResourceTypes: []string{"aws_internet_gateway", "aws_internet_gateway_attachment", "aws_vpc_block_public_access_exclusion",
					"aws_vpc_block_public_access_options"},
				Rationale: "Every internet gateway is a boundary crossing; the guidance asks to map and limit ingress/egress " +
					"points, and VPC Block Public Access enforces that account-wide.",
				Remediation: "Attach internet gateways only to VPCs tagged as internet-allowed, set " +
					"internet_gateway_block_mode to block-bidirectional or block-ingress, and exclude only DMZ VPCs/subnets.",
				RemediationHCL: `resource "aws_vpc_block_public_access_options" "this" {
  internet_gateway_block_mode = "block-bidirectional"
}`,
				Params: []Param{
					{Name: "internet_vpc_tags", Description: "tags (key=value or key) marking VPCs allowed an internet gateway", Default: []string{"commshield:internet=allowed"}},
					publicTierTagsParam,
				},
			},
			CheckResource: checkInternetGatewayPlacement,
		},
		{
			Metadata: Metadata{
				ID:                  "NET-R15",
				Title:               "Kubernetes and function endpoints are not open to the internet",
				Severity:            SeverityHigh,
				Kind:                KindResource,
				Controls:            []string{"NET-04", "NET-12"},
				AWSConfigRules:      []string{"eks-endpoint-no-public-access", "lambda-function-public-access-prohibited"},
				SecurityHubControls: []string{"EKS.1", "Lambda.1"},
				ResourceTypes:       []string{"aws_eks_cluster", "aws_lambda_function_url", "aws_lambda_permission"},
				Rationale: "A cluster API or function URL open to the internet is a management interface exposed to anyone; " +
					"the guidance asks for management only over an enforced path.",
				Remediation: "Make the EKS endpoint private (or restrict public_access_cidrs), require AWS_IAM on function " +
					"URLs, and scope Lambda permissions with source_arn/source_account.",
				RemediationHCL: `resource "aws_eks_cluster" "core" {
  # …
  vpc_config {
    subnet_ids              = aws_subnet.private[*].id
    endpoint_private_access = true
    endpoint_public_access  = false
  }
}`,
			},
			CheckResource: checkManagedEndpointsPrivate,
		},
		{
			Metadata: Metadata{
				ID:                  "NET-R17",
				Title:               "Images, snapshots and documents are not shared publicly",
				Severity:            SeverityHigh,
				Kind:                KindResource,
				Controls:            []string{"NET-02"},
				AWSConfigRules:      []string{"ebs-snapshot-public-restorable-check", "rds-snapshots-public-prohibited", "ssm-document-not-public"},
				SecurityHubControls: []string{"EC2.1", "RDS.1", "SSM.4", "SSM.7"},
				ResourceTypes: []string{"aws_ami_launch_permission", "aws_ebs_snapshot_block_public_access", "aws_ec2_image_block_public_access",
					"aws_ssm_document"},
				Rationale: "Public images and snapshots leak configurations, keys and subscriber data; block public sharing " +
					"account-wide.",
				Remediation: "Share with named accounts only, and turn on image and snapshot block public access.",
				RemediationHCL: `resource "aws_ec2_image_block_public_access" "this" {
  state = "block-new-sharing"
}`,
			},
			CheckResource: checkNoPublicSharing,
		},
		{
			Metadata: Metadata{
				ID:                  "NET-R18",
				Title:               "Transit gateways associate and propagate routes only explicitly",
				Severity:            SeverityMedium,
				Kind:                KindResource,
				Controls:            []string{"NET-09", "NET-11"},
				AWSConfigRules:      []string{"ec2-transit-gateway-auto-vpc-attach-disabled"},
				SecurityHubControls: []string{"EC2.23"},
				ResourceTypes:       []string{"aws_ec2_transit_gateway", "aws_ec2_transit_gateway_vpc_attachment"},
				Rationale: "Default association and propagation put every attachment in one routing domain; segmentation " +
					"needs each attachment placed in its segment's route table on purpose.",
				Remediation: "Set auto_accept_shared_attachments, default_route_table_association and " +
					"default_route_table_propagation to disable, and associate attachments with segment route tables.",
				RemediationHCL: `resource "aws_ec2_transit_gateway" "core" {
  auto_accept_shared_attachments  = "disable"
  default_route_table_association = "disable"
  default_route_table_propagation = "disable"
}`,
			},
			CheckResource: checkTransitGatewaySegmentation,
		},
		{
			Metadata: Metadata{
				ID:                  "NET-R19",
				Title:               "Internet-attached VPCs are inspected by a strict Network Firewall",
				Severity:            SeverityHigh,
				Kind:                KindCross,
				Controls:            []string{"NET-06", "NET-08", "NET-09"},
				AWSConfigRules:      []string{"netfw-policy-default-action-full-packets", "netfw-policy-default-action-fragment-packets", "netfw-policy-rule-group-associated", "netfw-deletion-protection-enabled", "netfw-subnet-change-protection-enabled"},
				SecurityHubControls: []string{"NetworkFirewall.3", "NetworkFirewall.4", "NetworkFirewall.5", "NetworkFirewall.9", "NetworkFirewall.10"},
				ResourceTypes:       []string{"aws_networkfirewall_firewall", "aws_networkfirewall_firewall_policy", "aws_vpc"},
				Rationale: "Stateful inspection on a device separate from the security groups gives the defence in depth " +
					"the guidance asks for; default actions must drop what no rule allows.",
				Remediation: "Deploy aws_networkfirewall_firewall in internet-attached VPCs with protections on, and a policy " +
					"whose stateless defaults forward to the stateful engine, in strict order with a drop default.",
				RemediationHCL: `resource "aws_networkfirewall_firewall_policy" "strict" {
  name = "strict"
  firewall_policy {
    stateless_default_actions          = ["aws:forward_to_sfe"]
    stateless_fragment_default_actions = ["aws:forward_to_sfe"]
    stateful_default_actions           = ["aws:drop_strict", "aws:alert_strict"]
    stateful_engine_options {
      rule_order = "STRICT_ORDER"
    }
    stateful_rule_group_reference {
      priority     = 1
      resource_arn = aws_networkfirewall_rule_group.egress.arn
    }
  }
}`,
			},
			CheckResource: checkNetworkFirewall,
		},
		{
			Metadata: Metadata{
				ID:                  "NET-R20",
				Title:               "Internet-facing web entry points have a WAF web ACL",
				Severity:            SeverityMedium,
				Kind:                KindCross,
				Controls:            []string{"NET-02", "VUL-02"},
				AWSConfigRules:      []string{"alb-waf-enabled", "api-gw-associated-with-waf", "cloudfront-associated-with-waf"},
				SecurityHubControls: []string{"ELB.16", "APIGateway.4", "CloudFront.6"},
				ResourceTypes:       []string{"aws_api_gateway_stage", "aws_cloudfront_distribution", "aws_lb"},
				Rationale:           "Services that must face the internet need protection at the edge while their patches roll out.",
				Remediation:         "Associate a WAFv2 web ACL (aws_wafv2_web_acl_association, or web_acl_id on CloudFront).",
				RemediationHCL: `resource "aws_wafv2_web_acl_association" "portal" {
  resource_arn = aws_lb.portal.arn
  web_acl_arn  = aws_wafv2_web_acl.edge.arn
}`,
			},
			CheckResource: checkWebACL,
		},
		{
			Metadata: Metadata{
				ID:                  "NET-R21",
				Title:               "VPCs with instances have Session Manager interface endpoints",
				Severity:            SeverityMedium,
				Kind:                KindCross,
				Controls:            []string{"NET-04", "NET-05"},
				AWSConfigRules:      []string{"service-vpc-endpoint-enabled"},
				SecurityHubControls: []string{"EC2.10", "EC2.57"},
				ResourceTypes:       []string{"aws_vpc"}, // reads aws_subnet, aws_instance, aws_vpc_endpoint
				Rationale: "With ssm, ssmmessages and ec2messages endpoints, instances are managed over a private, enforced " +
					"path, with no internet route or open admin port.",
				Remediation: "Add Interface endpoints for ssm, ssmmessages and ec2messages with private_dns_enabled = true.",
				RemediationHCL: `resource "aws_vpc_endpoint" "ssm" {
  for_each            = toset(["ssm", "ssmmessages", "ec2messages"])
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.us-east-1.${each.key}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = aws_subnet.private[*].id
}`,
				Params: []Param{{Name: "ssm_endpoint_services", Description: "service short names that must have interface endpoints", Default: []string{"ssm", "ssmmessages", "ec2messages"}}},
			},
			CheckResource: checkSSMEndpoints,
		},
		{
			Metadata: Metadata{
				ID:            "NET-R22",
				Title:         "VPN appliances accept only IKE, NAT-T and ESP",
				Severity:      SeverityHigh,
				Kind:          KindResource,
				Controls:      []string{"NET-13"},
				ResourceTypes: []string{"aws_instance", "aws_network_interface"},
				Rationale: "The guidance hardens VPN gateways by exposing only udp/500, udp/4500 and ESP, and only to known " +
					"peers.",
				Remediation: "Give VPN appliances a security group with only udp/500, udp/4500 and protocol 50 from the peer " +
					"CIDRs (plus management access per NET-R02).",
				RemediationHCL: `resource "aws_vpc_security_group_ingress_rule" "ike" {
  security_group_id = aws_security_group.vpn.id
  ip_protocol       = "udp"
  from_port         = 500
  to_port           = 500
  cidr_ipv4         = "198.51.100.10/32" # the peer
}`,
				Params: []Param{
					{Name: "vpn_role_tags", Description: "tags (key=value or key) marking VPN appliances", Default: []string{"role=vpn"}},
					{Name: "vpn_peer_cidrs", Description: "CIDRs of the IPsec peers; empty accepts any non-internet source", Default: []string{}},
					managementTagsParam, managementCIDRsParam,
				},
			},
			CheckResource: checkVPNApplianceIngress,
		},
		{
			Metadata: Metadata{
				ID:            "NET-R23",
				Title:         "New tunnels and peerings carry an approval",
				Severity:      SeverityHigh,
				Kind:          KindDiff,
				Controls:      []string{"NET-03", "CFG-01"},
				ResourceTypes: tunnelTypes,
				Rationale: "Unexpected GRE/IPsec tunnels and peerings are how intruders bridged carrier networks; every new " +
					"one should be deliberate and reviewed.",
				Remediation: "Tag the new connection with the approval marker (e.g. the change ticket), or add it to the allowlist.",
				RemediationHCL: `resource "aws_vpc_peering_connection" "partner" {
  vpc_id        = aws_vpc.core.id
  peer_vpc_id   = "vpc-0a1b2c3d4e5f67890"
  peer_owner_id = "444455556666"
  tags          = { "commshield:approved-change" = "CHG-1234" }
}`,
				Params: []Param{
					{Name: "tunnel_approval_tag", Description: "tag key whose non-empty value approves a new tunnel or peering", Default: "commshield:approved-change"},
					{Name: "tunnel_allowlist", Description: "resource addresses (without instance keys) approved without a tag", Default: []string{}},
				},
			},
			CheckResource: checkTunnelApproval,
		},
		{
			Metadata: Metadata{
				ID:            "NET-R24",
				Title:         "Direct Connect BGP sessions are authenticated",
				Severity:      SeverityMedium,
				Kind:          KindResource,
				Controls:      []string{"NET-18"},
				ResourceTypes: []string{"aws_dx_private_virtual_interface", "aws_dx_public_virtual_interface", "aws_dx_transit_virtual_interface"},
				Rationale: "The guidance asks to authenticate routing protocols; an unauthenticated BGP session can be " +
					"hijacked or reset by anyone on the path.",
				Remediation: "Set bgp_auth_key (BGP MD5) from a secret.",
				RemediationHCL: `resource "aws_dx_private_virtual_interface" "core" {
  # …
  bgp_auth_key = var.dx_bgp_auth_key
}`,
			},
			CheckResource: checkBGPAuth,
		},
		{
			Metadata: Metadata{
				ID:                  "NET-R25",
				Title:               "Source/destination checking stays on except for routing appliances",
				Severity:            SeverityMedium,
				Kind:                KindResource,
				Controls:            []string{"NET-17"},
				AWSConfigRules:      []string{"ec2-enis-source-destination-check-enabled"},
				SecurityHubControls: []string{"EC2.180"},
				ResourceTypes:       []string{"aws_instance", "aws_network_interface"},
				Rationale: "Source/destination checking is the cloud analog of disabling source routing: it stops an " +
					"instance from forwarding or spoofing traffic.",
				Remediation: "Leave source_dest_check = true, or tag NAT/router appliances so.",
				RemediationHCL: `resource "aws_instance" "app" {
  # …
  source_dest_check = true
}`,
				Params: []Param{{Name: "router_appliance_tags", Description: "tags (key=value or key) marking NAT/router appliances", Default: []string{"role=router", "role=nat", "role=vpn", "role=firewall"}}},
			},
			CheckResource: checkSourceDestCheck,
		},
		{
			Metadata: Metadata{
				ID:            "NET-R26",
				Title:         "EC2 serial console access is off",
				Severity:      SeverityMedium,
				Kind:          KindAccount,
				Controls:      []string{"NET-05", "IAM-06"},
				ResourceTypes: []string{"aws_ec2_serial_console_access"},
				Rationale: "The serial console is an out-of-band path around every network control; keep it for documented " +
					"break-glass use.",
				Remediation: "Set enabled = false, or set serial_console_break_glass = true once the break-glass procedure is documented.",
				RemediationHCL: `resource "aws_ec2_serial_console_access" "this" {
  enabled = false
}`,
				Params: []Param{{Name: "serial_console_break_glass", Description: "true when a documented break-glass process allows the serial console", Default: false}},
			},
			CheckPlan: checkSerialConsole,
		},
		{
			Metadata: Metadata{
				ID:            "NET-R27",
				Title:         "Every VPC has a Route 53 DNS Firewall rule group",
				Severity:      SeverityMedium,
				Kind:          KindCross,
				Controls:      []string{"NET-06", "NET-09"},
				ResourceTypes: []string{"aws_vpc"}, // reads aws_route53_resolver_firewall_rule_group_association
				Rationale: "DNS is the egress channel that security groups do not filter; DNS Firewall blocks resolution of " +
					"malicious and unapproved domains.",
				Remediation: "Associate a DNS Firewall rule group with the VPC.",
				RemediationHCL: `resource "aws_route53_resolver_firewall_rule_group_association" "main" {
  name                   = "main"
  firewall_rule_group_id = aws_route53_resolver_firewall_rule_group.block.id
  priority               = 101
  vpc_id                 = aws_vpc.main.id
}`,
			},
			CheckResource: checkDNSFirewall,
		},
		{
			Metadata: Metadata{
				ID:            "NET-R28",
				Title:         "Subnets and security groups carry a tier tag and follow the allowed flows",
				Severity:      SeverityLow,
				Kind:          KindCross,
				Controls:      []string{"NET-01", "NET-09", "NET-11"},
				ResourceTypes: []string{"aws_security_group", "aws_subnet", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"},
				Rationale: "Mapping enclaves and grouping like devices needs every subnet and group labelled with its tier, " +
					"and references between tiers limited to the flows the architecture allows. Advisory by default: the tier " +
					"tag is a labelling convention each organisation defines (key and tier names), so on a plan that does not " +
					"use it yet every subnet and group fails; set enforcement soft or hard for NET-R28 once tier_tag_key and " +
					"allowed_tiers match the organisation's tiers.",
				Remediation: "Tag every subnet and security group with its tier; let security groups reference only tiers " +
					"listed in allowed_tier_flows.",
				RemediationHCL: `resource "aws_security_group" "app" {
  name   = "app"
  vpc_id = aws_vpc.main.id
  tags   = { tier = "app" }
}`,
				DefaultEnforcement: EnforcementAdvisory,
				Params: []Param{
					{Name: "tier_tag_key", Description: "tag key holding the tier", Default: "tier"},
					{Name: "allowed_tiers", Description: "accepted tier values", Default: []string{"dmz", "public", "edge", "app", "data", "mgmt", "egress", "shared"}},
					{Name: "allowed_tier_flows", Description: "allowed SOURCE>DEST tier pairs for security-group references (ingress to DEST from SOURCE); empty allows every pair", Default: []string{"dmz>app", "edge>app", "public>app", "app>data", "mgmt>dmz", "mgmt>edge", "mgmt>public", "mgmt>app", "mgmt>data", "mgmt>egress", "mgmt>shared", "app>egress", "data>egress", "app>shared", "data>shared"}},
				},
			},
			CheckResource: checkTierTags,
		},
		{
			Metadata: Metadata{
				ID:            "NET-R29",
				Title:         "Network Access Analyzer scopes watch internet-to-admin and prod-to-mgmt paths",
				Severity:      SeverityLow,
				Kind:          KindAccount,
				Controls:      []string{"NET-01", "NET-19"},
				ResourceTypes: []string{"aws_ec2_network_insights_access_scope"},
				Rationale: "Continuously validating the architecture means asking, after every change, whether the internet " +
					"can reach admin ports and whether production can reach management.",
				Remediation: "Create Network Access Analyzer scopes for both paths (or declare network_access_analyzer provided elsewhere).",
				RemediationHCL: `resource "aws_ec2_network_insights_access_scope" "internet_to_admin" {
  match_paths {
    source {
      resource_statement {
        resource_types = ["AWS::EC2::InternetGateway"]
      }
    }
    destination {
      packet_header_statement {
        destination_ports = ["22", "3389", "830"]
      }
    }
  }
  tags = { Name = "internet-to-admin" }
}`,
				Params: []Param{{Name: "required_access_scopes", Description: "Name tags of the access scopes that must exist", Default: []string{"internet-to-admin", "prod-to-mgmt"}}},
			},
			CheckPlan: checkAccessScopes,
		},
		{
			Metadata: Metadata{
				ID:                  "NET-R30",
				Title:               "Every Elastic IP is in use",
				Severity:            SeverityLow,
				Kind:                KindResource,
				Controls:            []string{"NET-19"},
				AWSConfigRules:      []string{"eip-attached"},
				SecurityHubControls: []string{"EC2.12"},
				ResourceTypes:       []string{"aws_eip"},
				Rationale:           "Orphaned public addresses are forgotten exposure: the guidance asks to remove what is not needed.",
				Remediation:         "Associate the address (instance, network interface, NAT gateway, load balancer, association) or remove it.",
				RemediationHCL: `resource "aws_nat_gateway" "egress" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public.id
}`,
			},
			CheckResource: checkEIPInUse,
		},
	}
}

// NET-R02

func checkAdminFromManagement(ev *Evaluation, r *plan.Resource) []Finding {
	admin := mustPorts(ev, "admin_ports")
	mgmtTags := ev.Strings("management_sg_tags")
	cidrs := ev.Strings("management_cidrs")
	prefixLists := ev.Strings("management_prefix_lists")
	var fails, unknown []Finding
	for _, rule := range sgRulesOf(r) {
		if !rule.Ingress {
			continue
		}
		exposed := rule.Exposes(admin)
		if len(exposed) == 0 {
			continue
		}
		if rule.UnknownField != "" {
			unknown = append(unknown, Undecidable(r, rule.UnknownField, "%s is known only after apply; the rule may open an admin port to a non-management source", rule.UnknownField))
			continue
		}
		ports := describePorts(exposed)
		for _, c := range rule.CIDRs {
			if !cidrWithin(c, cidrs) {
				fails = append(fails, Fail(r, rule.Attribute, "admin port %s is open to %s, which is outside the management ranges", ports, c))
			}
		}
		peers := peersOf(ev, r, rule)
		if peers.Unknown != "" {
			unknown = append(unknown, Undecidable(r, peers.Unknown, "the source %s is known only after apply", peers.Unknown))
		}
		for _, pl := range peers.PrefixLists {
			if !slices.Contains(prefixLists, pl) {
				fails = append(fails, Fail(r, rule.Attribute, "admin port %s is open to prefix list %s, which is not a management prefix list", ports, pl))
			}
		}
		if peers.Self {
			owner := ownerGroup(ev, r)
			if !slices.ContainsFunc(peers.Groups, func(g sgPeerGroup) bool { return g.Resource != nil && g.Resource == owner.Resource }) {
				peers.Groups = append(peers.Groups, owner)
			}
		}
		for _, g := range peers.Groups {
			f, u := judgeAdminSourceGroup(r, rule.Attribute, ports, g, mgmtTags)
			fails, unknown = append(fails, f...), append(unknown, u...)
		}
	}
	switch {
	case len(fails) > 0:
		return fails
	case len(unknown) > 0:
		return unknown
	}
	return []Finding{Pass(r, "admin ports are reachable only from the management network")}
}

// NET-R03

func checkNoSelfAdmin(ev *Evaluation, r *plan.Resource) []Finding {
	admin := mustPorts(ev, "admin_ports")
	var fails []Finding
	for _, rule := range sgRulesOf(r) {
		if !rule.Ingress || len(rule.Exposes(admin)) == 0 {
			continue
		}
		peers := peersOf(ev, r, rule)
		if !peers.Self {
			continue
		}
		owner := ownerGroup(ev, r)
		ok, st := groupTagged(owner, ev.Strings("management_sg_tags"))
		if st == AfterApply {
			return []Finding{undecidableRef(r, owner.Resource, "tags", "the group's tags are known only after apply")}
		}
		if !ok {
			fails = append(fails, Fail(r, rule.Attribute, "members of the group may reach each other's admin port %s (self reference)", describePorts(rule.Exposes(admin))))
		}
	}
	if len(fails) > 0 {
		return fails
	}
	return []Finding{Pass(r, "no self-referencing admin-port rule")}
}

// NET-R04

func checkInternetIngressAuthorized(ev *Evaluation, r *plan.Resource) []Finding {
	allowed := mustPorts(ev, "internet_allowed_ports")
	var fails, unknown []Finding
	edgeKnown := false
	isEdge := false
	var edgeWhy string
	for _, rule := range sgRulesOf(r) {
		if !rule.Ingress {
			continue
		}
		open := rule.OpenToInternet()
		if rule.UnknownField != "" && (len(open) > 0 || len(rule.CIDRs) == 0) {
			unknown = append(unknown, Undecidable(r, rule.UnknownField, "%s is known only after apply; the rule may admit the internet", rule.UnknownField))
			continue
		}
		if len(open) == 0 || rule.Protocol == "icmp" || rule.Protocol == "icmpv6" {
			continue
		}
		if !rule.coveredBy(allowed) {
			fails = append(fails, Fail(r, rule.Attribute, "internet ingress from %s to %s, beyond the authorized ports %s", strings.Join(open, ", "), describePortSpan(rule), describePorts(allowed)))
			continue
		}
		if !edgeKnown {
			isEdge, edgeWhy = isEdgeGroup(ev, r)
			edgeKnown = true
		}
		switch {
		case edgeWhy == "unknown":
			unknown = append(unknown, Undecidable(r, "", "whether the group belongs to an internet-facing load balancer is known only after apply"))
		case !isEdge:
			fails = append(fails, Fail(r, rule.Attribute, "internet ingress to %s on a group that no internet-facing load balancer uses and that is not tagged as edge", describePorts(rule.Exposes(allowed))))
		}
	}
	switch {
	case len(fails) > 0:
		return fails
	case len(unknown) > 0:
		return unknown
	}
	return []Finding{Pass(r, "internet ingress, if any, reaches only authorized ports on an edge group")}
}

// isEdgeGroup: the rule's group is tagged edge or used by an internet-facing LB.
func isEdgeGroup(ev *Evaluation, r *plan.Resource) (bool, string) {
	owner := ownerGroup(ev, r)
	if owner.Resource == nil {
		return false, "external group"
	}
	ok, st := anyTagMatches(owner.Resource, ev.Strings("internet_edge_sg_tags"))
	if ok {
		return true, "tagged"
	}
	unknown := st == AfterApply
	refs := referrersOf(ev, owner.Resource, "aws_lb", "security_groups")
	for _, m := range refs.Matched {
		internal, ist := attrOrDefault(m.Resource, "internal")
		in, _ := Bool(internal)
		if ist == AfterApply {
			unknown = true
			continue
		}
		if !in {
			return true, "load balancer " + m.Resource.Address
		}
	}
	if unknown {
		return false, "unknown"
	}
	return false, "not edge"
}

// NET-R05

func checkEgressRestricted(ev *Evaluation, r *plan.Resource) []Finding {
	admin := mustPorts(ev, "admin_ports")
	var fails, unknown []Finding
	var owner sgPeerGroup
	ownerLooked := false
	tagged := func(specs []string) (bool, State) {
		if !ownerLooked {
			owner, ownerLooked = ownerGroup(ev, r), true
		}
		return groupTagged(owner, specs)
	}
	for _, rule := range sgRulesOf(r) {
		if rule.Ingress {
			continue
		}
		if rule.UnknownField != "" {
			unknown = append(unknown, Undecidable(r, rule.UnknownField, "%s is known only after apply", rule.UnknownField))
			continue
		}
		f, u := judgeEgressRule(ev, r, rule, admin, tagged, "from a workload group: devices must not open outbound admin sessions")
		fails, unknown = append(fails, f...), append(unknown, u...)
	}
	switch {
	case len(fails) > 0:
		return fails
	case len(unknown) > 0:
		return unknown
	}
	return []Finding{Pass(r, "egress is restricted")}
}

// judgeEgressRule is NET-R05 on one egress rule: all-protocol egress to the
// internet needs an egress-tier group, egress to an admin port a management
// group (tagged answers for the rule's group). adminWhy ends the admin-port
// failure. NET-R05 and the commshield_management_access adapter share it.
func judgeEgressRule(ev *Evaluation, r *plan.Resource, rule SGRule, admin []PortRange, tagged func([]string) (bool, State), adminWhy string) (fails, unknown []Finding) {
	if open := rule.OpenToInternet(); rule.Protocol == "all" && len(open) > 0 {
		ok, st := tagged(ev.Strings("egress_tier_tags"))
		switch {
		case st == AfterApply:
			return nil, []Finding{Undecidable(r, "tags", "the group's tags are known only after apply")}
		case !ok:
			return []Finding{Fail(r, rule.Attribute, "all-protocol egress to %s from a group that is not an egress tier", strings.Join(open, ", "))}, nil
		}
		return nil, nil // all-protocol internet egress is judged on the egress tier alone
	}
	exposed := rule.Exposes(admin)
	if len(exposed) == 0 {
		return nil, nil
	}
	ok, st := tagged(ev.Strings("management_sg_tags"))
	switch {
	case st == AfterApply:
		return nil, []Finding{Undecidable(r, "tags", "the group's tags are known only after apply")}
	case !ok:
		return []Finding{Fail(r, rule.Attribute, "egress to admin port %s %s", describePorts(exposed), adminWhy)}, nil
	}
	return nil, nil
}

// NET-R07

func checkVPCDefaultSGAdopted(ev *Evaluation, r *plan.Resource) []Finding {
	if r.Type != "aws_vpc" {
		return []Finding{NotApplicable(r, "judged on the VPC")}
	}
	refs := referrersOf(ev, r, "aws_default_security_group", "vpc_id")
	if len(refs.Matched) > 0 {
		return []Finding{withChain(Pass(r, "default security group adopted by %s", refs.Matched[0].Resource.Address), refs.Matched[0].Chain)}
	}
	if len(refs.Undetermined) > 0 {
		return []Finding{undecidableRef(r, refs.Undetermined[0], "vpc_id", "%s may adopt this VPC's default security group, but its vpc_id is known only after apply", refs.Undetermined[0].Address)}
	}
	return []Finding{Fail(r, "", "no aws_default_security_group adopts this VPC's default security group, which AWS creates allowing all traffic between members and all egress")}
}

// NET-R08

func checkNACLInternetIngress(ev *Evaluation, r *plan.Resource) []Finding {
	admin := mustPorts(ev, "admin_ports")
	nacl := r
	if r.Type == "aws_network_acl_rule" {
		// Judge the rule in the order of its ACL: a lower-numbered deny shadows it.
		nacl = nil
		for _, t := range resolveTo(ev, r, "network_acl_id", "aws_network_acl", "aws_default_network_acl").Targets {
			if t.Resource.Type == "aws_network_acl" || t.Resource.Type == "aws_default_network_acl" {
				nacl = t.Resource
			}
		}
	}
	type ownedEntry struct {
		NACLEntry
		owner *plan.Resource
	}
	var all []ownedEntry
	add := func(owner *plan.Resource) {
		for _, e := range NACLEntries(owner) {
			all = append(all, ownedEntry{e, owner})
		}
	}
	if nacl == nil {
		add(r)
	} else {
		add(nacl)
		for _, m := range referrersOf(ev, nacl, "aws_network_acl_rule", "network_acl_id").Matched {
			add(m.Resource)
		}
	}
	plain := make([]NACLEntry, len(all))
	for i, e := range all {
		plain[i] = e.NACLEntry
	}
	decides := func(e NACLEntry, proto string, port int) bool {
		allowed, by, decided := NACLAllowsFromInternet(plain, proto, port)
		return decided && allowed && by.RuleNo == e.RuleNo
	}
	var fails, unknown []Finding
	for _, e := range all {
		if e.owner != r || !e.Ingress {
			continue
		}
		if e.UnknownField != "" {
			unknown = append(unknown, Undecidable(r, e.UnknownField, "%s is known only after apply", e.UnknownField))
			continue
		}
		if !e.Allow || !slices.ContainsFunc(e.CIDRs, IsInternetCIDR) {
			continue
		}
		if e.Protocol == "all" && (decides(e.NACLEntry, "tcp", 1) || decides(e.NACLEntry, "tcp", 49152) || decides(e.NACLEntry, "udp", 49152)) {
			fails = append(fails, Fail(r, e.Attribute, "rule %d allows every protocol and port from the internet", e.RuleNo))
			continue
		}
		for _, p := range admin {
			for port := p.From; port <= p.To; port++ {
				if e.covers(p.Protocol, port) && decides(e.NACLEntry, p.Protocol, port) {
					fails = append(fails, Fail(r, e.Attribute, "rule %d allows %s/%d (admin) from the internet", e.RuleNo, p.Protocol, port))
				}
			}
		}
	}
	switch {
	case len(fails) > 0:
		return fails
	case len(unknown) > 0:
		return unknown
	}
	return []Finding{Pass(r, "no entry admits the internet to admin ports or to all ports")}
}

// NET-R09

func checkDefaultNACL(ev *Evaluation, r *plan.Resource) []Finding {
	if r.Type != "aws_vpc" {
		return []Finding{NotApplicable(r, "judged on the VPC")}
	}
	refs := referrersOf(ev, r, "aws_default_network_acl", "default_network_acl_id")
	if len(refs.Matched) == 0 {
		if len(refs.Undetermined) > 0 {
			return []Finding{undecidableRef(r, refs.Undetermined[0], "default_network_acl_id", "%s may adopt this VPC's default network ACL, but its target is known only after apply", refs.Undetermined[0].Address)}
		}
		return []Finding{Fail(r, "", "no aws_default_network_acl adopts this VPC's default network ACL, which allows all traffic in and out")}
	}
	acl := refs.Matched[0]
	for _, e := range NACLEntries(acl.Resource) {
		if e.UnknownField != "" {
			return []Finding{withChain(undecidableRef(r, acl.Resource, e.UnknownField, "%s of the default network ACL is known only after apply", e.UnknownField), acl.Chain)}
		}
		if e.Allow && e.Protocol == "all" && slices.ContainsFunc(e.CIDRs, IsInternetCIDR) {
			return []Finding{withChain(Fail(r, "", "the default network ACL %s allows all traffic (%s rule %d)", acl.Resource.Address, ruleDirectionNACL(e), e.RuleNo), acl.Chain)}
		}
	}
	return []Finding{withChain(Pass(r, "default network ACL adopted by %s and not allow-all", acl.Resource.Address), acl.Chain)}
}

func ruleDirectionNACL(e NACLEntry) string {
	if e.Ingress {
		return "ingress"
	}
	return "egress"
}

// NET-R10

func checkSubnetPublicIP(ev *Evaluation, r *plan.Resource) []Finding {
	var set []string
	for _, attr := range []string{"map_public_ip_on_launch", "assign_ipv6_address_on_creation"} {
		v, st := attrOrDefault(r, attr)
		on, _ := Bool(v)
		if st == AfterApply {
			return []Finding{Undecidable(r, attr, "%s is known only after apply", attr)}
		}
		if on {
			set = append(set, attr)
		}
	}
	if len(set) == 0 {
		return []Finding{Pass(r, "the subnet assigns no public addresses")}
	}
	ok, st := anyTagMatches(r, ev.Strings("public_tier_tags"))
	switch {
	case st == AfterApply:
		return []Finding{Undecidable(r, "tags", "the subnet's tags are known only after apply")}
	case ok:
		return []Finding{Pass(r, "DMZ/public-tier subnet may assign public addresses")}
	}
	return []Finding{Fail(r, set[0], "%s is true on a subnet not tagged as DMZ/public tier", strings.Join(set, " and "))}
}

// NET-R11

func checkComputePublicIP(ev *Evaluation, r *plan.Resource) []Finding {
	approved := func(res *plan.Resource) (bool, State) {
		return anyTagMatches(res, ev.Strings("public_ip_approval_tags"))
	}
	failUnlessApproved := func(subject *plan.Resource, attr, why string) []Finding {
		ok, st := approved(subject)
		switch {
		case st == AfterApply:
			return []Finding{Undecidable(r, "tags", "tags are known only after apply")}
		case ok:
			return []Finding{Pass(r, "public address approved by tag")}
		}
		return []Finding{Fail(r, attr, "%s", why)}
	}
	v := r.Value()
	switch r.Type {
	case "aws_instance":
		pub, st := Bool(At(v, "associate_public_ip_address"))
		if st == AfterApply && !configSets(r, "associate_public_ip_address") {
			// Unset: the subnet's map_public_ip_on_launch decides.
			for _, t := range resolveTo(ev, r, "subnet_id", "aws_subnet").Targets {
				if t.Resource.Type != "aws_subnet" {
					continue
				}
				mp, mst := attrOrDefault(t.Resource, "map_public_ip_on_launch")
				on, _ := Bool(mp)
				switch {
				case mst == AfterApply:
					return []Finding{undecidableRef(r, t.Resource, "map_public_ip_on_launch", "the subnet's map_public_ip_on_launch is known only after apply")}
				case on:
					return withChainAll(failUnlessApproved(r, "associate_public_ip_address", "associate_public_ip_address is unset and subnet "+t.Resource.Address+" maps public IPs on launch"), t.Chain)
				}
				return []Finding{withChain(Pass(r, "no public IP: the subnet does not map public IPs"), t.Chain)}
			}
			if _, sst := String(At(v, "subnet_id")); sst == Null || !configSets(r, "subnet_id") {
				return []Finding{Undecidable(r, "subnet_id", "no subnet_id: the default subnet of the default VPC, which maps public IPs, may be used")}
			}
			return []Finding{Undecidable(r, "associate_public_ip_address", "associate_public_ip_address is unset and the subnet is not in this plan; its map_public_ip_on_launch decides")}
		}
		switch {
		case st == AfterApply:
			return []Finding{Undecidable(r, "associate_public_ip_address", "associate_public_ip_address is known only after apply")}
		case pub:
			return failUnlessApproved(r, "associate_public_ip_address", "associate_public_ip_address is true")
		}
	case "aws_launch_template":
		for i, ni := range Elements(At(v, "network_interfaces")) {
			s, st := String(At(ni, "associate_public_ip_address"))
			if st == AfterApply {
				return []Finding{Undecidable(r, AttrPath("network_interfaces", i, "associate_public_ip_address"), "associate_public_ip_address is known only after apply")}
			}
			if s == "true" {
				return failUnlessApproved(r, AttrPath("network_interfaces", i, "associate_public_ip_address"), "the template's network interface associates a public IP")
			}
		}
	case "aws_launch_configuration":
		pub, st := attrOrDefault(r, "associate_public_ip_address")
		on, _ := Bool(pub)
		switch {
		case st == AfterApply:
			return []Finding{Undecidable(r, "associate_public_ip_address", "associate_public_ip_address is known only after apply")}
		case on:
			return failUnlessApproved(r, "associate_public_ip_address", "associate_public_ip_address is true")
		}
	case "aws_ecs_service":
		pub, st := Bool(At(v, "network_configuration", 0, "assign_public_ip"))
		switch {
		case st == AfterApply:
			return []Finding{Undecidable(r, "network_configuration", "assign_public_ip is known only after apply")}
		case pub:
			return failUnlessApproved(r, "network_configuration[0].assign_public_ip", "tasks get public IPs (assign_public_ip = true)")
		}
	case "aws_eip":
		for _, attr := range []string{"instance", "network_interface"} {
			if !configSets(r, attr) {
				continue
			}
			if s, st := String(At(v, attr)); st == AfterApply || s != "" {
				// An EIP on a NAT gateway's interface is set through the NAT gateway, not here.
				return failUnlessApproved(r, attr, "the Elastic IP is attached directly to compute ("+attr+")")
			}
		}
	case "aws_eip_association":
		if !configSets(r, "instance_id") && !configSets(r, "network_interface_id") {
			break
		}
		target := r
		for _, t := range resolveTo(ev, r, "allocation_id", "aws_eip").Targets {
			if t.Resource.Type == "aws_eip" {
				target = t.Resource
			}
		}
		ok, st := approved(target)
		switch {
		case st == AfterApply:
			return []Finding{undecidableRef(r, target, "tags", "the Elastic IP's tags are known only after apply")}
		case ok:
			return []Finding{Pass(r, "public address approved by tag on %s", target.Address)}
		}
		return []Finding{Fail(r, "", "an Elastic IP is associated with an instance or interface")}
	}
	return []Finding{Pass(r, "no public IP on compute")}
}

func withChainAll(fs []Finding, chain []plan.Step) []Finding {
	for i := range fs {
		fs[i].Chain = chain
	}
	return fs
}

// NET-R12

func checkInternetRoutedPlacement(ev *Evaluation, r *plan.Resource) []Finding {
	attr := "subnet_ids"
	if r.Type == "aws_instance" {
		attr = "subnet_id"
		if ok, _ := anyTagMatches(r, ev.Strings("edge_host_tags")); ok {
			return []Finding{Pass(r, "edge host allowed in internet-routed subnets")}
		}
	}
	res := resolveTo(ev, r, attr, "aws_subnet")
	var unknown []Finding
	for _, t := range res.Targets {
		if t.Resource.Type != "aws_subnet" {
			continue
		}
		routed, st, chain := subnetRoutesToIGW(ev, t.Resource)
		full := append(append([]plan.Step(nil), t.Chain...), chain...)
		if routed {
			return []Finding{withChain(Fail(r, attr, "placed in subnet %s, which routes 0.0.0.0/0 to an internet gateway; use private subnets", t.Resource.Address), full)}
		}
		if st == AfterApply {
			unknown = append(unknown, withChain(undecidableRef(r, t.Resource, "route_table", "whether subnet %s routes to an internet gateway is known only after apply", t.Resource.Address), full))
		}
	}
	if len(unknown) > 0 {
		return unknown[:1]
	}
	if len(res.Targets) == 0 {
		if s := scalarOrList(At(r.Value(), attr)); len(s) > 0 {
			return []Finding{NotApplicable(r, "the subnets (%s) are not managed in this plan", strings.Join(s, ", "))}
		}
		if StateOf(At(r.Value(), attr)) == Null || !configSets(r, attr) {
			return []Finding{Undecidable(r, attr, "no %s: the resource lands in the default VPC's default subnets, which route to an internet gateway when that VPC exists; name private subnets explicitly", attr)}
		}
		return []Finding{Undecidable(r, attr, "%s is known only after apply and could not be followed to subnets of this plan", attr)}
	}
	return []Finding{Pass(r, "no subnet routes to an internet gateway")}
}

// NET-R13

func checkInternetGatewayPlacement(ev *Evaluation, r *plan.Resource) []Finding {
	v := r.Value()
	switch r.Type {
	case "aws_vpc_block_public_access_options":
		mode, st := String(At(v, "internet_gateway_block_mode"))
		switch {
		case st == AfterApply:
			return []Finding{Undecidable(r, "internet_gateway_block_mode", "internet_gateway_block_mode is known only after apply")}
		case mode == "block-bidirectional" || mode == "block-ingress":
			return []Finding{Pass(r, "VPC Block Public Access is %s", mode)}
		}
		return []Finding{Fail(r, "internet_gateway_block_mode", "internet_gateway_block_mode is %q; use block-bidirectional or block-ingress", mode)}
	case "aws_vpc_block_public_access_exclusion":
		var unknown []Finding
		for _, attr := range []string{"vpc_id", "subnet_id"} {
			if !configSets(r, attr) {
				continue
			}
			res := resolveTo(ev, r, attr, "aws_vpc", "aws_subnet")
			for _, t := range res.Targets {
				ok, st := anyTagMatches(t.Resource, ev.Strings("public_tier_tags"))
				switch {
				case st == AfterApply:
					unknown = append(unknown, undecidableRef(r, t.Resource, "tags", "tags of %s are known only after apply", t.Resource.Address))
				case ok:
					return []Finding{withChain(Pass(r, "exclusion for DMZ %s", t.Resource.Address), t.Chain)}
				default:
					return []Finding{withChain(Fail(r, attr, "Block Public Access exclusion for %s, which is not tagged as DMZ/public tier", t.Resource.Address), t.Chain)}
				}
			}
			if len(res.Targets) == 0 {
				if _, st := String(At(r.Value(), attr)); st == AfterApply {
					unknown = append(unknown, Undecidable(r, attr, "%s is known only after apply and could not be followed to a resource of this plan", attr))
					continue
				}
				return []Finding{Fail(r, attr, "Block Public Access exclusion for a %s outside this plan, so not a known DMZ", attr)}
			}
		}
		if len(unknown) > 0 {
			return unknown
		}
		return []Finding{NotApplicable(r, "exclusion names no VPC or subnet")}
	}
	if !configSets(r, "vpc_id") {
		return []Finding{NotApplicable(r, "the gateway is not attached to a VPC")}
	}
	res := resolveTo(ev, r, "vpc_id", "aws_vpc")
	for _, t := range res.Targets {
		if t.Resource.Type != "aws_vpc" {
			continue
		}
		ok, st := anyTagMatches(t.Resource, ev.Strings("internet_vpc_tags"))
		switch {
		case st == AfterApply:
			return []Finding{withChain(undecidableRef(r, t.Resource, "tags", "tags of %s are known only after apply", t.Resource.Address), t.Chain)}
		case ok:
			return []Finding{withChain(Pass(r, "VPC %s is tagged internet-allowed", t.Resource.Address), t.Chain)}
		}
		return []Finding{withChain(Fail(r, "vpc_id", "internet gateway on VPC %s, which is not tagged internet-allowed (%s)", t.Resource.Address, strings.Join(ev.Strings("internet_vpc_tags"), " or ")), t.Chain)}
	}
	if id, st := String(At(v, "vpc_id")); st == Known {
		return []Finding{Fail(r, "vpc_id", "internet gateway on VPC %s, which is not managed in this plan and so not known to be internet-allowed", id)}
	}
	return []Finding{Undecidable(r, "vpc_id", "vpc_id is known only after apply and could not be followed to a VPC of this plan")}
}

// NET-R15

func checkManagedEndpointsPrivate(_ *Evaluation, r *plan.Resource) []Finding {
	v := r.Value()
	switch r.Type {
	case "aws_eks_cluster":
		pub, st := Bool(At(v, "vpc_config", 0, "endpoint_public_access"))
		if st == AfterApply {
			return []Finding{Undecidable(r, "vpc_config", "endpoint_public_access is known only after apply")}
		}
		if st == Null {
			pub = true // the EKS default
		}
		if !pub {
			return []Finding{Pass(r, "the cluster endpoint is private")}
		}
		cidrs, cst := Strings(At(v, "vpc_config", 0, "public_access_cidrs"))
		switch {
		case cst == AfterApply:
			if configSets(r, "vpc_config") && r.Config != nil && len(r.Config.Expressions["vpc_config"].Blocks) > 0 && r.Config.Expressions["vpc_config"].Blocks[0]["public_access_cidrs"] != nil {
				return []Finding{Undecidable(r, "vpc_config", "public_access_cidrs is known only after apply")}
			}
			cidrs = []string{"0.0.0.0/0"} // the EKS default
		case cst == Null || len(cidrs) == 0:
			cidrs = []string{"0.0.0.0/0"}
		}
		if slices.ContainsFunc(cidrs, IsInternetCIDR) {
			return []Finding{Fail(r, "vpc_config[0].public_access_cidrs", "the Kubernetes API endpoint is public and open to %s", strings.Join(slices.DeleteFunc(slices.Clone(cidrs), func(c string) bool { return !IsInternetCIDR(c) }), ", "))}
		}
		return []Finding{Pass(r, "the public endpoint is limited to %s", strings.Join(cidrs, ", "))}
	case "aws_lambda_function_url":
		auth, st := String(At(v, "authorization_type"))
		switch {
		case st == AfterApply:
			return []Finding{Undecidable(r, "authorization_type", "authorization_type is known only after apply")}
		case auth == "NONE":
			return []Finding{Fail(r, "authorization_type", "the function URL accepts unauthenticated calls (authorization_type = NONE)")}
		}
		return []Finding{Pass(r, "the function URL requires AWS_IAM")}
	case "aws_lambda_permission":
		principal, st := String(At(v, "principal"))
		switch {
		case st == AfterApply:
			return []Finding{Undecidable(r, "principal", "principal is known only after apply")}
		case principal != "*":
			return []Finding{Pass(r, "the permission names principal %s", principal)}
		}
		if auth, _ := String(At(v, "function_url_auth_type")); auth == "NONE" {
			return []Finding{Fail(r, "function_url_auth_type", "anyone may invoke the function URL without authentication")}
		}
		for _, attr := range []string{"source_arn", "source_account", "principal_org_id"} {
			if s, st := String(At(v, attr)); st == AfterApply || s != "" {
				return []Finding{Pass(r, "principal \"*\" is scoped by %s", attr)}
			}
		}
		return []Finding{Fail(r, "principal", "principal \"*\" without source_arn, source_account or principal_org_id: anyone may invoke the function")}
	}
	return []Finding{NotApplicable(r, "type not covered")}
}

// NET-R17

func checkNoPublicSharing(_ *Evaluation, r *plan.Resource) []Finding {
	v := r.Value()
	switch r.Type {
	case "aws_ami_launch_permission":
		group, st := String(At(v, "group"))
		switch {
		case st == AfterApply:
			return []Finding{Undecidable(r, "group", "group is known only after apply")}
		case group == "all":
			return []Finding{Fail(r, "group", "the image is shared with everyone (group = \"all\")")}
		}
		return []Finding{Pass(r, "the image is shared with named principals only")}
	case "aws_ssm_document":
		perms := At(v, "permissions")
		if StateOf(perms) == AfterApply {
			return []Finding{Undecidable(r, "permissions", "permissions are known only after apply")}
		}
		ids, _ := String(At(perms, "account_ids"))
		if strings.EqualFold(strings.TrimSpace(ids), "all") {
			return []Finding{Fail(r, "permissions", "the document is shared publicly (account_ids = \"All\")")}
		}
		return []Finding{Pass(r, "the document is not public")}
	case "aws_ec2_image_block_public_access":
		state, st := String(At(v, "state"))
		switch {
		case st == AfterApply:
			return []Finding{Undecidable(r, "state", "state is known only after apply")}
		case state == "block-new-sharing":
			return []Finding{Pass(r, "image block public access is on")}
		}
		return []Finding{Fail(r, "state", "image block public access is %q; set block-new-sharing", state)}
	case "aws_ebs_snapshot_block_public_access":
		state, st := String(At(v, "state"))
		switch {
		case st == AfterApply:
			return []Finding{Undecidable(r, "state", "state is known only after apply")}
		case state == "block-all-sharing" || state == "block-new-sharing":
			return []Finding{Pass(r, "snapshot block public access is %s", state)}
		}
		return []Finding{Fail(r, "state", "snapshot block public access is %q; set block-all-sharing", state)}
	}
	return []Finding{NotApplicable(r, "type not covered")}
}

// NET-R18

func checkTransitGatewaySegmentation(_ *Evaluation, r *plan.Resource) []Finding {
	var fails, unknown []Finding
	check := func(attr string, good func(string) bool, unset string) {
		v, st := attrOrDefault(r, attr)
		s, _ := String(v)
		switch st {
		case AfterApply:
			unknown = append(unknown, Undecidable(r, attr, "%s is known only after apply", attr))
			return
		case Null:
			s = unset
		}
		if !good(s) {
			fails = append(fails, Fail(r, attr, "%s is %s", attr, s))
		}
	}
	if r.Type == "aws_ec2_transit_gateway" {
		isDisable := func(s string) bool { return s == "disable" }
		check("auto_accept_shared_attachments", isDisable, "disable")
		check("default_route_table_association", isDisable, "enable")
		check("default_route_table_propagation", isDisable, "enable")
	} else {
		isFalse := func(s string) bool { return s == "false" }
		check("transit_gateway_default_route_table_association", isFalse, "true")
		check("transit_gateway_default_route_table_propagation", isFalse, "true")
	}
	switch {
	case len(fails) > 0:
		return fails
	case len(unknown) > 0:
		return unknown
	}
	return []Finding{Pass(r, "attachments are associated and propagated explicitly")}
}

// NET-R19

var goodStatelessDefaults = []string{"aws:drop", "aws:forward_to_sfe"}

func checkNetworkFirewall(ev *Evaluation, r *plan.Resource) []Finding {
	v := r.Value()
	switch r.Type {
	case "aws_networkfirewall_firewall_policy":
		return judgeFirewallPolicy(r)
	case "aws_networkfirewall_firewall":
		var fails, unknown []Finding
		for _, attr := range []string{"delete_protection", "subnet_change_protection"} {
			on, st := attrOrDefault(r, attr)
			b, _ := Bool(on)
			switch {
			case st == AfterApply:
				unknown = append(unknown, Undecidable(r, attr, "%s is known only after apply", attr))
			case !b:
				fails = append(fails, Fail(r, attr, "%s is off", attr))
			}
		}
		if len(fails) > 0 {
			return fails
		}
		if len(unknown) > 0 {
			return unknown
		}
		return []Finding{Pass(r, "deletion and subnet-change protection are on")}
	}
	// aws_vpc: internet-attached VPCs need a firewall.
	igw, st := vpcHasIGW(ev, r)
	if igw == nil {
		if st == AfterApply {
			return []Finding{Undecidable(r, "", "an internet gateway may attach to this VPC (its vpc_id is known only after apply)")}
		}
		return []Finding{NotApplicable(r, "the VPC has no internet gateway in this plan")}
	}
	fws := referrersOf(ev, r, "aws_networkfirewall_firewall", "vpc_id")
	if len(fws.Matched) > 0 {
		return []Finding{withChain(Pass(r, "internet-attached VPC inspected by %s", fws.Matched[0].Resource.Address), fws.Matched[0].Chain)}
	}
	if len(fws.Undetermined) > 0 {
		return []Finding{undecidableRef(r, fws.Undetermined[0], "vpc_id", "firewall %s may be in this VPC; its vpc_id is known only after apply", fws.Undetermined[0].Address)}
	}
	_ = v
	return []Finding{Fail(r, "", "the VPC has internet gateway %s but no aws_networkfirewall_firewall", igw.Address)}
}

func judgeFirewallPolicy(r *plan.Resource) []Finding {
	fp := At(r.Value(), "firewall_policy", 0)
	if StateOf(fp) == AfterApply && !fp.IsKnown() {
		return []Finding{Undecidable(r, "firewall_policy", "the firewall policy is known only after apply")}
	}
	var fails, unknown []Finding
	for _, attr := range []string{"stateless_default_actions", "stateless_fragment_default_actions"} {
		acts, st := Strings(At(fp, attr))
		if st == AfterApply {
			unknown = append(unknown, Undecidable(r, "firewall_policy", "%s is known only after apply", attr))
			continue
		}
		if !slices.ContainsFunc(acts, func(a string) bool { return slices.Contains(goodStatelessDefaults, a) }) {
			fails = append(fails, Fail(r, "firewall_policy[0]."+attr, "%s is %v; use aws:drop or aws:forward_to_sfe", attr, acts))
		}
	}
	order, ost := String(At(fp, "stateful_engine_options", 0, "rule_order"))
	stateful, sst := Strings(At(fp, "stateful_default_actions"))
	switch {
	case ost == AfterApply || sst == AfterApply:
		unknown = append(unknown, Undecidable(r, "firewall_policy", "the stateful engine options are known only after apply"))
	case order != "STRICT_ORDER":
		fails = append(fails, Fail(r, "firewall_policy[0].stateful_engine_options", "the stateful engine is not in STRICT_ORDER, so traffic no rule matches passes"))
	case !slices.ContainsFunc(stateful, func(a string) bool { return a == "aws:drop_strict" || a == "aws:drop_established" }):
		fails = append(fails, Fail(r, "firewall_policy[0].stateful_default_actions", "no stateful drop default (aws:drop_strict or aws:drop_established)"))
	}
	groups := len(Elements(At(fp, "stateful_rule_group_reference"))) + len(Elements(At(fp, "stateless_rule_group_reference")))
	if groups == 0 {
		fails = append(fails, Fail(r, "firewall_policy", "the policy references no rule group"))
	}
	switch {
	case len(fails) > 0:
		return fails
	case len(unknown) > 0:
		return unknown
	}
	return []Finding{Pass(r, "strict-order policy with drop defaults and rule groups")}
}

// NET-R20

func checkWebACL(ev *Evaluation, r *plan.Resource) []Finding {
	v := r.Value()
	switch r.Type {
	case "aws_lb":
		typ, _ := attrOrDefault(r, "load_balancer_type")
		if t, st := String(typ); st == Known && t != "application" {
			return []Finding{NotApplicable(r, "WAF applies to application load balancers, not %s", t)}
		}
		internal, ist := attrOrDefault(r, "internal")
		in, _ := Bool(internal)
		if ist == AfterApply {
			return []Finding{Undecidable(r, "internal", "internal is known only after apply")}
		}
		if in {
			return []Finding{NotApplicable(r, "internal load balancer")}
		}
	case "aws_cloudfront_distribution":
		id, st := String(At(v, "web_acl_id"))
		if st == AfterApply || id != "" {
			return []Finding{Pass(r, "web_acl_id is set")}
		}
		return []Finding{Fail(r, "web_acl_id", "the distribution has no WAF web ACL (web_acl_id)")}
	}
	attr := "arn"
	refs := referrersOf(ev, r, "aws_wafv2_web_acl_association", "resource_arn")
	if len(refs.Matched) > 0 {
		return []Finding{withChain(Pass(r, "web ACL associated by %s", refs.Matched[0].Resource.Address), refs.Matched[0].Chain)}
	}
	if len(refs.Undetermined) > 0 {
		return []Finding{undecidableRef(r, refs.Undetermined[0], "resource_arn", "%s may associate a web ACL; its resource_arn is known only after apply", refs.Undetermined[0].Address)}
	}
	if r.Type == "aws_api_gateway_stage" {
		if id, _ := String(At(v, "web_acl_arn")); id != "" {
			return []Finding{Pass(r, "stage reports web ACL %s", id)}
		}
	}
	return []Finding{Fail(r, attr, "no aws_wafv2_web_acl_association in this plan protects this internet-facing entry point")}
}

// NET-R21

func checkSSMEndpoints(ev *Evaluation, r *plan.Resource) []Finding {
	if r.Type != "aws_vpc" {
		return []Finding{NotApplicable(r, "judged on the VPC")}
	}
	// Only VPCs that hold instances need the endpoints.
	hasInstances := false
	for _, sub := range referrersOf(ev, r, "aws_subnet", "vpc_id").Matched {
		if refs := referrersOf(ev, sub.Resource, "aws_instance", "subnet_id"); len(refs.Matched) > 0 {
			hasInstances = true
			break
		}
	}
	if !hasInstances {
		return []Finding{NotApplicable(r, "no instance of this plan runs in the VPC")}
	}
	found := map[string]bool{}
	var unknown []Finding
	for _, ep := range referrersOf(ev, r, "aws_vpc_endpoint", "vpc_id").Matched {
		svc, st := String(At(ep.Resource.Value(), "service_name"))
		if st == AfterApply {
			unknown = append(unknown, undecidableRef(r, ep.Resource, "service_name", "service_name of %s is known only after apply", ep.Resource.Address))
			continue
		}
		dns, dst := attrOrDefault(ep.Resource, "private_dns_enabled")
		on, _ := Bool(dns)
		if dst == Known && !on {
			continue
		}
		parts := strings.Split(svc, ".")
		found[parts[len(parts)-1]] = true
	}
	var missing []string
	for _, svc := range ev.Strings("ssm_endpoint_services") {
		if !found[svc] {
			missing = append(missing, svc)
		}
	}
	switch {
	case len(missing) == 0:
		return []Finding{Pass(r, "Session Manager endpoints present")}
	case len(unknown) > 0:
		return unknown[:1]
	}
	return []Finding{Fail(r, "", "instances run in this VPC but it lacks interface endpoints (with private DNS) for %s", strings.Join(missing, ", "))}
}

// NET-R22

func checkVPNApplianceIngress(ev *Evaluation, r *plan.Resource) []Finding {
	ok, st := anyTagMatches(r, ev.Strings("vpn_role_tags"))
	switch {
	case st == AfterApply:
		return []Finding{Undecidable(r, "tags", "tags are known only after apply")}
	case !ok:
		return []Finding{NotApplicable(r, "not tagged as a VPN appliance")}
	}
	attr := "vpc_security_group_ids"
	if r.Type == "aws_network_interface" {
		attr = "security_groups"
	}
	groups := resolveTo(ev, r, attr, "aws_security_group", "aws_default_security_group")
	if len(groups.Targets) == 0 {
		if configSets(r, attr) {
			return []Finding{Undecidable(r, attr, "the appliance's security groups are not managed in this plan")}
		}
		return []Finding{Fail(r, attr, "the VPN appliance uses the default security group")}
	}
	peers := ev.Strings("vpn_peer_cidrs")
	mgmtCIDRs := ev.Strings("management_cidrs")
	ipsec := []PortRange{{Protocol: "udp", From: 500, To: 500}, {Protocol: "udp", From: 4500, To: 4500}}
	var fails, unknown []Finding
	for _, t := range groups.Targets {
		sg := t.Resource
		rules := sgRulesOf(sg)
		for _, m := range referrersOf(ev, sg, "aws_security_group_rule", "security_group_id").Matched {
			rules = append(rules, sgRulesOf(m.Resource)...)
		}
		for _, m := range referrersOf(ev, sg, "aws_vpc_security_group_ingress_rule", "security_group_id").Matched {
			rules = append(rules, sgRulesOf(m.Resource)...)
		}
		for _, rule := range rules {
			if !rule.Ingress {
				continue
			}
			if rule.UnknownField != "" {
				unknown = append(unknown, undecidableRef(r, sg, rule.UnknownField, "a rule of %s is known only after apply", sg.Address))
				continue
			}
			isIPsec := rule.Protocol == "50" || rule.coveredBy(ipsec)
			for _, c := range rule.CIDRs {
				switch {
				case isIPsec && IsInternetCIDR(c) && len(peers) > 0:
					fails = append(fails, withChain(Fail(r, attr, "%s admits IPsec from %s, not only from the configured peers", sg.Address, c), t.Chain))
				case isIPsec && len(peers) > 0 && !cidrWithin(c, peers):
					fails = append(fails, withChain(Fail(r, attr, "%s admits IPsec from %s, which is not a configured peer", sg.Address, c), t.Chain))
				case !isIPsec && !cidrWithin(c, mgmtCIDRs):
					fails = append(fails, withChain(Fail(r, attr, "%s admits %s from %s: VPN gateways should accept only udp/500, udp/4500 and ESP", sg.Address, describePortSpan(rule), c), t.Chain))
				}
			}
		}
	}
	switch {
	case len(fails) > 0:
		return fails
	case len(unknown) > 0:
		return unknown
	}
	return []Finding{Pass(r, "the VPN appliance accepts only IKE, NAT-T and ESP (and management)")}
}

// NET-R23

var tunnelTypes = []string{"aws_customer_gateway", "aws_dx_hosted_private_virtual_interface", "aws_dx_hosted_public_virtual_interface",
	"aws_dx_hosted_transit_virtual_interface", "aws_dx_private_virtual_interface", "aws_dx_public_virtual_interface",
	"aws_dx_transit_virtual_interface", "aws_ec2_transit_gateway_connect", "aws_ec2_transit_gateway_connect_peer",
	"aws_vpc_peering_connection", "aws_vpn_connection"}

func checkTunnelApproval(ev *Evaluation, r *plan.Resource) []Finding {
	if r.Action != plan.ActionCreate && r.Action != plan.ActionReplace {
		return []Finding{NotApplicable(r, "not created by this plan")}
	}
	if slices.Contains(ev.Strings("tunnel_allowlist"), r.ConfigAddress) {
		return []Finding{Pass(r, "allowlisted in tunnel_allowlist")}
	}
	key := ev.String("tunnel_approval_tag")
	tags, st := resourceTags(r)
	switch {
	case st == AfterApply:
		return []Finding{Undecidable(r, "tags", "tags are known only after apply")}
	case tags[key] != "":
		return []Finding{Pass(r, "approved: %s = %s", key, tags[key])}
	}
	what := "tunnel"
	if r.Type == "aws_vpc_peering_connection" {
		what = "peering"
		if owner, _ := String(At(r.Value(), "peer_owner_id")); owner != "" {
			what = "cross-account peering (owner " + owner + ")"
		}
	}
	return []Finding{Fail(r, "tags", "new %s without approval tag %s", what, key)}
}

// NET-R24

func checkBGPAuth(_ *Evaluation, r *plan.Resource) []Finding {
	v, st := attrOrDefault(r, "bgp_auth_key")
	key, _ := String(v)
	switch {
	case st == AfterApply && configSets(r, "bgp_auth_key"):
		return []Finding{Pass(r, "bgp_auth_key is set (value known after apply)")}
	case key == "":
		return []Finding{Fail(r, "bgp_auth_key", "no bgp_auth_key: the BGP session is unauthenticated")}
	}
	return []Finding{Pass(r, "BGP MD5 authentication configured")}
}

// NET-R25

func checkSourceDestCheck(ev *Evaluation, r *plan.Resource) []Finding {
	v, st := attrOrDefault(r, "source_dest_check")
	on, _ := Bool(v)
	switch {
	case st == AfterApply:
		return []Finding{Undecidable(r, "source_dest_check", "source_dest_check is known only after apply")}
	case st == Null || on:
		return []Finding{Pass(r, "source/destination check is on")}
	}
	ok, tst := anyTagMatches(r, ev.Strings("router_appliance_tags"))
	switch {
	case tst == AfterApply:
		return []Finding{Undecidable(r, "tags", "tags are known only after apply")}
	case ok:
		return []Finding{Pass(r, "routing appliance: source/destination check may be off")}
	}
	return []Finding{Fail(r, "source_dest_check", "source_dest_check is false on a resource not tagged as a routing appliance")}
}

// NET-R26

func checkSerialConsole(ev *Evaluation) []Finding {
	if ev.Bool("serial_console_break_glass") {
		return []Finding{planFinding(StatusNotApplicable, "serial console allowed by a documented break-glass process (serial_console_break_glass)")}
	}
	var out []Finding
	for _, r := range liveResources(ev.Plan, "aws_ec2_serial_console_access") {
		v, st := attrOrDefault(r, "enabled")
		on, _ := Bool(v)
		switch {
		case st == AfterApply:
			out = append(out, Undecidable(r, "enabled", "enabled is known only after apply"))
		case st == Null || on:
			out = append(out, Fail(r, "enabled", "EC2 serial console access is enabled account-wide"))
		default:
			out = append(out, Pass(r, "EC2 serial console access is disabled"))
		}
	}
	if len(out) == 0 {
		return []Finding{planFinding(StatusPass, "the plan does not enable EC2 serial console access (it is off unless enabled)")}
	}
	return out
}

// NET-R27

func checkDNSFirewall(ev *Evaluation, r *plan.Resource) []Finding {
	if r.Type != "aws_vpc" {
		return []Finding{NotApplicable(r, "judged on the VPC")}
	}
	refs := referrersOf(ev, r, "aws_route53_resolver_firewall_rule_group_association", "vpc_id")
	if len(refs.Matched) > 0 {
		return []Finding{withChain(Pass(r, "DNS Firewall rule group associated by %s", refs.Matched[0].Resource.Address), refs.Matched[0].Chain)}
	}
	if len(refs.Undetermined) > 0 {
		return []Finding{undecidableRef(r, refs.Undetermined[0], "vpc_id", "%s may cover this VPC; its vpc_id is known only after apply", refs.Undetermined[0].Address)}
	}
	return []Finding{Fail(r, "", "no Route 53 Resolver DNS Firewall rule group is associated with this VPC")}
}

// NET-R28

func checkTierTags(ev *Evaluation, r *plan.Resource) []Finding {
	key := ev.String("tier_tag_key")
	tiers := ev.Strings("allowed_tiers")
	tierOf := func(res *plan.Resource) (string, State) {
		tags, st := resourceTags(res)
		if st == AfterApply {
			return "", AfterApply
		}
		return tags[key], Known
	}
	if r.Type == "aws_subnet" || r.Type == "aws_security_group" {
		tier, st := tierOf(r)
		switch {
		case st == AfterApply:
			return []Finding{Undecidable(r, "tags", "tags are known only after apply")}
		case tier == "":
			return []Finding{Fail(r, "tags", "no %s tag: every subnet and security group needs its tier", key)}
		case !slices.Contains(tiers, tier):
			return []Finding{Fail(r, "tags", "%s = %q is not one of the allowed tiers %s", key, tier, strings.Join(tiers, ", "))}
		}
		if r.Type == "aws_subnet" {
			return []Finding{Pass(r, "tier %s", tier)}
		}
	}
	flows := ev.Strings("allowed_tier_flows")
	if len(flows) == 0 {
		return []Finding{Pass(r, "tier flows are not restricted (allowed_tier_flows is empty)")}
	}
	var fails, unknown []Finding
	for _, rule := range sgRulesOf(r) {
		if !rule.Ingress {
			continue
		}
		peers := peersOf(ev, r, rule)
		dest := ownerGroup(ev, r)
		if dest.Resource == nil {
			continue
		}
		destTier, dst := tierOf(dest.Resource)
		for _, g := range peers.Groups {
			if g.Resource == nil || g.Resource == dest.Resource {
				continue
			}
			srcTier, sst := tierOf(g.Resource)
			if sst == AfterApply || dst == AfterApply {
				unknown = append(unknown, Undecidable(r, rule.Attribute, "tier tags are known only after apply"))
				continue
			}
			if srcTier == destTier {
				continue
			}
			if !slices.Contains(flows, srcTier+">"+destTier) {
				fails = append(fails, withChain(Fail(r, rule.Attribute, "flow %s > %s (from %s) is not in allowed_tier_flows", tierLabel(srcTier), tierLabel(destTier), g.Resource.Address), g.Chain))
			}
		}
	}
	switch {
	case len(fails) > 0:
		return fails
	case len(unknown) > 0:
		return unknown
	}
	return []Finding{Pass(r, "tier tags and flows follow the matrix")}
}

func tierLabel(t string) string {
	if t == "" {
		return "(untagged)"
	}
	return t
}

// NET-R29

func checkAccessScopes(ev *Evaluation) []Finding {
	if ev.ProvidedElsewhere("network_access_analyzer") {
		return []Finding{planFinding(StatusNotApplicable, "Network Access Analyzer scopes are declared provided elsewhere (provided_elsewhere: network_access_analyzer)")}
	}
	have := map[string]bool{}
	for _, r := range liveResources(ev.Plan, "aws_ec2_network_insights_access_scope") {
		tags, _ := resourceTags(r)
		have[tags["Name"]] = true
	}
	var missing []string
	for _, name := range ev.Strings("required_access_scopes") {
		if !have[name] {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return []Finding{planFinding(StatusFail, "missing Network Access Analyzer scopes named %s; add them or declare network_access_analyzer provided elsewhere", strings.Join(missing, ", "))}
	}
	return []Finding{planFinding(StatusPass, "access scopes %s exist", strings.Join(ev.Strings("required_access_scopes"), ", "))}
}

// NET-R30

var eipUsers = []struct{ typ, attr string }{
	{"aws_eip_association", "allocation_id"},
	{"aws_nat_gateway", "allocation_id"},
	{"aws_lb", "subnet_mapping.allocation_id"},
	{"aws_nat_gateway", "secondary_allocation_ids"},
}

func checkEIPInUse(ev *Evaluation, r *plan.Resource) []Finding {
	for _, attr := range []string{"instance", "network_interface"} {
		if configSets(r, attr) {
			return []Finding{Pass(r, "attached through %s", attr)}
		}
	}
	var undetermined *plan.Resource
	for _, u := range eipUsers {
		refs := referrersOf(ev, r, u.typ, u.attr)
		if len(refs.Matched) > 0 {
			return []Finding{withChain(Pass(r, "used by %s", refs.Matched[0].Resource.Address), refs.Matched[0].Chain)}
		}
		if len(refs.Undetermined) > 0 && undetermined == nil {
			undetermined = refs.Undetermined[0]
		}
	}
	if undetermined != nil {
		return []Finding{undecidableRef(r, undetermined, "allocation_id", "%s may use this address; its reference is known only after apply", undetermined.Address)}
	}
	return []Finding{Fail(r, "", "the Elastic IP is associated with nothing in this plan")}
}

// describePortSpan renders an SG rule's protocol and ports without peers.
func describePortSpan(s SGRule) string {
	if s.Protocol == "all" {
		return "all protocols and ports"
	}
	if s.FromPort == s.ToPort {
		return fmt.Sprintf("%s/%d", s.Protocol, s.FromPort)
	}
	return fmt.Sprintf("%s/%d-%d", s.Protocol, s.FromPort, s.ToPort)
}

package rules

import (
	"fmt"
	"strings"

	"github.com/commshield/terraform-provider-commshield/internal/plan"
)

// networkRules are the NET-Rxx rules (guidance §3.4).
func networkRules() []*Rule {
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
				AWSConfigRules:      []string{"s3-bucket-level-public-access-prohibited"},
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

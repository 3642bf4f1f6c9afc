package rules

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/commshield/terraform-provider-commshield/internal/plan"
	"github.com/zclconf/go-cty/cty"
)

// cryptoRules are the CRY-Rxx rules (guidance §3.5).
func cryptoRules() []*Rule {
	return slices.Concat(cryptoSeedRules(), cryptoPackRules())
}

// cryptoSeedRules are the seed rules CRY-R21 (KMS key rotation) and CRY-R22
// (encryption at rest); cryptoPackRules holds the rest of the family.
func cryptoSeedRules() []*Rule {
	return []*Rule{
		{
			Metadata: Metadata{
				ID:                  "CRY-R21",
				Title:               "KMS keys rotate and cannot be deleted hastily",
				Severity:            SeverityMedium,
				Kind:                KindResource,
				Controls:            []string{"CRY-X2"},
				AWSConfigRules:      []string{"cmk-backing-key-rotation-enabled", "kms-cmk-not-scheduled-for-deletion"},
				SecurityHubControls: []string{"KMS.4", "KMS.3"},
				ResourceTypes:       []string{"aws_kms_key"},
				Rationale: "Key rotation bounds how much data one key protects; a short deletion window lets an intruder " +
					"destroy the key that protects logs and backups before anyone notices.",
				Remediation: "Set enable_key_rotation = true (rotation_period_in_days ≤ 365) and a deletion_window_in_days of at least the configured minimum.",
				RemediationHCL: `resource "aws_kms_key" "logs" {
  enable_key_rotation     = true
  rotation_period_in_days = 365
  deletion_window_in_days = 30
}`,
				Params: []Param{
					{Name: "max_rotation_period_days", Description: "longest accepted rotation_period_in_days", Default: 365},
					{Name: "min_deletion_window_days", Description: "shortest accepted deletion_window_in_days (unset means 30)", Default: 30},
				},
			},
			CheckResource: checkKMSKeyRotation,
		},
		{
			Metadata: Metadata{
				ID:       "CRY-R22",
				Title:    "Block storage and databases are encrypted at rest",
				Severity: SeverityHigh,
				Kind:     KindResource,
				Controls: []string{"CRY-X1"},
				AWSConfigRules: []string{"ec2-ebs-encryption-by-default", "encrypted-volumes", "ec2-launch-templates-ebs-volume-encrypted",
					"rds-storage-encrypted", "rds-cluster-encrypted-at-rest", "efs-encrypted-check"},
				SecurityHubControls: []string{"EC2.7", "EC2.3", "EC2.181", "RDS.3", "RDS.27", "EFS.1"},
				ResourceTypes:       atRestTypes(),
				Rationale: "Snapshots, detached volumes and backups leave the running system; encryption at rest keeps " +
					"subscriber and network data unreadable without the key.",
				Remediation: "Enable EBS encryption by default for the account (aws_ebs_encryption_by_default), or set " +
					"encrypted / storage_encrypted = true on each volume, device mapping, database and file system.",
				RemediationHCL: `resource "aws_ebs_encryption_by_default" "this" {
  enabled = true
}

resource "aws_db_instance" "main" {
  # …
  storage_encrypted = true
}`,
			},
			CheckResource: checkEncryptedAtRest,
		},
	}
}

func checkKMSKeyRotation(ev *Evaluation, key *plan.Resource) []Finding {
	v := key.Value()
	spec, st := String(At(v, "customer_master_key_spec"))
	if st == Known && spec != "SYMMETRIC_DEFAULT" {
		return []Finding{NotApplicable(key, "AWS rotates only symmetric keys; this key is %s", spec)}
	}
	var out []Finding
	rotation, st := Bool(At(v, "enable_key_rotation"))
	switch {
	case st == AfterApply:
		out = append(out, Undecidable(key, "enable_key_rotation", "enable_key_rotation is known only after apply"))
	case !rotation:
		out = append(out, Fail(key, "enable_key_rotation", "automatic key rotation is off"))
	default:
		period, st := Int(At(v, "rotation_period_in_days"))
		if st == Known && period > int64(ev.Int("max_rotation_period_days")) {
			out = append(out, Fail(key, "rotation_period_in_days", "rotation_period_in_days is %d, above the maximum of %d", period, ev.Int("max_rotation_period_days")))
		}
	}
	window, st := Int(At(v, "deletion_window_in_days"))
	if st == Null {
		window, st = 30, Known // the AWS default
	}
	switch {
	case st == AfterApply:
		out = append(out, Undecidable(key, "deletion_window_in_days", "deletion_window_in_days is known only after apply"))
	case window < int64(ev.Int("min_deletion_window_days")):
		out = append(out, Fail(key, "deletion_window_in_days", "deletion_window_in_days is %d, below the minimum of %d", window, ev.Int("min_deletion_window_days")))
	}
	if len(out) == 0 {
		return []Finding{Pass(key, "rotation on, deletion window %d days", window)}
	}
	return out
}

// encryptionSwitch is where one resource type records encryption at rest.
// Path steps address nested blocks; "*" visits every element of a block list.
type encryptionSwitch struct {
	path []any
	// ebs marks EBS-backed storage, which account-level default encryption
	// covers whatever the resource says.
	ebs bool
	// optional marks a block list whose absence means there is no such
	// storage (an instance's extra ebs_block_device volumes), unlike
	// root_block_device: the root volume exists whether or not it is
	// configured.
	optional bool
}

var encryptionByType = map[string][]encryptionSwitch{
	"aws_ebs_volume":                {{path: []any{"encrypted"}, ebs: true}},
	"aws_instance":                  {{path: []any{"root_block_device", "*", "encrypted"}, ebs: true}, {path: []any{"ebs_block_device", "*", "encrypted"}, ebs: true, optional: true}},
	"aws_launch_template":           {{path: []any{"block_device_mappings", "*", "ebs", "*", "encrypted"}, ebs: true}},
	"aws_db_instance":               {{path: []any{"storage_encrypted"}}},
	"aws_rds_cluster":               {{path: []any{"storage_encrypted"}}},
	"aws_efs_file_system":           {{path: []any{"encrypted"}}},
	"aws_ebs_encryption_by_default": {{path: []any{"enabled"}}},
}

func atRestTypes() []string {
	return []string{"aws_db_instance", "aws_ebs_encryption_by_default", "aws_ebs_volume", "aws_efs_file_system",
		"aws_instance", "aws_launch_template", "aws_rds_cluster"}
}

// ebsEncryptedByDefault reports whether the account encrypts new EBS
// volumes: declared elsewhere, or enabled by this plan.
func ebsEncryptedByDefault(ev *Evaluation) (bool, *plan.Resource) {
	if ev.ProvidedElsewhere("ebs_encryption") {
		return true, nil
	}
	if r := csBaselineOn(ev.Plan, csPartEBS); r != nil {
		return true, r
	}
	for _, r := range ev.Plan.OfType("aws_ebs_encryption_by_default") {
		if r.Deleted() || r.Mode != plan.ModeManaged {
			continue
		}
		on, st := Bool(At(r.Value(), "enabled"))
		if st == Null || (st == Known && on) {
			return true, r
		}
	}
	return false, nil
}

func checkEncryptedAtRest(ev *Evaluation, r *plan.Resource) []Finding {
	if r.Type == "aws_ebs_encryption_by_default" {
		on, st := Bool(At(r.Value(), "enabled"))
		switch {
		case st == AfterApply:
			return []Finding{Undecidable(r, "enabled", "enabled is known only after apply")}
		case st == Known && !on:
			return []Finding{Fail(r, "enabled", "EBS encryption by default is turned off")}
		}
		return []Finding{Pass(r, "EBS encryption by default is on")}
	}
	var out []Finding
	checked := 0
	for _, sw := range encryptionByType[r.Type] {
		if sw.ebs {
			if on, by := ebsEncryptedByDefault(ev); on {
				if by != nil {
					return []Finding{Pass(r, "EBS encryption by default is enabled by %s", by.Address)}
				}
				return []Finding{Pass(r, "EBS encryption by default is provided elsewhere (config: provided_elsewhere)")}
			}
		}
		walkPath(r.Value(), sw.path, nil, func(v cty.Value, path []any) {
			if sw.optional && len(path) < len(sw.path) && !configuresPath(r, path) {
				// The walk stopped at an unconfigured block list that the
				// provider fills after apply: it declares no volume.
				return
			}
			checked++
			attr := AttrPath(path...)
			on, st := Bool(v)
			if st == AfterApply && !configuresPath(r, path) {
				// Optional+Computed and not set: AWS applies its default.
				st = Null
			}
			switch {
			case st == AfterApply:
				out = append(out, Undecidable(r, attr, "%s is known only after apply", attr))
			case !on && st == Null && sw.ebs:
				out = append(out, Fail(r, attr, "%s is unset and EBS encryption by default is not enabled in this plan "+
					"(declare provided_elsewhere: [ebs_encryption] if the account enables it)", attr))
			case !on && st == Null:
				out = append(out, Fail(r, attr, "%s is unset: AWS stores the data unencrypted by default", attr))
			case !on:
				out = append(out, Fail(r, attr, "%s is %s: data is stored unencrypted", attr, Display(v)))
			}
		})
	}
	if len(out) == 0 {
		if checked == 0 {
			return []Finding{NotApplicable(r, "no block devices or storage declared")}
		}
		return []Finding{Pass(r, "encrypted at rest")}
	}
	return out
}

// walkPath calls fn for every value reached by path, expanding "*" over the
// elements of a block list, with the concrete path taken.
func walkPath(v cty.Value, path []any, taken []any, fn func(cty.Value, []any)) {
	if len(path) == 0 {
		fn(v, taken)
		return
	}
	step := path[0]
	if s, ok := step.(string); ok && s == "*" {
		// Only the list itself being unknown stops the walk: a known list
		// whose blocks hold computed attributes (volume_id, device_name)
		// still has known elements to judge.
		if v != cty.NilVal && !v.IsKnown() {
			fn(v, taken)
			return
		}
		for i, e := range Elements(v) {
			walkPath(e, path[1:], append(taken[:len(taken):len(taken)], i), fn)
		}
		return
	}
	walkPath(At(v, step), path[1:], append(taken[:len(taken):len(taken)], step), fn)
}

// configuresPath reports whether r's configuration sets the argument at path
// (top-level name, then block index and name steps). Unknown values of
// arguments the configuration leaves unset are provider defaults, not
// pending expressions. Without configuration it answers true.
func configuresPath(r *plan.Resource, path []any) bool {
	if r.Config == nil || len(path) == 0 {
		return true
	}
	name, _ := path[0].(string)
	expr := r.Config.Expressions[name]
	for _, step := range path[1:] {
		if expr == nil {
			return false
		}
		switch s := step.(type) {
		case int:
			if len(expr.Blocks) == 0 {
				return true // an expression (not blocks) sets the whole list
			}
			if s >= len(expr.Blocks) {
				return false
			}
			next := expr.Blocks[s]
			expr = &plan.Expression{Blocks: []map[string]*plan.Expression{next}}
		case string:
			if len(expr.Blocks) != 1 {
				return true
			}
			expr = expr.Blocks[0][s]
		}
	}
	return expr != nil
}

// cryptoPackRules are the CRY-Rxx rules beyond the seed rules above
// (guidance §3.5 and §4).
func cryptoPackRules() []*Rule {
	return []*Rule{
		{
			Metadata: Metadata{
				ID:            "CRY-R01",
				Title:         "Site-to-site VPN tunnels use only AES-256 encryption",
				Severity:      SeverityHigh,
				Kind:          KindResource,
				Controls:      []string{"CRY-01", "CRY-02", "CRY-03"},
				ResourceTypes: []string{"aws_vpn_connection"},
				Rationale: "The guidance's VPN profile allows only AES-256 for IKE and IPsec. When the tunnel options leave the " +
					"encryption list unset, AWS also offers AES-128 (and AES-128-GCM), so a misconfigured or hostile peer can " +
					"negotiate the weaker cipher.",
				Remediation: "Set tunnel1_phase1_encryption_algorithms, tunnel1_phase2_encryption_algorithms and the tunnel2 " +
					"equivalents to AES256 and/or AES256-GCM-16 only.",
				RemediationHCL: `resource "aws_vpn_connection" "core" {
  customer_gateway_id = aws_customer_gateway.core.id
  transit_gateway_id  = aws_ec2_transit_gateway.core.id
  type                = "ipsec.1"

  tunnel1_phase1_encryption_algorithms = ["AES256-GCM-16"]
  tunnel1_phase2_encryption_algorithms = ["AES256-GCM-16"]
  tunnel2_phase1_encryption_algorithms = ["AES256-GCM-16"]
  tunnel2_phase2_encryption_algorithms = ["AES256-GCM-16"]
}`,
				Params: []Param{{
					Name:        "allowed_encryption_algorithms",
					Description: "IKE/IPsec encryption algorithms a tunnel may offer",
					Default:     []string{"AES256", "AES256-GCM-16"},
				}},
			},
			CheckResource: func(ev *Evaluation, r *plan.Resource) []Finding {
				return checkTunnelStringSets(r, "encryption_algorithms", ev.Strings("allowed_encryption_algorithms"),
					"AWS then also offers AES128 and AES128-GCM-16")
			},
		},
		{
			Metadata: Metadata{
				ID:            "CRY-R02",
				Title:         "Site-to-site VPN tunnels use only SHA-384/512 integrity",
				Severity:      SeverityHigh,
				Kind:          KindResource,
				Controls:      []string{"CRY-03", "CRY-02"},
				ResourceTypes: []string{"aws_vpn_connection"},
				Rationale: "The guidance's VPN profile requires SHA-384 or SHA-512 for integrity. Unset integrity lists let AWS " +
					"negotiate SHA-1 and SHA2-256.",
				Remediation: "Set the four tunnel{1,2}_phase{1,2}_integrity_algorithms lists to SHA2-384 and/or SHA2-512.",
				RemediationHCL: `resource "aws_vpn_connection" "core" {
  # …
  tunnel1_phase1_integrity_algorithms = ["SHA2-384"]
  tunnel1_phase2_integrity_algorithms = ["SHA2-384"]
  tunnel2_phase1_integrity_algorithms = ["SHA2-384"]
  tunnel2_phase2_integrity_algorithms = ["SHA2-384"]
}`,
				Params: []Param{{
					Name:        "allowed_integrity_algorithms",
					Description: "IKE/IPsec integrity algorithms a tunnel may offer",
					Default:     []string{"SHA2-384", "SHA2-512"},
				}},
			},
			CheckResource: func(ev *Evaluation, r *plan.Resource) []Finding {
				return checkTunnelStringSets(r, "integrity_algorithms", ev.Strings("allowed_integrity_algorithms"),
					"AWS then also offers SHA1 and SHA2-256")
			},
		},
		{
			Metadata: Metadata{
				ID:            "CRY-R03",
				Title:         "Site-to-site VPN tunnels use only strong Diffie-Hellman groups",
				Severity:      SeverityHigh,
				Kind:          KindResource,
				Controls:      []string{"CRY-01", "CRY-03"},
				ResourceTypes: []string{"aws_vpn_connection"},
				Rationale: "The guidance names DH groups 15, 16 and 20 for key exchange. AWS's default set also contains the " +
					"1024/2048-bit MODP groups 2 and 14, which give far less than 128-bit security.",
				Remediation: "Set tunnel{1,2}_phase{1,2}_dh_group_numbers to a subset of [15, 16, 20] (extend the list with the " +
					"allowed_dh_groups parameter, e.g. 19, 21 or 24, if your policy allows them).",
				RemediationHCL: `resource "aws_vpn_connection" "core" {
  # …
  tunnel1_phase1_dh_group_numbers = [20]
  tunnel1_phase2_dh_group_numbers = [20]
  tunnel2_phase1_dh_group_numbers = [20]
  tunnel2_phase2_dh_group_numbers = [20]
}`,
				Params: []Param{{
					Name:        "allowed_dh_groups",
					Description: "Diffie-Hellman group numbers a tunnel may offer",
					Default:     []int{15, 16, 20},
				}},
			},
			CheckResource: checkTunnelDHGroups,
		},
		{
			Metadata: Metadata{
				ID:            "CRY-R04",
				Title:         "Site-to-site VPN tunnels use IKEv2 only",
				Severity:      SeverityMedium,
				Kind:          KindResource,
				Controls:      []string{"CRY-02"},
				ResourceTypes: []string{"aws_vpn_connection"},
				Rationale: "Unused VPN features should be disabled. Unless restricted, AWS tunnels accept IKEv1, whose aggressive " +
					"mode and weaker negotiation the guidance's profile does not need.",
				Remediation: "Set tunnel1_ike_versions and tunnel2_ike_versions to [\"ikev2\"].",
				RemediationHCL: `resource "aws_vpn_connection" "core" {
  # …
  tunnel1_ike_versions = ["ikev2"]
  tunnel2_ike_versions = ["ikev2"]
}`,
			},
			CheckResource: func(_ *Evaluation, r *plan.Resource) []Finding {
				return checkTunnelStringSets(r, "ike_versions", []string{"ikev2"}, "AWS then accepts IKEv1 as well")
			},
		},
		{
			Metadata: Metadata{
				ID:            "CRY-R05",
				Title:         "VPN peers authenticate with certificates, never with a pre-shared key written in code",
				Severity:      SeverityHigh,
				Kind:          KindResource,
				Controls:      []string{"CRY-06", "CRY-01"},
				ResourceTypes: []string{"aws_customer_gateway", "aws_vpn_connection"},
				Rationale: "PKI certificates are the guidance's preferred authentication. A pre-shared key typed into the " +
					"configuration ends up in version control and in every plan file, so anyone who reads them can impersonate the peer.",
				Remediation: "Give the customer gateway a certificate_arn from ACM Private CA; if a PSK is unavoidable, let AWS " +
					"generate it or read it from a secret store, never write it as a literal.",
				RemediationHCL: `resource "aws_customer_gateway" "core" {
  bgp_asn         = 65010
  ip_address      = "198.51.100.10"
  type            = "ipsec.1"
  certificate_arn = aws_acmpca_certificate.vpn_peer.arn
}`,
				Params: []Param{{
					Name:        "require_certificate_auth",
					Description: "fail customer gateways that have no certificate_arn (PSK authentication)",
					Default:     true,
				}},
			},
			CheckResource: checkVPNAuthentication,
		},
		{
			Metadata: Metadata{
				ID:                  "CRY-R06",
				Title:               "Load balancer TLS listeners use an approved TLS 1.3 security policy",
				Severity:            SeverityHigh,
				Kind:                KindResource,
				Controls:            []string{"CRY-05"},
				AWSConfigRules:      []string{"elbv2-predefined-security-policy-ssl-check"},
				SecurityHubControls: []string{"ELB.17"},
				ResourceTypes:       []string{"aws_alb_listener", "aws_lb_listener"},
				Rationale: "The guidance asks for TLS 1.3 with strong cipher suites on every TLS-capable service. An HTTPS or " +
					"TLS listener without ssl_policy gets ELBSecurityPolicy-2016-08 from the API, which still accepts TLS 1.0.",
				Remediation: "Set ssl_policy to a TLS 1.3 policy from the approved catalog, e.g. ELBSecurityPolicy-TLS13-1-3-PQ-2025-09 " +
					"(or, with tls13_only = false, ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09 for clients that need TLS 1.2).",
				RemediationHCL: `resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.front.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09"
  certificate_arn   = aws_acm_certificate.front.arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}`,
				Params: tlsParams("", "elbv2", TLSLevelTLS13, true, true),
			},
			CheckResource: checkListenerTLSPolicy,
		},
		{
			Metadata: Metadata{
				ID:                  "CRY-R07",
				Title:               "Plain-text load balancer listeners only redirect to HTTPS",
				Severity:            SeverityHigh,
				Kind:                KindResource,
				Controls:            []string{"CRY-04", "VUL-01"},
				AWSConfigRules:      []string{"alb-http-to-https-redirection-check", "elbv2-listener-encryption-in-transit"},
				SecurityHubControls: []string{"ELB.1", "ELB.18"},
				ResourceTypes:       []string{"aws_alb_listener", "aws_lb_listener"},
				Rationale: "Traffic should be encrypted end to end. An HTTP listener that forwards requests serves credentials " +
					"and session cookies in the clear; a TCP listener on a plaintext protocol port does the same for that protocol.",
				Remediation: "Make HTTP listeners answer with a redirect to HTTPS, and terminate TLS (protocol TLS) on network " +
					"load balancer listeners for plaintext service ports.",
				RemediationHCL: `resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.front.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"
    redirect {
      protocol    = "HTTPS"
      port        = "443"
      status_code = "HTTP_301"
    }
  }
}`,
				Params: []Param{{
					Name:        "plaintext_ports",
					Description: "TCP/UDP ports whose protocol is plaintext; NLB listeners on them must use TLS (tcp:PORT or tcp:FROM-TO)",
					Default:     defaultPlaintextPorts(),
					Check:       checkPortRanges,
				}},
			},
			CheckResource: checkListenerPlaintext,
		},
		{
			Metadata: Metadata{
				ID:                  "CRY-R08",
				Title:               "Classic load balancers use only HTTPS/SSL listeners with a TLS 1.2 policy",
				Severity:            SeverityHigh,
				Kind:                KindResource,
				Controls:            []string{"CRY-05"},
				AWSConfigRules:      []string{"elb-tls-https-listeners-only", "elb-predefined-security-policy-ssl-check", "elb-custom-security-policy-ssl-check"},
				SecurityHubControls: []string{"ELB.3", "ELB.8"},
				ResourceTypes:       []string{"aws_elb", "aws_lb_ssl_negotiation_policy", "aws_load_balancer_policy"},
				Rationale: "Classic load balancers cannot offer TLS 1.3 and default to a policy that accepts TLS 1.0. Until they " +
					"are migrated, their listeners must at least be encrypted and pinned to the TLS 1.2 policy.",
				Remediation: "Use HTTPS/SSL listeners only and attach an SSLNegotiationPolicyType policy whose " +
					"Reference-Security-Policy is ELBSecurityPolicy-TLS-1-2-2017-01; plan a migration to an ALB/NLB with a TLS 1.3 policy.",
				RemediationHCL: `resource "aws_load_balancer_policy" "tls12" {
  load_balancer_name = aws_elb.legacy.name
  policy_name        = "tls12"
  policy_type_name   = "SSLNegotiationPolicyType"

  policy_attribute {
    name  = "Reference-Security-Policy"
    value = "ELBSecurityPolicy-TLS-1-2-2017-01"
  }
}`,
				Params: tlsParams("", "elb", TLSLevelTLS12, false, false),
			},
			CheckResource: checkClassicELB,
		},
		{
			Metadata: Metadata{
				ID:            "CRY-R09",
				Title:         "TLS load balancer listeners reach their targets over TLS too",
				Severity:      SeverityMedium,
				Kind:          KindCross,
				Controls:      []string{"CRY-04"},
				ResourceTypes: []string{"aws_alb_listener", "aws_lb_listener", "aws_lb_target_group"},
				Rationale: "The guidance asks for encryption end to end as far as possible. A listener that terminates TLS and " +
					"forwards to an HTTP or TCP target group carries the decrypted traffic across the VPC in the clear.",
				Remediation: "Give target groups behind HTTPS/TLS listeners protocol HTTPS (ALB) or TLS (NLB), with certificates on the targets.",
				RemediationHCL: `resource "aws_lb_target_group" "app" {
  name     = "app"
  port     = 8443
  protocol = "HTTPS"
  vpc_id   = aws_vpc.main.id
}`,
				Params: []Param{{
					Name:        "encrypted_target_protocols",
					Description: "target group protocols that count as encrypted",
					Default:     []string{"HTTPS", "TLS"},
				}},
			},
			CheckResource: checkListenerTargetEncryption,
		},
		{
			Metadata: Metadata{
				ID:                  "CRY-R10",
				Title:               "CloudFront uses HTTPS to viewers and origins with a modern TLS policy",
				Severity:            SeverityHigh,
				Kind:                KindResource,
				Controls:            []string{"CRY-04", "CRY-05", "CRY-06"},
				AWSConfigRules:      []string{"cloudfront-viewer-policy-https", "cloudfront-security-policy-check", "cloudfront-custom-ssl-certificate", "cloudfront-sni-enabled", "cloudfront-traffic-to-origin-encrypted", "cloudfront-no-deprecated-ssl-protocols"},
				SecurityHubControls: []string{"CloudFront.3", "CloudFront.15", "CloudFront.7", "CloudFront.8", "CloudFront.9", "CloudFront.10"},
				ResourceTypes:       []string{"aws_cloudfront_distribution"},
				Rationale: "Every hop should be encrypted with current TLS. CloudFront's default certificate pins the viewer " +
					"policy to TLSv1; allow-all behaviours serve plain HTTP; http-only or match-viewer origins and SSLv3/TLSv1 " +
					"origin protocols downgrade the origin leg.",
				Remediation: "Use redirect-to-https or https-only on every behaviour, an ACM certificate with sni-only and " +
					"minimum_protocol_version TLSv1.2_2021 or newer (TLSv1.3_2025 where clients allow), and https-only custom " +
					"origins with origin_ssl_protocols = [\"TLSv1.2\"].",
				RemediationHCL: `resource "aws_cloudfront_distribution" "portal" {
  # …
  default_cache_behavior {
    viewer_protocol_policy = "redirect-to-https"
    # …
  }
  viewer_certificate {
    acm_certificate_arn      = aws_acm_certificate.portal.arn
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2025"
  }
}`,
				Params: append(tlsParams("", "cloudfront", TLSLevelTLS13, false, true),
					Param{Name: "allowed_origin_ssl_protocols", Description: "TLS versions CloudFront may use towards custom origins", Default: []string{"TLSv1.2"}}),
			},
			CheckResource: checkCloudFrontTLS,
		},
		{
			Metadata: Metadata{
				ID:                  "CRY-R11",
				Title:               "API Gateway custom domains use a TLS 1.2+ policy and stages authenticate to backends",
				Severity:            SeverityMedium,
				Kind:                KindResource,
				Controls:            []string{"CRY-04", "CRY-05"},
				AWSConfigRules:      []string{"api-gw-ssl-enabled"},
				SecurityHubControls: []string{"APIGateway.2"},
				ResourceTypes:       []string{"aws_api_gateway_domain_name", "aws_api_gateway_stage", "aws_apigatewayv2_domain_name"},
				Rationale: "Custom domains on the TLS_1_0 policy accept TLS 1.0/1.1. A REST stage without a client certificate " +
					"gives HTTPS backends no way to tell API Gateway's calls from anyone else's.",
				Remediation: "Set security_policy to TLS_1_2 or an enhanced SecurityPolicy_TLS13_* policy, and give REST stages a " +
					"client_certificate_id that the backend verifies.",
				RemediationHCL: `resource "aws_api_gateway_domain_name" "api" {
  domain_name              = "api.example.net"
  regional_certificate_arn = aws_acm_certificate.api.arn
  security_policy          = "SecurityPolicy_TLS13_1_3_2025_09"
  endpoint_access_mode     = "STRICT"
  endpoint_configuration {
    types = ["REGIONAL"]
  }
}`,
				Params: append(append(tlsParams("", "apigateway", TLSLevelTLS12, false, true),
					Param{Name: "v2_minimum_level", Description: "weakest accepted apigatewayv2 policy level (only TLS_1_2 exists)", Default: TLSLevelTLS12, Check: checkTLSLevel}),
					Param{Name: "require_backend_client_certificate", Description: "fail REST stages without client_certificate_id", Default: true}),
			},
			CheckResource: checkAPIGatewayTLS,
		},
		{
			Metadata: Metadata{
				ID:       "CRY-R12",
				Title:    "Managed data services encrypt traffic in transit",
				Severity: SeverityHigh,
				Kind:     KindResource,
				Controls: []string{"CRY-04"},
				AWSConfigRules: []string{"opensearch-https-required", "opensearch-node-to-node-encryption-check", "elasticache-repl-grp-encrypted-in-transit",
					"msk-in-cluster-node-require-tls", "redshift-require-tls-ssl", "rds-mysql-instance-encrypted-in-transit",
					"rds-postgres-instance-encrypted-in-transit", "dms-endpoint-ssl-configured", "docdb-cluster-encrypted-in-transit"},
				SecurityHubControls: []string{"Opensearch.8", "Opensearch.3", "ElastiCache.5", "MSK.1", "Redshift.2", "RDS.41", "RDS.44", "DMS.9", "DocumentDB.6", "EMR.4"},
				ResourceTypes:       inTransitTypes(),
				Rationale: "Database, cache, search and streaming protocols carry subscriber data and credentials. Unless TLS " +
					"is required by the service configuration, clients can connect in the clear and an on-path attacker reads everything.",
				Remediation: "Require TLS on each service: OpenSearch enforce_https with Policy-Min-TLS-1-2-PFS-2023-10 and " +
					"node-to-node encryption; ElastiCache transit encryption in required mode; MSK TLS client-broker and in-cluster; " +
					"require_ssl / rds.force_ssl / require_secure_transport / tls parameters; DMS ssl_mode other than none; EMR in-transit encryption.",
				RemediationHCL: `resource "aws_opensearch_domain" "logs" {
  # …
  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"
  }
  node_to_node_encryption {
    enabled = true
  }
}

resource "aws_db_parameter_group" "pg" {
  family = "postgres16"
  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
}`,
				Params: tlsParams("opensearch_", "opensearch", TLSLevelTLS13, false, false),
			},
			CheckResource: checkInTransitEncryption,
		},
		{
			Metadata: Metadata{
				ID:                  "CRY-R13",
				Title:               "S3 buckets refuse requests that are not sent over TLS",
				Severity:            SeverityMedium,
				Kind:                KindCross,
				Controls:            []string{"CRY-04", "CRY-05"},
				AWSConfigRules:      []string{"s3-bucket-ssl-requests-only"},
				SecurityHubControls: []string{"S3.5"},
				ResourceTypes:       []string{"aws_s3_bucket", "aws_s3_bucket_policy"},
				Rationale: "S3 still answers plain-HTTP requests unless the bucket policy denies them. A deny on " +
					"aws:SecureTransport = false (and optionally on s3:TlsVersion below 1.2) makes encryption in transit mandatory.",
				Remediation: "Attach an aws_s3_bucket_policy with a Deny statement for all principals and s3:* when " +
					"aws:SecureTransport is false (plus NumericLessThan s3:TlsVersion 1.2 if min_tls_version is set).",
				RemediationHCL: `resource "aws_s3_bucket_policy" "tls_only" {
  bucket = aws_s3_bucket.data.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.data.arn, "${aws_s3_bucket.data.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}`,
				Params: []Param{{
					Name:        "min_tls_version",
					Description: "when set (e.g. \"1.2\"), also require a Deny on s3:TlsVersion below this version",
					Default:     "",
				}},
			},
			CheckResource: checkBucketTLSOnly,
		},
		{
			Metadata: Metadata{
				ID:            "CRY-R14",
				Title:         "Direct Connect links require MACsec encryption",
				Severity:      SeverityMedium,
				Kind:          KindResource,
				Controls:      []string{"CRY-04"},
				ResourceTypes: []string{"aws_dx_connection"},
				Rationale: "Direct Connect is a private circuit but not an encrypted one; traffic crosses carrier and colocation " +
					"equipment in the clear unless MACsec (or an IPsec VPN over the link) encrypts it.",
				Remediation: "Order a MACsec-capable dedicated connection, set encryption_mode = \"must_encrypt\" and associate a " +
					"MACsec key (aws_dx_macsec_key_association); otherwise run a site-to-site VPN over the link and exclude the connection by config.",
				RemediationHCL: `resource "aws_dx_connection" "core" {
  name            = "core-dx"
  bandwidth       = "10Gbps"
  location        = "EqDC2"
  request_macsec  = true
  encryption_mode = "must_encrypt"
}`,
			},
			CheckResource: checkDirectConnectMACsec,
		},
		{
			Metadata: Metadata{
				ID:                  "CRY-R15",
				Title:               "TLS certificates are issued and renewed by ACM, not uploaded",
				Severity:            SeverityMedium,
				Kind:                KindResource,
				Controls:            []string{"CRY-06", "CRY-07"},
				AWSConfigRules:      []string{"elb-acm-certificate-required", "elbv2-acm-certificate-required", "iam-server-certificate-expiration-check"},
				SecurityHubControls: []string{"ELB.2", "IAM.26"},
				ResourceTypes:       []string{"aws_acm_certificate", "aws_alb_listener", "aws_iam_server_certificate", "aws_lb_listener", "aws_lb_listener_certificate"},
				Rationale: "Uploaded certificates (imported into ACM or stored as IAM server certificates) are not renewed " +
					"automatically, and their private keys pass through the configuration and state. ACM-issued certificates renew themselves.",
				Remediation: "Request certificates from ACM (public or Private CA) and point listeners at their ARNs instead of " +
					"importing key material or using IAM server certificates.",
				RemediationHCL: `resource "aws_acm_certificate" "front" {
  domain_name       = "portal.example.net"
  validation_method = "DNS"
  key_algorithm     = "EC_secp384r1"
}`,
			},
			CheckResource: checkManagedCertificates,
		},
		{
			Metadata: Metadata{
				ID:                  "CRY-R16",
				Title:               "Certificate keys are RSA-3072+ or ECDSA P-384+",
				Severity:            SeverityMedium,
				Kind:                KindResource,
				Controls:            []string{"CRY-05", "CRY-06"},
				AWSConfigRules:      []string{"acm-certificate-rsa-check"},
				SecurityHubControls: []string{"ACM.2"},
				ResourceTypes:       []string{"aws_acm_certificate", "aws_acmpca_certificate_authority"},
				Rationale: "Strong TLS needs strong keys. ACM defaults to RSA-2048; CNSA-aligned profiles, which the guidance " +
					"points to, want RSA-3072 or larger, or ECDSA on P-384.",
				Remediation: "Set key_algorithm to RSA_3072, RSA_4096, EC_secp384r1 or EC_secp521r1 on certificates and private CAs.",
				RemediationHCL: `resource "aws_acm_certificate" "front" {
  domain_name       = "portal.example.net"
  validation_method = "DNS"
  key_algorithm     = "EC_secp384r1"
}`,
				Params: []Param{{
					Name:        "allowed_key_algorithms",
					Description: "accepted key algorithms (add RSA_2048 for the relaxed minimum)",
					Default:     []string{"RSA_3072", "RSA_4096", "EC_secp384r1", "EC_secp521r1"},
				}},
			},
			CheckResource: checkCertificateKeyAlgorithm,
		},
		{
			Metadata: Metadata{
				ID:                  "CRY-R17",
				Title:               "ACM certificates renew automatically (DNS validation managed, or private CA)",
				Severity:            SeverityMedium,
				Kind:                KindCross,
				Controls:            []string{"CRY-07"},
				AWSConfigRules:      []string{"acm-certificate-expiration-check"},
				SecurityHubControls: []string{"ACM.1"},
				ResourceTypes:       []string{"aws_acm_certificate", "aws_acm_certificate_validation"},
				Rationale: "Expired certificates break services or push operators to disable verification. ACM renews " +
					"automatically only when DNS validation records stay in place or a private CA issues the certificate; " +
					"e-mail validation and imported certificates need a human each time.",
				Remediation: "Use validation_method = \"DNS\" with the validation records and an aws_acm_certificate_validation " +
					"managed in this configuration, or issue from ACM Private CA (certificate_authority_arn).",
				RemediationHCL: `resource "aws_acm_certificate" "front" {
  domain_name       = "portal.example.net"
  validation_method = "DNS"
}

resource "aws_route53_record" "front_validation" {
  for_each = { for o in aws_acm_certificate.front.domain_validation_options : o.domain_name => o }
  zone_id  = aws_route53_zone.public.zone_id
  name     = each.value.resource_record_name
  type     = each.value.resource_record_type
  records  = [each.value.resource_record_value]
  ttl      = 300
}

resource "aws_acm_certificate_validation" "front" {
  certificate_arn         = aws_acm_certificate.front.arn
  validation_record_fqdns = [for r in aws_route53_record.front_validation : r.fqdn]
}`,
			},
			CheckResource: checkCertificateRenewal,
		},
		{
			Metadata: Metadata{
				ID:            "CRY-R18",
				Title:         "EC2 SSH key pairs are Ed25519, ECDSA P-384+ or RSA-3072+",
				Severity:      SeverityMedium,
				Kind:          KindResource,
				Controls:      []string{"CRY-08"},
				ResourceTypes: []string{"aws_key_pair"},
				Rationale: "The guidance asks for SSHv2 with RSA keys of at least 3072 bits. Shorter RSA keys and DSA keys " +
					"can be attacked offline once the public key is known.",
				Remediation: "Generate a new key with `ssh-keygen -t ed25519` (or `-t rsa -b 4096`) and import its public key.",
				RemediationHCL: `resource "aws_key_pair" "ops" {
  key_name   = "ops-2026"
  public_key = file("${path.module}/keys/ops-2026.pub") # ssh-ed25519 …
}`,
				Params: []Param{
					{Name: "min_rsa_bits", Description: "smallest accepted RSA modulus in bits", Default: 3072},
					{Name: "allowed_key_types", Description: "accepted non-RSA key types", Default: []string{"ssh-ed25519", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"}},
				},
			},
			CheckResource: checkSSHKeyStrength,
		},
		{
			Metadata: Metadata{
				ID:                  "CRY-R19",
				Title:               "Transfer Family servers use a current security policy and no FTP",
				Severity:            SeverityHigh,
				Kind:                KindResource,
				Controls:            []string{"CRY-08", "VUL-01"},
				AWSConfigRules:      []string{"transfer-family-server-no-ftp"},
				SecurityHubControls: []string{"Transfer.2"},
				ResourceTypes:       []string{"aws_transfer_server"},
				Rationale: "Transfer Family defaults to TransferSecurityPolicy-2018-11, which still offers SHA-1 MACs and " +
					"group-14 key exchange; FTP sends credentials and files in the clear.",
				Remediation: "Set security_policy_name to TransferSecurityPolicy-2024-01 or newer (FIPS or PQ-SSH variants " +
					"included) and protocols to SFTP and/or FTPS only.",
				RemediationHCL: `resource "aws_transfer_server" "sftp" {
  protocols            = ["SFTP"]
  security_policy_name = "TransferSecurityPolicy-2025-03"
  endpoint_type        = "VPC"
  # …
}`,
				Params: tlsParams("", "transfer", TLSLevelTLS13, false, false),
			},
			CheckResource: checkTransferServerPolicy,
		},
		{
			Metadata: Metadata{
				ID:                  "CRY-R20",
				Title:               "Secrets are encrypted with a customer key and rotated at least every 90 days",
				Severity:            SeverityMedium,
				Kind:                KindCross,
				Controls:            []string{"CRY-09", "IAM-06"},
				AWSConfigRules:      []string{"secretsmanager-using-cmk", "secretsmanager-rotation-enabled-check", "secretsmanager-secret-periodic-rotation"},
				SecurityHubControls: []string{"SecretsManager.1", "SecretsManager.4"},
				ResourceTypes:       []string{"aws_secretsmanager_secret", "aws_secretsmanager_secret_rotation"},
				Rationale: "Shared secrets such as TACACS+/RADIUS keys must stay encrypted and change regularly. A customer-managed " +
					"key adds a separate permission between a reader and the secret; rotation limits how long a leaked secret works.",
				Remediation: "Set kms_key_id to a customer-managed key and add an aws_secretsmanager_secret_rotation with " +
					"rotation_rules.automatically_after_days ≤ 90 (or a schedule_expression).",
				RemediationHCL: `resource "aws_secretsmanager_secret" "tacacs" {
  name       = "network/tacacs-key"
  kms_key_id = aws_kms_key.secrets.arn
}

resource "aws_secretsmanager_secret_rotation" "tacacs" {
  secret_id           = aws_secretsmanager_secret.tacacs.id
  rotation_lambda_arn = aws_lambda_function.rotate_tacacs.arn
  rotation_rules {
    automatically_after_days = 30
  }
}`,
				Params: []Param{
					{Name: "max_rotation_days", Description: "longest accepted automatically_after_days", Default: 90},
					{Name: "require_customer_key", Description: "fail secrets encrypted with the AWS-managed aws/secretsmanager key", Default: true},
				},
			},
			CheckResource: checkSecretProtection,
		},
		{
			Metadata: Metadata{
				ID:            "CRY-R23",
				Title:         "Client VPN uses an ACM server certificate and certificate or federated (MFA) authentication",
				Severity:      SeverityHigh,
				Kind:          KindResource,
				Controls:      []string{"CRY-01", "IAM-05"},
				ResourceTypes: []string{"aws_ec2_client_vpn_endpoint"},
				Rationale: "Remote-access VPNs are a favourite entry point. Directory-only authentication is a password; mutual " +
					"certificates or a federated identity provider with MFA resist credential stuffing and phishing far better.",
				Remediation: "Use an ACM server certificate and an authentication_options block of type certificate-authentication " +
					"or federated-authentication (with MFA enforced at the IdP).",
				RemediationHCL: `resource "aws_ec2_client_vpn_endpoint" "ops" {
  server_certificate_arn = aws_acm_certificate.vpn_server.arn
  client_cidr_block      = "10.250.0.0/22"

  authentication_options {
    type                           = "federated-authentication"
    saml_provider_arn              = aws_iam_saml_provider.idp.arn
  }
  connection_log_options {
    enabled               = true
    cloudwatch_log_group  = aws_cloudwatch_log_group.vpn.name
  }
}`,
				Params: []Param{{
					Name:        "allowed_authentication_types",
					Description: "authentication_options types that satisfy the rule on their own",
					Default:     []string{"certificate-authentication", "federated-authentication"},
				}},
			},
			CheckResource: checkClientVPNAuth,
		},
	}
}

// ---- VPN tunnels (CRY-R01 … CRY-R05) ----

var tunnelPhases = []struct{ tunnel, phase int }{{1, 1}, {1, 2}, {2, 1}, {2, 2}}

// checkTunnelStringSets judges the four tunnel{1,2}_phase{1,2}_<suffix>
// lists (or, for "ike_versions", tunnel{1,2}_ike_versions) against allowed.
// Unset lists fail: the AWS default admits weaker options (why).
func checkTunnelStringSets(r *plan.Resource, suffix string, allowed []string, why string) []Finding {
	var attrs []string
	if suffix == "ike_versions" {
		attrs = []string{"tunnel1_ike_versions", "tunnel2_ike_versions"}
	} else {
		for _, tp := range tunnelPhases {
			attrs = append(attrs, fmt.Sprintf("tunnel%d_phase%d_%s", tp.tunnel, tp.phase, suffix))
		}
	}
	var out []Finding
	for _, attr := range attrs {
		v, st := attrOrDefault(r, attr)
		switch st {
		case AfterApply:
			out = append(out, Undecidable(r, attr, "%s is known only after apply", attr))
			continue
		case Null:
			out = append(out, Fail(r, attr, "%s is unset; %s", attr, why))
			continue
		}
		got, _ := Strings(v)
		if len(got) == 0 {
			out = append(out, Fail(r, attr, "%s is empty; %s", attr, why))
			continue
		}
		var bad []string
		for _, g := range got {
			if !slices.ContainsFunc(allowed, func(a string) bool { return strings.EqualFold(a, g) }) {
				bad = append(bad, g)
			}
		}
		if len(bad) > 0 {
			out = append(out, Fail(r, attr, "%s offers %s; allowed: %s", attr, strings.Join(bad, ", "), strings.Join(allowed, ", ")))
		}
	}
	if len(out) == 0 {
		return []Finding{Pass(r, "every tunnel restricts %s to %s", strings.ReplaceAll(suffix, "_", " "), strings.Join(allowed, ", "))}
	}
	return out
}

func checkTunnelDHGroups(ev *Evaluation, r *plan.Resource) []Finding {
	allowed := ev.Ints("allowed_dh_groups")
	var out []Finding
	for _, tp := range tunnelPhases {
		attr := fmt.Sprintf("tunnel%d_phase%d_dh_group_numbers", tp.tunnel, tp.phase)
		v, st := attrOrDefault(r, attr)
		switch st {
		case AfterApply:
			out = append(out, Undecidable(r, attr, "%s is known only after apply", attr))
			continue
		case Null:
			out = append(out, Fail(r, attr, "%s is unset; AWS then also offers MODP groups 2 and 14", attr))
			continue
		}
		var bad []string
		elems := Elements(v)
		for _, e := range elems {
			n, st := Int(e)
			if st == Known && !slices.Contains(allowed, int(n)) {
				bad = append(bad, fmt.Sprint(n))
			}
		}
		switch {
		case len(elems) == 0:
			out = append(out, Fail(r, attr, "%s is empty; AWS then also offers MODP groups 2 and 14", attr))
		case len(bad) > 0:
			out = append(out, Fail(r, attr, "%s offers DH group %s; allowed: %v", attr, strings.Join(bad, ", "), allowed))
		}
	}
	if len(out) == 0 {
		return []Finding{Pass(r, "every tunnel restricts Diffie-Hellman groups to %v", allowed)}
	}
	return out
}

func checkVPNAuthentication(ev *Evaluation, r *plan.Resource) []Finding {
	if r.Type == "aws_customer_gateway" {
		v, st := attrOrDefault(r, "certificate_arn")
		switch {
		case st == AfterApply:
			// A certificate_arn that is configured but not yet known is still a certificate.
			return []Finding{Pass(r, "the gateway authenticates with a certificate (ARN known after apply)")}
		case st == Known:
			return []Finding{Pass(r, "the gateway authenticates with certificate %s", Display(v))}
		case ev.Bool("require_certificate_auth"):
			return []Finding{Fail(r, "certificate_arn", "no certificate_arn: the VPN peer authenticates with a pre-shared key")}
		}
		return []Finding{Pass(r, "pre-shared-key authentication accepted by configuration (require_certificate_auth = false)")}
	}
	var out []Finding
	for _, attr := range []string{"tunnel1_preshared_key", "tunnel2_preshared_key"} {
		if lits := literalArguments(r, attr); len(lits) > 0 {
			out = append(out, Fail(r, attr, "%s is a literal in the configuration; it is readable in code, plans and state", attr))
		} else if ref, ok := variableWithLiteralDefault(r, attr); ok {
			out = append(out, Fail(r, attr, "%s comes from %s, whose default is written in the code", attr, ref))
		}
	}
	if len(out) == 0 {
		return []Finding{Pass(r, "no pre-shared key is written in the configuration")}
	}
	return out
}

// ---- Load balancers (CRY-R06 … CRY-R09, CRY-R15) ----

// listenerProtocol returns the upper-cased protocol of a listener; an unset
// protocol means HTTP for ALBs and TCP for NLBs, which the API decides — it
// is returned as "" with state Null.
func listenerProtocol(r *plan.Resource) (string, State) {
	v, st := attrOrDefault(r, "protocol")
	if st != Known {
		return "", st
	}
	s, _ := String(v)
	return strings.ToUpper(s), Known
}

func checkListenerTLSPolicy(ev *Evaluation, r *plan.Resource) []Finding {
	proto, st := listenerProtocol(r)
	switch {
	case st == AfterApply:
		return []Finding{Undecidable(r, "protocol", "protocol is known only after apply")}
	case proto != "HTTPS" && proto != "TLS":
		return []Finding{NotApplicable(r, "listener protocol %s does not terminate TLS", displayOr(proto, "unset (HTTP/TCP)"))}
	}
	cat, err := TLSPolicies()
	if err != nil {
		return []Finding{Undecidable(r, "ssl_policy", "TLS policy catalog unavailable: %v", err)}
	}
	v, st := attrOrDefault(r, "ssl_policy")
	switch st {
	case AfterApply:
		return []Finding{Undecidable(r, "ssl_policy", "ssl_policy is known only after apply")}
	case Null:
		return []Finding{Fail(r, "ssl_policy", "ssl_policy is unset; the API applies %s, which accepts TLS 1.0", cat.Services["elbv2"].DefaultPolicy)}
	}
	name, _ := String(v)
	verdict := cat.Judge("elbv2", name, tlsRequirement(ev, ""))
	if verdict.Approved {
		return []Finding{Pass(r, "%s", verdict.Reason)}
	}
	return []Finding{Fail(r, "ssl_policy", "%s", verdict.Reason)}
}

func displayOr(s, dflt string) string {
	if s == "" {
		return dflt
	}
	return s
}

func defaultPlaintextPorts() []string {
	return []string{"tcp:20-21", "tcp:23", "tcp:80", "tcp:445", "tcp:512-514", "tcp:2049", "tcp:4786", "udp:69", "udp:161-162", "udp:514"}
}

func checkListenerPlaintext(ev *Evaluation, r *plan.Resource) []Finding {
	proto, st := listenerProtocol(r)
	if st == AfterApply {
		return []Finding{Undecidable(r, "protocol", "protocol is known only after apply")}
	}
	switch proto {
	case "HTTPS", "TLS":
		return []Finding{Pass(r, "listener terminates %s", proto)}
	case "GENEVE":
		return []Finding{NotApplicable(r, "GENEVE listeners of gateway load balancers carry encapsulated traffic")}
	case "HTTP", "":
		return checkHTTPListenerOnlyRedirects(ev, r)
	}
	// TCP, UDP, TCP_UDP on a network load balancer.
	port, pst := Int(At(r.Value(), "port"))
	if pst == AfterApply {
		return []Finding{Undecidable(r, "port", "port is known only after apply")}
	}
	plain, err := ParsePortRanges(ev.Strings("plaintext_ports"))
	if err != nil {
		return []Finding{Undecidable(r, "", "plaintext_ports parameter: %v", err)}
	}
	for _, p := range plain {
		if int(port) >= p.From && int(port) <= p.To && (p.Protocol == strings.ToLower(proto) || proto == "TCP_UDP") {
			return []Finding{Fail(r, "protocol", "%s listener on %s passes a plaintext protocol through unencrypted; terminate TLS", proto, p)}
		}
	}
	return []Finding{Pass(r, "%s listener on port %d is not a plaintext service port", proto, port)}
}

// checkHTTPListenerOnlyRedirects passes an HTTP listener whose default
// action redirects to HTTPS and whose listener rules forward nothing.
func checkHTTPListenerOnlyRedirects(ev *Evaluation, r *plan.Resource) []Finding {
	verdict := checkHTTPListenerRedirects(r)
	if len(verdict) != 1 || verdict[0].Status != StatusPass {
		return verdict
	}
	// Listener rules can still forward plain HTTP past the redirect.
	for _, lr := range append(ev.Plan.ReferrersOf(r, "aws_lb_listener_rule", "listener_arn").Matched,
		ev.Plan.ReferrersOf(r, "aws_alb_listener_rule", "listener_arn").Matched...) {
		for i, a := range Elements(At(lr.Resource.Value(), "action")) {
			if t, _ := String(At(a, "type")); t == "forward" {
				f := Fail(r, "default_action", "the default action redirects, but listener rule %s forwards plain HTTP (action[%d])", lr.Resource.Address, i)
				f.Chain = lr.Chain
				return []Finding{f}
			}
		}
	}
	return verdict
}

// checkHTTPListenerRedirects passes an HTTP listener whose default action
// redirects to HTTPS.
func checkHTTPListenerRedirects(r *plan.Resource) []Finding {
	actions := At(r.Value(), "default_action")
	if !topLevelKnown(actions) {
		return []Finding{Undecidable(r, "default_action", "default_action is known only after apply")}
	}
	for i, a := range Elements(actions) {
		typ, _ := String(At(a, "type"))
		if !strings.EqualFold(typ, "redirect") {
			continue
		}
		to, st := String(At(a, "redirect", 0, "protocol"))
		switch {
		case st == AfterApply:
			return []Finding{Undecidable(r, AttrPath("default_action", i, "redirect", 0, "protocol"), "redirect protocol is known only after apply")}
		case strings.EqualFold(to, "HTTPS"):
			return []Finding{Pass(r, "HTTP listener redirects to HTTPS")}
		}
	}
	return []Finding{Fail(r, "default_action", "HTTP listener serves traffic in the clear instead of redirecting to HTTPS")}
}

func checkClassicELB(ev *Evaluation, r *plan.Resource) []Finding {
	cat, err := TLSPolicies()
	if err != nil {
		return []Finding{Undecidable(r, "", "TLS policy catalog unavailable: %v", err)}
	}
	req := tlsRequirement(ev, "")
	switch r.Type {
	case "aws_elb":
		listeners := At(r.Value(), "listener")
		if !topLevelKnown(listeners) {
			return []Finding{Undecidable(r, "listener", "listener blocks are known only after apply")}
		}
		var out []Finding
		for i, l := range Elements(listeners) {
			proto, _ := String(At(l, "lb_protocol"))
			port, _ := Int(At(l, "lb_port"))
			if p := strings.ToUpper(proto); p != "HTTPS" && p != "SSL" {
				out = append(out, Fail(r, AttrPath("listener", i, "lb_protocol"), "listener on port %d uses %s; only HTTPS or SSL listeners are encrypted", port, p))
				continue
			}
			if f := classicListenerPolicy(ev, r, i, port, cat, req); f != nil {
				out = append(out, *f)
			}
		}
		if len(out) > 0 {
			return worstFirst(out)
		}
		return []Finding{Pass(r, "all listeners are HTTPS/SSL with an approved negotiation policy (classic load balancers cannot offer TLS 1.3: plan a migration to an ALB/NLB)")}
	case "aws_load_balancer_policy":
		typ, _ := String(At(r.Value(), "policy_type_name"))
		if typ != "SSLNegotiationPolicyType" {
			return []Finding{NotApplicable(r, "policy type %s is not an SSL negotiation policy", displayOr(typ, "unset"))}
		}
		return judgeSSLNegotiationAttributes(r, "policy_attribute", cat, req)
	case "aws_lb_ssl_negotiation_policy":
		return judgeSSLNegotiationAttributes(r, "attribute", cat, req)
	}
	return nil
}

// classicListenerPolicy finds the SSL negotiation policy applied to the
// HTTPS/SSL listener on port of classic load balancer elb — an
// aws_lb_ssl_negotiation_policy, or an aws_load_balancer_listener_policy
// naming an aws_load_balancer_policy — and returns a failing or undecidable
// finding, or nil when an approved policy applies. Without one, the API
// default ELBSecurityPolicy-2016-08 (TLS 1.0) applies.
func classicListenerPolicy(ev *Evaluation, elb *plan.Resource, index int, port int64, cat *TLSCatalog, req TLSRequirement) *Finding {
	attr := AttrPath("listener", index)
	onPort := func(r *plan.Resource, portAttr string) (bool, State) {
		p, st := Int(At(r.Value(), portAttr))
		return st == Known && p == port, st
	}
	var pending *Finding
	judge := func(policy *plan.Resource, block string, chain []plan.Step) *Finding {
		verdict := worstFirst(judgeSSLNegotiationAttributes(policy, block, cat, req))
		if len(verdict) == 0 || verdict[0].Status == StatusPass {
			return nil
		}
		f := verdict[0]
		f.Address, f.Attribute, f.Chain = elb.Address, attr, chain
		f.Message = fmt.Sprintf("listener on port %d: policy %s: %s", port, policy.Address, f.Message)
		return &f
	}
	neg := ev.Plan.ReferrersOf(elb, "aws_lb_ssl_negotiation_policy", "load_balancer")
	for _, t := range neg.Matched {
		if ok, _ := onPort(t.Resource, "lb_port"); ok {
			return judge(t.Resource, "attribute", t.Chain)
		}
	}
	lp := ev.Plan.ReferrersOf(elb, "aws_load_balancer_listener_policy", "load_balancer_name")
	for _, t := range lp.Matched {
		ok, st := onPort(t.Resource, "load_balancer_port")
		if !ok {
			if st == AfterApply && pending == nil {
				f := Undecidable(t.Resource, "load_balancer_port", "the port of listener policy %s is known only after apply", t.Resource.Address)
				f.Address = elb.Address
				pending = &f
			}
			continue
		}
		for _, pt := range ev.Plan.Resolve(t.Resource, "policy_names").Targets {
			if pt.Resource.Type != "aws_load_balancer_policy" {
				continue
			}
			if typ, _ := String(At(pt.Resource.Value(), "policy_type_name")); typ != "SSLNegotiationPolicyType" {
				continue
			}
			return judge(pt.Resource, "policy_attribute", append(append([]plan.Step{}, t.Chain...), pt.Chain...))
		}
	}
	if pending != nil {
		return pending
	}
	for _, u := range append(neg.Undetermined, lp.Undetermined...) {
		f := Undecidable(u, "", "%s may set the policy of this load balancer, but its target is known only after apply", u.Address)
		f.Address = elb.Address
		return &f
	}
	f := Fail(elb, attr, "listener on port %d has no SSL negotiation policy in this plan: the API default %s accepts TLS 1.0", port, cat.Services["elb"].DefaultPolicy)
	return &f
}

// judgeSSLNegotiationAttributes reads the name/value attribute blocks of a
// classic SSL negotiation policy: a Reference-Security-Policy is judged
// against the catalog; explicitly enabled old protocols fail.
func judgeSSLNegotiationAttributes(r *plan.Resource, block string, cat *TLSCatalog, req TLSRequirement) []Finding {
	attrs := At(r.Value(), block)
	if !topLevelKnown(attrs) {
		return []Finding{Undecidable(r, block, "%s blocks are known only after apply", block)}
	}
	var out []Finding
	reference := ""
	for i, a := range Elements(attrs) {
		name, nst := String(At(a, "name"))
		value, vst := String(At(a, "value"))
		switch {
		case nst == AfterApply || vst == AfterApply:
			out = append(out, Undecidable(r, AttrPath(block, i, "value"), "%s %s is known only after apply", block, displayOr(name, "attribute")))
		case name == "Reference-Security-Policy":
			reference = value
			if v := cat.Judge("elb", value, req); !v.Approved {
				out = append(out, Fail(r, AttrPath(block, i, "value"), "%s", v.Reason))
			}
		case slices.Contains([]string{"Protocol-SSLv3", "Protocol-TLSv1", "Protocol-TLSv1.1"}, name) && strings.EqualFold(value, "true"):
			out = append(out, Fail(r, AttrPath(block, i, "value"), "%s is enabled", strings.TrimPrefix(name, "Protocol-")))
		}
	}
	if len(out) > 0 {
		return worstFirst(out)
	}
	if reference == "" {
		return []Finding{Pass(r, "custom SSL negotiation policy enables no protocol older than TLS 1.2")}
	}
	return []Finding{Pass(r, "reference policy %s", reference)}
}

func checkListenerTargetEncryption(ev *Evaluation, r *plan.Resource) []Finding {
	if r.Type == "aws_lb_target_group" {
		return nil // judged through the listeners that forward to it
	}
	proto, st := listenerProtocol(r)
	switch {
	case st == AfterApply:
		return []Finding{Undecidable(r, "protocol", "protocol is known only after apply")}
	case proto != "HTTPS" && proto != "TLS":
		return []Finding{NotApplicable(r, "listener protocol %s does not terminate TLS", displayOr(proto, "unset"))}
	}
	allowed := ev.Strings("encrypted_target_protocols")
	var out []Finding
	seen := 0
	var paths []string
	for i, action := range Elements(At(r.Value(), "default_action")) {
		paths = append(paths, fmt.Sprintf("default_action.%d.target_group_arn", i))
		for j := range Elements(At(action, "forward", 0, "target_group")) {
			paths = append(paths, fmt.Sprintf("default_action.%d.forward.0.target_group.%d.arn", i, j))
		}
	}
	for _, attr := range paths {
		res := ev.Plan.Resolve(r, attr)
		for _, t := range res.Targets {
			tg := t.Resource
			if tg.Type != "aws_lb_target_group" && tg.Type != "aws_alb_target_group" {
				continue
			}
			seen++
			f := judgeTargetGroupProtocol(r, tg, allowed)
			f.Chain = t.Chain
			out = append(out, f)
		}
		for _, c := range res.Candidates {
			f := Undecidable(r, attr, "the listener may forward to %s, but which instance is known only after apply", c.Address)
			out = append(out, f)
			seen++
		}
		if len(res.Targets) == 0 && len(res.Candidates) == 0 {
			if StateOf(atDotted(r.Value(), attr)) == AfterApply {
				out = append(out, Undecidable(r, attr, "the target group of this listener is known only after apply"))
				seen++
			}
		}
	}
	if seen == 0 {
		return []Finding{NotApplicable(r, "the listener forwards to no target group in this plan")}
	}
	return worstFirst(out)
}

// atDotted reads a dotted path such as "default_action.0.target_group_arn".
func atDotted(v cty.Value, path string) cty.Value {
	var steps []any
	for _, part := range strings.Split(path, ".") {
		if n, err := strconv.Atoi(part); err == nil {
			steps = append(steps, n)
		} else {
			steps = append(steps, part)
		}
	}
	return At(v, steps...)
}

func judgeTargetGroupProtocol(listener, tg *plan.Resource, allowed []string) Finding {
	targetType, _ := String(At(tg.Value(), "target_type"))
	if strings.EqualFold(targetType, "lambda") {
		return Pass(listener, "target group %s invokes Lambda (no network leg)", tg.Address)
	}
	v, st := attrOrDefault(tg, "protocol")
	switch st {
	case AfterApply:
		f := Undecidable(tg, "protocol", "protocol of target group %s is known only after apply", tg.Address)
		f.Address = listener.Address
		return f
	case Null:
		return Fail(listener, "default_action", "target group %s has no protocol set (plain HTTP/TCP)", tg.Address)
	}
	p, _ := String(v)
	if slices.ContainsFunc(allowed, func(a string) bool { return strings.EqualFold(a, p) }) {
		return Pass(listener, "target group %s is reached over %s", tg.Address, p)
	}
	return Fail(listener, "default_action", "TLS is terminated here and target group %s is reached over %s in the clear", tg.Address, p)
}

// worstFirst returns the failing findings if any, else the undecidable
// ones, else the first passing one.
func worstFirst(fs []Finding) []Finding {
	for _, want := range []Status{StatusFail, StatusUndecidable} {
		var out []Finding
		for _, f := range fs {
			if f.Status == want {
				out = append(out, f)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	if len(fs) > 0 {
		return fs[:1]
	}
	return nil
}

// ---- CloudFront (CRY-R10) ----

func checkCloudFrontTLS(ev *Evaluation, r *plan.Resource) []Finding {
	v := r.Value()
	var out []Finding
	behaviours := []struct {
		block string
		list  cty.Value
	}{{"default_cache_behavior", At(v, "default_cache_behavior")}, {"ordered_cache_behavior", At(v, "ordered_cache_behavior")}}
	for _, b := range behaviours {
		for i, e := range Elements(b.list) {
			attr := AttrPath(b.block, i, "viewer_protocol_policy")
			p, st := String(At(e, "viewer_protocol_policy"))
			switch {
			case st == AfterApply:
				out = append(out, Undecidable(r, attr, "%s is known only after apply", attr))
			case p != "redirect-to-https" && p != "https-only":
				out = append(out, Fail(r, attr, "%s is %q: viewers can use plain HTTP", attr, p))
			}
		}
	}
	cert := At(v, "viewer_certificate", 0)
	if def, st := Bool(At(cert, "cloudfront_default_certificate")); st == Known && def {
		out = append(out, Fail(r, "viewer_certificate[0].cloudfront_default_certificate",
			"the default *.cloudfront.net certificate pins the viewer policy to TLSv1; use an ACM certificate for your domain"))
	} else {
		if m, st := String(At(cert, "ssl_support_method")); st == Known && m != "sni-only" {
			out = append(out, Fail(r, "viewer_certificate[0].ssl_support_method", "ssl_support_method is %q; use sni-only", m))
		}
		cat, err := TLSPolicies()
		if err != nil {
			return []Finding{Undecidable(r, "", "TLS policy catalog unavailable: %v", err)}
		}
		mv := At(cert, "minimum_protocol_version")
		name, st := String(mv)
		switch st {
		case AfterApply:
			out = append(out, Undecidable(r, "viewer_certificate[0].minimum_protocol_version", "minimum_protocol_version is known only after apply"))
		case Null:
			out = append(out, Fail(r, "viewer_certificate[0].minimum_protocol_version", "minimum_protocol_version is unset (TLSv1)"))
		default:
			if verdict := cat.Judge("cloudfront", name, tlsRequirement(ev, "")); !verdict.Approved {
				out = append(out, Fail(r, "viewer_certificate[0].minimum_protocol_version", "%s", verdict.Reason))
			}
		}
	}
	allowedOrigin := ev.Strings("allowed_origin_ssl_protocols")
	for i, o := range Elements(At(v, "origin")) {
		custom := At(o, "custom_origin_config", 0)
		if StateOf(custom) != Known {
			continue // S3 or VPC origins use HTTPS to AWS endpoints
		}
		attr := AttrPath("origin", i, "custom_origin_config", 0, "origin_protocol_policy")
		if p, st := String(At(custom, "origin_protocol_policy")); st == Known && p != "https-only" {
			out = append(out, Fail(r, attr, "origin_protocol_policy is %q: CloudFront may reach the origin over HTTP", p))
		}
		protos, st := Strings(At(custom, "origin_ssl_protocols"))
		if st == Known {
			for _, p := range protos {
				if !slices.Contains(allowedOrigin, p) {
					out = append(out, Fail(r, AttrPath("origin", i, "custom_origin_config", 0, "origin_ssl_protocols"),
						"origin_ssl_protocols offers %s; allowed: %s", p, strings.Join(allowedOrigin, ", ")))
					break
				}
			}
		}
	}
	if len(out) == 0 {
		return []Finding{Pass(r, "HTTPS to viewers and origins with an approved TLS policy")}
	}
	return out
}

// ---- API Gateway (CRY-R11) ----

func checkAPIGatewayTLS(ev *Evaluation, r *plan.Resource) []Finding {
	cat, err := TLSPolicies()
	if err != nil {
		return []Finding{Undecidable(r, "", "TLS policy catalog unavailable: %v", err)}
	}
	switch r.Type {
	case "aws_api_gateway_stage":
		if !ev.Bool("require_backend_client_certificate") {
			return []Finding{NotApplicable(r, "backend client certificates are not required by configuration")}
		}
		// An ID known only after apply (a certificate created in this plan) is still set.
		if _, st := attrOrDefault(r, "client_certificate_id"); st != Null {
			return []Finding{Pass(r, "the stage presents a client certificate to its backends")}
		}
		return []Finding{Fail(r, "client_certificate_id", "no client_certificate_id: HTTPS backends cannot authenticate API Gateway")}
	case "aws_api_gateway_domain_name":
		v, st := attrOrDefault(r, "security_policy")
		switch st {
		case AfterApply:
			return []Finding{Undecidable(r, "security_policy", "security_policy is known only after apply")}
		case Null:
			return []Finding{Fail(r, "security_policy", "security_policy is unset; set it explicitly (the API default has been TLS_1_0)")}
		}
		name, _ := String(v)
		verdict := cat.Judge("apigateway", name, tlsRequirement(ev, ""))
		if !verdict.Approved {
			return []Finding{Fail(r, "security_policy", "%s", verdict.Reason)}
		}
		return []Finding{Pass(r, "%s", verdict.Reason)}
	case "aws_apigatewayv2_domain_name":
		attr := "domain_name_configuration[0].security_policy"
		name, st := String(At(r.Value(), "domain_name_configuration", 0, "security_policy"))
		if st == AfterApply {
			return []Finding{Undecidable(r, attr, "security_policy is known only after apply")}
		}
		req := TLSRequirement{MinimumLevel: ev.String("v2_minimum_level"), Extra: ev.Strings("extra_approved_policies")}
		verdict := cat.Judge("apigatewayv2", name, req)
		if !verdict.Approved {
			return []Finding{Fail(r, attr, "%s", verdict.Reason)}
		}
		return []Finding{Pass(r, "%s", verdict.Reason)}
	}
	return nil
}

// ---- In-transit encryption of data services (CRY-R12) ----

func inTransitTypes() []string {
	return []string{"aws_db_parameter_group", "aws_dms_endpoint", "aws_docdb_cluster_parameter_group", "aws_elasticache_replication_group",
		"aws_elasticsearch_domain", "aws_emr_security_configuration", "aws_msk_cluster", "aws_opensearch_domain",
		"aws_rds_cluster_parameter_group", "aws_redshift_parameter_group"}
}

func checkInTransitEncryption(ev *Evaluation, r *plan.Resource) []Finding {
	v := r.Value()
	var out []Finding
	boolMust := func(path []any, what string, unsetOK bool) {
		attr := AttrPath(path...)
		b, st := Bool(At(v, path...))
		switch {
		case st == AfterApply && configSets(r, path[0]):
			out = append(out, Undecidable(r, attr, "%s is known only after apply", attr))
		case st == AfterApply || st == Null:
			if !unsetOK {
				out = append(out, Fail(r, attr, "%s is unset: %s is off by default", attr, what))
			}
		case !b:
			out = append(out, Fail(r, attr, "%s is false: %s is off", attr, what))
		}
	}
	switch r.Type {
	case "aws_opensearch_domain", "aws_elasticsearch_domain":
		boolMust([]any{"domain_endpoint_options", 0, "enforce_https"}, "HTTPS enforcement", false)
		boolMust([]any{"node_to_node_encryption", 0, "enabled"}, "node-to-node encryption", false)
		cat, err := TLSPolicies()
		if err != nil {
			return []Finding{Undecidable(r, "", "TLS policy catalog unavailable: %v", err)}
		}
		attr := "domain_endpoint_options[0].tls_security_policy"
		name, st := String(At(v, "domain_endpoint_options", 0, "tls_security_policy"))
		switch st {
		case AfterApply:
			if configSets(r, "domain_endpoint_options") && hasNestedConfig(r, "domain_endpoint_options", "tls_security_policy") {
				out = append(out, Undecidable(r, attr, "tls_security_policy is known only after apply"))
			} else {
				out = append(out, Fail(r, attr, "tls_security_policy is unset; the service default %s lacks forward secrecy", cat.Services["opensearch"].DefaultPolicy))
			}
		case Null:
			out = append(out, Fail(r, attr, "tls_security_policy is unset; the service default %s lacks forward secrecy", cat.Services["opensearch"].DefaultPolicy))
		default:
			if verdict := cat.Judge("opensearch", name, tlsRequirement(ev, "opensearch_")); !verdict.Approved {
				out = append(out, Fail(r, attr, "%s", verdict.Reason))
			}
		}
	case "aws_elasticache_replication_group":
		if engine, _ := String(At(v, "engine")); strings.EqualFold(engine, "memcached") {
			return []Finding{NotApplicable(r, "memcached replication groups are not supported")}
		}
		boolMust([]any{"transit_encryption_enabled"}, "in-transit encryption", false)
		if mode, st := String(At(v, "transit_encryption_mode")); st == Known && mode == "preferred" {
			out = append(out, Fail(r, "transit_encryption_mode", "transit_encryption_mode is \"preferred\": clients may still connect without TLS"))
		}
	case "aws_msk_cluster":
		transit := At(v, "encryption_info", 0, "encryption_in_transit", 0)
		if cb, st := String(At(transit, "client_broker")); st == Known && cb != "TLS" {
			out = append(out, Fail(r, "encryption_info[0].encryption_in_transit[0].client_broker", "client_broker is %s: clients may connect in plaintext", cb))
		}
		if in, st := Bool(At(transit, "in_cluster")); st == Known && !in {
			out = append(out, Fail(r, "encryption_info[0].encryption_in_transit[0].in_cluster", "in_cluster is false: brokers replicate in plaintext"))
		}
	case "aws_redshift_parameter_group":
		out = append(out, requireParameter(r, "parameter", []string{"require_ssl"}, []string{"true", "1", "on"}, false)...)
	case "aws_db_parameter_group", "aws_rds_cluster_parameter_group":
		family, st := String(At(v, "family"))
		if st != Known {
			return []Finding{Undecidable(r, "family", "family is known only after apply")}
		}
		f := strings.ToLower(family)
		switch {
		case strings.Contains(f, "postgres") || strings.HasPrefix(f, "sqlserver"):
			out = append(out, requireParameter(r, "parameter", []string{"rds.force_ssl"}, []string{"1", "true", "on"}, false)...)
		case strings.Contains(f, "mysql") || strings.HasPrefix(f, "mariadb"):
			out = append(out, requireParameter(r, "parameter", []string{"require_secure_transport"}, []string{"1", "on", "true"}, false)...)
		default:
			return []Finding{NotApplicable(r, "engine family %s has no TLS-enforcing parameter (use native network encryption)", family)}
		}
	case "aws_docdb_cluster_parameter_group":
		out = append(out, requireParameter(r, "parameter", []string{"tls"}, []string{"enabled", "tls1.2+", "tls1.3+", "fips-140-3"}, true)...)
	case "aws_dms_endpoint":
		mode, st := attrOrDefault(r, "ssl_mode")
		s, _ := String(mode)
		switch {
		case st == AfterApply:
			out = append(out, Undecidable(r, "ssl_mode", "ssl_mode is known only after apply"))
		case st == Null || s == "none":
			out = append(out, Fail(r, "ssl_mode", "ssl_mode is %s: the replication connection is not encrypted", displayOr(s, "unset (none)")))
		}
	case "aws_emr_security_configuration":
		cfg, st := String(At(v, "configuration"))
		if st == AfterApply {
			return []Finding{Undecidable(r, "configuration", "configuration is known only after apply")}
		}
		if !strings.Contains(strings.ReplaceAll(strings.ReplaceAll(cfg, " ", ""), "\n", ""), `"EnableInTransitEncryption":true`) {
			out = append(out, Fail(r, "configuration", "EncryptionConfiguration.EnableInTransitEncryption is not true"))
		}
	}
	if len(out) == 0 {
		return []Finding{Pass(r, "TLS is required in transit")}
	}
	return out
}

// hasNestedConfig reports whether the configuration sets attr inside block.
func hasNestedConfig(r *plan.Resource, block, attr string) bool {
	if r.Config == nil {
		return true
	}
	e := r.Config.Expressions[block]
	if e == nil {
		return false
	}
	for _, b := range e.Blocks {
		if b[attr] != nil {
			return true
		}
	}
	return false
}

// requireParameter checks that a parameter group sets one of names to one
// of want (case-insensitive). absentOK passes groups that leave it unset
// (the engine default is already secure).
func requireParameter(r *plan.Resource, block string, names, want []string, absentOK bool) []Finding {
	params := At(r.Value(), block)
	if !topLevelKnown(params) {
		return []Finding{Undecidable(r, block, "%s blocks are known only after apply", block)}
	}
	for i, p := range Elements(params) {
		n, _ := String(At(p, "name"))
		if !slices.Contains(names, n) {
			continue
		}
		val, st := String(At(p, "value"))
		attr := AttrPath(block, i, "value")
		switch {
		case st == AfterApply:
			return []Finding{Undecidable(r, attr, "%s is known only after apply", n)}
		case slices.ContainsFunc(want, func(w string) bool { return strings.EqualFold(w, val) }):
			return nil
		}
		return []Finding{Fail(r, attr, "%s = %q does not require TLS", n, val)}
	}
	if absentOK {
		return nil
	}
	return []Finding{Fail(r, block, "%s is not set: connections without TLS are accepted", strings.Join(names, " / "))}
}

// ---- S3 (CRY-R13) ----

func checkBucketTLSOnly(ev *Evaluation, bucket *plan.Resource) []Finding {
	if bucket.Type != "aws_s3_bucket" {
		return nil // judged on the bucket
	}
	minTLS := ev.String("min_tls_version")
	var inputs []struct {
		in    PolicyInput
		chain []plan.Step
		from  *plan.Resource
	}
	if configSets(bucket, "policy") {
		inputs = append(inputs, struct {
			in    PolicyInput
			chain []plan.Step
			from  *plan.Resource
		}{PolicyFrom(ev, bucket, "policy"), nil, bucket})
	}
	refs := ev.Plan.ReferrersOf(bucket, "aws_s3_bucket_policy", "bucket")
	for _, t := range refs.Matched {
		inputs = append(inputs, struct {
			in    PolicyInput
			chain []plan.Step
			from  *plan.Resource
		}{PolicyFrom(ev, t.Resource, "policy"), t.Chain, t.Resource})
	}
	var pending []Finding
	var weak []Finding
	for _, x := range inputs {
		switch {
		case x.in.Unknown != nil:
			f := Finding{Status: StatusUndecidable, Address: bucket.Address, Attribute: "policy",
				Message: fmt.Sprintf("the policy of %s is known only after apply", x.from.Address), Unknown: x.in.Unknown, Chain: x.chain}
			pending = append(pending, f)
			continue
		case x.in.Err != nil:
			f := Fail(bucket, "policy", "the policy of %s does not parse: %v", x.from.Address, x.in.Err)
			f.Chain = x.chain
			weak = append(weak, f)
			continue
		}
		secure, tls := policyDeniesInsecureTransport(x.in.Doc, minTLS)
		switch {
		case secure && (minTLS == "" || tls):
			f := Pass(bucket, "the policy of %s denies requests without TLS", x.from.Address)
			f.Chain = x.chain
			return []Finding{f}
		case secure:
			f := Fail(bucket, "policy", "the policy of %s denies non-TLS requests but not TLS below %s", x.from.Address, minTLS)
			f.Chain = x.chain
			weak = append(weak, f)
		}
	}
	if len(pending) > 0 {
		return pending[:1]
	}
	for _, u := range refs.Undetermined {
		f := Undecidable(u, "bucket", "bucket policy %s may apply to this bucket, but its bucket is known only after apply", u.Address)
		f.Address = bucket.Address
		return []Finding{f}
	}
	if len(weak) > 0 {
		return weak[:1]
	}
	return []Finding{Fail(bucket, "", "no bucket policy in this plan denies requests with aws:SecureTransport = false")}
}

// policyDeniesInsecureTransport reports whether doc has a Deny for every
// principal and S3 action conditioned on aws:SecureTransport false, and
// (when minTLS is set) one on s3:TlsVersion below minTLS.
func policyDeniesInsecureTransport(doc *PolicyDocument, minTLS string) (secureTransport, tlsVersion bool) {
	if doc == nil {
		return false, false
	}
	for _, st := range doc.Statements {
		if !st.IsDeny() || !coversAllPrincipals(st) {
			continue
		}
		if _, ok := AnyActionMatches(st.Actions, "s3:GetObject", "s3:PutObject"); !ok && !st.HasNotAction {
			continue
		}
		for _, c := range st.Conditions {
			switch {
			case strings.EqualFold(c.Key, "aws:SecureTransport") && strings.HasPrefix(c.Operator, "Bool") && slices.Contains(c.Values, "false"):
				secureTransport = true
			case minTLS != "" && strings.EqualFold(c.Key, "s3:TlsVersion") && strings.HasPrefix(c.Operator, "NumericLessThan") && slices.Contains(c.Values, minTLS):
				tlsVersion = true
			}
		}
	}
	return secureTransport, tlsVersion
}

func coversAllPrincipals(st PolicyStatement) bool {
	if _, ok := st.Principals["*"]; ok {
		return true
	}
	return slices.Contains(st.Principals["AWS"], "*")
}

// ---- Direct Connect (CRY-R14) ----

func checkDirectConnectMACsec(_ *Evaluation, r *plan.Resource) []Finding {
	v, st := attrOrDefault(r, "encryption_mode")
	mode, _ := String(v)
	switch {
	case st == AfterApply:
		return []Finding{Undecidable(r, "encryption_mode", "encryption_mode is known only after apply")}
	case mode == "must_encrypt":
		return []Finding{Pass(r, "the connection requires MACsec")}
	}
	return []Finding{Fail(r, "encryption_mode", "encryption_mode is %s: frames cross the link unencrypted", displayOr(mode, "unset (no_encrypt)"))}
}

// ---- Certificates (CRY-R15 … CRY-R17) ----

func importedCertificate(r *plan.Resource) bool {
	return configSets(r, "private_key") && r.Config != nil || StateOf(At(r.Value(), "private_key")) == Known
}

func checkManagedCertificates(ev *Evaluation, r *plan.Resource) []Finding {
	switch r.Type {
	case "aws_iam_server_certificate":
		return []Finding{Fail(r, "", "IAM server certificates are uploaded key material that nothing renews; use ACM")}
	case "aws_acm_certificate":
		if importedCertificate(r) {
			return []Finding{Fail(r, "private_key", "the certificate is imported: ACM cannot renew it and its private key passes through configuration and state")}
		}
		return []Finding{Pass(r, "ACM issues and renews this certificate")}
	case "aws_lb_listener", "aws_alb_listener":
		proto, st := listenerProtocol(r)
		if st == Known && proto != "HTTPS" && proto != "TLS" {
			return []Finding{NotApplicable(r, "listener protocol %s uses no certificate", displayOr(proto, "unset"))}
		}
	}
	// Listeners and listener certificates: where does certificate_arn point?
	v := At(r.Value(), "certificate_arn")
	arn, st := String(v)
	if st == Known {
		return []Finding{judgeCertificateARN(r, arn)}
	}
	if st == Null {
		return []Finding{NotApplicable(r, "no certificate_arn")}
	}
	res := ev.Plan.Resolve(r, "certificate_arn")
	for _, t := range res.Targets {
		switch t.Resource.Type {
		case "aws_acm_certificate", "aws_acm_certificate_validation":
			if t.Resource.Type == "aws_acm_certificate" && importedCertificate(t.Resource) {
				f := Fail(r, "certificate_arn", "the certificate comes from %s, which is imported", t.Resource.Address)
				f.Chain = t.Chain
				return []Finding{f}
			}
			f := Pass(r, "the certificate comes from ACM (%s)", t.Resource.Address)
			f.Chain = t.Chain
			return []Finding{f}
		case "aws_iam_server_certificate":
			f := Fail(r, "certificate_arn", "the certificate is IAM server certificate %s", t.Resource.Address)
			f.Chain = t.Chain
			return []Finding{f}
		}
	}
	return []Finding{Undecidable(r, "certificate_arn", "certificate_arn is known only after apply and does not lead to a certificate resource in this plan")}
}

func judgeCertificateARN(r *plan.Resource, arn string) Finding {
	parts := strings.SplitN(arn, ":", 4)
	if len(parts) >= 3 && parts[0] == "arn" {
		switch parts[2] {
		case "acm":
			return Pass(r, "the certificate is an ACM certificate")
		case "iam":
			return Fail(r, "certificate_arn", "the certificate is an IAM server certificate (%s); use ACM", arn)
		}
	}
	return Fail(r, "certificate_arn", "certificate_arn %q is not an ACM certificate ARN", arn)
}

func checkCertificateKeyAlgorithm(ev *Evaluation, r *plan.Resource) []Finding {
	allowed := ev.Strings("allowed_key_algorithms")
	var attr string
	var v cty.Value
	var st State
	switch r.Type {
	case "aws_acm_certificate":
		attr = "key_algorithm"
		v, st = attrOrDefault(r, "key_algorithm")
		if st == Null && importedCertificate(r) {
			return []Finding{Undecidable(r, "key_algorithm", "the key algorithm of an imported certificate is known only after apply")}
		}
		if st == Null {
			return []Finding{Fail(r, "key_algorithm", "key_algorithm is unset: ACM issues RSA_2048; allowed: %s", strings.Join(allowed, ", "))}
		}
	case "aws_acmpca_certificate_authority":
		attr = "certificate_authority_configuration[0].key_algorithm"
		v = At(r.Value(), "certificate_authority_configuration", 0, "key_algorithm")
		st = StateOf(v)
	}
	if st == AfterApply {
		return []Finding{Undecidable(r, attr, "%s is known only after apply", attr)}
	}
	alg, _ := String(v)
	if slices.Contains(allowed, alg) {
		return []Finding{Pass(r, "key algorithm %s", alg)}
	}
	return []Finding{Fail(r, attr, "key algorithm %s is not in %s", displayOr(alg, "unset"), strings.Join(allowed, ", "))}
}

func checkCertificateRenewal(ev *Evaluation, r *plan.Resource) []Finding {
	if r.Type != "aws_acm_certificate" {
		return nil // judged on the certificate
	}
	if importedCertificate(r) {
		return []Finding{Fail(r, "private_key", "imported certificates are never renewed by ACM")}
	}
	if _, st := attrOrDefault(r, "certificate_authority_arn"); st != Null {
		return []Finding{Pass(r, "issued by ACM Private CA, which renews it")}
	}
	method, st := attrOrDefault(r, "validation_method")
	m, _ := String(method)
	switch {
	case st == AfterApply:
		return []Finding{Undecidable(r, "validation_method", "validation_method is known only after apply")}
	case !strings.EqualFold(m, "DNS"):
		return []Finding{Fail(r, "validation_method", "validation_method is %s: renewal needs someone to answer validation e-mails", displayOr(m, "unset"))}
	}
	refs := ev.Plan.ReferrersOf(r, "aws_acm_certificate_validation", "certificate_arn")
	if len(refs.Matched) > 0 {
		f := Pass(r, "DNS validation is managed by %s", refs.Matched[0].Resource.Address)
		f.Chain = refs.Matched[0].Chain
		return []Finding{f}
	}
	if len(refs.Undetermined) > 0 {
		u := refs.Undetermined[0]
		f := Undecidable(u, "certificate_arn", "%s may validate this certificate, but its certificate_arn is known only after apply", u.Address)
		f.Address = r.Address
		return []Finding{f}
	}
	return []Finding{Fail(r, "", "no aws_acm_certificate_validation in this plan references the certificate: nothing keeps its DNS validation records in place")}
}

// ---- SSH keys (CRY-R18) ----

func checkSSHKeyStrength(ev *Evaluation, r *plan.Resource) []Finding {
	v := At(r.Value(), "public_key")
	key, st := String(v)
	switch st {
	case AfterApply:
		return []Finding{Undecidable(r, "public_key", "public_key is known only after apply")}
	case Null:
		return []Finding{Undecidable(r, "public_key", "public_key is unset")}
	}
	typ, bits, err := sshKeyStrength(key)
	if err != nil {
		return []Finding{Fail(r, "public_key", "public_key is not an OpenSSH public key: %v", err)}
	}
	if typ == "ssh-rsa" {
		if minBits := ev.Int("min_rsa_bits"); bits < minBits {
			return []Finding{Fail(r, "public_key", "RSA key of %d bits; at least %d are required", bits, minBits)}
		}
		return []Finding{Pass(r, "RSA key of %d bits", bits)}
	}
	if slices.Contains(ev.Strings("allowed_key_types"), typ) {
		return []Finding{Pass(r, "%s key", typ)}
	}
	return []Finding{Fail(r, "public_key", "%s keys are not accepted; use one of %s or RSA ≥ %d bits", typ, strings.Join(ev.Strings("allowed_key_types"), ", "), ev.Int("min_rsa_bits"))}
}

// sshKeyStrength decodes an OpenSSH public key line and returns its type
// and, for RSA, the modulus length in bits.
func sshKeyStrength(line string) (string, int, error) {
	fields := strings.Fields(line)
	if len(fields) < 2 {
		return "", 0, fmt.Errorf("want \"TYPE BASE64 [COMMENT]\"")
	}
	blob, err := base64.StdEncoding.DecodeString(fields[1])
	if err != nil {
		return "", 0, fmt.Errorf("key data: %w", err)
	}
	next := func() ([]byte, error) {
		if len(blob) < 4 {
			return nil, fmt.Errorf("key data truncated")
		}
		n := binary.BigEndian.Uint32(blob)
		if uint64(n) > uint64(len(blob)-4) {
			return nil, fmt.Errorf("key data truncated")
		}
		out := blob[4 : 4+n]
		blob = blob[4+n:]
		return out, nil
	}
	typ, err := next()
	if err != nil {
		return "", 0, err
	}
	if string(typ) != fields[0] {
		return "", 0, fmt.Errorf("key type %q does not match the key data (%q)", fields[0], typ)
	}
	if string(typ) != "ssh-rsa" {
		return string(typ), 0, nil
	}
	if _, err := next(); err != nil { // public exponent
		return "", 0, err
	}
	modulus, err := next()
	if err != nil {
		return "", 0, err
	}
	return "ssh-rsa", new(big.Int).SetBytes(modulus).BitLen(), nil
}

// ---- Transfer Family (CRY-R19) ----

func checkTransferServerPolicy(ev *Evaluation, r *plan.Resource) []Finding {
	var out []Finding
	if protos, st := Strings(At(r.Value(), "protocols")); st == Known && slices.Contains(protos, "FTP") {
		out = append(out, Fail(r, "protocols", "FTP is enabled: credentials and files travel in the clear"))
	}
	cat, err := TLSPolicies()
	if err != nil {
		return []Finding{Undecidable(r, "", "TLS policy catalog unavailable: %v", err)}
	}
	v, st := attrOrDefault(r, "security_policy_name")
	name, _ := String(v)
	switch st {
	case AfterApply:
		out = append(out, Undecidable(r, "security_policy_name", "security_policy_name is known only after apply"))
	case Null:
		name = cat.Services["transfer"].DefaultPolicy
		fallthrough
	default:
		if verdict := cat.Judge("transfer", name, tlsRequirement(ev, "")); !verdict.Approved {
			out = append(out, Fail(r, "security_policy_name", "%s", verdict.Reason))
		}
	}
	if len(out) == 0 {
		return []Finding{Pass(r, "current security policy %s, no FTP", name)}
	}
	return out
}

// ---- Secrets (CRY-R20) ----

func checkSecretProtection(ev *Evaluation, r *plan.Resource) []Finding {
	if r.Type != "aws_secretsmanager_secret" {
		return nil // judged on the secret
	}
	var out []Finding
	if ev.Bool("require_customer_key") {
		key, st := attrOrDefault(r, "kms_key_id")
		s, _ := String(key)
		if st == Null || strings.HasSuffix(s, "alias/aws/secretsmanager") {
			out = append(out, Fail(r, "kms_key_id", "the secret is encrypted with the AWS-managed aws/secretsmanager key; use a customer-managed key"))
		}
	}
	maxDays := int64(ev.Int("max_rotation_days"))
	refs := ev.Plan.ReferrersOf(r, "aws_secretsmanager_secret_rotation", "secret_id")
	rotation := Finding{}
	for _, t := range refs.Matched {
		rules := At(t.Resource.Value(), "rotation_rules", 0)
		days, dst := Int(At(rules, "automatically_after_days"))
		_, sst := String(At(rules, "schedule_expression"))
		switch {
		case dst == Known && days > 0 && days <= maxDays, sst == Known:
			rotation = Pass(r, "rotated by %s", t.Resource.Address)
		case dst == AfterApply:
			rotation = Undecidable(t.Resource, "rotation_rules", "rotation interval of %s is known only after apply", t.Resource.Address)
			rotation.Address = r.Address
		default:
			rotation = Fail(r, "", "%s rotates only every %d days (maximum %d)", t.Resource.Address, days, maxDays)
		}
		rotation.Chain = t.Chain
		if rotation.Status == StatusPass {
			break
		}
	}
	if rotation.Status == "" {
		if len(refs.Undetermined) > 0 {
			u := refs.Undetermined[0]
			rotation = Undecidable(u, "secret_id", "%s may rotate this secret, but its secret_id is known only after apply", u.Address)
			rotation.Address = r.Address
		} else {
			rotation = Fail(r, "", "no aws_secretsmanager_secret_rotation in this plan rotates the secret")
		}
	}
	if rotation.Status != StatusPass {
		out = append(out, rotation)
	}
	if len(out) == 0 {
		return []Finding{rotation}
	}
	return out
}

// ---- Client VPN (CRY-R23) ----

func checkClientVPNAuth(ev *Evaluation, r *plan.Resource) []Finding {
	var out []Finding
	arn, st := String(At(r.Value(), "server_certificate_arn"))
	switch st {
	case Known:
		if f := judgeCertificateARN(r, arn); f.Status == StatusFail {
			f.Attribute = "server_certificate_arn"
			out = append(out, f)
		}
	case AfterApply:
		res := ev.Plan.Resolve(r, "server_certificate_arn")
		acm := false
		for _, t := range res.Targets {
			if strings.HasPrefix(t.Resource.Type, "aws_acm_certificate") {
				acm = true
			}
		}
		if !acm {
			out = append(out, Undecidable(r, "server_certificate_arn", "server_certificate_arn is known only after apply"))
		}
	}
	allowed := ev.Strings("allowed_authentication_types")
	opts := At(r.Value(), "authentication_options")
	if !topLevelKnown(opts) {
		return append(out, Undecidable(r, "authentication_options", "authentication_options are known only after apply"))
	}
	var types []string
	ok := false
	for _, o := range Elements(opts) {
		t, _ := String(At(o, "type"))
		types = append(types, t)
		if slices.Contains(allowed, t) {
			ok = true
		}
	}
	if !ok {
		out = append(out, Fail(r, "authentication_options", "authentication is %s; require one of %s", displayOr(strings.Join(types, " + "), "unset"), strings.Join(allowed, ", ")))
	}
	if len(out) == 0 {
		return []Finding{Pass(r, "ACM server certificate and %s", strings.Join(types, " + "))}
	}
	return out
}

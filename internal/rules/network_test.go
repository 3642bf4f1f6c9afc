package rules

import "testing"

// Rows for the network family (NET-R02 … NET-R30 except the seeds R01, R06,
// R14, R16). Fixtures: network_sg (security-group rules in the three styles,
// IPv4/IPv6, prefix lists, self references), network_vpc (VPC-level cross
// rules with module, module-for_each, for_each and count variants),
// network_misc (single-resource rules and failing account settings) and
// network_baseline_good (passing account settings).
var _ = registerCases(
	ruleCase{Rule: "NET-R02", Fixture: "network_sg", Address: "aws_security_group.app", Want: StatusPass, Note: "inline rule from the management group"},
	ruleCase{Rule: "NET-R02", Fixture: "network_sg", Address: "aws_security_group.routers", Want: StatusFail, Note: "inline rule from 10.0.0.0/8"},
	ruleCase{Rule: "NET-R02", Fixture: "network_sg", Address: "aws_security_group_rule.ssh_from_mgmt_cidr", Want: StatusFail, Note: "no management_cidrs configured"},
	ruleCase{Rule: "NET-R02", Fixture: "network_sg", Address: "aws_security_group_rule.ssh_from_mgmt_cidr", Want: StatusPass, Params: map[string]any{"management_cidrs": []string{"10.255.0.0/16"}}, Note: "inside management_cidrs"},
	ruleCase{Rule: "NET-R02", Fixture: "network_sg", Address: "aws_vpc_security_group_ingress_rule.netconf_from_mgmt", Want: StatusPass},
	ruleCase{Rule: "NET-R02", Fixture: "network_sg", Address: "aws_vpc_security_group_ingress_rule.ssh_prefix_list", Want: StatusFail},
	ruleCase{Rule: "NET-R02", Fixture: "network_sg", Address: "aws_vpc_security_group_ingress_rule.ssh_prefix_list", Want: StatusPass, Params: map[string]any{"management_prefix_lists": []string{"pl-0123456789abcdef0"}}, Note: "management prefix list"},
	ruleCase{Rule: "NET-R02", Fixture: "network_sg", Address: "aws_vpc_security_group_ingress_rule.snmp_self", Want: StatusFail, Note: "udp 161-162 from its own group"},
	ruleCase{Rule: "NET-R02", Fixture: "network_sg", Address: "aws_security_group_rule.partner_ssh", Want: StatusUndecidable},

	ruleCase{Rule: "NET-R03", Fixture: "network_sg", Address: "aws_security_group.routers", Want: StatusFail, Note: "inline self = true"},
	ruleCase{Rule: "NET-R03", Fixture: "network_sg", Address: "aws_security_group.mgmt", Want: StatusPass, Note: "self reference on a management group"},
	ruleCase{Rule: "NET-R03", Fixture: "network_sg", Address: "aws_security_group_rule.gnmi_self", Want: StatusFail},
	ruleCase{Rule: "NET-R03", Fixture: "network_sg", Address: "aws_vpc_security_group_ingress_rule.snmp_self", Want: StatusFail, Note: "referenced_security_group_id is its own group"},
	ruleCase{Rule: "NET-R03", Fixture: "network_sg", Address: "aws_vpc_security_group_ingress_rule.netconf_from_mgmt", Want: StatusPass},

	ruleCase{Rule: "NET-R04", Fixture: "network_sg", Address: "aws_security_group.alb", Want: StatusPass, Note: "443 on an internet-facing ALB's group"},
	ruleCase{Rule: "NET-R04", Fixture: "network_sg", Address: "aws_vpc_security_group_ingress_rule.web_direct_https", Want: StatusFail, Note: "443 on a group no load balancer uses"},
	ruleCase{Rule: "NET-R04", Fixture: "network_sg", Address: "aws_vpc_security_group_ingress_rule.postgres_v6_internet", Want: StatusFail, Note: "IPv6 ::/0 to 5432"},
	ruleCase{Rule: "NET-R04", Fixture: "network_sg", Address: "aws_security_group_rule.everything_from_internet", Want: StatusFail, Note: "protocol -1"},
	ruleCase{Rule: "NET-R04", Fixture: "network_sg", Address: "aws_security_group_rule.partner_ssh", Want: StatusUndecidable},
	ruleCase{Rule: "NET-R04", Fixture: "network_sg", Address: "aws_security_group.app", Want: StatusPass, Note: "no internet ingress"},

	ruleCase{Rule: "NET-R05", Fixture: "network_sg", Address: "aws_security_group.app", Want: StatusPass},
	ruleCase{Rule: "NET-R05", Fixture: "network_sg", Address: "aws_security_group.routers", Want: StatusFail, Note: "inline all-protocol egress"},
	ruleCase{Rule: "NET-R05", Fixture: "network_sg", Address: "aws_security_group.proxy", Want: StatusPass, Note: "egress tier"},
	ruleCase{Rule: "NET-R05", Fixture: "network_sg", Address: "aws_vpc_security_group_egress_rule.ssh_out", Want: StatusFail, Note: "outbound admin session"},
	ruleCase{Rule: "NET-R05", Fixture: "network_sg", Address: "aws_vpc_security_group_egress_rule.https_out", Want: StatusPass},
	ruleCase{Rule: "NET-R05", Fixture: "network_sg", Address: "aws_security_group_rule.all_out", Want: StatusFail, Note: `protocol "all"`},

	ruleCase{Rule: "NET-R07", Fixture: "network_vpc", Address: "module.core.aws_vpc.this", Want: StatusPass},
	ruleCase{Rule: "NET-R07", Fixture: "network_vpc", Address: `module.spoke["east"].aws_vpc.this`, Want: StatusPass},
	ruleCase{Rule: "NET-R07", Fixture: "network_vpc", Address: "aws_vpc.bare", Want: StatusFail},
	ruleCase{Rule: "NET-R07", Fixture: "network_vpc", Address: `aws_vpc.seg["b"]`, Want: StatusPass},
	ruleCase{Rule: "NET-R07", Fixture: "network_vpc", Address: "aws_vpc.lab[1]", Want: StatusPass},

	ruleCase{Rule: "NET-R08", Fixture: "network_misc", Address: "aws_network_acl.dmz", Want: StatusPass, Note: "deny 22-23 shadows the allow 20-25"},
	ruleCase{Rule: "NET-R08", Fixture: "network_misc", Address: "aws_network_acl.dmz", Want: StatusFail, Params: map[string]any{"admin_ports": []string{"tcp:21"}}, Note: "FTP control port as an admin port"},
	ruleCase{Rule: "NET-R08", Fixture: "network_misc", Address: "aws_network_acl.open", Want: StatusFail, Note: "protocol -1 from ::/0"},
	ruleCase{Rule: "NET-R08", Fixture: "network_misc", Address: "aws_network_acl_rule.split_allow_rdp", Want: StatusPass, Note: "shadowed by rule 50"},
	ruleCase{Rule: "NET-R08", Fixture: "network_misc", Address: "aws_network_acl_rule.split_allow_ssh", Want: StatusFail},
	ruleCase{Rule: "NET-R08", Fixture: "network_misc", Address: "aws_network_acl_rule.split_https", Want: StatusPass},
	ruleCase{Rule: "NET-R08", Fixture: "network_vpc", Address: `aws_default_network_acl.seg["a"]`, Want: StatusFail},

	ruleCase{Rule: "NET-R09", Fixture: "network_vpc", Address: "module.core.aws_vpc.this", Want: StatusPass},
	ruleCase{Rule: "NET-R09", Fixture: "network_vpc", Address: "aws_vpc.bare", Want: StatusFail},
	ruleCase{Rule: "NET-R09", Fixture: "network_vpc", Address: `aws_vpc.seg["a"]`, Want: StatusFail, Note: "adopted but allows all ingress"},
	ruleCase{Rule: "NET-R09", Fixture: "network_vpc", Address: "aws_vpc.lab[0]", Want: StatusFail, Note: "adopted but allows all egress"},

	ruleCase{Rule: "NET-R10", Fixture: "network_misc", Address: "aws_subnet.app", Want: StatusPass},
	ruleCase{Rule: "NET-R10", Fixture: "network_misc", Address: "aws_subnet.public_untagged", Want: StatusFail},
	ruleCase{Rule: "NET-R10", Fixture: "network_misc", Address: "aws_subnet.dmz", Want: StatusPass, Note: "DMZ tag"},

	ruleCase{Rule: "NET-R11", Fixture: "network_misc", Address: "aws_instance.private", Want: StatusPass, Note: "unset; subnet does not map public IPs"},
	ruleCase{Rule: "NET-R11", Fixture: "network_misc", Address: "aws_instance.inherits_public", Want: StatusFail, Note: "unset; subnet maps public IPs"},
	ruleCase{Rule: "NET-R11", Fixture: "network_misc", Address: "aws_instance.explicit_public", Want: StatusFail},
	ruleCase{Rule: "NET-R11", Fixture: "network_misc", Address: "aws_instance.approved_public", Want: StatusPass, Note: "approval tag"},
	ruleCase{Rule: "NET-R11", Fixture: "network_misc", Address: "aws_instance.external_subnet", Want: StatusUndecidable, Note: "subnet outside the plan"},
	ruleCase{Rule: "NET-R11", Fixture: "network_misc", Address: "aws_launch_template.public", Want: StatusFail},
	ruleCase{Rule: "NET-R11", Fixture: "network_misc", Address: "aws_launch_template.private", Want: StatusPass},
	ruleCase{Rule: "NET-R11", Fixture: "network_misc", Address: "aws_eip.on_instance", Want: StatusFail},
	ruleCase{Rule: "NET-R11", Fixture: "network_misc", Address: "aws_eip.nat", Want: StatusPass},
	ruleCase{Rule: "NET-R11", Fixture: "network_misc", Address: "aws_eip_association.associated", Want: StatusFail},

	ruleCase{Rule: "NET-R12", Fixture: "network_vpc", Address: `aws_instance.seg_web["a"]`, Want: StatusFail, Note: "route via aws_route to the IGW"},
	ruleCase{Rule: "NET-R12", Fixture: "network_vpc", Address: "aws_instance.lab_worker[0]", Want: StatusPass},
	ruleCase{Rule: "NET-R12", Fixture: "network_vpc", Address: "aws_db_subnet_group.lab[1]", Want: StatusPass},
	ruleCase{Rule: "NET-R12", Fixture: "network_vpc", Address: "module.core.aws_instance.app", Want: StatusPass, Note: "module private subnet"},

	ruleCase{Rule: "NET-R13", Fixture: "network_vpc", Address: "module.core.aws_internet_gateway.this", Want: StatusPass},
	ruleCase{Rule: "NET-R13", Fixture: "network_vpc", Address: `aws_internet_gateway.seg["a"]`, Want: StatusFail},
	ruleCase{Rule: "NET-R13", Fixture: "network_vpc", Address: "aws_internet_gateway.lab[0]", Want: StatusPass},
	ruleCase{Rule: "NET-R13", Fixture: "network_vpc", Address: "aws_internet_gateway.detached", Want: StatusNotApplicable},
	ruleCase{Rule: "NET-R13", Fixture: "network_vpc", Address: "aws_vpc_block_public_access_options.this", Want: StatusPass},
	ruleCase{Rule: "NET-R13", Fixture: "network_vpc", Address: "aws_vpc_block_public_access_exclusion.dmz", Want: StatusPass, Note: "subnet from a module output"},
	ruleCase{Rule: "NET-R13", Fixture: "network_vpc", Address: "aws_vpc_block_public_access_exclusion.app", Want: StatusFail},

	ruleCase{Rule: "NET-R15", Fixture: "network_misc", Address: "aws_eks_cluster.public", Want: StatusFail, Note: "EKS defaults: public, 0.0.0.0/0"},
	ruleCase{Rule: "NET-R15", Fixture: "network_misc", Address: "aws_eks_cluster.private", Want: StatusPass},
	ruleCase{Rule: "NET-R15", Fixture: "network_misc", Address: "aws_eks_cluster.restricted", Want: StatusPass},
	ruleCase{Rule: "NET-R15", Fixture: "network_misc", Address: "aws_lambda_function_url.open", Want: StatusFail},
	ruleCase{Rule: "NET-R15", Fixture: "network_misc", Address: "aws_lambda_function_url.iam", Want: StatusPass},
	ruleCase{Rule: "NET-R15", Fixture: "network_misc", Address: "aws_lambda_permission.anyone", Want: StatusFail},
	ruleCase{Rule: "NET-R15", Fixture: "network_misc", Address: "aws_lambda_permission.from_bucket", Want: StatusPass},

	ruleCase{Rule: "NET-R17", Fixture: "network_misc", Address: "aws_ami_launch_permission.public", Want: StatusFail},
	ruleCase{Rule: "NET-R17", Fixture: "network_misc", Address: "aws_ami_launch_permission.partner", Want: StatusPass},
	ruleCase{Rule: "NET-R17", Fixture: "network_misc", Address: "aws_ec2_image_block_public_access.off", Want: StatusFail},
	ruleCase{Rule: "NET-R17", Fixture: "network_misc", Address: "aws_ssm_document.public", Want: StatusFail},
	ruleCase{Rule: "NET-R17", Fixture: "identity_compute", Address: "aws_ssm_document.session_prefs", Want: StatusPass},

	ruleCase{Rule: "NET-R18", Fixture: "network_misc", Address: "aws_ec2_transit_gateway.default_routing", Want: StatusFail, Note: "provider defaults enable"},
	ruleCase{Rule: "NET-R18", Fixture: "network_misc", Address: "aws_ec2_transit_gateway.segmented", Want: StatusPass},
	ruleCase{Rule: "NET-R18", Fixture: "network_misc", Address: "aws_ec2_transit_gateway_vpc_attachment.explicit", Want: StatusPass},
	ruleCase{Rule: "NET-R18", Fixture: "network_misc", Address: "aws_ec2_transit_gateway_vpc_attachment.implicit", Want: StatusFail},

	ruleCase{Rule: "NET-R19", Fixture: "network_vpc", Address: "module.core.aws_vpc.this", Want: StatusPass, Note: "module firewall"},
	ruleCase{Rule: "NET-R19", Fixture: "network_vpc", Address: "module.core.aws_networkfirewall_firewall_policy.strict", Want: StatusPass},
	ruleCase{Rule: "NET-R19", Fixture: "network_vpc", Address: "module.core.aws_networkfirewall_firewall.this", Want: StatusPass},
	ruleCase{Rule: "NET-R19", Fixture: "network_vpc", Address: `aws_vpc.seg["a"]`, Want: StatusFail, Note: "IGW without firewall"},
	ruleCase{Rule: "NET-R19", Fixture: "network_vpc", Address: "aws_vpc.lab[0]", Want: StatusPass, Note: "count VPC with a firewall"},
	ruleCase{Rule: "NET-R19", Fixture: "network_vpc", Address: "aws_vpc.lab[1]", Want: StatusFail, Note: "count VPC without a firewall"},
	ruleCase{Rule: "NET-R19", Fixture: "network_vpc", Address: "aws_networkfirewall_firewall_policy.weak", Want: StatusFail},
	ruleCase{Rule: "NET-R19", Fixture: "network_vpc", Address: "aws_networkfirewall_firewall.unprotected", Want: StatusFail},
	ruleCase{Rule: "NET-R19", Fixture: "network_vpc", Address: "aws_vpc.bare", Want: StatusNotApplicable},

	ruleCase{Rule: "NET-R20", Fixture: "network_vpc", Address: "module.core.aws_lb.public", Want: StatusPass},
	ruleCase{Rule: "NET-R20", Fixture: "network_vpc", Address: `aws_lb.seg["a"]`, Want: StatusPass},
	ruleCase{Rule: "NET-R20", Fixture: "network_vpc", Address: "aws_lb.lab[0]", Want: StatusFail, Note: "count load balancer without web ACL"},
	ruleCase{Rule: "NET-R20", Fixture: "network_vpc", Address: "aws_lb.open", Want: StatusFail},
	ruleCase{Rule: "NET-R20", Fixture: "network_vpc", Address: "aws_lb.internal", Want: StatusNotApplicable},

	ruleCase{Rule: "NET-R21", Fixture: "network_vpc", Address: "module.core.aws_vpc.this", Want: StatusPass},
	ruleCase{Rule: "NET-R21", Fixture: "network_vpc", Address: `aws_vpc.seg["a"]`, Want: StatusFail},
	ruleCase{Rule: "NET-R21", Fixture: "network_vpc", Address: "aws_vpc.lab[0]", Want: StatusFail},
	ruleCase{Rule: "NET-R21", Fixture: "network_vpc", Address: "aws_vpc.bare", Want: StatusNotApplicable},

	ruleCase{Rule: "NET-R22", Fixture: "network_sg", Address: "aws_instance.vpn", Want: StatusPass},
	ruleCase{Rule: "NET-R22", Fixture: "network_sg", Address: "aws_instance.vpn_open", Want: StatusFail},
	ruleCase{Rule: "NET-R22", Fixture: "network_sg", Address: "aws_instance.vpn", Want: StatusFail, Params: map[string]any{"vpn_peer_cidrs": []string{"203.0.113.0/24"}}, Note: "peer not configured"},

	ruleCase{Rule: "NET-R23", Fixture: "network_misc", Address: "aws_customer_gateway.approved", Want: StatusPass},
	ruleCase{Rule: "NET-R23", Fixture: "network_misc", Address: "aws_vpc_peering_connection.partner", Want: StatusFail},
	ruleCase{Rule: "NET-R23", Fixture: "network_misc", Address: "aws_vpc_peering_connection.partner", Want: StatusPass, Params: map[string]any{"tunnel_allowlist": []string{"aws_vpc_peering_connection.partner"}}, Note: "allowlisted"},

	ruleCase{Rule: "NET-R24", Fixture: "network_misc", Address: "aws_dx_private_virtual_interface.md5", Want: StatusPass},
	ruleCase{Rule: "NET-R24", Fixture: "network_misc", Address: "aws_dx_private_virtual_interface.plain", Want: StatusFail},

	ruleCase{Rule: "NET-R25", Fixture: "network_misc", Address: "aws_instance.private", Want: StatusPass},
	ruleCase{Rule: "NET-R25", Fixture: "network_misc", Address: "aws_instance.explicit_public", Want: StatusFail},
	ruleCase{Rule: "NET-R25", Fixture: "network_misc", Address: "aws_instance.approved_public", Want: StatusPass, Note: "tagged NAT appliance"},
	ruleCase{Rule: "NET-R25", Fixture: "network_misc", Address: "aws_network_interface.router", Want: StatusPass},
	ruleCase{Rule: "NET-R25", Fixture: "network_misc", Address: "aws_network_interface.plain", Want: StatusPass},

	ruleCase{Rule: "NET-R26", Fixture: "network_misc", Address: "aws_ec2_serial_console_access.on", Want: StatusFail},
	ruleCase{Rule: "NET-R26", Fixture: "network_baseline_good", Address: "aws_ec2_serial_console_access.off", Want: StatusPass},
	ruleCase{Rule: "NET-R26", Fixture: "network_misc", Want: StatusNotApplicable, Params: map[string]any{"serial_console_break_glass": true}, Note: "documented break-glass"},

	ruleCase{Rule: "NET-R27", Fixture: "network_vpc", Address: "module.core.aws_vpc.this", Want: StatusPass},
	ruleCase{Rule: "NET-R27", Fixture: "network_vpc", Address: "aws_vpc.bare", Want: StatusFail},
	ruleCase{Rule: "NET-R27", Fixture: "network_vpc", Address: `aws_vpc.seg["a"]`, Want: StatusPass},
	ruleCase{Rule: "NET-R27", Fixture: "network_vpc", Address: "aws_vpc.lab[1]", Want: StatusPass},

	ruleCase{Rule: "NET-R28", Fixture: "network_sg", Address: "aws_subnet.dmz", Want: StatusPass},
	ruleCase{Rule: "NET-R28", Fixture: "network_sg", Address: "aws_subnet.untiered", Want: StatusFail},
	ruleCase{Rule: "NET-R28", Fixture: "network_sg", Address: "aws_security_group.app", Want: StatusPass, Note: "dmz>app and mgmt>app flows"},
	ruleCase{Rule: "NET-R28", Fixture: "network_sg", Address: "aws_vpc_security_group_ingress_rule.all_from_dmz_alb", Want: StatusFail, Note: "dmz>data flow"},
	ruleCase{Rule: "NET-R28", Fixture: "network_vpc", Address: "module.core.aws_subnet.private", Want: StatusPass, Note: "module subnet"},
	ruleCase{Rule: "NET-R28", Fixture: "network_vpc", Address: `aws_subnet.seg_public["a"]`, Want: StatusFail},
	ruleCase{Rule: "NET-R28", Fixture: "network_vpc", Address: "aws_subnet.lab_private[0]", Want: StatusFail},

	ruleCase{Rule: "NET-R29", Fixture: "network_baseline_good", Want: StatusPass},
	ruleCase{Rule: "NET-R29", Fixture: "network_misc", Want: StatusFail},
	ruleCase{Rule: "NET-R29", Fixture: "network_misc", Want: StatusNotApplicable, Elsewhere: []string{"network_access_analyzer"}, Note: "provided elsewhere"},

	ruleCase{Rule: "NET-R30", Fixture: "network_misc", Address: "aws_eip.on_instance", Want: StatusPass},
	ruleCase{Rule: "NET-R30", Fixture: "network_misc", Address: "aws_eip.nat", Want: StatusPass, Note: "NAT gateway allocation"},
	ruleCase{Rule: "NET-R30", Fixture: "network_misc", Address: "aws_eip.associated", Want: StatusPass, Note: "aws_eip_association"},
	ruleCase{Rule: "NET-R30", Fixture: "network_misc", Address: "aws_eip.orphan", Want: StatusFail},
	// network_unknown: values known only after apply, links passed through
	// terraform_data so that no reference can be followed.
	ruleCase{Rule: "NET-R05", Fixture: "network_unknown", Address: "aws_vpc_security_group_egress_rule.maybe_admin", Want: StatusUndecidable},
	ruleCase{Rule: "NET-R07", Fixture: "network_unknown", Address: "aws_vpc.main", Want: StatusUndecidable, Note: "vpc_id through terraform_data"},
	ruleCase{Rule: "NET-R08", Fixture: "network_unknown", Address: "aws_network_acl_rule.maybe_open", Want: StatusUndecidable},
	ruleCase{Rule: "NET-R09", Fixture: "network_unknown", Address: "aws_vpc.main", Want: StatusUndecidable},
	ruleCase{Rule: "NET-R10", Fixture: "network_unknown", Address: "aws_subnet.maybe_public", Want: StatusUndecidable},
	ruleCase{Rule: "NET-R12", Fixture: "network_unknown", Address: "aws_instance.indirect_subnet", Want: StatusUndecidable},
	ruleCase{Rule: "NET-R13", Fixture: "network_unknown", Address: "aws_internet_gateway.indirect", Want: StatusUndecidable},
	ruleCase{Rule: "NET-R15", Fixture: "network_unknown", Address: "aws_lambda_function_url.maybe", Want: StatusUndecidable},
	ruleCase{Rule: "NET-R17", Fixture: "network_unknown", Address: "aws_ami_launch_permission.maybe_public", Want: StatusUndecidable},
	ruleCase{Rule: "NET-R18", Fixture: "network_unknown", Address: "aws_ec2_transit_gateway.maybe", Want: StatusUndecidable},
	ruleCase{Rule: "NET-R19", Fixture: "network_unknown", Address: "aws_vpc.main", Want: StatusUndecidable},
	ruleCase{Rule: "NET-R20", Fixture: "network_unknown", Address: "aws_lb.maybe_protected", Want: StatusUndecidable},
	ruleCase{Rule: "NET-R23", Fixture: "network_unknown", Address: "aws_vpc_peering_connection.maybe_approved", Want: StatusUndecidable},
	ruleCase{Rule: "NET-R24", Fixture: "network_unknown", Address: "aws_dx_private_virtual_interface.secret_key", Want: StatusPass, Note: "key known after apply"},
	ruleCase{Rule: "NET-R25", Fixture: "network_unknown", Address: "aws_instance.indirect_subnet", Want: StatusUndecidable},
	ruleCase{Rule: "NET-R27", Fixture: "network_unknown", Address: "aws_vpc.main", Want: StatusUndecidable},
	ruleCase{Rule: "NET-R28", Fixture: "network_unknown", Address: "aws_security_group.workload", Want: StatusUndecidable},
	ruleCase{Rule: "NET-R30", Fixture: "network_unknown", Address: "aws_eip.maybe_used", Want: StatusUndecidable},
)

func TestCIDRWithin(t *testing.T) {
	tests := []struct {
		cidr   string
		ranges []string
		want   bool
	}{
		{"10.255.1.0/24", []string{"10.255.0.0/16"}, true},
		{"10.0.0.0/8", []string{"10.255.0.0/16"}, false},
		{"10.255.0.0/16", []string{"10.255.0.0/16"}, true},
		{"2001:db8::/64", []string{"2001:db8::/32"}, true},
		{"2001:db8::/64", []string{"10.0.0.0/8"}, false},
		{"not-a-cidr", []string{"10.0.0.0/8"}, false},
	}
	for _, tt := range tests {
		if got := cidrWithin(tt.cidr, tt.ranges); got != tt.want {
			t.Errorf("cidrWithin(%q, %v) = %v, want %v", tt.cidr, tt.ranges, got, tt.want)
		}
	}
}

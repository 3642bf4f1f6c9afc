# NET-R01, NET-R06, NET-R14, NET-R16: security groups, public endpoints and
# S3 public access blocks (see lib.rego).
package main

import rego.v1

# Administrative ports, as commshield's NET-R01 default admin_ports.
admin_ports := [
	{"protocol": "tcp", "from": 22, "to": 22},
	{"protocol": "tcp", "from": 23, "to": 23},
	{"protocol": "tcp", "from": 830, "to": 830},
	{"protocol": "tcp", "from": 3389, "to": 3389},
	{"protocol": "tcp", "from": 5985, "to": 5986},
	{"protocol": "tcp", "from": 9339, "to": 9339},
	{"protocol": "tcp", "from": 57400, "to": 57400},
	{"protocol": "udp", "from": 161, "to": 162},
]

internet := {"0.0.0.0/0", "::/0"}

# list_of: a list attribute, empty when absent or null.
list_of(obj, key) := v if {
	v := object.get(obj, key, [])
	is_array(v)
}

list_of(obj, key) := [] if not is_array(object.get(obj, key, []))

protocol_name(p) := "tcp" if lower(sprintf("%v", [p])) in {"tcp", "6"}

protocol_name(p) := "udp" if lower(sprintf("%v", [p])) in {"udp", "17"}

protocol_name(p) := "all" if sprintf("%v", [p]) in {"-1", "all"}

# exposes(protocol, from, to): the range reaches an administrative port.
exposes(protocol, _, _) if protocol_name(protocol) == "all"

exposes(protocol, from, to) if {
	some a in admin_ports
	protocol_name(protocol) == a.protocol
	from <= a.to
	to >= a.from
}

# Normalised ingress rules of the three styles: {protocol, from, to, cidrs}.
ingress_rules(r) := [x |
	some rule in object.get(after(r), "ingress", [])
	x := {
		"protocol": rule.protocol, "from": rule.from_port, "to": rule.to_port,
		"cidrs": array.concat(list_of(rule, "cidr_blocks"), list_of(rule, "ipv6_cidr_blocks")),
	}
] if r.type in {"aws_security_group", "aws_default_security_group"}

ingress_rules(r) := [x |
	after(r).type == "ingress"
	a := after(r)
	x := {
		"protocol": a.protocol, "from": a.from_port, "to": a.to_port,
		"cidrs": array.concat(list_of(a, "cidr_blocks"), list_of(a, "ipv6_cidr_blocks")),
	}
] if r.type == "aws_security_group_rule"

ingress_rules(r) := [x |
	a := after(r)
	x := {
		"protocol": a.ip_protocol, "from": object.get(a, "from_port", 0), "to": object.get(a, "to_port", 65535),
		"cidrs": [c | some c in [object.get(a, "cidr_ipv4", null), object.get(a, "cidr_ipv6", null)]; c != null],
	}
] if r.type == "aws_vpc_security_group_ingress_rule"

# NET-R01: no ingress from the internet to an administrative port.
deny contains message("NET-R01", r, sprintf("ingress from the internet reaches administrative ports %v-%v/%v", [rule.from, rule.to, rule.protocol])) if {
	some r in live
	r.type in {"aws_security_group", "aws_default_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"}
	some rule in ingress_rules(r)
	some cidr in rule.cidrs
	cidr in internet
	exposes(rule.protocol, with_default(rule.from, 0), with_default(rule.to, 65535))
}

with_default(v, d) := d if v == null

with_default(v, _) := v if v != null

# NET-R06: the default security group has no rules.
deny contains message("NET-R06", sg, sprintf("the default security group has %s rules", [dir])) if {
	some sg in of_type("aws_default_security_group")
	some dir in ["ingress", "egress"]
	count(object.get(after(sg), dir, [])) > 0
}

# NET-R14: databases and brokers have no public endpoint.
public_endpoint_types := {"aws_db_instance", "aws_rds_cluster_instance", "aws_dms_replication_instance", "aws_mq_broker", "aws_redshift_cluster"}

deny contains message("NET-R14", r, "publicly_accessible is true") if {
	some r in live
	r.type in public_endpoint_types
	after(r).publicly_accessible == true
}

deny contains message("NET-R14", r, "publicly_accessible is unset (older providers default to public)") if {
	some r in of_type("aws_redshift_cluster")
	not unknown(r, "publicly_accessible")
	object.get(after(r), "publicly_accessible", null) == null
}

# NET-R16: every bucket has a public access block with all four flags on.
pab_flags := ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]

deny contains message("NET-R16", bucket, "no complete aws_s3_bucket_public_access_block references this bucket") if {
	some bucket in of_type("aws_s3_bucket")
	not covered(bucket, complete_pab_keys, complete_pab_values)
}

complete_pabs contains pab if {
	some pab in of_type("aws_s3_bucket_public_access_block")
	every flag in pab_flags {
		flag_on(pab, flag)
	}
}

complete_pab_keys contains k if {
	some pab in complete_pabs
	some k in link_keys(pab, "bucket")
}

complete_pab_values contains v if {
	some pab in complete_pabs
	v := after(pab).bucket
	is_string(v)
}

flag_on(pab, flag) if after(pab)[flag] == true

flag_on(pab, flag) if unknown(pab, flag)

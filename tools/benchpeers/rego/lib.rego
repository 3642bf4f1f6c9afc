# Shared helpers of the commshield-equivalent Rego policy set, written the
# way a Conftest/OPA user writes plan policies: walk resource_changes, read
# change.after, treat change.after_unknown as "will be set", and link
# resources through configuration references. Rule files: logging.rego,
# network.rego, crypto.rego, iam.rego (ten deny rules, one per commshield
# seed rule). Messages read "<RULE-ID> <address>: <reason>" so the benchmark
# harness can score them.
package main

import rego.v1

# live: instances this plan creates, updates or keeps (deletes are out of scope).
live := [rc |
	some rc in input.resource_changes
	rc.mode == "managed"
	rc.change.actions != ["delete"]
]

of_type(t) := [rc | some rc in live; rc.type == t]

after(rc) := object.get(rc.change, "after", {})

# unknown(rc, attr): the attribute is known only after apply.
unknown(rc, attr) if object.get(object.get(rc.change, "after_unknown", {}), attr, false) == true

is_true(v) if v == true

message(rule, rc, reason) := sprintf("%s %s: %s", [rule, rc.address, reason])

# Configuration block of an instance: walk module_calls along the module
# path (instance keys dropped), then match type.name.
module_names(rc) := [m[1] | some m in regex.find_all_string_submatch_n(`module\.([^.\[]+)`, object.get(rc, "module_address", ""), -1)]

config_module(rc) := object.get(input.configuration.root_module, [p | some n in module_names(rc); some p in ["module_calls", n, "module"]], {})

config_block(rc) := b if {
	some b in object.get(config_module(rc), "resources", [])
	b.address == sprintf("%s.%s", [rc.type, rc.name])
}

references(rc, attr) := object.get(config_block(rc), ["expressions", attr, "references"], [])

# Cross-resource links are indexed, not searched pair by pair: a referrer
# (flow log, public access block) contributes keys
# "<module instance>|<type.name>|<[index] or *>" of what it references, and
# a target is covered when its own key (or its "*" key) is in the set.
module_of(rc) := object.get(rc, "module_address", "")

target_key(dst) := sprintf("%s|%s.%s|[%s]", [module_of(dst), dst.type, dst.name, json.marshal(dst.index)]) if dst.index != null

target_key(dst) := sprintf("%s|%s.%s|*", [module_of(dst), dst.type, dst.name]) if object.get(dst, "index", null) == null

any_instance_key(dst) := sprintf("%s|%s.%s|*", [module_of(dst), dst.type, dst.name])

# link_keys(src, attr): keys of the resources src.attr references, in the
# same module instance. A reference without an instance key
# (aws_vpc.main[count.index].id is recorded as "aws_vpc.main") means src's
# own key when the expression uses count.index or each.key, else every
# instance. bucket = each.value.id with for_each = aws_s3_bucket.tenant
# means the bucket with src's key.
link_keys(src, attr) := direct_keys(src, attr) | each_value_keys(src, attr)

direct_keys(src, attr) := {sprintf("%s|%s|%s", [module_of(src), m[1], idx]) |
	refs := references(src, attr)
	some ref in refs
	some m in regex.find_all_string_submatch_n(`^([a-z0-9_]+\.[A-Za-z0-9_-]+)(\[[^\]]+\])?`, ref, 1)
	idx := ref_index(src, refs, m[2])
}

ref_index(_, _, explicit) := explicit if explicit != ""

ref_index(src, refs, "") := sprintf("[%s]", [json.marshal(src.index)]) if keyed(refs)

ref_index(_, refs, "") := "*" if not keyed(refs)

keyed(refs) if {
	some k in ["count.index", "each.key"]
	k in refs
}

each_value_keys(src, attr) := {sprintf("%s|%s|[%s]", [module_of(src), fe, json.marshal(src.index)]) |
	some ref in references(src, attr)
	startswith(ref, "each.value")
	some fe in object.get(config_block(src), ["for_each_expression", "references"], [])
	regex.match(`^[a-z0-9_]+\.[A-Za-z0-9_-]+$`, fe)
}

# covered(dst, keys, values): dst is referenced by a key, or named by a
# known value (a literal bucket name, a VPC id) of a referrer.
covered(dst, keys, _) if target_key(dst) in keys

covered(dst, keys, _) if any_instance_key(dst) in keys

covered(dst, _, values) if {
	some k in ["id", "bucket", "arn"]
	v := object.get(after(dst), k, null)
	v != null
	v in values
}

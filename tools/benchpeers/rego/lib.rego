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
live contains rc if {
	some rc in input.resource_changes
	rc.mode == "managed"
	rc.change.actions != ["delete"]
}

of_type(t) := [rc | some rc in live; rc.type == t]

after(rc) := object.get(rc.change, "after", {})

# unknown(rc, attr): the attribute is known only after apply.
unknown(rc, attr) if object.get(object.get(rc.change, "after_unknown", {}), attr, false) == true

is_true(v) if v == true

deny_msg(rule, rc, reason) := sprintf("%s %s: %s", [rule, rc.address, reason])

# Configuration block of an instance: walk module_calls along the module
# path (instance keys dropped), then match type.name.
module_names(rc) := [m[1] | some m in regex.find_all_string_submatch_n(`module\.([^.\[]+)`, object.get(rc, "module_address", ""), -1)]

config_module(rc) := object.get(input.configuration.root_module, [p | some n in module_names(rc); some p in ["module_calls", n, "module"]], {})

config_block(rc) := b if {
	some b in object.get(config_module(rc), "resources", [])
	b.address == sprintf("%s.%s", [rc.type, rc.name])
}

references(rc, attr) := object.get(config_block(rc), ["expressions", attr, "references"], [])

# refers_to(src, attr, dst): src.attr references dst, in the same module
# instance. A reference without an index ("aws_vpc.main" from
# aws_vpc.main[each.key].id) is taken to cover every instance of dst.
refers_to(src, attr, dst) if {
	object.get(src, "module_address", "") == object.get(dst, "module_address", "")
	base := sprintf("%s.%s", [dst.type, dst.name])
	some ref in references(src, attr)
	ref_matches(ref, base, dst)
}

# ...or by known value, e.g. a literal bucket name.
refers_to(src, attr, dst) if {
	v := object.get(after(src), attr, null)
	v != null
	some key in ["id", "bucket", "arn"]
	v == object.get(after(dst), key, "")
}

ref_matches(ref, base, _) if ref == base

ref_matches(ref, base, _) if startswith(ref, concat("", [base, "."]))

ref_matches(ref, base, dst) if {
	startswith(ref, concat("", [base, "["]))
	startswith(ref, sprintf("%s[%s]", [base, json.marshal(dst.index)]))
}

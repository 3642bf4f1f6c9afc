# IAM-R13: no policy allows every action on every resource (see lib.rego).
package main

import rego.v1

policy_attribute := {
	"aws_iam_policy": "policy",
	"aws_iam_role_policy": "policy",
	"aws_iam_group_policy": "policy",
	"aws_iam_user_policy": "policy",
	"aws_ssoadmin_permission_set_inline_policy": "inline_policy",
}

# Policy JSON texts of an instance; an unknown or invalid document is skipped.
policy_texts(r) := array.concat(
	[t | t := object.get(after(r), policy_attribute[r.type], ""); is_string(t); t != ""],
	[p.policy | r.type == "aws_iam_role"; some p in object.get(after(r), "inline_policy", []); is_string(p.policy); p.policy != ""],
)

statements(doc) := doc.Statement if is_array(doc.Statement)

statements(doc) := [doc.Statement] if is_object(doc.Statement)

as_list(x) := x if is_array(x)

as_list(x) := [x] if is_string(x)

deny contains message("IAM-R13", r, "a statement allows Action \"*\" on Resource \"*\"") if {
	some r in live
	r.type in {t | some t, _ in policy_attribute} | {"aws_iam_role"}
	some text in policy_texts(r)
	some s in statements(json.unmarshal(text))
	s.Effect == "Allow"
	"*" in as_list(object.get(s, "Action", []))
	"*" in as_list(object.get(s, "Resource", []))
}

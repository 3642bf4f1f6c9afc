# CRY-R21, CRY-R22: KMS key rotation and encryption at rest (see lib.rego).
package main

import rego.v1

symmetric(key) if object.get(after(key), "customer_master_key_spec", "SYMMETRIC_DEFAULT") in {null, "SYMMETRIC_DEFAULT"}

# CRY-R21: symmetric keys rotate at least yearly and keep a 30-day deletion window.
deny contains message("CRY-R21", key, "enable_key_rotation is not true") if {
	some key in of_type("aws_kms_key")
	symmetric(key)
	not unknown(key, "enable_key_rotation")
	not is_true(object.get(after(key), "enable_key_rotation", false))
}

deny contains message("CRY-R21", key, sprintf("rotation_period_in_days is %v (> 365)", [days])) if {
	some key in of_type("aws_kms_key")
	symmetric(key)
	days := object.get(after(key), "rotation_period_in_days", null)
	is_number(days)
	days > 365
}

deny contains message("CRY-R21", key, sprintf("deletion_window_in_days is %v (< 30)", [days])) if {
	some key in of_type("aws_kms_key")
	symmetric(key)
	days := object.get(after(key), "deletion_window_in_days", null)
	is_number(days)
	days < 30
}

# CRY-R22: block storage, databases and file systems are encrypted at rest.
# EBS-backed storage is covered when the plan turns on EBS encryption by default.
ebs_default_on if {
	some d in of_type("aws_ebs_encryption_by_default")
	object.get(after(d), "enabled", true) != false
}

deny contains message("CRY-R22", d, "EBS encryption by default is turned off") if {
	some d in of_type("aws_ebs_encryption_by_default")
	after(d).enabled == false
}

top_level_switch := {
	"aws_ebs_volume": "encrypted",
	"aws_db_instance": "storage_encrypted",
	"aws_rds_cluster": "storage_encrypted",
	"aws_efs_file_system": "encrypted",
}

deny contains message("CRY-R22", r, sprintf("%s is not true", [attr])) if {
	some t, attr in top_level_switch
	some r in of_type(t)
	not ebs_covered(t)
	not unknown(r, attr)
	not is_true(object.get(after(r), attr, false))
}

ebs_covered(t) if {
	t == "aws_ebs_volume"
	ebs_default_on
}

deny contains message("CRY-R22", r, sprintf("%s[%d].encrypted is not true", [block, i])) if {
	some r in of_type("aws_instance")
	not ebs_default_on
	some block in ["root_block_device", "ebs_block_device"]
	some i, dev in object.get(after(r), block, [])
	not device_encryption_unknown(r, block, i)
	not is_true(object.get(dev, "encrypted", false))
}

device_encryption_unknown(r, block, i) if r.change.after_unknown[block][i].encrypted == true

deny contains message("CRY-R22", r, sprintf("block_device_mappings[%d].ebs[%d].encrypted is not true", [i, j])) if {
	some r in of_type("aws_launch_template")
	not ebs_default_on
	some i, m in object.get(after(r), "block_device_mappings", [])
	some j, ebs in object.get(m, "ebs", [])
	not r.change.after_unknown.block_device_mappings[i].ebs[j].encrypted == true
	not object.get(ebs, "encrypted", "") in {true, "true"}
}

# LOG-R01, LOG-R05, LOG-R06: flow logs and CloudTrail (see lib.rego).
package main

import rego.v1

# LOG-R01: every VPC has a flow log recording ALL traffic.
deny contains message("LOG-R01", vpc, "no aws_flow_log with traffic_type ALL references this VPC") if {
	some vpc in of_type("aws_vpc")
	not covered(vpc, flow_log_keys, flow_log_values)
}

flow_logs_all_traffic contains fl if {
	some fl in of_type("aws_flow_log")
	flow_log_traffic_ok(fl)
}

flow_log_keys contains k if {
	some fl in flow_logs_all_traffic
	some k in link_keys(fl, "vpc_id")
}

flow_log_values contains v if {
	some fl in flow_logs_all_traffic
	v := after(fl).vpc_id
	is_string(v)
}

flow_log_traffic_ok(fl) if after(fl).traffic_type == "ALL"

flow_log_traffic_ok(fl) if unknown(fl, "traffic_type")

# LOG-R05: trails validate log files.
deny contains message("LOG-R05", trail, "enable_log_file_validation is not true") if {
	some trail in of_type("aws_cloudtrail")
	not unknown(trail, "enable_log_file_validation")
	not is_true(object.get(after(trail), "enable_log_file_validation", false))
}

# LOG-R06: trails encrypt with a KMS key.
deny contains message("LOG-R06", trail, "kms_key_id is unset") if {
	some trail in of_type("aws_cloudtrail")
	not unknown(trail, "kms_key_id")
	object.get(after(trail), "kms_key_id", null) in {null, ""}
}

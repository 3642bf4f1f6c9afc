// Package ec2 implements commshield_segmented_vpc: a VPC split into
// out-of-band management, signaling, user-plane and optional edge subnet
// tiers across availability zones, with a route table and a network ACL per
// tier (management isolated from every other tier, plaintext management
// protocols denied), no internet gateway or public IPs unless the edge tier
// is requested with a justification, the default security group and default
// network ACL emptied, and VPC flow logs (ALL, 60 s) to the log archive
// bucket or to a KMS-encrypted CloudWatch Logs group.
//
// # Design decisions
//
//   - One converger creates, updates and repairs: each step reads what
//     exists and changes only what differs. Objects are found by the
//     commshield:tier / commshield:vpc tags, so import and cleanup after a
//     partial failure need nothing but the VPC ID.
//   - Plan-time knowledge: subnet CIDRs and every network ACL entry are
//     computed in ModifyPlan; Read records the real ones, so drift is a
//     readable diff (an entry that disappeared, a rule count of 1 on the
//     default security group, a null flow_log_id).
//   - Partial failure on create: everything created is recorded in state
//     with the error (Terraform taints the resource); nothing is rolled back.
//     TestAccEC2SegmentedVPC_partialFailure proves no VPC is orphaned.
//   - The three core tiers replace the VPC when resized; the edge tier is
//     added, resized and removed in place, and is allocated last so the other
//     tiers never move.
//   - The default network ACL keeps only its implicit deny and no tier subnet
//     uses it; a subnet added outside Terraform is therefore isolated.
//   - The flow-log group is retained on destroy by default
//     (retain_flow_log_group_on_destroy) and adopted when found on create.
//
// # Known limits
//
//   - Tags are synced on every EC2 object on each apply; the flow-log group
//     and role get them at creation only.
//   - Each converge step re-reads the VPC's objects (about ten Describe
//     calls), so an apply makes on the order of a hundred read calls: simple
//     and always correct, not minimal.
//   - A second internet gateway attached next to the edge tier's own is not
//     reported; without an edge tier any attached gateway is.
//   - The flow-log role's inline policy is rewritten on every apply that
//     reaches the flow-log step, not read back for drift.
//
// # What moto (5.2.1) cannot exercise, and how it is covered
//
//   - Deleting a subnet does not remove its network ACL association in moto,
//     so the tier ACL could never be deleted (DependencyViolation). The
//     resource hands each subnet back to the default ACL before deleting it,
//     which is harmless on AWS; the acceptance check ignores associations of
//     subnets that no longer exist.
//   - CreateFlowLogs to S3 with a key prefix ("arn:aws:s3:::bucket/prefix")
//     fails in moto (it looks up a bucket named "bucket/prefix"); the tests
//     use a bucket ARN without prefix. Prefixes are validated by the plan-time
//     ARN pattern only.
//   - moto does not check the flow-log role or log group, nor the KMS key of
//     the group; the CloudWatch Logs AssociateKmsKey call (made only when the
//     group's key differs from flow_log_kms_key_arn) is not implemented by
//     moto and so is not exercised. The retry of CreateFlowLogs during IAM
//     propagation never triggers in moto.
//   - DependencyViolation on delete is permanent in moto (nothing detaches
//     asynchronously); the retry with backoff (up to 10 minutes) is therefore
//     exercised only on AWS, where Lambda/endpoint network interfaces linger.
//   - moto's default security group has only the egress allow-all rule (AWS
//     also has a self-referencing ingress rule); the resource revokes by rule
//     ID whatever is there, and the drift test adds an ingress rule itself.
//   - NACL rule quotas (20 per direction by default) are not enforced by
//     moto; the resource warns above 20 and refuses above 40 at plan time
//     (unit-tested through rulesPerDirection).
package ec2

// commshield_management_access (management_access*.go) is a security group
// for out-of-band management.
//
// # Design decisions
//
//   - The services are a closed list of encrypted protocols (SSH 22, HTTPS
//     443, NETCONF/SSH 830, gNMI 9339 and gNMI 57400 as separate choices), so
//     plaintext ingress cannot be expressed; the diagnostic for "telnet",
//     "http", "snmp", "tftp" or "ftp" names the replacement. A unit test
//     keeps the list disjoint from the rule pack's plaintext ports.
//   - Public sources: 0.0.0.0/0 and ::/0 never; any other block with
//     internet-routable addresses (the cidr_is_public function's verdict,
//     shared with `check`) only when repeated in public_cidr_allowlist and no
//     wider than /24 or /48. The exception is a separate attribute so review
//     sees it; import puts public sources found on a group there.
//   - The group's rules are owned exclusively: Read records them as
//     ingress_rules / egress_rules strings ("tcp/22 from 10.0.0.0/8"), which
//     ModifyPlan plans from the configuration; any difference is a diff, and
//     apply revokes what is extra before authorizing what is missing.
//   - AWS's default allow-all egress rule is revoked on create; egress is one
//     protocol and port per entry, never all protocols or plaintext ports.
//   - Partial failure on create: the group is recorded in state (tainted)
//     with the rules it has; the next apply replaces it.
//
// # Known limits
//
//   - Rule descriptions are not compared (a reworded description is not
//     drift), except that import groups egress rules by description.
//   - Security group rule quotas (60 per direction by default) are not
//     enforced by moto; the plan warns above 60 rules per direction.
//   - Prefix-list and IPv6 sources are parsed and rendered but only IPv4 and
//     security-group sources are exercised against moto.

# Import by policy ID. The options are read back from the policy's commshield
# statements (by Sid), the targets from its attachments; statements commshield
# did not write show as a diff in `content` and are replaced at the next apply.
terraform import commshield_guardrail_policy.workloads p-examplepolicyid

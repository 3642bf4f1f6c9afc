# Import by security group ID. Services, sources and egress are reconstructed
# from the group's rules; public sources found on the group are put on
# public_cidr_allowlist, and rules that fit no management service (telnet,
# all traffic) stay visible in ingress_rules / egress_rules, so the first
# plan after import removes them.
terraform import commshield_management_access.oob sg-0123456789abcdef0

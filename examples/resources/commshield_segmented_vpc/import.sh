# Import by VPC ID. The tiers are read back from the commshield:tier tags on
# the subnets, route tables and network ACLs; tier sizes come back as newbits
# when the automatic layout reproduces the subnets, otherwise as cidrs.
terraform import commshield_segmented_vpc.core vpc-0123456789abcdef0

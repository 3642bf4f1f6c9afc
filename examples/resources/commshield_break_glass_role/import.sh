# Import by role name. Principals, MFA age and source-identity patterns are
# read back from the trust policy's commshield statement, policies, topic key
# and email subscriptions from AWS; a role whose trust policy was not written
# by commshield imports with an empty principal list, and the next plan shows
# the trust policy commshield would apply.
terraform import commshield_break_glass_role.emergency break-glass-admin

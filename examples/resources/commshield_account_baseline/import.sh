# Import by the 12-digit account ID of the provider's credentials. Every part
# is imported as managed with the defaults; the next plan shows any part the
# account does not meet (enabled = false) and the apply turns it on.
terraform import commshield_account_baseline.this 123456789012

# Import by key ID (a key ARN works too). The administrator, user and service
# lists are read back from the key policy's commshield statements; a key whose
# policy was not written by commshield imports with empty lists, and the next
# plan shows the policy commshield would apply.
terraform import commshield_kms_key.logs 1234abcd-12ab-34cd-56ef-1234567890ab

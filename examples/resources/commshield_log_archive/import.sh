# Import by bucket name. Delivery services, source accounts or organization,
# and break-glass principals are read back from the bucket policy's
# commshield statements.
terraform import commshield_log_archive.central noc-log-archive-111122223333

# Import by trail name or trail ARN. The CloudWatch Logs group the trail
# delivers to is found from the trail; the delivery role must be named
# commshield-trail-<name> (as the resource creates it) or the next apply
# creates it.
terraform import commshield_audit_trail.org org-audit
terraform import commshield_audit_trail.org arn:aws:cloudtrail:us-east-1:123456789012:trail/org-audit

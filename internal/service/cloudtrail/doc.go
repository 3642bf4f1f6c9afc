// Package cloudtrail implements commshield_audit_trail: a CloudTrail trail
// that is multi-Region, records global service events, validates log files,
// is KMS-encrypted, delivers to a log archive bucket and to a KMS-encrypted
// CloudWatch Logs group through a least-privilege role, and is verified to be
// logging after every create and update.
//
// # Design decisions
//
//   - Enforced settings (logging, multi-Region, global events, log file
//     validation, all management events) are computed attributes pinned in
//     ModifyPlan; Read records the real values, so a change made outside
//     Terraform is a visible diff that apply reverts.
//   - Event selectors are always written in the advanced form (management
//     selector first); Read understands basic selectors too, so a trail
//     switched to them outside Terraform is still judged correctly.
//   - The log group is retained on destroy by default
//     (retain_log_group_on_destroy); a group of the same name found on create
//     is adopted, which also makes re-creating a destroyed trail work.
//   - Partial failure: the log group and role are rolled back if the trail
//     cannot be created (TestAccCloudTrailAuditTrail_rollback); once the
//     trail exists, state is recorded with the error and Terraform taints the
//     resource.
//
// # Known limits
//
//   - Drift in the delivery role's inline policy is not read back; every
//     apply that changes anything rewrites it (PutRolePolicy), and a deleted
//     role is detected and recreated.
//   - Tags are synced on the trail on every apply; the log group and role get
//     them at creation only.
//
// # What moto (5.2.1) cannot exercise, and how it is covered
//
//   - moto does not check the KMS key (any string is accepted) nor the bucket
//     or key policies, so InsufficientS3BucketPolicyException and
//     InsufficientEncryptionPolicyException never occur there: the key ARN is
//     validated at plan time (no aliases), and explainTrailError's hints are
//     unit-tested only by code review.
//   - IAM propagation delays do not occur in moto: the retry on
//     InvalidCloudWatchLogsRoleArnException is exercised only on AWS.
//   - moto's PutInsightSelectors appends instead of replacing, so turning an
//     Insights type off cannot be tested; Read de-duplicates what moto
//     returns, and the acceptance test only adds Insights.
//   - CloudWatch Logs AssociateKmsKey is not implemented by moto; it is only
//     called when the group's key differs from kms_key_arn (key rotation to a
//     new key or drift), which the acceptance tests therefore do not do.
//   - StartLogging and DeleteTrail only work with the trail name in moto (an
//     ARN gives HTTP 500 or is silently ignored); the resource always passes
//     the name, which AWS accepts for trails in the same account.
//   - moto does not deliver events, so "IsLogging" is the only evidence of
//     delivery; LatestDeliveryError is surfaced in the waiter's timeout message
//     for real accounts.
//   - Organization trails are not checked against AWS Organizations by moto;
//     is_organization_trail is covered by unit tests of the role policy only.
package cloudtrail

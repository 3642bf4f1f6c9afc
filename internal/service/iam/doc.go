// Package iam implements commshield_break_glass_role: an emergency-access
// IAM role gated by MFA, a source identity and short sessions, with an
// EventBridge alarm on every AssumeRole of it published to a KMS-encrypted
// SNS topic.
//
// # Design decisions
//
//   - Everything computable is known at plan time: role, topic and rule ARNs
//     (the topic and rule names derive from the role name), the trust policy
//     and the event pattern. Other resources can reference them in the same
//     plan, and delete/import find every part from the role name alone.
//   - One converger creates, updates and repairs the alarm: CreateTopic and
//     PutRule/PutTargets are idempotent upserts, policies and subscriptions
//     are diffed against what exists. Read derives the configuration from
//     AWS (principals and MFA age from the trust policy's
//     BreakGlassAssumeWithMFA statement), so drift and import are ordinary
//     diffs; alarm_enabled (rule enabled and targeting the topic) is always
//     planned true.
//   - Managed policies are owned exclusively (others are detached); email
//     subscriptions are owned, other protocols on the topic are left alone.
//   - Partial failure on create: what exists is recorded in state (tainted)
//     and the next apply destroys and recreates every part; Destroy treats
//     each missing part as deleted and also removes inline policies, which
//     would block DeleteRole.
//
// # Known limits
//
//   - When a principal role or user is deleted, AWS rewrites it in the trust
//     policy as its unique ID (AROA…/AIDA…); principal_arns then shows that
//     ID as a diff and apply fails until the principal is recreated or
//     removed from principal_arns. AWS also rejects principals that do not
//     exist (MalformedPolicyDocument); moto accepts them.
//   - The alarm matches CloudTrail's AssumeRole records in the resource's
//     region only; console SwitchRole sign-ins are not matched (see the
//     resource documentation).
//
// # What moto (5.2) cannot exercise, and how it is covered
//
//   - moto loads no AWS-managed policies by default; the tests attach
//     customer-managed ones through the same calls.
//   - moto's EventBridge cannot deliver to SNS targets (NotImplementedError)
//     and does not implement TestEventPattern. The pattern is replayed with
//     CloudTrail-shaped AssumeRole events through a copy of the rule on a
//     separate bus targeting a log group (TestAccIAMBreakGlassRole_pattern…);
//     delivery to SNS, KMS use by events.amazonaws.com and email
//     confirmation are never exercised against moto.
//   - moto does not evaluate trust-policy conditions, so MFA and source
//     identity enforcement are asserted on the generated document, not by an
//     AssumeRole call.
package iam

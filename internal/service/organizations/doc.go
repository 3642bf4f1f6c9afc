// Package organizations implements commshield_guardrail_policy: an AWS
// Organizations service control policy generated from options and attached
// to roots, OUs or accounts.
//
// # Design decisions
//
//   - Each option is one Deny statement with a fixed Sid (the guards table
//     in policy.go), so import and drift parse the options back from the
//     content; a statement removed or turned into Allow outside Terraform
//     reads as its option off.
//   - The content is compact JSON and its size is counted as Organizations
//     counts it (whitespace outside strings ignored); ValidateConfig refuses
//     a policy over 5120 characters, naming the size of each part, so
//     `terraform validate` and plan fail before any API call.
//   - Exempt principals are an ArnNotLike aws:PrincipalArn condition on every
//     statement except the root-user one; one that exempts every role or
//     user is refused.
//   - Partial failure on create: the policy is recorded in state with the
//     error (tainted); TestAccOrganizationsGuardrailPolicy_partialFailure
//     proves nothing is orphaned. Delete detaches from every target first.
//
// # What moto does not enforce
//
// moto stores SCPs, their attachments and tags, but does not evaluate SCPs
// (denied calls still succeed), does not check the 5120-character limit or
// the five-SCPs-per-target quota, attaches without EnablePolicyType having
// been called on the root, and answers a missing OU with
// OrganizationalUnitNotFoundException (AWS: TargetNotFoundException; both
// are handled). The tests enable SCPs on the root as AWS requires.
package organizations

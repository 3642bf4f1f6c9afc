// Package landingzone holds the end-to-end tests of examples/landing-zone,
// the root module composing every commshield resource (three KMS keys, log
// archive, audit trail, segmented VPC, account baseline, Config rules,
// change alerts, management access, break-glass role, guardrail policy),
// the compliance data sources and a provider function:
//
//   - TestAccLandingZone_example (TF_ACC=1, `make testacc`): copies the
//     example, points its provider at the harness's moto server (and the
//     operations moto lacks at acctest.GapServer) through the example's own
//     `endpoints` variable, creates an organization and OU in moto for the
//     guardrail policy, and runs real terraform init/plan/apply, an empty
//     second plan, and destroy (terraform-plugin-testing with
//     ConfigDirectory). Before apply it runs every rule on the live plan:
//     none may fail. After apply it checks the wiring through the SDK.
//   - TestLandingZonePlanPassesCheck (always): `check` on the committed
//     examples/landing-zone/plan.json (made by `examples/landing-zone/run.sh
//     -update`, the commshield provider planning against moto) exits 0 with
//     zero failures.
//
// The package has no non-test code besides this comment.
package landingzone

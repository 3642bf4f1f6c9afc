// Package landingzone holds the end-to-end tests of examples/landing-zone,
// the root module composing the four visibility resources (KMS key, log
// archive, audit trail, segmented VPC):
//
//   - TestAccLandingZone_example (TF_ACC=1, `make testacc`): copies the
//     example, points its provider at the harness's moto server through the
//     example's own `endpoints` variable, and runs real terraform
//     init/plan/apply, an empty second plan, and destroy
//     (terraform-plugin-testing with ConfigDirectory). Before apply it runs
//     the rule pack on the live plan: no logging or network rule may fail.
//   - TestLandingZonePlanPassesCheck (always): `check` on the committed
//     examples/landing-zone/plan.json (made by `examples/landing-zone/run.sh
//     -update`) exits 0 with no failure in the logging and network
//     categories.
//
// The package has no non-test code besides this comment.
package landingzone

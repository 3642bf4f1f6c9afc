package check

import (
	"testing"

	"github.com/commshield/terraform-provider-commshield/internal/testfixture"
)

// exampleDir is the source of the demo fixture: the stack `make demo`
// checks. testdata/fixtures/demo is a copy, so that the golden reports
// point at paths inside this package and do not move when the example's
// directory does.
const exampleDir = "../../examples/check-demo"

// TestDemoFixtureIsCopyOfExample keeps the copy from drifting: a change to
// the example must reach the golden reports, and a change made only here
// would test a stack that users never see.
func TestDemoFixtureIsCopyOfExample(t *testing.T) {
	const fix = "copy the example's configuration over the fixture and plan it again (from the repository root): " +
		"rm -r internal/check/testdata/fixtures/demo/modules && cp -r examples/check-demo/{main.tf,modules} internal/check/testdata/fixtures/demo/ && " +
		"tools/fixtures/generate.sh internal/check/testdata/fixtures/demo; then review the golden diff of `go test ./internal/check -update`"
	testfixture.AssertStackCopy(t, exampleDir, demoDir, fix)
}

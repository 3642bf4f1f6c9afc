package rules

import (
	"testing"

	"github.com/commshield/terraform-provider-commshield/internal/testfixture"
)

// The seed fixture is a copy of the stack `make demo` checks, kept inside
// the package like every other fixture so that tools/fixtures/generate.sh
// and loadFixture treat it alike.
const (
	exampleDir = "../../examples/check-demo"
	seedDir    = "testdata/fixtures/seed"
)

// TestSeedFixtureIsCopyOfExample keeps the copy from drifting: the seed
// rows assert verdicts on the example's resources, and a change made only
// here would test a stack that users never see.
func TestSeedFixtureIsCopyOfExample(t *testing.T) {
	const fix = "copy the example's configuration over the fixture and plan it again (from the repository root): " +
		"rm -r internal/rules/testdata/fixtures/seed/modules && cp -r examples/check-demo/{main.tf,modules} internal/rules/testdata/fixtures/seed/ && " +
		"tools/fixtures/generate.sh internal/rules/testdata/fixtures/seed; then check the seed rows"
	testfixture.AssertStackCopy(t, exampleDir, seedDir, fix)
}

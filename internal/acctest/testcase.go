package acctest

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// ParallelTest runs tc in parallel with the package's other acceptance tests,
// filling in the harness's provider factories and PreCheck when unset. Tests
// share one moto, so every name must come from RandomName.
func ParallelTest(t *testing.T, tc resource.TestCase) {
	t.Helper()
	if tc.ProtoV6ProviderFactories == nil {
		tc.ProtoV6ProviderFactories = ProtoV6ProviderFactories
	}
	if tc.PreCheck == nil {
		tc.PreCheck = func() { PreCheck(t) }
	}
	resource.ParallelTest(t, tc)
}

// NotGone is the error of a check that looked what up expecting AWS's
// not-found answer and got lookupErr instead: nil means what still exists,
// any other error means the lookup itself failed (wrapped, so callers and
// test logs keep the AWS error).
func NotGone(what string, lookupErr error) error {
	if lookupErr != nil {
		return fmt.Errorf("looking up %s, want not found: %w", what, lookupErr)
	}
	return fmt.Errorf("%s still exists", what)
}

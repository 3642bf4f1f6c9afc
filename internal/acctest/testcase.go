package acctest

import (
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

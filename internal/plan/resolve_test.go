package plan

import (
	"context"
	"strings"
	"testing"
)

// TestResolveCyclicConfiguration feeds a configuration no Terraform could
// produce (a module input that reads the module's own output, which reads
// the input): resolution must stop and report, not loop.
func TestResolveCyclicConfiguration(t *testing.T) {
	in := `{
  "format_version": "1.2",
  "resource_changes": [
    {"address": "module.m.aws_s3_bucket_public_access_block.p", "module_address": "module.m", "mode": "managed",
     "type": "aws_s3_bucket_public_access_block", "name": "p",
     "change": {"actions": ["create"], "after": {}, "after_unknown": {"bucket": true}}}
  ],
  "configuration": {"root_module": {"module_calls": {"m": {
    "source": "./m",
    "expressions": {"x": {"references": ["module.m.out", "module.m.out2", "module.m"]}},
    "module": {
      "outputs": {"out": {"expression": {"references": ["var.x"]}}, "out2": {"expression": {"references": ["var.x"]}}},
      "resources": [{"address": "aws_s3_bucket_public_access_block.p", "mode": "managed",
        "type": "aws_s3_bucket_public_access_block", "name": "p",
        "expressions": {"bucket": {"references": ["var.x", "module.m.out"]}}}]
    }
  }}}}
}`
	p, err := Load(context.Background(), strings.NewReader(in), "cyclic.json")
	if err != nil {
		t.Fatal(err)
	}
	pab := p.Lookup("module.m.aws_s3_bucket_public_access_block.p")
	if pab == nil || pab.Config == nil {
		t.Fatal("resource or its configuration missing")
	}
	res := p.Resolve(pab, "bucket")
	if len(res.Targets) != 0 || len(res.Candidates) != 0 {
		t.Errorf("cyclic configuration resolved to %v", res.Targets)
	}
	if len(res.Unresolved) == 0 {
		t.Errorf("the unresolvable reference must be explained")
	}
	refs := p.ReferrersOf(pab, pab.Type, "bucket")
	if len(refs.Matched) != 0 || len(refs.Undetermined) != 1 {
		t.Errorf("referrers %+v", refs)
	}
}

package plan

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/commshield/terraform-provider-commshield/internal/plan/plangen"
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

// TestReferrersOfLargePlan checks the reverse index on a plan big enough
// for its values to be decoded on several goroutines (decodeValues) while
// rules ask from several goroutines: the answers must equal those of a
// plan whose values were all decoded beforehand on one goroutine.
func TestReferrersOfLargePlan(t *testing.T) {
	tpl, err := os.ReadFile(benchTemplate)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := plangen.Generate(tpl, plangen.Options{Instances: 8000}, &buf); err != nil {
		t.Fatal(err)
	}
	load := func() *Plan {
		p, err := Load(context.Background(), bytes.NewReader(buf.Bytes()), "large.json")
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	const referrer, attribute = "aws_s3_bucket_public_access_block", "bucket"
	sequential, parallel := load(), load()
	if n := len(parallel.OfType(referrer)); n < 2*decodeMinPerWorker {
		t.Fatalf("only %d %s instances; too few for decodeValues to use two goroutines", n, referrer)
	}
	for _, r := range sequential.Resources {
		_ = r.Value()
	}
	buckets := parallel.OfType("aws_s3_bucket")
	got := make([]Referrers, len(buckets))
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < len(buckets); i += 4 {
				got[i] = parallel.ReferrersOf(buckets[i], referrer, attribute)
			}
		})
	}
	wg.Wait()
	matched := 0
	for i, b := range sequential.OfType("aws_s3_bucket") {
		want := sequential.ReferrersOf(b, referrer, attribute)
		if g, w := summarise(got[i]), summarise(want); g != w {
			t.Fatalf("%s: referrers differ:\n got %s\nwant %s", b.Address, g, w)
		}
		matched += len(want.Matched)
	}
	if matched == 0 {
		t.Fatal("no bucket has a referrer; the comparison proves nothing")
	}
}

func summarise(r Referrers) string {
	var b strings.Builder
	for _, t := range r.Matched {
		fmt.Fprintf(&b, "%s byValue=%v; ", t.Resource.Address, t.ByValue)
	}
	b.WriteString("| ")
	for _, u := range r.Undetermined {
		b.WriteString(u.Address + "; ")
	}
	return b.String()
}

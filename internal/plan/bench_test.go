package plan

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/commshield/terraform-provider-commshield/internal/plan/plangen"
)

// benchTemplate is a real plan with modules, count and bucket/PAB
// references, scaled by plangen.
const benchTemplate = "testdata/corpus/checkov__runner_plan_nested_child_modules_with_connections.json"

func generatePlan(b *testing.B, instances int) []byte {
	b.Helper()
	tpl, err := os.ReadFile(benchTemplate)
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "plan.json")
	var buf bytes.Buffer
	if err := plangen.Generate(tpl, plangen.Options{Instances: instances}, &buf); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// benchmarkLoad compares plan.Load with a bare json.Unmarshal into `any` of
// the same bytes, and measures load plus what a full check does to the
// model (every value decoded, a reverse reference index built).
func benchmarkLoad(b *testing.B, instances int) {
	data := generatePlan(b, instances)
	ctx := context.Background()
	b.Run("json.Unmarshal", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var v any
			if err := json.Unmarshal(data, &v); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("plan.Load", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Load(ctx, bytes.NewReader(data), "bench.json"); err != nil {
				b.Fatal(err)
			}
		}
	})
	// The envelope alone, decoded by envelope.go and by encoding/json.
	b.Run("envelope", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var raw rawPlan
			if !decodeEnvelope(data, &raw) {
				b.Fatal("envelope decoder declined the plan")
			}
		}
	})
	b.Run("envelope-encoding-json", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var raw rawPlan
			if err := json.Unmarshal(data, &raw); err != nil {
				b.Fatal(err)
			}
		}
	})
	// The measure on a shared machine: plan.Load and json.Unmarshal
	// alternate, so both see the same load, and the ratio of their total
	// times is reported as load/unmarshal.
	b.Run("ratio", func(b *testing.B) {
		var load, unmarshal time.Duration
		for b.Loop() {
			start := time.Now()
			var v any
			if err := json.Unmarshal(data, &v); err != nil {
				b.Fatal(err)
			}
			v = nil
			mid := time.Now()
			if _, err := Load(ctx, bytes.NewReader(data), "bench.json"); err != nil {
				b.Fatal(err)
			}
			unmarshal += mid.Sub(start)
			load += time.Since(mid)
		}
		b.ReportMetric(load.Seconds()/unmarshal.Seconds(), "load/unmarshal")
	})
	b.Run("plan.Load+values+referrers", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			p, err := Load(ctx, bytes.NewReader(data), "bench.json")
			if err != nil {
				b.Fatal(err)
			}
			touchAll(p)
		}
	})
}

// touchAll decodes every value (on two goroutines, as a rule engine would)
// and asks for every bucket's public access blocks.
func touchAll(p *Plan) {
	var wg sync.WaitGroup
	half := len(p.Resources) / 2
	for _, part := range [][]*Resource{p.Resources[:half], p.Resources[half:]} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, r := range part {
				_ = r.After()
				_ = r.Before()
			}
		}()
	}
	wg.Wait()
	for _, bucket := range p.OfType("aws_s3_bucket") {
		_ = p.ReferrersOf(bucket, "aws_s3_bucket_public_access_block", "bucket")
	}
}

func BenchmarkLoad_1k(b *testing.B)  { benchmarkLoad(b, 1000) }
func BenchmarkLoad_15k(b *testing.B) { benchmarkLoad(b, 15000) }

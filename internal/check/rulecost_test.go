package check

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"testing"

	"github.com/commshield/terraform-provider-commshield/internal/plan"
	"github.com/commshield/terraform-provider-commshield/internal/rules"
)

// BenchmarkEachRule runs every rule alone over a 15k-instance plan
// (COMMSHIELD_BENCH_INSTANCES overrides the size), so a
// rule whose cost grows faster than the plan (e.g. a per-bucket scan of
// every trail) stands out:
//
//	go test ./internal/check -run '^$' -bench BenchmarkEachRule -benchtime 1x
func BenchmarkEachRule(b *testing.B) {
	instances := 15000
	if n, err := strconv.Atoi(os.Getenv("COMMSHIELD_BENCH_INSTANCES")); err == nil && n > 0 {
		instances = n
	}
	p, err := plan.Load(context.Background(), bytes.NewReader(scaledDemoPlan(b, instances)), "bench.json")
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range p.Resources {
		r.Value() // decode once, outside the measurement
	}
	for _, rule := range rules.All() {
		b.Run(rule.ID, func(b *testing.B) {
			e, err := rules.NewEngine([]*rules.Rule{rule}, rules.Options{})
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := e.Check(context.Background(), p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

package check

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/commshield/terraform-provider-commshield/internal/plan/plangen"
	"github.com/commshield/terraform-provider-commshield/internal/rules"
)

// BenchmarkCheck measures a whole `check` run (load, every rule of the pack,
// JSON report) on the demo plan scaled by plangen to the target sizes. The
// target is 15k instances in at most 2 s.
//
//	go test ./internal/check -run '^$' -bench BenchmarkCheck -benchtime 3x
func BenchmarkCheck(b *testing.B) {
	for _, n := range []int{1000, 15000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			path, size := writeScaledDemoPlan(b, n)
			env := benchEnv(nil)
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				if code := run(context.Background(), []string{"--format", "json", path}, env); code == ExitUsage {
					b.Fatal("check failed with exit 2")
				}
			}
		})
	}
}

// BenchmarkCheckVsUnmarshal is the measure inside one benchmark
// binary: a whole check (every rule, text report) of the 15k-instance plan
// against a bare json.Unmarshal into `any` of the same bytes, alternating so
// that both see the same machine load; check/unmarshal is the ratio of
// their total times (target: at most 2). tools/bench (make bench) measures
// the same with the built binary in fresh processes.
func BenchmarkCheckVsUnmarshal(b *testing.B) {
	path, _ := writeScaledDemoPlan(b, 15000)
	env := benchEnv(nil)
	var check, unmarshal time.Duration
	for b.Loop() {
		start := time.Now()
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			b.Fatal(err)
		}
		mid := time.Now()
		if code := run(context.Background(), []string{path}, env); code == ExitUsage {
			b.Fatal("check failed with exit 2")
		}
		unmarshal += mid.Sub(start)
		check += time.Since(mid)
	}
	b.ReportMetric(check.Seconds()/unmarshal.Seconds(), "check/unmarshal")
	b.ReportMetric(check.Seconds()/float64(b.N), "check-s/op")
	b.ReportMetric(unmarshal.Seconds()/float64(b.N), "unmarshal-s/op")
}

// BenchmarkCheckSeedRules isolates the framework (load, engine, report)
// from the cost of the rule pack: only the 11 seed rules run.
func BenchmarkCheckSeedRules(b *testing.B) {
	path, size := writeScaledDemoPlan(b, 15000)
	var set []*rules.Rule
	for _, r := range rules.All() {
		if slices.Contains(seedRuleIDs, r.ID) {
			set = append(set, r)
		}
	}
	env := benchEnv(set)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		if code := run(context.Background(), []string{"--format", "json", path}, env); code == ExitUsage {
			b.Fatal("check failed with exit 2")
		}
	}
}

// scaledDemoPlan is the demo plan scaled by plangen to n instances.
func scaledDemoPlan(b *testing.B, instances int) []byte {
	b.Helper()
	tpl, err := os.ReadFile(demoPlan)
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := plangen.Generate(tpl, plangen.Options{Instances: instances}, &buf); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// writeScaledDemoPlan writes scaledDemoPlan to a file of the benchmark's
// temporary directory and returns its path and size.
func writeScaledDemoPlan(b *testing.B, instances int) (path string, size int64) {
	b.Helper()
	data := scaledDemoPlan(b, instances)
	path = filepath.Join(b.TempDir(), "plan.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		b.Fatal(err)
	}
	return path, int64(len(data))
}

// benchEnv is a quiet environment for `check` runs in benchmarks; a nil
// set runs every rule.
func benchEnv(set []*rules.Rule) environment {
	return environment{
		stdin: bytes.NewReader(nil), stdout: io.Discard, stderr: io.Discard,
		now: func() time.Time { return fixedNow }, version: "bench",
		getenv: func(string) string { return "" }, isTerminal: func(io.Writer) bool { return false }, rules: set,
	}
}

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
	tpl, err := os.ReadFile(demoPlan)
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{1000, 15000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			var buf bytes.Buffer
			if err := plangen.Generate(tpl, plangen.Options{Instances: n}, &buf); err != nil {
				b.Fatal(err)
			}
			path := filepath.Join(b.TempDir(), "plan.json")
			if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
				b.Fatal(err)
			}
			env := environment{
				stdin: bytes.NewReader(nil), stdout: io.Discard, stderr: io.Discard,
				now: func() time.Time { return fixedNow }, version: "bench",
				getenv: func(string) string { return "" }, isTerminal: func(io.Writer) bool { return false },
			}
			b.SetBytes(int64(buf.Len()))
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
	tpl, err := os.ReadFile(demoPlan)
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := plangen.Generate(tpl, plangen.Options{Instances: 15000}, &buf); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "plan.json")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		b.Fatal(err)
	}
	env := environment{
		stdin: bytes.NewReader(nil), stdout: io.Discard, stderr: io.Discard,
		now: func() time.Time { return fixedNow }, version: "bench",
		getenv: func(string) string { return "" }, isTerminal: func(io.Writer) bool { return false },
	}
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
	tpl, err := os.ReadFile(demoPlan)
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := plangen.Generate(tpl, plangen.Options{Instances: 15000}, &buf); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "plan.json")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		b.Fatal(err)
	}
	var set []*rules.Rule
	for _, r := range rules.All() {
		if slices.Contains(seedRuleIDs, r.ID) {
			set = append(set, r)
		}
	}
	env := environment{
		stdin: bytes.NewReader(nil), stdout: io.Discard, stderr: io.Discard,
		now: func() time.Time { return fixedNow }, version: "bench",
		getenv: func(string) string { return "" }, isTerminal: func(io.Writer) bool { return false }, rules: set,
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		if code := run(context.Background(), []string{"--format", "json", path}, env); code == ExitUsage {
			b.Fatal("check failed with exit 2")
		}
	}
}

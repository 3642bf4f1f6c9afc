package check

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/commshield/terraform-provider-commshield/internal/plan/plangen"
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

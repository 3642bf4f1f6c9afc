package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// sleepTool is a real process whose run time grows linearly with the plan
// size it is given: perInstance × instances.
func sleepTool(name, kind string, perInstance time.Duration, sizeOf map[string]int) tool {
	return tool{
		Name: name, Kind: kind, Bin: "sleep",
		Argv: func(plan string) []string {
			d := perInstance * time.Duration(sizeOf[plan])
			return []string{"sleep", fmt.Sprintf("%.3f", d.Seconds())}
		},
		Ran: exitIn(0),
	}
}

func TestSchedulerDefersSlowPeersToTheirShareOfTheBudget(t *testing.T) {
	small := planFile{Instances: 100, Path: "small.json"}
	large := planFile{Instances: 1000, Path: "large.json"}
	sizeOf := map[string]int{small.Path: small.Instances, large.Path: large.Instances}
	cfg := config{
		sizes: []int{small.Instances, large.Instances}, runs: 1,
		timeout: time.Minute, slow: time.Second, workDir: t.TempDir(),
	}
	ours := sleepTool("commshield", "ours", 100*time.Microsecond, sizeOf) // 0.01 s, 0.1 s
	peer := sleepTool("SlowPeer", "peer", 3*time.Millisecond, sizeOf)     // 0.3 s, 3 s
	res := &results{tools: []tool{ours, peer}, bySize: map[string]map[int]series{}}
	s := newScheduler(cfg, res, time.Now().Add(time.Minute))
	ctx := context.Background()

	s.measureSize(ctx, small)
	s.measureSize(ctx, large)
	if got := len(res.bySize["SlowPeer"][small.Instances].ok()); got != 1 {
		t.Fatalf("peer on the small plan: %d measured runs, want 1 (runs=1 after the warm-up)", got)
	}
	if _, ok := res.bySize["SlowPeer"][large.Instances]; ok {
		t.Fatal("peer projected at 2 s (> -slow 1 s) was measured before commshield's larger sizes, want deferred")
	}
	if got := len(res.bySize["commshield"][large.Instances].ok()); got != 1 {
		t.Fatalf("commshield on the large plan: %d measured runs, want 1", got)
	}
	if len(s.deferred) != 1 || s.deferred[0].t.Name != "SlowPeer" || s.deferred[0].p.Instances != large.Instances {
		t.Fatalf("deferred = %v, want SlowPeer on %d instances", s.deferred, large.Instances)
	}

	// The budget leaves the deferred run 1.5 s, less than it needs.
	s.deadline = time.Now().Add(budgetMargin + 1500*time.Millisecond)
	s.runDeferred(ctx)
	got := res.bySize["SlowPeer"][large.Instances]
	if !got.timedOut() {
		t.Fatalf("deferred 3 s run with 1.5 s of budget left: %+v, want a timeout", got)
	}
	if wall := got.Runs[0].Wall; wall > 2500*time.Millisecond {
		t.Errorf("deferred run lasted %s, longer than the budget left", wall)
	}
	if len(res.notes) != 1 || !strings.Contains(res.notes[0], "lower bounds") {
		t.Errorf("notes = %q, want one saying the timed-out figures are lower bounds", res.notes)
	}
}

func TestSkipReason(t *testing.T) {
	cfg := config{sizes: []int{1000, 15000, 100000}, timeout: 600 * time.Second}
	timedOut := series{Runs: []run{{Wall: 600 * time.Second, TimedOut: true}}}
	failed := series{Runs: []run{{Wall: time.Second, Err: fmt.Errorf("exec failed")}}}
	cpu := func(d time.Duration) series { return series{Runs: []run{{Wall: d, CPU: d}}} }
	tests := []struct {
		name   string
		tool   string
		prev   series
		n      int
		limit  time.Duration
		prefix string
	}{
		{"first size always runs", "Checkov", series{}, 1000, time.Minute, ""},
		{"after a timeout", "Checkov", timedOut, 15000, 600 * time.Second, "not run: timed out"},
		{"after a failure", "Checkov", failed, 15000, 600 * time.Second, "not run: failed"},
		// Checkov is single-threaded: 50 s × 15 = 750 s > 600 s.
		{"projection above the timeout", "Checkov", cpu(50 * time.Second), 15000, 600 * time.Second, "skipped: ≥ 750 s projected"},
		// Trivy may use both cores: 50 s × 15 / NumCPU, under 600 s.
		{"multi-threaded projection", "Trivy", cpu(50 * time.Second), 15000, 600 * time.Second, ""},
		{"projection above a budget share", "Checkov", cpu(10 * time.Second), 15000, 100 * time.Second, "skipped: ≥ 150 s projected"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := &results{bySize: map[string]map[int]series{tt.tool: {}}}
			if tt.n > 1000 {
				res.bySize[tt.tool][1000] = tt.prev
			}
			got := skipReason(cfg, res, tool{Name: tt.tool}, tt.n, tt.limit)
			if tt.prefix == "" && got != "" || !strings.HasPrefix(got, tt.prefix) {
				t.Errorf("skipReason = %q, want prefix %q", got, tt.prefix)
			}
		})
	}
}

func TestShareLeavesOutRunsThatCannotHappen(t *testing.T) {
	cfg := config{sizes: []int{1000, 15000, 100000}, timeout: 600 * time.Second}
	ok := func(cpu time.Duration) series { return series{Runs: []run{{Wall: cpu, CPU: cpu}}} }
	res := &results{bySize: map[string]map[int]series{
		// Finished 15k, but 226 s × 100/15 (one core) is above the timeout.
		"OneCore": {1000: ok(6 * time.Second), 15000: ok(226 * time.Second)},
		"Regula":  {1000: ok(10 * time.Second)},
		// Timed out on 15k: its 100k run will not happen.
		"Checkov": {1000: ok(15 * time.Second), 15000: {Runs: []run{{Wall: 300 * time.Second, TimedOut: true}}}},
	}}
	plan := func(n int) planFile { return planFile{Instances: n} }
	s := newScheduler(cfg, res, time.Now().Add(budgetMargin+100*time.Second))
	s.deferred = []deferredRun{
		{t: tool{Name: "Regula"}, p: plan(15000)},
		{t: tool{Name: "OneCore"}, p: plan(100000)},
		{t: tool{Name: "Regula"}, p: plan(100000)},
		{t: tool{Name: "Checkov"}, p: plan(100000)},
	}
	// Only Regula can still run: it gets the whole budget left.
	if got := s.share(0); got < 95*time.Second || got > 100*time.Second {
		t.Errorf("share = %s, want ~100 s (Regula alone)", got)
	}
}

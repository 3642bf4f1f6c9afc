package main

import (
	"context"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"time"
)

// scheduler measures every tool on every plan size within the -budget.
//
// Peers whose wall time, extrapolated linearly from the previous size, would
// pass -slow are deferred: they run after every other measurement of every
// size, one at a time, each with an equal share of the budget left as its
// time limit (never more than -timeout). Without this, three peers that run
// for ten minutes each on the 15k plan would spend the budget before
// commshield, the parse floors and the fast peers reach the 100k plan, and
// the rows the growth and speed targets need would be the ones missing.
type scheduler struct {
	cfg      config
	res      *results
	deadline time.Time
	deferred []deferredRun
	// firstDeferral: tool → the projection that deferred it; its larger
	// sizes wait behind the deferred one, since whether they run at all
	// depends on how that one ends.
	firstDeferral map[string]deferredRun
}

type deferredRun struct {
	t         tool
	p         planFile
	projected time.Duration // linear projection of the wall time on p
}

// budgetMargin is kept free at the end of the budget for writing the report.
const budgetMargin = 10 * time.Second

func newScheduler(cfg config, res *results, deadline time.Time) *scheduler {
	return &scheduler{cfg: cfg, res: res, deadline: deadline, firstDeferral: map[string]deferredRun{}}
}

// measureSize runs the warm-up and measured rounds of every tool on one
// plan, except the tools it defers.
func (s *scheduler) measureSize(ctx context.Context, p planFile) {
	var active []tool
	for _, t := range s.res.tools {
		if s.res.bySize[t.Name] == nil {
			s.res.bySize[t.Name] = map[int]series{}
		}
		if first, ok := s.firstDeferral[t.Name]; ok {
			s.deferred = append(s.deferred, deferredRun{t: t, p: p,
				projected: time.Duration(float64(first.projected) * float64(p.Instances) / float64(first.p.Instances))})
			continue
		}
		if why := skipReason(s.cfg, s.res, t, p.Instances, s.cfg.timeout); why != "" {
			s.res.bySize[t.Name][p.Instances] = series{Skipped: why}
			logf("%s @%d: %s", t.Name, p.Instances, why)
			continue
		}
		// Only peers are deferred: commshield and the parse floors are the
		// references every ratio is computed against.
		if proj, ok := projectedWall(s.cfg, s.res, t.Name, p.Instances); ok && t.Kind == "peer" && proj > s.cfg.slow {
			d := deferredRun{t: t, p: p, projected: proj}
			s.firstDeferral[t.Name] = d
			s.deferred = append(s.deferred, d)
			logf("%s @%d: deferred to the end of the run (≈ %.0f s projected from the previous size)", t.Name, p.Instances, proj.Seconds())
			continue
		}
		active = append(active, t)
	}
	s.rounds(ctx, active, p, s.cfg.timeout)
}

// runDeferred runs the deferred measurements: smaller plans first, and on
// one plan the tool projected fastest first, so the time a run leaves unused
// goes to the longer ones after it.
func (s *scheduler) runDeferred(ctx context.Context) {
	sort.SliceStable(s.deferred, func(i, j int) bool {
		a, b := s.deferred[i], s.deferred[j]
		if a.p.Instances != b.p.Instances {
			return a.p.Instances < b.p.Instances
		}
		return a.projected < b.projected
	})
	for i, d := range s.deferred {
		if ctx.Err() != nil {
			return
		}
		n := d.p.Instances
		limit, share := s.cfg.timeout, s.share(i)
		if share < limit {
			limit = share
		}
		if why := skipReason(s.cfg, s.res, d.t, n, limit); why != "" {
			s.res.bySize[d.t.Name][n] = series{Skipped: why}
			logf("%s @%d: %s", d.t.Name, n, why)
			continue
		}
		// The run was deferred for a projection above -slow: a limit below
		// -slow could only end in a timeout.
		if limit < s.cfg.slow {
			s.res.bySize[d.t.Name][n] = series{Skipped: "skipped: benchmark time budget spent"}
			logf("%s @%d: budget spent", d.t.Name, n)
			continue
		}
		logf("%s @%d: deferred run, limit %.0f s", d.t.Name, n, limit.Seconds())
		s.rounds(ctx, []tool{d.t}, d.p, limit)
		if ser := s.res.bySize[d.t.Name][n]; ser.timedOut() && limit < s.cfg.timeout {
			s.res.notes = append(s.res.notes, fmt.Sprintf(
				"%s on the %d-instance plan ran after the other measurements (≈ %.0f s projected from the previous size) and was stopped at %.0f s, "+
					"its equal share of the budget left (the -timeout is %.0f s): its time and ratio are lower bounds.",
				d.t.Name, n, d.projected.Seconds(), limit.Seconds(), s.cfg.timeout.Seconds()))
		}
	}
}

// share is the time limit of deferred run i: the budget left divided among
// the tools that still have a deferred run that can happen (a tool that
// timed out or failed on a smaller plan will not run on a larger one, nor
// one whose projection from its last size is already above -timeout).
func (s *scheduler) share(i int) time.Duration {
	left := time.Until(s.deadline) - budgetMargin
	names := map[string]bool{}
	for _, d := range s.deferred[i:] {
		if !s.finishedBadly(d.t.Name) && skipReason(s.cfg, s.res, d.t, d.p.Instances, s.cfg.timeout) == "" {
			names[d.t.Name] = true
		}
	}
	if len(names) == 0 || left <= 0 {
		return 0
	}
	return left / time.Duration(len(names))
}

// finishedBadly says whether the tool timed out, failed or was skipped on
// a plan already measured.
func (s *scheduler) finishedBadly(name string) bool {
	for _, ser := range s.res.bySize[name] {
		if ser.Skipped != "" || ser.timedOut() || (len(ser.Runs) > 0 && len(ser.ok()) == 0) {
			return true
		}
	}
	return false
}

// rounds runs one warm-up and cfg.runs measured rounds of the tools on one
// plan; each round runs every tool once, in the report's order (commshield
// first). A run may take at most limit, and never past the budget.
func (s *scheduler) rounds(ctx context.Context, active []tool, p planFile, limit time.Duration) {
	cfg, res := s.cfg, s.res
	done := map[string]bool{}
	for round := 0; round <= cfg.runs; round++ {
		for _, t := range active {
			if done[t.Name] || ctx.Err() != nil {
				continue
			}
			ser := res.bySize[t.Name][p.Instances]
			left := time.Until(s.deadline)
			if left < budgetMargin {
				if len(ser.ok()) == 0 {
					ser.Skipped = "skipped: benchmark time budget spent"
				}
				res.bySize[t.Name][p.Instances] = ser
				done[t.Name] = true
				continue
			}
			r := runTool(ctx, cfg, t, p.Path, min(limit, left), fmt.Sprintf("%d-%d", p.Instances, round))
			switch {
			case r.TimedOut || r.OverMemory || r.Err != nil || !t.Ran(r.Exit):
				ser.Runs = append(ser.Runs, r)
				done[t.Name] = true
			case round == 0 && r.Wall > cfg.slow:
				ser.Runs = append(ser.Runs, r) // the warm-up is the measurement
				done[t.Name] = true
			case round > 0:
				ser.Runs = append(ser.Runs, r)
			}
			res.bySize[t.Name][p.Instances] = ser
			logf("%s @%d round %d: %s", t.Name, p.Instances, round, describeRun(r, t))
		}
	}
}

// multiThreaded tools can spend their CPU time on several cores at once.
var multiThreaded = map[string]bool{"commshield": true, "commshield 10 rules": true, "Go json.Unmarshal": true, "OPA": true, "Conftest": true, "Trivy": true, "Regula": true}

// previousSize is the largest plan size below n the tool has a result for.
func previousSize(cfg config, res *results, name string, n int) (int, bool) {
	prevN := 0
	for _, m := range cfg.sizes {
		if m < n && m > prevN {
			if _, ok := res.bySize[name][m]; ok {
				prevN = m
			}
		}
	}
	return prevN, prevN > 0
}

// projectedWall extrapolates the tool's median wall time on the previous
// size linearly to n instances.
func projectedWall(cfg config, res *results, name string, n int) (time.Duration, bool) {
	prevN, ok := previousSize(cfg, res, name, n)
	if !ok {
		return 0, false
	}
	prev := res.bySize[name][prevN]
	if len(prev.ok()) == 0 {
		return 0, false
	}
	return time.Duration(float64(prev.medianWall()) * float64(n) / float64(prevN)), true
}

// skipReason says why the tool is not run on n instances with a time limit
// of limit, or "" when it should run.
func skipReason(cfg config, res *results, t tool, n int, limit time.Duration) string {
	prevN, ok := previousSize(cfg, res, t.Name, n)
	if !ok {
		return ""
	}
	prev := res.bySize[t.Name][prevN]
	switch {
	case prev.Skipped != "":
		return fmt.Sprintf("not run: %s at %d", strings.TrimPrefix(prev.Skipped, "not run: "), prevN)
	case prev.timedOut():
		return fmt.Sprintf("not run: timed out or over the memory limit at %d instances", prevN)
	case len(prev.ok()) == 0:
		return fmt.Sprintf("not run: failed at %d instances", prevN)
	}
	// CPU time, not wall time: on a busy machine wall time swells with
	// waiting, while no tool finishes in less wall time than its CPU time
	// divided by the cores it can use, so this projection is a safe lower
	// bound (linear growth is the best case).
	cores := 1.0
	if multiThreaded[t.Name] {
		cores = float64(runtime.NumCPU())
	}
	projected := time.Duration(float64(prev.medianCPU()) * float64(n) / float64(prevN) / cores)
	if projected > limit {
		what := fmt.Sprintf("the %.0f s timeout", cfg.timeout.Seconds())
		if limit < cfg.timeout {
			what = fmt.Sprintf("its %.0f s share of the budget left", limit.Seconds())
		}
		return fmt.Sprintf("skipped: ≥ %.0f s projected (CPU time, linear from %d), above %s",
			projected.Seconds(), prevN, what)
	}
	return ""
}

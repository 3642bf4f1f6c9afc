package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// run is one timed execution of a tool on one plan.
type run struct {
	Wall     time.Duration
	CPU      time.Duration // user + system, the tool and its reaped children
	MaxRSSKB int64         // ru_maxrss: the largest single process of the tree
	Exit     int
	TimedOut bool
	// OverMemory: killed because its resident memory passed the limit,
	// which protects the other work on a shared machine.
	OverMemory bool
	Err        error `json:"-"` // could not start; kept as text in results.json
}

// execute runs argv with env additions, stdout to outPath and stderr to
// errPath, and kills the whole process group when timeout passes. Peak RSS
// and CPU come from wait4's rusage, which covers the child and every
// descendant it waited for (Checkov's Python subprocesses, conftest's
// workers), so no wrapper process is measured.
func execute(ctx context.Context, argv, env []string, dir, outPath, errPath string, timeout time.Duration, memLimitKB int64) run {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	out, err := os.Create(outPath)
	if err != nil {
		return run{Err: fmt.Errorf("creating %s: %w", outPath, err)}
	}
	defer out.Close()
	errFile, err := os.Create(errPath)
	if err != nil {
		return run{Err: fmt.Errorf("creating %s: %w", errPath, err)}
	}
	defer errFile.Close()

	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = out, errFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second

	start := time.Now()
	if err := cmd.Start(); err != nil {
		return run{Err: err}
	}
	overMemory := make(chan bool, 1)
	stopGuard := make(chan struct{})
	go guardMemory(cmd.Process.Pid, memLimitKB, stopGuard, overMemory)
	err = cmd.Wait()
	close(stopGuard)
	r := run{Wall: time.Since(start), OverMemory: <-overMemory}
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			r.MaxRSSKB = ru.Maxrss
			r.CPU = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		}
		r.Exit = cmd.ProcessState.ExitCode()
	}
	if r.OverMemory {
		return r
	}
	if ctx.Err() == context.DeadlineExceeded {
		r.TimedOut = true
		// Children the killed process never reaped are gone with its group.
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		return r
	}
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		r.Err = err
	}
	return r
}

// guardMemory polls the process's resident set and kills its process group
// when it passes limitKB; it reports on over whether it did.
func guardMemory(pid int, limitKB int64, stop <-chan struct{}, over chan<- bool) {
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			over <- false
			return
		case <-tick.C:
			if limitKB > 0 && residentKB(pid) > limitKB {
				_ = syscall.Kill(-pid, syscall.SIGKILL)
				<-stop
				over <- true
				return
			}
		}
	}
}

func residentKB(pid int) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb
		}
	}
	return 0
}

// series is the runs of one tool on one plan size.
type series struct {
	Runs    []run
	Skipped string // why the size was not measured (timeout at a smaller size, projection, budget)
}

func (s series) ok() []run {
	var out []run
	for _, r := range s.Runs {
		if !r.TimedOut && !r.OverMemory && r.Err == nil {
			out = append(out, r)
		}
	}
	return out
}

func (s series) timedOut() bool {
	for _, r := range s.Runs {
		if r.TimedOut || r.OverMemory {
			return true
		}
	}
	return false
}

func (s series) medianWall() time.Duration {
	return medianDuration(s.ok(), func(r run) time.Duration { return r.Wall })
}

func (s series) medianCPU() time.Duration {
	return medianDuration(s.ok(), func(r run) time.Duration { return r.CPU })
}

func (s series) peakRSSKB() int64 {
	var peak int64
	for _, r := range s.ok() {
		peak = max(peak, r.MaxRSSKB)
	}
	return peak
}

func medianDuration(runs []run, f func(run) time.Duration) time.Duration {
	if len(runs) == 0 {
		return 0
	}
	ds := make([]time.Duration, len(runs))
	for i, r := range runs {
		ds[i] = f(r)
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	if len(ds)%2 == 1 {
		return ds[len(ds)/2]
	}
	return (ds[len(ds)/2-1] + ds[len(ds)/2]) / 2
}

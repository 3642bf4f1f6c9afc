// Command bench measures `check` with every rule on generated plans of 1k,
// 15k and 100k resource instances against the targets: wall time,
// MB/s, ratio to a bare json.Unmarshal into `any` of the same bytes, peak RSS
// (VmHWM) and its ratio to the file size, CPython's json.load of the same
// file, and how time grows with the plan (the exponent k of t ∝ n^k between
// the smallest and the largest size; 1 is linear). Each measurement runs in
// a fresh child process so that peak RSS belongs to that measurement alone;
// the best of -runs repetitions counts, since the machine may be shared.
// Plans are generated once into -dir and reused.
//
//	go run ./tools/bench                 # 1k, 15k, 100k (make bench)
//	go run ./tools/bench -sizes 1000,15000
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/commshield/terraform-provider-commshield/internal/check"
	"github.com/commshield/terraform-provider-commshield/internal/plan"
	"github.com/commshield/terraform-provider-commshield/internal/plan/plangen"
)

type measurement struct {
	WallNS  int64 `json:"wall_ns"`
	VmHWMKB int64 `json:"vmhwm_kb"`
}

func main() {
	sizes := flag.String("sizes", "1000,15000,100000", "instance counts")
	template := flag.String("template", "internal/plan/testdata/corpus/checkov__runner_plan_nested_child_modules_with_connections.json", "real plan JSON to scale")
	dir := flag.String("dir", ".tools/bench", "directory of the generated plans (reused when present)")
	runs := flag.Int("runs", 3, "repetitions per measurement below 50k instances (the best counts); 1 above")
	python := flag.String("python", "python3", "CPython for the json.load column (skipped when absent)")
	cli := flag.String("cli", "", "measure check by running this built binary (`PATH check FILE`) instead of check.Main in a child of this tool")
	child := flag.String("child", "", "internal: run one measurement (unmarshal, load, check) on -file")
	file := flag.String("file", "", "internal: plan file for -child")
	flag.Parse()

	if *child != "" {
		if err := runChild(*child, *file); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	if err := runParent(context.Background(), *sizes, *template, *dir, *python, *cli, *runs); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type row struct {
	n                      int
	size                   int64
	unmarshal, load, check measurement
	python                 time.Duration
}

func runParent(ctx context.Context, sizes, template, dir, python, cli string, runs int) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	pythonPath, err := exec.LookPath(python)
	if err != nil {
		fmt.Printf("note: %s not found, the CPython json.load column is skipped\n", python)
		pythonPath = ""
	}

	what := "check.Main in a child process"
	if cli != "" {
		what = cli + " check FILE"
	}
	fmt.Printf("check: %s, every rule (rules.All), text report discarded; times are the best of %d runs (1 at 100k); RSS is the peak of that process\n\n", what, runs)
	fmt.Printf("%-9s %7s | %-14s | %-14s | %-40s | %-16s\n", "", "", "json.Unmarshal", "plan.Load", "check (all rules)", "CPython json.load")
	fmt.Printf("%-9s %7s | %6s %7s | %6s %7s | %6s %6s %6s %7s %8s | %6s %8s\n",
		"instances", "file MB", "s", "RSS MB", "s", "ratio", "s", "MB/s", "ratio", "RSS MB", "RSS/file", "s", "check/py")
	var rows []row
	for _, field := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil {
			return fmt.Errorf("bad size %q: %w", field, err)
		}
		path := filepath.Join(dir, fmt.Sprintf("plan-%d.json", n))
		if err := ensurePlan(template, n, path); err != nil {
			return err
		}
		st, err := os.Stat(path)
		if err != nil {
			return err
		}
		reps := runs
		if n >= 50000 {
			reps = 1 // a 100k check takes tens of seconds; keep make bench within minutes
		}
		r := row{n: n, size: st.Size()}
		for _, m := range []struct {
			mode string
			dst  *measurement
		}{{"unmarshal", &r.unmarshal}, {"load", &r.load}, {"check", &r.check}} {
			run := func() (measurement, error) { return measure(ctx, self, m.mode, path) }
			if m.mode == "check" && cli != "" {
				run = func() (measurement, error) { return measureCLI(ctx, cli, path) }
			}
			if *m.dst, err = best(reps, run); err != nil {
				return fmt.Errorf("%d instances, %s: %w", n, m.mode, err)
			}
		}
		if pythonPath != "" {
			if r.python, err = pythonLoad(ctx, pythonPath, path, reps); err != nil {
				return fmt.Errorf("%d instances, python json.load: %w", n, err)
			}
		}
		rows = append(rows, r)
		printRow(r)
	}
	if len(rows) >= 2 {
		first, last := rows[0], rows[len(rows)-1]
		k := math.Log(secs(last.check)/secs(first.check)) / math.Log(float64(last.n)/float64(first.n))
		ku := math.Log(secs(last.unmarshal)/secs(first.unmarshal)) / math.Log(float64(last.n)/float64(first.n))
		fmt.Printf("\ngrowth exponent %d -> %d instances (t ∝ n^k, 1 = linear): check k=%.2f, json.Unmarshal k=%.2f\n", first.n, last.n, k, ku)
	}
	return nil
}

func printRow(r row) {
	mb := float64(r.size) / 1e6
	py, ratioPy := "-", "-"
	if r.python > 0 {
		py = fmt.Sprintf("%.2f", r.python.Seconds())
		ratioPy = fmt.Sprintf("%.2f", secs(r.check)/r.python.Seconds())
	}
	fmt.Printf("%-9d %7.1f | %6.2f %7.0f | %6.2f %7.2f | %6.2f %6.1f %6.2f %7.0f %8.2f | %6s %8s\n",
		r.n, mb,
		secs(r.unmarshal), float64(r.unmarshal.VmHWMKB)/1024,
		secs(r.load), secs(r.load)/secs(r.unmarshal),
		secs(r.check), mb/secs(r.check), secs(r.check)/secs(r.unmarshal), float64(r.check.VmHWMKB)/1024,
		float64(r.check.VmHWMKB)*1024/float64(r.size),
		py, ratioPy)
}

func secs(m measurement) float64 { return float64(m.WallNS) / 1e9 }

// best keeps the fastest run (and its RSS): on a shared machine the others
// measure the neighbours.
func best(n int, f func() (measurement, error)) (measurement, error) {
	var out measurement
	for i := range n {
		m, err := f()
		if err != nil {
			return measurement{}, err
		}
		if i == 0 || m.WallNS < out.WallNS {
			out = m
		}
	}
	return out, nil
}

func ensurePlan(template string, n int, path string) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	tpl, err := os.ReadFile(template)
	if err != nil {
		return fmt.Errorf("reading template: %w", err)
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := plangen.Generate(tpl, plangen.Options{Instances: n}, w); err != nil {
		f.Close()
		return fmt.Errorf("generating %d instances: %w", n, err)
	}
	if err := errors.Join(w.Flush(), f.Close()); err != nil {
		return fmt.Errorf("writing %s: %w", tmp, err)
	}
	return os.Rename(tmp, path)
}

func measure(ctx context.Context, self, mode, path string) (measurement, error) {
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, self, "-child", mode, "-file", path)
	cmd.Stdout = &out
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return measurement{}, err
	}
	var m measurement
	if err := json.Unmarshal(out.Bytes(), &m); err != nil {
		return measurement{}, fmt.Errorf("child output %q: %w", out.String(), err)
	}
	return m, nil
}

// measureCLI runs the built binary as a user would; the wall time includes
// process start, the peak RSS comes from the child's rusage.
func measureCLI(ctx context.Context, cli, path string) (measurement, error) {
	cmd := exec.CommandContext(ctx, cli, "check", path)
	cmd.Stdout = io.Discard
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == check.ExitFindings) {
		return measurement{}, fmt.Errorf("%s check %s: %w: %s", cli, path, err, stderr.String())
	}
	m := measurement{WallNS: wall.Nanoseconds()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.VmHWMKB = ru.Maxrss // kilobytes on Linux
	}
	return m, nil
}

// pythonScript times json.load inside the interpreter (file read included,
// like every other column), so its start-up does not count.
const pythonScript = `import json, sys, time
t = time.perf_counter()
with open(sys.argv[1], "rb") as f:
    json.load(f)
print(time.perf_counter() - t)`

func pythonLoad(ctx context.Context, python, path string, reps int) (time.Duration, error) {
	var fastest time.Duration
	for i := range reps {
		out, err := exec.CommandContext(ctx, python, "-c", pythonScript, path).Output()
		if err != nil {
			return 0, err
		}
		s, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
		if err != nil {
			return 0, fmt.Errorf("python output %q: %w", out, err)
		}
		if d := time.Duration(s * float64(time.Second)); i == 0 || d < fastest {
			fastest = d
		}
	}
	return fastest, nil
}

// runChild reads the file and runs one measurement; the time includes
// reading the file, for every mode alike.
func runChild(mode, path string) error {
	start := time.Now()
	switch mode {
	case "unmarshal":
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			return err
		}
	case "load":
		if _, err := plan.LoadFile(context.Background(), path); err != nil {
			return err
		}
	case "check":
		// The real CLI entry point, as main.go calls it: every rule, the
		// default text report (written, then discarded).
		var stderr bytes.Buffer
		if code := check.Main(context.Background(), []string{path}, strings.NewReader(""), io.Discard, &stderr); code == check.ExitUsage {
			return fmt.Errorf("check exited %d: %s", code, stderr.String())
		}
	default:
		return fmt.Errorf("unknown mode %q", mode)
	}
	m := measurement{WallNS: time.Since(start).Nanoseconds(), VmHWMKB: vmHWM()}
	return json.NewEncoder(os.Stdout).Encode(m)
}

func vmHWM() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			fields := strings.Fields(rest)
			if len(fields) > 0 {
				kb, _ := strconv.ParseInt(fields[0], 10, 64)
				return kb
			}
		}
	}
	return 0
}

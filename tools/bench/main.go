// Command bench measures plan loading on generated plans of 1k, 15k and 100k
// resource instances: wall time, MB/s, ratio to a bare json.Unmarshal into
// `any` of the same bytes, and peak RSS (VmHWM). Each measurement runs in a
// fresh child process so that peak RSS belongs to that measurement alone.
//
//	go run ./tools/bench                 # 1k, 15k, 100k
//	go run ./tools/bench -sizes 1000,15000
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

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
	if err := runParent(*sizes, *template); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func runParent(sizes, template string) error {
	tpl, err := os.ReadFile(template)
	if err != nil {
		return fmt.Errorf("reading template: %w", err)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "commshield-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	fmt.Printf("%-9s %8s | %-22s | %-30s | %-30s\n", "", "", "json.Unmarshal(any)", "plan.Load", "plan.Load + all values + refs")
	fmt.Printf("%-9s %8s | %7s %6s %7s | %7s %6s %5s %9s | %7s %6s %5s %9s\n",
		"instances", "file MB", "s", "MB/s", "RSS MB", "s", "MB/s", "ratio", "RSS/file", "s", "MB/s", "ratio", "RSS/file")
	for _, field := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil {
			return fmt.Errorf("bad size %q: %w", field, err)
		}
		path := filepath.Join(dir, fmt.Sprintf("plan-%d.json", n))
		if err := generate(tpl, n, path); err != nil {
			return err
		}
		st, err := os.Stat(path)
		if err != nil {
			return err
		}
		mb := float64(st.Size()) / 1e6
		results := map[string]measurement{}
		for _, mode := range []string{"unmarshal", "load", "check"} {
			m, err := measure(self, mode, path)
			if err != nil {
				return fmt.Errorf("%d instances, %s: %w", n, mode, err)
			}
			results[mode] = m
		}
		u, l, c := results["unmarshal"], results["load"], results["check"]
		secs := func(m measurement) float64 { return float64(m.WallNS) / 1e9 }
		fmt.Printf("%-9d %8.1f | %7.2f %6.1f %7.0f | %7.2f %6.1f %5.2f %9.2f | %7.2f %6.1f %5.2f %9.2f\n",
			n, mb,
			secs(u), mb/secs(u), float64(u.VmHWMKB)/1024,
			secs(l), mb/secs(l), secs(l)/secs(u), float64(l.VmHWMKB)*1024/float64(st.Size()),
			secs(c), mb/secs(c), secs(c)/secs(u), float64(c.VmHWMKB)*1024/float64(st.Size()))
		os.Remove(path)
	}
	return nil
}

func generate(tpl []byte, n int, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := plangen.Generate(tpl, plangen.Options{Instances: n}, f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func measure(self, mode, path string) (measurement, error) {
	var out bytes.Buffer
	cmd := exec.Command(self, "-child", mode, "-file", path)
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
	case "load", "check":
		p, err := plan.LoadFile(context.Background(), path)
		if err != nil {
			return err
		}
		if mode == "check" {
			touchAll(p)
		}
	default:
		return fmt.Errorf("unknown mode %q", mode)
	}
	m := measurement{WallNS: time.Since(start).Nanoseconds(), VmHWMKB: vmHWM()}
	return json.NewEncoder(os.Stdout).Encode(m)
}

// touchAll does to the model what a check with every rule does: decode every
// value (on two goroutines) and build a reverse reference index.
func touchAll(p *plan.Plan) {
	var wg sync.WaitGroup
	half := len(p.Resources) / 2
	for _, part := range [][]*plan.Resource{p.Resources[:half], p.Resources[half:]} {
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

// Command benchpeers measures commshield against the peer plan scanners
// (Checkov, Trivy, Regula, Conftest and OPA with an equivalent Rego policy
// set) on the same plans, and scores every tool on a labelled accuracy set.
// It writes docs/benchmarks/README.md and docs/benchmarks/time.png.
//
//	make bench-peers                       # install peers, then everything
//	go run . -sizes 1000,15000 -runs 3     # from tools/benchpeers: a reduced run
//
// Measurement rules (also printed in the report):
//   - every run is a fresh process; wall time, CPU time and peak RSS come
//     from wait4 (ru_maxrss), so nothing else is in the measurement;
//   - per plan size: one warm-up run per tool, then -runs measured rounds; a
//     round runs every tool once, commshield first, so slow drifts of the
//     shared machine hit every tool alike;
//   - a tool whose warm-up run takes longer than -slow is measured by that
//     single run (its time is compute, not cold caches);
//   - a run whose resident memory passes -mem-limit is killed and reported
//     like a timeout (the machine is shared);
//   - a run longer than -timeout is killed and reported as a timeout; the
//     tool is not run on larger plans, nor on a size where its time,
//     extrapolated linearly from the previous size (the best case for a
//     tool that grows faster than linearly), exceeds -timeout;
//   - peers projected (linearly from the previous size) above -slow are
//     deferred to the end of the run and share the budget left equally
//     (schedule.go), so the fast tools always reach the largest plan;
//   - when the -budget for the whole run would be exceeded, remaining
//     measurements are reported as skipped.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

type config struct {
	repo, benchDir, toolsDir, workDir, outDir string
	corpusDir, accuracyDir                    string
	sizes                                     []int
	runs                                      int
	timeout, slow, budget, corpusBudget       time.Duration
	memLimitKB                                int64
	only                                      map[string]bool
	commshieldRules                           string
	template                                  string
	skipAccuracy, skipCorpus                  bool
	reuse, reportOnly                         bool
	resultsPath                               string
}

func main() {
	if len(os.Args) == 3 && os.Args[1] == "-child-unmarshal" {
		if err := childUnmarshal(os.Args[2]); err != nil {
			fmt.Fprintln(os.Stderr, "benchpeers:", err)
			os.Exit(1)
		}
		return
	}
	cfg, err := parseFlags()
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchpeers:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err = runAll(ctx, cfg)
	stop() // before os.Exit, which skips deferred calls
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchpeers:", err)
		os.Exit(1)
	}
}

// childUnmarshal is the Go parse floor: read the file and decode it into
// `any`, like a scanner that parses once and keeps everything.
func childUnmarshal(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var v any
	return json.Unmarshal(data, &v)
}

func parseFlags() (config, error) {
	var cfg config
	wd, _ := os.Getwd()
	repoDefault := wd
	if filepath.Base(wd) == "benchpeers" {
		repoDefault = filepath.Join(wd, "..", "..")
	}
	repo := flag.String("repo", repoDefault, "repository root")
	sizes := flag.String("sizes", "1000,15000,100000", "generated plan sizes (resource instances)")
	flag.IntVar(&cfg.runs, "runs", 5, "measured runs per tool and size, after one warm-up run")
	flag.DurationVar(&cfg.timeout, "timeout", 600*time.Second, "kill a run after this long and report a timeout")
	memLimitGB := flag.Float64("mem-limit", 8, "kill a run whose resident memory passes this many GB (protects a shared machine)")
	flag.DurationVar(&cfg.slow, "slow", 60*time.Second, "a tool whose warm-up run takes longer is measured by that run alone")
	flag.DurationVar(&cfg.budget, "budget", 40*time.Minute, "wall-clock budget of the whole measurement")
	flag.DurationVar(&cfg.corpusBudget, "corpus-budget", 60*time.Second, "time each tool may spend on the corpus (files in a fixed order)")
	corpus := flag.String("corpus", "", "directory of real plans (default: ../shared/corpus/plans beside the repo, when present)")
	only := flag.String("tools", "", "comma-separated tool names to run (default: all installed)")
	out := flag.String("out", "", "report directory (default: <repo>/docs/benchmarks)")
	flag.StringVar(&cfg.template, "template", "internal/plan/testdata/corpus/checkov__runner_plan_nested_child_modules_with_connections.json", "plan the generator scales (relative to the repo)")
	flag.BoolVar(&cfg.skipAccuracy, "skip-accuracy", false, "do not run the labelled accuracy set")
	flag.BoolVar(&cfg.skipCorpus, "skip-corpus", false, "do not run the corpus")
	flag.StringVar(&cfg.resultsPath, "results", "", "results file to save and reuse (default: .tools/benchpeers-work/results.json)")
	flag.BoolVar(&cfg.reportOnly, "report-only", false, "measure nothing: rewrite the report from the previous run's results.json")
	flag.BoolVar(&cfg.reuse, "reuse", false, "report the tools this run does not measure from the previous run's results.json")
	flag.Parse()

	cfg.memLimitKB = int64(*memLimitGB * 1024 * 1024)
	var err error
	if cfg.repo, err = filepath.Abs(*repo); err != nil {
		return cfg, err
	}
	if _, err := os.Stat(filepath.Join(cfg.repo, "go.mod")); err != nil {
		return cfg, fmt.Errorf("-repo %s is not the repository root (no go.mod): %w", cfg.repo, err)
	}
	for _, f := range strings.Split(*sizes, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n <= 0 {
			return cfg, fmt.Errorf("-sizes: %q is not a positive integer", f)
		}
		cfg.sizes = append(cfg.sizes, n)
	}
	if cfg.runs < 1 {
		return cfg, fmt.Errorf("-runs must be at least 1")
	}
	cfg.benchDir = filepath.Join(cfg.repo, "tools", "benchpeers")
	cfg.toolsDir = filepath.Join(cfg.repo, ".tools")
	cfg.workDir = filepath.Join(cfg.toolsDir, "benchpeers-work")
	cfg.accuracyDir = filepath.Join(cfg.benchDir, "accuracy")
	cfg.outDir = *out
	if cfg.outDir == "" {
		cfg.outDir = filepath.Join(cfg.repo, "docs", "benchmarks")
	}
	cfg.corpusDir = *corpus
	if cfg.corpusDir == "" {
		cfg.corpusDir = filepath.Join(cfg.repo, "..", "shared", "corpus", "plans")
	}
	if *only != "" {
		cfg.only = map[string]bool{}
		for _, n := range strings.Split(*only, ",") {
			cfg.only[strings.ToLower(strings.TrimSpace(n))] = true
		}
	}
	return cfg, nil
}

// results is everything the report needs.
type results struct {
	started, finished time.Time
	loadAtEnd         string // load average when the measurements ended, not when a report is rewritten
	tools             []tool
	versions          map[string]string
	plans             []planFile
	bySize            map[string]map[int]series // tool → size → runs
	corpus            map[string]*corpusTally   // tool → tally
	corpusFiles       int
	accuracy          *accuracyReport
	machine           machineInfo
	cfg               config
	notes             []string
	source            string // the commit commshield was built from
	measuredAt        map[string]time.Time
}

type planFile struct {
	Instances int
	Path      string
	Bytes     int64
}

func runAll(ctx context.Context, cfg config) error {
	res := &results{started: time.Now().UTC(), cfg: cfg, versions: map[string]string{},
		bySize: map[string]map[int]series{}, corpus: map[string]*corpusTally{}, measuredAt: map[string]time.Time{}}
	deadline := time.Now().Add(cfg.budget)
	if err := os.MkdirAll(cfg.workDir, 0o755); err != nil {
		return err
	}
	if cfg.reportOnly {
		return reportOnly(ctx, cfg, res)
	}
	plangen, err := buildOurs(ctx, cfg)
	if err != nil {
		return err
	}
	cfg.commshieldRules = countCommshieldRules(ctx, cfg)
	res.source = describeSource(ctx, cfg.repo)
	if err := writeSeedConfig(ctx, cfg); err != nil {
		return err
	}
	res.cfg = cfg

	for _, t := range tools(cfg) {
		if cfg.only != nil && !cfg.only[strings.ToLower(t.Name)] && t.Kind != "ours" {
			continue
		}
		if !t.installed() {
			res.notes = append(res.notes, fmt.Sprintf("%s is not installed (%s): run tools/benchpeers/install.sh", t.Name, t.Bin))
			continue
		}
		res.tools = append(res.tools, t)
		res.versions[t.Name] = t.Version()
		logf("%s: %s", t.Name, res.versions[t.Name])
	}
	res.machine = describeMachine()

	for _, n := range cfg.sizes {
		p, err := generatePlan(ctx, cfg, plangen, n)
		if err != nil {
			return err
		}
		res.plans = append(res.plans, p)
	}

	if !cfg.skipAccuracy {
		acc, err := runAccuracy(ctx, cfg, res.tools, res)
		if err != nil {
			return err
		}
		res.accuracy = acc
	} else if cfg.reuse {
		if res.accuracy, err = emptyAccuracy(cfg); err != nil {
			return err
		}
	}
	if !cfg.skipCorpus {
		runCorpus(ctx, cfg, res)
	}
	sched := newScheduler(cfg, res, deadline)
	for _, p := range res.plans {
		sched.measureSize(ctx, p)
	}
	sched.runDeferred(ctx)
	res.finished = time.Now().UTC()
	res.loadAtEnd = describeMachine().LoadAvg
	if cfg.reuse {
		if err := mergeEarlier(ctx, cfg, res); err != nil {
			return err
		}
	}
	if err := saveResults(cfg, res); err != nil {
		return fmt.Errorf("saving results: %w", err)
	}
	return writeReport(cfg, res)
}

// reportOnly rewrites the report from results.json and the plans and
// accuracy cases on disk.
func reportOnly(ctx context.Context, cfg config, res *results) error {
	cfg.commshieldRules = countCommshieldRules(ctx, cfg)
	res.cfg = cfg
	res.machine = describeMachine()
	for _, n := range cfg.sizes {
		path := filepath.Join(cfg.workDir, "plans", fmt.Sprintf("plan-%d.json", n))
		st, err := os.Stat(path)
		if err != nil {
			return fmt.Errorf("-report-only needs the measured plans: %w", err)
		}
		res.plans = append(res.plans, planFile{Instances: n, Path: path, Bytes: st.Size()})
	}
	if !cfg.skipAccuracy {
		acc, err := emptyAccuracy(cfg)
		if err != nil {
			return err
		}
		res.accuracy = acc
	}
	if err := mergeEarlier(ctx, cfg, res); err != nil {
		return err
	}
	for _, t := range tools(cfg) {
		if _, ok := res.bySize[t.Name]; !ok {
			res.notes = append(res.notes, fmt.Sprintf("%s was not measured in the recorded runs (not installed in time): run make bench-peers", t.Name))
		}
	}
	return writeReport(cfg, res)
}

// emptyAccuracy is the accuracy section without tallies, to be filled from
// an earlier run's results.
func emptyAccuracy(cfg config) (*accuracyReport, error) {
	m, err := loadRuleMap(filepath.Join(cfg.benchDir, "peer_rule_map.yaml"))
	if err != nil {
		return nil, err
	}
	cases, _, err := loadCases(cfg.accuracyDir)
	if err != nil {
		return nil, err
	}
	acc := &accuracyReport{Cases: cases, Tally: map[string]map[outcome]int{}, Details: map[string][]string{}, RuleMap: m}
	for _, c := range cases {
		acc.Labelled += len(c.Verdicts)
	}
	return acc, nil
}

// buildOurs builds commshield and the plan generator from the repository.
func buildOurs(ctx context.Context, cfg config) (string, error) {
	plangen := filepath.Join(cfg.workDir, "plangen")
	for _, b := range [][]string{
		{"go", "build", "-o", filepath.Join(cfg.repo, "bin", "terraform-provider-commshield"), "."},
		{"go", "build", "-o", plangen, "./tools/plangen"},
	} {
		cmd := exec.CommandContext(ctx, b[0], b[1:]...)
		cmd.Dir = cfg.repo
		cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local")
		if out, err := cmd.CombinedOutput(); err != nil {
			return "", fmt.Errorf("%s: %w\n%s", strings.Join(b, " "), err, out)
		}
	}
	return plangen, nil
}

// describeSource names the commit commshield was built from, and says when
// the build included uncommitted changes to the Go sources.
func describeSource(ctx context.Context, repo string) string {
	head, err := exec.CommandContext(ctx, "git", "-C", repo, "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "unknown commit"
	}
	desc := "commit " + strings.TrimSpace(string(head))
	changed, _ := exec.CommandContext(ctx, "git", "-C", repo, "status", "--porcelain", "--", "internal", "main.go", "go.mod", "go.sum").Output()
	if n := len(strings.Fields(string(changed))) / 2; n > 0 {
		desc += fmt.Sprintf(" plus uncommitted changes to %d Go source files", n)
	}
	return desc
}

// seedRules are the ten rules the Rego policy set implements.
var seedRules = []string{"LOG-R01", "NET-R16", "LOG-R05", "LOG-R06", "NET-R01", "NET-R06", "CRY-R21", "CRY-R22", "IAM-R13", "NET-R14"}

// writeSeedConfig writes a commshield config that disables every rule but
// the ten seed rules, for a like-for-like row next to Conftest and OPA.
func writeSeedConfig(ctx context.Context, cfg config) error {
	out, err := listRules(ctx, cfg)
	if err != nil {
		return fmt.Errorf("commshield check --list-rules: %w", err)
	}
	keep := map[string]bool{}
	for _, r := range seedRules {
		keep[r] = true
	}
	var b strings.Builder
	b.WriteString("# Generated by tools/benchpeers: only the ten seed rules.\nversion: 1\ndisabled_rules:\n")
	for _, l := range strings.Split(string(out), "\n") {
		if f := strings.Fields(l); len(f) > 0 && strings.Contains(f[0], "-R") && !keep[f[0]] {
			fmt.Fprintf(&b, "  - %s\n", f[0])
		}
	}
	return os.WriteFile(filepath.Join(cfg.workDir, "seed-rules.yaml"), []byte(b.String()), 0o644)
}

// listRules is the built commshield's `check --list-rules` output.
func listRules(ctx context.Context, cfg config) ([]byte, error) {
	return exec.CommandContext(ctx, filepath.Join(cfg.repo, "bin", "terraform-provider-commshield"), "check", "--list-rules").Output()
}

func countCommshieldRules(ctx context.Context, cfg config) string {
	out, err := listRules(ctx, cfg)
	if err != nil {
		return "all"
	}
	n := 0
	for _, l := range strings.Split(string(out), "\n") {
		if f := strings.Fields(l); len(f) > 0 && strings.Contains(f[0], "-R") {
			n++
		}
	}
	return fmt.Sprintf("all %d", n)
}

func generatePlan(ctx context.Context, cfg config, plangen string, n int) (planFile, error) {
	dir := filepath.Join(cfg.workDir, "plans")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return planFile{}, err
	}
	path := filepath.Join(dir, fmt.Sprintf("plan-%d.json", n))
	cmd := exec.CommandContext(ctx, plangen, "-template", filepath.Join(cfg.repo, cfg.template), "-n", strconv.Itoa(n), "-o", path)
	if out, err := cmd.CombinedOutput(); err != nil {
		return planFile{}, fmt.Errorf("generating the %d-instance plan: %w\n%s", n, err, out)
	}
	st, err := os.Stat(path)
	if err != nil {
		return planFile{}, err
	}
	logf("plan %d instances: %.1f MB", n, float64(st.Size())/1e6)
	return planFile{Instances: n, Path: path, Bytes: st.Size()}, nil
}

func runTool(ctx context.Context, cfg config, t tool, plan string, timeout time.Duration, tag string) run {
	base := filepath.Join(cfg.workDir, "out", slug(t.Name))
	_ = os.MkdirAll(base, 0o755)
	return execute(ctx, t.Argv(plan), t.Env, cfg.workDir,
		filepath.Join(base, tag+".out"), filepath.Join(base, tag+".err"), timeout, cfg.memLimitKB)
}

func describeRun(r run, t tool) string {
	switch {
	case r.OverMemory:
		return fmt.Sprintf("killed over the memory limit after %.1f s", r.Wall.Seconds())
	case r.TimedOut:
		return fmt.Sprintf("timeout after %.1f s", r.Wall.Seconds())
	case r.Err != nil:
		return "error: " + r.Err.Error()
	case !t.Ran(r.Exit):
		return fmt.Sprintf("failed, exit %d (%.2f s)", r.Exit, r.Wall.Seconds())
	}
	return fmt.Sprintf("%.3f s, cpu %.3f s, %d MB", r.Wall.Seconds(), r.CPU.Seconds(), r.MaxRSSKB/1024)
}

func slug(s string) string {
	return strings.NewReplacer(" ", "-", ".", "-").Replace(strings.ToLower(s))
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s benchpeers: %s\n", time.Now().UTC().Format("15:04:05"), fmt.Sprintf(format, args...))
}

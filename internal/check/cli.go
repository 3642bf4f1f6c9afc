package check

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/commshield/terraform-provider-commshield/internal/controls"
	"github.com/commshield/terraform-provider-commshield/internal/plan"
	"github.com/commshield/terraform-provider-commshield/internal/rules"
)

// Exit codes of `check` (see doc.go).
const (
	ExitOK       = 0
	ExitFindings = 1
	ExitUsage    = 2
)

// formats are the report formats --format accepts.
var formats = []string{"text", "json", "sarif", "junit", "markdown", "github"}

// environment is what Main takes from the process; tests inject a fixed
// clock, version and terminal detection so that goldens are stable.
type environment struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	now            func() time.Time
	version        string
	getenv         func(string) string
	isTerminal     func(io.Writer) bool
	// rules is the rule set; nil means rules.All(). Golden tests pin the
	// seed rules so that rule-pack growth does not churn reporter goldens.
	rules []*rules.Rule
	// limitMemory bounds the process heap from the plans' sizes; nil in
	// tests, since the limit is process-wide.
	limitMemory func(plans []string, getenv func(string) string)
}

// Main runs `check` with args (without the subcommand) and returns the exit
// code.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return run(ctx, args, environment{
		stdin: stdin, stdout: stdout, stderr: stderr,
		now: time.Now, version: buildVersion(), getenv: os.Getenv, isTerminal: isTerminal,
		limitMemory: limitMemoryForPlans,
	})
}

// buildVersion is the module version stamped by `go install`/`go build`, or
// "dev" for a build from a work tree.
func buildVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

type formatSpec struct{ name, file string }

type formatList []formatSpec

func (l *formatList) String() string { return "" }

func (l *formatList) Set(v string) error {
	name, file, _ := strings.Cut(v, "=")
	if !slices.Contains(formats, name) {
		return fmt.Errorf("unknown format %q: use one of %s, optionally as FORMAT=FILE", name, strings.Join(formats, ", "))
	}
	*l = append(*l, formatSpec{name: name, file: file})
	return nil
}

type options struct {
	formats       formatList
	unknown       string
	scope         string
	config        string
	waivers       string
	baseline      string
	writeBaseline string
	overrideSoft  bool
	terraform     string
	configDir     string
	listRules     bool
	listControls  bool
	explain       string
	version       bool
	plans         []string
}

const usageText = `Usage: terraform-provider-commshield check [flags] PLAN...

Judges Terraform plans (terraform show -json output, "-" for stdin, or binary
plan files) against the CISA/NSA/FBI communications-infrastructure guidance.

Exit codes: 0 no enforced failure, 1 enforced failures / expired waivers /
undecidable with --unknown=fail, 2 usage or input error.

Flags:
`

func parseArgs(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Var(&o.formats, "format", "report `FORMAT[=FILE]`: text, json, sarif, junit, markdown, github (repeatable; stdout without FILE)")
	fs.StringVar(&o.unknown, "unknown", "warn", "how undecidable results count: warn, fail or pass")
	fs.StringVar(&o.scope, "scope", "all", "judge all instances, or only the changes the plan makes")
	fs.StringVar(&o.config, "config", "", "config `FILE` (default: .commshield.yaml in the current or the plan's directory)")
	fs.StringVar(&o.waivers, "waivers", "", "waiver `FILE` (YAML)")
	fs.StringVar(&o.baseline, "baseline", "", "suppress the findings recorded in baseline `FILE`")
	fs.StringVar(&o.writeBaseline, "write-baseline", "", "record current failing and undecidable findings in `FILE`")
	fs.BoolVar(&o.overrideSoft, "override-soft", false, "do not fail on soft-mandatory findings")
	fs.StringVar(&o.terraform, "terraform", "", "terraform `PATH` used to convert binary plan files (default: from PATH)")
	fs.StringVar(&o.configDir, "config-dir", "", "root module `DIR`: add .tf file:line locations to findings")
	fs.BoolVar(&o.listRules, "list-rules", false, "list the rules and exit")
	fs.BoolVar(&o.listControls, "list-controls", false, "list the controls of the catalog and exit")
	fs.StringVar(&o.explain, "explain", "", "describe `RULE` (rationale, remediation, parameters) and exit")
	fs.BoolVar(&o.version, "version", false, "print the version and exit")
	help := func() {
		fmt.Fprint(stderr, usageText)
		fs.SetOutput(stderr)
		fs.PrintDefaults()
	}
	// Flags may follow PLAN arguments (`check plan.json --format json`).
	rest := args
	for {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				help()
				return nil, errHelp
			}
			return nil, &InputError{Msg: err.Error() + "; run `check --help` for the flags"}
		}
		rest = fs.Args()
		if len(rest) == 0 {
			break
		}
		o.plans = append(o.plans, rest[0])
		rest = rest[1:]
	}
	switch o.unknown {
	case "warn", "fail", "pass":
	default:
		return nil, &InputError{Msg: fmt.Sprintf("--unknown=%s: use warn, fail or pass", o.unknown)}
	}
	switch o.scope {
	case "all", "changes":
	default:
		return nil, &InputError{Msg: fmt.Sprintf("--scope=%s: use all or changes", o.scope)}
	}
	toStdout := 0
	for _, f := range o.formats {
		if f.file == "" {
			toStdout++
		}
	}
	if toStdout > 1 {
		return nil, &InputError{Msg: "only one --format may write to stdout; give the others a file (--format json=report.json)"}
	}
	listing := o.listRules || o.listControls || o.explain != "" || o.version
	if listing && len(o.plans) > 0 {
		return nil, &InputError{Msg: "--list-rules, --list-controls, --explain and --version take no PLAN argument"}
	}
	if !listing && len(o.plans) == 0 {
		return nil, &InputError{Msg: "no PLAN given; usage: check [flags] PLAN... (run `check --help`)"}
	}
	if len(o.formats) == 0 {
		o.formats = formatList{{name: "text"}}
	}
	return o, nil
}

var errHelp = errors.New("help requested")

func run(ctx context.Context, args []string, env environment) (code int) {
	defer func() {
		if p := recover(); p != nil {
			code = internalError(env.stderr, p)
		}
	}()
	o, err := parseArgs(args, env.stderr)
	if errors.Is(err, errHelp) {
		return ExitOK
	}
	if err != nil {
		return fail(env.stderr, err)
	}
	all := env.rules
	if all == nil {
		all = rules.All()
	}
	catalog := controls.Load()
	switch {
	case o.version:
		fmt.Fprintf(env.stdout, "commshield %s (rule set %s, %d rules, report schema %s)\n", env.version, rules.RuleSetVersion, len(all), ReportSchemaVersion)
		return ExitOK
	case o.explain != "":
		r := rules.Find(all, o.explain)
		if r == nil {
			return fail(env.stderr, &InputError{Msg: fmt.Sprintf("--explain %s: no such rule; run `check --list-rules` for the IDs", o.explain)})
		}
		return writeListing(env.stdout, o, func(w io.Writer, asJSON bool) error { return explainRule(w, r, asJSON) })
	case o.listRules:
		return writeListing(env.stdout, o, func(w io.Writer, asJSON bool) error { return listRules(w, all, asJSON) })
	case o.listControls:
		return writeListing(env.stdout, o, func(w io.Writer, asJSON bool) error { return listControls(w, catalog, all, asJSON) })
	}
	return check(ctx, o, env, all, catalog)
}

func writeListing(stdout io.Writer, o *options, write func(io.Writer, bool) error) int {
	f := o.formats[0]
	if f.name != "text" && f.name != "json" {
		return fail(os.Stderr, &InputError{Msg: "listings support --format text or json"})
	}
	w := stdout
	if f.file != "" {
		file, err := os.Create(f.file)
		if err != nil {
			return fail(os.Stderr, inputErrorf(f.file, 0, "cannot create: %v", err))
		}
		defer file.Close()
		w = file
	}
	if err := write(w, f.name == "json"); err != nil {
		return fail(os.Stderr, err)
	}
	return ExitOK
}

func check(ctx context.Context, o *options, env environment, all []*rules.Rule, catalog *controls.Catalog) int {
	var dirs []string
	if wd, err := os.Getwd(); err == nil {
		dirs = append(dirs, wd)
	}
	if o.plans[0] != "-" {
		dirs = append(dirs, filepath.Dir(o.plans[0]))
	}
	cfgPath, err := findConfig(o.config, dirs)
	if err != nil {
		return fail(env.stderr, err)
	}
	cfg, err := LoadConfig(cfgPath, all, catalog)
	if err != nil {
		return fail(env.stderr, err)
	}
	var waivers []*Waiver
	if o.waivers != "" {
		if waivers, err = LoadWaivers(o.waivers, all, catalog); err != nil {
			return fail(env.stderr, err)
		}
	}
	var baseline map[string]bool
	if o.baseline != "" {
		if baseline, err = LoadBaseline(o.baseline); err != nil {
			return fail(env.stderr, err)
		}
	}
	if env.limitMemory != nil {
		env.limitMemory(o.plans, env.getenv)
	}
	engineOpts := cfg.Engine
	engineOpts.Scope = rules.Scope(o.scope)
	engine, err := rules.NewEngine(all, engineOpts)
	if err != nil {
		return fail(env.stderr, inputErrorf(cfgPath, 0, "%v", err))
	}
	if stdinPlans := countOf(o.plans, "-"); stdinPlans > 1 {
		return fail(env.stderr, &InputError{Msg: "stdin (-) can be given only once"})
	}

	checked, err := checkPlans(ctx, engine, o, env.stdin)
	if err != nil {
		var re *rules.RuleError
		if errors.As(err, &re) {
			return internalError(env.stderr, re)
		}
		return fail(env.stderr, err)
	}
	var locator *Locator
	if o.configDir != "" {
		plans := make([]*plan.Plan, len(checked))
		for i, c := range checked {
			plans[i] = c.plan
		}
		if locator, err = NewLocator(o.configDir, plans); err != nil {
			return fail(env.stderr, err)
		}
	}
	rep := buildReport(reportInput{
		plans: checked, rules: engine.Rules(), catalog: catalog, config: cfg, waivers: waivers, baseline: baseline,
		unknown: o.unknown, overrideSoft: o.overrideSoft, now: env.now(), version: env.version, locator: locator,
		settings: RunSettings{Unknown: o.unknown, Scope: o.scope, OverrideSoft: o.overrideSoft, Config: cfgPath, Waivers: o.waivers, Baseline: o.baseline},
	})
	if o.writeBaseline != "" {
		if err := WriteBaseline(o.writeBaseline, rep); err != nil {
			return fail(env.stderr, err)
		}
	}
	color := env.isTerminal(env.stdout) && env.getenv("NO_COLOR") == ""
	for _, f := range o.formats {
		if err := writeFormat(f, rep, engine.Rules(), env.stdout, color); err != nil {
			return fail(env.stderr, err)
		}
	}
	return rep.ExitCode
}

func countOf(list []string, s string) int {
	n := 0
	for _, e := range list {
		if e == s {
			n++
		}
	}
	return n
}

// checkPlans loads and checks every plan concurrently (bounded by
// GOMAXPROCS) and returns them in argument order; the first error in
// argument order wins so that messages are deterministic.
func checkPlans(ctx context.Context, engine *rules.Engine, o *options, stdin io.Reader) ([]checkedPlan, error) {
	out := make([]checkedPlan, len(o.plans))
	errs := make([]error, len(o.plans))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, arg := range o.plans {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			p, err := loadPlan(ctx, arg, stdin, o.terraform)
			if err != nil {
				errs[i] = err
				return
			}
			results, err := engine.Check(ctx, p)
			out[i], errs[i] = newCheckedPlan(p, results, o.configDir != ""), err
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func writeFormat(f formatSpec, rep *Report, all []*rules.Rule, stdout io.Writer, color bool) (err error) {
	w := stdout
	if f.file != "" {
		file, err := os.Create(f.file)
		if err != nil {
			return inputErrorf(f.file, 0, "cannot create the %s report: %v", f.name, err)
		}
		defer func() {
			if cerr := file.Close(); err == nil && cerr != nil {
				err = fmt.Errorf("writing %s: %w", f.file, cerr)
			}
		}()
		w = file
		color = false
	}
	switch f.name {
	case "json":
		return writeJSON(w, rep)
	case "sarif":
		return writeSARIF(w, rep, all)
	case "junit":
		return writeJUnit(w, rep)
	case "markdown":
		return writeMarkdown(w, rep)
	case "github":
		return writeGitHub(w, rep)
	}
	return writeText(w, rep, textStyle{color: color})
}

// fail prints an input or usage error and returns exit code 2.
func fail(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "commshield check: %v\n", err)
	return ExitUsage
}

// internalError is the last resort for a bug (a rule or reporter panic):
// exit 2 with a bug-report hint instead of a stack dump.
func internalError(stderr io.Writer, p any) int {
	fmt.Fprintf(stderr, "commshield check: internal error: %v\n"+
		"This is a bug in commshield, not in your plan. Please report it at "+
		"https://github.com/commshield/terraform-provider-commshield/issues with the command line "+
		"(and, if you can, the plan with secrets removed).\n", p)
	return ExitUsage
}

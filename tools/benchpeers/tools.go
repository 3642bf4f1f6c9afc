package main

import (
	"bytes"
	"context"
	"crypto/md5" //nolint:gosec // Trivy's naming scheme, not security
	"debug/buildinfo"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

// tool is one scanner (or parse floor) the harness runs on a plan file.
type tool struct {
	Name string
	// Kind: "ours", "peer" or "floor" (a parse-only baseline, not a scanner).
	Kind string
	// Bin is the executable; the tool is "not installed" when it is missing.
	Bin string
	// Argv builds the command line for one plan.
	Argv func(plan string) []string
	Env  []string
	// Ran says whether an exit code means the tool finished its job (with or
	// without findings), as opposed to failing on the input.
	Ran func(exit int) bool
	// Failures parses the tool's stdout into failing (rule, address) pairs;
	// nil for the parse floors.
	Failures func(stdout []byte) ([]finding, error)
	// ReportedAddress turns a Terraform address into the name the tool
	// reports it under; nil when the tool reports Terraform addresses.
	ReportedAddress func(address string) string
	// Version prints the tool's version for the report.
	Version func() string
	// Rules says how many rules the tool evaluated, for the report.
	Rules string
}

// finding is one verdict of a tool, in the tool's own rule IDs.
type finding struct {
	Rule    string
	Address string
	Status  string // fail, or for commshield also pass/undecidable/not_applicable
}

func (t tool) installed() bool {
	if t.Bin == "" {
		return false
	}
	if strings.ContainsRune(t.Bin, os.PathSeparator) {
		st, err := os.Stat(t.Bin)
		return err == nil && !st.IsDir() && st.Mode()&0o111 != 0
	}
	_, err := exec.LookPath(t.Bin)
	return err == nil
}

func exitIn(codes ...int) func(int) bool {
	return func(exit int) bool {
		for _, c := range codes {
			if c == exit {
				return true
			}
		}
		return false
	}
}

// firstLine runs argv and returns its first non-empty output line.
// A version query that hangs must not stall the run, hence the time limit.
func firstLine(argv ...string) string {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, argv[0], argv[1:]...).CombinedOutput()
	if err != nil {
		return "unknown (" + strings.TrimSpace(string(out)) + ")"
	}
	for _, l := range strings.Split(string(out), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	return "unknown"
}

// dependencyVersion reads the version of a module compiled into a Go
// binary (Trivy's checks are a Go module embedded in it).
func dependencyVersion(bin, module string) string {
	info, err := buildinfo.ReadFile(bin)
	if err != nil {
		return "unknown"
	}
	for _, d := range info.Deps {
		if d.Path == module {
			if d.Replace != nil {
				return d.Replace.Version
			}
			return d.Version
		}
	}
	return "unknown"
}

// tools lists every tool in the order rows appear in the report.
func tools(cfg config) []tool {
	bin := func(name string) string { return filepath.Join(cfg.toolsDir, "bin", name) }
	commshield := filepath.Join(cfg.repo, "bin", "terraform-provider-commshield")
	checkov := filepath.Join(cfg.toolsDir, "checkov-venv", "bin", "checkov")
	regoDir := filepath.Join(cfg.benchDir, "rego")
	self, _ := os.Executable()
	return []tool{
		{
			Name: "commshield", Kind: "ours", Bin: commshield,
			Argv:     func(p string) []string { return []string{commshield, "check", "--format", "json", p} },
			Ran:      exitIn(0, 1),
			Failures: parseCommshield,
			Version:  func() string { return firstLine(commshield, "check", "--version") },
			Rules:    cfg.commshieldRules,
		},
		{
			Name: "commshield 10 rules", Kind: "ours", Bin: commshield,
			Argv: func(p string) []string {
				return []string{commshield, "check", "--format", "json", "--config", filepath.Join(cfg.workDir, "seed-rules.yaml"), p}
			},
			Ran:     exitIn(0, 1),
			Version: func() string { return "same binary, --config disabling all but the ten seed rules" },
			Rules:   "10 (the seed rules the Rego set mirrors)",
		},
		{
			Name: "python json.load", Kind: "floor", Bin: "python3",
			Argv: func(p string) []string {
				return []string{"python3", "-c", "import json,sys\nwith open(sys.argv[1],'rb') as f: json.load(f)", p}
			},
			Ran:     exitIn(0),
			Version: func() string { return firstLine("python3", "--version") },
			Rules:   "parse only",
		},
		{
			Name: "Go json.Unmarshal", Kind: "floor", Bin: self,
			Argv:    func(p string) []string { return []string{self, "-child-unmarshal", p} },
			Ran:     exitIn(0),
			Version: func() string { return firstLine("go", "version") },
			Rules:   "parse only",
		},
		{
			Name: "Checkov", Kind: "peer", Bin: checkov,
			Argv: func(p string) []string {
				return []string{checkov, "-f", p, "--framework", "terraform_plan", "-o", "json", "--quiet", "--skip-download", "--compact"}
			},
			// No platform calls: the run is offline like every other tool's.
			Env:      []string{"BC_SKIP_MAPPING=TRUE", "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2=false", "LOG_LEVEL=ERROR"},
			Ran:      exitIn(0, 1),
			Failures: parseCheckov,
			Version:  func() string { return "checkov " + firstLine(checkov, "--version") },
			Rules:    "all (terraform_plan framework)",
		},
		{
			Name: "Trivy", Kind: "peer", Bin: bin("trivy"),
			Argv: func(p string) []string {
				// Offline and reproducible: --skip-check-update with a cache
				// directory that never holds a downloaded bundle makes Trivy
				// fall back to the checks compiled into the binary (it logs
				// "Falling back to embedded checks"); without both
				// --skip-version-check and --disable-telemetry it calls home
				// on every run. Only the plan scanner runs, as Checkov only
				// runs its terraform_plan framework.
				return []string{bin("trivy"), "config", "--quiet", "--format", "json",
					"--skip-check-update", "--cache-dir", filepath.Join(cfg.toolsDir, "trivy-cache"),
					"--skip-version-check", "--disable-telemetry",
					"--misconfig-scanners", "terraformplan-json", p}
			},
			Ran:             exitIn(0),
			Failures:        parseTrivy,
			ReportedAddress: trivyName,
			Version: func() string {
				return firstLine(bin("trivy"), "--version") + ", embedded checks trivy-checks " +
					dependencyVersion(bin("trivy"), "github.com/aquasecurity/trivy-checks")
			},
			Rules: "embedded checks (terraform plan)",
		},
		{
			Name: "Regula", Kind: "peer", Bin: bin("regula"),
			Argv: func(p string) []string {
				return []string{bin("regula"), "run", "--input-type", "tf-plan", "--format", "json", "--severity", "off", p}
			},
			Ran:      exitIn(0),
			Failures: parseRegula,
			Version:  func() string { return "regula " + firstLine(bin("regula"), "version") },
			Rules:    "all embedded (tf)",
		},
		{
			Name: "Conftest", Kind: "peer", Bin: bin("conftest"),
			Argv: func(p string) []string {
				return []string{bin("conftest"), "test", "--no-fail", "--output", "json", "--policy", regoDir, p}
			},
			Ran:      exitIn(0),
			Failures: parseConftest,
			Version:  func() string { return firstLine(bin("conftest"), "--version") },
			Rules:    "10 (tools/benchpeers/rego)",
		},
		{
			Name: "OPA", Kind: "peer", Bin: bin("opa"),
			Argv: func(p string) []string {
				return []string{bin("opa"), "eval", "--format", "json", "--data", regoDir, "--input", p, "data.main.deny"}
			},
			Ran:      exitIn(0),
			Failures: parseOPA,
			Version:  func() string { return firstLine(bin("opa"), "version") },
			Rules:    "10 (tools/benchpeers/rego)",
		},
	}
}

func parseCommshield(out []byte) ([]finding, error) {
	var rep struct {
		Results []struct {
			RuleID  string `json:"rule_id"`
			Address string `json:"address"`
			Status  string `json:"status"`
		} `json:"results"`
	}
	if err := json.Unmarshal(out, &rep); err != nil {
		return nil, fmt.Errorf("commshield report: %w", err)
	}
	var fs []finding
	for _, r := range rep.Results {
		fs = append(fs, finding{Rule: r.RuleID, Address: r.Address, Status: r.Status})
	}
	return fs, nil
}

func parseCheckov(out []byte) ([]finding, error) {
	type report struct {
		Results struct {
			FailedChecks []struct {
				CheckID         string `json:"check_id"`
				Resource        string `json:"resource"`
				ResourceAddress string `json:"resource_address"`
			} `json:"failed_checks"`
		} `json:"results"`
	}
	// One report object, or a list of them when several frameworks ran;
	// Checkov prints an empty summary list when it found nothing to scan.
	var reports []report
	trimmed := bytes.TrimSpace(out)
	if len(trimmed) > 0 && trimmed[0] == '[' {
		if err := json.Unmarshal(trimmed, &reports); err != nil {
			return nil, fmt.Errorf("checkov report list: %w", err)
		}
	} else {
		var r report
		if err := json.Unmarshal(trimmed, &r); err != nil {
			return nil, fmt.Errorf("checkov report: %w", err)
		}
		reports = []report{r}
	}
	var fs []finding
	for _, r := range reports {
		for _, c := range r.Results.FailedChecks {
			addr := c.ResourceAddress
			if addr == "" {
				addr = c.Resource
			}
			fs = append(fs, finding{Rule: c.CheckID, Address: addr, Status: "fail"})
		}
	}
	return fs, nil
}

// trivyResult is one target of a Trivy JSON report.
type trivyResult struct {
	Type              string `json:"Type"`
	Misconfigurations []struct {
		ID            string `json:"ID"`
		AVDID         string `json:"AVDID"`
		Status        string `json:"Status"`
		CauseMetadata struct {
			Resource string `json:"Resource"`
		} `json:"CauseMetadata"`
	} `json:"Misconfigurations"`
}

func parseTrivy(out []byte) ([]finding, error) {
	var rep struct {
		Results []trivyResult `json:"Results"`
	}
	if err := json.Unmarshal(out, &rep); err != nil {
		return nil, fmt.Errorf("trivy report: %w", err)
	}
	// Trivy exits 0 with no results for a file it did not take for a plan
	// (wrong extension, no format_version/terraform_version): that is a
	// mis-invocation, not a clean plan.
	if !slices.ContainsFunc(rep.Results, func(r trivyResult) bool { return r.Type == "terraformplan" }) {
		return nil, errors.New("trivy report has no terraformplan result: Trivy did not scan the file as a Terraform plan")
	}
	var fs []finding
	for _, r := range rep.Results {
		for _, m := range r.Misconfigurations {
			if m.Status != "FAIL" {
				continue
			}
			id := m.AVDID
			if id == "" {
				id = m.ID
			}
			fs = append(fs, finding{Rule: id, Address: m.CauseMetadata.Resource, Status: "fail"})
		}
	}
	return fs, nil
}

// trivyName is the name Trivy v0.74 reports for the resource at a Terraform
// address. Trivy rebuilds a plan as one synthetic HCL file (main.tf) in
// which every resource is a root resource: instance keys are dropped, and
// a resource inside a module is renamed <name>_<md5 of its module address>
// (trivy pkg/iac/scanners/terraformplan/tfjson/parser, moduleResourceName).
// Module resources therefore stay distinct per module instance; count and
// for_each instances of one resource share a name.
func trivyName(addr string) string {
	if !strings.HasPrefix(addr, "module.") {
		return addr // root: keys are compared by shape (addressMatches)
	}
	rest := addr
	if strings.HasSuffix(rest, "]") {
		if i := strings.LastIndex(rest, "["); i > 0 {
			rest = rest[:i]
		}
	}
	dot := strings.LastIndex(rest, ".")
	typeDot := strings.LastIndex(rest[:max(dot, 0)], ".")
	if dot < 0 || typeDot < 0 {
		return addr
	}
	typ, name := rest[typeDot+1:dot], rest[dot+1:]
	// Trivy cuts the address at the first ".<type>." it finds.
	module, _, _ := strings.Cut(addr, "."+typ+".")
	sum := md5.Sum([]byte(strings.TrimSuffix(module, ".data")))
	return typ + "." + name + "_" + hex.EncodeToString(sum[:])
}

func parseRegula(out []byte) ([]finding, error) {
	var rep struct {
		RuleResults []struct {
			RuleID     string `json:"rule_id"`
			RuleResult string `json:"rule_result"`
			ResourceID string `json:"resource_id"`
		} `json:"rule_results"`
	}
	if err := json.Unmarshal(out, &rep); err != nil {
		return nil, fmt.Errorf("regula report: %w", err)
	}
	var fs []finding
	for _, r := range rep.RuleResults {
		if r.RuleResult == "FAIL" {
			fs = append(fs, finding{Rule: r.RuleID, Address: r.ResourceID, Status: "fail"})
		}
	}
	return fs, nil
}

// Messages of tools/benchpeers/rego: "<RULE-ID> <address>: <reason>".
var regoMessage = regexp.MustCompile(`^([A-Z]+-R\d+) (\S+): `)

func regoFindings(msgs []string) []finding {
	var fs []finding
	for _, m := range msgs {
		if g := regoMessage.FindStringSubmatch(m); g != nil {
			fs = append(fs, finding{Rule: g[1], Address: g[2], Status: "fail"})
		}
	}
	return fs
}

func parseConftest(out []byte) ([]finding, error) {
	var rep []struct {
		Failures []struct {
			Msg string `json:"msg"`
		} `json:"failures"`
	}
	if err := json.Unmarshal(out, &rep); err != nil {
		return nil, fmt.Errorf("conftest report: %w", err)
	}
	var msgs []string
	for _, f := range rep {
		for _, m := range f.Failures {
			msgs = append(msgs, m.Msg)
		}
	}
	return regoFindings(msgs), nil
}

func parseOPA(out []byte) ([]finding, error) {
	var rep struct {
		Result []struct {
			Expressions []struct {
				Value []string `json:"value"`
			} `json:"expressions"`
		} `json:"result"`
	}
	if err := json.Unmarshal(out, &rep); err != nil {
		return nil, fmt.Errorf("opa report: %w", err)
	}
	var msgs []string
	for _, r := range rep.Result {
		for _, e := range r.Expressions {
			msgs = append(msgs, e.Value...)
		}
	}
	return regoFindings(msgs), nil
}

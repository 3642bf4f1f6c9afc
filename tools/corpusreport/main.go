// Command corpusreport runs `check` over every plan JSON file under a corpus
// directory, exactly as the CLI does (check.Main, default settings, no config
// file), and prints what an operator would care about before trusting the
// verdicts: per-rule verdict counts (fails with the number of plans they fall
// on), status totals, the exit-code distribution (exit 2 = the plan was
// rejected as input) and internal errors (rule or reporter crashes).
//
//	go run ./tools/corpusreport -corpus ../shared/corpus/plans
//
// The figures are the closing numbers of issue 3; rerun after changing a rule
// to see its effect on real-world plans.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/commshield/terraform-provider-commshield/internal/check"
)

type result struct {
	RuleID      string `json:"rule_id"`
	Status      string `json:"status"`
	Verdict     string `json:"verdict"`
	Enforcement string `json:"enforcement"`
}

type report struct {
	Results []result `json:"results"`
}

type ruleCounts struct {
	byStatus  map[string]int
	failPlans map[string]bool
	enforced  string
}

type summary struct {
	plans      int
	exitCodes  map[int]int
	crashes    []string
	rejected   []string
	statuses   map[string]int
	rules      map[string]*ruleCounts
	enforcedBy map[string]int // fails by enforcement level
}

func main() {
	corpus := flag.String("corpus", "../shared/corpus/plans", "directory holding the plan JSON files (searched recursively)")
	verbose := flag.Bool("v", false, "list the rejected (exit 2) plans and the crashes with their messages")
	flag.Parse()
	if err := run(context.Background(), *corpus, *verbose, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "corpusreport: %v\n", err)
		os.Exit(2)
	}
}

func run(ctx context.Context, corpus string, verbose bool, out io.Writer) error {
	var plans []string
	err := filepath.WalkDir(corpus, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".json") {
			plans = append(plans, path)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("listing the corpus %s: %w", corpus, err)
	}
	if len(plans) == 0 {
		return fmt.Errorf("no .json plan under %s; pass -corpus DIR", corpus)
	}
	// An empty config file keeps a .commshield.yaml in the working
	// directory or next to a plan from changing the figures.
	tmp, err := os.MkdirTemp("", "corpusreport")
	if err != nil {
		return fmt.Errorf("creating a scratch directory: %w", err)
	}
	defer os.RemoveAll(tmp)
	cfg := filepath.Join(tmp, "empty.yaml")
	if err := os.WriteFile(cfg, []byte("{}\n"), 0o600); err != nil {
		return fmt.Errorf("writing the empty config: %w", err)
	}

	s := &summary{exitCodes: map[int]int{}, statuses: map[string]int{}, rules: map[string]*ruleCounts{}, enforcedBy: map[string]int{}}
	for i, p := range plans {
		if err := s.add(ctx, p, cfg, filepath.Join(tmp, fmt.Sprintf("r%d.json", i))); err != nil {
			return err
		}
	}
	s.print(out, verbose)
	return nil
}

func (s *summary) add(ctx context.Context, planPath, cfg, reportPath string) error {
	var stderr bytes.Buffer
	code := check.Main(ctx, []string{"--config", cfg, "--format", "json=" + reportPath, planPath}, strings.NewReader(""), io.Discard, &stderr)
	s.plans++
	s.exitCodes[code]++
	msg := strings.TrimSpace(stderr.String())
	if strings.Contains(msg, "internal error") {
		s.crashes = append(s.crashes, planPath+": "+firstLine(msg))
		return nil
	}
	if code == check.ExitUsage {
		s.rejected = append(s.rejected, planPath+": "+firstLine(msg))
		return nil
	}
	data, err := os.ReadFile(reportPath)
	if err != nil {
		return fmt.Errorf("reading the report of %s (exit %d, %s): %w", planPath, code, msg, err)
	}
	var rep report
	if err := json.Unmarshal(data, &rep); err != nil {
		return fmt.Errorf("decoding the report of %s: %w", planPath, err)
	}
	for _, r := range rep.Results {
		s.statuses[r.Status]++
		rc := s.rules[r.RuleID]
		if rc == nil {
			rc = &ruleCounts{byStatus: map[string]int{}, failPlans: map[string]bool{}}
			s.rules[r.RuleID] = rc
		}
		rc.byStatus[r.Status]++
		if r.Status == "fail" {
			rc.failPlans[planPath] = true
			rc.enforced = r.Enforcement
			s.enforcedBy[r.Enforcement]++
		}
	}
	return nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

func (s *summary) print(out io.Writer, verbose bool) {
	fmt.Fprintf(out, "plans: %d\n", s.plans)
	codes := make([]int, 0, len(s.exitCodes))
	for c := range s.exitCodes {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	for _, c := range codes {
		fmt.Fprintf(out, "exit %d: %d plans\n", c, s.exitCodes[c])
	}
	fmt.Fprintf(out, "rejected as input (exit 2, not crashes): %d\n", len(s.rejected))
	fmt.Fprintf(out, "crashes (internal errors): %d\n", len(s.crashes))
	if verbose {
		for _, r := range s.rejected {
			fmt.Fprintf(out, "  rejected %s\n", r)
		}
		for _, c := range s.crashes {
			fmt.Fprintf(out, "  crash %s\n", c)
		}
	}
	fmt.Fprintf(out, "status totals:")
	for _, st := range []string{"fail", "pass", "not_applicable", "undecidable", "waived", "baselined"} {
		fmt.Fprintf(out, " %s=%d", st, s.statuses[st])
	}
	fmt.Fprintln(out)
	fmt.Fprintf(out, "fails by enforcement:")
	for _, e := range []string{"hard", "soft", "advisory"} {
		fmt.Fprintf(out, " %s=%d", e, s.enforcedBy[e])
	}
	fmt.Fprintln(out)

	ids := make([]string, 0, len(s.rules))
	for id := range s.rules {
		ids = append(ids, id)
	}
	// Noisiest first: that is where false positives hide.
	sort.Slice(ids, func(i, j int) bool {
		a, b := s.rules[ids[i]], s.rules[ids[j]]
		if a.byStatus["fail"] != b.byStatus["fail"] {
			return a.byStatus["fail"] > b.byStatus["fail"]
		}
		return ids[i] < ids[j]
	})
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "RULE\tFAIL\tFAIL PLANS\tPASS\tN/A\tUNDECIDABLE\tENFORCEMENT\t")
	for _, id := range ids {
		rc := s.rules[id]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%s\t\n", id, rc.byStatus["fail"], len(rc.failPlans),
			rc.byStatus["pass"], rc.byStatus["not_applicable"], rc.byStatus["undecidable"], orDash(rc.enforced))
	}
	if err := tw.Flush(); err != nil && !errors.Is(err, io.ErrClosedPipe) {
		fmt.Fprintf(os.Stderr, "corpusreport: %v\n", err)
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

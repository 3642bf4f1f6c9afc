package main

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// corpusTally is one tool's pass over the real-plan corpus: one run per
// file, in a fixed order (largest first), until its corpus budget is spent.
type corpusTally struct {
	Files    []string // files the tool ran on, in order
	Wall     map[string]time.Duration
	PeakKB   int64
	Errors   []string // files the tool could not process (exit code, crash)
	Timeouts int
	Budget   bool // stopped because the corpus budget was spent
}

func corpusFiles(dir string) ([]string, error) {
	type file struct {
		path string
		size int64
	}
	var files []file
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".json") {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		files = append(files, file{p, info.Size()})
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(files, func(i, j int) bool {
		if files[i].size != files[j].size {
			return files[i].size > files[j].size
		}
		return files[i].path < files[j].path
	})
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = f.path
	}
	return out, nil
}

func runCorpus(ctx context.Context, cfg config, res *results) {
	files, err := corpusFiles(cfg.corpusDir)
	if err != nil || len(files) == 0 {
		res.notes = append(res.notes, fmt.Sprintf("corpus %s not found or empty: corpus rows omitted", cfg.corpusDir))
		return
	}
	res.corpusFiles = len(files)
	spent := map[string]time.Duration{}
	for _, t := range res.tools {
		res.corpus[t.Name] = &corpusTally{Wall: map[string]time.Duration{}}
	}
	logf("corpus: %d files, %s per tool", len(files), cfg.corpusBudget)
	for i, f := range files {
		for _, t := range res.tools {
			tally := res.corpus[t.Name]
			if ctx.Err() != nil || tally.Budget {
				continue
			}
			if spent[t.Name] >= cfg.corpusBudget {
				tally.Budget = true
				continue
			}
			r := runTool(ctx, cfg, t, f, min(cfg.timeout, 120*time.Second), fmt.Sprintf("corpus-%03d", i))
			spent[t.Name] += r.Wall
			rel, _ := filepath.Rel(cfg.corpusDir, f)
			tally.Files = append(tally.Files, rel)
			tally.Wall[rel] = r.Wall
			tally.PeakKB = max(tally.PeakKB, r.MaxRSSKB)
			switch {
			case r.TimedOut:
				tally.Timeouts++
			case r.Err != nil || !t.Ran(r.Exit):
				tally.Errors = append(tally.Errors, rel)
			}
		}
	}
	for _, t := range res.tools {
		c := res.corpus[t.Name]
		logf("corpus %s: %d files, %d errors, %d timeouts", t.Name, len(c.Files), len(c.Errors), c.Timeouts)
	}
}

// corpusSums returns the tool's total wall time on its files and
// commshield's total on the same files.
func corpusSums(res *results, name string) (tool, ours time.Duration) {
	c, o := res.corpus[name], res.corpus["commshield"]
	if c == nil || o == nil {
		return 0, 0
	}
	for _, f := range c.Files {
		tool += c.Wall[f]
		ours += o.Wall[f]
	}
	return tool, ours
}

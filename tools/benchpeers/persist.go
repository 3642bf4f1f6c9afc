package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// saved is what a run keeps in .tools/benchpeers-work/results.json, so a
// later run with -reuse can measure only some tools (a peer that finished
// building late) and report them next to the rows of the earlier run.
type saved struct {
	Started     time.Time                         `json:"started"`
	Versions    map[string]string                 `json:"versions"`
	BySize      map[string]map[int]series         `json:"by_size"`
	Corpus      map[string]*corpusTally           `json:"corpus"`
	CorpusFiles int                               `json:"corpus_files"`
	Tally       map[string]map[outcome]int        `json:"accuracy_tally"`
	Details     map[string][]string               `json:"accuracy_details"`
	From        map[string]time.Time              `json:"measured_at"` // tool → start of the run that measured it
	Errors      map[string]map[int]map[int]string `json:"errors"`      // tool → size → run → error text
	Source      string                            `json:"source"`
	Finished    time.Time                         `json:"finished"`
	LoadAtEnd   string                            `json:"load_at_end"` // /proc/loadavg when the measurements ended
	Notes       []string                          `json:"notes"`
}

func savedPath(cfg config) string {
	if cfg.resultsPath != "" {
		return cfg.resultsPath
	}
	return filepath.Join(cfg.workDir, "results.json")
}

func saveResults(cfg config, res *results) error {
	s := saved{Started: res.started, Versions: res.versions, BySize: res.bySize, Corpus: res.corpus,
		CorpusFiles: res.corpusFiles, From: map[string]time.Time{}, Errors: map[string]map[int]map[int]string{},
		Source: res.source, Finished: res.finished, LoadAtEnd: res.loadAtEnd, Notes: res.notes}
	for _, t := range res.tools {
		s.From[t.Name] = res.started
		if at, ok := res.measuredAt[t.Name]; ok {
			s.From[t.Name] = at
		}
	}
	for name, sizes := range res.bySize {
		for n, ser := range sizes {
			for i, r := range ser.Runs {
				if r.Err != nil {
					if s.Errors[name] == nil {
						s.Errors[name] = map[int]map[int]string{}
					}
					if s.Errors[name][n] == nil {
						s.Errors[name][n] = map[int]string{}
					}
					s.Errors[name][n][i] = r.Err.Error()
				}
			}
		}
	}
	if res.accuracy != nil {
		s.Tally, s.Details = res.accuracy.Tally, res.accuracy.Details
	}
	data, err := json.MarshalIndent(s, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(savedPath(cfg), data, 0o644)
}

// mergeEarlier adds the tools of the previous run that this run did not
// measure, with their versions, sizes, corpus and accuracy figures.
func mergeEarlier(ctx context.Context, cfg config, res *results) error {
	data, err := os.ReadFile(savedPath(cfg))
	if err != nil {
		return fmt.Errorf("-reuse: %w", err)
	}
	var prev saved
	if err := json.Unmarshal(data, &prev); err != nil {
		return fmt.Errorf("-reuse: %s: %w", savedPath(cfg), err)
	}
	if len(res.tools) == 0 { // -report-only: the earlier run is the whole report
		res.started, res.finished, res.source, res.corpusFiles = prev.Started, prev.Finished, prev.Source, prev.CorpusFiles
		res.loadAtEnd = prev.LoadAtEnd
		if res.source == "" {
			res.source = describeSource(ctx, cfg.repo) + " (the commit at report time; the run did not record its own)"
		}
		if res.finished.IsZero() {
			res.finished = prev.Started
		}
		for _, n := range prev.Notes {
			if !strings.Contains(n, "rows come from the run started") {
				res.notes = append(res.notes, n)
			}
		}
	}
	// Phases this run skipped (-skip-corpus, -skip-accuracy) keep the
	// earlier run's figures for every tool, commshield included.
	if res.corpusFiles == 0 && prev.CorpusFiles > 0 {
		res.corpusFiles = prev.CorpusFiles
		for name, c := range prev.Corpus {
			res.corpus[name] = c
		}
	}
	if res.accuracy != nil && len(res.accuracy.Tally) == 0 && prev.Tally != nil {
		for name, tally := range prev.Tally {
			res.accuracy.Tally[name] = tally
			res.accuracy.Details[name] = prev.Details[name]
		}
	}
	ran := map[string]bool{}
	for _, t := range res.tools {
		ran[t.Name] = true
	}
	for _, t := range tools(cfg) {
		sizes, ok := prev.BySize[t.Name]
		if ran[t.Name] || !ok {
			continue
		}
		for n, ser := range sizes {
			for i := range ser.Runs {
				if text := prev.Errors[t.Name][n][i]; text != "" {
					ser.Runs[i].Err = errors.New(text)
				}
			}
			sizes[n] = ser
		}
		res.tools = append(res.tools, t)
		res.bySize[t.Name] = sizes
		res.versions[t.Name] = prev.Versions[t.Name]
		if c := prev.Corpus[t.Name]; c != nil {
			res.corpus[t.Name] = c
		}
		if res.accuracy != nil && prev.Tally[t.Name] != nil {
			res.accuracy.Tally[t.Name] = prev.Tally[t.Name]
			res.accuracy.Details[t.Name] = prev.Details[t.Name]
		}
		at := prev.From[t.Name]
		if at.IsZero() {
			at = prev.Started
		}
		res.measuredAt[t.Name] = at
		if !at.Equal(res.started) {
			res.notes = append(res.notes, fmt.Sprintf("%s rows come from the run started %s UTC on this machine (-reuse); "+
				"their ratios use the commshield figures of the run started %s", t.Name, at.Format("2006-01-02 15:04"), res.started.Format("15:04")))
		}
	}
	// Keep the report's row order: tools() order.
	order := map[string]int{}
	for i, t := range tools(cfg) {
		order[t.Name] = i
	}
	sortByOrder(res.tools, order)
	return nil
}

func sortByOrder(ts []tool, order map[string]int) {
	for i := 1; i < len(ts); i++ {
		for j := i; j > 0 && order[ts[j].Name] < order[ts[j-1].Name]; j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
}

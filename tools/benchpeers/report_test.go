package main

import (
	"strings"
	"testing"
	"time"
)

func TestTargetsOfStoppedRuns(t *testing.T) {
	const n = 15000
	stopped := series{Runs: []run{{Wall: 400 * time.Second, CPU: 390 * time.Second, TimedOut: true}}}
	res := &results{
		plans: []planFile{{Instances: n, Bytes: 54_600_000}},
		bySize: map[string]map[int]series{
			"commshield": {n: {Runs: []run{{Wall: 2 * time.Second, CPU: 2 * time.Second, MaxRSSKB: 200 * 1024}}}},
			"Regula":     {n: stopped}, // 200× when stopped, target 300×
			"Checkov":    {n: stopped}, // 200× when stopped, target 100×
		},
	}
	var b strings.Builder
	writeTargets(&b, res)
	rows := map[string]string{}
	for _, l := range strings.Split(b.String(), "\n") {
		for _, tool := range []string{"Regula", "Checkov"} {
			if strings.Contains(l, "faster than "+tool) {
				rows[tool] = l
			}
		}
	}
	if r := rows["Regula"]; !strings.Contains(r, "> 200×") || !strings.HasSuffix(r, "| not shown: the run was stopped before 300× |") {
		t.Errorf("Regula row = %q, want a lower bound of 200× that neither meets nor misses 300×", r)
	}
	if r := rows["Checkov"]; !strings.Contains(r, "> 200×") || !strings.HasSuffix(r, "| yes |") {
		t.Errorf("Checkov row = %q, want a lower bound of 200× that meets 100×", r)
	}
}

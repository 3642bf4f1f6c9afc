package check

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/commshield/terraform-provider-commshield/internal/rules"
)

// BaselineSchemaVersion versions the --write-baseline file format.
const BaselineSchemaVersion = 1

// Baseline is the file --write-baseline writes and --baseline reads: the
// failing and undecidable findings accepted when a brownfield stack adopts
// the gate. A finding is baselined when its fingerprint is listed.
type Baseline struct {
	SchemaVersion int             `json:"schema_version"`
	Tool          string          `json:"tool"`
	Findings      []BaselineEntry `json:"findings"`
}

// BaselineEntry identifies one accepted finding.
type BaselineEntry struct {
	RuleID  string `json:"rule_id"`
	Address string `json:"address"`
	// Attribute and Status are part of the fingerprint: the same rule on the
	// same resource failing on another attribute, or turning from
	// undecidable to fail, is a new finding.
	Attribute   string `json:"attribute,omitempty"`
	Status      string `json:"status"`
	Fingerprint string `json:"fingerprint"`
}

// Fingerprint identifies a finding independently of message wording and of
// the machine the plan was made on.
func Fingerprint(ruleID, address, attribute string, status rules.Status) string {
	// Built in stack buffers: a big plan has ~100k results, each with a
	// fingerprint.
	var buf [256]byte
	in := append(buf[:0], ruleID...)
	in = append(append(in, 0), address...)
	in = append(append(in, 0), attribute...)
	in = append(append(in, 0), status...)
	sum := sha256.Sum256(in)
	const prefix = "sha256:"
	var out [len(prefix) + 32]byte
	copy(out[:], prefix)
	hex.Encode(out[len(prefix):], sum[:16])
	return string(out[:])
}

// LoadBaseline reads a baseline file into a fingerprint set.
func LoadBaseline(path string) (map[string]bool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, inputErrorf(path, 0, "cannot read the baseline file: %v; create it with --write-baseline", err)
	}
	var b Baseline
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return nil, inputErrorf(path, 0, "not a commshield baseline (%v); regenerate it with --write-baseline", err)
	}
	if b.SchemaVersion != BaselineSchemaVersion {
		return nil, inputErrorf(path, 0, "baseline schema_version %d is not supported (want %d); regenerate it with --write-baseline", b.SchemaVersion, BaselineSchemaVersion)
	}
	set := make(map[string]bool, len(b.Findings))
	for i, f := range b.Findings {
		if f.Fingerprint == "" {
			return nil, inputErrorf(path, 0, "findings[%d]: fingerprint missing; regenerate the file with --write-baseline", i)
		}
		set[f.Fingerprint] = true
	}
	return set, nil
}

// WriteBaseline records every failing and undecidable finding of the report
// (whether or not already baselined or waived, so that rewriting a baseline
// is idempotent).
func WriteBaseline(path string, rep *Report) error {
	b := Baseline{SchemaVersion: BaselineSchemaVersion, Tool: "commshield", Findings: []BaselineEntry{}}
	seen := map[string]bool{}
	for _, r := range rep.Results {
		if r.Verdict != rules.StatusFail && r.Verdict != rules.StatusUndecidable {
			continue
		}
		fp := Fingerprint(r.RuleID, r.Address, r.Attribute, r.Verdict)
		if seen[fp] {
			continue
		}
		seen[fp] = true
		b.Findings = append(b.Findings, BaselineEntry{RuleID: r.RuleID, Address: r.Address, Attribute: r.Attribute, Status: string(r.Verdict), Fingerprint: fp})
	}
	slices.SortFunc(b.Findings, func(x, y BaselineEntry) int { return strings.Compare(x.Fingerprint, y.Fingerprint) })
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding baseline: %w", err)
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("writing baseline %s: %w", path, err)
	}
	return nil
}

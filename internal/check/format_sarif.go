package check

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/commshield/terraform-provider-commshield/internal/rules"
)

// SARIF 2.1.0, the subset code-scanning services read. Every rule of the run
// is listed in tool.driver.rules; results are the findings that need
// attention plus the accepted ones, which carry a suppression so that
// viewers show them as dismissed rather than dropping them.

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	SemanticVer    string      `json:"semanticVersion,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name"`
	ShortDescription     sarifText       `json:"shortDescription"`
	FullDescription      sarifText       `json:"fullDescription"`
	Help                 sarifText       `json:"help"`
	DefaultConfiguration sarifConfig     `json:"defaultConfiguration"`
	Properties           sarifProperties `json:"properties"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifProperties struct {
	Tags             []string `json:"tags"`
	SecuritySeverity string   `json:"security-severity"`
}

type sarifResult struct {
	RuleID       string             `json:"ruleId"`
	RuleIndex    int                `json:"ruleIndex"`
	Level        string             `json:"level"`
	Kind         string             `json:"kind"`
	Message      sarifText          `json:"message"`
	Locations    []sarifLocation    `json:"locations"`
	Fingerprints map[string]string  `json:"partialFingerprints"`
	Suppressions []sarifSuppression `json:"suppressions,omitempty"`
	Properties   map[string]any     `json:"properties"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogical `json:"logicalLocations"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

type sarifLogical struct {
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification"`
}

func securitySeverity(s rules.Severity) string {
	switch s {
	case rules.SeverityCritical:
		return "9.5"
	case rules.SeverityHigh:
		return "8.0"
	case rules.SeverityMedium:
		return "5.5"
	}
	return "3.0"
}

func sarifLevel(r Result) string {
	switch {
	case r.Enforced:
		return "error"
	case r.Status == StatusUndecidable || r.Enforcement == Advisory:
		return "warning"
	case r.Status == StatusFail:
		return "error"
	}
	return "note"
}

func writeSARIF(w io.Writer, rep *Report, all []*rules.Rule) error {
	driver := sarifDriver{Name: "commshield", Version: rep.Tool.Version, InformationURI: rep.Tool.InformationURI, Rules: []sarifRule{}}
	ruleIndex := map[string]int{}
	for _, r := range all {
		ruleIndex[r.ID] = len(driver.Rules)
		help := r.Remediation
		md := r.Remediation
		if r.RemediationHCL != "" {
			md += "\n\n```hcl\n" + r.RemediationHCL + "\n```"
		}
		level := "error"
		if r.Severity == rules.SeverityLow {
			level = "warning"
		}
		driver.Rules = append(driver.Rules, sarifRule{
			ID: r.ID, Name: strings.ReplaceAll(r.ID, "-", ""),
			ShortDescription:     sarifText{Text: r.Title},
			FullDescription:      sarifText{Text: r.Rationale},
			Help:                 sarifText{Text: help, Markdown: md},
			DefaultConfiguration: sarifConfig{Level: level},
			Properties: sarifProperties{
				Tags:             append([]string{"security", "terraform", "cisa-comms"}, r.Controls...),
				SecuritySeverity: securitySeverity(r.Severity),
			},
		})
	}
	results := []sarifResult{}
	for _, r := range rep.Results {
		if r.Status == StatusPass || r.Status == StatusNotApplicable {
			continue
		}
		idx, ok := ruleIndex[r.RuleID]
		if !ok {
			continue
		}
		text := r.Message
		if r.Address != "" {
			text = r.Address + ": " + r.Message
		}
		loc := sarifLocation{LogicalLocations: []sarifLogical{{FullyQualifiedName: logicalName(r), Kind: "resource"}}}
		if r.Location != nil {
			loc.PhysicalLocation = &sarifPhysical{
				ArtifactLocation: sarifArtifact{URI: r.Location.File},
				Region:           sarifRegion{StartLine: r.Location.Line, StartColumn: r.Location.Column, EndLine: r.Location.EndLine, EndColumn: r.Location.EndColumn},
			}
		}
		res := sarifResult{
			RuleID: r.RuleID, RuleIndex: idx, Level: sarifLevel(r), Kind: "fail",
			Message:      sarifText{Text: text},
			Locations:    []sarifLocation{loc},
			Fingerprints: map[string]string{"commshield/v1": r.Fingerprint},
			Properties: map[string]any{
				"status": r.Status, "controls": r.Controls, "severity": r.Severity,
				"enforcement": r.Enforcement, "plan": r.Plan,
			},
		}
		if r.Status == StatusUndecidable {
			res.Kind = "review"
		}
		switch r.Status {
		case StatusWaived:
			res.Suppressions = []sarifSuppression{{Kind: "external", Justification: fmt.Sprintf("%s (owner %s, until %s)", r.Waiver.Reason, r.Waiver.Owner, r.Waiver.Expires)}}
		case StatusBaselined:
			res.Suppressions = []sarifSuppression{{Kind: "external", Justification: "accepted in the commshield baseline"}}
		}
		results = append(results, res)
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{{Tool: sarifTool{Driver: driver}, Results: results}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(log); err != nil {
		return fmt.Errorf("encoding SARIF report: %w", err)
	}
	return nil
}

func logicalName(r Result) string {
	if r.Address == "" {
		return r.Plan
	}
	return r.Address
}

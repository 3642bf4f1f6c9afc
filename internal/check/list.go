package check

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/commshield/terraform-provider-commshield/internal/controls"
	"github.com/commshield/terraform-provider-commshield/internal/rules"
)

// ruleDoc is the JSON shape of --list-rules / --explain.
type ruleDoc struct {
	ID                  string     `json:"id"`
	Title               string     `json:"title"`
	Severity            string     `json:"severity"`
	Kind                string     `json:"kind"`
	Controls            []string   `json:"controls"`
	AWSConfigRules      []string   `json:"aws_config_rules"`
	SecurityHubControls []string   `json:"security_hub_controls"`
	ResourceTypes       []string   `json:"resource_types"`
	Rationale           string     `json:"rationale"`
	Remediation         string     `json:"remediation"`
	RemediationHCL      string     `json:"remediation_hcl,omitempty"`
	Params              []paramDoc `json:"params"`
	// DefaultEnforcement applies when the config file sets no level for
	// the rule, its controls or globally.
	DefaultEnforcement string `json:"default_enforcement"`
}

type paramDoc struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Default     any    `json:"default"`
}

func docOf(r *rules.Rule) ruleDoc {
	d := ruleDoc{ID: r.ID, Title: r.Title, Severity: string(r.Severity), Kind: string(r.Kind), Controls: r.Controls,
		AWSConfigRules: nonNil(r.AWSConfigRules), SecurityHubControls: nonNil(r.SecurityHubControls),
		ResourceTypes: nonNil(r.ResourceTypes), Rationale: r.Rationale, Remediation: r.Remediation,
		RemediationHCL: r.RemediationHCL, Params: []paramDoc{}, DefaultEnforcement: string(r.EffectiveDefaultEnforcement())}
	for _, p := range r.Params {
		d.Params = append(d.Params, paramDoc{Name: p.Name, Description: p.Description, Default: p.Default})
	}
	return d
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func listRules(w io.Writer, all []*rules.Rule, asJSON bool) error {
	if asJSON {
		docs := make([]ruleDoc, len(all))
		for i, r := range all {
			docs[i] = docOf(r)
		}
		return encodeJSON(w, docs)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tSEVERITY\tKIND\tCONTROLS\tTITLE")
	for _, r := range all {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Severity, r.Kind, strings.Join(r.Controls, ","), r.Title)
	}
	return tw.Flush()
}

type controlDoc struct {
	ID       string   `json:"id"`
	Category string   `json:"category"`
	Title    string   `json:"title"`
	Plan     string   `json:"plan_checkable"`
	Rules    []string `json:"rules"`
}

func listControls(w io.Writer, catalog *controls.Catalog, all []*rules.Rule, asJSON bool) error {
	rulesOf := map[string][]string{}
	for _, r := range all {
		for _, c := range r.Controls {
			rulesOf[c] = append(rulesOf[c], r.ID)
		}
	}
	var docs []controlDoc
	for _, c := range catalog.Controls() {
		cat, _ := catalog.Category(c.Category)
		docs = append(docs, controlDoc{ID: c.ID, Category: cat.Name, Title: c.Title, Plan: string(c.Plan), Rules: nonNil(rulesOf[c.ID])})
	}
	if asJSON {
		return encodeJSON(w, docs)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CONTROL\tPLAN\tRULES\tTITLE")
	for _, d := range docs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", d.ID, d.Plan, strings.Join(d.Rules, ","), d.Title)
	}
	return tw.Flush()
}

func explainRule(w io.Writer, r *rules.Rule, asJSON bool) error {
	if asJSON {
		return encodeJSON(w, docOf(r))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %s\n\n", r.ID, r.Title)
	fmt.Fprintf(&b, "Severity: %s    Kind: %s    Controls: %s\n", r.Severity, r.Kind, strings.Join(r.Controls, ", "))
	fmt.Fprintf(&b, "Default enforcement: %s (a .commshield.yaml enforcement setting overrides it)\n", r.EffectiveDefaultEnforcement())
	if len(r.AWSConfigRules) > 0 {
		fmt.Fprintf(&b, "AWS Config: %s\n", strings.Join(r.AWSConfigRules, ", "))
	}
	if len(r.SecurityHubControls) > 0 {
		fmt.Fprintf(&b, "Security Hub: %s\n", strings.Join(r.SecurityHubControls, ", "))
	}
	fmt.Fprintf(&b, "Resource types: %s\n\n", strings.Join(r.ResourceTypes, ", "))
	fmt.Fprintf(&b, "Why:\n  %s\n\nFix:\n  %s\n", r.Rationale, r.Remediation)
	if r.RemediationHCL != "" {
		fmt.Fprintf(&b, "\n%s\n", indent(r.RemediationHCL, "  "))
	}
	if len(r.Params) > 0 {
		b.WriteString("\nParameters (set in .commshield.yaml under params: or rules." + r.ID + ".params:):\n")
		for _, p := range r.Params {
			fmt.Fprintf(&b, "  %s = %s\n      %s\n", p.Name, rules.FormatDefault(p.Default), p.Description)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func indent(s, prefix string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = prefix + l
	}
	return strings.Join(lines, "\n")
}

package check

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/commshield/terraform-provider-commshield/internal/controls"
	"github.com/commshield/terraform-provider-commshield/internal/rules"
	"go.yaml.in/yaml/v3"
)

// ConfigFileName is the file looked up in the current directory, then in the
// directory of the first plan, when --config is not given.
const ConfigFileName = ".commshield.yaml"

// Enforcement says what a failing finding does to the exit code, as in
// Sentinel: advisory never fails the run, soft fails unless --override-soft
// is given, hard always fails.
type Enforcement string

const (
	Advisory Enforcement = "advisory"
	Soft     Enforcement = "soft"
	Hard     Enforcement = "hard"
)

func (e Enforcement) rank() int {
	switch e {
	case Advisory:
		return 0
	case Soft:
		return 1
	}
	return 2
}

func parseEnforcement(s string) (Enforcement, error) {
	switch Enforcement(s) {
	case Advisory, Soft, Hard:
		return Enforcement(s), nil
	}
	return "", fmt.Errorf("enforcement %q: use advisory, soft or hard", s)
}

// Config is the validated content of a .commshield.yaml.
type Config struct {
	// Path is the file read, "" when no config file was found.
	Path string
	// Default is the file's top-level enforcement, "" when the file sets
	// none (each rule's own default applies then; see EnforcementOf).
	Default            Enforcement
	RuleEnforcement    map[string]Enforcement
	ControlEnforcement map[string]Enforcement
	Engine             rules.Options
}

// configFile is the YAML shape. Field comments document the file format;
// schema.md shows an example.
type configFile struct {
	// Version of the config format; 1 (the default) is the only one.
	Version int `yaml:"version"`
	// Enforcement is the default level: advisory, soft or hard.
	Enforcement string `yaml:"enforcement"`
	// Params set parameters by name for every rule declaring them.
	Params map[string]yaml.Node `yaml:"params"`
	// ProvidedElsewhere names account baselines managed outside these plans.
	ProvidedElsewhere []string `yaml:"provided_elsewhere"`
	// DisabledRules are not run.
	DisabledRules []string                 `yaml:"disabled_rules"`
	Rules         map[string]ruleConfig    `yaml:"rules"`
	Controls      map[string]controlConfig `yaml:"controls"`
}

type ruleConfig struct {
	Enforcement string               `yaml:"enforcement"`
	Disabled    bool                 `yaml:"disabled"`
	Params      map[string]yaml.Node `yaml:"params"`
}

type controlConfig struct {
	Enforcement string `yaml:"enforcement"`
}

// InputError is bad user input (config, waivers, baseline, plan, flags): the
// CLI prints it and exits 2.
type InputError struct {
	// File is the file at fault, "" for flags.
	File string
	// Line is 1-based, 0 when unknown.
	Line int
	Msg  string
}

func (e *InputError) Error() string {
	switch {
	case e.File != "" && e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	case e.File != "":
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return e.Msg
}

func inputErrorf(file string, line int, format string, args ...any) *InputError {
	return &InputError{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// findConfig returns the config path to use: explicit, else
// .commshield.yaml in dir candidates, else "".
func findConfig(explicit string, dirs []string) (string, error) {
	if explicit != "" {
		if _, err := os.Stat(explicit); err != nil {
			return "", inputErrorf(explicit, 0, "cannot read the config file: %v; fix the --config path", errors.Unwrap(err))
		}
		return explicit, nil
	}
	for _, d := range dirs {
		p := filepath.Join(d, ConfigFileName)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", nil
}

// LoadConfig reads and validates a config file against the rule set. An
// empty path gives the defaults.
func LoadConfig(path string, all []*rules.Rule, catalog *controls.Catalog) (*Config, error) {
	cfg := &Config{Path: path, RuleEnforcement: map[string]Enforcement{}, ControlEnforcement: map[string]Enforcement{}}
	if path == "" {
		return cfg, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, inputErrorf(path, 0, "cannot read the config file: %v", err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(path, err, "fix the YAML syntax")
	}
	var raw configFile
	if len(bytes.TrimSpace(data)) > 0 {
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&raw); err != nil && !errors.Is(err, io.EOF) {
			return nil, yamlError(path, err, "see internal/check/schema.md for the config format")
		}
	}
	lineOf := func(keys ...string) int { return nodeLine(&root, keys...) }

	if raw.Version != 0 && raw.Version != 1 {
		return nil, inputErrorf(path, lineOf("version"), "version %d is not supported: this commshield reads version 1", raw.Version)
	}
	if raw.Enforcement != "" {
		if cfg.Default, err = parseEnforcement(raw.Enforcement); err != nil {
			return nil, inputErrorf(path, lineOf("enforcement"), "%v", err)
		}
	}
	byID := map[string]*rules.Rule{}
	declared := map[string]rules.Param{}
	for _, r := range all {
		byID[r.ID] = r
		for _, p := range r.Params {
			declared[p.Name] = p
		}
	}
	cfg.Engine.Params = map[string]any{}
	for _, name := range sortedKeys(raw.Params) {
		node := raw.Params[name]
		decl, ok := declared[name]
		if !ok {
			return nil, inputErrorf(path, node.Line, "params.%s: no rule has this parameter; see `check --explain RULE` for each rule's parameters", name)
		}
		v, err := decodeParam(decl, &node)
		if err != nil {
			return nil, inputErrorf(path, node.Line, "params.%s: %v", name, err)
		}
		cfg.Engine.Params[name] = v
	}
	cfg.Engine.ProvidedElsewhere = map[string]bool{}
	for i, b := range raw.ProvidedElsewhere {
		if !slices.Contains(rules.Baselines, b) {
			return nil, inputErrorf(path, lineOf("provided_elsewhere"), "provided_elsewhere[%d]: unknown baseline %q; use one of %s", i, b, strings.Join(rules.Baselines, ", "))
		}
		cfg.Engine.ProvidedElsewhere[b] = true
	}
	cfg.Engine.Disabled = map[string]bool{}
	for i, id := range raw.DisabledRules {
		if byID[id] == nil {
			return nil, inputErrorf(path, lineOf("disabled_rules"), "disabled_rules[%d]: unknown rule %q; see `check --list-rules`", i, id)
		}
		cfg.Engine.Disabled[id] = true
	}
	cfg.Engine.RuleParams = map[string]map[string]any{}
	for _, id := range sortedKeys(raw.Rules) {
		rc := raw.Rules[id]
		rule := byID[id]
		if rule == nil {
			return nil, inputErrorf(path, lineOf("rules", id), "rules.%s: unknown rule; see `check --list-rules`", id)
		}
		if rc.Disabled {
			cfg.Engine.Disabled[id] = true
		}
		if rc.Enforcement != "" {
			e, err := parseEnforcement(rc.Enforcement)
			if err != nil {
				return nil, inputErrorf(path, lineOf("rules", id, "enforcement"), "rules.%s.%v", id, err)
			}
			cfg.RuleEnforcement[id] = e
		}
		for _, name := range sortedKeys(rc.Params) {
			node := rc.Params[name]
			idx := slices.IndexFunc(rule.Params, func(p rules.Param) bool { return p.Name == name })
			if idx < 0 {
				return nil, inputErrorf(path, node.Line, "rules.%s.params.%s: the rule has no such parameter; see `check --explain %s`", id, name, id)
			}
			v, err := decodeParam(rule.Params[idx], &node)
			if err != nil {
				return nil, inputErrorf(path, node.Line, "rules.%s.params.%s: %v", id, name, err)
			}
			if cfg.Engine.RuleParams[id] == nil {
				cfg.Engine.RuleParams[id] = map[string]any{}
			}
			cfg.Engine.RuleParams[id][name] = v
		}
	}
	for _, id := range sortedKeys(raw.Controls) {
		if catalog != nil {
			if _, ok := catalog.Lookup(id); !ok {
				return nil, inputErrorf(path, lineOf("controls", id), "controls.%s: unknown control; see `check --list-controls`", id)
			}
		}
		if raw.Controls[id].Enforcement == "" {
			continue
		}
		e, err := parseEnforcement(raw.Controls[id].Enforcement)
		if err != nil {
			return nil, inputErrorf(path, lineOf("controls", id, "enforcement"), "controls.%s.%v", id, err)
		}
		cfg.ControlEnforcement[id] = e
	}
	return cfg, nil
}

// EnforcementOf is the level for a rule, first match wins: the file's
// rules.<ID>.enforcement, the strictest controls.<ID>.enforcement among the
// rule's controls, the file's top-level enforcement, the rule's own default
// (rules.Metadata.DefaultEnforcement, e.g. advisory for approval-marker
// rules), hard.
func (c *Config) EnforcementOf(r *rules.Rule) Enforcement {
	if e, ok := c.RuleEnforcement[r.ID]; ok {
		return e
	}
	var best Enforcement
	for _, ctl := range r.Controls {
		if e, ok := c.ControlEnforcement[ctl]; ok && (best == "" || e.rank() > best.rank()) {
			best = e
		}
	}
	if best != "" {
		return best
	}
	if c.Default != "" {
		return c.Default
	}
	return Enforcement(r.EffectiveDefaultEnforcement())
}

func decodeParam(decl rules.Param, node *yaml.Node) (any, error) {
	var v any
	if err := node.Decode(&v); err != nil {
		return nil, err
	}
	typed, err := rules.CoerceParam(decl, v)
	if err != nil {
		return nil, err
	}
	if decl.Check != nil {
		if err := decl.Check(typed); err != nil {
			return nil, err
		}
	}
	return typed, nil
}

// yamlError turns a yaml.v3 error ("yaml: line 3: …") into an InputError
// naming the file and line.
func yamlError(path string, err error, hint string) *InputError {
	msg := err.Error()
	line := 0
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	if strings.HasPrefix(msg, "line ") {
		rest := strings.TrimPrefix(msg, "line ")
		if n, after, ok := strings.Cut(rest, ":"); ok {
			if _, err := fmt.Sscanf(n, "%d", &line); err == nil {
				msg = strings.TrimSpace(after)
			}
		}
	}
	if m := unknownKeyPattern.FindStringSubmatch(msg); m != nil {
		msg = fmt.Sprintf("unknown key %q", m[1])
	}
	return inputErrorf(path, line, "%s; %s", msg, hint)
}

var unknownKeyPattern = regexp.MustCompile(`^field (\S+) not found in type \S+$`)

// nodeLine finds the line of a key path in a YAML document (0 if absent).
func nodeLine(n *yaml.Node, keys ...string) int {
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	for _, k := range keys {
		if n.Kind != yaml.MappingNode {
			return line
		}
		found := false
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				line = n.Content[i].Line
				n = n.Content[i+1]
				found = true
				break
			}
		}
		if !found {
			return line
		}
	}
	return line
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Package plangen scales a real plan JSON to a large synthetic plan for
// benchmarks: the template's configuration becomes a child module called
// with for_each, instantiated as many times as needed, so the result keeps
// the template's modules, count/for_each instances and references, and every
// copy resolves inside its own module instance.
package plangen

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Options tune the generated plan.
type Options struct {
	// Instances is the number of resource instances wanted (rounded up to
	// whole copies of the template).
	Instances int
	// TagsPerInstance sets the size of the tags/tags_all maps added to
	// every managed instance; real AWS plans carry ~4 KB per instance,
	// which the default (5) reproduces with the default template.
	TagsPerInstance int
}

type template struct {
	formatVersion    string
	terraformVersion string
	config           map[string]any // configuration.root_module
	planned          map[string]any // planned_values.root_module
	changes          []map[string]any
}

// Generate writes a plan with about opts.Instances resource instances built
// from the template plan JSON.
func Generate(templateJSON []byte, opts Options, w io.Writer) error {
	if opts.Instances <= 0 {
		return errors.New("plangen: Instances must be positive")
	}
	if opts.TagsPerInstance == 0 {
		opts.TagsPerInstance = 5
	}
	tpl, err := parseTemplate(templateJSON)
	if err != nil {
		return err
	}
	perCopy := len(tpl.changes)
	copies := (opts.Instances + perCopy - 1) / perCopy

	bw := bufio.NewWriterSize(w, 1<<20)
	g := &gen{w: bw, opts: opts}
	g.printf(`{"format_version":%s,"terraform_version":%s,`, quote(tpl.formatVersion), quote(tpl.terraformVersion))

	keys := make([]string, copies)
	for i := range keys {
		keys[i] = fmt.Sprintf("t%06d", i)
	}

	// variables: the for_each map of the tenant module.
	g.printf(`"variables":{"tenants":{"value":{`)
	for i, k := range keys {
		if i > 0 {
			g.printf(",")
		}
		g.printf(`%s:%s`, quote(k), quote("tenant-"+k))
	}
	g.printf(`}}},`)

	// planned_values
	g.printf(`"planned_values":{"root_module":{"child_modules":[`)
	for i, k := range keys {
		if i > 0 {
			g.printf(",")
		}
		prefix := `module.tenant["` + k + `"]`
		mod := rewriteStateModule(tpl.planned, prefix, k, g.opts.TagsPerInstance)
		mod["address"] = prefix
		g.json(mod)
	}
	g.printf(`]}},`)

	// resource_changes
	g.printf(`"resource_changes":[`)
	first := true
	for _, k := range keys {
		prefix := `module.tenant["` + k + `"]`
		for _, rc := range tpl.changes {
			if !first {
				g.printf(",")
			}
			first = false
			g.json(rewriteChange(rc, prefix, k, g.opts.TagsPerInstance))
		}
	}
	g.printf(`],`)

	// configuration: the template root becomes module "tenant".
	cfg := map[string]any{
		"root_module": map[string]any{
			"variables": map[string]any{"tenants": map[string]any{"description": "tenants to instantiate"}},
			"module_calls": map[string]any{
				"tenant": map[string]any{
					"source":              "./tenant",
					"for_each_expression": map[string]any{"references": []any{"var.tenants"}},
					"expressions":         map[string]any{},
					"module":              tpl.config,
				},
			},
		},
	}
	g.printf(`"configuration":`)
	g.json(cfg)
	g.printf("}\n")
	if g.err != nil {
		return g.err
	}
	return bw.Flush()
}

type gen struct {
	w    *bufio.Writer
	opts Options
	err  error
}

func (g *gen) printf(format string, args ...any) {
	if g.err == nil {
		_, g.err = fmt.Fprintf(g.w, format, args...)
	}
}

func (g *gen) json(v any) {
	if g.err != nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		g.err = fmt.Errorf("plangen: encoding: %w", err)
		return
	}
	_, g.err = g.w.Write(b)
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func parseTemplate(data []byte) (*template, error) {
	var raw struct {
		FormatVersion    string `json:"format_version"`
		TerraformVersion string `json:"terraform_version"`
		PlannedValues    struct {
			RootModule map[string]any `json:"root_module"`
		} `json:"planned_values"`
		ResourceChanges []map[string]any `json:"resource_changes"`
		Configuration   struct {
			RootModule map[string]any `json:"root_module"`
		} `json:"configuration"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("plangen: template: %w", err)
	}
	if len(raw.ResourceChanges) == 0 || raw.Configuration.RootModule == nil || raw.PlannedValues.RootModule == nil {
		return nil, errors.New("plangen: template needs resource_changes, planned_values and configuration")
	}
	return &template{
		formatVersion:    raw.FormatVersion,
		terraformVersion: raw.TerraformVersion,
		config:           raw.Configuration.RootModule,
		planned:          raw.PlannedValues.RootModule,
		changes:          raw.ResourceChanges,
	}, nil
}

func prefixed(prefix string, addr any) string {
	s, _ := addr.(string)
	if s == "" {
		return prefix
	}
	return prefix + "." + s
}

// rewriteStateModule deep-copies a planned_values module under prefix.
func rewriteStateModule(m map[string]any, prefix, key string, tags int) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	if addr, ok := m["address"]; ok {
		out["address"] = prefixed(prefix, addr)
	}
	if rs, ok := m["resources"].([]any); ok {
		list := make([]any, 0, len(rs))
		for _, r := range rs {
			rm, ok := r.(map[string]any)
			if !ok {
				continue
			}
			nr := make(map[string]any, len(rm))
			for k, v := range rm {
				nr[k] = v
			}
			nr["address"] = prefixed(prefix, rm["address"])
			if rm["mode"] == "managed" {
				nr["values"] = enlarge(rm["values"], key, tags)
			}
			list = append(list, nr)
		}
		out["resources"] = list
	}
	if cms, ok := m["child_modules"].([]any); ok {
		list := make([]any, 0, len(cms))
		for _, c := range cms {
			if cm, ok := c.(map[string]any); ok {
				list = append(list, rewriteStateModule(cm, prefix, key, tags))
			}
		}
		out["child_modules"] = list
	}
	return out
}

func rewriteChange(rc map[string]any, prefix, key string, tags int) map[string]any {
	out := make(map[string]any, len(rc))
	for k, v := range rc {
		out[k] = v
	}
	out["address"] = prefixed(prefix, rc["address"])
	if ma, ok := rc["module_address"].(string); ok && ma != "" {
		out["module_address"] = prefix + "." + ma
	} else {
		out["module_address"] = prefix
	}
	if ch, ok := rc["change"].(map[string]any); ok && rc["mode"] == "managed" {
		nc := make(map[string]any, len(ch))
		for k, v := range ch {
			nc[k] = v
		}
		nc["after"] = enlarge(ch["after"], key, tags)
		out["change"] = nc
	}
	return out
}

// enlarge makes a copy's values unique (bucket names and similar get the
// tenant key) and realistically large (tags, tags_all).
func enlarge(v any, key string, tags int) any {
	obj, ok := v.(map[string]any)
	if !ok {
		return v
	}
	out := make(map[string]any, len(obj)+2)
	for k, val := range obj {
		out[k] = val
	}
	for _, name := range []string{"bucket", "name", "identifier"} {
		if s, ok := obj[name].(string); ok && s != "" {
			out[name] = s + "-" + key
		}
	}
	t := make(map[string]any, tags)
	for i := 0; i < tags; i++ {
		t[fmt.Sprintf("commshield:tag-%02d", i)] = fmt.Sprintf("%s-%02d-%s", key, i, strings.Repeat("v", 80))
	}
	out["tags"] = t
	out["tags_all"] = t
	return out
}

package check

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/commshield/terraform-provider-commshield/internal/plan"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Locator maps resource instances and attributes to .tf positions. It parses
// the root module in --config-dir and every local module source named in the
// plan's configuration, once, and is read-only afterwards.
type Locator struct {
	baseDir string
	// blocks maps "module path|type.name" (module path without instance
	// keys, "" for root) to the resource block.
	blocks map[string]*hclsyntax.Block
	files  map[*hclsyntax.Block]string
}

// NewLocator parses the configuration under dir for the given plans. Files
// that do not parse are an input error: positions would be wrong.
func NewLocator(dir string, plans []*plan.Plan) (*Locator, error) {
	l := &Locator{baseDir: dir, blocks: map[string]*hclsyntax.Block{}, files: map[*hclsyntax.Block]string{}}
	if _, err := os.Stat(dir); err != nil {
		return nil, inputErrorf(dir, 0, "--config-dir: %v; give the directory holding the root module's .tf files", err)
	}
	parsed := map[string]bool{}
	var walk func(modPath, fsDir string, mod *plan.ModuleConfig) error
	walk = func(modPath, fsDir string, mod *plan.ModuleConfig) error {
		key := modPath + "|" + fsDir
		if parsed[key] {
			return nil
		}
		parsed[key] = true
		if err := l.parseDir(modPath, fsDir); err != nil {
			return err
		}
		if mod == nil {
			return nil
		}
		names := make([]string, 0, len(mod.ModuleCalls))
		for n := range mod.ModuleCalls {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			call := mod.ModuleCalls[n]
			if !strings.HasPrefix(call.Source, "./") && !strings.HasPrefix(call.Source, "../") {
				continue // registry or remote sources are not on disk here
			}
			child := "module." + n
			if modPath != "" {
				child = modPath + "." + child
			}
			if err := walk(child, filepath.Join(fsDir, call.Source), call.Module); err != nil {
				return err
			}
		}
		return nil
	}
	for _, p := range plans {
		if err := walk("", dir, p.Config); err != nil {
			return nil, err
		}
	}
	return l, nil
}

func (l *Locator) parseDir(modPath, dir string) error {
	matches, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		return fmt.Errorf("listing %s: %w", dir, err)
	}
	sort.Strings(matches)
	for _, path := range matches {
		src, err := os.ReadFile(path)
		if err != nil {
			return inputErrorf(path, 0, "cannot read: %v", err)
		}
		file, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
		if diags.HasErrors() {
			d := diags[0]
			line := 0
			if d.Subject != nil {
				line = d.Subject.Start.Line
			}
			return inputErrorf(path, line, "%s: %s; fix the file or drop --config-dir", d.Summary, d.Detail)
		}
		body, ok := file.Body.(*hclsyntax.Body)
		if !ok {
			continue
		}
		for _, b := range body.Blocks {
			if b.Type != "resource" && b.Type != "data" || len(b.Labels) != 2 {
				continue
			}
			addr := b.Labels[0] + "." + b.Labels[1]
			if b.Type == "data" {
				addr = "data." + addr
			}
			l.blocks[modPath+"|"+addr] = b
			l.files[b] = l.rel(path)
		}
	}
	return nil
}

func (l *Locator) rel(path string) string { return filepath.ToSlash(filepath.Clean(path)) }

// Locate returns the position of r's block, narrowed to the attribute or
// nested block named by attribute ("ingress[1].cidr_blocks" → the second
// ingress block's cidr_blocks) when present in the source. Nil when unknown.
func (l *Locator) Locate(r *plan.Resource, attribute string) *Location {
	if l == nil || r == nil || r.Config == nil {
		return nil
	}
	modPath := ""
	if r.Config.Module != nil {
		modPath = r.Config.Module.Path
	}
	b := l.blocks[modPath+"|"+r.Config.Address]
	if b == nil {
		return nil
	}
	rng := b.DefRange()
	body := b.Body
	for _, step := range splitAttribute(attribute) {
		if body == nil {
			break
		}
		if a, ok := body.Attributes[step.name]; ok {
			rng = a.SrcRange
			break
		}
		n := 0
		var found *hclsyntax.Block
		for _, nb := range body.Blocks {
			if nb.Type == step.name {
				if n == step.index {
					found = nb
					break
				}
				n++
			}
		}
		if found == nil {
			break
		}
		rng = found.DefRange()
		body = found.Body
	}
	return &Location{File: l.files[b], Line: rng.Start.Line, Column: rng.Start.Column, EndLine: rng.End.Line, EndColumn: rng.End.Column}
}

type attrStep struct {
	name  string
	index int
}

// splitAttribute parses "ingress[1].cidr_blocks" into steps.
func splitAttribute(attr string) []attrStep {
	var out []attrStep
	for _, part := range strings.Split(attr, ".") {
		if part == "" {
			continue
		}
		name, idx, _ := strings.Cut(part, "[")
		i := 0
		if idx != "" {
			i, _ = strconv.Atoi(strings.TrimSuffix(idx, "]"))
		}
		out = append(out, attrStep{name: name, index: i})
	}
	return out
}

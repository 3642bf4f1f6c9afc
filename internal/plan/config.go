package plan

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/zclconf/go-cty/cty"
)

// buildModuleConfig converts one configuration module (and, recursively, its
// module calls). The configuration is small compared to the values, so it is
// decoded eagerly.
func buildModuleConfig(raw *rawConfigModule, path string, parent *ModuleConfig) *ModuleConfig {
	m := &ModuleConfig{
		Path:        path,
		Parent:      parent,
		Resources:   make(map[string]*ResourceConfig, len(raw.Resources)),
		ModuleCalls: make(map[string]*ModuleCall, len(raw.ModuleCalls)),
		Outputs:     make(map[string]*Expression, len(raw.Outputs)),
		Variables:   make(map[string]VariableConfig, len(raw.Variables)),
	}
	for i := range raw.Resources {
		rr := &raw.Resources[i]
		rc := &ResourceConfig{
			Address:     rr.Address,
			Mode:        Mode(rr.Mode),
			Type:        rr.Type,
			Name:        rr.Name,
			Module:      m,
			Expressions: parseExpressionMap(rr.Expressions),
			Count:       parseExpressionOrNil(rr.CountExpression),
			ForEach:     parseExpressionOrNil(rr.ForEachExpression),
		}
		if rc.Mode == "" {
			rc.Mode = ModeManaged
		}
		if rc.Address == "" {
			rc.Address = configAddress("", rc.Mode, rc.Type, rc.Name)
		}
		m.Resources[rc.Address] = rc
	}
	for name, o := range raw.Outputs {
		e := parseExpressionOrNil(o.Expression)
		if e == nil {
			e = &Expression{}
		}
		e.Sensitive = o.Sensitive
		m.Outputs[name] = e
	}
	for name, v := range raw.Variables {
		vc := VariableConfig{Sensitive: v.Sensitive, Default: cty.NullVal(cty.DynamicPseudoType)}
		if len(v.Default) > 0 {
			if d, err := decodeJSONValue(v.Default, nil, nil); err == nil {
				vc.Default = d
			}
		}
		m.Variables[name] = vc
	}
	for name, call := range raw.ModuleCalls {
		mc := &ModuleCall{
			Name:    name,
			Source:  call.Source,
			Inputs:  parseExpressionMap(call.Expressions),
			Count:   parseExpressionOrNil(call.CountExpression),
			ForEach: parseExpressionOrNil(call.ForEachExpression),
		}
		childPath := joinModule(path, "module."+name)
		if call.Module != nil {
			mc.Module = buildModuleConfig(call.Module, childPath, m)
		} else {
			mc.Module = buildModuleConfig(&rawConfigModule{}, childPath, m)
		}
		m.ModuleCalls[name] = mc
	}
	return m
}

// lookupResource finds a resource block by its configuration address
// (module.a.module.b.aws_s3_bucket.c).
func (m *ModuleConfig) lookupResource(address string) *ResourceConfig {
	cur := m
	rest := address
	for strings.HasPrefix(rest, "module.") {
		after := rest[len("module."):]
		name, tail, ok := strings.Cut(after, ".")
		if !ok {
			return nil
		}
		call := cur.ModuleCalls[name]
		if call == nil || call.Module == nil {
			return nil
		}
		cur, rest = call.Module, tail
	}
	return cur.Resources[rest]
}

// ModuleByPath finds a module of the configuration by its path without keys
// ("" for the root).
func (m *ModuleConfig) ModuleByPath(path string) *ModuleConfig {
	cur := m
	rest := path
	for rest != "" {
		after, ok := strings.CutPrefix(rest, "module.")
		if !ok {
			return nil
		}
		name, tail, _ := strings.Cut(after, ".")
		call := cur.ModuleCalls[name]
		if call == nil {
			return nil
		}
		cur, rest = call.Module, tail
	}
	return cur
}

func parseExpressionMap(raw map[string]json.RawMessage) map[string]*Expression {
	out := make(map[string]*Expression, len(raw))
	for name, r := range raw {
		if e := parseExpressionOrNil(r); e != nil {
			out[name] = e
		}
	}
	return out
}

func parseExpressionOrNil(raw json.RawMessage) *Expression {
	if len(raw) == 0 {
		return nil
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil || v == nil {
		return nil
	}
	return expressionFrom(v)
}

// expressionFrom reads Terraform's expression representation: an object with
// constant_value and/or references, an object of nested attributes (a single
// nested block), or an array of such objects (a list or set of blocks).
func expressionFrom(v any) *Expression {
	switch t := v.(type) {
	case map[string]any:
		if isExpressionObject(t) {
			e := &Expression{}
			if cv, ok := t["constant_value"]; ok {
				e.Constant = true
				e.ConstantValue = anyToCty(cv)
			}
			if refs, ok := t["references"].([]any); ok {
				for _, r := range refs {
					if s, ok := r.(string); ok {
						e.References = append(e.References, s)
					}
				}
			}
			return e
		}
		return &Expression{Blocks: []map[string]*Expression{blockFrom(t)}}
	case []any:
		e := &Expression{}
		for _, item := range t {
			if obj, ok := item.(map[string]any); ok {
				e.Blocks = append(e.Blocks, blockFrom(obj))
			}
		}
		return e
	}
	return nil
}

func isExpressionObject(m map[string]any) bool {
	for k := range m {
		if k != "constant_value" && k != "references" {
			return false
		}
	}
	return true
}

func blockFrom(obj map[string]any) map[string]*Expression {
	block := make(map[string]*Expression, len(obj))
	for k, v := range obj {
		if e := expressionFrom(v); e != nil {
			block[k] = e
		}
	}
	return block
}

// anyToCty converts an already-decoded JSON tree (constant values of the
// configuration) to cty.
func anyToCty(v any) cty.Value {
	b, err := json.Marshal(v)
	if err != nil {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	return decodeOrNull(b, nil, nil)
}

// AllReferences lists the references of e and of its nested blocks.
func (e *Expression) AllReferences() []string {
	if e == nil {
		return nil
	}
	out := append([]string(nil), e.References...)
	for _, b := range e.Blocks {
		names := make([]string, 0, len(b))
		for n := range b {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			out = append(out, b[n].AllReferences()...)
		}
	}
	return out
}

// Attribute finds the expression of a top-level attribute or of a dotted
// path into nested blocks ("logging.target_bucket", "rule.0.apply"), nil when
// the configuration does not set it. A path without an index into a block
// list takes the first block; "rule[0].apply" is accepted as well.
func (rc *ResourceConfig) Attribute(path string) *Expression {
	if rc == nil {
		return nil
	}
	parts := strings.Split(normalizeAttributePath(path), ".")
	e := rc.Expressions[parts[0]]
	idx := 0
	for _, part := range parts[1:] {
		if e == nil || len(e.Blocks) == 0 {
			return nil
		}
		if n, ok := atoi(part); ok {
			if n >= len(e.Blocks) {
				return nil
			}
			idx = n
			continue
		}
		e = e.Blocks[idx][part]
		idx = 0
	}
	return e
}

func atoi(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// normalizeAttributePath turns `rule[0].apply` into `rule.0.apply`.
func normalizeAttributePath(path string) string {
	if !strings.ContainsAny(path, "[]") {
		return path
	}
	path = strings.ReplaceAll(path, "]", "")
	path = strings.ReplaceAll(path, "[", ".")
	return strings.ReplaceAll(path, "..", ".")
}

// References lists what the configuration of r's attribute refers to, most
// specific references only ("aws_kms_key.k.arn", not also "aws_kms_key.k"),
// without count.index/each.key. Rules use it to explain where an unknown
// value comes from. Nil when the plan has no configuration for r or the
// attribute is not set there.
func (r *Resource) References(attribute string) []string {
	if r == nil || r.Config == nil {
		return nil
	}
	refs, _ := primaryReferences(r.Config.Attribute(attribute).AllReferences())
	return refs
}

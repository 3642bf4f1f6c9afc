package plan

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"
)

// LoadError is a plan that cannot be loaded. Error() is one line naming the
// file, the problem and what to do about it.
type LoadError struct {
	File    string
	Problem string
	Hint    string
	Err     error
}

func (e *LoadError) Error() string {
	msg := e.File + ": " + e.Problem
	if e.Hint != "" {
		msg += "; " + e.Hint
	}
	return msg
}

func (e *LoadError) Unwrap() error { return e.Err }

const hintShowJSON = "create it with `terraform plan -out=plan.out && terraform show -json plan.out > plan.json`"

// LoadFile reads and loads a plan JSON file.
func LoadFile(ctx context.Context, path string) (*Plan, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &LoadError{File: path, Problem: "file not found", Hint: "pass the path of a plan JSON file; " + hintShowJSON, Err: err}
		}
		return nil, &LoadError{File: path, Problem: "cannot open file: " + err.Error(), Hint: "check the path and its permissions", Err: err}
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, &LoadError{File: path, Problem: "is a directory, not a plan JSON file", Hint: hintShowJSON}
	}
	return Load(ctx, f, path)
}

// Load reads a `terraform show -json` plan from r. source names r in error
// messages and in Plan.Source.
func Load(ctx context.Context, r io.Reader, source string) (*Plan, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, &LoadError{File: source, Problem: "cannot read input: " + err.Error(), Hint: "check that the file is readable", Err: err}
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("loading %s: %w", source, err)
	}
	return loadBytes(ctx, data, source)
}

func loadBytes(ctx context.Context, data []byte, source string) (*Plan, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &LoadError{File: source, Problem: "file is empty", Hint: hintShowJSON}
	}
	if err := checkEncoding(data, source); err != nil {
		return nil, err
	}
	// A UTF-8 byte order mark (written by some editors and Windows tools)
	// is not JSON; skip it.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	raw, err := decodePlan(data)
	if err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return nil, syntaxLoadError(data, source)
		}
		return nil, notAPlanError(data, source, err)
	}
	if err := checkIsPlan(raw, source); err != nil {
		return nil, err
	}
	if err := checkFormatVersion(raw.FormatVersion, source); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("loading %s: %w", source, err)
	}
	p, err := build(raw, source)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// decodePlan decodes the plan envelope. The envelope decoder validates the
// whole input while decoding it (envelope.go); what it declines, including
// every invalid input, goes through json.Unmarshal, which validates before
// decoding and whose errors name the offset and field.
func decodePlan(data []byte) (*rawPlan, error) {
	raw := new(rawPlan)
	if decodeEnvelope(data, raw) {
		return raw, nil
	}
	raw = new(rawPlan)
	if err := json.Unmarshal(data, raw); err != nil {
		return nil, err
	}
	return raw, nil
}

// syntaxLoadError locates the first syntax error of invalid JSON.
func syntaxLoadError(data []byte, source string) *LoadError {
	var v any
	err := json.Unmarshal(data, &v)
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		line, col := lineCol(data, syn.Offset-1)
		problem := fmt.Sprintf("invalid JSON at byte %d (line %d, column %d): %s", syn.Offset, line, col, syn.Error())
		if syn.Offset >= int64(len(bytes.TrimRightFunc(data, isSpace))) {
			problem = fmt.Sprintf("truncated JSON: input ends at byte %d (line %d) inside a value", len(data), line)
			return &LoadError{File: source, Problem: problem, Hint: "the file is incomplete; regenerate it with `terraform show -json plan.out > plan.json`", Err: err}
		}
		return &LoadError{File: source, Problem: problem, Hint: "the file is not valid JSON; " + hintShowJSON, Err: err}
	}
	if err == nil {
		err = errors.New("invalid JSON")
	}
	return &LoadError{File: source, Problem: "invalid JSON: " + err.Error(), Hint: hintShowJSON, Err: err}
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }

func lineCol(data []byte, offset int64) (line, col int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	if offset < 0 {
		offset = 0
	}
	prefix := data[:offset]
	line = bytes.Count(prefix, []byte{'\n'}) + 1
	col = int(offset) - bytes.LastIndexByte(prefix, '\n')
	return line, col
}

// notAPlanError explains valid JSON whose shape does not fit a plan, e.g. a
// top-level array or a field of the wrong type.
func notAPlanError(data []byte, source string, err error) *LoadError {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] != '{' {
		return &LoadError{File: source, Problem: "JSON is not a Terraform plan (top level is not an object)", Hint: hintShowJSON, Err: err}
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		field := typeErr.Field
		if field == "" {
			field = "(top level)"
		}
		return &LoadError{File: source,
			Problem: fmt.Sprintf("JSON is not a Terraform plan: field %q has a %s where the plan format has a %s (byte %d)", field, typeErr.Value, typeErr.Type, typeErr.Offset),
			Hint:    hintShowJSON, Err: err}
	}
	return &LoadError{File: source, Problem: "JSON is not a Terraform plan: " + err.Error(), Hint: hintShowJSON, Err: err}
}

func checkIsPlan(raw *rawPlan, source string) error {
	hasPlan := raw.PlannedValues != nil || raw.ResourceChanges != nil
	if hasPlan {
		return nil
	}
	switch {
	case raw.Values != nil:
		return &LoadError{File: source, Problem: "this is `terraform show -json` output of a state, not of a plan (it has \"values\" but no \"planned_values\" or \"resource_changes\")",
			Hint: "save a plan with `terraform plan -out=plan.out` and run `terraform show -json plan.out`"}
	case raw.Version != nil && raw.Lineage != "":
		return &LoadError{File: source, Problem: "this is a raw Terraform state file (terraform.tfstate), not a plan",
			Hint: "save a plan with `terraform plan -out=plan.out` and run `terraform show -json plan.out`"}
	case raw.FormatVersion != "" && raw.ProviderSchemas != nil:
		return &LoadError{File: source, Problem: "this is `terraform providers schema -json` output, not a plan", Hint: hintShowJSON}
	case raw.FormatVersion == "":
		return &LoadError{File: source, Problem: "JSON is not a Terraform plan (no \"format_version\", \"planned_values\" or \"resource_changes\")", Hint: hintShowJSON}
	}
	// A plan that changes nothing in an empty configuration still has
	// format_version; accept it as an empty plan.
	return nil
}

// checkFormatVersion accepts every 0.x and 1.x format: Terraform promises
// that minor versions only add fields.
func checkFormatVersion(v, source string) error {
	if v == "" {
		return nil
	}
	majorStr, _, _ := strings.Cut(v, ".")
	major, err := strconv.Atoi(majorStr)
	if err != nil {
		return &LoadError{File: source, Problem: fmt.Sprintf("unrecognised format_version %q", v), Hint: "expected a version such as \"1.2\"; " + hintShowJSON}
	}
	if major >= 2 {
		return &LoadError{File: source, Problem: fmt.Sprintf("unsupported plan format_version %q (this tool reads 0.x and 1.x)", v),
			Hint: "upgrade commshield, or produce the plan with a Terraform/OpenTofu version that writes format 1.x"}
	}
	return nil
}

// build turns the decoded JSON into the model.
func build(raw *rawPlan, source string) (*Plan, error) {
	p := &Plan{
		Source:           source,
		FormatVersion:    raw.FormatVersion,
		TerraformVersion: raw.TerraformVersion,
		Errored:          raw.Errored,
	}
	if raw.Configuration != nil && raw.Configuration.RootModule != nil {
		p.Config = buildModuleConfig(raw.Configuration.RootModule, "", nil)
	}

	byAddr := make(map[string]*Resource, len(raw.ResourceChanges))
	var deposed []*Resource

	for i := range raw.ResourceChanges {
		rc := &raw.ResourceChanges[i]
		r := newResource(rc.Address, rc.ModuleAddress, rc.Mode, rc.Type, rc.Name, rc.Index, rc.ProviderName)
		if r == nil {
			continue
		}
		r.Action, r.ReplaceOrder = normaliseActions(rc.Change.Actions)
		r.ActionReason = rc.ActionReason
		r.PreviousAddress = rc.PreviousAddress
		r.Importing = len(rc.Change.Importing) > 0 && !bytes.Equal(rc.Change.Importing, []byte("null"))
		r.ReplacePaths = decodeReplacePaths(rc.Change.ReplacePaths)
		r.values = &resourceValues{
			before:          rc.Change.Before,
			after:           rc.Change.After,
			afterUnknown:    rc.Change.AfterUnknown,
			beforeSensitive: rc.Change.BeforeSensitive,
			afterSensitive:  rc.Change.AfterSensitive,
			hasChange:       true,
		}
		if rc.Deposed != "" {
			r.Deposed = rc.Deposed
			deposed = append(deposed, r)
			continue
		}
		if _, dup := byAddr[r.Address]; dup {
			continue
		}
		byAddr[r.Address] = r
	}

	if raw.PlannedValues != nil {
		walkStateModule(raw.PlannedValues.RootModule, func(sr *rawStateResource) {
			if r, ok := byAddr[sr.Address]; ok {
				if r.values.after == nil && r.values.hasChange {
					// Very old plans sometimes leave change.after out.
					r.values.after = sr.Values
					r.values.afterSensitive = sr.SensitiveValues
				}
				return
			}
			r := newResource(sr.Address, "", sr.Mode, sr.Type, sr.Name, sr.Index, sr.ProviderName)
			if r == nil {
				return
			}
			r.Action = ActionNoop
			r.values = &resourceValues{after: sr.Values, afterSensitive: sr.SensitiveValues}
			byAddr[r.Address] = r
		})
	}

	if raw.PriorState != nil && raw.PriorState.Values != nil {
		walkStateModule(raw.PriorState.Values.RootModule, func(sr *rawStateResource) {
			if r, ok := byAddr[sr.Address]; ok {
				if r.values.before == nil {
					r.values.before = sr.Values
					r.values.beforeSensitive = sr.SensitiveValues
				}
				r.values.prior = sr.Values
				r.values.priorSensitive = sr.SensitiveValues
				return
			}
			// In prior state only: an instance the plan neither shows nor
			// changes, e.g. a data source read during refresh.
			r := newResource(sr.Address, "", sr.Mode, sr.Type, sr.Name, sr.Index, sr.ProviderName)
			if r == nil {
				return
			}
			r.Action = ActionNoop
			r.values = &resourceValues{before: sr.Values, beforeSensitive: sr.SensitiveValues, after: sr.Values, afterSensitive: sr.SensitiveValues,
				prior: sr.Values, priorSensitive: sr.SensitiveValues}
			byAddr[r.Address] = r
		})
	}

	for i := range raw.ResourceDrift {
		rc := &raw.ResourceDrift[i]
		if rc.Deposed != "" {
			continue
		}
		drift := &rawDrift{change: rc.Change}
		drift.action, _ = normaliseActions(rc.Change.Actions)
		r, ok := byAddr[rc.Address]
		if !ok {
			r = newResource(rc.Address, rc.ModuleAddress, rc.Mode, rc.Type, rc.Name, rc.Index, rc.ProviderName)
			if r == nil {
				continue
			}
			r.Action = ActionNoop
			r.values = &resourceValues{before: rc.Change.After, after: rc.Change.After, beforeSensitive: rc.Change.AfterSensitive, afterSensitive: rc.Change.AfterSensitive}
			byAddr[r.Address] = r
		}
		r.values.drift = drift
	}

	p.Resources = make([]*Resource, 0, len(byAddr)+len(deposed))
	for _, r := range byAddr {
		p.Resources = append(p.Resources, r)
	}
	p.Resources = append(p.Resources, deposed...)
	types := newTypeCache()
	for _, r := range p.Resources {
		if r.values != nil {
			r.values.types = types
		}
	}
	sort.Slice(p.Resources, func(i, j int) bool {
		a, b := p.Resources[i], p.Resources[j]
		if a.Address != b.Address {
			return a.Address < b.Address
		}
		return a.Deposed < b.Deposed
	})

	// compactValues (a copy of every kept value) touches only the
	// instances' raw values, which nothing below reads: it runs beside
	// the configuration links, the variables and the index.
	compacted := make(chan struct{})
	go func() {
		defer close(compacted)
		compactValues(p.Resources)
	}()
	defer func() { <-compacted }()

	if p.Config != nil {
		for _, r := range p.Resources {
			r.Config = p.Config.lookupResource(r.ConfigAddress)
		}
	}

	p.Variables = make(map[string]cty.Value, len(raw.Variables))
	for name, v := range raw.Variables {
		// Decoded strings share the bytes they are decoded from; a copy
		// keeps the variable from pinning the whole input in memory.
		val, err := decodeJSONValue(bytes.Clone(v.Value), nil, nil)
		if err != nil {
			return nil, &LoadError{File: source, Problem: fmt.Sprintf("variable %q: %v", name, err), Hint: hintShowJSON, Err: err}
		}
		if p.Config != nil {
			if vc, ok := p.Config.Variables[name]; ok && vc.Sensitive {
				val = val.Mark(SensitiveMark)
			}
		}
		p.Variables[name] = val
	}

	p.index = newPlanIndex(p)
	return p, nil
}

// compactValues copies the raw JSON the instances keep into one buffer of
// their own, so that the input (which also holds planned_values, the
// configuration and everything else the model has already decoded) can be
// freed once Load returns: on a generated 15k-instance plan this drops the
// resident file from 55 MB to the 30 MB of values the rules may still
// decode. Slices shared between fields (before and prior, or the planned
// and the state value) stay shared; build only ever shares a slice between
// fields of one instance, so sharing is looked for there, not plan-wide.
func compactValues(resources []*Resource) {
	fieldsOf := func(v *resourceValues, fs []*[]byte) []*[]byte {
		fs = append(fs[:0], &v.before, &v.after, &v.afterUnknown, &v.beforeSensitive, &v.afterSensitive, &v.prior, &v.priorSensitive)
		if v.drift != nil {
			c := &v.drift.change
			fs = append(fs, (*[]byte)(&c.Before), (*[]byte)(&c.After), (*[]byte)(&c.AfterUnknown), (*[]byte)(&c.BeforeSensitive), (*[]byte)(&c.AfterSensitive))
		}
		return fs
	}
	// sharedWith is the index of an earlier slice in fields that is the
	// same slice as fields[i], or -1.
	sharedWith := func(fields [][]byte, i int) int {
		f := fields[i]
		for j := range i {
			if g := fields[j]; len(g) == len(f) && &g[0] == &f[0] {
				return j
			}
		}
		return -1
	}
	var fs []*[]byte
	var originals [][]byte
	snapshot := func(v *resourceValues) {
		fs = fieldsOf(v, fs)
		originals = originals[:0]
		for _, f := range fs {
			originals = append(originals, *f)
		}
	}
	total := 0
	for _, r := range resources {
		if r.values == nil {
			continue
		}
		snapshot(r.values)
		for i, f := range originals {
			if len(f) > 0 && sharedWith(originals, i) < 0 {
				total += len(f)
			}
		}
	}
	arena := make([]byte, 0, total)
	for _, r := range resources {
		if r.values == nil {
			continue
		}
		snapshot(r.values)
		for i, f := range originals {
			if len(f) == 0 {
				continue
			}
			if j := sharedWith(originals, i); j >= 0 {
				*fs[i] = *fs[j] // already copied
				continue
			}
			start := len(arena)
			arena = append(arena, f...)
			*fs[i] = arena[start:len(arena):len(arena)]
		}
	}
}

// newResource builds the address fields of an instance. It returns nil for an
// entry too malformed to address (no address at all).
func newResource(address, moduleAddress, mode, typ, name string, index json.RawMessage, provider string) *Resource {
	if address == "" {
		return nil
	}
	r := &Resource{Address: address, Mode: Mode(mode), Type: typ, Name: name, ProviderName: provider}
	if r.Mode == "" {
		r.Mode = ModeManaged
	}
	parsed, err := parseAddress(address)
	if err == nil {
		r.ModuleAddress = parsed.moduleAddress()
		r.Key = parsed.key
		if r.Type == "" {
			r.Type = parsed.typ
		}
		if r.Name == "" {
			r.Name = parsed.name
		}
		if parsed.mode != "" && mode == "" {
			r.Mode = parsed.mode
		}
	} else if moduleAddress != "" {
		r.ModuleAddress = moduleAddress
	}
	if r.Key == nil && len(index) > 0 {
		r.Key = decodeIndex(index)
	}
	r.ConfigAddress = configAddress(r.ModuleAddress, r.Mode, r.Type, r.Name)
	return r
}

func decodeIndex(index json.RawMessage) InstanceKey {
	var k any
	if err := json.Unmarshal(index, &k); err != nil {
		return nil
	}
	switch v := k.(type) {
	case float64:
		return int(v)
	case string:
		return v
	}
	return nil
}

// configAddress strips instance keys: module.a["x"].module.b[0] + aws_s3_bucket.c
// becomes module.a.module.b.aws_s3_bucket.c.
func configAddress(moduleAddress string, mode Mode, typ, name string) string {
	local := typ + "." + name
	if mode == ModeData {
		local = "data." + local
	}
	mod := stripModuleKeys(moduleAddress)
	if mod == "" {
		return local
	}
	return mod + "." + local
}

func stripModuleKeys(moduleAddress string) string {
	if moduleAddress == "" {
		return ""
	}
	segs, err := parseModuleAddress(moduleAddress)
	if err != nil {
		return moduleAddress
	}
	parts := make([]string, 0, len(segs))
	for _, s := range segs {
		parts = append(parts, "module."+s.name)
	}
	return strings.Join(parts, ".")
}

// normaliseActions maps Terraform's action list to one Action and, for a
// replacement, the order ("delete_then_create" or "create_then_delete").
func normaliseActions(actions []string) (Action, string) {
	switch len(actions) {
	case 0:
		return ActionNoop, ""
	case 1:
		switch actions[0] {
		case "create":
			return ActionCreate, ""
		case "update":
			return ActionUpdate, ""
		case "delete":
			return ActionDelete, ""
		case "read":
			return ActionRead, ""
		case "no-op":
			return ActionNoop, ""
		case "forget":
			return ActionForget, ""
		}
		return Action(actions[0]), ""
	case 2:
		if actions[0] == "delete" && actions[1] == "create" {
			return ActionReplace, ReplaceDeleteThenCreate
		}
		if actions[0] == "create" && actions[1] == "delete" {
			return ActionReplace, ReplaceCreateThenDelete
		}
		if actions[0] == "create" && actions[1] == "forget" {
			// OpenTofu/Terraform 1.7+: replace whose old object is forgotten.
			return ActionReplace, ReplaceCreateThenForget
		}
	}
	return Action(strings.Join(actions, ",")), ""
}

// Replacement orders kept in Resource.ReplaceOrder.
const (
	ReplaceDeleteThenCreate = "delete_then_create"
	ReplaceCreateThenDelete = "create_then_delete"
	ReplaceCreateThenForget = "create_then_forget"
)

func walkStateModule(m *rawStateModule, fn func(*rawStateResource)) {
	if m == nil {
		return
	}
	for i := range m.Resources {
		fn(&m.Resources[i])
	}
	for i := range m.ChildModules {
		walkStateModule(&m.ChildModules[i], fn)
	}
}

func decodeReplacePaths(raw json.RawMessage) [][]any {
	if len(raw) == 0 {
		return nil
	}
	var paths [][]any
	if err := json.Unmarshal(raw, &paths); err != nil {
		return nil
	}
	for _, p := range paths {
		for i, step := range p {
			if f, ok := step.(float64); ok {
				p[i] = int(f)
			}
		}
	}
	return paths
}

// readAll reads r into a buffer sized from the file size when r is a file,
// so a large plan is not copied through io.ReadAll's growing buffers (which
// would double peak memory).
func readAll(r io.Reader) ([]byte, error) {
	if f, ok := r.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() > 0 {
			buf := bytes.NewBuffer(make([]byte, 0, st.Size()+bytes.MinRead))
			_, err := buf.ReadFrom(f)
			return buf.Bytes(), err
		}
	}
	return io.ReadAll(r)
}

// checkEncoding recognises inputs that are plans in the wrong form: the
// binary plan file itself, and UTF-16 JSON as written by Windows PowerShell's
// `>` redirection.
func checkEncoding(data []byte, source string) error {
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return &LoadError{File: source, Problem: "this is a binary plan file (terraform plan -out), not plan JSON",
			Hint: "convert it with `terraform show -json " + source + " > plan.json` and pass plan.json"}
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		return &LoadError{File: source, Problem: "file is UTF-16 encoded (Windows PowerShell `>` writes UTF-16)",
			Hint: "write it as UTF-8: `terraform show -json plan.out | Out-File -Encoding utf8 plan.json`"}
	}
	return nil
}

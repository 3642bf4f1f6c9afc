package plan

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/zclconf/go-cty/cty"
)

// resourceValues holds an instance's raw JSON values and their lazily decoded
// cty form. The raw slices are never modified after load; decoding happens at
// most once per instance (sync.Once), so concurrent rules share the result.
type resourceValues struct {
	before, after                   []byte
	afterUnknown                    []byte
	beforeSensitive, afterSensitive []byte
	prior, priorSensitive           []byte
	// hasChange is true when the instance came from resource_changes.
	hasChange bool
	drift     *rawDrift

	// types is the plan's shared cache of object and tuple types.
	types *typeCache

	once            sync.Once
	beforeV, afterV cty.Value

	driftOnce sync.Once
	driftV    *Drift
}

type rawDrift struct {
	action Action
	change rawChange
}

func (v *resourceValues) decode() {
	v.once.Do(func() {
		v.beforeV = decodeOrNullTyped(v.before, nil, v.beforeSensitive, v.types)
		v.afterV = decodeOrNullTyped(v.after, v.afterUnknown, v.afterSensitive, v.types)
	})
}

// decodeOrNull never fails: values were validated as JSON at load, so an
// error here can only come from an overlay of an unexpected shape, which is
// then ignored rather than hiding the value.
func decodeOrNull(raw, unknown, sensitive []byte) cty.Value {
	return decodeOrNullTyped(raw, unknown, sensitive, nil)
}

// decodeOrNullTyped is decodeOrNull sharing object and tuple types through
// types (nil: every value gets its own types).
func decodeOrNullTyped(raw, unknown, sensitive []byte, types *typeCache) cty.Value {
	val, err := decodeJSONValueTyped(raw, unknown, sensitive, types)
	if err != nil {
		val, err = decodeJSONValueTyped(raw, nil, nil, types)
		if err != nil {
			return cty.NullVal(cty.DynamicPseudoType)
		}
	}
	return val
}

// After is the planned value: cty.DynamicVal on paths known only after apply,
// null for a deleted instance. Sensitive paths carry SensitiveMark.
func (r *Resource) After() cty.Value {
	if r.values == nil {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	r.values.decode()
	return r.values.afterV
}

// MayBeSensitive reports whether Before or After can carry SensitiveMark.
// Marks come only from the plan's sensitive overlays, which mark a path with
// `true`; an overlay without that word marks nothing, so false is certain
// and costs no decoding (most instances have no sensitive value).
func (r *Resource) MayBeSensitive() bool {
	if r.values == nil {
		return false
	}
	t := []byte("true")
	return bytes.Contains(r.values.beforeSensitive, t) || bytes.Contains(r.values.afterSensitive, t)
}

// Before is the value before the change (null for a create).
func (r *Resource) Before() cty.Value {
	if r.values == nil {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	r.values.decode()
	return r.values.beforeV
}

// Value is the value a rule judges: After, or Before for an instance that
// will not exist after apply.
func (r *Resource) Value() cty.Value {
	if r.Deleted() {
		return r.Before()
	}
	return r.After()
}

// Drift is what changed outside Terraform, nil when the plan records none.
func (r *Resource) Drift() *Drift {
	if r.values == nil || r.values.drift == nil {
		return nil
	}
	r.values.driftOnce.Do(func() {
		d := r.values.drift
		r.values.driftV = &Drift{
			Action: d.action,
			Before: decodeOrNullTyped(d.change.Before, nil, d.change.BeforeSensitive, r.values.types),
			After:  decodeOrNullTyped(d.change.After, d.change.AfterUnknown, d.change.AfterSensitive, r.values.types),
		}
	})
	return r.values.driftV
}

// decodeJSONValue converts JSON to cty: object→object, array→tuple,
// null→cty.NullVal(cty.DynamicPseudoType). unknown and sensitive are the
// after_unknown / *_sensitive overlays of the same shape (true marks a whole
// subtree).
func decodeJSONValue(raw, unknown, sensitive []byte) (cty.Value, error) {
	return decodeJSONValueTyped(raw, unknown, sensitive, nil)
}

func decodeJSONValueTyped(raw, unknown, sensitive []byte, types *typeCache) (cty.Value, error) {
	// Overlays mark paths with true; one without that word marks nothing
	// (most sensitive overlays, and unknown overlays of values known at
	// plan time), so parsing and walking it is skipped. The exception is a
	// non-empty unknown overlay of a null value, which makes it unknown.
	if !bytes.Contains(sensitive, []byte("true")) {
		sensitive = nil
	}
	if !bytes.Contains(unknown, []byte("true")) && !isNullJSON(raw) {
		unknown = nil
	}
	var unk, sens any
	if len(unknown) > 0 {
		u, err := parseAny(unknown)
		if err != nil {
			return cty.NilVal, fmt.Errorf("after_unknown: %w", err)
		}
		unk = u
	}
	if len(sensitive) > 0 {
		s, err := parseAny(sensitive)
		if err != nil {
			return cty.NilVal, fmt.Errorf("sensitive values: %w", err)
		}
		sens = s
	}
	var val cty.Value
	if len(raw) == 0 {
		val = cty.NullVal(cty.DynamicPseudoType)
	} else {
		d := types.decoder()
		d.data = raw
		if ctyValueLayoutOK {
			d.types = types
		}
		v, err := d.value(unk)
		types.release(d)
		if err != nil {
			return cty.NilVal, err
		}
		val = v
	}
	if unk == true {
		val = cty.DynamicVal
	} else if um, ok := unk.(map[string]any); ok && val.IsNull() && len(um) > 0 {
		// A null object whose parts are unknown: the object itself is known
		// only after apply.
		val = cty.DynamicVal
	}
	return applySensitive(val, sens), nil
}

// isNullJSON reports whether raw is absent or the JSON null.
func isNullJSON(raw []byte) bool {
	t := bytes.TrimSpace(raw)
	return len(t) == 0 || string(t) == "null"
}

// applySensitive marks the paths that the overlay sets to true.
func applySensitive(val cty.Value, sens any) cty.Value {
	switch s := sens.(type) {
	case bool:
		if s {
			return val.Mark(SensitiveMark)
		}
		return val
	case map[string]any:
		if !val.IsKnown() || val.IsNull() || !val.Type().IsObjectType() {
			return val
		}
		attrs := val.AsValueMap()
		changed := false
		for k, sub := range s {
			if a, ok := attrs[k]; ok {
				if marked := applySensitive(a, sub); !marked.RawEquals(a) {
					attrs[k] = marked
					changed = true
				}
			}
		}
		if !changed {
			return val
		}
		return cty.ObjectVal(attrs)
	case []any:
		if !val.IsKnown() || val.IsNull() || !val.Type().IsTupleType() {
			return val
		}
		elems := val.AsValueSlice()
		changed := false
		for i, sub := range s {
			if i < len(elems) {
				if marked := applySensitive(elems[i], sub); !marked.RawEquals(elems[i]) {
					elems[i] = marked
					changed = true
				}
			}
		}
		if !changed {
			return val
		}
		return cty.TupleVal(elems)
	}
	return val
}

// jsonDecoder is a minimal recursive-descent reader for JSON that has already
// been validated (json.Valid at load). It builds cty values directly, without
// an intermediate map[string]any tree, and applies the unknown overlay while
// it goes.
type jsonDecoder struct {
	data []byte
	pos  int

	// types, when set, shares object and tuple types (ctytypes.go); lastID
	// is the type id of the value just decoded, and keys, vals, ids and sig
	// are stacks and scratch space reused by nested objects and arrays.
	types  *typeCache
	lastID uint64
	keys   []string
	vals   []cty.Value
	ids    []uint64
	sig    []byte
}

func (d *jsonDecoder) skipSpace() {
	d.pos = skipJSONSpace(d.data, d.pos)
}

func (d *jsonDecoder) errorf(format string, args ...any) error {
	return fmt.Errorf("invalid JSON value at byte %d: %s", d.pos, fmt.Sprintf(format, args...))
}

func (d *jsonDecoder) value(unk any) (cty.Value, error) {
	d.skipSpace()
	if d.pos >= len(d.data) {
		return cty.NilVal, d.errorf("unexpected end")
	}
	if unk == true {
		if err := d.skip(); err != nil {
			return cty.NilVal, err
		}
		d.lastID = typeIDDynamic
		return cty.DynamicVal, nil
	}
	switch c := d.data[d.pos]; {
	case c == '{':
		um, _ := unk.(map[string]any)
		return d.object(um)
	case c == '[':
		ul, _ := unk.([]any)
		return d.array(ul)
	case c == '"':
		s, err := d.str()
		if err != nil {
			return cty.NilVal, err
		}
		d.lastID = typeIDString
		return cty.StringVal(s), nil
	case c == 't':
		d.lastID = typeIDBool
		return d.literal("true", cty.True)
	case c == 'f':
		d.lastID = typeIDBool
		return d.literal("false", cty.False)
	case c == 'n':
		d.lastID = typeIDDynamic
		return d.literal("null", cty.NullVal(cty.DynamicPseudoType))
	case c == '-' || (c >= '0' && c <= '9'):
		d.lastID = typeIDNumber
		return d.number()
	default:
		return cty.NilVal, d.errorf("unexpected character %q", c)
	}
}

func (d *jsonDecoder) literal(word string, v cty.Value) (cty.Value, error) {
	if d.pos+len(word) > len(d.data) || string(d.data[d.pos:d.pos+len(word)]) != word {
		return cty.NilVal, d.errorf("expected %s", word)
	}
	d.pos += len(word)
	return v, nil
}

func (d *jsonDecoder) number() (cty.Value, error) {
	start := d.pos
	for d.pos < len(d.data) {
		c := d.data[d.pos]
		if (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' {
			d.pos++
			continue
		}
		break
	}
	text := string(d.data[start:d.pos])
	if i, err := strconv.ParseInt(text, 10, 64); err == nil {
		return cty.NumberIntVal(i), nil
	}
	f, _, err := big.ParseFloat(text, 10, 512, big.ToNearestEven)
	if err != nil {
		return cty.NilVal, d.errorf("bad number %q", text)
	}
	return cty.NumberVal(f), nil
}

// str reads a JSON string; only strings with escapes go through the
// standard library.
func (d *jsonDecoder) str() (string, error) {
	start := d.pos
	d.pos++ // opening quote
	escaped := false
	for d.pos < len(d.data) {
		c := d.data[d.pos]
		switch c {
		case '\\':
			escaped = true
			d.pos += 2
			continue
		case '"':
			d.pos++
			if !escaped {
				s := d.data[start+1 : d.pos-1]
				if len(s) == 0 {
					return "", nil
				}
				if utf8.Valid(s) {
					// The input buffer is owned by the plan and never
					// modified after load, so strings may share its bytes
					// instead of copying them (a sixth of the decoded
					// values' memory).
					return unsafe.String(&s[0], len(s)), nil
				}
			}
			if body := d.data[start+1 : d.pos-1]; utf8.Valid(body) {
				if s, ok := unquoteSimple(body); ok {
					return s, nil
				}
			}
			var s string
			if err := json.Unmarshal(d.data[start:d.pos], &s); err != nil {
				return "", d.errorf("bad string: %v", err)
			}
			return s, nil
		}
		d.pos++
	}
	return "", d.errorf("unterminated string")
}

func (d *jsonDecoder) expect(c byte) error {
	d.skipSpace()
	if d.pos >= len(d.data) || d.data[d.pos] != c {
		return d.errorf("expected %q", c)
	}
	d.pos++
	return nil
}

func (d *jsonDecoder) object(unk map[string]any) (cty.Value, error) {
	d.pos++ // {
	base := len(d.keys)
	defer func() {
		d.keys, d.vals, d.ids = d.keys[:base], d.vals[:base], d.ids[:base]
	}()
	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == '}' {
		d.pos++
	} else {
		for {
			d.skipSpace()
			if d.pos >= len(d.data) || d.data[d.pos] != '"' {
				return cty.NilVal, d.errorf("expected object key")
			}
			key, err := d.str()
			if err != nil {
				return cty.NilVal, err
			}
			if err := d.expect(':'); err != nil {
				return cty.NilVal, err
			}
			var sub any
			if unk != nil {
				sub = unk[key]
			}
			v, err := d.value(sub)
			if err != nil {
				return cty.NilVal, err
			}
			d.keys = append(d.keys, normalizedKey(key))
			d.vals = append(d.vals, v)
			d.ids = append(d.ids, d.lastID)
			d.skipSpace()
			if d.pos < len(d.data) && d.data[d.pos] == ',' {
				d.pos++
				continue
			}
			if err := d.expect('}'); err != nil {
				return cty.NilVal, err
			}
			break
		}
	}
	// Terraform leaves attributes that are unknown out of "after"; the
	// overlay says they exist.
	fromJSON := len(d.keys)
	for key, u := range unk {
		at := -1
		for i := base; i < len(d.keys); i++ {
			if d.keys[i] == key {
				at = i // the last of duplicate keys wins, as in a map
			}
		}
		switch {
		case u == true && at >= 0:
			d.vals[at], d.ids[at] = cty.DynamicVal, typeIDDynamic
		case u == true || (at < 0 && hasUnknown(u)):
			d.keys = append(d.keys, normalizedKey(key))
			d.vals = append(d.vals, cty.DynamicVal)
			d.ids = append(d.ids, typeIDDynamic)
		}
	}
	// Added in map order, which varies; sorted, one shape has one signature.
	slices.Sort(d.keys[fromJSON:])
	keys, vals, ids := d.keys[base:], d.vals[base:], d.ids[base:]
	if len(keys) == 0 {
		d.lastID = typeIDEmptyObject
		return cty.EmptyObjectVal, nil
	}
	d.lastID = noTypeID
	if d.types == nil || slices.Contains(ids, noTypeID) {
		attrs := make(map[string]cty.Value, len(keys))
		for i, k := range keys {
			attrs[k] = vals[i]
		}
		return cty.ObjectVal(attrs), nil
	}
	d.sig = append(d.sig[:0], 'O')
	for i, k := range keys {
		d.sig = binary.AppendUvarint(d.sig, uint64(len(k)))
		d.sig = append(d.sig, k...)
		d.sig = binary.AppendUvarint(d.sig, ids[i])
	}
	t := d.types.lookup(d.sig, func() cty.Type {
		attrTypes := make(map[string]cty.Type, len(keys))
		for i, k := range keys {
			attrTypes[k] = vals[i].Type()
		}
		return cty.Object(attrTypes)
	})
	raw := make(map[string]any, len(keys))
	for i, k := range keys {
		raw[k] = rawOf(vals[i])
	}
	d.lastID = t.id
	return valueOf(t.ty, raw), nil
}

// normalizedKey is the attribute name as cty.ObjectVal would store it
// (NFC); ASCII names, nearly all of them, are already normalized.
func normalizedKey(key string) string {
	for i := 0; i < len(key); i++ {
		if key[i] >= utf8.RuneSelf {
			return cty.NormalizeString(key)
		}
	}
	return key
}

func hasUnknown(u any) bool {
	switch t := u.(type) {
	case bool:
		return t
	case map[string]any:
		for _, v := range t {
			if hasUnknown(v) {
				return true
			}
		}
	case []any:
		for _, v := range t {
			if hasUnknown(v) {
				return true
			}
		}
	}
	return false
}

func (d *jsonDecoder) array(unk []any) (cty.Value, error) {
	d.pos++ // [
	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == ']' {
		d.pos++
		d.lastID = typeIDEmptyTuple
		return cty.EmptyTupleVal, nil
	}
	base := len(d.vals)
	defer func() {
		d.keys, d.vals, d.ids = d.keys[:base], d.vals[:base], d.ids[:base]
	}()
	for {
		var sub any
		if n := len(d.vals) - base; n < len(unk) {
			sub = unk[n]
		}
		v, err := d.value(sub)
		if err != nil {
			return cty.NilVal, err
		}
		id := d.lastID
		if v.IsNull() && hasUnknown(sub) {
			v, id = cty.DynamicVal, typeIDDynamic
		}
		// keys stays level with vals so that both stacks share base.
		d.keys = append(d.keys, "")
		d.vals = append(d.vals, v)
		d.ids = append(d.ids, id)
		d.skipSpace()
		if d.pos < len(d.data) && d.data[d.pos] == ',' {
			d.pos++
			continue
		}
		if err := d.expect(']'); err != nil {
			return cty.NilVal, err
		}
		break
	}
	vals, ids := d.vals[base:], d.ids[base:]
	d.lastID = noTypeID
	if d.types == nil || slices.Contains(ids, noTypeID) {
		return cty.TupleVal(slices.Clone(vals)), nil
	}
	d.sig = append(d.sig[:0], 'T')
	for _, id := range ids {
		d.sig = binary.AppendUvarint(d.sig, id)
	}
	t := d.types.lookup(d.sig, func() cty.Type {
		elemTypes := make([]cty.Type, len(vals))
		for i, v := range vals {
			elemTypes[i] = v.Type()
		}
		return cty.Tuple(elemTypes)
	})
	raw := make([]any, len(vals))
	for i, v := range vals {
		raw[i] = rawOf(v)
	}
	d.lastID = t.id
	return valueOf(t.ty, raw), nil
}

// skip moves past one value without building it.
func (d *jsonDecoder) skip() error {
	d.skipSpace()
	if d.pos >= len(d.data) {
		return d.errorf("unexpected end")
	}
	switch d.data[d.pos] {
	case '"':
		_, err := d.str()
		return err
	case '{', '[':
		depth := 0
		for d.pos < len(d.data) {
			switch d.data[d.pos] {
			case '"':
				if _, err := d.str(); err != nil {
					return err
				}
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					d.pos++
					return nil
				}
			}
			d.pos++
		}
		return d.errorf("unterminated value")
	default:
		for d.pos < len(d.data) {
			switch d.data[d.pos] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return nil
			}
			d.pos++
		}
		return nil
	}
}

// parseAny decodes small JSON (overlays) into bool / map[string]any / []any,
// as json.Unmarshal into `any` would. Most created instances have an
// after_unknown overlay to parse, so the common case takes the envelope
// decoder's reader; anything it declines goes to encoding/json.
func parseAny(raw []byte) (any, error) {
	d := envelopeDecoder{data: raw}
	if v, ok := d.anyValue(); ok {
		if d.ws(); d.pos == len(raw) {
			return v, nil
		}
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	return v, nil
}

// Get walks into v: a string step is an attribute or map key, an int step a
// list/tuple index. A missing step gives a null value; a step through an
// unknown value gives cty.DynamicVal. Marks on the way are kept on the result.
// Get never panics, whatever v is (cty.NilVal included).
func Get(v cty.Value, path ...any) cty.Value {
	if v == cty.NilVal {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	for _, step := range path {
		inner, marks := v.Unmark()
		if !inner.IsKnown() {
			return cty.DynamicVal.WithMarks(marks)
		}
		if inner.IsNull() {
			return cty.NullVal(cty.DynamicPseudoType).WithMarks(marks)
		}
		next := cty.NullVal(cty.DynamicPseudoType)
		ty := inner.Type()
		switch s := step.(type) {
		case string:
			switch {
			case ty.IsObjectType():
				if ty.HasAttribute(s) {
					next = inner.GetAttr(s)
				}
			case ty.IsMapType():
				if k := cty.StringVal(s); inner.HasIndex(k).True() {
					next = inner.Index(k)
				}
			}
		case int:
			if (ty.IsTupleType() || ty.IsListType()) && s >= 0 && s < inner.LengthInt() {
				next = inner.Index(cty.NumberIntVal(int64(s)))
			}
		}
		v = next.WithMarks(marks)
	}
	return v
}

// String returns v as a Go string when it is a known, non-null string (or a
// number/bool, which Terraform would convert); sensitive marks are ignored so
// rules can judge sensitive values they must not print.
func String(v cty.Value) (string, bool) {
	v, _ = v.UnmarkDeep()
	if v == cty.NilVal || !v.IsKnown() || v.IsNull() {
		return "", false
	}
	switch v.Type() {
	case cty.String:
		return v.AsString(), true
	case cty.Number:
		return v.AsBigFloat().Text('f', -1), true
	case cty.Bool:
		if v.True() {
			return "true", true
		}
		return "false", true
	}
	return "", false
}

// Bool returns a known boolean (also from the strings "true"/"false").
func Bool(v cty.Value) (value, ok bool) {
	v, _ = v.UnmarkDeep()
	if v == cty.NilVal || !v.IsKnown() || v.IsNull() {
		return false, false
	}
	switch v.Type() {
	case cty.Bool:
		return v.True(), true
	case cty.String:
		b, err := strconv.ParseBool(v.AsString())
		return b, err == nil
	}
	return false, false
}

// Number returns a known number as float64 (also from a numeric string).
func Number(v cty.Value) (float64, bool) {
	v, _ = v.UnmarkDeep()
	if v == cty.NilVal || !v.IsKnown() || v.IsNull() {
		return 0, false
	}
	switch v.Type() {
	case cty.Number:
		f, _ := v.AsBigFloat().Float64()
		return f, true
	case cty.String:
		f, err := strconv.ParseFloat(strings.TrimSpace(v.AsString()), 64)
		return f, err == nil
	}
	return 0, false
}

// Int returns a known whole number.
func Int(v cty.Value) (int64, bool) {
	f, ok := Number(v)
	if !ok || f != float64(int64(f)) {
		return 0, false
	}
	return int64(f), true
}

// StringList returns the elements of a known list, set or tuple of strings.
// ok is false when the value or any element is unknown or not a string.
func StringList(v cty.Value) ([]string, bool) {
	v, _ = v.UnmarkDeep()
	if v == cty.NilVal || !v.IsKnown() || v.IsNull() {
		return nil, false
	}
	ty := v.Type()
	if !(ty.IsTupleType() || ty.IsListType() || ty.IsSetType()) {
		return nil, false
	}
	out := make([]string, 0, v.LengthInt())
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		s, ok := String(e)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

// IsKnown reports whether v is wholly known (no part is known only after apply).
func IsKnown(v cty.Value) bool {
	if v == cty.NilVal {
		return true
	}
	v, _ = v.UnmarkDeep()
	return v.IsWhollyKnown()
}

// IsSensitive reports whether v or any part of it is sensitive.
func IsSensitive(v cty.Value) bool {
	if v == cty.NilVal {
		return false
	}
	return v.HasMarkDeep(SensitiveMark)
}

// UnknownPaths lists the paths inside v that are known only after apply,
// formatted like attribute paths in findings ("tags.Name", "rule[0].id"); the
// empty string stands for v itself. Sorted.
func UnknownPaths(v cty.Value) []string {
	if v == cty.NilVal {
		return nil
	}
	var out []string
	var walk func(v cty.Value, path cty.Path)
	walk = func(v cty.Value, path cty.Path) {
		v, _ = v.Unmark()
		if !v.IsKnown() {
			out = append(out, FormatPath(path))
			return
		}
		if v.IsNull() {
			return
		}
		ty := v.Type()
		switch {
		case ty.IsObjectType():
			for name := range ty.AttributeTypes() {
				walk(v.GetAttr(name), path.GetAttr(name))
			}
		case ty.IsMapType():
			for it := v.ElementIterator(); it.Next(); {
				k, e := it.Element()
				walk(e, path.Index(k))
			}
		case ty.IsTupleType() || ty.IsListType():
			i := int64(0)
			for it := v.ElementIterator(); it.Next(); i++ {
				_, e := it.Element()
				walk(e, path.Index(cty.NumberIntVal(i)))
			}
		}
	}
	walk(v, nil)
	sort.Strings(out)
	return out
}

// FormatPath renders a cty.Path as `a.b[0]["k"]` (string keys of maps quoted,
// attribute names dotted).
func FormatPath(path cty.Path) string {
	var b strings.Builder
	for _, step := range path {
		switch s := step.(type) {
		case cty.GetAttrStep:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s.Name)
		case cty.IndexStep:
			k, _ := s.Key.Unmark()
			if k.Type() == cty.String {
				fmt.Fprintf(&b, "[%q]", k.AsString())
			} else if k.Type() == cty.Number {
				fmt.Fprintf(&b, "[%s]", k.AsBigFloat().Text('f', -1))
			}
		}
	}
	return b.String()
}

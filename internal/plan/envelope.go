package plan

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The plan envelope (every field of the raw* structs) is decoded by a
// hand-written single-pass reader. encoding/json's Unmarshal first scans the
// whole input to validate it and then scans it again to decode, with a
// state-machine call per byte both times; on a generated 15k-instance plan
// that was a third of a check's CPU time. envelopeDecoder validates and
// decodes in one pass with byte-table loops over strings and skipped values.
//
// Whatever it accepts, json.Unmarshal into rawPlan accepts too and decodes
// to the same structs (FuzzEnvelopeMatchesEncodingJSON). It only handles the
// common case: on anything unusual (a syntax or type error, a duplicate
// field, a key that encoding/json's case-insensitive matching could map
// onto a field, nesting beyond maxDepth, top-level null) it gives up and
// Load decodes the input with encoding/json instead, which also yields the
// existing error messages (byte offset, line and column, field) unchanged.
type envelopeDecoder struct {
	data []byte
	pos  int
	// depth of nested containers; beyond maxDepth the decoder gives up
	// rather than recurse further (encoding/json fails beyond 10000).
	depth int
}

const maxDepth = 2000

// decodeEnvelope decodes data into raw and reports whether it could.
// When it returns false raw is in an unspecified state.
func decodeEnvelope(data []byte, raw *rawPlan) bool {
	d := envelopeDecoder{data: data}
	d.ws()
	if d.peek() != '{' {
		return false
	}
	if !d.plan(raw) {
		return false
	}
	d.ws()
	return d.pos == len(d.data)
}

// strByte classifies string bytes: 0 is plain ASCII, 1 ends or escapes the
// string or is a control character (invalid unescaped), 2 is non-ASCII.
var strByte = func() (t [256]byte) {
	for c := 0; c < 0x20; c++ {
		t[c] = 1
	}
	t['"'], t['\\'] = 1, 1
	for c := 0x80; c < 0x100; c++ {
		t[c] = 2
	}
	return t
}()

func (d *envelopeDecoder) ws() {
	d.pos = skipJSONSpace(d.data, d.pos)
}

// skipJSONSpace returns the index of the first byte of data at or after i
// that is not JSON whitespace (both decoders of this package use it).
func skipJSONSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

func (d *envelopeDecoder) peek() byte {
	if d.pos < len(d.data) {
		return d.data[d.pos]
	}
	return 0
}

// consume skips whitespace and then c, reporting whether c was there.
func (d *envelopeDecoder) consume(c byte) bool {
	d.ws()
	if d.pos < len(d.data) && d.data[d.pos] == c {
		d.pos++
		return true
	}
	return false
}

// null consumes a null literal if one is next (after whitespace).
func (d *envelopeDecoder) null() bool {
	d.ws()
	return d.word("null")
}

// scanString validates the string starting at d.pos (its opening quote) and
// returns its raw contents (without quotes), whether it has escapes and
// whether it has non-ASCII bytes.
func (d *envelopeDecoder) scanString() (body []byte, escaped, nonASCII, ok bool) {
	data := d.data
	start := d.pos + 1
	i := start
	for {
		for i < len(data) && strByte[data[i]] == 0 {
			i++
		}
		if i >= len(data) {
			return nil, false, false, false
		}
		switch c := data[i]; {
		case c == '"':
			d.pos = i + 1
			return data[start:i], escaped, nonASCII, true
		case c == '\\':
			escaped = true
			if i+1 >= len(data) {
				return nil, false, false, false
			}
			switch data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(data) {
					return nil, false, false, false
				}
				for _, h := range data[i+2 : i+6] {
					if !isHex(h) {
						return nil, false, false, false
					}
				}
				i += 6
			default:
				return nil, false, false, false
			}
		case c >= 0x80:
			nonASCII = true
			i++
		default: // control character
			return nil, false, false, false
		}
	}
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

// str decodes a JSON string value as encoding/json would into a Go string.
func (d *envelopeDecoder) str() (string, bool) {
	d.ws()
	if d.peek() != '"' {
		return "", false
	}
	start := d.pos
	body, escaped, nonASCII, ok := d.scanString()
	if !ok {
		return "", false
	}
	if escaped || (nonASCII && !utf8.Valid(body)) {
		return d.unquote(start, body, nonASCII)
	}
	return string(body), true
}

// unquote decodes the string just scanned, d.data[start:d.pos] with its
// quotes and body without, when it has escapes or invalid UTF-8.
func (d *envelopeDecoder) unquote(start int, body []byte, nonASCII bool) (string, bool) {
	if !nonASCII || utf8.Valid(body) {
		if s, ok := unquoteSimple(body); ok {
			return s, true
		}
	}
	// \u escapes (surrogate pairs) and invalid UTF-8 (replaced by U+FFFD)
	// are rare; encoding/json applies its exact rules.
	var s string
	if err := json.Unmarshal(d.data[start:d.pos], &s); err != nil {
		return "", false
	}
	return s, true
}

// stringField decodes a string-typed field: null leaves it unchanged.
func (d *envelopeDecoder) stringField(dst *string) bool {
	if d.null() {
		return true
	}
	s, ok := d.str()
	*dst = s
	return ok
}

func (d *envelopeDecoder) boolField(dst *bool) bool {
	d.ws()
	switch {
	case d.word("true"):
		*dst = true
	case d.word("false"):
		*dst = false
	case d.word("null"):
	default:
		return false
	}
	return true
}

// raw validates one value and returns its bytes (a slice of the input).
func (d *envelopeDecoder) raw() ([]byte, bool) {
	d.ws()
	start := d.pos
	if !d.skip() {
		return nil, false
	}
	return d.data[start:d.pos:d.pos], true
}

// rawValueField keeps the value's bytes in place, as rawValue does.
func (d *envelopeDecoder) rawValueField(dst *rawValue) bool {
	b, ok := d.raw()
	*dst = b
	return ok
}

// rawMessageField copies the value's bytes, as json.RawMessage does, so
// that what the model keeps from it does not pin the whole input.
func (d *envelopeDecoder) rawMessageField(dst *json.RawMessage) bool {
	b, ok := d.raw()
	*dst = append(json.RawMessage(nil), b...)
	return ok
}

// skip validates one value (after whitespace) and moves past it.
func (d *envelopeDecoder) skip() bool {
	d.ws()
	if d.pos >= len(d.data) {
		return false
	}
	switch c := d.data[d.pos]; {
	case c == '"':
		_, _, _, ok := d.scanString()
		return ok
	case c == '{':
		return d.skipContainer('}')
	case c == '[':
		return d.skipContainer(']')
	case c == 't':
		return d.word("true")
	case c == 'f':
		return d.word("false")
	case c == 'n':
		return d.word("null")
	case c == '-' || (c >= '0' && c <= '9'):
		return d.number()
	}
	return false
}

func (d *envelopeDecoder) word(w string) bool {
	if d.pos+len(w) <= len(d.data) && string(d.data[d.pos:d.pos+len(w)]) == w {
		d.pos += len(w)
		return true
	}
	return false
}

// number validates a JSON number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (d *envelopeDecoder) number() bool {
	data, i := d.data, d.pos
	if i < len(data) && data[i] == '-' {
		i++
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case i < len(data) && data[i] >= '1' && data[i] <= '9':
		for i < len(data) && data[i] >= '0' && data[i] <= '9' {
			i++
		}
	default:
		return false
	}
	if i < len(data) && data[i] == '.' {
		i++
		digits := i
		for i < len(data) && data[i] >= '0' && data[i] <= '9' {
			i++
		}
		if i == digits {
			return false
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		digits := i
		for i < len(data) && data[i] >= '0' && data[i] <= '9' {
			i++
		}
		if i == digits {
			return false
		}
	}
	d.pos = i
	return true
}

// enter counts one more level of nesting; the decoder gives up on inputs
// nested deeper than maxDepth (on which encoding/json may fail).
func (d *envelopeDecoder) enter() bool {
	d.depth++
	return d.depth <= maxDepth
}

// skipContainer validates an object or array whose opening bracket is at
// d.pos.
func (d *envelopeDecoder) skipContainer(closing byte) bool {
	if !d.enter() {
		return false
	}
	d.pos++
	if d.consume(closing) {
		d.depth--
		return true
	}
	for {
		if closing == '}' {
			d.ws()
			if d.peek() != '"' {
				return false
			}
			if _, _, _, ok := d.scanString(); !ok {
				return false
			}
			if !d.consume(':') {
				return false
			}
		}
		if !d.skip() {
			return false
		}
		if more, ok := d.next(closing); !more {
			return ok
		}
	}
}

// next consumes what follows a member or element: after a comma more is
// true; after the closing bracket more is false and the container is left.
// ok is false on anything else.
func (d *envelopeDecoder) next(closing byte) (more, ok bool) {
	d.ws()
	if d.pos >= len(d.data) {
		return false, false
	}
	switch d.data[d.pos] {
	case ',':
		d.pos++
		return true, true
	case closing:
		d.pos++
		d.depth--
		return false, true
	}
	return false, false
}

// object reads an object's members, calling member for each with its key;
// member decodes the value. Keys are returned raw: a key with escapes or
// invalid UTF-8 is unescaped through encoding/json.
func (d *envelopeDecoder) object(member func(key []byte) bool) bool {
	if !d.consume('{') || !d.enter() {
		return false
	}
	if d.consume('}') {
		d.depth--
		return true
	}
	for {
		d.ws()
		if d.peek() != '"' {
			return false
		}
		start := d.pos
		key, escaped, nonASCII, ok := d.scanString()
		if !ok {
			return false
		}
		if escaped || (nonASCII && !utf8.Valid(key)) {
			s, ok := d.unquote(start, key, nonASCII)
			if !ok {
				return false
			}
			key = []byte(s)
		}
		if !d.consume(':') {
			return false
		}
		if !member(key) {
			return false
		}
		if more, ok := d.next('}'); !more {
			return ok
		}
	}
}

// structObject is object for a Go struct: each known field may appear once
// (encoding/json merges duplicates into the same field, which this decoder
// leaves to it), and an unknown key that encoding/json's case-insensitive
// matching could map onto a field also makes it give up. field returns
// the bit of a known key (0 for unknown keys) and decodes its value.
func (d *envelopeDecoder) structObject(field func(key []byte) (bit uint32, ok bool)) bool {
	var seen uint32
	return d.object(func(key []byte) bool {
		bit, ok := field(key)
		if !ok {
			return false
		}
		if bit == 0 {
			if mayFold(key) {
				return false
			}
			return d.skip()
		}
		if seen&bit != 0 {
			return false
		}
		seen |= bit
		return true
	})
}

// mayFold reports whether an unknown key could case-insensitively match a
// field name (all of which are lower-case ASCII): it has upper-case or
// non-ASCII letters (such as the Kelvin sign, which folds to k).
func mayFold(key []byte) bool {
	for _, c := range key {
		if (c >= 'A' && c <= 'Z') || c >= 0x80 {
			return true
		}
	}
	return false
}

// array reads an array's elements, calling elem for each.
func (d *envelopeDecoder) array(elem func() bool) bool {
	if !d.consume('[') || !d.enter() {
		return false
	}
	if d.consume(']') {
		d.depth--
		return true
	}
	for {
		if !elem() {
			return false
		}
		if more, ok := d.next(']'); !more {
			return ok
		}
	}
}

// sliceField decodes a JSON array into *dst as encoding/json does: null
// gives nil, [] a non-nil empty slice, and a null element its zero value.
func sliceField[T any](d *envelopeDecoder, dst *[]T, elem func(*T) bool) bool {
	if d.null() {
		*dst = nil
		return true
	}
	out := make([]T, 0)
	ok := d.array(func() bool {
		out = append(out, *new(T))
		if d.null() {
			return true
		}
		return elem(&out[len(out)-1])
	})
	*dst = out
	return ok
}

// mapField decodes a JSON object into a map: null gives nil, a null
// member the zero value, and the last of duplicate keys wins.
func mapField[T any](d *envelopeDecoder, dst *map[string]T, elem func(*T) bool) bool {
	if d.null() {
		*dst = nil
		return true
	}
	out := make(map[string]T)
	ok := d.object(func(key []byte) bool {
		var v T
		if !d.null() && !elem(&v) {
			return false
		}
		out[string(key)] = v
		return true
	})
	*dst = out
	return ok
}

// ptrField decodes an object into a newly allocated struct (null: nil).
func ptrField[T any](d *envelopeDecoder, dst **T, decode func(*T) bool) bool {
	if d.null() {
		*dst = nil
		return true
	}
	v := new(T)
	*dst = v
	return decode(v)
}

// structField decodes an object into a struct value (null: unchanged).
func structField[T any](d *envelopeDecoder, dst *T, decode func(*T) bool) bool {
	if d.null() {
		return true
	}
	return decode(dst)
}

// anyValue decodes one value as json.Unmarshal into `any` does: objects
// become map[string]any (the last of duplicate keys wins), arrays []any
// (non-nil when empty), numbers float64.
func (d *envelopeDecoder) anyValue() (any, bool) {
	d.ws()
	switch d.peek() {
	case '{':
		m := make(map[string]any)
		ok := d.object(func(key []byte) bool {
			v, ok := d.anyValue()
			m[string(key)] = v
			return ok
		})
		return m, ok
	case '[':
		l := make([]any, 0)
		ok := d.array(func() bool {
			v, ok := d.anyValue()
			l = append(l, v)
			return ok
		})
		return l, ok
	case '"':
		return d.str()
	case 't':
		return true, d.word("true")
	case 'f':
		return false, d.word("false")
	case 'n':
		return nil, d.word("null")
	}
	start := d.pos
	if !d.number() {
		return nil, false
	}
	f, err := strconv.ParseFloat(string(d.data[start:d.pos]), 64)
	return f, err == nil
}

func (d *envelopeDecoder) plan(p *rawPlan) bool {
	return d.structObject(func(key []byte) (uint32, bool) {
		switch string(key) {
		case "format_version":
			return 1 << 0, d.stringField(&p.FormatVersion)
		case "terraform_version":
			return 1 << 1, d.stringField(&p.TerraformVersion)
		case "errored":
			return 1 << 2, d.boolField(&p.Errored)
		case "variables":
			return 1 << 3, mapField(d, &p.Variables, func(v *rawVar) bool {
				return d.structObject(func(key []byte) (uint32, bool) {
					if string(key) == "value" {
						return 1, d.rawValueField(&v.Value)
					}
					return 0, true
				})
			})
		case "planned_values":
			return 1 << 4, ptrField(d, &p.PlannedValues, d.stateValues)
		case "resource_changes":
			return 1 << 5, sliceField(d, &p.ResourceChanges, d.resourceChange)
		case "resource_drift":
			return 1 << 6, sliceField(d, &p.ResourceDrift, d.resourceChange)
		case "prior_state":
			return 1 << 7, ptrField(d, &p.PriorState, func(ps *rawPriorState) bool {
				return d.structObject(func(key []byte) (uint32, bool) {
					if string(key) == "values" {
						return 1, ptrField(d, &ps.Values, d.stateValues)
					}
					return 0, true
				})
			})
		case "configuration":
			return 1 << 8, ptrField(d, &p.Configuration, func(c *rawConfiguration) bool {
				return d.structObject(func(key []byte) (uint32, bool) {
					if string(key) == "root_module" {
						return 1, ptrField(d, &c.RootModule, d.configModule)
					}
					return 0, true
				})
			})
		case "values":
			return 1 << 9, d.rawValueField(&p.Values)
		case "version":
			return 1 << 10, d.rawMessageField(&p.Version)
		case "lineage":
			return 1 << 11, d.stringField(&p.Lineage)
		case "provider_schemas":
			return 1 << 12, d.rawMessageField(&p.ProviderSchemas)
		}
		return 0, true
	})
}

func (d *envelopeDecoder) stateValues(v *rawStateValues) bool {
	return d.structObject(func(key []byte) (uint32, bool) {
		if string(key) == "root_module" {
			return 1, ptrField(d, &v.RootModule, d.stateModule)
		}
		return 0, true
	})
}

func (d *envelopeDecoder) stateModule(m *rawStateModule) bool {
	return d.structObject(func(key []byte) (uint32, bool) {
		switch string(key) {
		case "address":
			return 1 << 0, d.stringField(&m.Address)
		case "resources":
			return 1 << 1, sliceField(d, &m.Resources, d.stateResource)
		case "child_modules":
			return 1 << 2, sliceField(d, &m.ChildModules, d.stateModule)
		}
		return 0, true
	})
}

func (d *envelopeDecoder) stateResource(r *rawStateResource) bool {
	return d.structObject(func(key []byte) (uint32, bool) {
		switch string(key) {
		case "address":
			return 1 << 0, d.stringField(&r.Address)
		case "mode":
			return 1 << 1, d.stringField(&r.Mode)
		case "type":
			return 1 << 2, d.stringField(&r.Type)
		case "name":
			return 1 << 3, d.stringField(&r.Name)
		case "index":
			return 1 << 4, d.rawMessageField(&r.Index)
		case "provider_name":
			return 1 << 5, d.stringField(&r.ProviderName)
		case "values":
			return 1 << 6, d.rawValueField(&r.Values)
		case "sensitive_values":
			return 1 << 7, d.rawValueField(&r.SensitiveValues)
		}
		return 0, true
	})
}

func (d *envelopeDecoder) resourceChange(rc *rawResourceChange) bool {
	return d.structObject(func(key []byte) (uint32, bool) {
		switch string(key) {
		case "address":
			return 1 << 0, d.stringField(&rc.Address)
		case "previous_address":
			return 1 << 1, d.stringField(&rc.PreviousAddress)
		case "module_address":
			return 1 << 2, d.stringField(&rc.ModuleAddress)
		case "mode":
			return 1 << 3, d.stringField(&rc.Mode)
		case "type":
			return 1 << 4, d.stringField(&rc.Type)
		case "name":
			return 1 << 5, d.stringField(&rc.Name)
		case "index":
			return 1 << 6, d.rawMessageField(&rc.Index)
		case "deposed":
			return 1 << 7, d.stringField(&rc.Deposed)
		case "provider_name":
			return 1 << 8, d.stringField(&rc.ProviderName)
		case "action_reason":
			return 1 << 9, d.stringField(&rc.ActionReason)
		case "change":
			return 1 << 10, structField(d, &rc.Change, d.change)
		}
		return 0, true
	})
}

func (d *envelopeDecoder) change(c *rawChange) bool {
	return d.structObject(func(key []byte) (uint32, bool) {
		switch string(key) {
		case "actions":
			return 1 << 0, sliceField(d, &c.Actions, d.stringField)
		case "before":
			return 1 << 1, d.rawValueField(&c.Before)
		case "after":
			return 1 << 2, d.rawValueField(&c.After)
		case "after_unknown":
			return 1 << 3, d.rawValueField(&c.AfterUnknown)
		case "before_sensitive":
			return 1 << 4, d.rawValueField(&c.BeforeSensitive)
		case "after_sensitive":
			return 1 << 5, d.rawValueField(&c.AfterSensitive)
		case "replace_paths":
			return 1 << 6, d.rawMessageField(&c.ReplacePaths)
		case "importing":
			return 1 << 7, d.rawMessageField(&c.Importing)
		}
		return 0, true
	})
}

func (d *envelopeDecoder) configModule(m *rawConfigModule) bool {
	return d.structObject(func(key []byte) (uint32, bool) {
		switch string(key) {
		case "outputs":
			return 1 << 0, mapField(d, &m.Outputs, func(o *rawConfigOutput) bool {
				return d.structObject(func(key []byte) (uint32, bool) {
					switch string(key) {
					case "expression":
						return 1 << 0, d.rawMessageField(&o.Expression)
					case "sensitive":
						return 1 << 1, d.boolField(&o.Sensitive)
					}
					return 0, true
				})
			})
		case "resources":
			return 1 << 1, sliceField(d, &m.Resources, d.configResource)
		case "module_calls":
			return 1 << 2, mapField(d, &m.ModuleCalls, d.moduleCall)
		case "variables":
			return 1 << 3, mapField(d, &m.Variables, func(v *rawConfigVariable) bool {
				return d.structObject(func(key []byte) (uint32, bool) {
					switch string(key) {
					case "default":
						return 1 << 0, d.rawMessageField(&v.Default)
					case "sensitive":
						return 1 << 1, d.boolField(&v.Sensitive)
					}
					return 0, true
				})
			})
		}
		return 0, true
	})
}

func (d *envelopeDecoder) rawMessageMap(dst *map[string]json.RawMessage) bool {
	return mapField(d, dst, d.rawMessageField)
}

func (d *envelopeDecoder) configResource(r *rawConfigResource) bool {
	return d.structObject(func(key []byte) (uint32, bool) {
		switch string(key) {
		case "address":
			return 1 << 0, d.stringField(&r.Address)
		case "mode":
			return 1 << 1, d.stringField(&r.Mode)
		case "type":
			return 1 << 2, d.stringField(&r.Type)
		case "name":
			return 1 << 3, d.stringField(&r.Name)
		case "provider_config_key":
			return 1 << 4, d.stringField(&r.ProviderConfigKey)
		case "expressions":
			return 1 << 5, d.rawMessageMap(&r.Expressions)
		case "count_expression":
			return 1 << 6, d.rawMessageField(&r.CountExpression)
		case "for_each_expression":
			return 1 << 7, d.rawMessageField(&r.ForEachExpression)
		}
		return 0, true
	})
}

func (d *envelopeDecoder) moduleCall(c *rawModuleCall) bool {
	return d.structObject(func(key []byte) (uint32, bool) {
		switch string(key) {
		case "source":
			return 1 << 0, d.stringField(&c.Source)
		case "expressions":
			return 1 << 1, d.rawMessageMap(&c.Expressions)
		case "count_expression":
			return 1 << 2, d.rawMessageField(&c.CountExpression)
		case "for_each_expression":
			return 1 << 3, d.rawMessageField(&c.ForEachExpression)
		case "module":
			return 1 << 4, ptrField(d, &c.Module, d.configModule)
		}
		return 0, true
	})
}

// unquoteSimple unescapes the body of a valid JSON string (without its
// quotes) that holds valid UTF-8. Addresses with string keys
// (module.a["x"]) and JSON policy documents are full of \" escapes, which
// encoding/json made a sixth of the envelope's cost; ok is false for a \u
// escape, which the caller leaves to encoding/json.
func unquoteSimple(body []byte) (string, bool) {
	var b strings.Builder
	b.Grow(len(body))
	for {
		i := bytes.IndexByte(body, '\\')
		if i < 0 {
			b.Write(body)
			return b.String(), true
		}
		b.Write(body[:i])
		if i+1 >= len(body) {
			return "", false
		}
		switch c := body[i+1]; c {
		case '"', '\\', '/':
			b.WriteByte(c)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		default:
			return "", false
		}
		body = body[i+2:]
	}
}

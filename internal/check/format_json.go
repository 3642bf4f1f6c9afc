package check

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// writeJSON writes the report as indented JSON, byte for byte what
// json.Encoder with SetIndent("", "  ") writes (HTML escaping on, its
// default), but streamed: everything except the results goes through
// encoding/json, and the results (nearly all of a big plan's report) are
// appended one at a time by appendResultJSON into one reused buffer that is
// written out every jsonFlushSize bytes. Encoding each result with
// encoding/json and re-indenting it with json.Indent took ~0.35 s of a
// 0.8 s check at 15k instances (reflection, a scan of every byte by
// json.Indent, two buffers per result); the hand-written encoder is tested
// against encoding/json (TestResultJSONMatchesEncodingJSON,
// FuzzJSONStringMatchesEncodingJSON).
func writeJSON(w io.Writer, rep *Report) error {
	frame := *rep
	frame.Results = nil
	head, err := json.MarshalIndent(&frame, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding JSON report: %w", err)
	}
	const resultsField = "\n  \"results\": null,\n"
	at := bytes.Index(head, []byte(resultsField))
	if at < 0 || rep.Results == nil {
		return writeJSONWhole(w, rep)
	}
	buf := make([]byte, 0, jsonFlushSize+jsonFlushSize/4)
	buf = append(buf, head[:at+len(resultsField)-len("null,\n")]...)
	if len(rep.Results) == 0 {
		buf = append(buf, "[]"...)
	} else {
		for i := range rep.Results {
			if i == 0 {
				buf = append(buf, "[\n    "...)
			} else {
				buf = append(buf, ",\n    "...)
			}
			buf = appendResultJSON(buf, &rep.Results[i])
			if len(buf) >= jsonFlushSize {
				if _, err := w.Write(buf); err != nil {
					return fmt.Errorf("writing JSON report: %w", err)
				}
				buf = buf[:0]
			}
		}
		buf = append(buf, "\n  ]"...)
	}
	buf = append(buf, head[at+len(resultsField)-len(",\n"):]...)
	buf = append(buf, '\n')
	if _, err := w.Write(buf); err != nil {
		return fmt.Errorf("writing JSON report: %w", err)
	}
	return nil
}

// jsonFlushSize is how much of the JSON report is buffered between writes.
const jsonFlushSize = 64 << 10

// writeJSONWhole is the unstreamed form, for reports without results.
func writeJSONWhole(w io.Writer, rep *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rep); err != nil {
		return fmt.Errorf("encoding JSON report: %w", err)
	}
	return nil
}

// appendResultJSON appends r as an element of the report's results array:
// what json.MarshalIndent(r, "    ", "  ") gives, field order, omitempty
// and nil-versus-empty slices included (Controls is never omitted: nil is
// null, empty is []). A field added to Result must be added here;
// TestResultJSONMatchesEncodingJSON fails until it is.
func appendResultJSON(b []byte, r *Result) []byte {
	const in = "\n      " // fields of a result
	b = append(b, "{"+in+`"plan": `...)
	b = appendJSONString(b, r.Plan)
	b = append(b, ","+in+`"rule_id": `...)
	b = appendJSONString(b, r.RuleID)
	b = append(b, ","+in+`"title": `...)
	b = appendJSONString(b, r.Title)
	b = append(b, ","+in+`"controls": `...)
	b = appendJSONStrings(b, r.Controls, in)
	b = append(b, ","+in+`"category": `...)
	b = appendJSONString(b, r.Category)
	b = append(b, ","+in+`"severity": `...)
	b = appendJSONString(b, string(r.Severity))
	b = append(b, ","+in+`"status": `...)
	b = appendJSONString(b, string(r.Status))
	b = append(b, ","+in+`"verdict": `...)
	b = appendJSONString(b, string(r.Verdict))
	b = append(b, ","+in+`"enforcement": `...)
	b = appendJSONString(b, string(r.Enforcement))
	b = append(b, ","+in+`"enforced": `...)
	b = strconv.AppendBool(b, r.Enforced)
	b = append(b, ","+in+`"address": `...)
	b = appendJSONString(b, r.Address)
	if r.ResourceType != "" {
		b = append(b, ","+in+`"resource_type": `...)
		b = appendJSONString(b, r.ResourceType)
	}
	if r.Action != "" {
		b = append(b, ","+in+`"action": `...)
		b = appendJSONString(b, r.Action)
	}
	if r.Attribute != "" {
		b = append(b, ","+in+`"attribute": `...)
		b = appendJSONString(b, r.Attribute)
	}
	b = append(b, ","+in+`"message": `...)
	b = appendJSONString(b, r.Message)
	if u := r.Unknown; u != nil {
		const in2 = in + "  "
		b = append(b, ","+in+`"unknown": {`+in2+`"value": `...)
		b = appendJSONString(b, u.Value)
		if len(u.From) > 0 {
			b = append(b, ","+in2+`"from": `...)
			b = appendJSONStrings(b, u.From, in2)
		}
		b = append(b, in+"}"...)
	}
	if len(r.Chain) > 0 {
		const in2, in3 = in + "  ", in + "    "
		b = append(b, ","+in+`"chain": [`...)
		for i, s := range r.Chain {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, in2+"{"+in3+`"from": `...)
			b = appendJSONString(b, s.From)
			if s.Via != "" {
				b = append(b, ","+in3+`"via": `...)
				b = appendJSONString(b, s.Via)
			}
			b = append(b, ","+in3+`"to": `...)
			b = appendJSONString(b, s.To)
			b = append(b, in2+"}"...)
		}
		b = append(b, in+"]"...)
	}
	if l := r.Location; l != nil {
		const in2 = in + "  "
		b = append(b, ","+in+`"location": {`+in2+`"file": `...)
		b = appendJSONString(b, l.File)
		b = append(b, ","+in2+`"line": `...)
		b = strconv.AppendInt(b, int64(l.Line), 10)
		b = append(b, ","+in2+`"column": `...)
		b = strconv.AppendInt(b, int64(l.Column), 10)
		if l.EndLine != 0 {
			b = append(b, ","+in2+`"end_line": `...)
			b = strconv.AppendInt(b, int64(l.EndLine), 10)
		}
		if l.EndColumn != 0 {
			b = append(b, ","+in2+`"end_column": `...)
			b = strconv.AppendInt(b, int64(l.EndColumn), 10)
		}
		b = append(b, in+"}"...)
	}
	if wv := r.Waiver; wv != nil {
		const in2 = in + "  "
		b = append(b, ","+in+`"waiver": {`+in2+`"index": `...)
		b = strconv.AppendInt(b, int64(wv.Index), 10)
		b = append(b, ","+in2+`"line": `...)
		b = strconv.AppendInt(b, int64(wv.Line), 10)
		if wv.Rule != "" {
			b = append(b, ","+in2+`"rule": `...)
			b = appendJSONString(b, wv.Rule)
		}
		if wv.Control != "" {
			b = append(b, ","+in2+`"control": `...)
			b = appendJSONString(b, wv.Control)
		}
		b = append(b, ","+in2+`"address": `...)
		b = appendJSONString(b, wv.Address)
		b = append(b, ","+in2+`"reason": `...)
		b = appendJSONString(b, wv.Reason)
		b = append(b, ","+in2+`"owner": `...)
		b = appendJSONString(b, wv.Owner)
		b = append(b, ","+in2+`"expires": `...)
		b = appendJSONString(b, wv.Expires)
		b = append(b, in+"}"...)
	}
	b = append(b, ","+in+`"fingerprint": `...)
	b = appendJSONString(b, r.Fingerprint)
	return append(b, "\n    }"...)
}

// appendJSONStrings appends list as an indented JSON array whose closing
// bracket sits on a line starting with indent ("\n" plus spaces): null for
// nil and [] for empty, as encoding/json and json.Indent write them.
func appendJSONStrings(b []byte, list []string, indent string) []byte {
	switch {
	case list == nil:
		return append(b, "null"...)
	case len(list) == 0:
		return append(b, "[]"...)
	}
	b = append(b, '[')
	for i, s := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, indent...)
		b = append(b, "  "...)
		b = appendJSONString(b, s)
	}
	b = append(b, indent...)
	return append(b, ']')
}

// appendJSONString appends s as a JSON string exactly as encoding/json
// writes it with HTML escaping on (Marshal and Encoder's default, which
// the report has always used): `"` and `\` backslash-escaped; \b \f \n \r
// \t by name; other control characters and < > & as \u00XX; U+2028 and
// U+2029 as \u2028/\u2029; each byte of invalid UTF-8 as \ufffd.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if jsonSafeASCII[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

const hexDigits = "0123456789abcdef"

// jsonSafeASCII marks the ASCII bytes a JSON string holds unescaped with
// HTML escaping on: printable characters (DEL included) except " \ < > &.
var jsonSafeASCII = func() (safe [utf8.RuneSelf]bool) {
	for c := ' '; c < utf8.RuneSelf; c++ {
		safe[c] = true
	}
	for _, c := range `"\<>&` {
		safe[c] = false
	}
	return safe
}()

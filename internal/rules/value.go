package rules

import (
	"math/big"
	"strconv"
	"strings"

	"github.com/commshield/terraform-provider-commshield/internal/plan"
	"github.com/zclconf/go-cty/cty"
)

// State says whether a looked-up value can be judged at plan time.
type State int

const (
	// Known: the value is set and known now.
	Known State = iota
	// Null: the attribute is unset (absent or null); the provider default applies.
	Null
	// AfterApply: the value is known only after apply.
	AfterApply
)

// At walks into v along path: string steps read object attributes or map
// keys, int steps index lists, tuples and sets (sets in iteration order).
// It never panics: a missing attribute or an out-of-range index yields a null
// value, an unknown parent yields an unknown value. Marks (sensitivity) of the
// parents are carried to the result.
func At(v cty.Value, path ...any) cty.Value {
	for _, step := range path {
		if v == cty.NilVal {
			return cty.NullVal(cty.DynamicPseudoType)
		}
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
				key := cty.StringVal(s)
				if inner.HasIndex(key).True() {
					next = inner.Index(key)
				}
			}
		case int:
			if ty.IsListType() || ty.IsTupleType() || ty.IsSetType() {
				if s >= 0 && s < inner.LengthInt() {
					next = Elements(inner)[s]
				}
			}
		}
		v = next.WithMarks(marks)
	}
	return v
}

// Elements returns the elements of a list, tuple or set (nil for null,
// unknown or other values). Sensitivity marks of v are carried to each
// element.
func Elements(v cty.Value) []cty.Value {
	inner, marks := v.Unmark()
	if !inner.IsKnown() || inner.IsNull() || !inner.CanIterateElements() {
		return nil
	}
	ty := inner.Type()
	if !(ty.IsListType() || ty.IsTupleType() || ty.IsSetType()) {
		return nil
	}
	out := make([]cty.Value, 0, inner.LengthInt())
	for it := inner.ElementIterator(); it.Next(); {
		_, e := it.Element()
		out = append(out, e.WithMarks(marks))
	}
	return out
}

// StateOf classifies v. A partly unknown collection counts as Unknown.
func StateOf(v cty.Value) State {
	if v == cty.NilVal {
		return Null
	}
	// IsWhollyKnown and IsNull see through marks at every depth; a deep
	// unmark would copy the whole value on every read.
	switch {
	case !v.IsWhollyKnown():
		return AfterApply
	case v.IsNull():
		return Null
	}
	return Known
}

// Bool reads a boolean. A string "true"/"false" (JSON-decoded values of
// dynamic attributes) is accepted too.
func Bool(v cty.Value) (bool, State) {
	if st := StateOf(v); st != Known {
		return false, st
	}
	inner, _ := v.Unmark() // primitives carry their marks on the top level only
	switch inner.Type() {
	case cty.Bool:
		return inner.True(), Known
	case cty.String:
		b, err := strconv.ParseBool(inner.AsString())
		if err == nil {
			return b, Known
		}
	}
	return false, Null
}

// String reads a string (numbers and bools are converted).
func String(v cty.Value) (string, State) {
	if st := StateOf(v); st != Known {
		return "", st
	}
	inner, _ := v.Unmark() // primitives carry their marks on the top level only
	switch inner.Type() {
	case cty.String:
		return inner.AsString(), Known
	case cty.Number:
		return inner.AsBigFloat().Text('f', -1), Known
	case cty.Bool:
		return strconv.FormatBool(inner.True()), Known
	}
	return "", Null
}

// Int reads a whole number (numeric strings are accepted).
func Int(v cty.Value) (int64, State) {
	if st := StateOf(v); st != Known {
		return 0, st
	}
	inner, _ := v.Unmark() // primitives carry their marks on the top level only
	switch inner.Type() {
	case cty.Number:
		i, acc := inner.AsBigFloat().Int64()
		if acc == big.Exact {
			return i, Known
		}
	case cty.String:
		i, err := strconv.ParseInt(strings.TrimSpace(inner.AsString()), 10, 64)
		if err == nil {
			return i, Known
		}
	}
	return 0, Null
}

// Strings reads a list/set/tuple of strings; Unknown when any element is.
func Strings(v cty.Value) ([]string, State) {
	if st := StateOf(v); st != Known {
		return nil, st
	}
	elems := Elements(v)
	out := make([]string, 0, len(elems))
	for _, e := range elems {
		s, st := String(e)
		if st == Known {
			out = append(out, s)
		}
	}
	return out, Known
}

// Sensitive reports whether v or anything inside it is marked sensitive.
func Sensitive(v cty.Value) bool {
	if v == cty.NilVal {
		return false
	}
	if v.HasMark(plan.SensitiveMark) {
		return true
	}
	// containsMarked walks without copying; most values carry no mark, and
	// UnmarkDeepWithPaths would rebuild them whole.
	if !containsMarked(v) {
		return false
	}
	_, pvm := v.UnmarkDeepWithPaths()
	for _, pm := range pvm {
		if _, ok := pm.Marks[plan.SensitiveMark]; ok {
			return true
		}
	}
	return false
}

// containsMarked is cty's Value.ContainsMarked (whether v or any value
// inside it is marked) without building a path for every value it visits
// or sorting object attribute names, which made it a tenth of the rule
// pack's cost on plans with many security group rules.
func containsMarked(v cty.Value) bool {
	if v.IsMarked() {
		return true
	}
	if !v.IsKnown() || v.IsNull() {
		return false
	}
	ty := v.Type()
	switch {
	case ty.IsObjectType():
		for name := range ty.AttributeTypes() {
			if containsMarked(v.GetAttr(name)) {
				return true
			}
		}
	case ty.IsListType() || ty.IsMapType() || ty.IsSetType() || ty.IsTupleType():
		for it := v.ElementIterator(); it.Next(); {
			if _, e := it.Element(); containsMarked(e) {
				return true
			}
		}
	}
	return false
}

// Display renders a scalar for a message. Sensitive values are never
// rendered: messages use this (or print only constants) so that reporters
// cannot leak them.
func Display(v cty.Value) string {
	if Sensitive(v) {
		return "(sensitive value)"
	}
	switch StateOf(v) {
	case Null:
		return "unset"
	case AfterApply:
		return "(known after apply)"
	}
	inner, _ := v.Unmark() // primitives carry their marks on the top level only
	if inner.Type() == cty.String {
		return strconv.Quote(inner.AsString())
	}
	if s, st := String(v); st == Known {
		return s
	}
	return "(complex value)"
}

// AttrPath renders a path as Finding.Attribute expects it:
// ("ingress", 0, "cidr_blocks") → "ingress[0].cidr_blocks".
func AttrPath(path ...any) string {
	var b strings.Builder
	for _, step := range path {
		switch s := step.(type) {
		case string:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s)
		case int:
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(s))
			b.WriteByte(']')
		}
	}
	return b.String()
}

package rules

import (
	"fmt"
	"math"
)

// CoerceParam converts a value decoded from the config file (YAML gives int,
// float64, bool, string and []any) to the type of decl's default, or says
// what type was expected.
func CoerceParam(decl Param, v any) (any, error) {
	switch decl.Default.(type) {
	case string:
		if s, ok := v.(string); ok {
			return s, nil
		}
		return nil, fmt.Errorf("parameter %s wants a string, got %s", decl.Name, describe(v))
	case bool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
		return nil, fmt.Errorf("parameter %s wants true or false, got %s", decl.Name, describe(v))
	case int:
		if i, ok := wholeNumber(v); ok {
			return i, nil
		}
		return nil, fmt.Errorf("parameter %s wants a whole number, got %s", decl.Name, describe(v))
	case float64:
		switch n := v.(type) {
		case int:
			return float64(n), nil
		case float64:
			return n, nil
		}
		return nil, fmt.Errorf("parameter %s wants a number, got %s", decl.Name, describe(v))
	case []string:
		list, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("parameter %s wants a list of strings, got %s", decl.Name, describe(v))
		}
		out := make([]string, 0, len(list))
		for i, e := range list {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("parameter %s wants a list of strings, item %d is %s", decl.Name, i, describe(e))
			}
			out = append(out, s)
		}
		return out, nil
	case []int:
		list, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("parameter %s wants a list of whole numbers, got %s", decl.Name, describe(v))
		}
		out := make([]int, 0, len(list))
		for i, e := range list {
			n, ok := wholeNumber(e)
			if !ok {
				return nil, fmt.Errorf("parameter %s wants a list of whole numbers, item %d is %s", decl.Name, i, describe(e))
			}
			out = append(out, n)
		}
		return out, nil
	}
	return nil, fmt.Errorf("parameter %s has a default of unsupported type %T (rule bug)", decl.Name, decl.Default)
}

func wholeNumber(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		return int(n), true
	case uint64:
		if n <= math.MaxInt {
			return int(n), true
		}
	case float64:
		if n == math.Trunc(n) && math.Abs(n) < 1<<53 {
			return int(n), true
		}
	}
	return 0, false
}

func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "nothing (null)"
	case string:
		return fmt.Sprintf("the string %q", x)
	case bool:
		return fmt.Sprintf("the boolean %t", x)
	case int, int64, uint64, float64:
		return fmt.Sprintf("the number %v", x)
	case []any:
		return "a list"
	case map[string]any:
		return "a mapping"
	}
	return fmt.Sprintf("a %T", v)
}

// FormatDefault renders a parameter default for --explain and docs.
func FormatDefault(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("%q", x)
	case []string:
		if len(x) == 0 {
			return "[]"
		}
		return fmt.Sprintf("%q", x)
	}
	return fmt.Sprintf("%v", v)
}

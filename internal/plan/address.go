package plan

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// moduleSegment is one `module.name[key]` step of a module instance address.
type moduleSegment struct {
	name string
	key  InstanceKey
}

// parsedAddress is a resource instance address split into its parts.
type parsedAddress struct {
	modules []moduleSegment
	mode    Mode
	typ     string
	name    string
	key     InstanceKey
}

func (a parsedAddress) moduleAddress() string { return formatModuleAddress(a.modules) }

func formatModuleAddress(segs []moduleSegment) string {
	var b strings.Builder
	for i, s := range segs {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString("module.")
		b.WriteString(s.name)
		b.WriteString(formatKey(s.key))
	}
	return b.String()
}

// formatKey renders an instance key the way Terraform does: [0] or ["k"].
func formatKey(k InstanceKey) string {
	switch v := k.(type) {
	case int:
		return "[" + strconv.Itoa(v) + "]"
	case string:
		return "[" + strconv.Quote(v) + "]"
	}
	return ""
}

// addressScanner splits Terraform addresses into names and bracketed keys.
type addressScanner struct {
	s   string
	pos int
}

func (sc *addressScanner) done() bool { return sc.pos >= len(sc.s) }

// name reads an identifier up to '.', '[' or the end.
func (sc *addressScanner) name() (string, error) {
	start := sc.pos
	for sc.pos < len(sc.s) && sc.s[sc.pos] != '.' && sc.s[sc.pos] != '[' {
		sc.pos++
	}
	if sc.pos == start {
		return "", fmt.Errorf("empty name at %d in %q", start, sc.s)
	}
	return sc.s[start:sc.pos], nil
}

// key reads an optional [..] key.
func (sc *addressScanner) key() (InstanceKey, error) {
	if sc.done() || sc.s[sc.pos] != '[' {
		return nil, nil
	}
	sc.pos++
	if sc.done() {
		return nil, errors.New("unterminated key")
	}
	if sc.s[sc.pos] == '"' {
		start := sc.pos
		sc.pos++
		for sc.pos < len(sc.s) && sc.s[sc.pos] != '"' {
			if sc.s[sc.pos] == '\\' {
				sc.pos++
			}
			sc.pos++
		}
		if sc.pos >= len(sc.s) {
			return nil, errors.New("unterminated string key")
		}
		sc.pos++
		k, err := strconv.Unquote(sc.s[start:sc.pos])
		if err != nil {
			return nil, fmt.Errorf("bad string key: %w", err)
		}
		if sc.done() || sc.s[sc.pos] != ']' {
			return nil, errors.New("expected ]")
		}
		sc.pos++
		return k, nil
	}
	start := sc.pos
	for sc.pos < len(sc.s) && sc.s[sc.pos] != ']' {
		sc.pos++
	}
	if sc.done() {
		return nil, errors.New("unterminated key")
	}
	n, err := strconv.Atoi(sc.s[start:sc.pos])
	sc.pos++
	if err != nil {
		// Non-literal index such as [count.index]: not an instance key.
		return nil, fmt.Errorf("non-literal key %q", sc.s[start:sc.pos-1])
	}
	return n, nil
}

func (sc *addressScanner) dot() bool {
	if !sc.done() && sc.s[sc.pos] == '.' {
		sc.pos++
		return true
	}
	return false
}

// parseModuleAddress parses `module.a["x"].module.b[0]`.
func parseModuleAddress(addr string) ([]moduleSegment, error) {
	sc := &addressScanner{s: addr}
	var segs []moduleSegment
	for !sc.done() {
		word, err := sc.name()
		if err != nil {
			return nil, err
		}
		if word != "module" || !sc.dot() {
			return nil, fmt.Errorf("expected module.<name> in %q", addr)
		}
		name, err := sc.name()
		if err != nil {
			return nil, err
		}
		k, err := sc.key()
		if err != nil {
			return nil, err
		}
		segs = append(segs, moduleSegment{name: name, key: k})
		if !sc.done() && !sc.dot() {
			return nil, fmt.Errorf("unexpected %q in %q", sc.s[sc.pos:], addr)
		}
	}
	return segs, nil
}

// parseAddress parses a resource instance address.
func parseAddress(addr string) (parsedAddress, error) {
	var a parsedAddress
	sc := &addressScanner{s: addr}
	for {
		word, err := sc.name()
		if err != nil {
			return a, err
		}
		if !sc.dot() {
			return a, fmt.Errorf("incomplete address %q", addr)
		}
		if word == "module" {
			name, err := sc.name()
			if err != nil {
				return a, err
			}
			k, err := sc.key()
			if err != nil {
				return a, err
			}
			a.modules = append(a.modules, moduleSegment{name: name, key: k})
			if !sc.dot() {
				return a, fmt.Errorf("address %q names a module, not a resource", addr)
			}
			continue
		}
		a.mode = ModeManaged
		if word == "data" {
			a.mode = ModeData
			if word, err = sc.name(); err != nil {
				return a, err
			}
			if !sc.dot() {
				return a, fmt.Errorf("incomplete address %q", addr)
			}
		}
		a.typ = word
		if a.name, err = sc.name(); err != nil {
			return a, err
		}
		if a.key, err = sc.key(); err != nil {
			return a, err
		}
		if !sc.done() {
			return a, fmt.Errorf("unexpected %q after resource in %q", sc.s[sc.pos:], addr)
		}
		return a, nil
	}
}

// parentModule splits `module.a["x"].module.b[0]` into the parent instance
// address and the last segment.
func parentModule(moduleAddress string) (string, moduleSegment, bool) {
	segs, err := parseModuleAddress(moduleAddress)
	if err != nil || len(segs) == 0 {
		return "", moduleSegment{}, false
	}
	return formatModuleAddress(segs[:len(segs)-1]), segs[len(segs)-1], true
}

func joinModule(parent, child string) string {
	if parent == "" {
		return child
	}
	return parent + "." + child
}

func keysEqual(a, b InstanceKey) bool {
	switch x := a.(type) {
	case int:
		y, ok := b.(int)
		return ok && x == y
	case string:
		y, ok := b.(string)
		return ok && x == y
	case nil:
		return b == nil
	}
	return false
}

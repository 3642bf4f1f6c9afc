package check

import (
	"bytes"
	"errors"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/commshield/terraform-provider-commshield/internal/controls"
	"github.com/commshield/terraform-provider-commshield/internal/rules"
	"go.yaml.in/yaml/v3"
)

// Waiver accepts the findings of one rule (or of every rule of one control)
// on the instances matching Address, until Expires.
type Waiver struct {
	Index   int // position in the file, 0-based
	Line    int
	Rule    string
	Control string
	Address string
	Reason  string
	Owner   string
	// Expires is the last day the waiver applies (inclusive, UTC).
	Expires string
	expires time.Time
	pattern *regexp.Regexp
}

type waiverFile struct {
	Waivers []yaml.Node `yaml:"waivers"`
}

type waiverEntry struct {
	Rule    string `yaml:"rule"`
	Control string `yaml:"control"`
	Address string `yaml:"address"`
	Reason  string `yaml:"reason"`
	Owner   string `yaml:"owner"`
	Expires string `yaml:"expires"`
}

// LoadWaivers reads and validates a waiver file.
func LoadWaivers(path string, all []*rules.Rule, catalog *controls.Catalog) ([]*Waiver, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, inputErrorf(path, 0, "cannot read the waiver file: %v; fix the --waivers path", err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, inputErrorf(path, 0, "the waiver file is empty; it needs a top-level `waivers:` list (see internal/check/schema.md)")
	}
	var file waiverFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&file); err != nil && !errors.Is(err, io.EOF) {
		return nil, yamlError(path, err, "a waiver file holds `waivers:` with entries of rule|control, address, reason, owner, expires")
	}
	var out []*Waiver
	for i := range file.Waivers {
		node := &file.Waivers[i]
		var e waiverEntry
		bad := func(field, format string, args ...any) error {
			line := nodeLine(node, field)
			if line == 0 {
				line = node.Line
			}
			return inputErrorf(path, line, "waivers[%d].%s: "+format, append([]any{i, field}, args...)...)
		}
		if node.Kind != yaml.MappingNode {
			return nil, inputErrorf(path, node.Line, "waivers[%d]: want a mapping with rule, address, reason, owner, expires", i)
		}
		if err := decodeStrict(node, &e); err != nil {
			return nil, yamlError(path, err, "allowed fields: rule, control, address, reason, owner, expires")
		}
		w := &Waiver{Index: i, Line: node.Line, Rule: e.Rule, Control: e.Control, Address: e.Address, Reason: e.Reason, Owner: e.Owner, Expires: e.Expires}
		switch {
		case e.Rule == "" && e.Control == "":
			return nil, bad("rule", "missing: name a rule ID (e.g. NET-R01) or a control ID in `control:`")
		case e.Rule != "" && e.Control != "":
			return nil, bad("control", "give either rule or control, not both")
		case e.Rule != "" && rules.Find(all, e.Rule) == nil:
			return nil, bad("rule", "unknown rule %q; see `check --list-rules`", e.Rule)
		case e.Control != "" && catalog != nil && !hasControl(catalog, e.Control):
			return nil, bad("control", "unknown control %q; see `check --list-controls`", e.Control)
		case e.Address == "":
			return nil, bad("address", "missing: give a resource address pattern, e.g. module.app[\"*\"].aws_s3_bucket.logs[*], or * for all")
		case strings.TrimSpace(e.Reason) == "":
			return nil, bad("reason", "missing: say why the finding is accepted")
		case strings.TrimSpace(e.Owner) == "":
			return nil, bad("owner", "missing: name who answers for the waiver")
		case e.Expires == "":
			return nil, bad("expires", "missing: every waiver needs an expiry date YYYY-MM-DD")
		}
		if e.Rule != "" {
			w.Rule = rules.Find(all, e.Rule).ID
		}
		w.expires, err = time.Parse(time.DateOnly, e.Expires)
		if err != nil {
			return nil, bad("expires", "%q is not a date; write YYYY-MM-DD", e.Expires)
		}
		w.pattern = compileAddressPattern(e.Address)
		out = append(out, w)
	}
	return out, nil
}

func hasControl(c *controls.Catalog, id string) bool {
	_, ok := c.Lookup(id)
	return ok
}

func decodeStrict(node *yaml.Node, into any) error {
	data, err := yaml.Marshal(node)
	if err != nil {
		return err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	err = dec.Decode(into)
	var te *yaml.TypeError
	if errors.As(err, &te) {
		// Lines of the re-encoded node are relative to it; point at the
		// offending key when the message names one, else at the entry.
		msg := stripLine(te.Errors[0])
		line := node.Line
		if m := unknownKeyPattern.FindStringSubmatch(msg); m != nil {
			if l := nodeLine(node, m[1]); l > 0 {
				line = l
			}
		}
		return &yaml.TypeError{Errors: []string{"line " + strconv.Itoa(line) + ": " + msg}}
	}
	return err
}

func stripLine(msg string) string {
	if strings.HasPrefix(msg, "line ") {
		if _, after, ok := strings.Cut(msg, ": "); ok {
			return after
		}
	}
	return msg
}

// compileAddressPattern turns an address pattern into a regexp: `[*]` and
// `["*"]` match any one instance key, a `*` elsewhere matches any text.
func compileAddressPattern(p string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(p); {
		switch {
		case strings.HasPrefix(p[i:], `["*"]`):
			b.WriteString(`\[[^\]]*\]`)
			i += 5
		case strings.HasPrefix(p[i:], `[*]`):
			b.WriteString(`\[[^\]]*\]`)
			i += 3
		case p[i] == '*':
			b.WriteString(`.*`)
			i++
		default:
			b.WriteString(regexp.QuoteMeta(p[i : i+1]))
			i++
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// Expired reports whether the waiver no longer applies on day now.
func (w *Waiver) Expired(now time.Time) bool {
	y, m, d := now.UTC().Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return w.expires.Before(today)
}

// Matches reports whether the waiver covers a finding of rule r on address.
func (w *Waiver) Matches(r *rules.Rule, address string) bool {
	if w.Rule != "" && w.Rule != r.ID {
		return false
	}
	if w.Control != "" && !containsString(r.Controls, w.Control) {
		return false
	}
	return w.pattern.MatchString(address)
}

func containsString(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

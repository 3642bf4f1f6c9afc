package check

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// needsAttention is what PR comments and annotations show.
func needsAttention(r Result) bool {
	return r.Status == StatusFail || r.Status == StatusUndecidable
}

func mdEscape(s string) string {
	r := strings.NewReplacer("|", `\|`, "\n", " ", "<", "&lt;", ">", "&gt;", "`", "'")
	return r.Replace(s)
}

// writeMarkdown renders a PR comment: a verdict line, a summary table and a
// table of the findings that need attention, waivers folded away.
func writeMarkdown(w io.Writer, rep *Report) error {
	var b strings.Builder
	icon := "✅"
	verdict := "passed"
	if rep.ExitCode != 0 {
		icon, verdict = "❌", "failed"
	}
	fmt.Fprintf(&b, "## %s commshield check %s\n\n", icon, verdict)
	s := rep.Summary
	b.WriteString("| pass | fail | undecidable | not applicable | waived | baselined | enforced failures |\n")
	b.WriteString("|---:|---:|---:|---:|---:|---:|---:|\n")
	fmt.Fprintf(&b, "| %d | %d | %d | %d | %d | %d | %d |\n\n", s.Pass, s.Fail, s.Undecidable, s.NotApplicable, s.Waived, s.Baselined, s.EnforcedFailures)
	var attention, accepted []Result
	for _, r := range rep.Results {
		switch {
		case needsAttention(r):
			attention = append(attention, r)
		case r.Status == StatusWaived || r.Status == StatusBaselined:
			accepted = append(accepted, r)
		}
	}
	if len(attention) > 0 {
		b.WriteString("| status | rule | severity | resource | finding |\n|---|---|---|---|---|\n")
		for _, r := range attention {
			status := string(r.Status)
			if r.Enforced {
				status = "**" + status + "**"
			}
			res := "(plan)"
			if r.Address != "" {
				res = "`" + mdEscape(r.Address) + "`"
			}
			if r.Attribute != "" {
				res += " `" + mdEscape(r.Attribute) + "`"
			}
			if r.Location != nil {
				res += fmt.Sprintf(" (%s:%d)", mdEscape(r.Location.File), r.Location.Line)
			}
			fmt.Fprintf(&b, "| %s | %s %s | %s | %s | %s |\n", status, r.RuleID, mdEscape(r.Title), r.Severity, res, mdEscape(r.Message))
		}
		b.WriteString("\n")
	}
	if len(accepted) > 0 {
		fmt.Fprintf(&b, "<details><summary>%d accepted finding(s)</summary>\n\n| status | rule | resource | why |\n|---|---|---|---|\n", len(accepted))
		for _, r := range accepted {
			why := "in baseline"
			if r.Waiver != nil {
				why = fmt.Sprintf("%s (owner %s, until %s)", r.Waiver.Reason, r.Waiver.Owner, r.Waiver.Expires)
			}
			fmt.Fprintf(&b, "| %s | %s | `%s` | %s |\n", r.Status, r.RuleID, mdEscape(r.Address), mdEscape(why))
		}
		b.WriteString("\n</details>\n\n")
	}
	for _, wv := range rep.Waivers.Expired {
		fmt.Fprintf(&b, "- ❌ waivers[%d] (%s `%s`, owner %s) expired on %s\n", wv.Index, wv.Rule+wv.Control, mdEscape(wv.Address), mdEscape(wv.Owner), wv.Expires)
	}
	for _, wv := range rep.Waivers.Unused {
		fmt.Fprintf(&b, "- ⚠️ waivers[%d] (%s `%s`) matched no finding\n", wv.Index, wv.Rule+wv.Control, mdEscape(wv.Address))
	}
	fmt.Fprintf(&b, "\n<sub>commshield %s · rule set %s · unknown=%s · scope=%s</sub>\n", rep.Tool.Version, rep.RuleSetVersion, rep.Settings.Unknown, rep.Settings.Scope)
	_, err := io.WriteString(w, b.String())
	return err
}

// GitHub workflow-command escaping, as the runner decodes it.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// writeGitHub emits workflow commands: ::error for enforced failures,
// ::warning for the rest that needs attention, ::notice for expired/unused
// waivers, with file/line when a location is known.
func writeGitHub(w io.Writer, rep *Report) error {
	var b strings.Builder
	for _, r := range rep.Results {
		if !needsAttention(r) {
			continue
		}
		level := "warning"
		if r.Enforced {
			level = "error"
		}
		props := []string{"title=" + ghProperty(r.RuleID+" "+r.Title)}
		if r.Location != nil {
			props = append([]string{"file=" + ghProperty(r.Location.File), fmt.Sprintf("line=%d", r.Location.Line),
				fmt.Sprintf("col=%d", r.Location.Column)}, props...)
		}
		msg := r.Message
		if r.Address != "" {
			subject := r.Address
			if r.Attribute != "" {
				subject += " (" + r.Attribute + ")"
			}
			msg = subject + ": " + r.Message
		}
		fmt.Fprintf(&b, "::%s %s::%s\n", level, strings.Join(props, ","), ghData(msg))
	}
	for _, wv := range rep.Waivers.Expired {
		fmt.Fprintf(&b, "::error title=%s::%s\n", ghProperty("expired waiver"), ghData(fmt.Sprintf("waivers[%d] (%s %s, owner %s) expired on %s", wv.Index, wv.Rule+wv.Control, wv.Address, wv.Owner, wv.Expires)))
	}
	for _, wv := range rep.Waivers.Unused {
		fmt.Fprintf(&b, "::notice title=%s::%s\n", ghProperty("unused waiver"), ghData(fmt.Sprintf("waivers[%d] (%s %s) matched no finding", wv.Index, wv.Rule+wv.Control, wv.Address)))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// JUnit: one testcase per rule × resource (several findings on one resource
// are merged, worst status first), one testsuite per plan.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

func writeJUnit(w io.Writer, rep *Report) error {
	root := junitSuites{Name: "commshield"}
	for _, p := range rep.Plans {
		suite := junitSuite{Name: p.Source}
		type key struct{ rule, address string }
		index := map[key]int{}
		worst := map[key]Result{}
		var lines = map[key][]string{}
		for _, r := range rep.Results {
			if r.Plan != p.Source {
				continue
			}
			k := key{r.RuleID, r.Address}
			if _, ok := index[k]; !ok {
				index[k] = len(suite.Cases)
				name := r.Address
				if name == "" {
					name = "(plan)"
				}
				suite.Cases = append(suite.Cases, junitCase{Name: name, Classname: r.RuleID})
				worst[k] = r
			}
			if statusRank(r.Status) > statusRank(worst[k].Status) || (r.Enforced && !worst[k].Enforced) {
				worst[k] = r
			}
			line := string(r.Status) + ": " + r.Message
			if r.Attribute != "" {
				line = string(r.Status) + ": " + r.Attribute + ": " + r.Message
			}
			lines[k] = append(lines[k], line)
		}
		for k, i := range index {
			r := worst[k]
			text := strings.Join(lines[k], "\n")
			c := &suite.Cases[i]
			switch {
			case r.Enforced || r.Status == StatusFail:
				c.Failure = &junitMessage{Message: r.Message, Type: string(r.Severity), Text: text}
			case r.Status == StatusNotApplicable || r.Status == StatusWaived || r.Status == StatusBaselined || r.Status == StatusUndecidable:
				c.Skipped = &junitMessage{Message: string(r.Status) + ": " + r.Message, Text: text}
			default:
				c.SystemOut = text
			}
		}
		for _, c := range suite.Cases {
			suite.Tests++
			if c.Failure != nil {
				suite.Failures++
			}
			if c.Skipped != nil {
				suite.Skipped++
			}
		}
		root.Tests += suite.Tests
		root.Failures += suite.Failures
		root.Skipped += suite.Skipped
		root.Suites = append(root.Suites, suite)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(root); err != nil {
		return fmt.Errorf("encoding JUnit report: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

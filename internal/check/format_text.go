package check

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// textStyle colours the text report; the zero value prints plain text.
type textStyle struct{ color bool }

func (s textStyle) paint(code, text string) string {
	if !s.color {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

func (s textStyle) status(st Status) string {
	label := strings.ToUpper(string(st))
	switch st {
	case StatusFail:
		return s.paint("1;31", label)
	case StatusUndecidable:
		return s.paint("33", label)
	case StatusWaived, StatusBaselined:
		return s.paint("36", label)
	case StatusPass:
		return s.paint("32", label)
	}
	return label
}

// writeText prints findings that need a human (fail, undecidable, waived,
// baselined) grouped by guidance category and primary control, then the
// summary. Passing results are only counted: a 15k-instance plan must give a
// readable report.
func writeText(w io.Writer, rep *Report, style textStyle) error {
	var b strings.Builder
	type group struct {
		category, control string
		results           []Result
	}
	var groups []*group
	index := map[string]*group{}
	for _, r := range rep.Results {
		if r.Status == StatusPass || r.Status == StatusNotApplicable {
			continue
		}
		key := r.Category + "\x00" + r.Controls[0]
		g := index[key]
		if g == nil {
			g = &group{category: r.Category, control: r.Controls[0]}
			index[key] = g
			groups = append(groups, g)
		}
		g.results = append(g.results, r)
	}
	order := map[string]int{}
	titles := map[string]string{}
	for i, c := range rep.Controls {
		order[c.ID] = i
		titles[c.ID] = c.Title
	}
	slices.SortStableFunc(groups, func(a, b *group) int { return order[a.control] - order[b.control] })
	lastCategory := ""
	for _, g := range groups {
		if g.category != lastCategory {
			fmt.Fprintf(&b, "\n%s\n", style.paint("1", g.category))
			lastCategory = g.category
		}
		fmt.Fprintf(&b, "  %s %s\n", g.control, titles[g.control])
		for _, r := range g.results {
			subject := r.Address
			if subject == "" {
				subject = "(plan)"
			}
			if r.Attribute != "" {
				subject += " · " + r.Attribute
			}
			if len(rep.Plans) > 1 {
				subject = r.Plan + ": " + subject
			}
			// Written piece by piece: a big plan has thousands of
			// findings, and fmt's reflection showed in the profile.
			status := style.status(r.Status)
			b.WriteString("    ")
			b.WriteString(status)
			for n := utf8.RuneCountInString(status); n < 14; n++ {
				b.WriteByte(' ') // as %-14s pads
			}
			for _, s := range []string{" ", r.RuleID, " ", subject, " [", string(r.Severity), ", ", string(r.Enforcement), "]\n                   ", r.Message, "\n"} {
				b.WriteString(s)
			}
			if r.Location != nil {
				fmt.Fprintf(&b, "                   at %s:%d\n", r.Location.File, r.Location.Line)
			}
			if r.Unknown != nil && len(r.Unknown.From) > 0 {
				fmt.Fprintf(&b, "                   unknown %s ← %s\n", r.Unknown.Value, strings.Join(r.Unknown.From, ", "))
			}
			if r.Waiver != nil {
				fmt.Fprintf(&b, "                   waived until %s by %s: %s\n", r.Waiver.Expires, r.Waiver.Owner, r.Waiver.Reason)
			}
		}
	}
	writeControlSummary(&b, rep, style)
	for _, wv := range rep.Waivers.Expired {
		fmt.Fprintf(&b, "\n%s waivers[%d] (line %d, %s %s, owner %s) expired on %s: renew or remove it\n",
			style.status(StatusFail), wv.Index, wv.Line, wv.Rule+wv.Control, wv.Address, wv.Owner, wv.Expires)
	}
	for _, wv := range rep.Waivers.Unused {
		fmt.Fprintf(&b, "\nnote: waivers[%d] (line %d, %s %s) matched no finding: remove it\n", wv.Index, wv.Line, wv.Rule+wv.Control, wv.Address)
	}
	s := rep.Summary
	plans := make([]string, len(rep.Plans))
	for i, p := range rep.Plans {
		plans[i] = p.Source
	}
	fmt.Fprintf(&b, "\n%s: %d pass, %d fail, %d undecidable, %d not applicable, %d waived, %d baselined\n",
		strings.Join(plans, ", "), s.Pass, s.Fail, s.Undecidable, s.NotApplicable, s.Waived, s.Baselined)
	verdict := style.paint("1;32", "OK")
	if rep.ExitCode != 0 {
		verdict = style.paint("1;31", "FAILED")
	}
	fmt.Fprintf(&b, "%s: %d enforced failure(s), %d expired waiver(s) (unknown=%s, scope=%s)\n",
		verdict, s.EnforcedFailures, s.ExpiredWaivers, rep.Settings.Unknown, rep.Settings.Scope)
	_, err := io.WriteString(w, strings.TrimLeft(b.String(), "\n"))
	return err
}

// writeControlSummary lists every control that has results, by category,
// with its overall status and counts, so passing controls are visible too.
func writeControlSummary(b *strings.Builder, rep *Report, style textStyle) {
	header := false
	lastCategory := ""
	for _, c := range rep.Controls {
		if len(c.Counts) == 0 {
			continue
		}
		if !header {
			fmt.Fprintf(b, "\n%s\n", style.paint("1", "Controls"))
			header = true
		}
		if c.Category != lastCategory {
			fmt.Fprintf(b, "  %s\n", c.Category)
			lastCategory = c.Category
		}
		var counts []string
		for _, st := range []Status{StatusFail, StatusUndecidable, StatusWaived, StatusBaselined, StatusPass, StatusNotApplicable} {
			if n := c.Counts[st]; n > 0 {
				counts = append(counts, fmt.Sprintf("%d %s", n, strings.ReplaceAll(string(st), "_", " ")))
			}
		}
		fmt.Fprintf(b, "    %-14s %-7s %s (%s)\n", style.status(c.Status), c.ID, c.Title, strings.Join(counts, ", "))
	}
}

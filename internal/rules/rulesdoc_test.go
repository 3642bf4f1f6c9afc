package rules

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/commshield/terraform-provider-commshield/internal/controls"
)

// TestRulesDocFresh fails when the committed rule reference page differs
// from what the rule pack generates now (CI freshness check).
func TestRulesDocFresh(t *testing.T) {
	want := RenderRulesDoc(All(), controls.Load())
	path := filepath.Join("..", "..", RulesDocPath)
	have, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%s: %v; generate it with `make rules-doc` (or `go generate ./internal/rules`)", RulesDocPath, err)
	}
	if !bytes.Equal(have, want) {
		t.Fatalf("%s is stale (rules changed since it was generated): run `make rules-doc` "+
			"(or `go generate ./internal/rules`) and commit the result\n%s", RulesDocPath, firstDifference(have, want))
	}
	// tfplugindocs copies templates/guides/rules.md verbatim to docs/guides;
	// a rendered copy, when present, must match too.
	rendered := filepath.Join("..", "..", "docs", "guides", "rules.md")
	if docs, err := os.ReadFile(rendered); err == nil && !bytes.Equal(docs, want) {
		t.Fatalf("docs/guides/rules.md differs from %s: run `make docs` (tfplugindocs generate) after `make rules-doc`", RulesDocPath)
	}
}

func firstDifference(have, want []byte) string {
	hl, wl := strings.Split(string(have), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(hl) || i < len(wl); i++ {
		var h, w string
		if i < len(hl) {
			h = hl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if h != w {
			return fmt.Sprintf("first difference at line %d:\n  committed: %s\n  generated: %s", i+1, h, w)
		}
	}
	return ""
}

// TestRenderRulesDoc checks the page's content, not only its freshness:
// every rule, its controls, equivalents and parameter defaults appear, and
// the front matter is what the Terraform Registry expects of a guide.
func TestRenderRulesDoc(t *testing.T) {
	all := All()
	page := string(RenderRulesDoc(all, controls.Load()))
	if !strings.HasPrefix(page, "---\npage_title: ") {
		t.Errorf("page does not start with guide front matter")
	}
	for _, r := range all {
		if !strings.Contains(page, "### "+r.ID+"\n") {
			t.Errorf("rule %s has no section", r.ID)
		}
		for _, c := range r.AWSConfigRules {
			if !strings.Contains(page, "`"+c+"`") {
				t.Errorf("rule %s: AWS Config rule %s missing", r.ID, c)
			}
		}
		for _, p := range r.Params {
			if !strings.Contains(page, "`"+p.Name+"`") {
				t.Errorf("rule %s: parameter %s missing", r.ID, p.Name)
			}
		}
	}
	if !strings.Contains(page, "| `ELBSecurityPolicy-TLS13-1-3-PQ-2025-09` | pq-hybrid | 1.3 | no | yes |") {
		t.Errorf("the TLS policy catalog appendix is missing or wrong")
	}
	if !strings.Contains(page, "`\"tls13\"`") {
		t.Errorf("string parameter defaults are not rendered quoted")
	}
}

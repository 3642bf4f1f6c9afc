// Command rulesdoc writes the rule reference page (templates/guides/rules.md)
// from the rule pack, or with -check reports whether the committed page is
// stale. It runs through `go generate ./internal/rules` and `make rules-doc`.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/commshield/terraform-provider-commshield/internal/controls"
	"github.com/commshield/terraform-provider-commshield/internal/rules"
)

func main() {
	out := flag.String("out", rules.RulesDocPath, "file to write")
	check := flag.Bool("check", false, "do not write; exit 1 when the file differs from what would be generated")
	flag.Parse()
	if err := run(*out, *check); err != nil {
		fmt.Fprintln(os.Stderr, "rulesdoc:", err)
		os.Exit(1)
	}
}

func run(out string, check bool) error {
	page := rules.RenderRulesDoc(rules.All(), controls.Load())
	if check {
		have, err := os.ReadFile(out)
		if err != nil {
			return fmt.Errorf("reading %s: %w (generate it with `make rules-doc`)", out, err)
		}
		if !bytes.Equal(have, page) {
			return fmt.Errorf("%s is stale: run `make rules-doc` (or `go generate ./internal/rules`) and commit the result", out)
		}
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return fmt.Errorf("creating the directory of %s: %w", out, err)
	}
	if err := os.WriteFile(out, page, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", out, err)
	}
	return nil
}

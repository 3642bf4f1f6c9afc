// Command plangen scales a real plan JSON to N resource instances for
// benchmarks (see internal/plan/plangen).
//
//	go run ./tools/plangen -template internal/plan/testdata/corpus/checkov__runner_plan_nested_child_modules_with_connections.json -n 15000 -o /tmp/plan15k.json
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/commshield/terraform-provider-commshield/internal/plan/plangen"
)

func main() {
	templatePath := flag.String("template", "internal/plan/testdata/corpus/checkov__runner_plan_nested_child_modules_with_connections.json", "real plan JSON to scale")
	n := flag.Int("n", 15000, "resource instances to generate")
	tags := flag.Int("tags", 0, "tags per instance (0: default, ~4 KB per instance)")
	out := flag.String("o", "-", "output file (- for stdout)")
	flag.Parse()
	if err := run(*templatePath, *n, *tags, *out); err != nil {
		fmt.Fprintln(os.Stderr, "plangen:", err)
		os.Exit(1)
	}
}

func run(templatePath string, n, tags int, out string) error {
	tpl, err := os.ReadFile(templatePath)
	if err != nil {
		return fmt.Errorf("reading template: %w", err)
	}
	w := os.Stdout
	if out != "-" {
		f, err := os.Create(out)
		if err != nil {
			return fmt.Errorf("creating output: %w", err)
		}
		defer f.Close()
		w = f
	}
	if err := plangen.Generate(tpl, plangen.Options{Instances: n, TagsPerInstance: tags}, w); err != nil {
		return err
	}
	if out != "-" {
		return w.Close()
	}
	return nil
}

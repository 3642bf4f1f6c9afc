package check

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/commshield/terraform-provider-commshield/internal/plan"
	"github.com/commshield/terraform-provider-commshield/internal/rules"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

func compileSchema(t *testing.T, path, id string) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(id, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(id)
	if err != nil {
		t.Fatalf("compiling %s: %v", path, err)
	}
	return sch
}

func validate(t *testing.T, sch *jsonschema.Schema, data []byte) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	return sch.Validate(inst)
}

// TestJSONReportMatchesSchema validates reports of the whole rule pack (not
// only the seed rules) against report.schema.json, for several option sets.
func TestJSONReportMatchesSchema(t *testing.T) {
	sch := compileSchema(t, "report.schema.json", "https://github.com/commshield/terraform-provider-commshield/internal/check/report.schema.json")
	for _, args := range [][]string{
		{demoPlan},
		append(goldenArgs(), demoPlan),
		{"--unknown", "fail", "--scope", "changes", demoPlan, tfDataPlan},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, stdout, stderr := runWith(t, nil, append([]string{"--format", "json"}, args...)...)
			if code == ExitUsage {
				t.Fatalf("exit 2: %s", stderr)
			}
			if err := validate(t, sch, []byte(stdout)); err != nil {
				t.Fatalf("report does not match report.schema.json: %v", err)
			}
		})
	}
}

func TestJSONSchemaRejectsBrokenReports(t *testing.T) {
	sch := compileSchema(t, "report.schema.json", "https://github.com/commshield/terraform-provider-commshield/internal/check/report.schema.json")
	_, stdout, _ := runWith(t, seedRules(t), "--format", "json", demoPlan)
	for name, mutate := range map[string]func(string) string{
		"unknown status":  func(s string) string { return strings.Replace(s, `"status": "fail"`, `"status": "failed"`, 1) },
		"missing summary": func(s string) string { return strings.Replace(s, `"summary"`, `"summry"`, 1) },
	} {
		t.Run(name, func(t *testing.T) {
			if err := validate(t, sch, []byte(mutate(stdout))); err == nil {
				t.Fatal("the schema accepted a broken report")
			}
		})
	}
}

// TestSARIFValidatesAgainstSchema checks SARIF output, with and without
// physical locations, against the OASIS SARIF 2.1.0 schema (vendored).
func TestSARIFValidatesAgainstSchema(t *testing.T) {
	sch := compileSchema(t, "testdata/sarif/sarif-2.1.0-rtm.5.json", "https://raw.githubusercontent.com/schemastore/schemastore/master/src/schemas/json/sarif-2.1.0-rtm.5.json")
	for _, args := range [][]string{
		{demoPlan},
		append(goldenArgs(), demoPlan),
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, stdout, stderr := runWith(t, nil, append([]string{"--format", "sarif"}, args...)...)
			if code == ExitUsage {
				t.Fatalf("exit 2: %s", stderr)
			}
			if err := validate(t, sch, []byte(stdout)); err != nil {
				t.Fatalf("SARIF does not match the 2.1.0 schema: %v", err)
			}
		})
	}
	if err := validate(t, sch, []byte(`{"version": "2.1.0", "runs": [{"tool": {}}]}`)); err == nil {
		t.Fatal("the vendored schema accepts a run without tool.driver: it is not the SARIF schema")
	}
}

// TestNoSensitiveValueInAnyFormat: the demo plan carries a sensitive CIDR
// that a rule message would print (the lab default security group allows
// it) and a sensitive password; no format may show either.
func TestNoSensitiveValueInAnyFormat(t *testing.T) {
	secrets := []string{"198.51.100.77", "demo-Passw0rd-never-printed"}
	raw, err := os.ReadFile(demoPlan)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range secrets {
		if !bytes.Contains(raw, []byte(s)) {
			t.Fatalf("the fixture plan does not contain %q: the test would prove nothing", s)
		}
	}
	for _, format := range formats {
		t.Run(format, func(t *testing.T) {
			code, stdout, stderr := runWith(t, nil, append(goldenArgs(), "--format", format, demoPlan)...)
			if code == ExitUsage {
				t.Fatalf("exit 2: %s", stderr)
			}
			for _, s := range secrets {
				if strings.Contains(stdout, s) || strings.Contains(stderr, s) {
					t.Errorf("%s output contains the sensitive value %q", format, s)
				}
			}
			if format == "json" && !strings.Contains(stdout, `"address": "aws_default_security_group.lab"`) {
				t.Errorf("the finding on the rule carrying the sensitive CIDR is missing: the test proves nothing")
			}
		})
	}
}

// TestEngineRedactsCarelessRules: a rule that formats a sensitive value
// itself (instead of through rules.Display) still cannot leak it.
func TestEngineRedactsCarelessRules(t *testing.T) {
	careless := &rules.Rule{
		Metadata: rules.Metadata{ID: "GEN-R98", Title: "prints raw values", Severity: rules.SeverityLow, Kind: rules.KindResource,
			Controls: []string{"GEN-01"}, ResourceTypes: []string{"aws_default_security_group"}, Rationale: "r", Remediation: "m"},
		CheckResource: func(_ *rules.Evaluation, r *plan.Resource) []rules.Finding {
			cidrs, _ := rules.Strings(rules.At(r.Value(), "ingress", 0, "cidr_blocks"))
			return []rules.Finding{rules.Fail(r, "ingress", "peers: %s", strings.Join(cidrs, ","))}
		},
	}
	_, stdout, stderr := runWith(t, []*rules.Rule{careless}, "--format", "json", demoPlan)
	if strings.Contains(stdout, "198.51.100.77") {
		t.Fatal("the engine let a sensitive value through a rule message")
	}
	if !strings.Contains(stdout, "peers: (sensitive value)") {
		t.Fatalf("expected the redacted message; stderr %s", stderr)
	}
}

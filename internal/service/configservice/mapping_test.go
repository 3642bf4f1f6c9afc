package configservice

import (
	"compress/gzip"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/commshield/terraform-provider-commshield/internal/controls"
	"github.com/commshield/terraform-provider-commshield/internal/rules"
)

func TestSourceIdentifier(t *testing.T) {
	tests := []struct{ identifier, want string }{
		{"vpc-flow-logs-enabled", "VPC_FLOW_LOGS_ENABLED"},
		{"cloud-trail-log-file-validation-enabled", "CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED"},
		{"restricted-ssh", "INCOMING_SSH_DISABLED"},
		{"restricted-common-ports", "RESTRICTED_INCOMING_TRAFFIC"},
		{"multi-region-cloudtrail-enabled", "MULTI_REGION_CLOUD_TRAIL_ENABLED"},
		{"cloudtrail-enabled", "CLOUD_TRAIL_ENABLED"},
		{"ec2-instance-managed-by-systems-manager", "EC2_INSTANCE_MANAGED_BY_SSM"},
		{"s3-bucket-ssl-requests-only", "S3_BUCKET_SSL_REQUESTS_ONLY"},
	}
	for _, tt := range tests {
		if got := SourceIdentifier(tt.identifier); got != tt.want {
			t.Errorf("SourceIdentifier(%q) = %q, want %q", tt.identifier, got, tt.want)
		}
	}
}

// managedRuleList reads moto's copy of the AWS managed-rule list (keyed by
// SourceIdentifier, with each rule's parameters).
func managedRuleList(t *testing.T) map[string]struct {
	Parameters []struct {
		Name     string
		Optional bool
	}
} {
	t.Helper()
	// The same Pythons the acceptance harness tries (internal/acctest):
	// python3 on PATH, else the virtualenv `make tools` creates. Like the
	// harness, a missing moto fails the test rather than skipping it.
	var out []byte
	var err error
	for _, py := range []string{"python3", filepath.Join("..", "..", "..", ".tools", "moto-venv", "bin", "python")} {
		if out, err = exec.CommandContext(t.Context(), py, "-c", "import moto,os;print(os.path.dirname(moto.__file__))").Output(); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatalf("moto not found (neither python3 nor .tools/moto-venv can import it; `make tools` installs it): %v", err)
	}
	f, err := os.Open(filepath.Join(strings.TrimSpace(string(out)), "config", "resources", "aws_managed_rules.json.gz"))
	if err != nil {
		t.Fatalf("moto's managed-rule list: %v", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("moto's managed-rule list: %v", err)
	}
	var doc struct {
		ManagedRules map[string]struct {
			Parameters []struct {
				Name     string
				Optional bool
			}
		}
	}
	if err := json.NewDecoder(zr).Decode(&doc); err != nil {
		t.Fatalf("moto's managed-rule list: %v", err)
	}
	return doc.ManagedRules
}

// Every deployable catalog identifier must resolve to a real managed rule
// and carry every parameter that rule requires.
func TestEveryDeployableRuleIsAManagedRule(t *testing.T) {
	managed := managedRuleList(t)
	selected, err := Select(controls.Load(), rules.All(), Selection{})
	if err != nil {
		t.Fatal(err)
	}
	if len(selected) < 100 {
		t.Errorf("only %d rules deployable from the whole catalog", len(selected))
	}
	for _, m := range selected {
		info, ok := managed[m.SourceIdentifier]
		if !ok {
			t.Errorf("%s → %s: not an AWS managed rule; add an exception or exclusion", m.Identifier, m.SourceIdentifier)
			continue
		}
		for _, p := range info.Parameters {
			if _, set := m.InputParameters[p.Name]; !p.Optional && !set {
				t.Errorf("%s: required parameter %s has no default", m.Identifier, p.Name)
			}
		}
	}
	for id := range excludedManagedRules {
		if slices.ContainsFunc(selected, func(m ManagedRule) bool { return m.Identifier == id }) {
			t.Errorf("excluded %s was selected", id)
		}
	}
}

func TestSelect(t *testing.T) {
	catalog, ruleCatalog := controls.Load(), rules.All()
	tests := []struct {
		name         string
		sel          Selection
		wantIncluded []string
		wantAbsent   []string
		wantErrField string
		wantErrText  string
	}{
		{name: "all by default", sel: Selection{}, wantIncluded: []string{"vpc-flow-logs-enabled", "restricted-ssh", "cloud-trail-log-file-validation-enabled"}},
		{name: "one control", sel: Selection{Controls: []string{"LOG-01"}}, wantIncluded: []string{"vpc-flow-logs-enabled"}, wantAbsent: []string{"restricted-ssh"}},
		{name: "category", sel: Selection{Categories: []string{"network_traffic"}}, wantIncluded: []string{"restricted-ssh"}, wantAbsent: []string{"access-keys-rotated"}},
		{name: "exclude", sel: Selection{Controls: []string{"LOG-01"}, ExcludeRules: []string{"vpc-flow-logs-enabled"}}, wantAbsent: []string{"vpc-flow-logs-enabled"}},
		{name: "unknown control", sel: Selection{Controls: []string{"LOG-99"}}, wantErrField: "controls", wantErrText: "LOG-01"},
		{name: "unknown category", sel: Selection{Categories: []string{"nope"}}, wantErrField: "categories", wantErrText: "logging_monitoring"},
		{name: "unknown exclusion", sel: Selection{ExcludeRules: []string{"no-such-rule"}}, wantErrField: "exclude_rules", wantErrText: "vpc-flow-logs-enabled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Select(catalog, ruleCatalog, tt.sel)
			if tt.wantErrField != "" {
				var selErr *SelectionError
				if !errors.As(err, &selErr) || selErr.Field != tt.wantErrField || !strings.Contains(selErr.Message, tt.wantErrText) {
					t.Fatalf("error = %v, want a %s error listing %s", err, tt.wantErrField, tt.wantErrText)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			ids := map[string]ManagedRule{}
			for _, m := range got {
				ids[m.Identifier] = m
				if len(m.Controls) == 0 || len(m.CommshieldRules) == 0 {
					t.Errorf("%s has no controls or commshield rules: %+v", m.Identifier, m)
				}
			}
			for _, id := range tt.wantIncluded {
				if _, ok := ids[id]; !ok {
					t.Errorf("%s not selected", id)
				}
			}
			for _, id := range tt.wantAbsent {
				if _, ok := ids[id]; ok {
					t.Errorf("%s selected", id)
				}
			}
			for _, c := range tt.sel.Controls {
				for _, m := range got {
					if !slices.Contains(m.Controls, c) {
						t.Errorf("%s lists controls %v, want only the selected %v", m.Identifier, m.Controls, tt.sel.Controls)
					}
				}
			}
		})
	}
}

// A selection whose only rules are all excluded yields nothing: an error.
func TestSelectEmptyIsAnError(t *testing.T) {
	catalog, ruleCatalog := controls.Load(), rules.All()
	only, err := Select(catalog, ruleCatalog, Selection{Controls: []string{"LOG-01"}})
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, m := range only {
		all = append(all, m.Identifier)
	}
	_, err = Select(catalog, ruleCatalog, Selection{Controls: []string{"LOG-01"}, ExcludeRules: all})
	var selErr *SelectionError
	if !errors.As(err, &selErr) || !strings.Contains(selErr.Message, "no deployable") {
		t.Fatalf("error = %v, want a no-deployable-rule error", err)
	}
}

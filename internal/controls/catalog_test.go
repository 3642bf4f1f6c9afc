package controls

import (
	"regexp"
	"strings"
	"testing"
)

func TestEmbeddedCatalogCounts(t *testing.T) {
	cat := Load()
	ctls := cat.Controls()
	if len(ctls) != 77 {
		t.Fatalf("catalog has %d controls, the guidance note lists 77 (75 + 2 extensions)", len(ctls))
	}
	perPrefix := map[string]int{}
	perPlan := map[Checkability]int{}
	extensions := 0
	for _, c := range ctls {
		perPrefix[strings.SplitN(c.ID, "-", 2)[0]]++
		perPlan[c.Plan]++
		if c.Extension {
			extensions++
		}
	}
	wantPrefix := map[string]int{"LOG": 13, "CFG": 6, "IAM": 13, "NET": 19, "CRY": 11, "VUL": 13, "GEN": 2}
	for p, want := range wantPrefix {
		if perPrefix[p] != want {
			t.Errorf("%s: %d controls, want %d", p, perPrefix[p], want)
		}
	}
	if len(perPrefix) != len(wantPrefix) {
		t.Errorf("prefixes %v, want exactly %v", perPrefix, wantPrefix)
	}
	if extensions != 2 {
		t.Errorf("%d extensions, want 2 (CRY-X1, CRY-X2)", extensions)
	}
	wantPlan := map[Checkability]int{PlanYes: 25, PlanPartly: 48, PlanNo: 4}
	for p, want := range wantPlan {
		if perPlan[p] != want {
			t.Errorf("plan=%s: %d controls, want %d", p, perPlan[p], want)
		}
	}
	var notCheckable []string
	for _, c := range ctls {
		if !c.Plan.Checkable() {
			notCheckable = append(notCheckable, c.ID)
		}
	}
	if got := strings.Join(notCheckable, ","); got != "IAM-13,NET-16,VUL-11,GEN-01" {
		t.Errorf("not plan-checkable: %s, want IAM-13,NET-16,VUL-11,GEN-01", got)
	}
}

func TestEmbeddedCatalogFields(t *testing.T) {
	cat := Load()
	idPattern := regexp.MustCompile(`^(LOG|CFG|IAM|NET|CRY|VUL|GEN)-(0[1-9]|1[0-9]|X[12])$`)
	resourceType := regexp.MustCompile(`^aws_[a-z0-9_]+$`)
	seen := map[string]bool{}
	for _, c := range cat.Controls() {
		if !idPattern.MatchString(c.ID) {
			t.Errorf("%q: malformed ID", c.ID)
		}
		if seen[c.ID] {
			t.Errorf("%s: duplicate ID", c.ID)
		}
		seen[c.ID] = true
		for name, v := range map[string]string{
			"category": c.Category, "title": c.Title, "summary": c.Summary,
			"section": c.Section, "section name": c.SectionName, "cloud": string(c.Cloud),
			"plan": string(c.Plan), "plan note": c.PlanNote,
		} {
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s: empty %s", c.ID, name)
			}
		}
		if _, ok := cat.Category(c.Category); !ok {
			t.Errorf("%s: category %q not in Categories()", c.ID, c.Category)
		}
		if c.Plan.Checkable() && len(c.ResourceTypes) == 0 {
			t.Errorf("%s: plan-checkable control without resource types to inspect", c.ID)
		}
		for _, rt := range c.ResourceTypes {
			if !resourceType.MatchString(rt) {
				t.Errorf("%s: resource type %q is not an aws_* type name", c.ID, rt)
			}
		}
		// Only rows outside the aws-samples mapping table (Cisco-specific,
		// incident reporting, extensions) may lack a mapping row.
		switch c.Section {
		case "CSC", "IR", "ext":
			if c.AWSMappingRow != 0 {
				t.Errorf("%s: section %s has no row in the AWS mapping, got %d", c.ID, c.Section, c.AWSMappingRow)
			}
		default:
			if c.AWSMappingRow < 1 || c.AWSMappingRow > 36 {
				t.Errorf("%s: AWS mapping row %d outside 1..36", c.ID, c.AWSMappingRow)
			}
		}
		if c.Extension != (c.Section == "ext") {
			t.Errorf("%s: extension=%v but section %q", c.ID, c.Extension, c.Section)
		}
		if len(c.References) == 0 || !strings.HasPrefix(c.References[0].URL, "https://www.cisa.gov/") || c.References[0].Section == "" {
			t.Errorf("%s: first reference must be the guidance with a section, got %+v", c.ID, c.References)
		}
		// Titles stay short enough for report headings.
		if len(c.Title) > 60 {
			t.Errorf("%s: title %q longer than 60 characters", c.ID, c.Title)
		}
	}
}

func TestControlsSortedByCategoryThenID(t *testing.T) {
	cat := Load()
	order := map[string]int{}
	for i, c := range cat.Categories() {
		order[c.ID] = i
	}
	want := []string{"logging_monitoring", "configuration_change", "identity_access", "network_traffic", "cryptography", "vulnerability_management", "general"}
	for i, c := range cat.Categories() {
		if i >= len(want) || c.ID != want[i] || c.Name == "" {
			t.Fatalf("category %d = %+v, want ID %q with a display name", i, c, want[i])
		}
	}
	ctls := cat.Controls()
	for i := 1; i < len(ctls); i++ {
		a, b := ctls[i-1], ctls[i]
		if order[a.Category] > order[b.Category] || (a.Category == b.Category && a.ID >= b.ID) {
			t.Errorf("controls out of order: %s before %s", a.ID, b.ID)
		}
	}
	if ctls[0].ID != "LOG-01" || ctls[len(ctls)-1].ID != "GEN-02" {
		t.Errorf("first/last = %s/%s, want LOG-01/GEN-02", ctls[0].ID, ctls[len(ctls)-1].ID)
	}
}

func TestLookup(t *testing.T) {
	cat := Load()
	tests := []struct {
		id        string
		found     bool
		extension bool
		plan      Checkability
		cloud     Applicability
	}{
		{"LOG-01", true, false, PlanYes, AppliesYes},
		{"NET-16", true, false, PlanNo, AppliesNA},
		{"NET-17", true, false, PlanPartly, AppliesNA},
		{"CRY-X1", true, true, PlanYes, AppliesYes},
		{"GEN-02", true, false, PlanPartly, AppliesYes},
		{"LOG-14", false, false, "", ""},
		{"log-01", false, false, "", ""},
	}
	for _, tt := range tests {
		c, ok := cat.Lookup(tt.id)
		if ok != tt.found {
			t.Errorf("Lookup(%q) found=%v, want %v", tt.id, ok, tt.found)
			continue
		}
		if !ok {
			continue
		}
		if c.ID != tt.id || c.Extension != tt.extension || c.Plan != tt.plan || c.Cloud != tt.cloud {
			t.Errorf("Lookup(%q) = %s ext=%v plan=%s cloud=%s, want ext=%v plan=%s cloud=%s",
				tt.id, c.ID, c.Extension, c.Plan, c.Cloud, tt.extension, tt.plan, tt.cloud)
		}
	}
	ext, _ := cat.Lookup("CRY-X2")
	if len(ext.References) < 2 || !strings.Contains(ext.References[len(ext.References)-1].URL, "aws.amazon.com/blogs") {
		t.Errorf("extension CRY-X2 must reference the AWS blog, got %+v", ext.References)
	}
}

// Callers get copies: changing a returned control must not change what the
// next caller sees.
func TestCatalogIsImmutable(t *testing.T) {
	cat := Load()
	c, _ := cat.Lookup("LOG-05")
	c.ResourceTypes[0] = "changed"
	c.References[0].URL = "changed"
	list := cat.Controls()
	list[0].ResourceTypes[0] = "changed"
	cats := cat.Categories()
	cats[0].Name = "changed"

	again, _ := Load().Lookup("LOG-05")
	if again.ResourceTypes[0] == "changed" || again.References[0].URL == "changed" {
		t.Error("Lookup returned shared slices")
	}
	if Load().Controls()[0].ResourceTypes[0] == "changed" {
		t.Error("Controls returned shared slices")
	}
	if Load().Categories()[0].Name == "changed" {
		t.Error("Categories returned a shared slice")
	}
}

func TestParseRejectsBadData(t *testing.T) {
	base := `{"guidance":{"title":"g","url":"https://www.cisa.gov/x"},"aws_mapping":{"title":"m","url":"u"},"aws_blog":{"title":"b","url":"u"},
"sections":{"V-NE":"n"},"categories":[{"id":"logging_monitoring","prefix":"LOG","name":"Logging"}],"controls":[%s]}`
	ok := `{"id":"LOG-01","category":"logging_monitoring","section":"V-NE","aws_row":3,"title":"t","summary":"s","cloud":"yes","plan":"yes","plan_note":"n","resource_types":["aws_flow_log"]}`
	tests := []struct {
		name, controls, wantErr string
	}{
		{"valid", ok, ""},
		{"duplicate", ok + "," + ok, "listed twice"},
		{"unknown category", strings.Replace(ok, `"logging_monitoring"`, `"nope"`, 1), "unknown category"},
		{"wrong prefix", strings.Replace(ok, `"LOG-01"`, `"NET-01"`, 1), "must start with"},
		{"unknown section", strings.Replace(ok, `"V-NE"`, `"X"`, 1), "unknown section"},
		{"bad cloud", strings.Replace(ok, `"cloud":"yes"`, `"cloud":"maybe"`, 1), "cloud must be"},
		{"bad plan", strings.Replace(ok, `"plan":"yes"`, `"plan":"sometimes"`, 1), "plan must be"},
		{"unknown field", strings.Replace(ok, `"title"`, `"titel"`, 1), "unknown field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(strings.Replace(base, "%s", tt.controls, 1)))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
	if _, err := Parse([]byte(`{"controls":`)); err == nil || !strings.Contains(err.Error(), "parse control catalog") {
		t.Errorf("truncated JSON: error = %v", err)
	}
}

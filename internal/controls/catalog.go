// Package controls is the control catalog: every recommendation of the
// CISA/NSA/FBI "Enhanced Visibility and Hardening Guidance for
// Communications Infrastructure" (LOG-01 … GEN-02, plus the two
// data-at-rest extensions CRY-X1/CRY-X2) with its category, our own summary,
// where it sits in the guidance, whether it applies to AWS and whether a
// Terraform plan can show it.
//
// The catalog is embedded data (catalog.json), parsed once into immutable
// values: every accessor returns copies, so callers cannot change what other
// callers see.
package controls

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
)

//go:embed catalog.json
var catalogJSON []byte

// Applicability says whether a recommendation applies to an AWS deployment.
type Applicability string

const (
	// AppliesYes: the customer controls it in AWS.
	AppliesYes Applicability = "yes"
	// AppliesPart: only to customer-run appliances or the customer's half of
	// the shared-responsibility model.
	AppliesPart Applicability = "part"
	// AppliesNA: AWS operates it; nothing for the customer to configure.
	AppliesNA Applicability = "na"
)

// Checkability says how much of a recommendation a Terraform plan can show.
type Checkability string

const (
	PlanYes    Checkability = "yes"
	PlanPartly Checkability = "partly"
	PlanNo     Checkability = "no"
)

// Checkable reports whether rules are expected for a control (yes or partly).
func (c Checkability) Checkable() bool { return c == PlanYes || c == PlanPartly }

// Category is one of the seven groups of the catalog.
type Category struct {
	ID     string // e.g. "logging_monitoring"
	Prefix string // control-ID prefix, e.g. "LOG"
	Name   string // display name, e.g. "Logging and monitoring"
}

// Reference points to a source of a control.
type Reference struct {
	Title   string
	URL     string
	Section string
}

// Control is one recommendation.
type Control struct {
	ID       string // "LOG-01"
	Category string // Category.ID
	// Extension marks rows that are not a bullet of the guidance itself
	// (CRY-X1, CRY-X2 come from the AWS blog's data-at-rest category).
	Extension bool
	Title     string
	Summary   string
	// Section is the guidance section code: V-NE, V-ND, H-NE, H-ND, H-JT,
	// CSC, SbD, IR, or ext for extensions; SectionName spells it out.
	Section     string
	SectionName string
	// AWSMappingRow is the row of the aws-samples mapping table
	// (CISA_guidelines_mapped_to_AWS.md); 0 when that table has no row for
	// the control (Cisco-specific, incident reporting, extensions).
	AWSMappingRow int
	Cloud         Applicability
	Plan          Checkability
	// PlanNote says which part of the recommendation a plan can show.
	PlanNote string
	// ResourceTypes are the hashicorp/aws resource types to inspect.
	ResourceTypes []string
	References    []Reference
}

func (c Control) clone() Control {
	c.ResourceTypes = slices.Clone(c.ResourceTypes)
	c.References = slices.Clone(c.References)
	return c
}

// Catalog is the parsed, immutable catalog.
type Catalog struct {
	categories []Category
	controls   []Control // sorted by category order, then ID
	byID       map[string]int
}

// Load returns the embedded catalog. It is parsed once; the embedded data
// is validated by the package tests, so a parse failure is a build defect and
// panics.
func Load() *Catalog { return loadOnce() }

var loadOnce = sync.OnceValue(func() *Catalog {
	c, err := Parse(catalogJSON)
	if err != nil {
		panic(fmt.Sprintf("embedded control catalog: %v", err))
	}
	return c
})

// Controls returns every control, sorted by category (in catalog order:
// LOG, CFG, IAM, NET, CRY, VUL, GEN) and then by ID.
func (c *Catalog) Controls() []Control {
	out := make([]Control, len(c.controls))
	for i, ctl := range c.controls {
		out[i] = ctl.clone()
	}
	return out
}

// Lookup returns the control with the given ID.
func (c *Catalog) Lookup(id string) (Control, bool) {
	i, ok := c.byID[id]
	if !ok {
		return Control{}, false
	}
	return c.controls[i].clone(), true
}

// Categories returns the categories in catalog order.
func (c *Catalog) Categories() []Category { return slices.Clone(c.categories) }

// Category returns the category with the given ID.
func (c *Catalog) Category(id string) (Category, bool) {
	for _, cat := range c.categories {
		if cat.ID == id {
			return cat, true
		}
	}
	return Category{}, false
}

type source struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

type document struct {
	Guidance   source            `json:"guidance"`
	AWSMapping source            `json:"aws_mapping"`
	AWSBlog    source            `json:"aws_blog"`
	Sections   map[string]string `json:"sections"`
	Categories []struct {
		ID     string `json:"id"`
		Prefix string `json:"prefix"`
		Name   string `json:"name"`
	} `json:"categories"`
	Controls []struct {
		ID            string   `json:"id"`
		Category      string   `json:"category"`
		Extension     bool     `json:"extension"`
		Title         string   `json:"title"`
		Summary       string   `json:"summary"`
		Section       string   `json:"section"`
		AWSRow        int      `json:"aws_row"`
		Cloud         string   `json:"cloud"`
		Plan          string   `json:"plan"`
		PlanNote      string   `json:"plan_note"`
		ResourceTypes []string `json:"resource_types"`
	} `json:"controls"`
}

// Parse reads catalog data in the format of the embedded catalog.json and
// validates it: known categories and sections, IDs that carry their
// category's prefix and are unique, and the enumerated values.
func Parse(data []byte) (*Catalog, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var doc document
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("parse control catalog: %w", err)
	}
	cat := &Catalog{byID: make(map[string]int, len(doc.Controls))}
	order := make(map[string]int, len(doc.Categories))
	prefixes := make(map[string]string, len(doc.Categories))
	for i, c := range doc.Categories {
		if c.ID == "" || c.Prefix == "" || c.Name == "" {
			return nil, fmt.Errorf("control catalog: category %d: id, prefix and name are required", i)
		}
		if _, dup := order[c.ID]; dup {
			return nil, fmt.Errorf("control catalog: category %q listed twice", c.ID)
		}
		order[c.ID] = i
		prefixes[c.ID] = c.Prefix
		cat.categories = append(cat.categories, Category{ID: c.ID, Prefix: c.Prefix, Name: c.Name})
	}
	for _, raw := range doc.Controls {
		if _, dup := cat.byID[raw.ID]; dup {
			return nil, fmt.Errorf("control catalog: control %q listed twice", raw.ID)
		}
		cat.byID[raw.ID] = -1 // final index set after sorting
		prefix, ok := prefixes[raw.Category]
		if !ok {
			return nil, fmt.Errorf("control catalog: control %q: unknown category %q", raw.ID, raw.Category)
		}
		if !strings.HasPrefix(raw.ID, prefix+"-") {
			return nil, fmt.Errorf("control catalog: control %q: ID must start with %q for category %q", raw.ID, prefix+"-", raw.Category)
		}
		sectionName, ok := doc.Sections[raw.Section]
		if !ok {
			return nil, fmt.Errorf("control catalog: control %q: unknown section %q", raw.ID, raw.Section)
		}
		cloud := Applicability(raw.Cloud)
		if cloud != AppliesYes && cloud != AppliesPart && cloud != AppliesNA {
			return nil, fmt.Errorf("control catalog: control %q: cloud must be yes, part or na, not %q", raw.ID, raw.Cloud)
		}
		planned := Checkability(raw.Plan)
		if planned != PlanYes && planned != PlanPartly && planned != PlanNo {
			return nil, fmt.Errorf("control catalog: control %q: plan must be yes, partly or no, not %q", raw.ID, raw.Plan)
		}
		refs := []Reference{{Title: doc.Guidance.Title, URL: doc.Guidance.URL, Section: sectionName}}
		if raw.AWSRow > 0 {
			refs = append(refs, Reference{Title: doc.AWSMapping.Title, URL: doc.AWSMapping.URL, Section: fmt.Sprintf("row %d", raw.AWSRow)})
		}
		if raw.Extension {
			refs = append(refs, Reference{Title: doc.AWSBlog.Title, URL: doc.AWSBlog.URL, Section: "data at rest"})
		}
		cat.controls = append(cat.controls, Control{
			ID:            raw.ID,
			Category:      raw.Category,
			Extension:     raw.Extension,
			Title:         raw.Title,
			Summary:       raw.Summary,
			Section:       raw.Section,
			SectionName:   sectionName,
			AWSMappingRow: raw.AWSRow,
			Cloud:         cloud,
			Plan:          planned,
			PlanNote:      raw.PlanNote,
			ResourceTypes: slices.Clone(raw.ResourceTypes),
			References:    refs,
		})
	}
	slices.SortStableFunc(cat.controls, func(a, b Control) int {
		if d := order[a.Category] - order[b.Category]; d != 0 {
			return d
		}
		return strings.Compare(a.ID, b.ID)
	})
	for i, c := range cat.controls {
		cat.byID[c.ID] = i
	}
	return cat, nil
}

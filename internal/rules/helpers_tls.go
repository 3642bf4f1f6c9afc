package rules

import (
	_ "embed"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// The approved-TLS-policy catalog lives in data/tls_policies.yaml so that
// the rules, the provider's commshield_tls_policies data source and its
// tls_policy_is_approved function judge policy names from the same list.

//go:embed data/tls_policies.yaml
var tlsPoliciesYAML []byte

// TLS strength levels, weakest first (see data/tls_policies.yaml).
const (
	TLSLevelLegacy   = "legacy"
	TLSLevelTLS12    = "tls12"
	TLSLevelTLS13    = "tls13"
	TLSLevelPQHybrid = "pq-hybrid"
)

// TLSLevels lists the levels weakest first.
var TLSLevels = []string{TLSLevelLegacy, TLSLevelTLS12, TLSLevelTLS13, TLSLevelPQHybrid}

// TLSLevelRank orders levels; -1 for an unknown level.
func TLSLevelRank(level string) int { return slices.Index(TLSLevels, strings.ToLower(level)) }

// TLSPolicy is one predefined AWS security policy.
type TLSPolicy struct {
	Name  string `yaml:"name"`
	Level string `yaml:"level"`
	// MinTLS is the lowest negotiable protocol version, "1.0" … "1.3".
	MinTLS string `yaml:"min_tls"`
	FIPS   bool   `yaml:"fips"`
	PQ     bool   `yaml:"pq"`
}

// TLSService is the policy list of one AWS service.
type TLSService struct {
	Description string   `yaml:"description"`
	Attributes  []string `yaml:"attributes"`
	// DefaultPolicy is what AWS applies when the configuration sets none.
	DefaultPolicy string      `yaml:"default_policy"`
	Policies      []TLSPolicy `yaml:"policies"`
}

// TLSCatalog is the parsed catalog; read-only once built.
type TLSCatalog struct {
	Services map[string]*TLSService `yaml:"services"`
}

// loadTLSCatalog parses the embedded catalog once. The value is never
// modified afterwards, so sharing it is safe.
var loadTLSCatalog = sync.OnceValues(func() (*TLSCatalog, error) {
	return ParseTLSCatalog(tlsPoliciesYAML)
})

// TLSPolicies returns the embedded approved-TLS-policy catalog.
func TLSPolicies() (*TLSCatalog, error) { return loadTLSCatalog() }

// ParseTLSCatalog parses catalog data in the format of data/tls_policies.yaml
// and checks that every level and version is one it knows.
func ParseTLSCatalog(data []byte) (*TLSCatalog, error) {
	var c TLSCatalog
	if err := yaml.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("TLS policy catalog: %w", err)
	}
	if len(c.Services) == 0 {
		return nil, fmt.Errorf("TLS policy catalog: no services")
	}
	for name, svc := range c.Services {
		seen := map[string]bool{}
		for i, p := range svc.Policies {
			switch {
			case p.Name == "":
				return nil, fmt.Errorf("TLS policy catalog: services.%s.policies[%d] has no name", name, i)
			case seen[p.Name]:
				return nil, fmt.Errorf("TLS policy catalog: services.%s lists %s twice", name, p.Name)
			case TLSLevelRank(p.Level) < 0:
				return nil, fmt.Errorf("TLS policy catalog: services.%s policy %s has level %q; want one of %s",
					name, p.Name, p.Level, strings.Join(TLSLevels, ", "))
			case !slices.Contains([]string{"1.0", "1.1", "1.2", "1.3"}, p.MinTLS):
				return nil, fmt.Errorf("TLS policy catalog: services.%s policy %s has min_tls %q; want 1.0, 1.1, 1.2 or 1.3",
					name, p.Name, p.MinTLS)
			}
			seen[p.Name] = true
		}
	}
	return &c, nil
}

// ServiceNames lists the catalog's services, sorted.
func (c *TLSCatalog) ServiceNames() []string {
	out := make([]string, 0, len(c.Services))
	for name := range c.Services {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// Lookup finds policy name of service (exact match; AWS names are case-sensitive).
func (c *TLSCatalog) Lookup(service, name string) (TLSPolicy, bool) {
	svc := c.Services[service]
	if svc == nil {
		return TLSPolicy{}, false
	}
	for _, p := range svc.Policies {
		if p.Name == name {
			return p, true
		}
	}
	return TLSPolicy{}, false
}

// TLSRequirement is what a rule (or the provider function) demands of a policy.
type TLSRequirement struct {
	// MinimumLevel is one of TLSLevels.
	MinimumLevel string
	// TLS13Only demands policies that refuse TLS 1.2 (min_tls 1.3).
	TLS13Only bool
	// RequireFIPS demands FIPS policies.
	RequireFIPS bool
	// Extra names policies approved regardless of the catalog (site decisions).
	Extra []string
}

// TLSVerdict explains whether a policy meets a requirement.
type TLSVerdict struct {
	Approved bool
	// Known is false when the policy is not in the catalog (and not in Extra).
	Known  bool
	Policy TLSPolicy
	Reason string
}

// Judge says whether policy name of service meets req.
func (c *TLSCatalog) Judge(service, name string, req TLSRequirement) TLSVerdict {
	if slices.Contains(req.Extra, name) {
		return TLSVerdict{Approved: true, Known: true, Policy: TLSPolicy{Name: name}, Reason: fmt.Sprintf("%s is approved by configuration", name)}
	}
	p, ok := c.Lookup(service, name)
	if !ok {
		return TLSVerdict{Reason: fmt.Sprintf("%s is not a %s security policy known to commshield (data/tls_policies.yaml)", name, service)}
	}
	v := TLSVerdict{Known: true, Policy: p}
	switch {
	case TLSLevelRank(p.Level) < TLSLevelRank(req.MinimumLevel):
		v.Reason = fmt.Sprintf("%s is level %s (minimum TLS %s), below the required %s", name, p.Level, p.MinTLS, req.MinimumLevel)
	case req.TLS13Only && p.MinTLS != "1.3":
		v.Reason = fmt.Sprintf("%s still accepts TLS %s; TLS 1.3-only policies are required", name, p.MinTLS)
	case req.RequireFIPS && !p.FIPS:
		v.Reason = fmt.Sprintf("%s is not a FIPS policy", name)
	default:
		v.Approved = true
		v.Reason = fmt.Sprintf("%s is level %s (minimum TLS %s)", name, p.Level, p.MinTLS)
	}
	return v
}

// Approved lists the policies of service meeting req, strongest first.
func (c *TLSCatalog) Approved(service string, req TLSRequirement) []string {
	svc := c.Services[service]
	if svc == nil {
		return nil
	}
	var out []string
	for _, p := range svc.Policies {
		if c.Judge(service, p.Name, req).Approved {
			out = append(out, p.Name)
		}
	}
	return out
}

// checkTLSLevel is a Param.Check for minimum_level parameters.
func checkTLSLevel(v any) error {
	s, _ := v.(string)
	if TLSLevelRank(s) < 0 {
		return fmt.Errorf("want one of %s, got %q", strings.Join(TLSLevels, ", "), s)
	}
	return nil
}

// tlsRequirement builds the requirement from a rule's standard TLS
// parameters: <prefix>minimum_level, <prefix>tls13_only (if declared) and
// <prefix>extra_approved_policies.
func tlsRequirement(ev *Evaluation, prefix string) TLSRequirement {
	req := TLSRequirement{MinimumLevel: ev.String(prefix + "minimum_level")}
	if ev.hasParam(prefix + "tls13_only") {
		req.TLS13Only = ev.Bool(prefix + "tls13_only")
	}
	if ev.hasParam(prefix + "extra_approved_policies") {
		req.Extra = ev.Strings(prefix + "extra_approved_policies")
	}
	return req
}

// tlsParams declares the standard TLS parameters of a rule for one service.
func tlsParams(prefix, service, level string, tls13Only bool, withTLS13Only bool) []Param {
	ps := []Param{{
		Name:        prefix + "minimum_level",
		Description: fmt.Sprintf("weakest accepted %s policy level (legacy, tls12, tls13, pq-hybrid; see data/tls_policies.yaml)", service),
		Default:     level,
		Check:       checkTLSLevel,
	}}
	if withTLS13Only {
		ps = append(ps, Param{
			Name:        prefix + "tls13_only",
			Description: fmt.Sprintf("accept only %s policies that refuse TLS 1.2 (set false to also accept strong TLS 1.2 fallback)", service),
			Default:     tls13Only,
		})
	}
	ps = append(ps, Param{
		Name:        prefix + "extra_approved_policies",
		Description: fmt.Sprintf("%s policy names approved in addition to the catalog", service),
		Default:     []string{},
	})
	return ps
}

package rules

import (
	_ "embed"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"
)

// Software lifecycle data (deprecated runtimes, minimum engine versions,
// previous-generation instance families) lives in data/lifecycle.yaml so that
// keeping up with vendor schedules is a data change, not a code change.

//go:embed data/lifecycle.yaml
var lifecycleYAML []byte

// Lifecycle is the parsed lifecycle data; read-only once built.
type Lifecycle struct {
	// LambdaRuntimes maps a runtime identifier to its deprecation date.
	LambdaRuntimes map[string]string `yaml:"lambda_runtimes"`
	// MinimumVersions maps an engine (or "eks", "ecs_fargate_platform") to
	// the lowest supported version.
	MinimumVersions              map[string]string `yaml:"minimum_versions"`
	SageMakerDeprecatedPlatforms []string          `yaml:"sagemaker_deprecated_platforms"`
	BeanstalkRetiredStacks       []string          `yaml:"beanstalk_retired_stacks"`
	PreviousGenerationFamilies   []string          `yaml:"previous_generation_instance_families"`

	runtimeDates map[string]time.Time
}

var loadLifecycle = sync.OnceValues(func() (*Lifecycle, error) { return ParseLifecycle(lifecycleYAML) })

// LifecycleData returns the embedded lifecycle data.
func LifecycleData() (*Lifecycle, error) { return loadLifecycle() }

// ParseLifecycle parses data in the format of data/lifecycle.yaml.
func ParseLifecycle(data []byte) (*Lifecycle, error) {
	var l Lifecycle
	if err := yaml.Unmarshal(data, &l); err != nil {
		return nil, fmt.Errorf("lifecycle data: %w", err)
	}
	l.runtimeDates = make(map[string]time.Time, len(l.LambdaRuntimes))
	for id, date := range l.LambdaRuntimes {
		t, err := time.Parse(time.DateOnly, date)
		if err != nil {
			return nil, fmt.Errorf("lifecycle data: lambda_runtimes.%s: want a YYYY-MM-DD date, got %q", id, date)
		}
		l.runtimeDates[id] = t
	}
	for engine, v := range l.MinimumVersions {
		if _, ok := parseVersion(v); !ok {
			return nil, fmt.Errorf("lifecycle data: minimum_versions.%s: %q is not a dotted version", engine, v)
		}
	}
	return &l, nil
}

// RuntimeDeprecation returns the deprecation date of a Lambda runtime.
func (l *Lifecycle) RuntimeDeprecation(runtime string) (time.Time, bool) {
	t, ok := l.runtimeDates[runtime]
	return t, ok
}

var versionPrefix = regexp.MustCompile(`^[vV]?(\d+(?:\.\d+)*)`)

// parseVersion reads the leading dotted numbers of a version string:
// "8.0.mysql_aurora.3.05.2" → [8 0], "OpenSearch_2.11" is handled by callers.
func parseVersion(s string) ([]int, bool) {
	m := versionPrefix.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return nil, false
	}
	var out []int
	for _, part := range strings.Split(m[1], ".") {
		n, err := strconv.Atoi(part)
		if err != nil {
			return nil, false
		}
		out = append(out, n)
	}
	return out, true
}

// versionBelow reports whether version v is older than minimum, comparing
// only as many components as minimum has ("5.7.44" < "8.0"; "8.0" is not
// below "8.0"). ok is false when v does not parse.
func versionBelow(v, minimum string) (below, ok bool) {
	have, ok1 := parseVersion(v)
	want, ok2 := parseVersion(minimum)
	if !ok1 || !ok2 {
		return false, false
	}
	for i, w := range want {
		h := 0
		if i < len(have) {
			h = have[i]
		}
		if h != w {
			return h < w, true
		}
	}
	return false, true
}

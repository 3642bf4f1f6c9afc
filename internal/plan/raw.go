package plan

import "encoding/json"

// rawValue is a JSON value kept as a slice of the input buffer. Unlike
// json.RawMessage it does not copy: the envelope decoder (envelope.go)
// stores a subslice of the input, as json.Unmarshal (its fallback) hands
// UnmarshalJSON one; Load owns the input and never modifies it, and
// compactValues copies what the model keeps. TestRawValuesSurviveLoad
// guards this assumption.
type rawValue []byte

func (v *rawValue) UnmarshalJSON(data []byte) error {
	*v = data[:len(data):len(data)]
	return nil
}

// The raw* types mirror the parts of the plan JSON the model needs. Values
// stay raw so that the load is one pass over the input and cty conversion
// happens only for instances a rule actually reads. A field added here must
// be added to the envelope decoder too (TestEnvelopeDecodesRealPlans and
// FuzzEnvelopeMatchesEncodingJSON compare the two decoders' structs).

type rawPlan struct {
	FormatVersion    string              `json:"format_version"`
	TerraformVersion string              `json:"terraform_version"`
	Errored          bool                `json:"errored"`
	Variables        map[string]rawVar   `json:"variables"`
	PlannedValues    *rawStateValues     `json:"planned_values"`
	ResourceChanges  []rawResourceChange `json:"resource_changes"`
	ResourceDrift    []rawResourceChange `json:"resource_drift"`
	PriorState       *rawPriorState      `json:"prior_state"`
	Configuration    *rawConfiguration   `json:"configuration"`

	// Fields that only identify inputs which are not plans.
	Values          rawValue        `json:"values"`
	Version         json.RawMessage `json:"version"`
	Lineage         string          `json:"lineage"`
	ProviderSchemas json.RawMessage `json:"provider_schemas"`
}

type rawVar struct {
	Value rawValue `json:"value"`
}

type rawStateValues struct {
	RootModule *rawStateModule `json:"root_module"`
}

type rawPriorState struct {
	Values *rawStateValues `json:"values"`
}

type rawStateModule struct {
	Address      string             `json:"address"`
	Resources    []rawStateResource `json:"resources"`
	ChildModules []rawStateModule   `json:"child_modules"`
}

type rawStateResource struct {
	Address         string          `json:"address"`
	Mode            string          `json:"mode"`
	Type            string          `json:"type"`
	Name            string          `json:"name"`
	Index           json.RawMessage `json:"index"`
	ProviderName    string          `json:"provider_name"`
	Values          rawValue        `json:"values"`
	SensitiveValues rawValue        `json:"sensitive_values"`
}

type rawResourceChange struct {
	Address         string          `json:"address"`
	PreviousAddress string          `json:"previous_address"`
	ModuleAddress   string          `json:"module_address"`
	Mode            string          `json:"mode"`
	Type            string          `json:"type"`
	Name            string          `json:"name"`
	Index           json.RawMessage `json:"index"`
	Deposed         string          `json:"deposed"`
	ProviderName    string          `json:"provider_name"`
	ActionReason    string          `json:"action_reason"`
	Change          rawChange       `json:"change"`
}

type rawChange struct {
	Actions         []string        `json:"actions"`
	Before          rawValue        `json:"before"`
	After           rawValue        `json:"after"`
	AfterUnknown    rawValue        `json:"after_unknown"`
	BeforeSensitive rawValue        `json:"before_sensitive"`
	AfterSensitive  rawValue        `json:"after_sensitive"`
	ReplacePaths    json.RawMessage `json:"replace_paths"`
	Importing       json.RawMessage `json:"importing"`
}

type rawConfiguration struct {
	RootModule *rawConfigModule `json:"root_module"`
}

type rawConfigModule struct {
	Outputs     map[string]rawConfigOutput   `json:"outputs"`
	Resources   []rawConfigResource          `json:"resources"`
	ModuleCalls map[string]rawModuleCall     `json:"module_calls"`
	Variables   map[string]rawConfigVariable `json:"variables"`
}

type rawConfigOutput struct {
	Expression json.RawMessage `json:"expression"`
	Sensitive  bool            `json:"sensitive"`
}

type rawConfigVariable struct {
	Default   json.RawMessage `json:"default"`
	Sensitive bool            `json:"sensitive"`
}

type rawConfigResource struct {
	Address           string                     `json:"address"`
	Mode              string                     `json:"mode"`
	Type              string                     `json:"type"`
	Name              string                     `json:"name"`
	ProviderConfigKey string                     `json:"provider_config_key"`
	Expressions       map[string]json.RawMessage `json:"expressions"`
	CountExpression   json.RawMessage            `json:"count_expression"`
	ForEachExpression json.RawMessage            `json:"for_each_expression"`
}

type rawModuleCall struct {
	Source            string                     `json:"source"`
	Expressions       map[string]json.RawMessage `json:"expressions"`
	CountExpression   json.RawMessage            `json:"count_expression"`
	ForEachExpression json.RawMessage            `json:"for_each_expression"`
	Module            *rawConfigModule           `json:"module"`
}

package plan

import (
	"github.com/zclconf/go-cty/cty"
)

// Mode distinguishes managed resources from data sources.
type Mode string

const (
	ModeManaged Mode = "managed"
	ModeData    Mode = "data"
)

// Action is the single, normalised action Terraform plans for an instance.
// Terraform's action lists ("delete","create") and ("create","delete") both
// become ActionReplace; the order is kept in Resource.ReplaceOrder.
type Action string

const (
	ActionCreate  Action = "create"
	ActionUpdate  Action = "update"
	ActionDelete  Action = "delete"
	ActionReplace Action = "replace"
	ActionRead    Action = "read"
	ActionNoop    Action = "no-op"
	ActionForget  Action = "forget"
)

// SensitiveMark is the cty mark carried by every value that the plan declares
// sensitive (before_sensitive / after_sensitive, sensitive variables and
// outputs). Reporters must never print a value carrying it.
const SensitiveMark = "sensitive"

// InstanceKey is the count index (int) or for_each key (string) of an
// instance; nil for a resource or module without count/for_each.
type InstanceKey any

// Resource is one resource instance of the plan.
//
// Values: After is the planned value (cty.DynamicVal where after_unknown says
// "known after apply", cty.NullVal for a deleted instance); Before is the prior
// value (null for a create). Both carry SensitiveMark on sensitive paths.
// Values are decoded lazily on first access; the accessors are safe for
// concurrent use.
type Resource struct {
	// Address is the full instance address, e.g.
	// module.a["x"].module.b[0].aws_s3_bucket.logs["k"].
	Address string
	// ModuleAddress is the module instance path, "" for the root module,
	// e.g. module.a["x"].module.b[0].
	ModuleAddress string
	// ConfigAddress is the address without instance keys, used to find the
	// configuration block: module.a.module.b.aws_s3_bucket.logs.
	ConfigAddress string
	Mode          Mode
	Type          string
	Name          string
	Key           InstanceKey
	ProviderName  string

	Action Action
	// ActionReason is Terraform's action_reason, when present.
	ActionReason string
	// PreviousAddress is set when the instance was moved (moved blocks).
	PreviousAddress string
	// Importing is true when the plan imports this instance.
	Importing bool
	// ReplaceOrder is ReplaceDeleteThenCreate, ReplaceCreateThenDelete or
	// ReplaceCreateThenForget for ActionReplace, else "".
	ReplaceOrder string
	// ReplacePaths are the attribute paths that force replacement (string
	// steps are attribute names or map keys, int steps indexes).
	ReplacePaths [][]any
	// Deposed is the deposed object key for a deposed instance being
	// deleted (same Address as the current object), else "".
	Deposed string

	// Config is the resource block of the configuration, nil when the plan
	// has no configuration section (old format versions) or the block was
	// removed (orphaned instance being deleted).
	Config *ResourceConfig

	values *resourceValues
}

// Detached is a copy of r that keeps its identity, action and
// configuration but not its values: Before, After and Value of the copy are
// null. Reports that outlive the checks hold detached resources so that the
// plan's decoded values, raw JSON and indexes can be freed; r itself and
// the plan are not changed.
func (r *Resource) Detached() *Resource {
	c := *r
	c.values = nil
	return &c
}

// Deleted reports whether the instance will not exist after apply.
func (r *Resource) Deleted() bool { return r.Action == ActionDelete || r.Action == ActionForget }

// Changes reports whether the plan changes this instance (scope=changes).
func (r *Resource) Changes() bool {
	switch r.Action {
	case ActionCreate, ActionUpdate, ActionDelete, ActionReplace, ActionForget:
		return true
	}
	return false
}

// Drift is what Terraform found changed outside Terraform (resource_drift):
// Before is the last recorded state, After the refreshed one.
type Drift struct {
	Action Action
	Before cty.Value
	After  cty.Value
}

// Expression is one attribute expression of the configuration. Exactly one of
// ConstantValue (when Constant) or References describes it; Blocks holds
// nested blocks (each a map of attribute name to expression).
type Expression struct {
	Constant      bool
	ConstantValue cty.Value
	// References as Terraform records them, most specific first, e.g.
	// ["aws_s3_bucket.b.id", "aws_s3_bucket.b"] or ["var.bucket"] or
	// ["each.value.id", "each.value"].
	References []string
	Blocks     []map[string]*Expression
	// Sensitive is set on output expressions declared sensitive.
	Sensitive bool
}

// ResourceConfig is one resource block in one module of the configuration.
type ResourceConfig struct {
	// Address within its module, e.g. aws_s3_bucket.logs or data.aws_iam_policy_document.p.
	Address string
	Mode    Mode
	Type    string
	Name    string
	// Module is the module this block is declared in.
	Module      *ModuleConfig
	Expressions map[string]*Expression
	Count       *Expression
	ForEach     *Expression
}

// ModuleConfig is one module of the configuration (the root or a module call's
// source), addressed without instance keys.
type ModuleConfig struct {
	// Path is "" for the root, else module.a.module.b.
	Path        string
	Parent      *ModuleConfig
	Resources   map[string]*ResourceConfig
	ModuleCalls map[string]*ModuleCall
	Outputs     map[string]*Expression
	// Variables maps variable names declared in this module to whether they
	// are sensitive.
	Variables map[string]VariableConfig
}

// VariableConfig is a declared input variable.
type VariableConfig struct {
	Sensitive bool
	Default   cty.Value
}

// ModuleCall is a `module "name" {}` block.
type ModuleCall struct {
	Name    string
	Source  string
	Inputs  map[string]*Expression
	Count   *Expression
	ForEach *Expression
	Module  *ModuleConfig
}

// Step is one hop of a reference resolution, kept so that reports can explain
// why a target was (or was not) found: e.g.
// {From: "module.logs.aws_s3_bucket_public_access_block.this.bucket",
// Via: "var.bucket_id", To: "aws_s3_bucket.b.id"}.
type Step struct {
	From string
	Via  string
	To   string
}

// Target is a resource instance an attribute refers to.
type Target struct {
	Resource *Resource
	// Attribute is the attribute of Resource that the reference reads,
	// e.g. "id" or "arn" ("" for a whole-resource reference).
	Attribute string
	// ByValue is true when the link was made by matching a known value
	// (bucket name, ARN, ID) rather than through configuration references.
	ByValue bool
	Chain   []Step
}

// Plan is the model of one plan file. Build it with Load or LoadFile.
//
// Methods (implemented in the package's other files):
//
//	Lookup(address string) *Resource                 // by full instance address
//	OfType(typ string) []*Resource                   // every instance of a type, in address order, deleted ones included
//	Resolve(r *Resource, attribute string) Resolution // targets of r's attribute (a top-level attribute name, or a dotted path into nested blocks)
//	ReferrersOf(target *Resource, typ, attribute string) Referrers // instances of typ whose attribute resolves to target
type Plan struct {
	// Source names the input (file path, or "-" for stdin) for messages.
	Source           string
	FormatVersion    string
	TerraformVersion string
	// Errored is set when Terraform could not finish planning (format 1.2
	// "errored"); the plan is then incomplete and verdicts on it are too.
	Errored bool
	// Resources holds every instance (managed and data, deleted included),
	// sorted by Address.
	Resources []*Resource
	// Config is the root module of the configuration, nil when absent.
	Config *ModuleConfig
	// Variables are the plan's root input variable values.
	Variables map[string]cty.Value

	index *planIndex
}

// Resolution is the answer to "what does this attribute refer to?".
type Resolution struct {
	Targets []Target
	// Unresolved explains references that could not be followed to a
	// resource instance of this plan (e.g. a data source, a variable with an
	// unknown value, a resource outside the plan).
	Unresolved []Step
	// Candidates are instances the attribute may refer to, when the
	// references reach several instances and no known value picks one
	// (e.g. `values(aws_s3_bucket.b)[0].id` with unknown IDs).
	Candidates []*Resource
}

// Referrers is the answer to "which instances of type T point at this one?".
type Referrers struct {
	// Matched are the referring instances: each Target's Resource is an
	// instance of the asked type, Attribute the asked attribute, and Chain
	// the resolution from it to the target. Instances being deleted are
	// left out (they point nowhere after apply).
	Matched []Target
	// Undetermined are instances of the type whose attribute could not be
	// resolved at plan time; any of them may point at the target after apply.
	Undetermined []*Resource
}

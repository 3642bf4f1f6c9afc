// Package plan loads `terraform show -json` output into a read-only model that
// rules query: every resource instance with its action and before/after values
// (cty, with unknowns and sensitivity marked), the configuration with its
// expressions and references, and a resolver that follows those references
// across modules and count/for_each instances.
//
// The model is built once per plan and never mutated afterwards, so rules may
// read it from several goroutines without locks. Rules never see raw JSON.
//
// # Loading
//
// Load reads the whole input (into a buffer of the file's size) and decodes
// the envelope (every field the model needs) in one pass of a hand-written
// reader into small structs (envelope.go). That reader validates the whole
// input while it decodes, with byte-table loops over strings and skipped
// values; json.Unmarshal validates everything first and then decodes in a
// second pass, which cost four times as much. It handles only the common
// case and declines anything unusual (a syntax or type error, a duplicate or
// case-folded field name, nesting beyond 2000 levels); such inputs are
// decoded by encoding/json instead, so a truncated or broken file is still
// reported with encoding/json's byte offset, line, column and field.
// Whatever the reader accepts, encoding/json accepts and decodes to the
// same structs (FuzzEnvelopeMatchesEncodingJSON; every plan in testdata and
// the shared corpus takes the fast path). Per-instance values (before,
// after, the unknown and sensitive overlays) are kept as slices of the
// input, not map[string]any trees, and copied into one buffer at the end of
// Load so that the input can be freed. No JSON library beyond the standard
// one is used. Inputs that are JSON but not plans (state files,
// `terraform show -json` of a state, provider schemas) are recognised and
// named in the error. Every format_version 0.x and 1.x is accepted (minor
// versions only add fields); 2.x and later are refused.
//
// Instances are merged from resource_changes (action, before/after, unknown
// and sensitive overlays), planned_values (instances without a change entry,
// as in some 0.1 plans), prior_state (before values; instances only known
// there, such as refreshed data sources) and resource_drift (Resource.Drift).
// Instances that are deleted appear in Resources with a null After. Deposed
// objects are separate Resources with Deposed set; Lookup returns the
// current object.
//
// # Values
//
// Values are converted to cty lazily, once per instance (sync.Once), by a
// small decoder that walks the raw JSON bytes and applies the overlays on the
// way: after_unknown=true becomes cty.DynamicVal (including attributes that
// Terraform leaves out of "after" and whole list elements), and paths set in
// before_sensitive/after_sensitive carry the SensitiveMark. Objects become cty
// object values and arrays tuples, exactly as the JSON has them; no provider
// schema is needed. Objects and tuples of one shape share one cty type
// across the plan (ctytypes.go), which cty.ObjectVal would build anew for
// every object. Strings without escapes share the input's bytes; strings
// with escapes other than \u, and the overlays, are decoded without
// encoding/json. The reverse index of ReferrersOf decodes the instances it
// reads on GOMAXPROCS goroutines, since rule workers wait for it. Get, String, Bool, Number, Int, StringList, IsKnown,
// IsSensitive and UnknownPaths are the helpers rules use; none of them panics
// on unexpected shapes.
//
// # Reference resolution
//
// Plan.Resolve(r, attribute) follows the attribute's expression in the
// configuration section:
//
//   - a resource reference resolves in r's own module instance; an explicit
//     key ([0], ["a"]) picks that instance; count.index or each.key in the
//     expression picks the instance with r's key; each.value follows the
//     for_each expression and picks the element with r's key;
//   - var.x hops to the input expression of the module call in the parent
//     module instance (the one whose key matches r's module address), with
//     that module instance's key in scope for count.index/each.*;
//   - module.m.out hops into the output expression of the child module
//     instance(s), choosing by literal key, by each.key/count.index, or by
//     the for_each key being selected.
//
// Whether a resource or module call has instance keys is read from the
// instances in the plan, not from count/for_each expressions: Terraform omits
// for_each_expression when it has no references (for_each = toset([...])).
// References that Terraform records without their attribute (an index that
// is not a literal, as in aws_s3_bucket.b[count.index].id, is recorded as
// "aws_s3_bucket.b" plus "count.index") give targets with an empty Attribute.
//
// Every hop is recorded as a Step, so a report can show the chain. Each
// (module instance, expression, key) is evaluated at most once per
// resolution, which bounds the work on malformed, cyclic configurations. When
// references cannot be followed (locals are not in the plan JSON, root
// variables, plans without configuration) or reach several instances, the
// attribute's known value is compared with the id, arn, bucket and name of
// every instance (an index built on first use from the raw JSON, without cty
// decoding); such targets are ByValue. A reference to several instances with
// no known value to decide leaves them as Candidates.
//
// Plan.ReferrersOf answers the reverse question from an index built once per
// (type, attribute): which instances point at this one, and which might but
// cannot be proven to (Undetermined), so that rules can say "undecidable"
// instead of failing. Referring instances that the plan deletes are left out.
//
// What is matched how: configuration references decide whenever they reach
// exactly one instance (ByValue false); known values decide only when there
// are no usable references or several candidate instances (ByValue true);
// an instance's own identity attribute never matches another instance of
// the same type by value (two buckets with the same name are a collision,
// not a reference).
//
// Real-plan fixtures for these cases live in testdata/fixtures and are
// generated by tools/fixtures/generate.sh (make fixtures) with the real
// hashicorp/aws provider; testdata/corpus holds copied third-party plans of
// format versions 0.1 to 1.2 with their provenance.
package plan

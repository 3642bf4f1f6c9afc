package rules

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/commshield/terraform-provider-commshield/internal/plan"
	"github.com/zclconf/go-cty/cty"
)

// Helpers of the logging (LOG-R*) and change-management (CFG-R*) families.

// verdict is a judgement of one companion resource, turned into a finding on
// the subject by judgeReferrers.
type verdict struct {
	status Status
	// attr is the companion's attribute the verdict is about (for
	// undecidable verdicts, the unknown one).
	attr string
	msg  string
}

func passed(format string, args ...any) verdict {
	return verdict{status: StatusPass, msg: fmt.Sprintf(format, args...)}
}

func failed(attr, format string, args ...any) verdict {
	return verdict{status: StatusFail, attr: attr, msg: fmt.Sprintf(format, args...)}
}

func pending(attr, format string, args ...any) verdict {
	return verdict{status: StatusUndecidable, attr: attr, msg: fmt.Sprintf(format, args...)}
}

// judgeReferrers judges subject by the instances of typ whose attr refers to
// it (e.g. the aws_flow_log of a VPC): one passing companion passes; else a
// companion with an unknown setting makes the verdict undecidable; else a
// failing companion fails; else a companion whose reference is unknown
// makes it undecidable; with none at all the verdict is a failure saying
// missing.
func judgeReferrers(ev *Evaluation, subject *plan.Resource, typ, attr string, judge func(*plan.Resource) verdict, missing string) []Finding {
	refs := ev.Plan.ReferrersOf(subject, typ, attr)
	var unknown, weak []Finding
	for _, t := range refs.Matched {
		c := t.Resource
		if c.Deleted() {
			continue
		}
		v := judge(c)
		switch v.status {
		case StatusPass:
			return []Finding{withChain(Pass(subject, "%s: %s", c.Address, v.msg), t.Chain)}
		case StatusUndecidable:
			unknown = append(unknown, withChain(undecidableRef(subject, c, v.attr, "%s: %s", c.Address, v.msg), t.Chain))
		default:
			weak = append(weak, withChain(Fail(subject, "", "%s: %s", c.Address, v.msg), t.Chain))
		}
	}
	if len(unknown) > 0 {
		return unknown[:1]
	}
	if len(weak) > 0 {
		return weak[:1]
	}
	for _, u := range refs.Undetermined {
		if !u.Deleted() {
			return []Finding{undecidableRef(subject, u, attr, "%s may refer to this resource, but its %s is known only after apply", u.Address, attr)}
		}
	}
	if u := foreignReferrer(ev, subject, typ, attr); u != nil {
		return []Finding{undecidableRef(subject, u, attr, "%s may refer to this resource: its %s is known only after apply and comes from another resource's value", u.Address, attr)}
	}
	return []Finding{Fail(subject, "", "%s", missing)}
}

// hasReferrer reports whether a live instance of typ refers to subject
// through attr, with the chain of the first one.
func hasReferrer(ev *Evaluation, subject *plan.Resource, typ, attr string) (*plan.Resource, []plan.Step, bool) {
	for _, t := range ev.Plan.ReferrersOf(subject, typ, attr).Matched {
		if !t.Resource.Deleted() {
			return t.Resource, t.Chain, true
		}
	}
	return nil, nil, false
}

// argumentSet says whether top-level argument attr of r is set to a
// non-empty value. An unknown value counts as set when it refers to a
// resource of this plan (e.g. kms_key_id = aws_kms_key.k.arn); otherwise
// it is undecidable. Unset Optional+Computed arguments count as unset.
func argumentSet(ev *Evaluation, r *plan.Resource, attr string) (bool, State, []plan.Step) {
	v, st := attrOrDefault(r, attr)
	switch st {
	case Null:
		return false, Known, nil
	case AfterApply:
		res := ev.Plan.Resolve(r, attr)
		for _, t := range res.Targets {
			if !t.Resource.Deleted() {
				return true, Known, t.Chain
			}
		}
		return false, AfterApply, nil
	}
	if s, st := String(v); st == Known {
		return strings.TrimSpace(s) != "", Known, nil
	}
	inner, _ := v.UnmarkDeep()
	if inner.CanIterateElements() {
		return inner.LengthInt() > 0, Known, nil
	}
	return true, Known, nil
}

// logSources are the resource attributes that deliver logs into a bucket.
var logSources = []struct{ typ, attr string }{
	{"aws_cloudtrail", "s3_bucket_name"},
	{"aws_flow_log", "log_destination"},
	{"aws_lb", "access_logs.bucket"},
	{"aws_elb", "access_logs.bucket"},
	{"aws_s3_bucket_logging", "target_bucket"},
	{"aws_s3_bucket", "logging.target_bucket"}, // legacy inline logging block (provider v3 style)
	{"aws_config_delivery_channel", "s3_bucket_name"},
	{"aws_cloudfront_distribution", "logging_config.bucket"},
	{"aws_route53_resolver_query_log_config", "destination_arn"},
	{"aws_networkfirewall_logging_configuration", "logging_configuration.log_destination_config.log_destination"},
	{"aws_wafv2_web_acl_logging_configuration", "log_destination_configs"},
}

// logBucketParam lets users mark log buckets that no resource of the plan
// writes to (e.g. an archive bucket receiving logs from other accounts).
var logBucketParam = Param{
	Name:        "log_bucket_tags",
	Description: `tags ("key" or "key=value", values separated by |) that mark an aws_s3_bucket as a log bucket even when no log source of this plan writes to it`,
	Default:     []string{"purpose=logs|log-archive|audit-logs"},
}

// logBucketOf reports why bucket is a log bucket: a log source of this plan
// writes to it, or it carries a log-bucket tag. Sources whose destination is
// unknown are not counted: the bucket is then treated as an ordinary bucket
// rather than guessed to be a log bucket.
func logBucketOf(ev *Evaluation, bucket *plan.Resource) (string, []plan.Step, bool) {
	for _, src := range logSources {
		if from, chain, ok := hasReferrer(ev, bucket, src.typ, src.attr); ok {
			return fmt.Sprintf("%s writes logs to it", from.Address), chain, true
		}
	}
	if ok, _ := anyTagMatches(bucket, ev.Strings("log_bucket_tags")); ok {
		return "it carries a log-bucket tag", nil, true
	}
	return "", nil, false
}

// inlineBlock returns the first element of a legacy inline block of an
// aws_s3_bucket (versioning, logging, …) when the configuration sets it;
// unset inline blocks are computed by the provider and say nothing.
func inlineBlock(r *plan.Resource, name string) (cty.Value, bool) {
	if r.Config == nil || r.Config.Expressions[name] == nil {
		return cty.NilVal, false
	}
	b := At(r.Value(), name, 0)
	if StateOf(b) == Null {
		return cty.NilVal, false
	}
	return b, true
}

// bucketPolicies returns the policy documents applying to bucket: the
// legacy inline policy and every aws_s3_bucket_policy referring to it, plus
// the policies whose bucket is unknown (they may apply).
type bucketPolicy struct {
	from  *plan.Resource
	in    PolicyInput
	chain []plan.Step
}

func bucketPolicies(ev *Evaluation, bucket *plan.Resource) ([]bucketPolicy, []*plan.Resource) {
	var out []bucketPolicy
	if configSets(bucket, "policy") && bucket.Config != nil {
		out = append(out, bucketPolicy{from: bucket, in: PolicyFrom(ev, bucket, "policy")})
	}
	refs := ev.Plan.ReferrersOf(bucket, "aws_s3_bucket_policy", "bucket")
	for _, t := range refs.Matched {
		if !t.Resource.Deleted() {
			out = append(out, bucketPolicy{from: t.Resource, in: PolicyFrom(ev, t.Resource, "policy"), chain: t.Chain})
		}
	}
	var undetermined []*plan.Resource
	for _, u := range refs.Undetermined {
		if !u.Deleted() {
			undetermined = append(undetermined, u)
		}
	}
	return out, undetermined
}

// judgeTLSOnlyPolicy judges whether the bucket's policies refuse requests
// without TLS (aws:SecureTransport = false).
func judgeTLSOnlyPolicy(ev *Evaluation, bucket *plan.Resource) verdictWithChain {
	policies, undetermined := bucketPolicies(ev, bucket)
	var unknown *verdictWithChain
	var bad *verdictWithChain
	for _, p := range policies {
		switch {
		case p.in.Unknown != nil:
			if unknown == nil {
				unknown = &verdictWithChain{verdict: pending("policy", "the policy of %s is known only after apply", p.from.Address), chain: p.chain, unknown: p.in.Unknown}
			}
		case p.in.Err != nil:
			if bad == nil {
				bad = &verdictWithChain{verdict: failed("policy", "the policy of %s does not parse: %v", p.from.Address, p.in.Err), chain: p.chain}
			}
		default:
			if secure, _ := policyDeniesInsecureTransport(p.in.Doc, ""); secure {
				return verdictWithChain{verdict: passed("the policy of %s denies requests without TLS", p.from.Address), chain: p.chain}
			}
		}
	}
	if unknown != nil {
		return *unknown
	}
	if len(undetermined) > 0 {
		u := undetermined[0]
		return verdictWithChain{verdict: pending("bucket", "bucket policy %s may apply to this bucket, but its bucket is known only after apply", u.Address),
			unknown: &Unknown{Value: joinAddress(u.Address, "bucket"), From: ReferencesOf(u, "bucket")}}
	}
	if bad != nil {
		return *bad
	}
	return verdictWithChain{verdict: failed("", "no bucket policy denies requests with aws:SecureTransport = false")}
}

// verdictWithChain is a verdict about a subject reached through a chain,
// with the unknown value behind an undecidable verdict.
type verdictWithChain struct {
	verdict
	chain   []plan.Step
	unknown *Unknown
}

func (v verdictWithChain) finding(subject *plan.Resource) Finding {
	var f Finding
	switch v.status {
	case StatusPass:
		f = Pass(subject, "%s", v.msg)
	case StatusUndecidable:
		f = Undecidable(subject, v.attr, "%s", v.msg)
		if v.unknown != nil {
			f.Unknown = v.unknown
		}
	case StatusNotApplicable:
		f = NotApplicable(subject, "%s", v.msg)
	default:
		f = Fail(subject, v.attr, "%s", v.msg)
	}
	f.Chain = v.chain
	return f
}

// bucketCompanion judges the first live companion of typ (e.g.
// aws_s3_bucket_versioning) of bucket with judge; missing when none.
func bucketCompanion(ev *Evaluation, bucket *plan.Resource, typ string, judge func(*plan.Resource) verdict, missing string) verdictWithChain {
	refs := ev.Plan.ReferrersOf(bucket, typ, "bucket")
	var worst *verdictWithChain
	for _, t := range refs.Matched {
		c := t.Resource
		if c.Deleted() {
			continue
		}
		v := judge(c)
		vc := verdictWithChain{verdict: v, chain: t.Chain}
		vc.msg = c.Address + ": " + v.msg
		if v.status == StatusUndecidable {
			vc.unknown = &Unknown{Value: joinAddress(c.Address, v.attr), From: ReferencesOf(c, v.attr)}
		}
		if v.status == StatusPass {
			return vc
		}
		if worst == nil || (worst.status == StatusFail && v.status == StatusUndecidable) {
			worst = &vc
		}
	}
	if worst != nil {
		return *worst
	}
	undetermined := slices.DeleteFunc(slices.Clone(refs.Undetermined), (*plan.Resource).Deleted)
	if u := foreignReferrer(ev, bucket, typ, "bucket"); u != nil {
		undetermined = append(undetermined, u)
	}
	for _, u := range undetermined {
		return verdictWithChain{verdict: pending("bucket", "%s may belong to this bucket, but its bucket is known only after apply", u.Address),
			unknown: &Unknown{Value: joinAddress(u.Address, "bucket"), From: ReferencesOf(u, "bucket")}}
	}
	return verdictWithChain{verdict: failed("", "%s", missing)}
}

// combine returns the worst of several verdicts about one subject, in the
// order fail > undecidable > pass.
func combine(vs ...verdictWithChain) verdictWithChain {
	best := vs[0]
	for _, v := range vs[1:] {
		if statusOrder(v.status) > statusOrder(best.status) {
			best = v
		}
	}
	return best
}

func statusOrder(s Status) int {
	switch s {
	case StatusFail:
		return 3
	case StatusUndecidable:
		return 2
	case StatusPass:
		return 1
	}
	return 0
}

// approvalParams are the parameters of the change-approval mechanism shared
// by the change-management rules (CFG-R01, CFG-R02).
var approvalParams = []Param{
	{
		Name:        "approval_tag",
		Description: "tag key whose presence (with a non-empty value, e.g. a change-ticket number) on the changed resource marks the change as approved",
		Default:     "change-ticket",
	},
	{
		Name: "approved_addresses",
		Description: "resource addresses whose change is approved (e.g. listed by the change ticket); * matches any run of characters, " +
			`e.g. module.network.aws_route.* or aws_route.default["eu"]`,
		Default: []string{},
	},
}

// approval says whether the change of r is approved and how.
func approval(ev *Evaluation, r *plan.Resource) (string, bool) {
	for _, pattern := range ev.Strings("approved_addresses") {
		if addressMatches(pattern, r.Address) {
			return fmt.Sprintf("address listed in approved_addresses (%s)", pattern), true
		}
	}
	key := ev.String("approval_tag")
	if key == "" {
		return "", false
	}
	// A delete is approved by the tag the resource carried before.
	v := r.After()
	if r.Deleted() {
		v = r.Before()
	}
	if ticket, ok := tagValue(v, key); ok && ticket != "" {
		return fmt.Sprintf("tag %s = %s", key, ticket), true
	}
	return "", false
}

// tagValue reads a tag from tags_all or tags of an object value.
func tagValue(v cty.Value, key string) (string, bool) {
	for _, attr := range []string{"tags", "tags_all"} {
		s, st := String(At(v, attr, key))
		if st == Known {
			return s, true
		}
	}
	return "", false
}

// addressMatches matches an address against a pattern where * stands for
// any run of characters (including dots and brackets).
func addressMatches(pattern, address string) bool {
	if !strings.Contains(pattern, "*") {
		return pattern == address
	}
	// path.Match treats / specially and [ as a class; escape brackets and
	// map * onto a run without slashes (addresses have none).
	escaped := strings.NewReplacer("[", `\[`, "]", `\]`, "?", `\?`).Replace(pattern)
	ok, err := path.Match(escaped, address)
	return err == nil && ok
}

// containsFold reports whether list holds s, ignoring case.
func containsFold(list []string, s string) bool {
	return slices.ContainsFunc(list, func(x string) bool { return strings.EqualFold(x, s) })
}

// wholeUnknown reports whether v as a whole is known only after apply. A
// block list whose elements merely contain unknown attributes (computed
// fields such as ids) is not: its blocks exist and can be judged field by
// field, which StateOf, strict about partial unknowns, would prevent.
func wholeUnknown(v cty.Value) bool {
	if v == cty.NilVal {
		return false
	}
	inner, _ := v.Unmark()
	return !inner.IsKnown()
}

// foreignReferrer finds a live instance of typ whose attr is known only
// after apply and whose configuration takes it from resources of another
// type than subject's (e.g. a terraform_data output, an attachment's
// attribute): the value may end up naming subject, so a missing companion
// is not proven. It reads configuration references only (no resolution), so
// that it stays cheap on the failure path of large plans; links through
// variables and module outputs are left to the resolver's Undetermined.
func foreignReferrer(ev *Evaluation, subject *plan.Resource, typ, attr string) *plan.Resource {
	for _, inst := range ev.Plan.OfType(typ) {
		if inst.Mode != plan.ModeManaged || inst.Deleted() || inst.Config == nil {
			continue
		}
		e := inst.Config.Attribute(attr)
		if e == nil || !foreignReferences(e.AllReferences(), subject.Type) {
			continue
		}
		if wholeUnknown(valueAt(inst.Value(), attr)) {
			return inst
		}
	}
	return nil
}

// foreignReferences reports whether refs name only resources of types other
// than subjectType.
func foreignReferences(refs []string, subjectType string) bool {
	foreign := false
	for _, ref := range refs {
		head, _, _ := strings.Cut(ref, ".")
		switch head {
		case "var", "local", "module", "each", "count", "data", "path", "terraform", "self":
			return false
		case subjectType:
			return false
		}
		foreign = true
	}
	return foreign
}

// valueAt reads a dotted attribute path, stepping into the first block of a
// nested block list between steps.
func valueAt(v cty.Value, dotted string) cty.Value {
	steps := strings.Split(dotted, ".")
	for i, step := range steps {
		v = At(v, step)
		if i < len(steps)-1 {
			if elems := Elements(v); len(elems) > 0 {
				v = elems[0]
			}
		}
	}
	return v
}

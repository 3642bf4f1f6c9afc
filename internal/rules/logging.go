package rules

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/commshield/terraform-provider-commshield/internal/plan"
	"github.com/zclconf/go-cty/cty"
)

// loggingRules are the LOG-Rxx logging and monitoring rules (guidance §3.1),
// plus the GEN rule LOG-R34.
func loggingRules() []*Rule {
	return slices.Concat(loggingSeedRules(), trailRules(), flowAndServiceLogRules(), logStorageRules(), detectionRules())
}

// loggingSeedRules are the first logging rules: VPC flow logs (LOG-R01),
// trail log-file validation (LOG-R05) and trail encryption (LOG-R06).
func loggingSeedRules() []*Rule {
	return []*Rule{
		{
			Metadata: Metadata{
				ID:                  "LOG-R01",
				Title:               "VPC has a flow log recording all traffic",
				Severity:            SeverityHigh,
				Kind:                KindCross,
				Controls:            []string{"LOG-01", "NET-07"},
				AWSConfigRules:      []string{"vpc-flow-logs-enabled"},
				SecurityHubControls: []string{"EC2.6"},
				ResourceTypes:       []string{"aws_vpc"},
				Rationale: "The guidance asks operators to monitor network flows at every ingress/egress point and to log denied traffic. " +
					"A VPC without a flow log leaves no record of who talked to what during an intrusion.",
				Remediation: "Add an aws_flow_log whose vpc_id references the VPC, with traffic_type = \"ALL\" and a log destination.",
				RemediationHCL: `resource "aws_flow_log" "main" {
  vpc_id               = aws_vpc.main.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = aws_s3_bucket.flow_logs.arn
}`,
				Params: []Param{{
					Name:        "flow_log_traffic_types",
					Description: "traffic_type values that satisfy the rule (add REJECT to accept reject-only logs)",
					Default:     []string{"ALL"},
				}},
			},
			CheckResource: checkVPCFlowLog,
		},
		{
			Metadata: Metadata{
				ID:                  "LOG-R05",
				Title:               "CloudTrail validates log file integrity",
				Severity:            SeverityMedium,
				Kind:                KindResource,
				Controls:            []string{"LOG-05", "LOG-13"},
				AWSConfigRules:      []string{"cloud-trail-log-file-validation-enabled"},
				SecurityHubControls: []string{"CloudTrail.4"},
				ResourceTypes:       []string{"aws_cloudtrail"},
				Rationale: "Attackers in telecom networks deleted and altered logs to hide. Digest files let responders prove " +
					"that trail logs were not modified after delivery.",
				Remediation: "Set enable_log_file_validation = true on the trail.",
				RemediationHCL: `resource "aws_cloudtrail" "main" {
  # …
  enable_log_file_validation = true
}`,
			},
			CheckResource: checkTrailLogValidation,
		},
		{
			Metadata: Metadata{
				ID:                  "LOG-R06",
				Title:               "CloudTrail encrypts logs with a customer-managed KMS key",
				Severity:            SeverityMedium,
				Kind:                KindResource,
				Controls:            []string{"LOG-13", "CRY-X1"},
				AWSConfigRules:      []string{"cloud-trail-encryption-enabled"},
				SecurityHubControls: []string{"CloudTrail.2"},
				ResourceTypes:       []string{"aws_cloudtrail"},
				Rationale: "AAA and audit logs must be protected for confidentiality and integrity. A customer-managed key " +
					"adds a separate permission (kms:Decrypt) between a stolen bucket credential and the log content.",
				Remediation: "Set kms_key_id to the ARN of a customer-managed aws_kms_key whose policy lets CloudTrail encrypt.",
				RemediationHCL: `resource "aws_cloudtrail" "main" {
  # …
  kms_key_id = aws_kms_key.trail.arn
}`,
			},
			CheckResource: checkTrailKMS,
		},
	}
}

func checkVPCFlowLog(ev *Evaluation, vpc *plan.Resource) []Finding {
	allowed := ev.Strings("flow_log_traffic_types")
	refs := ev.Plan.ReferrersOf(vpc, "aws_flow_log", "vpc_id")
	var weak []Finding
	var unknownTraffic []Finding
	for _, t := range refs.Matched {
		fl := t.Resource
		if fl.Deleted() {
			continue
		}
		traffic, st := String(At(fl.Value(), "traffic_type"))
		switch {
		case st == Known && slices.ContainsFunc(allowed, func(a string) bool { return strings.EqualFold(a, traffic) }):
			f := Pass(vpc, "flow log %s records %s traffic", fl.Address, traffic)
			f.Chain = t.Chain
			return []Finding{f}
		case st == AfterApply:
			f := Undecidable(fl, "traffic_type", "the traffic_type of flow log %s is known only after apply", fl.Address)
			f.Address, f.Chain = vpc.Address, t.Chain
			unknownTraffic = append(unknownTraffic, f)
		default:
			f := Fail(vpc, "", "flow log %s records only %s traffic; this rule accepts %s",
				fl.Address, Display(At(fl.Value(), "traffic_type")), strings.Join(allowed, ", "))
			f.Chain = t.Chain
			weak = append(weak, f)
		}
	}
	if len(unknownTraffic) > 0 {
		return unknownTraffic[:1]
	}
	for _, fl := range refs.Undetermined {
		if fl.Deleted() {
			continue
		}
		f := Undecidable(fl, "vpc_id", "flow log %s may cover this VPC, but its vpc_id is known only after apply", fl.Address)
		f.Address = vpc.Address
		return []Finding{f}
	}
	if len(weak) > 0 {
		return weak[:1]
	}
	return []Finding{Fail(vpc, "", "no aws_flow_log in this plan references the VPC (vpc_id)")}
}

func checkTrailLogValidation(_ *Evaluation, trail *plan.Resource) []Finding {
	v := At(trail.Value(), "enable_log_file_validation")
	on, st := Bool(v)
	switch {
	case st == AfterApply:
		return []Finding{Undecidable(trail, "enable_log_file_validation", "enable_log_file_validation is known only after apply")}
	case on:
		return []Finding{Pass(trail, "log file validation is enabled")}
	case st == Null:
		return []Finding{Fail(trail, "enable_log_file_validation", "enable_log_file_validation is unset (the default is false)")}
	}
	return []Finding{Fail(trail, "enable_log_file_validation", "enable_log_file_validation is false")}
}

func checkTrailKMS(ev *Evaluation, trail *plan.Resource) []Finding {
	key, st := String(At(trail.Value(), "kms_key_id"))
	switch {
	case st == Known && key != "":
		return []Finding{Pass(trail, "logs are encrypted with a KMS key")}
	case st == AfterApply:
		// Typically kms_key_id = aws_kms_key.x.arn: unknown until the key
		// exists, but provably set when it resolves to a key of this plan.
		res := ev.Plan.Resolve(trail, "kms_key_id")
		for _, t := range res.Targets {
			if t.Resource.Type == "aws_kms_key" && !t.Resource.Deleted() {
				f := Pass(trail, "logs are encrypted with KMS key %s", t.Resource.Address)
				f.Chain = t.Chain
				return []Finding{f}
			}
		}
		f := Undecidable(trail, "kms_key_id", "kms_key_id is known only after apply and does not refer to a KMS key of this plan")
		if len(res.Unresolved) > 0 {
			f.Chain = res.Unresolved
		}
		return []Finding{f}
	}
	return []Finding{Fail(trail, "kms_key_id", "kms_key_id is unset: logs use SSE-S3 only")}
}

// ---- CloudTrail ----

func trailRules() []*Rule {
	return []*Rule{
		{
			Metadata: Metadata{
				ID:                  "LOG-R04",
				Title:               "A multi-region trail records all management events",
				Severity:            SeverityHigh,
				Kind:                KindAccount,
				Controls:            []string{"LOG-02", "LOG-08", "LOG-13"},
				AWSConfigRules:      []string{"multi-region-cloudtrail-enabled", "cloudtrail-enabled", "cloudtrail-security-trail-enabled"},
				SecurityHubControls: []string{"CloudTrail.1", "CloudTrail.3"},
				ResourceTypes:       []string{"aws_cloudtrail"},
				Rationale: "Sign-ins, role assumptions and every change to the control plane are management events. Without a trail " +
					"that covers all regions, global services and both read and write calls, an intruder can act in a region " +
					"or through a read-only reconnaissance path that leaves no record.",
				Remediation: "Create (or keep) one trail with is_multi_region_trail = true, include_global_service_events left at true, " +
					"logging enabled and no event selector that drops read or write management events. If the account trail lives in " +
					"another workspace, declare the baseline \"cloudtrail\" as provided elsewhere.",
				RemediationHCL: `resource "aws_cloudtrail" "account" {
  name                          = "account-trail"
  s3_bucket_name                = aws_s3_bucket.trail.id
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
}`,
			},
			CheckPlan: checkAccountTrail,
		},
		{
			Metadata: Metadata{
				ID:                  "LOG-R07",
				Title:               "CloudTrail delivers events to CloudWatch Logs",
				Severity:            SeverityMedium,
				Kind:                KindResource,
				Controls:            []string{"LOG-11", "LOG-02"},
				AWSConfigRules:      []string{"cloud-trail-cloud-watch-logs-enabled"},
				SecurityHubControls: []string{"CloudTrail.5"},
				ResourceTypes:       []string{"aws_cloudtrail"},
				Rationale: "Metric filters and alarms on sign-in failures, policy changes or root use only work on events that reach " +
					"CloudWatch Logs; S3 delivery alone is for archive and forensics, not for alerting.",
				Remediation: "Set cloud_watch_logs_group_arn (with the \":*\" suffix) and cloud_watch_logs_role_arn to a log group and a role CloudTrail can write with.",
				RemediationHCL: `resource "aws_cloudtrail" "account" {
  # …
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
  cloud_watch_logs_role_arn  = aws_iam_role.trail_to_logs.arn
}`,
			},
			CheckResource: checkTrailToCloudWatch,
		},
		{
			Metadata: Metadata{
				ID:                  "LOG-R08",
				Title:               "The trail's bucket is private and access-logged",
				Severity:            SeverityHigh,
				Kind:                KindCross,
				Controls:            []string{"LOG-05", "LOG-13"},
				AWSConfigRules:      []string{"cloudtrail-s3-bucket-public-access-prohibited", "cloudtrail-s3-bucket-access-logging"},
				SecurityHubControls: []string{"CloudTrail.6", "CloudTrail.7"},
				ResourceTypes:       []string{"aws_cloudtrail"},
				Rationale: "The trail bucket holds the evidence of every API call. If it is public or unaudited, an attacker can read " +
					"what defenders see or delete it without a trace.",
				Remediation: "Give the trail bucket a public access block with all four flags, no Allow statement to Principal \"*\" " +
					"without a restricting condition, and server access logging into a separate bucket.",
				RemediationHCL: `resource "aws_s3_bucket_public_access_block" "trail" {
  bucket                  = aws_s3_bucket.trail.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_logging" "trail" {
  bucket        = aws_s3_bucket.trail.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "trail/"
}`,
			},
			CheckResource: checkTrailBucket,
		},
		{
			Metadata: Metadata{
				ID:                  "LOG-R09",
				Title:               "A trail records S3 object-level data events",
				Severity:            SeverityMedium,
				Kind:                KindAccount,
				Controls:            []string{"LOG-08"},
				AWSConfigRules:      []string{"cloudtrail-all-write-s3-data-event-check", "cloudtrail-all-read-s3-data-event-check", "cloudtrail-s3-dataevents-enabled"},
				SecurityHubControls: []string{"S3.22", "S3.23"},
				ResourceTypes:       []string{"aws_cloudtrail"},
				Rationale: "Management events do not show who read or overwrote an object. Configuration backups, subscriber data and " +
					"log archives sit in S3, so object-level reads and writes are part of logging every layer.",
				Remediation: "Add an event selector (or advanced event selector) for AWS::S3::Object data events, read and write, to one trail.",
				RemediationHCL: `resource "aws_cloudtrail" "account" {
  # …
  advanced_event_selector {
    name = "S3 object events"
    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }
    field_selector {
      field  = "resources.type"
      equals = ["AWS::S3::Object"]
    }
  }
}`,
			},
			CheckPlan: checkS3DataEvents,
		},
		{
			Metadata: Metadata{
				ID:                  "LOG-R10",
				Title:               "Trail logs leave the account",
				Severity:            SeverityMedium,
				Kind:                KindResource,
				Controls:            []string{"LOG-03", "LOG-05"},
				AWSConfigRules:      nil,
				SecurityHubControls: nil,
				ResourceTypes:       []string{"aws_cloudtrail"},
				Rationale: "Logs kept only in the account they describe can be erased by whoever controls that account. An organization " +
					"trail, or delivery into a dedicated log-archive account's bucket, centralizes them out of the intruder's reach.",
				Remediation: "Make the trail an organization trail (is_organization_trail = true, from the management or delegated " +
					"administrator account), or deliver into a log-archive bucket named in the log_archive_buckets parameter.",
				RemediationHCL: `resource "aws_cloudtrail" "org" {
  name                  = "org-trail"
  s3_bucket_name        = "example-org-log-archive"
  is_organization_trail = true
  is_multi_region_trail = true
}`,
				Params: []Param{{
					Name:        "log_archive_buckets",
					Description: "bucket names of the central log-archive account; a trail delivering to one of them passes",
					Default:     []string{},
				}},
			},
			CheckResource: checkTrailCentralized,
		},
		{
			Metadata: Metadata{
				ID:                  "LOG-R33",
				Title:               "CloudTrail Insights watches API call rates",
				Severity:            SeverityLow,
				Kind:                KindResource,
				Controls:            []string{"LOG-09"},
				ResourceTypes:       []string{"aws_cloudtrail"},
				AWSConfigRules:      nil,
				SecurityHubControls: nil,
				Rationale: "Insights learns the normal rate of write calls and errors and flags bursts, such as a script enumerating " +
					"or deleting resources: a ready-made behaviour baseline for the control plane.",
				Remediation: "Add insight_selector blocks for the insight types in the insight_types parameter to the multi-region trail.",
				RemediationHCL: `resource "aws_cloudtrail" "account" {
  # …
  insight_selector {
    insight_type = "ApiCallRateInsight"
  }
  insight_selector {
    insight_type = "ApiErrorRateInsight"
  }
}`,
				Params: []Param{{
					Name:        "insight_types",
					Description: "insight types every multi-region trail must enable",
					Default:     []string{"ApiCallRateInsight"},
				}},
			},
			CheckResource: checkTrailInsights,
		},
	}
}

// baselineElsewhere is the verdict of an account rule whose baseline the
// configuration declares as managed in another workspace.
func baselineElsewhere(ev *Evaluation, baseline string) ([]Finding, bool) {
	if ev.ProvidedElsewhere(baseline) {
		return []Finding{planFinding(StatusNotApplicable, "the %s baseline is declared provided elsewhere (configuration provided_elsewhere)", baseline)}, true
	}
	return nil, false
}

// boolDefault reads a boolean attribute, applying the provider default when
// unset.
func boolDefault(r *plan.Resource, def bool, path ...any) (bool, State) {
	v, st := attrOrDefault(r, path...)
	switch st {
	case Null:
		return def, Known
	case AfterApply:
		return false, AfterApply
	}
	b, st := Bool(v)
	if st == Null {
		return def, Known
	}
	return b, st
}

// trailManagementGaps lists why a trail does not record all management
// events in all regions; unknown names the first unknown attribute.
func trailManagementGaps(trail *plan.Resource) (gaps []string, unknown string) {
	check := func(attr string, def, want bool, gap string) {
		b, st := boolDefault(trail, def, attr)
		switch {
		case st == AfterApply:
			if unknown == "" {
				unknown = attr
			}
		case b != want:
			gaps = append(gaps, gap)
		}
	}
	check("is_multi_region_trail", false, true, "is_multi_region_trail is not true")
	check("include_global_service_events", true, true, "include_global_service_events is false")
	check("enable_logging", true, true, "enable_logging is false")

	v := trail.Value()
	basic := Elements(At(v, "event_selector"))
	advanced := Elements(At(v, "advanced_event_selector"))
	if len(basic) == 0 && len(advanced) == 0 {
		return gaps, unknown // no selectors: all management events are logged
	}
	for _, sel := range basic {
		rw, st := String(At(sel, "read_write_type"))
		mgmt, mst := Bool(At(sel, "include_management_events"))
		if st == AfterApply || mst == AfterApply {
			if unknown == "" {
				unknown = "event_selector"
			}
			continue
		}
		if (st == Null || rw == "All") && (mst == Null || mgmt) {
			return gaps, unknown
		}
	}
	for _, sel := range advanced {
		management, readOnlyFiltered := false, false
		for _, fs := range Elements(At(sel, "field_selector")) {
			field, _ := String(At(fs, "field"))
			equals, _ := Strings(At(fs, "equals"))
			switch field {
			case "eventCategory":
				management = containsFold(equals, "Management")
			case "readOnly":
				readOnlyFiltered = true
			}
		}
		if management && !readOnlyFiltered {
			return gaps, unknown
		}
	}
	return append(gaps, "its event selectors drop read or write management events"), unknown
}

func checkAccountTrail(ev *Evaluation) []Finding {
	if f, ok := baselineElsewhere(ev, "cloudtrail"); ok {
		return f
	}
	trails := liveResources(ev.Plan, "aws_cloudtrail")
	if len(trails) == 0 {
		return []Finding{planFinding(StatusFail, "no aws_cloudtrail in this plan; declare the cloudtrail baseline provided elsewhere if another workspace manages it")}
	}
	var unknownOn *plan.Resource
	var unknownAttr string
	var reasons []string
	for _, t := range trails {
		gaps, unknown := trailManagementGaps(t)
		switch {
		case len(gaps) == 0 && unknown == "":
			return []Finding{planFinding(StatusPass, "%s records management events of all regions", t.Address)}
		case len(gaps) == 0 && unknownOn == nil:
			unknownOn, unknownAttr = t, unknown
		case len(gaps) > 0:
			reasons = append(reasons, fmt.Sprintf("%s: %s", t.Address, strings.Join(gaps, "; ")))
		}
	}
	if unknownOn != nil {
		f := Undecidable(unknownOn, unknownAttr, "%s may qualify as the account trail, but %s is known only after apply", unknownOn.Address, unknownAttr)
		f.Address = ""
		return []Finding{f}
	}
	return []Finding{planFinding(StatusFail, "no trail records all management events in all regions: %s", strings.Join(reasons, " | "))}
}

func checkTrailToCloudWatch(ev *Evaluation, trail *plan.Resource) []Finding {
	var missing []string
	var chain []plan.Step
	for _, attr := range []string{"cloud_watch_logs_group_arn", "cloud_watch_logs_role_arn"} {
		set, st, c := argumentSet(ev, trail, attr)
		switch {
		case st == AfterApply:
			return []Finding{Undecidable(trail, attr, "%s is known only after apply and refers to nothing in this plan", attr)}
		case !set:
			missing = append(missing, attr)
		}
		chain = append(chain, c...)
	}
	if len(missing) > 0 {
		return []Finding{Fail(trail, missing[0], "%s unset: events do not reach CloudWatch Logs, so no alarm can fire on them", strings.Join(missing, " and "))}
	}
	return []Finding{withChain(Pass(trail, "events are delivered to CloudWatch Logs"), chain)}
}

// trailBuckets resolves the trail's s3_bucket_name to buckets of this plan.
func trailBuckets(ev *Evaluation, trail *plan.Resource) ([]plan.Target, plan.Resolution) {
	res := ev.Plan.Resolve(trail, "s3_bucket_name")
	var out []plan.Target
	for _, t := range res.Targets {
		if t.Resource.Type == "aws_s3_bucket" && !t.Resource.Deleted() {
			out = append(out, t)
		}
	}
	return out, res
}

func checkTrailBucket(ev *Evaluation, trail *plan.Resource) []Finding {
	buckets, res := trailBuckets(ev, trail)
	if len(buckets) == 0 {
		if _, st := String(At(trail.Value(), "s3_bucket_name")); st == AfterApply && len(res.Unresolved) == 0 && len(res.Candidates) > 0 {
			return []Finding{Undecidable(trail, "s3_bucket_name", "s3_bucket_name is known only after apply; it may name a bucket of this plan")}
		}
		return []Finding{NotApplicable(trail, "the trail's bucket is not managed in this plan")}
	}
	t := buckets[0]
	bucket := t.Resource
	pab := bucketCompanion(ev, bucket, "aws_s3_bucket_public_access_block", func(c *plan.Resource) verdict {
		var off []string
		for _, flag := range publicAccessBlockFlags {
			on, st := Bool(At(c.Value(), flag))
			switch {
			case st == AfterApply:
				return pending(flag, "%s is known only after apply", flag)
			case !on:
				off = append(off, flag)
			}
		}
		if len(off) > 0 {
			return failed(off[0], "public access block leaves %s off", strings.Join(off, ", "))
		}
		return passed("all four public access block flags are on")
	}, "no aws_s3_bucket_public_access_block refers to the trail bucket")
	logging := bucketAccessLogging(ev, bucket)
	policy := judgeNoPublicAllow(ev, bucket)
	v := combine(pab, policy, logging)
	if v.status == StatusPass {
		v.msg = fmt.Sprintf("trail bucket %s is private and access-logged", bucket.Address)
	} else {
		v.msg = fmt.Sprintf("trail bucket %s: %s", bucket.Address, v.msg)
	}
	v.chain = append(append([]plan.Step(nil), t.Chain...), v.chain...)
	f := v.finding(trail)
	if v.status == StatusFail {
		f.Attribute = "s3_bucket_name"
	}
	return []Finding{f}
}

// bucketAccessLogging judges server access logging of a bucket: an
// aws_s3_bucket_logging companion or a legacy inline logging block.
func bucketAccessLogging(ev *Evaluation, bucket *plan.Resource) verdictWithChain {
	if b, ok := inlineBlock(bucket, "logging"); ok {
		if set, st := String(At(b, "target_bucket")); st != Null && (st == AfterApply || set != "") {
			return verdictWithChain{verdict: passed("inline logging block delivers access logs")}
		}
	}
	return bucketCompanion(ev, bucket, "aws_s3_bucket_logging", func(c *plan.Resource) verdict {
		return passed("server access logging is configured")
	}, "no server access logging (aws_s3_bucket_logging) for the bucket")
}

// judgeNoPublicAllow fails when a bucket policy allows Principal "*" without
// any condition.
func judgeNoPublicAllow(ev *Evaluation, bucket *plan.Resource) verdictWithChain {
	policies, _ := bucketPolicies(ev, bucket)
	for _, p := range policies {
		switch {
		case p.in.Unknown != nil:
			return verdictWithChain{verdict: pending("policy", "the policy of %s is known only after apply", p.from.Address), chain: p.chain, unknown: p.in.Unknown}
		case p.in.Doc == nil:
			continue
		}
		for i, st := range p.in.Doc.Statements {
			if st.IsAllow() && coversAllPrincipals(st) && len(st.Conditions) == 0 {
				return verdictWithChain{verdict: failed("policy", "the policy of %s: %s allows everyone (Principal \"*\") without a condition", p.from.Address, st.Label(i)), chain: p.chain}
			}
		}
	}
	return verdictWithChain{verdict: passed("no bucket policy statement allows everyone unconditionally")}
}

// trailS3DataEvents reports whether a trail logs S3 object data events for
// reads and writes.
func trailS3DataEvents(trail *plan.Resource) (bool, string) {
	// Without selectors in the configuration a trail logs management
	// events only; deciding that from the configuration avoids decoding
	// every trail for every bucket of a large plan (LOG-R17 asks per bucket).
	if trail.Config != nil && trail.Config.Expressions["event_selector"] == nil && trail.Config.Expressions["advanced_event_selector"] == nil {
		return false, ""
	}
	v := trail.Value()
	for _, attr := range []string{"event_selector", "advanced_event_selector"} {
		if wholeUnknown(At(v, attr)) && configSets(trail, attr) {
			return false, attr
		}
	}
	for _, sel := range Elements(At(v, "event_selector")) {
		rw, st := String(At(sel, "read_write_type"))
		if st == Known && rw != "All" {
			continue
		}
		for _, dr := range Elements(At(sel, "data_resource")) {
			if typ, _ := String(At(dr, "type")); typ == "AWS::S3::Object" {
				return true, ""
			}
		}
	}
	for _, sel := range Elements(At(v, "advanced_event_selector")) {
		data, s3, readOnly := false, false, false
		for _, fs := range Elements(At(sel, "field_selector")) {
			field, _ := String(At(fs, "field"))
			equals, _ := Strings(At(fs, "equals"))
			switch field {
			case "eventCategory":
				data = containsFold(equals, "Data")
			case "resources.type":
				s3 = slices.Contains(equals, "AWS::S3::Object")
			case "readOnly":
				readOnly = true
			}
		}
		if data && s3 && !readOnly {
			return true, ""
		}
	}
	return false, ""
}

func checkS3DataEvents(ev *Evaluation) []Finding {
	if f, ok := baselineElsewhere(ev, "cloudtrail"); ok {
		return f
	}
	trails := liveResources(ev.Plan, "aws_cloudtrail")
	if len(trails) == 0 {
		return []Finding{planFinding(StatusFail, "no aws_cloudtrail in this plan records S3 object-level events")}
	}
	var unknownOn *plan.Resource
	var unknownAttr string
	for _, t := range trails {
		ok, unknown := trailS3DataEvents(t)
		if ok {
			return []Finding{planFinding(StatusPass, "%s records S3 object-level read and write events", t.Address)}
		}
		if unknown != "" && unknownOn == nil {
			unknownOn, unknownAttr = t, unknown
		}
	}
	if unknownOn != nil {
		f := Undecidable(unknownOn, unknownAttr, "the event selectors of %s are known only after apply", unknownOn.Address)
		f.Address = ""
		return []Finding{f}
	}
	return []Finding{planFinding(StatusFail, "no trail selects AWS::S3::Object data events for both reads and writes")}
}

func checkTrailCentralized(ev *Evaluation, trail *plan.Resource) []Finding {
	org, st := boolDefault(trail, false, "is_organization_trail")
	if st == AfterApply {
		return []Finding{Undecidable(trail, "is_organization_trail", "is_organization_trail is known only after apply")}
	}
	if org {
		return []Finding{Pass(trail, "organization trail: logs are delivered for every account of the organization")}
	}
	archive := ev.Strings("log_archive_buckets")
	name, nst := String(At(trail.Value(), "s3_bucket_name"))
	if nst == AfterApply {
		for _, t := range ev.Plan.Resolve(trail, "s3_bucket_name").Targets {
			if b, st := String(At(t.Resource.Value(), "bucket")); st == Known {
				name, nst = b, Known
			}
		}
	}
	switch {
	case nst == Known && slices.Contains(archive, name):
		return []Finding{Pass(trail, "delivers to log-archive bucket %q", name)}
	case nst == AfterApply && len(archive) > 0:
		return []Finding{Undecidable(trail, "s3_bucket_name", "s3_bucket_name is known only after apply; it cannot be matched against log_archive_buckets")}
	}
	if _, _, inPlan := inPlanBucket(ev, trail); inPlan {
		return []Finding{Fail(trail, "is_organization_trail", "not an organization trail, and the bucket is created in this same workspace (not a central log archive)")}
	}
	return []Finding{Fail(trail, "is_organization_trail", "not an organization trail, and the bucket %s is not listed in log_archive_buckets", Display(At(trail.Value(), "s3_bucket_name")))}
}

func inPlanBucket(ev *Evaluation, trail *plan.Resource) (*plan.Resource, []plan.Step, bool) {
	buckets, _ := trailBuckets(ev, trail)
	if len(buckets) == 0 {
		return nil, nil, false
	}
	return buckets[0].Resource, buckets[0].Chain, true
}

func checkTrailInsights(ev *Evaluation, trail *plan.Resource) []Finding {
	multi, st := boolDefault(trail, false, "is_multi_region_trail")
	switch {
	case st == AfterApply:
		return []Finding{Undecidable(trail, "is_multi_region_trail", "is_multi_region_trail is known only after apply")}
	case !multi:
		return []Finding{NotApplicable(trail, "single-region trail; Insights is expected on the multi-region account trail")}
	}
	selectors := At(trail.Value(), "insight_selector")
	if wholeUnknown(selectors) {
		return []Finding{Undecidable(trail, "insight_selector", "insight_selector is known only after apply")}
	}
	var have []string
	for _, s := range Elements(selectors) {
		if t, st := String(At(s, "insight_type")); st == Known {
			have = append(have, t)
		}
	}
	var missing []string
	for _, want := range ev.Strings("insight_types") {
		if !slices.Contains(have, want) {
			missing = append(missing, want)
		}
	}
	if len(missing) > 0 {
		return []Finding{Fail(trail, "insight_selector", "Insights not enabled for %s", strings.Join(missing, ", "))}
	}
	return []Finding{Pass(trail, "Insights enabled for %s", strings.Join(have, ", "))}
}

// jsonDocument decodes the JSON object held in a string
// attribute (SSM document content, organization policy content).
func jsonDocument(v cty.Value) (map[string]any, State, error) {
	s, st := String(v)
	if st != Known {
		return nil, st, nil
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(s), &doc); err != nil {
		return nil, Known, fmt.Errorf("not a JSON object: %w", err)
	}
	return doc, Known, nil
}

// ---- Flow logs and per-service logging ----

func flowAndServiceLogRules() []*Rule {
	return []*Rule{
		{
			Metadata: Metadata{
				ID:            "LOG-R02",
				Title:         "Transit gateway has a flow log",
				Severity:      SeverityHigh,
				Kind:          KindCross,
				Controls:      []string{"LOG-01"},
				ResourceTypes: []string{"aws_ec2_transit_gateway"},
				Rationale: "A transit gateway is where VPCs, VPNs and tenants meet; its flow log is the only record of traffic " +
					"between them. Intruders in telecom networks moved between segments exactly there.",
				Remediation: "Add an aws_flow_log whose transit_gateway_id refers to the transit gateway.",
				RemediationHCL: `resource "aws_flow_log" "tgw" {
  transit_gateway_id       = aws_ec2_transit_gateway.hub.id
  log_destination_type     = "s3"
  log_destination          = aws_s3_bucket.flow_logs.arn
  max_aggregation_interval = 60
}`,
			},
			CheckResource: func(ev *Evaluation, tgw *plan.Resource) []Finding {
				return judgeReferrers(ev, tgw, "aws_flow_log", "transit_gateway_id", func(*plan.Resource) verdict {
					return passed("flow log records traffic through the transit gateway")
				}, "no aws_flow_log in this plan refers to the transit gateway (transit_gateway_id)")
			},
		},
		{
			Metadata: Metadata{
				ID:            "LOG-R03",
				Title:         "Flow log is delivered, fine-grained and complete",
				Severity:      SeverityMedium,
				Kind:          KindResource,
				Controls:      []string{"LOG-01"},
				ResourceTypes: []string{"aws_flow_log"},
				Rationale: "A flow log without a destination records nothing, a 10-minute aggregation window blurs short scans, " +
					"and a custom format without action, addresses and destination port cannot answer who reached what.",
				Remediation: "Set log_destination (or a log group), max_aggregation_interval = 60, and keep ${action}, ${srcaddr}, " +
					"${dstaddr} and ${dstport} in a custom log_format.",
				RemediationHCL: `resource "aws_flow_log" "vpc" {
  vpc_id                   = aws_vpc.main.id
  traffic_type             = "ALL"
  log_destination_type     = "s3"
  log_destination          = aws_s3_bucket.flow_logs.arn
  max_aggregation_interval = 60
}`,
				Params: []Param{{
					Name:        "flow_log_required_fields",
					Description: "fields a custom flow-log format must contain",
					Default:     []string{"action", "srcaddr", "dstaddr", "dstport"},
				}},
			},
			CheckResource: checkFlowLogSettings,
		},
		{
			Metadata: Metadata{
				ID:                  "LOG-R16",
				Title:               "Load balancer writes access logs",
				Severity:            SeverityMedium,
				Kind:                KindResource,
				Controls:            []string{"LOG-06"},
				AWSConfigRules:      []string{"elb-logging-enabled", "nlb-logging-enabled"},
				SecurityHubControls: []string{"ELB.5"},
				ResourceTypes:       []string{"aws_lb", "aws_alb", "aws_elb"},
				Rationale: "Load balancers are the front door of customer-facing and management services; their access logs record " +
					"every client, path and TLS session, which flow logs do not.",
				Remediation: "Add an access_logs block with enabled = true and a bucket.",
				RemediationHCL: `resource "aws_lb" "web" {
  # …
  access_logs {
    bucket  = aws_s3_bucket.lb_logs.id
    prefix  = "web"
    enabled = true
  }
}`,
			},
			CheckResource: checkLoadBalancerLogs,
		},
		{
			Metadata: Metadata{
				ID:                  "LOG-R18",
				Title:               "CloudFront distribution logs requests",
				Severity:            SeverityLow,
				Kind:                KindResource,
				Controls:            []string{"LOG-06"},
				AWSConfigRules:      []string{"cloudfront-accesslogs-enabled"},
				SecurityHubControls: []string{"CloudFront.5"},
				ResourceTypes:       []string{"aws_cloudfront_distribution"},
				Rationale:           "Edge requests never reach the origin's logs when cached; only the distribution's own logs show them.",
				Remediation:         "Add a logging_config block (or a CloudWatch log delivery source for the distribution).",
				RemediationHCL: `resource "aws_cloudfront_distribution" "web" {
  # …
  logging_config {
    bucket          = aws_s3_bucket.cdn_logs.bucket_domain_name
    include_cookies = false
    prefix          = "web/"
  }
}`,
			},
			CheckResource: checkCloudFrontLogs,
		},
		{
			Metadata: Metadata{
				ID:                  "LOG-R19",
				Title:               "API Gateway stages log access and execution",
				Severity:            SeverityMedium,
				Kind:                KindResource,
				Controls:            []string{"LOG-06"},
				AWSConfigRules:      []string{"api-gw-execution-logging-enabled", "api-gwv2-access-logs-enabled"},
				SecurityHubControls: []string{"APIGateway.1", "APIGateway.9"},
				ResourceTypes:       []string{"aws_api_gateway_stage", "aws_apigatewayv2_stage", "aws_api_gateway_method_settings"},
				Rationale: "APIs expose provisioning and self-care functions to the internet. Access logs name the caller of every " +
					"request; execution logs show the errors an attacker's probing produces.",
				Remediation: "Give each stage an access_log_settings block, and set logging_level to ERROR or INFO in the method settings.",
				RemediationHCL: `resource "aws_api_gateway_stage" "prod" {
  # …
  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api.arn
    format          = jsonencode({ requestId = "$context.requestId", ip = "$context.identity.sourceIp", status = "$context.status" })
  }
}

resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "*/*"
  settings {
    logging_level = "ERROR"
  }
}`,
			},
			CheckResource: checkAPIGatewayLogs,
		},
		{
			Metadata: Metadata{
				ID:                  "LOG-R20",
				Title:               "WAF web ACL has a logging configuration",
				Severity:            SeverityMedium,
				Kind:                KindCross,
				Controls:            []string{"LOG-06", "NET-07"},
				AWSConfigRules:      []string{"wafv2-logging-enabled"},
				SecurityHubControls: []string{"WAF.11"},
				ResourceTypes:       []string{"aws_wafv2_web_acl"},
				Rationale:           "Blocked requests are denied traffic the guidance wants logged; without WAF logging they vanish.",
				Remediation:         "Add an aws_wafv2_web_acl_logging_configuration whose resource_arn refers to the web ACL.",
				RemediationHCL: `resource "aws_wafv2_web_acl_logging_configuration" "edge" {
  resource_arn            = aws_wafv2_web_acl.edge.arn
  log_destination_configs = [aws_cloudwatch_log_group.waf.arn] # the group name must start with aws-waf-logs-
}`,
			},
			CheckResource: func(ev *Evaluation, acl *plan.Resource) []Finding {
				return judgeReferrers(ev, acl, "aws_wafv2_web_acl_logging_configuration", "resource_arn", func(*plan.Resource) verdict {
					return passed("WAF logging is configured")
				}, "no aws_wafv2_web_acl_logging_configuration in this plan refers to the web ACL")
			},
		},
		{
			Metadata: Metadata{
				ID:                  "LOG-R21",
				Title:               "Network Firewall logs flows and alerts",
				Severity:            SeverityHigh,
				Kind:                KindCross,
				Controls:            []string{"LOG-01", "LOG-06", "NET-07"},
				AWSConfigRules:      []string{"netfw-logging-enabled"},
				SecurityHubControls: []string{"NetworkFirewall.2"},
				ResourceTypes:       []string{"aws_networkfirewall_firewall"},
				Rationale: "The firewall at the VPC edge sees every flow and every rule match; FLOW logs record the traffic and ALERT " +
					"logs the dropped or flagged packets.",
				Remediation: "Add an aws_networkfirewall_logging_configuration for the firewall with one destination for FLOW and one for ALERT.",
				RemediationHCL: `resource "aws_networkfirewall_logging_configuration" "edge" {
  firewall_arn = aws_networkfirewall_firewall.edge.arn
  logging_configuration {
    log_destination_config {
      log_type             = "FLOW"
      log_destination_type = "S3"
      log_destination      = { bucketName = aws_s3_bucket.nfw_logs.bucket }
    }
    log_destination_config {
      log_type             = "ALERT"
      log_destination_type = "CloudWatchLogs"
      log_destination      = { logGroup = aws_cloudwatch_log_group.nfw_alerts.name }
    }
  }
}`,
				Params: []Param{{
					Name:        "firewall_log_types",
					Description: "log types every Network Firewall must deliver",
					Default:     []string{"FLOW", "ALERT"},
				}},
			},
			CheckResource: func(ev *Evaluation, fw *plan.Resource) []Finding {
				want := ev.Strings("firewall_log_types")
				return judgeReferrers(ev, fw, "aws_networkfirewall_logging_configuration", "firewall_arn", func(c *plan.Resource) verdict {
					configs := At(c.Value(), "logging_configuration", 0, "log_destination_config")
					if wholeUnknown(configs) {
						return pending("logging_configuration", "log destinations are known only after apply")
					}
					var have []string
					for _, d := range Elements(configs) {
						if t, st := String(At(d, "log_type")); st == Known {
							have = append(have, t)
						}
					}
					var missing []string
					for _, w := range want {
						if !containsFold(have, w) {
							missing = append(missing, w)
						}
					}
					if len(missing) > 0 {
						return failed("logging_configuration", "does not log %s", strings.Join(missing, ", "))
					}
					return passed("logs %s", strings.Join(have, ", "))
				}, "no aws_networkfirewall_logging_configuration in this plan refers to the firewall")
			},
		},
		{
			Metadata: Metadata{
				ID:                  "LOG-R22",
				Title:               "DNS queries are logged (public zones and VPC resolvers)",
				Severity:            SeverityMedium,
				Kind:                KindCross,
				Controls:            []string{"LOG-06"},
				AWSConfigRules:      []string{"route53-query-logging-enabled"},
				SecurityHubControls: []string{"Route53.2"},
				ResourceTypes:       []string{"aws_route53_zone", "aws_vpc"},
				Rationale: "DNS look-ups reveal command-and-control and exfiltration domains; public-zone query logs show who probes " +
					"the operator's names.",
				Remediation: "Attach aws_route53_query_log to public hosted zones and associate a Resolver query log config with every VPC.",
				RemediationHCL: `resource "aws_route53_resolver_query_log_config_association" "main" {
  resolver_query_log_config_id = aws_route53_resolver_query_log_config.central.id
  resource_id                  = aws_vpc.main.id
}

resource "aws_route53_query_log" "public" {
  zone_id                  = aws_route53_zone.public.zone_id
  cloudwatch_log_group_arn = aws_cloudwatch_log_group.dns.arn
}`,
			},
			CheckResource: checkDNSQueryLogging,
		},
		{
			Metadata: Metadata{
				ID:                  "LOG-R23",
				Title:               "EKS control plane logs API, audit and authenticator events",
				Severity:            SeverityMedium,
				Kind:                KindResource,
				Controls:            []string{"LOG-06", "LOG-13"},
				AWSConfigRules:      []string{"eks-cluster-log-enabled", "eks-cluster-logging-enabled"},
				SecurityHubControls: []string{"EKS.8"},
				ResourceTypes:       []string{"aws_eks_cluster"},
				Rationale:           "Cloud-native network functions run on Kubernetes; its audit and authenticator logs are the AAA record of the cluster.",
				Remediation:         "List the log types of the eks_log_types parameter in enabled_cluster_log_types.",
				RemediationHCL: `resource "aws_eks_cluster" "core" {
  # …
  enabled_cluster_log_types = ["api", "audit", "authenticator"]
}`,
				Params: []Param{{
					Name:        "eks_log_types",
					Description: "control-plane log types every cluster must enable",
					Default:     []string{"api", "audit", "authenticator"},
				}},
			},
			CheckResource: func(ev *Evaluation, r *plan.Resource) []Finding {
				return requireListMembers(r, "enabled_cluster_log_types", ev.Strings("eks_log_types"), "control-plane logs")
			},
		},
		{
			Metadata: Metadata{
				ID:                  "LOG-R24",
				Title:               "Databases, search domains and brokers export audit logs",
				Severity:            SeverityMedium,
				Kind:                KindResource,
				Controls:            []string{"LOG-06"},
				AWSConfigRules:      []string{"rds-logging-enabled", "opensearch-audit-logging-enabled", "mq-cloudwatch-audit-logging-enabled", "redshift-audit-logging-enabled"},
				SecurityHubControls: []string{"RDS.9", "Opensearch.5", "MQ.2", "Redshift.4"},
				ResourceTypes:       []string{"aws_db_instance", "aws_rds_cluster", "aws_opensearch_domain", "aws_mq_broker", "aws_redshift_cluster"},
				Rationale: "Subscriber and billing data sit in these stores. Their audit and error logs show who queried or changed " +
					"them; left on the instance they are lost with it.",
				Remediation: "Export the engine's audit/error logs (enabled_cloudwatch_logs_exports), publish OpenSearch AUDIT_LOGS, " +
					"enable MQ audit logs, and configure Redshift logging (aws_redshift_logging).",
				RemediationHCL: `resource "aws_db_instance" "subscribers" {
  # …
  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]
}`,
			},
			CheckResource: checkDataStoreLogs,
		},
		{
			Metadata: Metadata{
				ID:                  "LOG-R25",
				Title:               "Client VPN and site-to-site tunnels log connections",
				Severity:            SeverityMedium,
				Kind:                KindResource,
				Controls:            []string{"LOG-06", "LOG-13"},
				AWSConfigRules:      []string{"ec2-client-vpn-connection-log-enabled", "ec2-vpn-connection-logging-enabled"},
				SecurityHubControls: []string{"EC2.51", "EC2.171"},
				ResourceTypes:       []string{"aws_ec2_client_vpn_endpoint", "aws_vpn_connection"},
				Rationale: "Remote-access and IPsec connections are authentication events: who connected, from where, and when a tunnel " +
					"went down or renegotiated.",
				Remediation: "Enable connection_log_options on Client VPN endpoints and tunnel1/tunnel2 log options on VPN connections.",
				RemediationHCL: `resource "aws_vpn_connection" "peer" {
  # …
  tunnel1_log_options {
    cloudwatch_log_options {
      log_enabled   = true
      log_group_arn = aws_cloudwatch_log_group.vpn.arn
    }
  }
  tunnel2_log_options {
    cloudwatch_log_options {
      log_enabled   = true
      log_group_arn = aws_cloudwatch_log_group.vpn.arn
    }
  }
}`,
			},
			CheckResource: checkVPNLogs,
		},
	}
}

func checkFlowLogSettings(ev *Evaluation, fl *plan.Resource) []Finding {
	var out []Finding
	dest, dst, chain := argumentSet(ev, fl, "log_destination")
	if !dest && dst == Known {
		// Deprecated CloudWatch Logs form.
		dest, dst, chain = argumentSet(ev, fl, "log_group_name")
	}
	switch {
	case dst == AfterApply:
		out = append(out, Undecidable(fl, "log_destination", "log_destination is known only after apply and refers to nothing in this plan"))
	case !dest:
		out = append(out, Fail(fl, "log_destination", "no log_destination: the flow log has nowhere to deliver"))
	}
	interval, ist := Int(At(fl.Value(), "max_aggregation_interval"))
	switch {
	case ist == AfterApply && configSets(fl, "max_aggregation_interval"):
		out = append(out, Undecidable(fl, "max_aggregation_interval", "max_aggregation_interval is known only after apply"))
	case ist == Known && interval == 60:
	default:
		shown := "unset (600 seconds)"
		if ist == Known {
			shown = fmt.Sprintf("%d seconds", interval)
		}
		out = append(out, Fail(fl, "max_aggregation_interval", "max_aggregation_interval is %s; use 60 to see short-lived connections", shown))
	}
	if configSets(fl, "log_format") && fl.Config != nil {
		format, st := String(At(fl.Value(), "log_format"))
		switch st {
		case AfterApply:
			out = append(out, Undecidable(fl, "log_format", "log_format is known only after apply"))
		case Known:
			var missing []string
			for _, field := range ev.Strings("flow_log_required_fields") {
				if !strings.Contains(format, "${"+field+"}") {
					missing = append(missing, field)
				}
			}
			if len(missing) > 0 {
				out = append(out, Fail(fl, "log_format", "custom log_format lacks %s", strings.Join(missing, ", ")))
			}
		}
	}
	if len(out) == 0 {
		return []Finding{withChain(Pass(fl, "delivered to a destination every 60 seconds with the needed fields"), chain)}
	}
	return out
}

func checkLoadBalancerLogs(_ *Evaluation, lb *plan.Resource) []Finding {
	if lb.Type != "aws_elb" {
		typ, st := String(At(lb.Value(), "load_balancer_type"))
		if st == Known && typ == "gateway" {
			return []Finding{NotApplicable(lb, "gateway load balancers have no access logs")}
		}
	}
	block := At(lb.Value(), "access_logs", 0)
	if StateOf(block) == Null {
		return []Finding{Fail(lb, "access_logs", "no access_logs block: requests are not logged")}
	}
	// aws_lb defaults enabled to false, aws_elb to true.
	enabled, st := Bool(At(block, "enabled"))
	if st == Null {
		enabled, st = lb.Type == "aws_elb", Known
	}
	bucket, bst := String(At(block, "bucket"))
	switch {
	case st == AfterApply:
		return []Finding{Undecidable(lb, "access_logs[0].enabled", "access_logs.enabled is known only after apply")}
	case !enabled:
		return []Finding{Fail(lb, "access_logs[0].enabled", "access_logs.enabled is false")}
	case bst == Known && bucket == "":
		return []Finding{Fail(lb, "access_logs[0].bucket", "access_logs has no bucket")}
	}
	return []Finding{Pass(lb, "access logs are enabled")}
}

func checkCloudFrontLogs(ev *Evaluation, d *plan.Resource) []Finding {
	block := At(d.Value(), "logging_config")
	switch {
	case wholeUnknown(block) && configSets(d, "logging_config"):
		return []Finding{Undecidable(d, "logging_config", "logging_config is known only after apply")}
	case len(Elements(block)) > 0:
		return []Finding{Pass(d, "standard logging is configured (logging_config)")}
	}
	if src, chain, ok := hasReferrer(ev, d, "aws_cloudwatch_log_delivery_source", "resource_arn"); ok {
		return []Finding{withChain(Pass(d, "log delivery source %s sends access logs", src.Address), chain)}
	}
	return []Finding{Fail(d, "logging_config", "no logging_config and no aws_cloudwatch_log_delivery_source for the distribution")}
}

func checkAPIGatewayLogs(_ *Evaluation, r *plan.Resource) []Finding {
	if r.Type == "aws_api_gateway_method_settings" {
		level, st := String(At(r.Value(), "settings", 0, "logging_level"))
		switch {
		case st == AfterApply:
			return []Finding{Undecidable(r, "settings[0].logging_level", "logging_level is known only after apply")}
		case st == Known && (level == "ERROR" || level == "INFO"):
			return []Finding{Pass(r, "execution logging at %s", level)}
		}
		return []Finding{Fail(r, "settings[0].logging_level", "execution logging is %s; use ERROR or INFO", displayOr(level, "off"))}
	}
	block := At(r.Value(), "access_log_settings")
	switch {
	case wholeUnknown(block) && configSets(r, "access_log_settings"):
		return []Finding{Undecidable(r, "access_log_settings", "access_log_settings is known only after apply")}
	case len(Elements(block)) > 0:
		return []Finding{Pass(r, "access logging is configured")}
	}
	return []Finding{Fail(r, "access_log_settings", "no access_log_settings: callers of the API are not logged")}
}

func checkDNSQueryLogging(ev *Evaluation, r *plan.Resource) []Finding {
	if r.Type == "aws_vpc" {
		return judgeReferrers(ev, r, "aws_route53_resolver_query_log_config_association", "resource_id", func(*plan.Resource) verdict {
			return passed("Resolver query logging is associated")
		}, "no aws_route53_resolver_query_log_config_association in this plan refers to the VPC: its DNS look-ups are not logged")
	}
	if vpcs := At(r.Value(), "vpc"); len(Elements(vpcs)) > 0 {
		return []Finding{NotApplicable(r, "private hosted zone; its queries are covered by Resolver query logging of the VPCs")}
	}
	return judgeReferrers(ev, r, "aws_route53_query_log", "zone_id", func(*plan.Resource) verdict {
		return passed("public zone query logging is configured")
	}, "no aws_route53_query_log in this plan refers to the public zone")
}

// requireListMembers checks that list attribute attr of r holds every
// element of want.
func requireListMembers(r *plan.Resource, attr string, want []string, what string) []Finding {
	v, st := attrOrDefault(r, attr)
	if st == AfterApply {
		return []Finding{Undecidable(r, attr, "%s is known only after apply", attr)}
	}
	have, _ := Strings(v)
	var missing []string
	for _, w := range want {
		if !containsFold(have, w) {
			missing = append(missing, w)
		}
	}
	if len(missing) > 0 {
		return []Finding{Fail(r, attr, "%s lacks %s %s", attr, what, strings.Join(missing, ", "))}
	}
	return []Finding{Pass(r, "%s includes %s", attr, strings.Join(want, ", "))}
}

// rdsAuditLogs names, per engine prefix, the log exports that hold audit or
// error records. Engines not listed pass with any export.
var rdsAuditLogs = []struct {
	prefix string
	logs   []string
}{
	{"aurora-mysql", []string{"audit", "error"}},
	{"aurora-postgresql", []string{"postgresql"}},
	{"mysql", []string{"audit", "error"}},
	{"mariadb", []string{"audit", "error"}},
	{"postgres", []string{"postgresql"}},
	{"oracle", []string{"audit", "alert"}},
	{"sqlserver", []string{"error"}},
	{"db2", []string{"diag.log"}},
}

func checkDataStoreLogs(ev *Evaluation, r *plan.Resource) []Finding {
	switch r.Type {
	case "aws_db_instance", "aws_rds_cluster":
		engine, est := String(At(r.Value(), "engine"))
		if est == AfterApply {
			return []Finding{Undecidable(r, "engine", "engine is known only after apply")}
		}
		if r.Type == "aws_db_instance" {
			if cluster, st := String(At(r.Value(), "cluster_identifier")); st != Null && (st == AfterApply || cluster != "") && strings.HasPrefix(engine, "aurora") {
				return []Finding{NotApplicable(r, "cluster member; log exports are set on the aws_rds_cluster")}
			}
		}
		for _, e := range rdsAuditLogs {
			if strings.HasPrefix(engine, e.prefix) {
				return requireListMembers(r, "enabled_cloudwatch_logs_exports", e.logs, "the audit/error log exports")
			}
		}
		v, st := attrOrDefault(r, "enabled_cloudwatch_logs_exports")
		if st == AfterApply {
			return []Finding{Undecidable(r, "enabled_cloudwatch_logs_exports", "enabled_cloudwatch_logs_exports is known only after apply")}
		}
		if have, _ := Strings(v); len(have) > 0 {
			return []Finding{Pass(r, "exports %s", strings.Join(have, ", "))}
		}
		return []Finding{Fail(r, "enabled_cloudwatch_logs_exports", "no database logs are exported")}
	case "aws_opensearch_domain":
		opts := At(r.Value(), "log_publishing_options")
		if wholeUnknown(opts) {
			return []Finding{Undecidable(r, "log_publishing_options", "log_publishing_options is known only after apply")}
		}
		for _, o := range Elements(opts) {
			typ, _ := String(At(o, "log_type"))
			enabled, st := Bool(At(o, "enabled"))
			if typ == "AUDIT_LOGS" && (st == Null || enabled) {
				return []Finding{Pass(r, "audit logs are published")}
			}
		}
		return []Finding{Fail(r, "log_publishing_options", "no enabled log_publishing_options block with log_type AUDIT_LOGS")}
	case "aws_mq_broker":
		engine, _ := String(At(r.Value(), "engine_type"))
		audit, st := Bool(At(r.Value(), "logs", 0, "audit"))
		general, _ := Bool(At(r.Value(), "logs", 0, "general"))
		switch {
		case st == AfterApply:
			return []Finding{Undecidable(r, "logs[0].audit", "logs.audit is known only after apply")}
		case strings.EqualFold(engine, "RabbitMQ"):
			if general {
				return []Finding{Pass(r, "general logs are published (RabbitMQ has no audit log)")}
			}
			return []Finding{Fail(r, "logs[0].general", "RabbitMQ broker publishes no logs (logs.general)")}
		case audit:
			return []Finding{Pass(r, "audit logs are published")}
		}
		return []Finding{Fail(r, "logs[0].audit", "logs.audit is not true: broker administration is not audited")}
	case "aws_redshift_cluster":
		if enabled, st := Bool(At(r.Value(), "logging", 0, "enable")); st == Known && enabled {
			return []Finding{Pass(r, "audit logging is enabled (inline logging block)")}
		}
		return judgeReferrers(ev, r, "aws_redshift_logging", "cluster_identifier", func(*plan.Resource) verdict {
			return passed("audit logging is configured")
		}, "no aws_redshift_logging in this plan refers to the cluster")
	}
	return nil
}

func checkVPNLogs(_ *Evaluation, r *plan.Resource) []Finding {
	if r.Type == "aws_ec2_client_vpn_endpoint" {
		enabled, st := Bool(At(r.Value(), "connection_log_options", 0, "enabled"))
		switch {
		case st == AfterApply:
			return []Finding{Undecidable(r, "connection_log_options[0].enabled", "connection_log_options.enabled is known only after apply")}
		case enabled:
			return []Finding{Pass(r, "client connections are logged")}
		}
		return []Finding{Fail(r, "connection_log_options[0].enabled", "connection_log_options.enabled is false: remote-access sessions are not logged")}
	}
	var out []Finding
	for _, tunnel := range []string{"tunnel1_log_options", "tunnel2_log_options"} {
		attr := tunnel + "[0].cloudwatch_log_options[0].log_enabled"
		enabled, st := Bool(At(r.Value(), tunnel, 0, "cloudwatch_log_options", 0, "log_enabled"))
		switch {
		case st == AfterApply && configSets(r, tunnel):
			out = append(out, Undecidable(r, attr, "%s is known only after apply", attr))
		case !enabled || st != Known:
			out = append(out, Fail(r, attr, "%s is not true: tunnel events are not logged", tunnel))
		}
	}
	if len(out) == 0 {
		return []Finding{Pass(r, "both tunnels log to CloudWatch Logs")}
	}
	return out
}

// ---- Log storage: buckets and log groups ----

func logStorageRules() []*Rule {
	return []*Rule{
		{
			Metadata: Metadata{
				ID:                  "LOG-R11",
				Title:               "Log bucket is versioned and write-once (Object Lock)",
				Severity:            SeverityHigh,
				Kind:                KindCross,
				Controls:            []string{"LOG-05"},
				AWSConfigRules:      []string{"s3-bucket-versioning-enabled", "s3-bucket-default-lock-enabled"},
				SecurityHubControls: []string{"S3.14", "S3.15"},
				ResourceTypes:       []string{"aws_s3_bucket"},
				Rationale: "The guidance asks for log copies that cannot be altered or deleted. Versioning keeps overwritten objects; " +
					"Object Lock with a default retention makes them immutable even for administrators (COMPLIANCE mode).",
				Remediation: "Create log buckets with object_lock_enabled = true, versioning Enabled, and an " +
					"aws_s3_bucket_object_lock_configuration whose default retention is at least min_lock_days.",
				RemediationHCL: `resource "aws_s3_bucket" "logs" {
  bucket              = "example-logs"
  object_lock_enabled = true
}

resource "aws_s3_bucket_versioning" "logs" {
  bucket = aws_s3_bucket.logs.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_object_lock_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    default_retention {
      mode = "COMPLIANCE"
      days = 365
    }
  }
}`,
				Params: []Param{logBucketParam, {
					Name:        "min_lock_days",
					Description: "minimum default Object Lock retention of log buckets, in days",
					Default:     365,
				}},
			},
			CheckResource: logBucketCheck(judgeLogBucketImmutable),
		},
		{
			Metadata: Metadata{
				ID:                  "LOG-R12",
				Title:               "Log bucket is replicated elsewhere",
				Severity:            SeverityMedium,
				Kind:                KindCross,
				Controls:            []string{"LOG-05"},
				AWSConfigRules:      []string{"s3-bucket-replication-enabled", "s3-bucket-cross-region-replication-enabled"},
				SecurityHubControls: []string{"S3.7"},
				ResourceTypes:       []string{"aws_s3_bucket"},
				Rationale: "A second copy in another region or account survives the loss or compromise of the first: the off-site " +
					"copy the guidance asks for.",
				Remediation: "Add an aws_s3_bucket_replication_configuration with an enabled rule to a bucket in another region or account.",
				RemediationHCL: `resource "aws_s3_bucket_replication_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  role   = aws_iam_role.replication.arn
  rule {
    id     = "offsite"
    status = "Enabled"
    destination {
      bucket = "arn:aws:s3:::example-logs-replica"
    }
  }
}`,
				Params: []Param{logBucketParam},
			},
			CheckResource: logBucketCheck(judgeLogBucketReplicated),
		},
		{
			Metadata: Metadata{
				ID:                  "LOG-R13",
				Title:               "Log bucket accepts only TLS requests",
				Severity:            SeverityMedium,
				Kind:                KindCross,
				Controls:            []string{"LOG-04"},
				AWSConfigRules:      []string{"s3-bucket-ssl-requests-only"},
				SecurityHubControls: []string{"S3.5"},
				ResourceTypes:       []string{"aws_s3_bucket"},
				Rationale:           "Logs on their way to and from the archive must be encrypted; a bucket policy is the only way to refuse plain-HTTP access.",
				Remediation:         "Add a bucket policy statement denying s3:* to everyone when aws:SecureTransport is false.",
				RemediationHCL: `resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.logs.arn, "${aws_s3_bucket.logs.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}`,
				Params: []Param{logBucketParam},
			},
			CheckResource: logBucketCheck(judgeTLSOnlyPolicy),
		},
		{
			Metadata: Metadata{
				ID:                  "LOG-R14",
				Title:               "Log bucket lifecycle keeps logs long enough",
				Severity:            SeverityMedium,
				Kind:                KindCross,
				Controls:            []string{"LOG-05"},
				AWSConfigRules:      []string{"s3-lifecycle-policy-check"},
				SecurityHubControls: []string{"S3.13"},
				ResourceTypes:       []string{"aws_s3_bucket"},
				Rationale: "Intrusions in telecom networks went unnoticed for months. A lifecycle rule that expires logs after weeks " +
					"destroys the evidence before anyone looks.",
				Remediation: "Expire log objects no earlier than min_retention_days (transition them to colder storage instead).",
				RemediationHCL: `resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    id     = "archive"
    status = "Enabled"
    filter {}
    transition {
      days          = 90
      storage_class = "GLACIER"
    }
    expiration {
      days = 400
    }
  }
}`,
				Params: []Param{logBucketParam, {
					Name:        "min_retention_days",
					Description: "shortest expiration allowed for objects of log buckets and log groups, in days",
					Default:     365,
				}},
			},
			CheckResource: logBucketCheck(judgeLogBucketLifecycle),
		},
		{
			Metadata: Metadata{
				ID:                  "LOG-R15",
				Title:               "Security log group keeps logs and encrypts them",
				Severity:            SeverityMedium,
				Kind:                KindResource,
				Controls:            []string{"LOG-05", "LOG-13"},
				AWSConfigRules:      []string{"cw-loggroup-retention-period-check", "cloudwatch-log-group-encrypted"},
				SecurityHubControls: []string{"CloudWatch.16"},
				ResourceTypes:       []string{"aws_cloudwatch_log_group"},
				Rationale: "Log groups that receive trail, flow, VPN, firewall, DNS or cluster logs are part of the evidence chain: " +
					"short retention erases it, and without a customer key anyone with logs:Get* can read it.",
				Remediation: "Set retention_in_days to 0 (never expire) or at least min_retention_days, and kms_key_id to a customer-managed key.",
				RemediationHCL: `resource "aws_cloudwatch_log_group" "flow" {
  name              = "/aws/vpc/flow-logs"
  retention_in_days = 400
  kms_key_id        = aws_kms_key.logs.arn
}`,
				Params: []Param{
					{
						Name:        "min_retention_days",
						Description: "shortest expiration allowed for objects of log buckets and log groups, in days",
						Default:     365,
					},
					{
						Name:        "security_log_group_prefixes",
						Description: "log group name prefixes that mark a group as holding security logs",
						Default:     []string{"/aws/vpc", "/aws/eks/", "/aws/route53", "/aws/cloudtrail", "aws-cloudtrail-logs", "/aws/network-firewall", "/aws/vpn", "/aws/ssm/session", "aws-waf-logs-", "/aws/clientvpn"},
					},
					{
						Name:        "security_log_group_tags",
						Description: "tags (key or key=value) that mark a log group as holding security logs",
						Default:     []string{"log-type=security|audit"},
					},
				},
			},
			CheckResource: checkSecurityLogGroup,
		},
		{
			Metadata: Metadata{
				ID:                  "LOG-R17",
				Title:               "S3 bucket has server access logging",
				Severity:            SeverityLow,
				Kind:                KindCross,
				Controls:            []string{"LOG-06"},
				AWSConfigRules:      []string{"s3-bucket-logging-enabled"},
				SecurityHubControls: []string{"S3.9"},
				ResourceTypes:       []string{"aws_s3_bucket"},
				Rationale: "Bucket access logs record every request, including anonymous and denied ones that CloudTrail data " +
					"events do not show; without them a data theft from a bucket leaves no trace.",
				Remediation: "Add an aws_s3_bucket_logging that sends the bucket's access logs to a log bucket (or record S3 data events in a trail).",
				RemediationHCL: `resource "aws_s3_bucket_logging" "data" {
  bucket        = aws_s3_bucket.data.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "data/"
}`,
				Params: []Param{logBucketParam},
			},
			CheckResource: checkBucketAccessLogging,
		},
	}
}

// logBucketCheck adapts a bucket judgement to log buckets only: other
// buckets are not applicable.
func logBucketCheck(judge func(ev *Evaluation, bucket *plan.Resource) verdictWithChain) func(*Evaluation, *plan.Resource) []Finding {
	return func(ev *Evaluation, bucket *plan.Resource) []Finding {
		if bucket.Type != "aws_s3_bucket" {
			return nil
		}
		why, chain, ok := logBucketOf(ev, bucket)
		if !ok {
			return []Finding{NotApplicable(bucket, "not a log bucket (no log source of this plan writes to it and no log-bucket tag)")}
		}
		v := judge(ev, bucket)
		v.chain = append(append([]plan.Step(nil), chain...), v.chain...)
		v.msg = fmt.Sprintf("log bucket (%s): %s", why, v.msg)
		return []Finding{v.finding(bucket)}
	}
}

func judgeLogBucketImmutable(ev *Evaluation, bucket *plan.Resource) verdictWithChain {
	versioning := judgeBucketVersioning(ev, bucket)

	// Object Lock must be on at creation (object_lock_enabled, or the
	// legacy object_lock_configuration block).
	lockOn, lst := boolDefault(bucket, false, "object_lock_enabled")
	if legacy, ok := inlineBlock(bucket, "object_lock_configuration"); ok {
		if s, _ := String(At(legacy, "object_lock_enabled")); s == "Enabled" {
			lockOn, lst = true, Known
		}
	}
	var lock verdictWithChain
	minDays := ev.Int("min_lock_days")
	switch {
	case lst == AfterApply:
		lock = verdictWithChain{verdict: pending("object_lock_enabled", "object_lock_enabled is known only after apply"),
			unknown: &Unknown{Value: joinAddress(bucket.Address, "object_lock_enabled"), From: ReferencesOf(bucket, "object_lock_enabled")}}
	case !lockOn:
		lock = verdictWithChain{verdict: failed("object_lock_enabled", "Object Lock is off: logs can be deleted or overwritten")}
	default:
		lock = bucketCompanion(ev, bucket, "aws_s3_bucket_object_lock_configuration", func(c *plan.Resource) verdict {
			return judgeRetention(At(c.Value(), "rule", 0, "default_retention", 0), "rule[0].default_retention[0]", minDays)
		}, "Object Lock is on but no default retention (aws_s3_bucket_object_lock_configuration) protects new log objects")
		if lock.status == StatusFail {
			if legacy, ok := inlineBlock(bucket, "object_lock_configuration"); ok {
				if v := judgeRetention(At(legacy, "rule", 0, "default_retention", 0), "object_lock_configuration[0].rule[0].default_retention[0]", minDays); v.status == StatusPass {
					lock = verdictWithChain{verdict: v}
				}
			}
		}
	}
	v := combine(versioning, lock)
	if v.status == StatusPass {
		v.msg = "versioned, with Object Lock default retention of at least " + days(int64(minDays))
	}
	return v
}

func judgeRetention(retention cty.Value, attr string, minDays int) verdict {
	if StateOf(retention) == Null {
		return failed(attr, "no default retention")
	}
	d, dst := Int(At(retention, "days"))
	y, yst := Int(At(retention, "years"))
	if dst == AfterApply || yst == AfterApply {
		return pending(attr, "default retention is known only after apply")
	}
	total := d + 365*y
	mode, _ := String(At(retention, "mode"))
	if total < int64(minDays) {
		return failed(attr, "default retention of %d days is shorter than %d", total, minDays)
	}
	return passed("default retention %s for %d days", mode, total)
}

func judgeBucketVersioning(ev *Evaluation, bucket *plan.Resource) verdictWithChain {
	if legacy, ok := inlineBlock(bucket, "versioning"); ok {
		if on, st := Bool(At(legacy, "enabled")); st == Known && on {
			return verdictWithChain{verdict: passed("versioning enabled (inline block)")}
		}
	}
	return bucketCompanion(ev, bucket, "aws_s3_bucket_versioning", func(c *plan.Resource) verdict {
		status, st := String(At(c.Value(), "versioning_configuration", 0, "status"))
		switch {
		case st == AfterApply:
			return pending("versioning_configuration[0].status", "versioning status is known only after apply")
		case status == "Enabled":
			return passed("versioning enabled")
		}
		return failed("versioning_configuration[0].status", "versioning status is %s", displayOr(status, "unset"))
	}, "no aws_s3_bucket_versioning enables versioning on the bucket")
}

func judgeLogBucketReplicated(ev *Evaluation, bucket *plan.Resource) verdictWithChain {
	ruleEnabled := func(rules cty.Value, attr string) verdict {
		if wholeUnknown(rules) {
			return pending(attr, "replication rules are known only after apply")
		}
		for _, r := range Elements(rules) {
			status, st := String(At(r, "status"))
			if st == AfterApply {
				return pending(attr, "replication rule status is known only after apply")
			}
			if status == "Enabled" {
				return passed("replication rule %s is enabled", Display(At(r, "id")))
			}
		}
		return failed(attr, "no enabled replication rule")
	}
	if legacy, ok := inlineBlock(bucket, "replication_configuration"); ok {
		if v := ruleEnabled(At(legacy, "rules"), "replication_configuration[0].rules"); v.status == StatusPass {
			return verdictWithChain{verdict: v}
		}
	}
	return bucketCompanion(ev, bucket, "aws_s3_bucket_replication_configuration", func(c *plan.Resource) verdict {
		return ruleEnabled(At(c.Value(), "rule"), "rule")
	}, "no aws_s3_bucket_replication_configuration copies the logs to another bucket")
}

func judgeLogBucketLifecycle(ev *Evaluation, bucket *plan.Resource) verdictWithChain {
	minDays := int64(ev.Int("min_retention_days"))
	judgeRules := func(rules cty.Value, attr string) verdict {
		if wholeUnknown(rules) {
			return pending(attr, "lifecycle rules are known only after apply")
		}
		for i, r := range Elements(rules) {
			status, _ := String(At(r, "status"))
			if enabled, st := Bool(At(r, "enabled")); st == Known {
				status = map[bool]string{true: "Enabled", false: "Disabled"}[enabled]
			}
			if status == "Disabled" {
				continue
			}
			for _, exp := range Elements(At(r, "expiration")) {
				d, st := Int(At(exp, "days"))
				if st == AfterApply {
					return pending(AttrPath(attr, i, "expiration"), "expiration days are known only after apply")
				}
				if st == Known && d > 0 && d < minDays {
					return failed(AttrPath(attr, i, "expiration"), "rule %s expires log objects after %d days (minimum %d)", Display(At(r, "id")), d, minDays)
				}
			}
		}
		return passed("no lifecycle rule expires logs before %d days", minDays)
	}
	if _, ok := inlineBlock(bucket, "lifecycle_rule"); ok {
		if v := judgeRules(At(bucket.Value(), "lifecycle_rule"), "lifecycle_rule"); v.status != StatusPass {
			return verdictWithChain{verdict: v}
		}
	}
	v := bucketCompanion(ev, bucket, "aws_s3_bucket_lifecycle_configuration", func(c *plan.Resource) verdict {
		return judgeRules(At(c.Value(), "rule"), "rule")
	}, "")
	if v.status == StatusFail && v.msg == "" {
		// No lifecycle configuration at all: nothing expires the logs.
		return verdictWithChain{verdict: passed("no lifecycle configuration expires the logs")}
	}
	return v
}

func checkSecurityLogGroup(ev *Evaluation, lg *plan.Resource) []Finding {
	why, chain, ok := securityLogGroup(ev, lg)
	if !ok {
		return []Finding{NotApplicable(lg, "no security log source of this plan writes to the group, and its name and tags do not mark it as a security log group")}
	}
	var out []Finding
	retention, st := Int(At(lg.Value(), "retention_in_days"))
	minDays := int64(ev.Int("min_retention_days"))
	switch {
	case st == AfterApply && configSets(lg, "retention_in_days"):
		out = append(out, Undecidable(lg, "retention_in_days", "retention_in_days is known only after apply"))
	case st != Known || retention == 0:
		// 0 or unset: never expire.
	case retention < minDays:
		out = append(out, Fail(lg, "retention_in_days", "security logs (%s) expire after %d days (minimum %d)", why, retention, minDays))
	}
	set, kst, kchain := argumentSet(ev, lg, "kms_key_id")
	switch {
	case kst == AfterApply:
		out = append(out, Undecidable(lg, "kms_key_id", "kms_key_id is known only after apply and refers to nothing in this plan"))
	case !set:
		out = append(out, Fail(lg, "kms_key_id", "security logs (%s) are not encrypted with a customer-managed key (kms_key_id unset)", why))
	}
	if len(out) == 0 {
		return []Finding{withChain(Pass(lg, "security logs (%s) are retained and encrypted", why), append(chain, kchain...))}
	}
	for i := range out {
		out[i].Chain = chain
	}
	return out
}

// securityLogSources are the resources that deliver security logs into a
// CloudWatch log group.
var securityLogSources = []struct{ typ, attr string }{
	{"aws_cloudtrail", "cloud_watch_logs_group_arn"},
	{"aws_flow_log", "log_destination"},
	{"aws_flow_log", "log_group_name"},
	{"aws_route53_query_log", "cloudwatch_log_group_arn"},
	{"aws_route53_resolver_query_log_config", "destination_arn"},
	{"aws_ec2_client_vpn_endpoint", "connection_log_options.cloudwatch_log_group"},
	{"aws_vpn_connection", "tunnel1_log_options.cloudwatch_log_options.log_group_arn"},
	{"aws_vpn_connection", "tunnel2_log_options.cloudwatch_log_options.log_group_arn"},
	{"aws_wafv2_web_acl_logging_configuration", "log_destination_configs"},
}

func securityLogGroup(ev *Evaluation, lg *plan.Resource) (string, []plan.Step, bool) {
	for _, src := range securityLogSources {
		if from, chain, ok := hasReferrer(ev, lg, src.typ, src.attr); ok {
			return fmt.Sprintf("written by %s", from.Address), chain, true
		}
	}
	name, st := String(At(lg.Value(), "name"))
	if st == Known {
		for _, prefix := range ev.Strings("security_log_group_prefixes") {
			if strings.HasPrefix(name, prefix) {
				return fmt.Sprintf("name starts with %s", prefix), nil, true
			}
		}
	}
	if ok, _ := anyTagMatches(lg, ev.Strings("security_log_group_tags")); ok {
		return "security log tag", nil, true
	}
	return "", nil, false
}

func checkBucketAccessLogging(ev *Evaluation, bucket *plan.Resource) []Finding {
	if bucket.Type != "aws_s3_bucket" {
		return nil
	}
	if why, _, ok := logBucketOf(ev, bucket); ok {
		return []Finding{NotApplicable(bucket, "log bucket (%s); logging a log bucket's own access is not required", why)}
	}
	v := bucketAccessLogging(ev, bucket)
	if v.status != StatusPass {
		for _, t := range liveResources(ev.Plan, "aws_cloudtrail") {
			if ok, _ := trailS3DataEvents(t); ok {
				return []Finding{Pass(bucket, "object-level access is recorded by the S3 data events of %s", t.Address)}
			}
		}
	}
	return []Finding{v.finding(bucket)}
}

// ---- Detection, alerting and account baselines ----

func detectionRules() []*Rule {
	return []*Rule{
		{
			Metadata: Metadata{
				ID:            "LOG-R26",
				Title:         "Session Manager sessions are logged and encrypted",
				Severity:      SeverityMedium,
				Kind:          KindCross,
				Controls:      []string{"LOG-13", "IAM-08"},
				ResourceTypes: []string{"aws_ssm_document", "aws_instance"},
				Rationale: "Session Manager replaces SSH for administration; its session transcripts are the accounting record " +
					"of what an administrator did. They must reach a central log store encrypted.",
				Remediation: "Manage the SSM-SessionManagerRunShell document (type Session) with cloudWatchLogGroupName or s3BucketName, " +
					"cloudWatchEncryptionEnabled/s3EncryptionEnabled true and a kmsKeyId.",
				RemediationHCL: `resource "aws_ssm_document" "session_prefs" {
  name            = "SSM-SessionManagerRunShell"
  document_type   = "Session"
  document_format = "JSON"
  content = jsonencode({
    schemaVersion = "1.0"
    description   = "Session Manager preferences"
    sessionType   = "Standard_Stream"
    inputs = {
      cloudWatchLogGroupName      = aws_cloudwatch_log_group.sessions.name
      cloudWatchEncryptionEnabled = true
      kmsKeyId                    = aws_kms_key.sessions.arn
      idleSessionTimeout          = "20"
      maxSessionDuration          = "60"
    }
  })
}`,
			},
			CheckPlan: checkSessionLogging,
		},
		{
			Metadata: Metadata{
				ID:                  "LOG-R27",
				Title:               "GuardDuty is enabled with its protection plans",
				Severity:            SeverityHigh,
				Kind:                KindAccount,
				Controls:            []string{"LOG-02", "LOG-09"},
				AWSConfigRules:      []string{"guardduty-enabled-centralized", "guardduty-s3-protection-enabled", "guardduty-eks-protection-audit-enabled", "guardduty-runtime-monitoring-enabled", "guardduty-malware-protection-enabled"},
				SecurityHubControls: []string{"GuardDuty.1", "GuardDuty.5", "GuardDuty.6", "GuardDuty.9", "GuardDuty.10", "GuardDuty.11", "GuardDuty.12", "GuardDuty.13"},
				ResourceTypes:       []string{"aws_guardduty_detector", "aws_guardduty_detector_feature"},
				Rationale: "GuardDuty models normal API, network and DNS behaviour and reports anomalous sign-ins and traffic: the " +
					"behaviour baseline and anomaly alerting the guidance asks for, without running a SIEM rule set.",
				Remediation: "Enable a detector and its features listed in guardduty_features (aws_guardduty_detector_feature, status ENABLED). " +
					"If the organization's delegated administrator manages GuardDuty, declare the baseline \"guardduty\" provided elsewhere.",
				RemediationHCL: `resource "aws_guardduty_detector" "main" {
  enable = true
}

resource "aws_guardduty_detector_feature" "s3" {
  detector_id = aws_guardduty_detector.main.id
  name        = "S3_DATA_EVENTS"
  status      = "ENABLED"
}`,
				Params: []Param{{
					Name:        "guardduty_features",
					Description: "detector features that must be ENABLED",
					Default:     []string{"S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "RUNTIME_MONITORING", "EBS_MALWARE_PROTECTION"},
				}},
			},
			CheckPlan: checkGuardDuty,
		},
		{
			Metadata: Metadata{
				ID:             "LOG-R28",
				Title:          "Security Hub is enabled with the foundational standard",
				Severity:       SeverityMedium,
				Kind:           KindAccount,
				Controls:       []string{"LOG-07", "CFG-05"},
				AWSConfigRules: []string{"securityhub-enabled"},
				ResourceTypes:  []string{"aws_securityhub_account", "aws_securityhub_standards_subscription"},
				Rationale: "Security Hub gathers GuardDuty, Inspector, Config and partner findings in one place and audits " +
					"configuration against published standards continuously: the correlation and audit the guidance describes.",
				Remediation: "Enable aws_securityhub_account and subscribe to the standards listed in securityhub_standards. If a " +
					"central account manages Security Hub, declare the baseline \"securityhub\" provided elsewhere.",
				RemediationHCL: `resource "aws_securityhub_account" "main" {}

resource "aws_securityhub_standards_subscription" "fsbp" {
  standards_arn = "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0"
  depends_on    = [aws_securityhub_account.main]
}`,
				Params: []Param{{
					Name:        "securityhub_standards",
					Description: "substrings of standards ARNs that must be subscribed",
					Default:     []string{"aws-foundational-security-best-practices"},
				}},
			},
			CheckPlan: checkSecurityHub,
		},
		{
			Metadata: Metadata{
				ID:                  "LOG-R29",
				Title:               "AWS Config records every resource type",
				Severity:            SeverityHigh,
				Kind:                KindAccount,
				Controls:            []string{"LOG-10", "CFG-03"},
				SecurityHubControls: []string{"Config.1"},
				ResourceTypes:       []string{"aws_config_configuration_recorder", "aws_config_configuration_recorder_status", "aws_config_delivery_channel"},
				Rationale: "The Config recorder is the cloud's device inventory and configuration history; it shows what changed, " +
					"when and by whom. Recording only some types, or leaving the recorder stopped, leaves gaps an intruder can use.",
				Remediation: "Define a recorder with recording_group.all_supported = true (and global types in one region), a delivery " +
					"channel, and a recorder status with is_enabled = true. If a central workspace manages Config, declare the " +
					"baseline \"config\" provided elsewhere.",
				RemediationHCL: `resource "aws_config_configuration_recorder" "main" {
  name     = "default"
  role_arn = aws_iam_role.config.arn
  recording_group {
    all_supported                 = true
    include_global_resource_types = true
  }
}

resource "aws_config_delivery_channel" "main" {
  name           = "default"
  s3_bucket_name = aws_s3_bucket.config.id
  depends_on     = [aws_config_configuration_recorder.main]
}

resource "aws_config_configuration_recorder_status" "main" {
  name       = aws_config_configuration_recorder.main.name
  is_enabled = true
  depends_on = [aws_config_delivery_channel.main]
}`,
				Params: []Param{{
					Name:        "config_global_resource_types",
					Description: "require include_global_resource_types = true (set false in all regions but the one recording IAM)",
					Default:     true,
				}},
			},
			CheckPlan: checkConfigRecorder,
		},
		{
			Metadata: Metadata{
				ID:                  "LOG-R30",
				Title:               "Alarms exist for the CIS set of risky account events",
				Severity:            SeverityMedium,
				Kind:                KindCross,
				Controls:            []string{"LOG-02", "LOG-11", "CFG-01"},
				SecurityHubControls: []string{"CloudWatch.1", "CloudWatch.2", "CloudWatch.3", "CloudWatch.4", "CloudWatch.5", "CloudWatch.6", "CloudWatch.7", "CloudWatch.8", "CloudWatch.9", "CloudWatch.10", "CloudWatch.11", "CloudWatch.12", "CloudWatch.13", "CloudWatch.14"},
				ResourceTypes:       []string{"aws_cloudwatch_log_metric_filter", "aws_cloudwatch_metric_alarm", "aws_cloudwatch_event_rule", "aws_cloudwatch_event_target"},
				Rationale: "The guidance wants alerts on unusual sign-ins and on changes to users, access lists and routes. The CIS " +
					"benchmark's alarm set covers exactly those events; a metric filter without an alarm, or an event rule without a " +
					"target, alerts nobody.",
				Remediation: "For each event class in required_alerts, add a metric filter on the trail's log group with an alarm on its " +
					"metric, or an EventBridge rule with a target.",
				RemediationHCL: `resource "aws_cloudwatch_log_metric_filter" "root_use" {
  name           = "root-account-use"
  log_group_name = aws_cloudwatch_log_group.trail.name
  pattern        = "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }"
  metric_transformation {
    name      = "RootAccountUse"
    namespace = "CISBenchmark"
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "root_use" {
  alarm_name          = "root-account-use"
  namespace           = "CISBenchmark"
  metric_name         = "RootAccountUse"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [aws_sns_topic.security.arn]
}`,
				Params: []Param{{
					Name: "required_alerts",
					Description: "event classes that need an alert: root_use, unauthorized_api, console_no_mfa, console_failures, iam_policy, " +
						"cloudtrail_config, cmk_disable, s3_policy, config_changes, security_group, nacl, network_gateway, route_table, vpc",
					Default: []string{"root_use", "unauthorized_api", "console_no_mfa", "console_failures", "iam_policy", "cloudtrail_config",
						"cmk_disable", "s3_policy", "config_changes", "security_group", "nacl", "network_gateway", "route_table", "vpc"},
				}},
			},
			CheckPlan: checkSecurityAlarms,
		},
		{
			Metadata: Metadata{
				ID:                  "LOG-R31",
				Title:               "Metric alarm notifies someone",
				Severity:            SeverityLow,
				Kind:                KindResource,
				Controls:            []string{"LOG-09", "LOG-11"},
				AWSConfigRules:      []string{"cloudwatch-alarm-action-check", "cloudwatch-alarm-action-enabled-check"},
				SecurityHubControls: []string{"CloudWatch.15", "CloudWatch.17"},
				ResourceTypes:       []string{"aws_cloudwatch_metric_alarm"},
				Rationale:           "An alarm without actions, or with actions disabled, changes state silently; the alert never reaches a person.",
				Remediation:         "Set alarm_actions (e.g. an SNS topic) and leave actions_enabled at true.",
				RemediationHCL: `resource "aws_cloudwatch_metric_alarm" "example" {
  # …
  alarm_actions   = [aws_sns_topic.security.arn]
  actions_enabled = true
}`,
			},
			CheckResource: checkAlarmActions,
		},
		{
			Metadata: Metadata{
				ID:            "LOG-R32",
				Title:         "Capture-tagged interfaces are mirrored",
				Severity:      SeverityLow,
				Kind:          KindCross,
				Controls:      []string{"LOG-12"},
				ResourceTypes: []string{"aws_network_interface", "aws_instance"},
				Rationale: "Where packet capture was decided on (a tagged interface), a missing mirror session means the capture " +
					"point silently records nothing.",
				Remediation: "Add an aws_ec2_traffic_mirror_session for the interface with a mirror target and filter, or remove the capture tag.",
				RemediationHCL: `resource "aws_ec2_traffic_mirror_session" "core" {
  network_interface_id     = aws_instance.core.primary_network_interface_id
  traffic_mirror_target_id = aws_ec2_traffic_mirror_target.collector.id
  traffic_mirror_filter_id = aws_ec2_traffic_mirror_filter.all.id
  session_number           = 1
}`,
				Params: []Param{{
					Name:        "capture_tags",
					Description: "tags (key or key=value) marking instances and interfaces whose traffic must be mirrored",
					Default:     []string{"traffic-capture=true|yes"},
				}},
			},
			CheckResource: checkTrafficMirror,
		},
		{
			Metadata: Metadata{
				ID:                  "LOG-R34",
				Title:               "The account has a security alternate contact",
				Severity:            SeverityLow,
				Kind:                KindAccount,
				Controls:            []string{"GEN-02"},
				AWSConfigRules:      []string{"security-account-information-provided"},
				SecurityHubControls: []string{"Account.1"},
				ResourceTypes:       []string{"aws_account_alternate_contact"},
				Rationale: "Incident reporting works both ways: AWS notifies the security contact of abuse reports and compromised " +
					"credentials. Without one, warnings go to a billing or root mailbox nobody watches.",
				Remediation: "Add aws_account_alternate_contact with alternate_contact_type = \"SECURITY\" (or declare the baseline " +
					"\"security_contact\" provided elsewhere).",
				RemediationHCL: `resource "aws_account_alternate_contact" "security" {
  alternate_contact_type = "SECURITY"
  name                   = "Security Operations"
  title                  = "SOC"
  email_address          = "soc@example.com"
  phone_number           = "+10000000000"
}`,
			},
			CheckPlan: checkSecurityContact,
		},
	}
}

func checkSessionLogging(ev *Evaluation) []Finding {
	var docs []*plan.Resource
	for _, d := range liveResources(ev.Plan, "aws_ssm_document") {
		typ, _ := String(At(d.Value(), "document_type"))
		name, nst := String(At(d.Value(), "name"))
		if typ == "Session" && (nst != Known || name == "SSM-SessionManagerRunShell") {
			docs = append(docs, d)
		}
	}
	var out []Finding
	for _, d := range docs {
		out = append(out, judgeSessionDocument(ev, d))
	}
	if len(docs) > 0 {
		return out
	}
	if f, ok := baselineElsewhere(ev, "session_manager"); ok {
		return f
	}
	var managed []string
	for _, inst := range liveResources(ev.Plan, "aws_instance") {
		if set, st, _ := argumentSet(ev, inst, "iam_instance_profile"); set || st == AfterApply {
			managed = append(managed, inst.Address)
		}
	}
	if len(managed) == 0 {
		return []Finding{planFinding(StatusNotApplicable, "no instance of this plan has an instance profile (no Session Manager targets) and no Session preferences document")}
	}
	return []Finding{planFinding(StatusFail, "instances with instance profiles (%s) can be reached by Session Manager, but no SSM-SessionManagerRunShell document sets session logging", strings.Join(managed, ", "))}
}

func judgeSessionDocument(_ *Evaluation, d *plan.Resource) Finding {
	doc, st, err := jsonDocument(At(d.Value(), "content"))
	switch {
	case st == AfterApply:
		return Undecidable(d, "content", "the document content is known only after apply")
	case err != nil:
		return Fail(d, "content", "content is not JSON (YAML session documents are not evaluated): %v", err)
	case st != Known:
		return Fail(d, "content", "no content")
	}
	inputs, _ := doc["inputs"].(map[string]any)
	text := func(k string) string {
		switch v := inputs[k].(type) {
		case string:
			return v
		case bool:
			return fmt.Sprint(v)
		}
		return ""
	}
	cw, s3 := text("cloudWatchLogGroupName"), text("s3BucketName")
	switch {
	case cw == "" && s3 == "":
		return Fail(d, "content", "session transcripts go nowhere: set inputs.cloudWatchLogGroupName or inputs.s3BucketName")
	case cw != "" && text("cloudWatchEncryptionEnabled") != "true" && (s3 == "" || text("s3EncryptionEnabled") != "true"):
		return Fail(d, "content", "session logs are sent without requiring encryption (inputs.cloudWatchEncryptionEnabled)")
	case cw == "" && text("s3EncryptionEnabled") != "true":
		return Fail(d, "content", "session logs are sent without requiring encryption (inputs.s3EncryptionEnabled)")
	case text("kmsKeyId") == "":
		return Fail(d, "content", "sessions are not encrypted with a KMS key (inputs.kmsKeyId)")
	}
	return Pass(d, "session transcripts are logged, encrypted, and sessions use a KMS key")
}

func checkGuardDuty(ev *Evaluation) []Finding {
	if f, ok := baselineElsewhere(ev, "guardduty"); ok {
		return f
	}
	detectors := liveResources(ev.Plan, "aws_guardduty_detector")
	if len(detectors) == 0 {
		return []Finding{planFinding(StatusFail, "no aws_guardduty_detector in this plan; declare the guardduty baseline provided elsewhere if the organization manages it")}
	}
	var reasons []string
	var unknown *Finding
	for _, d := range detectors {
		enabled, st := boolDefault(d, true, "enable")
		switch {
		case st == AfterApply:
			f := Undecidable(d, "enable", "enable of %s is known only after apply", d.Address)
			f.Address = ""
			unknown = &f
			continue
		case !enabled:
			reasons = append(reasons, d.Address+" is disabled (enable = false)")
			continue
		}
		missing, pendingFeature := guardDutyMissingFeatures(ev, d)
		if pendingFeature != nil {
			f := *pendingFeature
			f.Address = ""
			unknown = &f
			continue
		}
		if len(missing) == 0 {
			return []Finding{planFinding(StatusPass, "%s is enabled with %s", d.Address, strings.Join(ev.Strings("guardduty_features"), ", "))}
		}
		reasons = append(reasons, fmt.Sprintf("%s lacks features %s", d.Address, strings.Join(missing, ", ")))
	}
	if unknown != nil {
		return []Finding{*unknown}
	}
	return []Finding{planFinding(StatusFail, "GuardDuty is incomplete: %s", strings.Join(reasons, "; "))}
}

func guardDutyMissingFeatures(ev *Evaluation, d *plan.Resource) ([]string, *Finding) {
	enabled := map[string]bool{}
	refs := ev.Plan.ReferrersOf(d, "aws_guardduty_detector_feature", "detector_id")
	for _, t := range refs.Matched {
		f := t.Resource
		name, _ := String(At(f.Value(), "name"))
		status, st := String(At(f.Value(), "status"))
		if st == AfterApply {
			u := Undecidable(f, "status", "status of feature %s is known only after apply", name)
			return nil, &u
		}
		if status == "ENABLED" {
			enabled[name] = true
		}
	}
	// The deprecated datasources block of the detector enables S3 logs,
	// Kubernetes audit logs and malware scanning.
	ds := At(d.Value(), "datasources", 0)
	if on, _ := Bool(At(ds, "s3_logs", 0, "enable")); on {
		enabled["S3_DATA_EVENTS"] = true
	}
	if on, _ := Bool(At(ds, "kubernetes", 0, "audit_logs", 0, "enable")); on {
		enabled["EKS_AUDIT_LOGS"] = true
	}
	if on, _ := Bool(At(ds, "malware_protection", 0, "scan_ec2_instance_with_findings", 0, "ebs_volumes", 0, "enable")); on {
		enabled["EBS_MALWARE_PROTECTION"] = true
	}
	var missing []string
	for _, want := range ev.Strings("guardduty_features") {
		if !enabled[want] {
			missing = append(missing, want)
		}
	}
	if len(missing) > 0 && len(refs.Undetermined) > 0 {
		u := Undecidable(refs.Undetermined[0], "detector_id", "feature %s may belong to %s, but its detector_id is known only after apply", refs.Undetermined[0].Address, d.Address)
		return nil, &u
	}
	return missing, nil
}

func checkSecurityHub(ev *Evaluation) []Finding {
	if f, ok := baselineElsewhere(ev, "securityhub"); ok {
		return f
	}
	accounts := liveResources(ev.Plan, "aws_securityhub_account")
	if len(accounts) == 0 {
		return []Finding{planFinding(StatusFail, "no aws_securityhub_account in this plan; declare the securityhub baseline provided elsewhere if a central account manages it")}
	}
	var subscribed []string
	for _, s := range liveResources(ev.Plan, "aws_securityhub_standards_subscription") {
		arn, st := String(At(s.Value(), "standards_arn"))
		if st == AfterApply {
			f := Undecidable(s, "standards_arn", "standards_arn of %s is known only after apply", s.Address)
			f.Address = ""
			return []Finding{f}
		}
		subscribed = append(subscribed, arn)
	}
	if defaults, _ := boolDefault(accounts[0], true, "enable_default_standards"); defaults {
		subscribed = append(subscribed, "aws-foundational-security-best-practices (default standards)", "cis-aws-foundations-benchmark (default standards)")
	}
	var missing []string
	for _, want := range ev.Strings("securityhub_standards") {
		if !slices.ContainsFunc(subscribed, func(s string) bool { return strings.Contains(s, want) }) {
			missing = append(missing, want)
		}
	}
	if len(missing) > 0 {
		return []Finding{planFinding(StatusFail, "Security Hub is enabled (%s) but not subscribed to %s", accounts[0].Address, strings.Join(missing, ", "))}
	}
	return []Finding{planFinding(StatusPass, "Security Hub is enabled (%s) with the required standards", accounts[0].Address)}
}

func checkConfigRecorder(ev *Evaluation) []Finding {
	if f, ok := baselineElsewhere(ev, "config"); ok {
		return f
	}
	recorders := liveResources(ev.Plan, "aws_config_configuration_recorder")
	if len(recorders) == 0 {
		return []Finding{planFinding(StatusFail, "no aws_config_configuration_recorder in this plan; declare the config baseline provided elsewhere if a central workspace manages it")}
	}
	rec := recorders[0]
	var problems []string
	// An unset recording_group is computed by the provider: AWS then records
	// all supported types, without global ones.
	group := cty.NullVal(cty.DynamicPseudoType)
	if configSets(rec, "recording_group") {
		group = At(rec.Value(), "recording_group", 0)
	}
	all, st := Bool(At(group, "all_supported"))
	switch {
	case st == AfterApply:
		f := Undecidable(rec, "recording_group[0].all_supported", "all_supported is known only after apply")
		f.Address = ""
		return []Finding{f}
	case st == Null || all:
	default:
		problems = append(problems, "recording_group.all_supported is false (only some resource types are recorded)")
	}
	if ev.Bool("config_global_resource_types") {
		if global, _ := Bool(At(group, "include_global_resource_types")); !global {
			problems = append(problems, "include_global_resource_types is not true (IAM users, roles and policies are not recorded)")
		}
	}
	status := judgeReferrers(ev, rec, "aws_config_configuration_recorder_status", "name", func(c *plan.Resource) verdict {
		on, st := Bool(At(c.Value(), "is_enabled"))
		switch {
		case st == AfterApply:
			return pending("is_enabled", "is_enabled is known only after apply")
		case on:
			return passed("recorder is started")
		}
		return failed("is_enabled", "recorder status is_enabled is false: nothing is recorded")
	}, "no aws_config_configuration_recorder_status starts the recorder")[0]
	switch status.Status {
	case StatusFail:
		problems = append(problems, status.Message)
	case StatusUndecidable:
		status.Address = ""
		return []Finding{status}
	}
	if len(liveResources(ev.Plan, "aws_config_delivery_channel")) == 0 {
		problems = append(problems, "no aws_config_delivery_channel: recorded items are not delivered")
	}
	if len(problems) > 0 {
		return []Finding{planFinding(StatusFail, "%s: %s", rec.Address, strings.Join(problems, "; "))}
	}
	return []Finding{planFinding(StatusPass, "%s records all resource types, is started and delivers", rec.Address)}
}

// securityAlertSignatures maps each CIS alarm class to strings of which one
// must appear in a metric-filter pattern or event pattern.
var securityAlertSignatures = map[string][]string{
	"root_use":          {`"Root"`, "type = Root"},
	"unauthorized_api":  {"UnauthorizedOperation", "AccessDenied"},
	"console_no_mfa":    {"MFAUsed", "additionalEventData.MFAUsed"},
	"console_failures":  {"Failed authentication"},
	"iam_policy":        {"DeleteGroupPolicy", "PutRolePolicy", "AttachRolePolicy", "CreatePolicyVersion"},
	"cloudtrail_config": {"StopLogging", "DeleteTrail", "UpdateTrail"},
	"cmk_disable":       {"DisableKey", "ScheduleKeyDeletion"},
	"s3_policy":         {"PutBucketPolicy", "DeleteBucketPolicy"},
	"config_changes":    {"StopConfigurationRecorder", "DeleteDeliveryChannel"},
	"security_group":    {"AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress"},
	"nacl":              {"CreateNetworkAclEntry", "ReplaceNetworkAclEntry", "DeleteNetworkAcl"},
	"network_gateway":   {"CreateCustomerGateway", "AttachInternetGateway", "CreateInternetGateway"},
	"route_table":       {"CreateRoute", "ReplaceRoute", "DeleteRouteTable"},
	"vpc":               {"CreateVpc", "DeleteVpc", "ModifyVpcAttribute"},
}

// alertPattern is a pattern that reaches a person: a metric filter with an
// alarm on its metric, or an event rule with a target.
type alertPattern struct {
	source  string
	pattern string
}

func checkSecurityAlarms(ev *Evaluation) []Finding {
	if f, ok := baselineElsewhere(ev, "security_alarms"); ok {
		return f
	}
	var patterns []alertPattern
	var unknown *Finding
	alarmed := map[string]bool{}
	for _, a := range liveResources(ev.Plan, "aws_cloudwatch_metric_alarm") {
		name, nst := String(At(a.Value(), "metric_name"))
		ns, sst := String(At(a.Value(), "namespace"))
		if nst == Known && sst == Known {
			alarmed[ns+"\x00"+name] = true
		}
	}
	for _, mf := range liveResources(ev.Plan, "aws_cloudwatch_log_metric_filter") {
		pattern, pst := String(At(mf.Value(), "pattern"))
		t := At(mf.Value(), "metric_transformation", 0)
		name, nst := String(At(t, "name"))
		ns, sst := String(At(t, "namespace"))
		if pst == AfterApply || nst == AfterApply || sst == AfterApply {
			if unknown == nil {
				f := Undecidable(mf, "pattern", "the pattern or metric of %s is known only after apply", mf.Address)
				f.Address = ""
				unknown = &f
			}
			continue
		}
		if alarmed[ns+"\x00"+name] {
			patterns = append(patterns, alertPattern{source: mf.Address, pattern: pattern})
		}
	}
	for _, rule := range liveResources(ev.Plan, "aws_cloudwatch_event_rule") {
		pattern, st := String(At(rule.Value(), "event_pattern"))
		if st != Known {
			continue
		}
		if _, _, ok := hasReferrer(ev, rule, "aws_cloudwatch_event_target", "rule"); ok {
			patterns = append(patterns, alertPattern{source: rule.Address, pattern: pattern})
		}
	}
	var missing, covered []string
	for _, class := range ev.Strings("required_alerts") {
		signatures := securityAlertSignatures[class]
		found := slices.ContainsFunc(patterns, func(p alertPattern) bool {
			return slices.ContainsFunc(signatures, func(s string) bool { return strings.Contains(p.pattern, s) })
		})
		if found {
			covered = append(covered, class)
		} else {
			missing = append(missing, class)
		}
	}
	switch {
	case len(missing) == 0:
		return []Finding{planFinding(StatusPass, "alerts exist for %s", strings.Join(covered, ", "))}
	case unknown != nil:
		return []Finding{*unknown}
	}
	return []Finding{planFinding(StatusFail, "no alarmed metric filter or targeted event rule for: %s", strings.Join(missing, ", "))}
}

func checkAlarmActions(ev *Evaluation, alarm *plan.Resource) []Finding {
	enabled, st := boolDefault(alarm, true, "actions_enabled")
	if st == AfterApply {
		return []Finding{Undecidable(alarm, "actions_enabled", "actions_enabled is known only after apply")}
	}
	if !enabled {
		return []Finding{Fail(alarm, "actions_enabled", "actions_enabled is false: the alarm notifies nobody")}
	}
	set, ast, chain := argumentSet(ev, alarm, "alarm_actions")
	switch {
	case ast == AfterApply:
		return []Finding{Undecidable(alarm, "alarm_actions", "alarm_actions is known only after apply and refers to nothing in this plan")}
	case !set:
		return []Finding{Fail(alarm, "alarm_actions", "alarm_actions is empty: the alarm notifies nobody")}
	}
	return []Finding{withChain(Pass(alarm, "the alarm has actions"), chain)}
}

func checkTrafficMirror(ev *Evaluation, r *plan.Resource) []Finding {
	tagged, st := anyTagMatches(r, ev.Strings("capture_tags"))
	switch {
	case st == AfterApply:
		return []Finding{Undecidable(r, "tags", "tags are known only after apply")}
	case !tagged:
		return []Finding{NotApplicable(r, "not tagged for traffic capture")}
	}
	attr := "network_interface_id"
	missing := "tagged for capture, but no aws_ec2_traffic_mirror_session mirrors the interface"
	return judgeReferrers(ev, r, "aws_ec2_traffic_mirror_session", attr, func(s *plan.Resource) verdict {
		return passed("mirrored by a traffic mirror session")
	}, missing)
}

func checkSecurityContact(ev *Evaluation) []Finding {
	if f, ok := baselineElsewhere(ev, "security_contact"); ok {
		return f
	}
	for _, c := range liveResources(ev.Plan, "aws_account_alternate_contact") {
		typ, st := String(At(c.Value(), "alternate_contact_type"))
		switch {
		case st == AfterApply:
			f := Undecidable(c, "alternate_contact_type", "alternate_contact_type of %s is known only after apply", c.Address)
			f.Address = ""
			return []Finding{f}
		case typ == "SECURITY":
			return []Finding{planFinding(StatusPass, "%s is the security contact", c.Address)}
		}
	}
	return []Finding{planFinding(StatusFail, "no aws_account_alternate_contact of type SECURITY: AWS cannot reach the security team")}
}

package rules

import (
	"maps"
	"slices"
	"strings"

	"github.com/commshield/terraform-provider-commshield/internal/plan"
	"github.com/zclconf/go-cty/cty"
)

// commshield's own resources (internal/service/*) are hardened compositions
// of the AWS objects the rules know: a commshield_segmented_vpc is a VPC with
// a flow log, a stripped default security group and network ACL; a
// commshield_audit_trail is a CloudTrail trail with a CloudWatch Logs group;
// a commshield_log_archive is an S3 bucket with versioning, Object Lock,
// SSE-KMS, a public access block and a TLS-only policy; a commshield_kms_key
// is a rotated CMK. This file teaches the relevant rules to judge them, from
// the values the provider plans (it plans the hardened settings as known
// read-only attributes, e.g. versioning_status = "Enabled"), so a plan that
// uses commshield's resources is judged on what it builds instead of
// failing account checks that look only for aws_* types.
//
// The adaptation wraps rules instead of editing each family file: the
// families stay about hashicorp/aws, and the whole mapping is in one table.

const (
	typeCSKMSKey      = "commshield_kms_key"
	typeCSLogArchive  = "commshield_log_archive"
	typeCSAuditTrail  = "commshield_audit_trail"
	typeCSSegmentedVP = "commshield_segmented_vpc"
)

// commshieldFlowLogFields are the record fields of the flow log every
// commshield_segmented_vpc creates (flowLogFormat in internal/service/ec2:
// the default v2 fields plus v3-v5 investigation fields).
var commshieldFlowLogFields = []string{
	"version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "packets", "bytes",
	"start", "end", "action", "log-status", "vpc-id", "subnet-id", "instance-id", "tcp-flags", "type", "pkt-srcaddr",
	"pkt-dstaddr", "region", "az-id", "flow-direction", "traffic-path",
}

// commshieldJudge judges one commshield resource instance for a rule.
type commshieldJudge func(ev *Evaluation, r *plan.Resource) []Finding

// commshieldAdaptation says how one rule treats commshield resources.
type commshieldAdaptation struct {
	// judges, by commshield type, for rules with CheckResource.
	judges map[string]commshieldJudge
	// account, for account rules with CheckPlan: a non-nil verdict settles
	// the rule (a commshield resource provides the baseline); nil falls back
	// to the rule's own check.
	account func(ev *Evaluation) []Finding
	// accountTypes are the commshield types account reads (for docs).
	accountTypes []string
}

// commshieldAdaptations is the table rule ID → adaptation.
func commshieldAdaptations() map[string]commshieldAdaptation {
	vpc := func(j commshieldJudge) map[string]commshieldJudge {
		return map[string]commshieldJudge{typeCSSegmentedVP: j}
	}
	trail := func(j commshieldJudge) map[string]commshieldJudge {
		return map[string]commshieldJudge{typeCSAuditTrail: j}
	}
	archive := func(j commshieldJudge) map[string]commshieldJudge {
		return map[string]commshieldJudge{typeCSLogArchive: j}
	}
	return map[string]commshieldAdaptation{
		// Logging and monitoring.
		"LOG-R01": {judges: vpc(judgeCSVPCFlowLogTraffic)},
		"LOG-R03": {judges: vpc(judgeCSVPCFlowLogSettings)},
		"LOG-R04": {account: csAccountTrail, accountTypes: []string{typeCSAuditTrail}},
		"LOG-R05": {judges: trail(judgeCSTrailValidation)},
		"LOG-R06": {judges: trail(judgeCSTrailKMS)},
		"LOG-R07": {judges: trail(judgeCSTrailCloudWatch)},
		"LOG-R09": {account: csS3DataEvents, accountTypes: []string{typeCSAuditTrail}},
		"LOG-R11": {judges: archive(judgeCSArchiveImmutable)},
		"LOG-R13": {judges: archive(judgeCSArchiveTLSOnly)},
		"LOG-R14": {judges: archive(judgeCSArchiveRetention)},
		"LOG-R15": {judges: map[string]commshieldJudge{typeCSAuditTrail: judgeCSTrailLogGroup, typeCSSegmentedVP: judgeCSFlowLogGroup}},
		"LOG-R33": {judges: trail(judgeCSTrailInsights)},
		"LOG-R30": {account: csChangeAlerts, accountTypes: []string{typeCSChangeAlerts}},
		// Account baseline (commshield_baseline.go).
		"LOG-R27": {account: csBaselineGuardDuty, accountTypes: []string{typeCSAccountBaseline}},
		"LOG-R28": {account: csBaselineSecurityHub, accountTypes: []string{typeCSAccountBaseline}},
		"LOG-R29": {account: csBaselineConfig, accountTypes: []string{typeCSAccountBaseline}},
		"IAM-R01": {account: csBaselinePasswordPolicy, accountTypes: []string{typeCSAccountBaseline}},
		"IAM-R17": {account: csBaselineAccessAnalyzer, accountTypes: []string{typeCSAccountBaseline}},
		// Identity (commshield_access.go).
		"IAM-R07": {judges: map[string]commshieldJudge{typeCSBreakGlassRole: judgeCSBreakGlassTrust}},
		"IAM-R10": {judges: map[string]commshieldJudge{typeCSBreakGlassRole: judgeCSBreakGlassSession}},
		"IAM-R16": {judges: map[string]commshieldJudge{typeCSBreakGlassRole: judgeCSBreakGlassAdmin}},
		// Governance (commshield_governance.go).
		"CFG-R05": {account: csConfigRules, accountTypes: []string{typeCSConfigRules}},
		"CFG-R07": {account: csGuardrailSCP, accountTypes: []string{typeCSGuardrailPolicy}},
		// Network.
		"NET-R01": {judges: map[string]commshieldJudge{typeCSManagementAccess: judgeCSManagementAdminInternet}},
		"NET-R02": {judges: map[string]commshieldJudge{typeCSManagementAccess: judgeCSManagementFromManagement}},
		"VUL-R01": {judges: map[string]commshieldJudge{typeCSManagementAccess: judgeCSManagementPlaintext}},
		"NET-R05": {judges: map[string]commshieldJudge{typeCSManagementAccess: judgeCSManagementEgress}},
		"NET-R06": {judges: vpc(judgeCSDefaultSGClosed)},
		"NET-R07": {judges: vpc(judgeCSDefaultSGClosed)},
		"NET-R08": {judges: vpc(judgeCSTierNACLs)},
		"NET-R09": {judges: vpc(judgeCSDefaultNACLStripped)},
		"NET-R16": {judges: map[string]commshieldJudge{typeCSLogArchive: judgeCSArchivePublicAccessBlock, typeCSAccountBaseline: judgeCSBaselinePublicAccessBlock}},
		// Change management: no deletion or weakening of logging.
		"CFG-R03": {judges: map[string]commshieldJudge{
			typeCSAuditTrail: judgeCSNoLoggingTamper, typeCSLogArchive: judgeCSNoLoggingTamper,
			typeCSSegmentedVP: judgeCSNoLoggingTamper, typeCSKMSKey: judgeCSNoLoggingTamper,
			typeCSAccountBaseline: judgeCSNoLoggingTamper,
		}},
		// Cryptography.
		"CRY-R13": {judges: archive(judgeCSArchiveTLSOnly)},
		"CRY-R21": {judges: map[string]commshieldJudge{typeCSKMSKey: judgeCSKeyRotation}},
		"CRY-R22": {judges: map[string]commshieldJudge{typeCSAccountBaseline: judgeCSBaselineEBS}},
		// Identity: the IMDS account default.
		"IAM-R19": {judges: map[string]commshieldJudge{typeCSAccountBaseline: judgeCSBaselineIMDS}},
	}
}

// withCommshieldResources extends the rules of the table in place to judge
// commshield resources, and returns all.
func withCommshieldResources(all []*Rule) []*Rule {
	table := commshieldAdaptations()
	for _, r := range all {
		a, ok := table[r.ID]
		if !ok {
			continue
		}
		if r.CheckResource != nil && len(a.judges) > 0 {
			own := r.CheckResource
			judges := a.judges
			r.ResourceTypes = append(slices.Clone(r.ResourceTypes), slices.Sorted(maps.Keys(judges))...)
			r.CheckResource = func(ev *Evaluation, res *plan.Resource) []Finding {
				if judge, ok := judges[res.Type]; ok {
					return judge(ev, res)
				}
				return own(ev, res)
			}
		}
		if r.CheckPlan != nil && a.account != nil {
			own, account := r.CheckPlan, a.account
			r.ResourceTypes = append(slices.Clone(r.ResourceTypes), a.accountTypes...)
			r.CheckPlan = func(ev *Evaluation) []Finding {
				if f := account(ev); f != nil {
					return f
				}
				return own(ev)
			}
		}
	}
	return all
}

// ---- commshield_segmented_vpc ----

// csFlowLogTarget describes where the VPC's mandatory flow log goes, or ""
// when neither destination is set (the provider refuses such a plan, so
// only a broken plan gets here).
func csFlowLogTarget(r *plan.Resource) string {
	v := r.Value()
	if dest := At(v, "flow_log_destination_arn"); StateOf(dest) != Null {
		if s, st := String(dest); st == Known {
			return "the S3 log archive " + s
		}
		return "the S3 bucket of flow_log_destination_arn (" + strings.Join(ReferencesOf(r, "flow_log_destination_arn"), ", ") + ")"
	}
	if StateOf(At(v, "flow_log_kms_key_arn")) != Null {
		return "a KMS-encrypted CloudWatch Logs group"
	}
	return ""
}

func judgeCSVPCFlowLogTraffic(ev *Evaluation, r *plan.Resource) []Finding {
	target := csFlowLogTarget(r)
	if target == "" {
		return []Finding{Fail(r, "flow_log_destination_arn", "neither flow_log_destination_arn nor flow_log_kms_key_arn is set: the VPC has no flow log")}
	}
	if !slices.ContainsFunc(ev.Strings("flow_log_traffic_types"), func(t string) bool { return strings.EqualFold(t, "ALL") }) {
		return []Finding{Fail(r, "", "the resource's flow log records ALL traffic, which this rule's flow_log_traffic_types (%s) does not accept",
			strings.Join(ev.Strings("flow_log_traffic_types"), ", "))}
	}
	return []Finding{Pass(r, "commshield_segmented_vpc keeps a flow log of ALL traffic to %s", target)}
}

func judgeCSVPCFlowLogSettings(ev *Evaluation, r *plan.Resource) []Finding {
	target := csFlowLogTarget(r)
	if target == "" {
		return []Finding{Fail(r, "flow_log_destination_arn", "neither flow_log_destination_arn nor flow_log_kms_key_arn is set: the VPC has no flow log")}
	}
	var missing []string
	for _, f := range ev.Strings("flow_log_required_fields") {
		if !slices.Contains(commshieldFlowLogFields, strings.Trim(f, "${}")) {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		return []Finding{Fail(r, "", "the resource's flow log format lacks the required fields %s", strings.Join(missing, ", "))}
	}
	return []Finding{Pass(r, "commshield_segmented_vpc's flow log records ALL traffic with 60-second aggregation and the extended record format, to %s", target)}
}

// judgeCSCount passes when a planned rule count (the resource plans 0 and
// revokes anything else on apply) is zero.
func judgeCSCount(r *plan.Resource, attr, what string) []Finding {
	n, st := Int(At(r.Value(), attr))
	switch {
	case st == AfterApply:
		return []Finding{Undecidable(r, attr, "%s is known only after apply", attr)}
	case st == Null:
		return []Finding{Fail(r, attr, "%s is not planned: the plan does not say the %s is stripped", attr, what)}
	case n != 0:
		return []Finding{Fail(r, attr, "the %s keeps %d rule(s) after apply", what, n)}
	}
	return []Finding{Pass(r, "commshield_segmented_vpc adopts the %s and strips every rule (%s = 0)", what, attr)}
}

func judgeCSDefaultSGClosed(_ *Evaluation, r *plan.Resource) []Finding {
	return judgeCSCount(r, "default_security_group_rule_count", "default security group")
}

func judgeCSDefaultNACLStripped(_ *Evaluation, r *plan.Resource) []Finding {
	return judgeCSCount(r, "default_network_acl_rule_count", "default network ACL")
}

// judgeCSTierNACLs is NET-R08 on the tier network ACLs of a segmented VPC,
// whose entries the provider plans in network_acl_rules (tier → entries),
// evaluated in rule-number order like any network ACL.
func judgeCSTierNACLs(ev *Evaluation, r *plan.Resource) []Finding {
	byTier := At(r.Value(), "network_acl_rules")
	switch StateOf(byTier) {
	case AfterApply:
		return []Finding{Undecidable(r, "network_acl_rules", "network_acl_rules is known only after apply")}
	case Null:
		return []Finding{Fail(r, "network_acl_rules", "no tier network ACL entries are planned")}
	}
	admin := mustPorts(ev, "admin_ports")
	inner, _ := byTier.UnmarkDeep()
	var fails, unknown []Finding
	for it := inner.ElementIterator(); it.Next(); {
		key, rules := it.Element()
		tier := key.AsString()
		var entries []NACLEntry
		for i, rule := range Elements(rules) {
			egress, _ := Bool(At(rule, "egress"))
			e := NACLEntry{Attribute: AttrPath("network_acl_rules", tier, i), Ingress: !egress}
			e.fill(func(name string) cty.Value { return At(rule, name) }, "action", "rule_number", "protocol", "from_port", "to_port", []string{"cidr_block"})
			entries = append(entries, e)
		}
		decides := func(e NACLEntry, proto string, port int) bool {
			allowed, by, decided := NACLAllowsFromInternet(entries, proto, port)
			return decided && allowed && by.RuleNo == e.RuleNo
		}
		for _, e := range entries {
			switch {
			case !e.Ingress:
				continue
			case e.UnknownField != "":
				unknown = append(unknown, Undecidable(r, e.UnknownField, "%s is known only after apply", e.UnknownField))
				continue
			case !e.Allow || !slices.ContainsFunc(e.CIDRs, IsInternetCIDR):
				continue
			case e.Protocol == "all" && (decides(e, "tcp", 1) || decides(e, "tcp", 49152) || decides(e, "udp", 49152)):
				fails = append(fails, Fail(r, e.Attribute, "the %s tier's rule %d allows every protocol and port from the internet", tier, e.RuleNo))
				continue
			}
			for _, p := range admin {
				for port := p.From; port <= p.To; port++ {
					if e.covers(p.Protocol, port) && decides(e, p.Protocol, port) {
						fails = append(fails, Fail(r, e.Attribute, "the %s tier's rule %d allows %s/%d (admin) from the internet", tier, e.RuleNo, p.Protocol, port))
					}
				}
			}
		}
	}
	switch {
	case len(fails) > 0:
		return fails
	case len(unknown) > 0:
		return unknown
	}
	return []Finding{Pass(r, "no tier network ACL admits the internet to admin ports or to all ports")}
}

// ---- commshield_audit_trail ----

// csTrue passes when the boolean attr is planned true; the audit trail plans
// its hardened settings as known read-only values.
func csTrue(r *plan.Resource, attr, pass string) []Finding {
	b, st := Bool(At(r.Value(), attr))
	switch {
	case st == AfterApply:
		return []Finding{Undecidable(r, attr, "%s is known only after apply", attr)}
	case st == Known && b:
		return []Finding{Pass(r, "%s", pass)}
	}
	return []Finding{Fail(r, attr, "%s is not planned true", attr)}
}

func judgeCSTrailValidation(_ *Evaluation, r *plan.Resource) []Finding {
	return csTrue(r, "log_file_validation_enabled", "commshield_audit_trail always enables log file validation")
}

func judgeCSTrailKMS(_ *Evaluation, r *plan.Resource) []Finding {
	v := At(r.Value(), "kms_key_arn")
	switch s, st := String(v); st {
	case Known:
		if strings.Contains(s, ":kms:") && strings.Contains(s, ":key/") {
			return []Finding{Pass(r, "the trail and its log group are encrypted with the KMS key %s", s)}
		}
		return []Finding{Fail(r, "kms_key_arn", "kms_key_arn %q is not a KMS key ARN", s)}
	case AfterApply:
		refs := ReferencesOf(r, "kms_key_arn")
		for _, ref := range refs {
			if strings.HasPrefix(ref, typeCSKMSKey+".") || strings.HasPrefix(ref, "aws_kms_key.") || strings.Contains(ref, "."+typeCSKMSKey+".") || strings.Contains(ref, ".aws_kms_key.") {
				return []Finding{Pass(r, "the trail and its log group are encrypted with the customer-managed key %s", ref)}
			}
		}
		f := Undecidable(r, "kms_key_arn", "kms_key_arn is known only after apply and does not come from a key of this plan")
		return []Finding{f}
	}
	return []Finding{Fail(r, "kms_key_arn", "kms_key_arn is not set")}
}

func judgeCSTrailCloudWatch(_ *Evaluation, r *plan.Resource) []Finding {
	v := At(r.Value(), "log_group_arn")
	if StateOf(v) == Null {
		return []Finding{Fail(r, "log_group_arn", "the trail delivers to no CloudWatch Logs group")}
	}
	return []Finding{Pass(r, "commshield_audit_trail delivers every event to the KMS-encrypted CloudWatch Logs group %s", Display(v))}
}

func judgeCSTrailInsights(ev *Evaluation, r *plan.Resource) []Finding {
	have, st := Strings(At(r.Value(), "insight_types"))
	if st == AfterApply {
		return []Finding{Undecidable(r, "insight_types", "insight_types is known only after apply")}
	}
	var missing []string
	for _, want := range ev.Strings("insight_types") {
		if !slices.Contains(have, want) {
			missing = append(missing, want)
		}
	}
	if len(missing) > 0 {
		return []Finding{Fail(r, "insight_types", "CloudTrail Insights %s not enabled (insight_types = %s)", strings.Join(missing, ", "), Display(At(r.Value(), "insight_types")))}
	}
	return []Finding{Pass(r, "CloudTrail Insights enabled: %s", strings.Join(have, ", "))}
}

// csLogGroup judges a CloudWatch Logs group a commshield resource creates:
// retention from retentionAttr (at least min_retention_days), encryption
// with the key in keyAttr.
func csLogGroup(ev *Evaluation, r *plan.Resource, retentionAttr, keyAttr, what string) []Finding {
	days, st := Int(At(r.Value(), retentionAttr))
	minDays := int64(ev.Int("min_retention_days"))
	switch {
	case st == AfterApply:
		return []Finding{Undecidable(r, retentionAttr, "%s is known only after apply", retentionAttr)}
	case st != Known:
		return []Finding{Fail(r, retentionAttr, "%s is not planned", retentionAttr)}
	case days < minDays:
		return []Finding{Fail(r, retentionAttr, "%s expire after %d days (minimum %d)", what, days, minDays)}
	}
	if StateOf(At(r.Value(), keyAttr)) == Null {
		return []Finding{Fail(r, keyAttr, "%s are not encrypted with a customer-managed key (%s unset)", what, keyAttr)}
	}
	return []Finding{Pass(r, "%s are kept %d days and encrypted with the key of %s", what, days, keyAttr)}
}

func judgeCSTrailLogGroup(ev *Evaluation, r *plan.Resource) []Finding {
	return csLogGroup(ev, r, "log_retention_days", "kms_key_arn", "the trail's CloudWatch Logs events")
}

func judgeCSFlowLogGroup(ev *Evaluation, r *plan.Resource) []Finding {
	if StateOf(At(r.Value(), "flow_log_kms_key_arn")) == Null {
		return []Finding{NotApplicable(r, "flow logs go to the S3 log archive, not to a CloudWatch Logs group")}
	}
	return csLogGroup(ev, r, "flow_log_retention_days", "flow_log_kms_key_arn", "flow logs in CloudWatch Logs")
}

// csAccountTrail: a commshield_audit_trail is multi-region, records global
// service events and all management events, and is logging. nil when the
// plan has none that is (the rule's own check then judges aws_cloudtrail).
func csAccountTrail(ev *Evaluation) []Finding {
	for _, r := range liveResources(ev.Plan, typeCSAuditTrail) {
		v := r.Value()
		multi, st1 := Bool(At(v, "is_multi_region_trail"))
		global, st2 := Bool(At(v, "include_global_service_events"))
		logging, st3 := Bool(At(v, "is_logging"))
		rw, st4 := String(At(v, "management_events_read_write_type"))
		if st1 == Known && st2 == Known && st3 == Known && st4 == Known && multi && global && logging && rw == "All" {
			return []Finding{planFinding(StatusPass, "%s is a multi-region trail recording global service events and all (read and write) management events", r.Address)}
		}
	}
	return nil
}

// csS3DataEvents: a commshield_audit_trail records S3 object-level events
// (data_events.s3, or an advanced selector on AWS::S3::Object).
func csS3DataEvents(ev *Evaluation) []Finding {
	for _, r := range liveResources(ev.Plan, typeCSAuditTrail) {
		v := r.Value()
		if s3, st := Bool(At(v, "data_events", "s3")); st == Known && s3 {
			return []Finding{planFinding(StatusPass, "%s records S3 object-level data events for every bucket (data_events.s3)", r.Address)}
		}
		for _, sel := range Elements(At(v, "advanced_event_selectors")) {
			for _, fs := range Elements(At(sel, "field_selectors")) {
				field, _ := String(At(fs, "field"))
				equals, _ := Strings(At(fs, "equals"))
				if field == "resources.type" && slices.Contains(equals, "AWS::S3::Object") {
					return []Finding{planFinding(StatusPass, "%s records S3 object-level data events (advanced event selector on AWS::S3::Object)", r.Address)}
				}
			}
		}
	}
	return nil
}

// ---- commshield_log_archive ----

func judgeCSArchiveImmutable(ev *Evaluation, r *plan.Resource) []Finding {
	v := r.Value()
	status, _ := String(At(v, "versioning_status"))
	if status != "Enabled" {
		return []Finding{Fail(r, "versioning_status", "versioning is not planned Enabled (%s)", Display(At(v, "versioning_status")))}
	}
	mode, modeState := String(At(v, "object_lock_mode"))
	days, daysState := Int(At(v, "object_lock_retention_days"))
	switch {
	case modeState == AfterApply || daysState == AfterApply:
		return []Finding{Undecidable(r, "object_lock_retention_days", "the Object Lock mode or retention is known only after apply")}
	case modeState != Known || daysState != Known:
		return []Finding{Fail(r, "object_lock_mode", "no Object Lock default retention is planned")}
	case days < int64(ev.Int("min_lock_days")):
		return []Finding{Fail(r, "object_lock_retention_days", "Object Lock keeps versions %d days, less than %d", days, ev.Int("min_lock_days"))}
	}
	return []Finding{Pass(r, "versioned, Object Lock %s for %d days on every log version", mode, days)}
}

func judgeCSArchiveRetention(ev *Evaluation, r *plan.Resource) []Finding {
	v := At(r.Value(), "expiration_days")
	days, st := Int(v)
	switch {
	case st == Null:
		return []Finding{Pass(r, "logs never expire (no expiration_days)")}
	case st == AfterApply:
		return []Finding{Undecidable(r, "expiration_days", "expiration_days is known only after apply")}
	case days < int64(ev.Int("min_retention_days")):
		return []Finding{Fail(r, "expiration_days", "logs expire after %d days, less than %d", days, ev.Int("min_retention_days"))}
	}
	return []Finding{Pass(r, "logs are kept %d days before they expire", days)}
}

func judgeCSArchivePublicAccessBlock(_ *Evaluation, r *plan.Resource) []Finding {
	return csTrue(r, "public_access_block_enabled", "commshield_log_archive sets all four public access block flags")
}

// judgeCSArchiveTLSOnly reads the generated bucket policy (planned as a
// known value) for a Deny on aws:SecureTransport = false, with the shared
// policy parser and the same statement test as the bucket TLS rule.
func judgeCSArchiveTLSOnly(_ *Evaluation, r *plan.Resource) []Finding {
	doc, st := String(At(r.Value(), "policy"))
	switch st {
	case AfterApply:
		return []Finding{Undecidable(r, "policy", "the bucket policy is known only after apply")}
	case Null:
		return []Finding{Fail(r, "policy", "no bucket policy is planned")}
	}
	policy, err := ParsePolicyJSON(doc)
	if err != nil {
		return []Finding{Fail(r, "policy", "the planned bucket policy does not parse: %v", err)}
	}
	// The same judgement CRY-R02 makes of an aws_s3_bucket_policy.
	if secure, _ := policyDeniesInsecureTransport(policy, ""); !secure {
		return []Finding{Fail(r, "policy", "the planned bucket policy has no Deny on aws:SecureTransport = false")}
	}
	return []Finding{Pass(r, "the bucket policy denies every request not sent over TLS")}
}

// ---- commshield_kms_key ----

func judgeCSKeyRotation(ev *Evaluation, r *plan.Resource) []Finding {
	v := r.Value()
	if f := csTrue(r, "rotation_enabled", ""); f[0].Status != StatusPass {
		return f
	}
	period, st := Int(At(v, "rotation_period_in_days"))
	if st == Known && period > int64(ev.Int("max_rotation_period_days")) {
		return []Finding{Fail(r, "rotation_period_in_days", "the key rotates every %d days, more than %d", period, ev.Int("max_rotation_period_days"))}
	}
	window, st := Int(At(v, "deletion_window_in_days"))
	if st == Known && window < int64(ev.Int("min_deletion_window_days")) {
		return []Finding{Fail(r, "deletion_window_in_days", "deletion window %d days, less than %d", window, ev.Int("min_deletion_window_days"))}
	}
	return []Finding{Pass(r, "rotation on every %s days, deletion window %s days", Display(At(v, "rotation_period_in_days")), Display(At(v, "deletion_window_in_days")))}
}

// ---- change management (CFG-R03) ----

// commshieldTamper lists, per commshield type, the settings whose weakening
// (by the plan or by drift) CFG-R03 reports, as tamperByType does for aws_*.
var commshieldTamper = map[string][]weakening{
	typeCSAuditTrail: {
		{attribute: "is_logging", defaultOn: true},
		{attribute: "log_file_validation_enabled", defaultOn: true},
		{attribute: "is_multi_region_trail", defaultOn: true},
		{attribute: "log_retention_days", retention: true},
	},
	typeCSLogArchive: {
		{attribute: "object_lock_retention_days", retention: true},
		{attribute: "expiration_days", retention: true},
	},
	typeCSKMSKey:      {{attribute: "rotation_enabled", defaultOn: true}},
	typeCSSegmentedVP: nil, // deleting it deletes its flow log
	// Each switch of the baseline turned off (by the plan or by drift).
	typeCSAccountBaseline: {
		{attribute: "guardduty_enabled", defaultOn: true},
		{attribute: "security_hub_enabled", defaultOn: true},
		{attribute: "config_recorder_enabled", defaultOn: true},
		{attribute: "ebs_encryption_enabled", defaultOn: true},
		{attribute: "s3_public_access_block_enabled", defaultOn: true},
		{attribute: "password_policy_enabled", defaultOn: true},
		{attribute: "imdsv2_required_enabled", defaultOn: true},
		{attribute: "access_analyzer_enabled", defaultOn: true},
	},
}

var commshieldDescriptions = map[string]string{
	typeCSAuditTrail:  "the audit trail (CloudTrail and its CloudWatch Logs copy)",
	typeCSLogArchive:  "the log archive bucket",
	typeCSKMSKey:      "the log encryption key (scheduled deletion destroys the key material)",
	typeCSSegmentedVP: "a segmented VPC and its flow log",
	typeCSAccountBaseline: "the account baseline with restore_defaults_on_destroy = true (GuardDuty, Security Hub, " +
		"the Config recorder, EBS default encryption, public access block and password policy are switched off or removed)",
}

// judgeCSNoLoggingTamper is CFG-R03 on a commshield resource: like
// checkNoLoggingTamper, deletion, forgetting, replacing the key, and any
// weakening of the settings above fail.
func judgeCSNoLoggingTamper(_ *Evaluation, r *plan.Resource) []Finding {
	what := commshieldDescriptions[r.Type]
	if r.Type == typeCSAccountBaseline && (r.Action == plan.ActionDelete || r.Action == plan.ActionForget) {
		// Without restore_defaults_on_destroy, deleting or forgetting the
		// baseline leaves every protection on (only Terraform stops
		// guarding it, which drift detection of a later plan cannot see).
		if restore, _ := Bool(At(r.Before(), "restore_defaults_on_destroy")); !restore {
			if r.Action == plan.ActionForget {
				return []Finding{Fail(r, "", "the plan removes the account baseline from Terraform management (forget); nothing will guard its switches")}
			}
			return []Finding{Pass(r, "the plan deletes the account baseline without restore_defaults_on_destroy: the account's protections stay on")}
		}
	}
	switch r.Action {
	case plan.ActionDelete:
		return []Finding{Fail(r, "", "the plan deletes %s", what)}
	case plan.ActionForget:
		return []Finding{Fail(r, "", "the plan removes %s from Terraform management (forget); nothing will guard its settings", what)}
	case plan.ActionReplace:
		if r.Type == typeCSKMSKey {
			return []Finding{Fail(r, "", "the plan replaces the log encryption key: the old key is scheduled for deletion and the logs it encrypted become unreadable")}
		}
	}
	return judgeWeakenings(r, commshieldTamper[r.Type])
}

package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/commshield/terraform-provider-commshield/internal/plan"
)

const (
	typeCSConfigRules     = "commshield_config_rules"
	typeCSGuardrailPolicy = "commshield_guardrail_policy"
)

// csConfigRules (CFG-R05): a commshield_config_rules deploys AWS managed
// Config rules; on create the provider plans its rules map with each
// rule's source_identifier known (only the ARN is not). The required rules
// it deploys are covered; the rest (and any remediation demand, which the
// resource does not provide) is judged by the rule's own check, so a
// failure names only what is really missing. nil without such a resource.
func csConfigRules(ev *Evaluation) []Finding {
	resources := liveResources(ev.Plan, typeCSConfigRules)
	if len(resources) == 0 {
		return nil
	}
	deployed := map[string]string{}
	var pending *plan.Resource
	for _, r := range resources {
		// On create the map is known with unknown ARNs inside: the map
		// itself, not every value in it, must be known.
		inner, _ := At(r.Value(), "rules").UnmarkDeep()
		if !inner.IsKnown() {
			pending = r
			continue
		}
		if inner.IsNull() || !inner.CanIterateElements() {
			continue
		}
		for it := inner.ElementIterator(); it.Next(); {
			_, rule := it.Element()
			if id, st := String(At(rule, "source_identifier")); st == Known {
				if _, seen := deployed[id]; !seen {
					deployed[id] = r.Address
				}
			}
		}
	}
	var covered, missing []string
	for _, want := range ev.Strings("required_config_rules") {
		if _, ok := deployed[want]; ok {
			covered = append(covered, want)
		} else {
			missing = append(missing, want)
		}
	}
	var by []string
	for _, id := range covered {
		if !slices.Contains(by, deployed[id]) {
			by = append(by, deployed[id])
		}
	}
	slices.Sort(by)
	note := fmt.Sprintf("%s deploy %d AWS managed Config rule(s)", strings.Join(by, ", "), len(deployed))
	rest := checkConfigRules(NewEvaluation(ev.Plan, ev.Rule, map[string]any{
		"required_config_rules":   missing,
		"remediated_config_rules": ev.Strings("remediated_config_rules"),
	}, ev.elsewhere))
	switch {
	case len(rest) == 1 && rest[0].Status == StatusFail && pending != nil:
		f := Undecidable(pending, "rules", "the AWS Config rules of %s are known only after apply (%s)", pending.Address, rest[0].Message)
		f.Address = ""
		return []Finding{f}
	case len(covered) == 0:
		return rest
	case len(rest) == 1 && rest[0].Status == StatusPass:
		return []Finding{planFinding(StatusPass, "%s, among them %s", note, strings.Join(covered, ", "))}
	}
	for i := range rest {
		rest[i].Message = fmt.Sprintf("%s (%s, among them %s)", rest[i].Message, note, strings.Join(covered, ", "))
	}
	return rest
}

// csGuardrailSCP (CFG-R07): a commshield_guardrail_policy is a service
// control policy attached to its target_ids; its generated content is
// planned as a known value. The protected actions it denies are covered;
// the rest is judged by the rule's own check (aws_organizations_policy
// attachments may deny them). nil without such a resource.
func csGuardrailSCP(ev *Evaluation) []Finding {
	resources := liveResources(ev.Plan, typeCSGuardrailPolicy)
	if len(resources) == 0 {
		return nil
	}
	var attached []*plan.Resource
	for _, p := range resources {
		targets, st := Strings(At(p.Value(), "target_ids"))
		if st == Known && len(targets) == 0 {
			continue // attached nowhere: protects nothing
		}
		attached = append(attached, p)
	}
	denied, unknown := policiesDenying(ev, attached, ev.Strings("protected_actions"), func(stmt PolicyStatement) bool {
		return stmt.IsDeny() && deniesEveryoneButExempt(stmt)
	})
	if unknown != nil {
		return []Finding{*unknown}
	}
	if len(denied) == 0 {
		return nil
	}
	var missing, by []string
	for _, action := range ev.Strings("protected_actions") {
		addr, ok := denied[action]
		if !ok {
			missing = append(missing, action)
		} else if !slices.Contains(by, addr) {
			by = append(by, addr)
		}
	}
	slices.Sort(by)
	if len(missing) == 0 {
		return []Finding{planFinding(StatusPass, "%s, attached to its target_ids, denies %s", strings.Join(by, ", "), strings.Join(ev.Strings("protected_actions"), ", "))}
	}
	rest := checkLoggingSCP(NewEvaluation(ev.Plan, ev.Rule, map[string]any{"protected_actions": missing}, ev.elsewhere))
	for i := range rest {
		rest[i].Message = fmt.Sprintf("%s (%s deny the other protected actions)", rest[i].Message, strings.Join(by, ", "))
	}
	return rest
}

// deniesEveryoneButExempt: the guardrail's protection statements are
// unconditional or exempt named principals (ArnNotLike aws:PrincipalArn);
// its root-user statement denies "*" only to the root user
// (StringLike aws:PrincipalArn), which protects nothing from an IAM admin.
func deniesEveryoneButExempt(stmt PolicyStatement) bool {
	for _, c := range stmt.Conditions {
		if !strings.EqualFold(c.Key, "aws:PrincipalArn") || !strings.Contains(c.Operator, "Not") {
			return false
		}
	}
	return true
}

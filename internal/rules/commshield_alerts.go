package rules

import (
	"slices"
	"strings"
)

const typeCSChangeAlerts = "commshield_change_alerts"

// csChangeAlerts (LOG-R30): a commshield_change_alerts is a set of
// EventBridge rules, each targeting the resource's SNS topic, keyed by
// LOG-R30's event class names. A class counts as covered when a planned
// resource's event_patterns has a pattern for it that carries one of the
// class's signatures, exactly as for an aws_cloudwatch_event_rule with a
// target. When the commshield resources cover every required class the
// rule passes; otherwise the rule's own check runs (aws_* alarms may cover
// the rest, and it names what is missing).
func csChangeAlerts(ev *Evaluation) []Finding {
	required := ev.Strings("required_alerts")
	covered := map[string]string{}
	for _, r := range liveResources(ev.Plan, typeCSChangeAlerts) {
		for _, class := range required {
			pattern, st := String(At(r.Value(), "event_patterns", class))
			if st != Known {
				continue
			}
			if slices.ContainsFunc(securityAlertSignatures[class], func(s string) bool { return strings.Contains(pattern, s) }) {
				if _, seen := covered[class]; !seen {
					covered[class] = r.Address
				}
			}
		}
	}
	if len(covered) == 0 || len(covered) < len(required) {
		return nil
	}
	var by []string
	for _, addr := range covered {
		if !slices.Contains(by, addr) {
			by = append(by, addr)
		}
	}
	slices.Sort(by)
	return []Finding{planFinding(StatusPass, "%s alert on every required event class (%s)", strings.Join(by, ", "), strings.Join(required, ", "))}
}

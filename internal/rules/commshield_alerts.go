package rules

import (
	"fmt"
	"slices"
	"strings"
)

const typeCSChangeAlerts = "commshield_change_alerts"

// csChangeAlerts (LOG-R30): a commshield_change_alerts is a set of
// EventBridge rules, each targeting the resource's SNS topic, keyed by
// LOG-R30's event class names. A class counts as covered when a planned
// resource's event_patterns has a pattern for it that carries one of the
// class's signatures, exactly as for an aws_cloudwatch_event_rule with a
// target. The classes the commshield resources leave uncovered are judged
// by the rule's own check (aws_* alarms may cover them), so a failure names
// only what is really missing. Without commshield coverage the rule's own
// check runs unchanged.
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
	if len(covered) == 0 {
		return nil
	}
	var by, coveredClasses, missing []string
	for _, class := range required {
		addr, ok := covered[class]
		if !ok {
			missing = append(missing, class)
			continue
		}
		coveredClasses = append(coveredClasses, class)
		if !slices.Contains(by, addr) {
			by = append(by, addr)
		}
	}
	slices.Sort(by)
	note := fmt.Sprintf("%s alert on %s", strings.Join(by, ", "), strings.Join(coveredClasses, ", "))
	if len(missing) == 0 {
		return []Finding{planFinding(StatusPass, "%s: every required event class", note)}
	}
	rest := checkSecurityAlarms(NewEvaluation(ev.Plan, ev.Rule, map[string]any{"required_alerts": missing}, ev.elsewhere))
	for i := range rest {
		rest[i].Message = fmt.Sprintf("%s (%s)", rest[i].Message, note)
	}
	return rest
}

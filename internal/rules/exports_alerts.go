package rules

import (
	"maps"
	"slices"
)

// Accessors for commshield_change_alerts, so the alert categories it
// offers are exactly the event classes LOG-R30 (required_alerts) judges,
// and its event patterns can be tested against the signatures LOG-R30
// looks for.

// SecurityAlertClasses returns LOG-R30's event classes (root_use,
// unauthorized_api, …, vpc), sorted.
func SecurityAlertClasses() []string {
	return slices.Sorted(maps.Keys(securityAlertSignatures))
}

// SecurityAlertSignatures returns the strings of which LOG-R30 needs one in
// an alerting pattern for class; nil for an unknown class.
func SecurityAlertSignatures(class string) []string {
	return slices.Clone(securityAlertSignatures[class])
}

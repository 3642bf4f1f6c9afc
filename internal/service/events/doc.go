// Package events implements commshield_change_alerts: one EventBridge rule
// per change category on the default bus, matching CloudTrail's records of
// the change, all targeting one KMS-encrypted SNS topic that only those
// rules may publish to.
//
// # Design decisions
//
//   - The categories are LOG-R30's event classes (rules.SecurityAlertClasses)
//     plus flow_logs, and each pattern carries a signature LOG-R30 looks for
//     (TestCategoriesCoverLOGR30), so `check` and the resource cannot drift
//     apart; internal/rules/commshield_alerts.go counts the resource for
//     LOG-R30 from its planned event_patterns.
//   - Names are derived from `name` (`<name>-<category>`,
//     `<name>-change-alerts`), so import, delete and cleanup after a partial
//     failure need no state; Delete removes the rules of every category.
//   - One converger creates, updates and repairs (CreateTopic and PutRule
//     are upserts). Create refuses an existing topic of the same name rather
//     than adopting it.
//   - Drift is visible per attribute: a missing rule drops its category, a
//     disabled or untargeted rule makes all_rules_delivering false, a
//     rewritten pattern shows in event_patterns.
//   - The SNS/EventBridge finders and the topic policy are in
//     internal/alerting, shared with commshield_break_glass_role.
//
// # What moto does not exercise
//
// moto stores rules, targets, topics, policies and subscriptions, but does
// not emit CloudTrail events into EventBridge, cannot deliver to SNS
// targets, does not evaluate the topic policy or encrypt with the KMS key
// (any key ARN is accepted), and does not send subscription confirmations.
// The patterns are replayed through moto's matcher with CloudTrail-shaped
// records (TestAccEventsChangeAlerts_patternsMatchCloudTrailRecords, via
// acctest.MatchEvents); delivery to SNS, the key policy's grant to
// events.amazonaws.com and pending subscriptions are untested here.
package events

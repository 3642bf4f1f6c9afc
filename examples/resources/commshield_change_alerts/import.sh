# Import by name. Categories are read from the rules <name>-<category> that
# exist; key, policy and email/https subscriptions from the topic
# <name>-change-alerts.
terraform import commshield_change_alerts.account security-changes

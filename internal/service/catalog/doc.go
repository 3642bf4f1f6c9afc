// Package catalog holds the data sources that publish commshield's own
// catalogs to Terraform: commshield_controls (the guidance's control
// catalog, internal/controls), commshield_rules (the `check` rule pack,
// internal/rules) and commshield_tls_policies (the approved-TLS-policy
// catalog, internal/rules/data/tls_policies.yaml). They read embedded data
// only and make no AWS call, so they work without credentials being used.
package catalog

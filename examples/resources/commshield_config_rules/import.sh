# Import by name prefix: every AWS-owned Config rule named <prefix>… that
# carries commshield's commshield:rules tag. Set controls, categories and
# exclude_rules in the configuration to match what was deployed.
terraform import commshield_config_rules.guidance commshield-

package kms

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/commshield/terraform-provider-commshield/internal/fwvalidators"
)

var aliasPattern = regexp.MustCompile(`^alias/[a-zA-Z0-9/_-]{1,250}$`)

// validateAlias requires a customer alias name: "alias/<name>", not in the
// reserved alias/aws/ namespace of AWS-managed keys.
func validateAlias(alias string) error {
	if strings.HasPrefix(alias, "alias/aws/") {
		return fmt.Errorf("%q is in the reserved alias/aws/ namespace of AWS-managed keys; choose another name, e.g. alias/commshield-logs", alias)
	}
	if !aliasPattern.MatchString(alias) {
		return fmt.Errorf("%q is not a KMS alias name: it must start with alias/ followed by 1-250 letters, digits, '/', '_' or '-'", alias)
	}
	return nil
}

var (
	aliasValidator            = fwvalidators.StringFunc("Invalid KMS alias", "must be alias/<name> outside alias/aws/", validateAlias)
	principalARNValidator     = fwvalidators.StringFunc("Invalid principal ARN", "must be an IAM role, user or account-root ARN", validatePrincipalARN)
	servicePrincipalValidator = fwvalidators.StringFunc("Unsupported service principal", "must be a supported log-delivery service principal", validateServicePrincipal)
)

package kms

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
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

// stringFuncValidator adapts a plain func(string) error to a framework
// string validator, so the same checks serve plan-time validation and unit
// tests.
type stringFuncValidator struct {
	description string
	check       func(string) error
	summary     string
}

func (v stringFuncValidator) Description(context.Context) string         { return v.description }
func (v stringFuncValidator) MarkdownDescription(context.Context) string { return v.description }

func (v stringFuncValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, v.summary, err.Error())
	}
}

var (
	aliasValidator = stringFuncValidator{
		description: "must be alias/<name> outside alias/aws/",
		check:       validateAlias,
		summary:     "Invalid KMS alias",
	}
	principalARNValidator = stringFuncValidator{
		description: "must be an IAM role, user or account-root ARN",
		check:       validatePrincipalARN,
		summary:     "Invalid principal ARN",
	}
	servicePrincipalValidator = stringFuncValidator{
		description: "must be a supported log-delivery service principal",
		check:       validateServicePrincipal,
		summary:     "Unsupported service principal",
	}
)

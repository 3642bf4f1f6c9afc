package functions

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/commshield/terraform-provider-commshield/internal/rules"
)

var _ function.Function = (*tlsPolicyIsApproved)(nil)

// NewTLSPolicyIsApproved returns the tls_policy_is_approved function.
func NewTLSPolicyIsApproved() function.Function { return &tlsPolicyIsApproved{} }

type tlsPolicyIsApproved struct{}

// DefaultMinimumTLSLevel is what tls_policy_is_approved demands when no
// level is given: no TLS 1.0/1.1 (the catalog's "legacy" level).
const DefaultMinimumTLSLevel = rules.TLSLevelTLS12

func (f *tlsPolicyIsApproved) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "tls_policy_is_approved"
}

func (f *tlsPolicyIsApproved) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	services := "`elbv2`, `cloudfront`, `apigateway`, …"
	if cat, err := rules.TLSPolicies(); err == nil {
		services = "`" + strings.Join(cat.ServiceNames(), "`, `") + "`"
	}
	resp.Definition = function.Definition{
		Summary: "Whether an AWS TLS security policy name is approved",
		MarkdownDescription: "Returns `true` when `name` is a predefined security policy of `service` in commshield's " +
			"approved-TLS-policy catalog (the same data the `check` rules and the `commshield_tls_policies` data source use) " +
			"and its strength level is at least `minimum_level` (default `" + DefaultMinimumTLSLevel + "`: no TLS 1.0/1.1). " +
			"Levels, weakest first: `" + strings.Join(rules.TLSLevels, "`, `") + "`. An unknown policy name returns `false`; " +
			"an unknown service or level is an error. Services: " + services + ". Policy names are case-sensitive, as in AWS. " +
			"Note that some `check` rules demand more by default (e.g. CRY-R06 wants TLS 1.3-only policies on load balancers); " +
			"pass `\"tls13\"` to match them.",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "service",
				MarkdownDescription: "The catalog's service name: " + services + ".",
			},
			function.StringParameter{
				Name:                "name",
				MarkdownDescription: "The security policy name, e.g. `ELBSecurityPolicy-TLS13-1-2-2021-06` or `TLSv1.2_2021`.",
			},
		},
		VariadicParameter: function.StringParameter{
			Name:                "minimum_level",
			MarkdownDescription: "Optional, at most one: the weakest accepted level (`" + strings.Join(rules.TLSLevels, "`, `") + "`).",
		},
		Return: function.BoolReturn{},
	}
}

func (f *tlsPolicyIsApproved) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var service, name string
	var levels []string
	resp.Error = function.ConcatFuncErrors(req.Arguments.Get(ctx, &service, &name, &levels))
	if resp.Error != nil {
		return
	}
	if len(levels) > 1 {
		resp.Error = function.NewArgumentFuncError(2, fmt.Sprintf("at most one minimum_level may be given, got %d", len(levels)))
		return
	}
	level := DefaultMinimumTLSLevel
	if len(levels) == 1 {
		level = levels[0]
	}
	approved, err := IsTLSPolicyApproved(service, name, level)
	if err != nil {
		var argErr argumentError
		if asArgumentError(err, &argErr) {
			resp.Error = function.NewArgumentFuncError(argErr.position, argErr.Error())
			return
		}
		resp.Error = function.NewFuncError(err.Error())
		return
	}
	resp.Error = function.ConcatFuncErrors(resp.Result.Set(ctx, approved))
}

// IsTLSPolicyApproved reports whether policy name of service is in the
// catalog at level minimumLevel or stronger.
func IsTLSPolicyApproved(service, name, minimumLevel string) (bool, error) {
	cat, err := rules.TLSPolicies()
	if err != nil {
		return false, fmt.Errorf("reading the TLS policy catalog: %w", err)
	}
	if cat.Services[service] == nil {
		return false, argumentError{position: 0, msg: fmt.Sprintf("unknown service %q: want one of %s", service, strings.Join(cat.ServiceNames(), ", "))}
	}
	if rules.TLSLevelRank(minimumLevel) < 0 {
		return false, argumentError{position: 2, msg: fmt.Sprintf("unknown minimum_level %q: want one of %s", minimumLevel, strings.Join(rules.TLSLevels, ", "))}
	}
	return cat.Judge(service, name, rules.TLSRequirement{MinimumLevel: strings.ToLower(minimumLevel)}).Approved, nil
}

func asArgumentError(err error, target *argumentError) bool { return errors.As(err, target) }

package baseline

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	gdtypes "github.com/aws/aws-sdk-go-v2/service/guardduty/types"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
)

// GuardDutyFeatures are the detector protection features the baseline
// manages: each is ENABLED unless guardduty_disabled_features names it with
// a reason, in which case it is set DISABLED. EKS_RUNTIME_MONITORING is not
// among them: RUNTIME_MONITORING supersedes it (EKS, ECS Fargate and EC2)
// and AWS lets only one of the two be on.
var GuardDutyFeatures = []gdtypes.DetectorFeature{
	gdtypes.DetectorFeatureS3DataEvents,
	gdtypes.DetectorFeatureEksAuditLogs,
	gdtypes.DetectorFeatureEbsMalwareProtection,
	gdtypes.DetectorFeatureRdsLoginEvents,
	gdtypes.DetectorFeatureLambdaNetworkLogs,
	gdtypes.DetectorFeatureRuntimeMonitoring,
}

// GuardDutyFindingPublishingFrequency is fixed: FIFTEEN_MINUTES is the most
// frequent AWS offers (the others are ONE_HOUR and SIX_HOURS), so there is no
// stricter value to allow and no weaker one the guidance would accept.
const GuardDutyFindingPublishingFrequency = gdtypes.FindingPublishingFrequencyFifteenMinutes

// MinimumReasonLength is the shortest disabled reason accepted, for parts
// and GuardDuty features alike.
const MinimumReasonLength = 10

func guardDutyFeatureNames() []string {
	out := make([]string, len(GuardDutyFeatures))
	for i, f := range GuardDutyFeatures {
		out[i] = string(f)
	}
	return out
}

// validateGuardDutyDisabledFeatures checks guardduty_disabled_features at
// plan time: known feature names only, a real reason for each, and no
// exceptions for a detector the resource does not manage.
func validateGuardDutyDisabledFeatures(m baselineModel) diag.Diagnostics {
	var diags diag.Diagnostics
	features := m.GuardDutyDisabledFeatures
	if features.IsNull() || features.IsUnknown() {
		return diags
	}
	attrPath := path.Root("guardduty_disabled_features")
	if !m.GuardDutyEnabled.IsUnknown() && !m.GuardDutyEnabled.IsNull() && !m.GuardDutyEnabled.ValueBool() && len(features.Elements()) > 0 {
		diags.AddAttributeError(attrPath, "Feature exceptions on a detector the baseline does not manage",
			"guardduty_enabled = false: the detector and its features are left alone, so guardduty_disabled_features has no effect; remove it.")
	}
	known := guardDutyFeatureNames()
	for name, value := range features.Elements() {
		switch {
		case name == string(gdtypes.DetectorFeatureEksRuntimeMonitoring):
			diags.AddAttributeError(attrPath.AtMapKey(name), "Superseded GuardDuty feature",
				"EKS_RUNTIME_MONITORING is superseded by RUNTIME_MONITORING (EKS, ECS Fargate and EC2 runtime monitoring), which the baseline manages instead; AWS allows only one of the two. Use RUNTIME_MONITORING as the key.")
			continue
		case !slices.Contains(known, name):
			diags.AddAttributeError(attrPath.AtMapKey(name), "Unknown GuardDuty feature",
				fmt.Sprintf("%q is not a GuardDuty detector feature the baseline manages; use one of %s (names as in the GuardDuty API, upper case).", name, strings.Join(known, ", ")))
			continue
		}
		reason, ok := value.(types.String)
		if !ok || reason.IsUnknown() {
			continue
		}
		if reason.IsNull() || len(strings.TrimSpace(reason.ValueString())) < MinimumReasonLength {
			diags.AddAttributeError(attrPath.AtMapKey(name), "Reason required to turn off a GuardDuty feature",
				fmt.Sprintf("guardduty_disabled_features[%q] must say why the feature is off (at least %d characters, e.g. \"no EKS clusters in this account\"), so the exception is visible in review and state.", name, MinimumReasonLength))
		}
	}
	return diags
}

// wantedGuardDutyFeatures returns the managed features that must be on:
// every feature except the configured exceptions.
func wantedGuardDutyFeatures(disabled types.Map) []string {
	var out []string
	for _, name := range guardDutyFeatureNames() {
		if _, off := disabled.Elements()[name]; !off {
			out = append(out, name)
		}
	}
	return out
}

// guardDutyFeaturesPlan sets the planned guardduty_features to what the
// configuration asks for, so a feature turned off (or on) outside
// Terraform, which Read records in state, shows as a diff in the plan.
type guardDutyFeaturesPlan struct{}

func (guardDutyFeaturesPlan) Description(context.Context) string {
	return "every managed GuardDuty feature not in guardduty_disabled_features"
}

func (p guardDutyFeaturesPlan) MarkdownDescription(ctx context.Context) string {
	return p.Description(ctx)
}

func (guardDutyFeaturesPlan) PlanModifySet(ctx context.Context, req planmodifier.SetRequest, resp *planmodifier.SetResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var enabled types.Bool
	var disabled types.Map
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("guardduty_enabled"), &enabled)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("guardduty_disabled_features"), &disabled)...)
	if resp.Diagnostics.HasError() {
		return
	}
	switch {
	case enabled.IsUnknown() || disabled.IsUnknown():
		resp.PlanValue = types.SetUnknown(types.StringType)
	case !enabled.ValueBool():
		resp.PlanValue = types.SetNull(types.StringType)
	default:
		resp.PlanValue = types.SetValueMust(types.StringType, stringValues(wantedGuardDutyFeatures(disabled)))
	}
}

// guardDutyFeatureConfig lists every managed feature, ENABLED or DISABLED.
// Sending the full list makes the result independent of whether the API
// merges the list into the detector's features (AWS) or replaces them
// (moto).
func guardDutyFeatureConfig(wanted []string) []gdtypes.DetectorFeatureConfiguration {
	out := make([]gdtypes.DetectorFeatureConfiguration, 0, len(GuardDutyFeatures))
	for _, f := range GuardDutyFeatures {
		status := gdtypes.FeatureStatusDisabled
		if slices.Contains(wanted, string(f)) {
			status = gdtypes.FeatureStatusEnabled
		}
		out = append(out, gdtypes.DetectorFeatureConfiguration{Name: f, Status: status})
	}
	return out
}

// FindGuardDutyDetectorID returns the region's detector ID ("" when none);
// a region has at most one detector.
func FindGuardDutyDetectorID(ctx context.Context, c *awsclient.Client) (string, error) {
	out, err := c.GuardDuty().ListDetectors(ctx, &guardduty.ListDetectorsInput{})
	if err != nil {
		return "", fmt.Errorf("guardduty:ListDetectors: %w", err)
	}
	if len(out.DetectorIds) == 0 {
		return "", nil
	}
	return out.DetectorIds[0], nil
}

// applyGuardDuty adopts the region's detector if there is one (a second
// CreateDetector fails on AWS) and otherwise creates it, with 15-minute
// publishing and the wanted features on and the others off.
func applyGuardDuty(ctx context.Context, c *awsclient.Client, wanted []string) error {
	id, err := FindGuardDutyDetectorID(ctx, c)
	if err != nil {
		return err
	}
	if id == "" {
		_, err := c.GuardDuty().CreateDetector(ctx, &guardduty.CreateDetectorInput{
			Enable: aws.Bool(true), FindingPublishingFrequency: GuardDutyFindingPublishingFrequency, Features: guardDutyFeatureConfig(wanted),
		})
		if err != nil {
			return fmt.Errorf("guardduty:CreateDetector: %w", err)
		}
		return nil
	}
	_, err = c.GuardDuty().UpdateDetector(ctx, &guardduty.UpdateDetectorInput{
		DetectorId: aws.String(id), Enable: aws.Bool(true), FindingPublishingFrequency: GuardDutyFindingPublishingFrequency, Features: guardDutyFeatureConfig(wanted),
	})
	if err != nil {
		return fmt.Errorf("guardduty:UpdateDetector %s: %w", id, err)
	}
	return nil
}

// guardDutyState is the detector as the baseline sees it.
type guardDutyState struct {
	DetectorID string
	// OnAndFast: the detector is enabled and publishes every 15 minutes.
	OnAndFast bool
	// Features are the managed features whose status is ENABLED.
	Features []string
}

// readGuardDuty reads the region's detector (zero state when there is none).
func readGuardDuty(ctx context.Context, c *awsclient.Client) (guardDutyState, error) {
	id, err := FindGuardDutyDetectorID(ctx, c)
	if err != nil || id == "" {
		return guardDutyState{}, err
	}
	d, err := c.GuardDuty().GetDetector(ctx, &guardduty.GetDetectorInput{DetectorId: aws.String(id)})
	if err != nil {
		return guardDutyState{DetectorID: id}, fmt.Errorf("guardduty:GetDetector %s: %w", id, err)
	}
	st := guardDutyState{
		DetectorID: id,
		OnAndFast:  d.Status == gdtypes.DetectorStatusEnabled && d.FindingPublishingFrequency == GuardDutyFindingPublishingFrequency,
		Features:   []string{},
	}
	for _, f := range d.Features {
		name := string(f.Name)
		if f.Status == gdtypes.FeatureStatusEnabled && slices.Contains(guardDutyFeatureNames(), name) && !slices.Contains(st.Features, name) {
			st.Features = append(st.Features, name)
		}
	}
	slices.Sort(st.Features)
	return st, nil
}

func stringSetValue(in []string) types.Set {
	return types.SetValueMust(types.StringType, stringValues(in))
}

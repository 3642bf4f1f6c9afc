package iam

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/commshield/terraform-provider-commshield/internal/alerting"
	"github.com/commshield/terraform-provider-commshield/internal/iampolicy"
)

// Statement IDs and condition keys of the generated trust policy; import
// reads the configuration back from them.
const (
	trustSid             = "BreakGlassAssumeWithMFA"
	condMFAPresent       = "aws:MultiFactorAuthPresent"
	condMFAAge           = "aws:MultiFactorAuthAge"
	condSourceIdentity   = "sts:SourceIdentity"
	actionAssumeRole     = "sts:AssumeRole"
	actionSetSourceIdent = "sts:SetSourceIdentity"
)

// trustInput is what the trust policy is generated from.
type trustInput struct {
	Principals             []string
	MFAMaxAgeSeconds       int64
	SourceIdentityPatterns []string
}

// buildTrustPolicy allows the named principals to assume the role only with
// MFA no older than the limit and only while setting a source identity, so
// CloudTrail ties every action in the session to the person who broke the
// glass (the source identity survives role chaining; the session name does
// not).
func buildTrustPolicy(in trustInput) iampolicy.Document {
	cond := map[string]map[string]iampolicy.StringList{
		"Bool":                  {condMFAPresent: {"true"}},
		"NumericLessThanEquals": {condMFAAge: {strconv.FormatInt(in.MFAMaxAgeSeconds, 10)}},
		"Null":                  {condSourceIdentity: {"false"}},
	}
	if len(in.SourceIdentityPatterns) > 0 {
		cond["StringLike"] = map[string]iampolicy.StringList{condSourceIdentity: iampolicy.Sorted(in.SourceIdentityPatterns)}
	}
	return iampolicy.Document{
		Version: iampolicy.Version,
		Statement: []iampolicy.Statement{{
			Sid:       trustSid,
			Effect:    "Allow",
			Principal: map[string]iampolicy.StringList{"AWS": iampolicy.Sorted(in.Principals)},
			Action:    iampolicy.StringList{actionAssumeRole, actionSetSourceIdent},
			Condition: cond,
		}},
	}
}

// parseTrustPolicy reads a trust policy written by buildTrustPolicy back
// into its input. A policy without our statement yields an empty input (the
// next plan then shows the policy commshield would write).
func parseTrustPolicy(policy string) (trustInput, error) {
	doc, err := iampolicy.Parse(policy)
	if err != nil {
		return trustInput{}, err
	}
	st, ok := doc.StatementBySid(trustSid)
	if !ok || st.Effect != "Allow" {
		return trustInput{}, nil
	}
	in := trustInput{Principals: slices.Clone([]string(st.Principal["AWS"]))}
	if ages := st.Condition["NumericLessThanEquals"][condMFAAge]; len(ages) == 1 {
		age, err := strconv.ParseInt(ages[0], 10, 64)
		if err != nil {
			return trustInput{}, fmt.Errorf("trust policy: %s %q is not a number: %w", condMFAAge, ages[0], err)
		}
		in.MFAMaxAgeSeconds = age
	}
	in.SourceIdentityPatterns = slices.Clone([]string(st.Condition["StringLike"][condSourceIdentity]))
	slices.Sort(in.Principals)
	slices.Sort(in.SourceIdentityPatterns)
	return in, nil
}

// eventPattern matches CloudTrail's record of an AssumeRole call on this
// role, delivered to EventBridge as "AWS API Call via CloudTrail".
func eventPattern(roleARN string) (string, error) {
	pattern := map[string]any{
		"source":      []string{"aws.sts"},
		"detail-type": []string{"AWS API Call via CloudTrail"},
		"detail": map[string]any{
			"eventSource":       []string{"sts.amazonaws.com"},
			"eventName":         []string{"AssumeRole"},
			"requestParameters": map[string]any{"roleArn": []string{roleARN}},
		},
	}
	b, err := json.Marshal(pattern)
	if err != nil {
		return "", fmt.Errorf("rendering event pattern: %w", err)
	}
	return string(b), nil
}

// sameJSON reports whether two JSON texts encode the same value.
func sameJSON(a, b string) bool { return alerting.SameJSON(a, b) }

// topicPolicy lets only this rule publish to the alarm topic, and only
// over TLS.
func topicPolicy(topicARN, ruleARN string) (string, error) {
	return alerting.TopicPolicy(topicARN, []string{ruleARN})
}

// names of the objects beside the role, derived from the role name so that
// delete and import find them without state.
func topicName(roleName string) string { return roleName + "-break-glass-alarm" }
func ruleName(roleName string) string  { return roleName + "-use-alarm" }

func normalizePath(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

func isAccountRoot(arn string) bool {
	return strings.HasSuffix(arn, ":root")
}

package organizations

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/commshield/terraform-provider-commshield/internal/iampolicy"
)

func allGuards() map[string]bool {
	m := map[string]bool{}
	for _, g := range guards {
		m[g.option] = true
	}
	return m
}

func TestBuildParseRoundTrip(t *testing.T) {
	cases := []struct {
		name string
		in   guardrailOptions
	}{
		{"defaults", guardrailOptions{Enabled: allGuards(), DenyRootUser: true}},
		{"regions and exemptions", guardrailOptions{Enabled: allGuards(), DenyRootUser: true,
			AllowedRegions:   []string{"eu-central-1", "eu-west-1"},
			ExemptPrincipals: []string{"arn:aws:iam::*:role/break-glass", "arn:aws:iam::111122223333:role/pipeline"}}},
		{"only region list", guardrailOptions{Enabled: map[string]bool{}, AllowedRegions: []string{"us-east-1"}}},
		{"only flow logs, no root", guardrailOptions{Enabled: map[string]bool{"protect_flow_logs": true}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			content, err := renderPolicy(buildPolicy(c.in))
			if err != nil {
				t.Fatal(err)
			}
			got, err := parsePolicy(content)
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range guards {
				if got.Enabled[g.option] != c.in.Enabled[g.option] {
					t.Errorf("%s: parsed %v, built %v", g.option, got.Enabled[g.option], c.in.Enabled[g.option])
				}
			}
			if got.DenyRootUser != c.in.DenyRootUser || fmt.Sprint(got.AllowedRegions) != fmt.Sprint(c.in.AllowedRegions) || fmt.Sprint(got.ExemptPrincipals) != fmt.Sprint(c.in.ExemptPrincipals) {
				t.Errorf("parsed %+v, built %+v", got, c.in)
			}
		})
	}
}

// The statements say what the options promise.
func TestBuildPolicyStatements(t *testing.T) {
	o := guardrailOptions{Enabled: allGuards(), DenyRootUser: true, AllowedRegions: []string{"eu-west-1"}, ExemptPrincipals: []string{"arn:aws:iam::*:role/break-glass"}}
	doc := buildPolicy(o)
	want := map[string][]string{
		"ProtectCloudTrail":               {"cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail"},
		"ProtectConfig":                   {"config:StopConfigurationRecorder", "config:DeleteDeliveryChannel"},
		"ProtectGuardDuty":                {"guardduty:DeleteDetector"},
		"ProtectSecurityHub":              {"securityhub:DisableSecurityHub", "securityhub:BatchDisableStandards"},
		"ProtectFlowLogs":                 {"ec2:DeleteFlowLogs"},
		"ProtectLogGroups":                {"logs:DeleteLogGroup"},
		"DenyLeaveOrganization":           {"organizations:LeaveOrganization"},
		"ProtectEBSDefaultEncryption":     {"ec2:DisableEbsEncryptionByDefault"},
		"ProtectAccountPublicAccessBlock": {"s3:PutAccountPublicAccessBlock"},
		"DenyIAMUsersAndAccessKeys":       {"iam:CreateUser", "iam:CreateAccessKey"},
	}
	for sid, actions := range want {
		st, ok := doc.StatementBySid(sid)
		if !ok {
			t.Errorf("no statement %s", sid)
			continue
		}
		for _, a := range actions {
			if !strings.Contains(strings.Join(st.Action, ","), a) {
				t.Errorf("%s lacks %s", sid, a)
			}
		}
		if st.Effect != "Deny" || !reflect.DeepEqual([]string(st.Condition["ArnNotLike"]["aws:PrincipalArn"]), []string{"arn:aws:iam::*:role/break-glass"}) {
			t.Errorf("%s: effect %s, exemption %v", sid, st.Effect, st.Condition)
		}
	}
	region, _ := doc.StatementBySid(sidRegionAllowList)
	for _, global := range []string{"iam:*", "organizations:*", "sts:*", "support:*", "cloudfront:*", "route53:*"} {
		if !strings.Contains(strings.Join(region.NotAction, ","), global) {
			t.Errorf("region allow-list does not exempt %s", global)
		}
	}
	if got := region.Condition["StringNotEquals"]["aws:RequestedRegion"]; !reflect.DeepEqual([]string(got), []string{"eu-west-1"}) {
		t.Errorf("region condition %v", got)
	}
	root, _ := doc.StatementBySid(sidRootUser)
	if root.Condition["ArnNotLike"] != nil || root.Condition["StringLike"]["aws:PrincipalArn"][0] != "arn:*:iam::*:root" {
		t.Errorf("root statement must match every account's root and exempt nobody: %+v", root.Condition)
	}
}

func TestPolicyFitsByDefaultAndSizeIsMeasured(t *testing.T) {
	o := guardrailOptions{Enabled: allGuards(), DenyRootUser: true, AllowedRegions: []string{"eu-west-1", "eu-central-1"},
		ExemptPrincipals: []string{"arn:aws:iam::*:role/break-glass-*"}}
	content, _ := renderPolicy(buildPolicy(o))
	size := policySize(content)
	if size > MaxPolicySize {
		t.Fatalf("a full default policy with a region list and one exemption is %d characters, over %d", size, MaxPolicySize)
	}
	indented, _ := buildPolicy(o).JSON()
	if policySize(indented) != size {
		t.Errorf("whitespace outside strings counted: indented %d, compact %d", policySize(indented), size)
	}
	if got := policySize(`{"a": "b c"}`); got != len(`{"a":"b c"}`) {
		t.Errorf("policySize kept/dropped the wrong spaces: %d", got)
	}
}

func TestOversizedPolicyReport(t *testing.T) {
	var exempt []string
	for i := range 40 {
		exempt = append(exempt, fmt.Sprintf("arn:aws:iam::111122223333:role/responder-%02d", i))
	}
	o := guardrailOptions{Enabled: allGuards(), DenyRootUser: true, ExemptPrincipals: exempt}
	content, _ := renderPolicy(buildPolicy(o))
	if policySize(content) <= MaxPolicySize {
		t.Fatalf("40 exemptions should overflow the limit; size %d", policySize(content))
	}
	report := sizeReport(o)
	for _, part := range []string{"protect_cloudtrail", "deny_root_user", "exempt_principal_arns"} {
		if !strings.Contains(report, part) {
			t.Errorf("report %q does not name %s", report, part)
		}
	}
}

func TestParseForeignPolicy(t *testing.T) {
	o, err := parsePolicy(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`)
	if err != nil || o.any() {
		t.Errorf("a policy without commshield statements must read as all options off: %+v %v", o, err)
	}
	if _, err := parsePolicy("not json"); err == nil {
		t.Error("unparseable policy accepted")
	}
	// AWS may return the single-action form as a string.
	single := `{"Version":"2012-10-17","Statement":[{"Sid":"ProtectFlowLogs","Effect":"Deny","Action":"ec2:DeleteFlowLogs","Resource":"*"}]}`
	o, _ = parsePolicy(single)
	built, _ := renderPolicy(buildPolicy(guardrailOptions{Enabled: map[string]bool{"protect_flow_logs": true}}))
	if !o.Enabled["protect_flow_logs"] || !iampolicy.Equivalent(single, built) {
		t.Errorf("single-string action form not understood: %+v", o)
	}
	var v any
	if json.Unmarshal([]byte(built), &v) != nil {
		t.Error("generated policy is not JSON")
	}
}

func TestValidators(t *testing.T) {
	cases := []struct {
		name    string
		check   func(string) error
		in      string
		wantErr string
	}{
		{"root", validateTargetID, "r-ab12", ""},
		{"ou", validateTargetID, "ou-ab12-cdef3456", ""},
		{"account", validateTargetID, "111122223333", ""},
		{"bad target", validateTargetID, "prod", "not an organization root"},
		{"region", validateRegion, "eu-west-1", ""},
		{"gov region", validateRegion, "us-gov-west-1", ""},
		{"bad region", validateRegion, "europe", "not an AWS region"},
		{"exempt role", validateExemptARN, "arn:aws:iam::*:role/break-glass-*", ""},
		{"exempt every role", validateExemptARN, "arn:aws:iam::*:role/*", "exempts every role"},
		{"exempt star", validateExemptARN, "*", "not an IAM role"},
		{"policy id", validatePolicyID, "p-abcd1234", ""},
		{"bad policy id", validatePolicyID, "abcd", "not an Organizations policy ID"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.check(c.in)
			switch {
			case c.wantErr == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
				t.Errorf("error %v, want one containing %q", err, c.wantErr)
			}
		})
	}
}

package events

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/commshield/terraform-provider-commshield/internal/rules"
)

// Every LOG-R30 event class is a category, and each category's pattern
// carries a signature LOG-R30 accepts: the resource satisfies LOG-R30 by
// construction, not by a table kept in step by hand.
func TestCategoriesCoverLOGR30(t *testing.T) {
	names := CategoryNames()
	for _, class := range rules.SecurityAlertClasses() {
		t.Run(class, func(t *testing.T) {
			if !slices.Contains(names, class) {
				t.Fatalf("LOG-R30 class %q has no change-alert category", class)
			}
			pattern, err := EventPattern(class)
			if err != nil {
				t.Fatal(err)
			}
			signatures := rules.SecurityAlertSignatures(class)
			if !slices.ContainsFunc(signatures, func(s string) bool { return strings.Contains(pattern, s) }) {
				t.Errorf("pattern %s contains none of LOG-R30's signatures %q", pattern, signatures)
			}
		})
	}
	extra := slices.DeleteFunc(slices.Clone(names), func(n string) bool { return slices.Contains(rules.SecurityAlertClasses(), n) })
	if !slices.Equal(extra, []string{FlowLogsCategory}) {
		t.Errorf("categories beyond LOG-R30's classes = %v, want only %s", extra, FlowLogsCategory)
	}
}

// The CIS controls each category mirrors are distinct and cover
// CloudWatch.1-14.
func TestCategoriesMirrorCISCloudWatch(t *testing.T) {
	seen := map[string]string{}
	for _, c := range categories {
		if c.cisControl == "" {
			continue
		}
		if other, dup := seen[c.cisControl]; dup {
			t.Errorf("%s mirrored by both %s and %s", c.cisControl, other, c.name)
		}
		seen[c.cisControl] = c.name
	}
	for i := 1; i <= 14; i++ {
		id := "CloudWatch." + strconv.Itoa(i)
		if _, ok := seen[id]; !ok {
			t.Errorf("no category mirrors %s", id)
		}
	}
}

func TestEventPatternShapes(t *testing.T) {
	cases := []struct {
		category   string
		wantSource string
		wantEvents []string
	}{
		{"cloudtrail_config", "aws.cloudtrail", []string{"StopLogging", "DeleteTrail", "UpdateTrail"}},
		{FlowLogsCategory, "aws.ec2", []string{"DeleteFlowLogs"}},
		{"cmk_disable", "aws.kms", []string{"DisableKey", "ScheduleKeyDeletion"}},
		{"network_gateway", "aws.ec2", []string{"CreateNatGateway", "DeleteNatGateway", "AttachInternetGateway"}},
		{"config_changes", "aws.config", []string{"StopConfigurationRecorder", "DeleteDeliveryChannel"}},
		{"s3_policy", "aws.s3", []string{"PutBucketPolicy", "DeleteBucketPolicy"}},
		{"iam_policy", "aws.iam", []string{"PutRolePolicy", "AttachRolePolicy", "CreatePolicyVersion"}},
	}
	for _, c := range cases {
		t.Run(c.category, func(t *testing.T) {
			raw, err := EventPattern(c.category)
			if err != nil {
				t.Fatal(err)
			}
			var p struct {
				Source     []string `json:"source"`
				DetailType []string `json:"detail-type"`
				Detail     struct {
					EventName []string `json:"eventName"`
				} `json:"detail"`
			}
			if err := json.Unmarshal([]byte(raw), &p); err != nil {
				t.Fatalf("pattern is not JSON: %v", err)
			}
			if !slices.Equal(p.Source, []string{c.wantSource}) || !slices.Equal(p.DetailType, []string{detailTypeAPICall}) {
				t.Errorf("source %v / detail-type %v, want [%s] / [%s]", p.Source, p.DetailType, c.wantSource, detailTypeAPICall)
			}
			for _, e := range c.wantEvents {
				if !slices.Contains(p.Detail.EventName, e) {
					t.Errorf("eventName %v lacks %s", p.Detail.EventName, e)
				}
			}
		})
	}
	if _, err := EventPattern("cloudtrail"); err == nil || !strings.Contains(err.Error(), "unknown change-alert category") {
		t.Errorf("unknown category: err = %v", err)
	}
}

func TestRootAndSignInPatterns(t *testing.T) {
	root, _ := EventPattern("root_use")
	if !strings.Contains(root, `"userIdentity":{"type":["Root"]}`) || !strings.Contains(root, detailTypeSignIn) {
		t.Errorf("root_use pattern %s must match API calls and sign-ins by the Root identity type", root)
	}
	noMFA, _ := EventPattern("console_no_mfa")
	if !strings.Contains(noMFA, `"MFAUsed":["No"]`) || !strings.Contains(noMFA, `"ConsoleLogin":["Success"]`) {
		t.Errorf("console_no_mfa pattern %s must match successful sign-ins with MFAUsed = No", noMFA)
	}
}

func TestValidators(t *testing.T) {
	cases := []struct {
		name    string
		check   func(string) error
		in      string
		wantErr string
	}{
		{"name ok", validateName, "prod-alerts", ""},
		{"name too long", validateName, strings.Repeat("a", MaxNameLength+1), "fits EventBridge's 64"},
		{"name bad chars", validateName, "prod alerts", "use only letters"},
		{"key ok", validateKMSKeyARN, "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab", ""},
		{"key aws managed", validateKMSKeyARN, "arn:aws:kms:us-east-1:123456789012:alias/aws/sns", "AWS-managed SNS key"},
		{"key not arn", validateKMSKeyARN, "1234abcd", "not a KMS key"},
		{"category ok", validateCategory, "nacl", ""},
		{"category unknown", validateCategory, "trail", "choose from"},
		{"https ok", validateHTTPSEndpoint, "https://pager.example.net/hook", ""},
		{"http refused", validateHTTPSEndpoint, "http://pager.example.net/hook", "only https"},
		{"not url", validateHTTPSEndpoint, "pager", "not a URL"},
		{"email ok", validateEmail, "soc@example.net", ""},
		{"email bad", validateEmail, "soc", "not an email"},
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

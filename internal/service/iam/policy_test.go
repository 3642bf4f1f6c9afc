package iam

import (
	"slices"
	"strings"
	"testing"

	"github.com/commshield/terraform-provider-commshield/internal/iampolicy"
)

func TestTrustPolicyRoundTrip(t *testing.T) {
	in := trustInput{
		Principals:             []string{"arn:aws:iam::111122223333:role/responder-b", "arn:aws:iam::111122223333:role/responder-a"},
		MFAMaxAgeSeconds:       900,
		SourceIdentityPatterns: []string{"${aws:username}"},
	}
	doc := buildTrustPolicy(in)
	js, err := doc.JSON()
	if err != nil {
		t.Fatal(err)
	}
	st, ok := doc.StatementBySid(trustSid)
	if !ok {
		t.Fatalf("no %s statement: %s", trustSid, js)
	}
	if !slices.Equal(st.Action, iampolicy.StringList{"sts:AssumeRole", "sts:SetSourceIdentity"}) {
		t.Errorf("actions = %v", st.Action)
	}
	for op, kv := range map[string][2]string{
		"Bool":                  {"aws:MultiFactorAuthPresent", "true"},
		"NumericLessThanEquals": {"aws:MultiFactorAuthAge", "900"},
		"Null":                  {"sts:SourceIdentity", "false"},
		"StringLike":            {"sts:SourceIdentity", "${aws:username}"},
	} {
		if got := st.Condition[op][kv[0]]; len(got) != 1 || got[0] != kv[1] {
			t.Errorf("condition %s %s = %v, want %s", op, kv[0], got, kv[1])
		}
	}
	back, err := parseTrustPolicy(js)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(in.Principals)
	if !slices.Equal(back.Principals, in.Principals) || back.MFAMaxAgeSeconds != 900 || !slices.Equal(back.SourceIdentityPatterns, in.SourceIdentityPatterns) {
		t.Errorf("round trip = %+v, want %+v", back, in)
	}
	// Without patterns there is no StringLike condition at all.
	st2, _ := buildTrustPolicy(trustInput{Principals: in.Principals, MFAMaxAgeSeconds: 3600}).StatementBySid(trustSid)
	if _, ok := st2.Condition["StringLike"]; ok {
		t.Error("StringLike condition present without source_identity_patterns")
	}
}

func TestParseForeignTrustPolicy(t *testing.T) {
	foreign := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}`
	in, err := parseTrustPolicy(foreign)
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Principals) != 0 || in.MFAMaxAgeSeconds != 0 {
		t.Errorf("foreign policy parsed as ours: %+v", in)
	}
	if _, err := parseTrustPolicy("{not json"); err == nil {
		t.Error("malformed policy accepted")
	}
}

func TestEventPatternAndTopicPolicy(t *testing.T) {
	role := "arn:aws:iam::111122223333:role/break-glass"
	p, err := eventPattern(role)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"detail":{"eventName":["AssumeRole"],"eventSource":["sts.amazonaws.com"],"requestParameters":{"roleArn":["` + role + `"]}},"detail-type":["AWS API Call via CloudTrail"],"source":["aws.sts"]}`
	if p != want {
		t.Errorf("pattern = %s\nwant      %s", p, want)
	}
	if !sameJSON(p, strings.ReplaceAll(p, ",", ", ")) || sameJSON(p, strings.Replace(p, "break-glass", "other", 1)) {
		t.Error("sameJSON does not compare by value")
	}
	pol, err := topicPolicy("arn:aws:sns:us-east-1:111122223333:t", "arn:aws:events:us-east-1:111122223333:rule/r")
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := iampolicy.Parse(pol)
	st, ok := doc.StatementBySid("EventBridgeRulePublishes")
	if !ok || st.Condition["ArnEquals"]["aws:SourceArn"][0] != "arn:aws:events:us-east-1:111122223333:rule/r" {
		t.Errorf("publish statement not limited to the rule: %s", pol)
	}
}

func TestValidators(t *testing.T) {
	cases := []struct {
		name    string
		check   func(string) error
		value   string
		wantErr string
	}{
		{"role ok", validateRoleName, "break-glass", ""},
		{"role too long", validateRoleName, strings.Repeat("a", 55), "at most 54"},
		{"role bad char", validateRoleName, "break glass", "letters, digits"},
		{"path ok", validateRolePath, "/emergency/", ""},
		{"path no slash", validateRolePath, "emergency", "start and end with /"},
		{"principal role", validatePrincipalARN, "arn:aws:iam::111122223333:role/sso/responder", ""},
		{"principal user", validatePrincipalARN, "arn:aws:iam::111122223333:user/alice", ""},
		{"principal root syntax ok", validatePrincipalARN, "arn:aws:iam::111122223333:root", ""},
		{"principal star", validatePrincipalARN, "*", "wildcards"},
		{"principal wildcard role", validatePrincipalARN, "arn:aws:iam::111122223333:role/*", "wildcards"},
		{"principal session", validatePrincipalARN, "arn:aws:sts::111122223333:assumed-role/r/s", "not an IAM role"},
		{"policy aws", validatePolicyARN, "arn:aws:iam::aws:policy/AdministratorAccess", ""},
		{"policy bad", validatePolicyARN, "AdministratorAccess", "not a managed policy ARN"},
		{"kms key", validateKMSKeyARN, "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", ""},
		{"kms alias", validateKMSKeyARN, "arn:aws:kms:us-east-1:111122223333:alias/alarms", ""},
		{"kms aws sns", validateKMSKeyARN, "arn:aws:kms:us-east-1:111122223333:alias/aws/sns", "AWS-managed SNS key"},
		{"kms id only", validateKMSKeyARN, "1234abcd-12ab-34cd-56ef-1234567890ab", "not a KMS key"},
		{"email ok", validateEmail, "noc@example.net", ""},
		{"email bad", validateEmail, "noc", "not an email"},
		{"source identity var", validateSourceIdentityPattern, "${aws:username}", ""},
		{"source identity space", validateSourceIdentityPattern, "a b", "1-64 characters"},
	}
	for _, c := range cases {
		err := c.check(c.value)
		if c.wantErr == "" && err != nil {
			t.Errorf("%s: unexpected error %v", c.name, err)
		}
		if c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.wantErr)
		}
	}
}

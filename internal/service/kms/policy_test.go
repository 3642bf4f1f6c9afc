package kms

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/commshield/terraform-provider-commshield/internal/iampolicy"
)

func TestBuildKeyPolicy(t *testing.T) {
	t.Parallel()
	const (
		acct  = "111122223333"
		admin = "arn:aws:iam::111122223333:role/kms-admin"
		user  = "arn:aws:iam::111122223333:role/siem"
	)
	tests := []struct {
		name     string
		in       policyInput
		wantSids []string
		check    func(t *testing.T, doc iampolicy.Document)
	}{
		{
			name:     "administrators only, no root",
			in:       policyInput{Partition: "aws", AccountID: acct, Region: "eu-west-1", Administrators: []string{admin}},
			wantSids: []string{"KeyAdministration"},
			check: func(t *testing.T, doc iampolicy.Document) {
				adm, _ := doc.StatementBySid("KeyAdministration")
				for _, a := range adm.Action {
					if a == "kms:*" || a == "kms:CreateGrant" || a == "kms:DisableKeyRotation" || strings.HasPrefix(a, "kms:Encrypt") ||
						strings.HasPrefix(a, "kms:Decrypt") || strings.HasPrefix(a, "kms:GenerateDataKey") || strings.HasPrefix(a, "kms:ReEncrypt") {
						t.Errorf("administrators may %s", a)
					}
				}
				for _, need := range []string{"kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:EnableKeyRotation", "kms:CreateAlias", "kms:TagResource"} {
					if !slices.Contains(adm.Action, need) {
						t.Errorf("administrators lack %s", need)
					}
				}
				if got := adm.Principal["AWS"]; len(got) != 1 || got[0] != admin {
					t.Errorf("administrator principals = %v", got)
				}
			},
		},
		{
			name:     "users get exactly the crypto actions",
			in:       policyInput{Partition: "aws", AccountID: acct, Administrators: []string{admin}, Users: []string{user, user}},
			wantSids: []string{"KeyAdministration", "KeyUsage"},
			check: func(t *testing.T, doc iampolicy.Document) {
				use, _ := doc.StatementBySid("KeyUsage")
				want := []string{"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"}
				if !slices.Equal(use.Action, want) {
					t.Errorf("user actions = %v, want %v", use.Action, want)
				}
				if got := use.Principal["AWS"]; len(got) != 1 {
					t.Errorf("duplicate user not collapsed: %v", got)
				}
			},
		},
		{
			name:     "root delegation only when enabled, in the partition",
			in:       policyInput{Partition: "aws-us-gov", AccountID: acct, Administrators: []string{admin}, IAMDelegation: true},
			wantSids: []string{"EnableIAMDelegation", "KeyAdministration"},
			check: func(t *testing.T, doc iampolicy.Document) {
				root, _ := doc.StatementBySid("EnableIAMDelegation")
				if root.Principal["AWS"][0] != "arn:aws-us-gov:iam::111122223333:root" || root.Action[0] != "kms:*" {
					t.Errorf("root statement = %+v", root)
				}
			},
		},
		{
			name: "service principals scoped to the account and encryption context",
			in: policyInput{Partition: "aws", AccountID: acct, Administrators: []string{admin},
				ServicePrincipals: []string{"logs.eu-west-1.amazonaws.com", "cloudtrail.amazonaws.com", "delivery.logs.amazonaws.com"}},
			wantSids: []string{"KeyAdministration",
				"ServiceUseCloudtrail", "ServiceDescribeCloudtrail",
				"ServiceUseDeliveryLogs", "ServiceDescribeDeliveryLogs",
				"ServiceUseLogsEuWest1", "ServiceDescribeLogsEuWest1"},
			check: func(t *testing.T, doc iampolicy.Document) {
				for _, s := range doc.Statement {
					if s.Principal["Service"] == nil {
						continue
					}
					if got := s.Condition["StringEquals"]["aws:SourceAccount"]; len(got) != 1 || got[0] != acct {
						t.Errorf("%s: aws:SourceAccount = %v", s.Sid, got)
					}
					if slices.Contains(s.Action, "kms:CreateGrant") || slices.Contains(s.Action, "kms:*") {
						t.Errorf("%s: too broad: %v", s.Sid, s.Action)
					}
				}
				ct, _ := doc.StatementBySid("ServiceUseCloudtrail")
				if got := ct.Condition["StringLike"]["kms:EncryptionContext:aws:cloudtrail:arn"]; len(got) != 1 || got[0] != "arn:aws:cloudtrail:*:111122223333:trail/*" {
					t.Errorf("cloudtrail context condition = %v", got)
				}
				logs, _ := doc.StatementBySid("ServiceUseLogsEuWest1")
				if got := logs.Condition["ArnLike"]["kms:EncryptionContext:aws:logs:arn"]; len(got) != 1 || got[0] != "arn:aws:logs:eu-west-1:111122223333:log-group:*" {
					t.Errorf("logs context condition = %v", got)
				}
				describe, _ := doc.StatementBySid("ServiceDescribeDeliveryLogs")
				if !slices.Equal(describe.Action, []string{"kms:DescribeKey"}) || describe.Condition["StringLike"] != nil {
					t.Errorf("describe statement = %+v", describe)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc := buildKeyPolicy(tt.in)
			var sids []string
			for _, s := range doc.Statement {
				sids = append(sids, s.Sid)
				if s.Effect != "Allow" || len(s.Resource) != 1 || s.Resource[0] != "*" {
					t.Errorf("%s: effect %s resource %v", s.Sid, s.Effect, s.Resource)
				}
			}
			if !slices.Equal(sids, tt.wantSids) {
				t.Errorf("statements = %v, want %v", sids, tt.wantSids)
			}
			tt.check(t, doc)

			// The JSON round-trips through parseKeyPolicy to the same inputs.
			js, err := doc.JSON()
			if err != nil {
				t.Fatal(err)
			}
			if !json.Valid([]byte(js)) {
				t.Fatalf("invalid JSON: %s", js)
			}
			back, err := parseKeyPolicy(js)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(back.Administrators, []string(iampolicy.Sorted(tt.in.Administrators))) ||
				!slices.Equal(back.Users, []string(iampolicy.Sorted(tt.in.Users))) ||
				!slices.Equal(back.ServicePrincipals, []string(iampolicy.Sorted(tt.in.ServicePrincipals))) ||
				back.IAMDelegation != tt.in.IAMDelegation {
				t.Errorf("parseKeyPolicy = %+v, want inputs %+v", back, tt.in)
			}
		})
	}
}

func TestBuildKeyPolicyDeterministic(t *testing.T) {
	t.Parallel()
	a := policyInput{Partition: "aws", AccountID: "111122223333", Administrators: []string{"arn:aws:iam::111122223333:role/b", "arn:aws:iam::111122223333:role/a"}}
	b := a
	b.Administrators = []string{"arn:aws:iam::111122223333:role/a", "arn:aws:iam::111122223333:role/b"}
	ja, _ := buildKeyPolicy(a).JSON()
	jb, _ := buildKeyPolicy(b).JSON()
	if ja != jb {
		t.Errorf("policy depends on input order:\n%s\n%s", ja, jb)
	}
}

func TestParseKeyPolicyForeign(t *testing.T) {
	t.Parallel()
	// AWS's default key policy: no commshield Sids, so no inputs recovered.
	in, err := parseKeyPolicy(`{"Version":"2012-10-17","Id":"key-default-1","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}`)
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Administrators) != 0 || in.IAMDelegation {
		t.Errorf("foreign policy parsed as %+v", in)
	}
	if _, err := parseKeyPolicy("not json"); err == nil {
		t.Error("parseKeyPolicy accepted invalid JSON")
	}
}

func TestValidators(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		check   func(string) error
		value   string
		wantErr string
	}{
		{"alias ok", validateAlias, "alias/commshield-logs", ""},
		{"alias nested ok", validateAlias, "alias/noc/logs_1", ""},
		{"alias reserved", validateAlias, "alias/aws/s3", "reserved alias/aws/"},
		{"alias no prefix", validateAlias, "commshield", "must start with alias/"},
		{"alias empty name", validateAlias, "alias/", "must start with alias/"},
		{"alias bad char", validateAlias, "alias/a b", "must start with alias/"},
		{"role ok", validatePrincipalARN, "arn:aws:iam::111122223333:role/path/admin", ""},
		{"user ok", validatePrincipalARN, "arn:aws:iam::111122223333:user/alice", ""},
		{"root ok", validatePrincipalARN, "arn:aws-cn:iam::111122223333:root", ""},
		{"wildcard", validatePrincipalARN, "*", "wildcards are not allowed"},
		{"wildcard role", validatePrincipalARN, "arn:aws:iam::111122223333:role/*", "wildcards are not allowed"},
		{"sts session", validatePrincipalARN, "arn:aws:sts::111122223333:assumed-role/a/b", "not an IAM role"},
		{"short account", validatePrincipalARN, "arn:aws:iam::1111:role/a", "not an IAM role"},
		{"cloudtrail ok", validateServicePrincipal, "cloudtrail.amazonaws.com", ""},
		{"flow logs ok", validateServicePrincipal, "delivery.logs.amazonaws.com", ""},
		{"regional logs ok", validateServicePrincipal, "logs.ap-southeast-2.amazonaws.com", ""},
		{"gov logs ok", validateServicePrincipal, "logs.us-gov-west-1.amazonaws.com", ""},
		{"eventbridge ok", validateServicePrincipal, "events.amazonaws.com", ""},
		{"ec2 refused", validateServicePrincipal, "ec2.amazonaws.com", "not a supported log-delivery"},
		{"logs without region", validateServicePrincipal, "logs.amazonaws.com", "not a supported log-delivery"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.check(tt.value)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("%q: unexpected error %v", tt.value, err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("%q: error %v, want one containing %q", tt.value, err, tt.wantErr)
			}
		})
	}
}

func TestCallerPrincipalARN(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"arn:aws:sts::111122223333:assumed-role/deployer/session-1": "arn:aws:iam::111122223333:role/deployer",
		"arn:aws:iam::111122223333:user/alice":                      "arn:aws:iam::111122223333:user/alice",
	} {
		if got := callerPrincipalARN(in); got != want {
			t.Errorf("callerPrincipalARN(%q) = %q, want %q", in, got, want)
		}
	}
}

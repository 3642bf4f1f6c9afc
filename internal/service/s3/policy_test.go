package s3

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/commshield/terraform-provider-commshield/internal/iampolicy"
)

func TestBuildBucketPolicy(t *testing.T) {
	t.Parallel()
	const bucket = "noc-logs"
	base := bucketPolicyInput{Partition: "aws", Bucket: bucket, SourceAccountIDs: []string{"222233334444", "111122223333"}}
	tests := []struct {
		name     string
		in       func() bucketPolicyInput
		wantSids []string
		check    func(t *testing.T, doc iampolicy.Document)
	}{
		{
			name:     "no services: only the denies",
			in:       func() bucketPolicyInput { return base },
			wantSids: []string{"DenyInsecureTransport", "DenyOutdatedTLS", "DenyNonKMSEncryptedUploads", "DenyObjectDeletionAndLockChanges"},
			check: func(t *testing.T, doc iampolicy.Document) {
				tls, _ := doc.StatementBySid("DenyInsecureTransport")
				if tls.Effect != "Deny" || tls.Action[0] != "s3:*" || fmt.Sprint(tls.Condition["Bool"]["aws:SecureTransport"]) != "[false]" {
					t.Errorf("insecure transport statement = %+v", tls)
				}
				if !slices.Equal(tls.Resource, []string{"arn:aws:s3:::noc-logs", "arn:aws:s3:::noc-logs/*"}) {
					t.Errorf("resources = %v", tls.Resource)
				}
				old, _ := doc.StatementBySid("DenyOutdatedTLS")
				if fmt.Sprint(old.Condition["NumericLessThan"]["s3:TlsVersion"]) != "[1.2]" {
					t.Errorf("TLS version statement = %+v", old)
				}
				del, _ := doc.StatementBySid("DenyObjectDeletionAndLockChanges")
				for _, a := range []string{"s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutBucketObjectLockConfiguration", "s3:PutObjectRetention", "s3:BypassGovernanceRetention", "s3:PutObjectLegalHold"} {
					if !slices.Contains(del.Action, a) {
						t.Errorf("delete/lock deny lacks %s", a)
					}
				}
				if del.Condition != nil {
					t.Errorf("deny without break-glass has a condition: %v", del.Condition)
				}
				for _, s := range doc.Statement {
					if s.Effect == "Allow" {
						t.Errorf("unexpected grant %s", s.Sid)
					}
				}
			},
		},
		{
			name: "break glass exempted by principal ARN",
			in: func() bucketPolicyInput {
				in := base
				in.BreakGlassARNs = []string{"arn:aws:iam::111122223333:role/bg"}
				return in
			},
			wantSids: []string{"DenyInsecureTransport", "DenyOutdatedTLS", "DenyNonKMSEncryptedUploads", "DenyObjectDeletionAndLockChanges"},
			check: func(t *testing.T, doc iampolicy.Document) {
				del, _ := doc.StatementBySid("DenyObjectDeletionAndLockChanges")
				if got := del.Condition["ArnNotLike"]["aws:PrincipalArn"]; !slices.Equal(got, []string{"arn:aws:iam::111122223333:role/bg"}) {
					t.Errorf("exemption = %v", got)
				}
			},
		},
		{
			name: "all services scoped by source account",
			in: func() bucketPolicyInput {
				in := base
				in.Services = LogDeliveryServices()
				return in
			},
			wantSids: []string{"DenyInsecureTransport", "DenyOutdatedTLS", "DenyNonKMSEncryptedUploads", "DenyObjectDeletionAndLockChanges",
				"LogDeliveryAclCheckCloudTrail", "LogDeliveryWriteCloudTrail",
				"LogDeliveryAclCheckConfig", "LogDeliveryWriteConfig",
				"LogDeliveryAclCheckVPCFlowLogs", "LogDeliveryWriteVPCFlowLogs",
				"LogDeliveryWriteELB"},
			check: func(t *testing.T, doc iampolicy.Document) {
				for _, s := range doc.Statement {
					if s.Effect != "Allow" {
						continue
					}
					if got := s.Condition["StringEquals"]["aws:SourceAccount"]; !slices.Equal(got, []string{"111122223333", "222233334444"}) {
						t.Errorf("%s: aws:SourceAccount = %v", s.Sid, got)
					}
					if slices.Contains(s.Action, "s3:*") || slices.Contains(s.Action, "s3:DeleteObject") {
						t.Errorf("%s grants too much: %v", s.Sid, s.Action)
					}
				}
				ct, _ := doc.StatementBySid("LogDeliveryWriteCloudTrail")
				if !slices.Equal(ct.Action, []string{"s3:PutObject"}) || !slices.Equal(ct.Resource, []string{"arn:aws:s3:::noc-logs/AWSLogs/*"}) {
					t.Errorf("CloudTrail write = %+v", ct)
				}
				if got := ct.Condition["StringEquals"]["s3:x-amz-acl"]; !slices.Equal(got, []string{"bucket-owner-full-control"}) {
					t.Errorf("CloudTrail write ACL condition = %v", got)
				}
				elb, _ := doc.StatementBySid("LogDeliveryWriteELB")
				if elb.Condition["StringEquals"]["s3:x-amz-acl"] != nil {
					t.Errorf("ELB write requires an ACL header it does not send: %+v", elb.Condition)
				}
				acl, _ := doc.StatementBySid("LogDeliveryAclCheckVPCFlowLogs")
				if !slices.Equal(acl.Action, []string{"s3:GetBucketAcl", "s3:ListBucket"}) || !slices.Equal(acl.Resource, []string{"arn:aws:s3:::noc-logs"}) {
					t.Errorf("flow logs ACL check = %+v", acl)
				}
			},
		},
		{
			name: "organization scope replaces account scope",
			in: func() bucketPolicyInput {
				in := base
				in.SourceAccountIDs = nil
				in.OrganizationID = "o-abcdef1234"
				in.Services = []string{ServiceCloudTrail}
				return in
			},
			wantSids: []string{"DenyInsecureTransport", "DenyOutdatedTLS", "DenyNonKMSEncryptedUploads", "DenyObjectDeletionAndLockChanges",
				"LogDeliveryAclCheckCloudTrail", "LogDeliveryWriteCloudTrail"},
			check: func(t *testing.T, doc iampolicy.Document) {
				w, _ := doc.StatementBySid("LogDeliveryWriteCloudTrail")
				if got := w.Condition["StringEquals"]["aws:SourceOrgID"]; !slices.Equal(got, []string{"o-abcdef1234"}) || w.Condition["StringEquals"]["aws:SourceAccount"] != nil {
					t.Errorf("org scope = %v", w.Condition)
				}
			},
		},
		{
			name: "unknown service never granted",
			in: func() bucketPolicyInput {
				in := base
				in.Services = []string{"s3.amazonaws.com"}
				return in
			},
			wantSids: []string{"DenyInsecureTransport", "DenyOutdatedTLS", "DenyNonKMSEncryptedUploads", "DenyObjectDeletionAndLockChanges"},
			check:    func(*testing.T, iampolicy.Document) {},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := tt.in()
			doc := buildBucketPolicy(in)
			var sids []string
			for _, s := range doc.Statement {
				sids = append(sids, s.Sid)
			}
			if !slices.Equal(sids, tt.wantSids) {
				t.Errorf("statements = %v\nwant %v", sids, tt.wantSids)
			}
			tt.check(t, doc)

			js, err := doc.JSON()
			if err != nil {
				t.Fatal(err)
			}
			back, err := parseBucketPolicy(js)
			if err != nil {
				t.Fatal(err)
			}
			var wantServices []string
			for _, s := range in.Services {
				if validateDeliveryService(s) == nil {
					wantServices = append(wantServices, s)
				}
			}
			if !slices.Equal(back.Services, []string(iampolicy.Sorted(wantServices))) ||
				!slices.Equal(back.BreakGlassARNs, []string(iampolicy.Sorted(in.BreakGlassARNs))) ||
				back.OrganizationID != in.OrganizationID {
				t.Errorf("parseBucketPolicy = %+v, want inputs %+v", back, in)
			}
			if len(wantServices) > 0 && in.OrganizationID == "" && !slices.Equal(back.SourceAccountIDs, []string(iampolicy.Sorted(in.SourceAccountIDs))) {
				t.Errorf("parsed source accounts = %v, want %v", back.SourceAccountIDs, in.SourceAccountIDs)
			}
		})
	}
}

func TestValidateLifecycle(t *testing.T) {
	t.Parallel()
	days := func(d int64) *int64 { return &d }
	tests := []struct {
		name string
		rule lifecycleRule
		want []string // substrings, one per expected problem
	}{
		{"keep forever", lifecycleRule{RetentionDays: 365}, nil},
		{"expiry equals retention", lifecycleRule{RetentionDays: 365, ExpirationDays: days(365)}, nil},
		{"expiry shorter than retention", lifecycleRule{RetentionDays: 365, ExpirationDays: days(364)},
			[]string{"expiration_days = 364 is shorter than object_lock_retention_days = 365"}},
		{"tiering before expiry", lifecycleRule{RetentionDays: 30, ExpirationDays: days(400), Transitions: []transition{{90, "GLACIER"}, {180, "DEEP_ARCHIVE"}}}, nil},
		{"transition at expiry", lifecycleRule{RetentionDays: 30, ExpirationDays: days(90), Transitions: []transition{{90, "GLACIER"}}},
			[]string{"transition to GLACIER after 90 days is not before expiration_days = 90"}},
		{"standard-ia too early", lifecycleRule{RetentionDays: 1, Transitions: []transition{{10, "STANDARD_IA"}}},
			[]string{"at least 30 days before a transition to STANDARD_IA"}},
		{"duplicate class and short expiry", lifecycleRule{RetentionDays: 100, ExpirationDays: days(50), Transitions: []transition{{10, "GLACIER"}, {20, "GLACIER"}}},
			[]string{"shorter than object_lock_retention_days", "GLACIER appears twice"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := validateLifecycle(tt.rule)
			if len(got) != len(tt.want) {
				t.Fatalf("problems = %q, want %d matching %q", got, len(tt.want), tt.want)
			}
			for _, w := range tt.want {
				if !slices.ContainsFunc(got, func(p string) bool { return strings.Contains(p, w) }) {
					t.Errorf("no problem mentions %q in %q", w, got)
				}
			}
		})
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
		{"bucket ok", validateBucketName, "noc-audit-logs-123", ""},
		{"bucket dots", validateBucketName, "noc.audit", "contains dots"},
		{"bucket upper", validateBucketName, "NocLogs", "not a valid bucket name"},
		{"bucket short", validateBucketName, "ab", "not a valid bucket name"},
		{"bucket trailing hyphen", validateBucketName, "logs-", "not a valid bucket name"},
		{"bucket xn prefix", validateBucketName, "xn--logs", "prefix S3 reserves"},
		{"bucket s3alias suffix", validateBucketName, "logs-s3alias", "suffix S3 reserves"},
		{"key arn ok", validateKMSKeyARN, "arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd", ""},
		{"key alias refused", validateKMSKeyARN, "arn:aws:kms:eu-west-1:111122223333:alias/logs", "not a KMS key ARN"},
		{"key id refused", validateKMSKeyARN, "1234abcd-12ab-34cd-56ef-1234567890ab", "not a KMS key ARN"},
		{"account ok", validateAccountID, "111122223333", ""},
		{"account short", validateAccountID, "11112222333", "12-digit"},
		{"org ok", validateOrganizationID, "o-a1b2c3d4e5", ""},
		{"org bad", validateOrganizationID, "r-a1b2", "not an AWS Organizations ID"},
		{"break glass role ok", validateBreakGlassARN, "arn:aws:iam::111122223333:role/break-glass", ""},
		{"break glass wildcard", validateBreakGlassARN, "arn:aws:iam::111122223333:role/*", "wildcards"},
		{"service ok", validateDeliveryService, "logdelivery.elasticloadbalancing.amazonaws.com", ""},
		{"service unknown", validateDeliveryService, "logging.s3.amazonaws.com", "not a supported log-delivery service"},
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

package cloudtrail

import (
	"strings"
	"testing"
)

func TestValidateKMSKeyARN(t *testing.T) {
	tests := []struct {
		in      string
		wantErr string
	}{
		{"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", ""},
		{"arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab", ""},
		{"arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", ""},
		{"arn:aws:kms:us-east-1:123456789012:alias/audit", "is a KMS alias"},
		{"alias/audit", "is a KMS alias"},
		{"1234abcd-12ab-34cd-56ef-1234567890ab", "is not a KMS key ARN"},
	}
	for _, tt := range tests {
		err := validateKMSKeyARN(tt.in)
		if (err == nil) != (tt.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("validateKMSKeyARN(%q) = %v, want error containing %q", tt.in, err, tt.wantErr)
		}
	}
}

func TestValidateLogRetention(t *testing.T) {
	tests := []struct {
		days    int64
		wantErr string
	}{
		{90, ""}, {365, ""}, {3653, ""},
		{30, "below the 90-day minimum"},
		{100, "does not accept a retention of 100"},
	}
	for _, tt := range tests {
		err := validateLogRetention(tt.days)
		if (err == nil) != (tt.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("validateLogRetention(%d) = %v, want error containing %q", tt.days, err, tt.wantErr)
		}
	}
}

func TestValidateTrailName(t *testing.T) {
	for _, ok := range []string{"audit", "org.audit-trail_1", "abc"} {
		if err := validateTrailName(ok); err != nil {
			t.Errorf("validateTrailName(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"ab", "-audit", "audit-", "au dit", "a..b", "a-_b", strings.Repeat("a", 129)} {
		if err := validateTrailName(bad); err == nil {
			t.Errorf("validateTrailName(%q) accepted an invalid name", bad)
		}
	}
}

func TestValidateCustomSelectors(t *testing.T) {
	data := fieldSelector{Field: "eventCategory", Equals: []string{"Data"}}
	s3 := fieldSelector{Field: "resources.type", Equals: []string{"AWS::S3::Object"}}
	tests := []struct {
		name    string
		in      []eventSelector
		wantErr string
	}{
		{"valid", []eventSelector{{FieldSelectors: []fieldSelector{data, s3}}}, ""},
		{"management selected", []eventSelector{{FieldSelectors: []fieldSelector{{Field: "eventCategory", Equals: []string{"Management"}}, s3}}}, "management events are always logged"},
		{"no resource type", []eventSelector{{FieldSelectors: []fieldSelector{data}}}, "resources.type"},
		{"unknown field", []eventSelector{{FieldSelectors: []fieldSelector{data, s3, {Field: "bucket", Equals: []string{"x"}}}}}, `unknown field "bucket"`},
		{"empty condition", []eventSelector{{FieldSelectors: []fieldSelector{data, s3, {Field: "eventName"}}}}, "has no condition"},
		{"too many", []eventSelector{
			{FieldSelectors: []fieldSelector{data, s3}}, {FieldSelectors: []fieldSelector{data, s3}}, {FieldSelectors: []fieldSelector{data, s3}},
			{FieldSelectors: []fieldSelector{data, s3}}, {FieldSelectors: []fieldSelector{data, s3}},
		}, "at most 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := validateCustomSelectors(tt.in)
			if tt.wantErr == "" {
				if len(errs) > 0 {
					t.Fatalf("unexpected errors: %v", errs)
				}
				return
			}
			for _, err := range errs {
				if strings.Contains(err.Error(), tt.wantErr) {
					return
				}
			}
			t.Errorf("errors %v do not mention %q", errs, tt.wantErr)
		})
	}
}

func TestImportIDAndARNParsing(t *testing.T) {
	if got := trailNameFromImportID("arn:aws:cloudtrail:us-east-1:123456789012:trail/audit"); got != "audit" {
		t.Errorf("from ARN: %q", got)
	}
	if got := trailNameFromImportID("audit"); got != "audit" {
		t.Errorf("from name: %q", got)
	}
	if got := logGroupNameFromARN("arn:aws:logs:us-east-1:123456789012:log-group:/commshield/cloudtrail/audit:*"); got != "/commshield/cloudtrail/audit" {
		t.Errorf("log group from ARN: %q", got)
	}
	if got := ownTags(map[string]string{"env": "prod", "owner": "noc", "extra": "x"}, map[string]string{"env": "prod"}, map[string]string{"owner": "noc"}); len(got) != 2 || got["owner"] != "noc" || got["extra"] != "x" {
		t.Errorf("ownTags kept %v; want owner (configured) and extra (drift), not the default tag env", got)
	}
}

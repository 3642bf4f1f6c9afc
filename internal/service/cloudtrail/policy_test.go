package cloudtrail

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestDeliveryPolicyIsScopedToTheLogGroup(t *testing.T) {
	tests := []struct {
		name         string
		organization bool
		wantResource string
	}{
		{"single account", false, "arn:aws:logs:us-east-1:123456789012:log-group:/commshield/cloudtrail/t1:log-stream:123456789012_CloudTrail_us-east-1*"},
		{"organization", true, "arn:aws:logs:us-east-1:123456789012:log-group:/commshield/cloudtrail/t1:log-stream:*"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := deliveryPolicy("aws", "us-east-1", "123456789012", "/commshield/cloudtrail/t1", tt.organization)
			if err != nil {
				t.Fatal(err)
			}
			var doc policyDocument
			if err := json.Unmarshal([]byte(raw), &doc); err != nil {
				t.Fatalf("policy is not JSON: %v\n%s", err, raw)
			}
			if len(doc.Statement) != 1 {
				t.Fatalf("want one statement, got %d", len(doc.Statement))
			}
			st := doc.Statement[0]
			if st.Effect != "Allow" || strings.Join(st.Action, ",") != "logs:CreateLogStream,logs:PutLogEvents" {
				t.Errorf("statement grants %s %v, want Allow on CreateLogStream and PutLogEvents only", st.Effect, st.Action)
			}
			if len(st.Resource) != 1 || st.Resource[0] != tt.wantResource {
				t.Errorf("resource = %v, want [%s]", st.Resource, tt.wantResource)
			}
		})
	}
}

func TestAssumeRolePolicyNamesTheTrail(t *testing.T) {
	arn := trailARN("aws", "us-east-1", "123456789012", "audit")
	raw, err := assumeRolePolicy("123456789012", arn)
	if err != nil {
		t.Fatal(err)
	}
	var doc policyDocument
	if err := json.Unmarshal([]byte(raw), &doc); err != nil {
		t.Fatal(err)
	}
	st := doc.Statement[0]
	if st.Principal["Service"] != "cloudtrail.amazonaws.com" {
		t.Errorf("principal = %v", st.Principal)
	}
	if st.Condition["ArnLike"]["aws:SourceArn"] != "arn:aws:cloudtrail:us-east-1:123456789012:trail/audit" {
		t.Errorf("source ARN condition = %v", st.Condition)
	}
	if st.Condition["StringEquals"]["aws:SourceAccount"] != "123456789012" {
		t.Errorf("source account condition = %v", st.Condition)
	}
}

func TestRoleNameFitsIAMLimit(t *testing.T) {
	short := roleName("audit")
	if short != "commshield-trail-audit" {
		t.Errorf("short name = %q", short)
	}
	long1 := roleName(strings.Repeat("a", 100))
	long2 := roleName(strings.Repeat("a", 99) + "b")
	if len(long1) > 64 || len(long2) > 64 {
		t.Errorf("role names exceed 64 characters: %d, %d", len(long1), len(long2))
	}
	if long1 == long2 {
		t.Error("two long trail names that share a prefix must get different role names")
	}
}

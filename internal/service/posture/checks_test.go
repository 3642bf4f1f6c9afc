package posture

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go"

	"github.com/commshield/terraform-provider-commshield/internal/controls"
	"github.com/commshield/terraform-provider-commshield/internal/rules"
)

// TestChecksCiteTheCatalogs keeps the posture in step with the rule pack
// and the control catalog, which other work keeps changing.
func TestChecksCiteTheCatalogs(t *testing.T) {
	all := rules.All()
	cat := controls.Load()
	seen := map[string]bool{}
	for _, c := range Checks() {
		if seen[c.ID] {
			t.Errorf("check %s listed twice", c.ID)
		}
		seen[c.ID] = true
		var rule *rules.Rule
		if c.RuleID != "" {
			if rule = rules.Find(all, c.RuleID); rule == nil {
				t.Errorf("check %s cites rule %s, which does not exist", c.ID, c.RuleID)
				continue
			}
		} else if len(c.Controls) == 0 || c.Severity == "" {
			t.Errorf("check %s has neither a rule nor its own controls and severity", c.ID)
		}
		for _, id := range describe(c, rule).ControlIDs {
			if _, ok := cat.Lookup(id); !ok {
				t.Errorf("check %s cites control %s, which is not in the catalog", c.ID, id)
			}
		}
	}
}

func TestDescribeCopiesRuleMetadata(t *testing.T) {
	rule := rules.Find(rules.All(), "LOG-R01")
	got := describe(Checks()[1], rule)
	if got.RuleID != "LOG-R01" || !slices.Equal(got.ControlIDs, rule.Controls) || !slices.Equal(got.AWSConfigRules, []string{"vpc-flow-logs-enabled"}) {
		t.Errorf("describe(vpc_flow_logs) = %+v", got)
	}
}

func TestJudgeFlowLogs(t *testing.T) {
	vpc := func(id string) ec2types.Vpc { return ec2types.Vpc{VpcId: aws.String(id)} }
	log := func(id, vpc string, traffic ec2types.TrafficType, status string) ec2types.FlowLog {
		return ec2types.FlowLog{FlowLogId: aws.String(id), ResourceId: aws.String(vpc), TrafficType: traffic, FlowLogStatus: aws.String(status), LogDestinationType: ec2types.LogDestinationTypeS3}
	}
	tests := []struct {
		name     string
		vpcs     []ec2types.Vpc
		logs     []ec2types.FlowLog
		want     Status
		evidence string
	}{
		{"no vpc", nil, nil, Compliant, "no VPC"},
		{"all logged", []ec2types.Vpc{vpc("vpc-1")}, []ec2types.FlowLog{log("fl-1", "vpc-1", ec2types.TrafficTypeAll, "ACTIVE")}, Compliant, "vpc-1: flow log fl-1 records ALL traffic to s3"},
		{"one missing", []ec2types.Vpc{vpc("vpc-1"), vpc("vpc-2")}, []ec2types.FlowLog{log("fl-1", "vpc-1", ec2types.TrafficTypeAll, "ACTIVE")}, NonCompliant, "vpc-2: no flow log"},
		{"reject only", []ec2types.Vpc{vpc("vpc-1")}, []ec2types.FlowLog{log("fl-1", "vpc-1", ec2types.TrafficTypeReject, "ACTIVE")}, NonCompliant, "only fl-1 (REJECT, ACTIVE)"},
		{"all but not active", []ec2types.Vpc{vpc("vpc-1")}, []ec2types.FlowLog{log("fl-1", "vpc-1", ec2types.TrafficTypeAll, "INACTIVE")}, NonCompliant, "fl-1 (ALL, INACTIVE)"},
		{"subnet log does not count", []ec2types.Vpc{vpc("vpc-1")}, []ec2types.FlowLog{log("fl-1", "subnet-1", ec2types.TrafficTypeAll, "ACTIVE")}, NonCompliant, "vpc-1: no flow log"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := JudgeFlowLogs(tt.vpcs, tt.logs)
			if got.Status != tt.want || !slices.ContainsFunc(got.Evidence, func(e string) bool { return strings.Contains(e, tt.evidence) }) {
				t.Errorf("got %s %q; want %s with evidence containing %q", got.Status, got.Evidence, tt.want, tt.evidence)
			}
		})
	}
}

func TestJudgePasswordPolicy(t *testing.T) {
	rule := rules.Find(rules.All(), "IAM-R01")
	strong := iamtypes.PasswordPolicy{
		MinimumPasswordLength: aws.Int32(14), PasswordReusePrevention: aws.Int32(24), MaxPasswordAge: aws.Int32(90),
		RequireLowercaseCharacters: true, RequireUppercaseCharacters: true, RequireNumbers: true, RequireSymbols: true,
	}
	if got := JudgePasswordPolicy(&strong, rule); got.Status != Compliant {
		t.Errorf("strong policy: %s %q", got.Status, got.Evidence)
	}
	tests := []struct {
		name   string
		change func(p *iamtypes.PasswordPolicy)
		reason string
	}{
		{"short", func(p *iamtypes.PasswordPolicy) { p.MinimumPasswordLength = aws.Int32(13) }, "minimum length is 13"},
		{"reuse", func(p *iamtypes.PasswordPolicy) { p.PasswordReusePrevention = nil }, "remembers 0 passwords"},
		{"never expires", func(p *iamtypes.PasswordPolicy) { p.MaxPasswordAge = nil }, "expire after 0 days"},
		{"expires late", func(p *iamtypes.PasswordPolicy) { p.MaxPasswordAge = aws.Int32(91) }, "expire after 91 days"},
		{"no symbols", func(p *iamtypes.PasswordPolicy) { p.RequireSymbols = false }, "does not require symbols"},
	}
	for _, tt := range tests {
		p := strong
		tt.change(&p)
		got := JudgePasswordPolicy(&p, rule)
		if got.Status != NonCompliant || !slices.ContainsFunc(got.Evidence, func(e string) bool { return strings.Contains(e, tt.reason) }) {
			t.Errorf("%s: got %s %q; want non_compliant with %q", tt.name, got.Status, got.Evidence, tt.reason)
		}
	}
}

func TestByControl(t *testing.T) {
	checks := []CheckResult{
		{ID: "a", Status: string(Compliant), ControlIDs: []string{"LOG-01", "NET-07"}},
		{ID: "b", Status: string(Unknown), ControlIDs: []string{"NET-07"}},
		{ID: "c", Status: string(NonCompliant), ControlIDs: []string{"LOG-01"}},
		{ID: "d", Status: string(Compliant), ControlIDs: []string{"IAM-03"}},
	}
	got := ByControl(checks, controls.Load())
	want := []ControlModel{
		{ControlID: "LOG-01", Status: "non_compliant", CheckIDs: []string{"a", "c"}},
		{ControlID: "IAM-03", Status: "compliant", CheckIDs: []string{"d"}},
		{ControlID: "NET-07", Status: "unknown", CheckIDs: []string{"a", "b"}},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i].ControlID != want[i].ControlID || got[i].Status != want[i].Status || !slices.Equal(got[i].CheckIDs, want[i].CheckIDs) || got[i].Title == "" {
			t.Errorf("control %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestAPIFailure(t *testing.T) {
	denied := &smithy.GenericAPIError{Code: "AccessDeniedException", Message: "not authorized"}
	res, err := apiFailure("securityhub:DescribeHub", denied)
	if err != nil || res.Status != Unknown || !strings.Contains(res.Evidence[0], "securityhub:DescribeHub failed") || !strings.Contains(res.Evidence[0], "not authorized") {
		t.Errorf("access denied: %+v, %v; want unknown with the error", res, err)
	}
	expired := &smithy.GenericAPIError{Code: "ExpiredToken", Message: "expired"}
	_, err = apiFailure("iam:ListUsers", expired)
	var credErr *CredentialError
	if !errors.As(err, &credErr) || !strings.Contains(err.Error(), "credentials were rejected") {
		t.Errorf("expired token: err = %v, want a CredentialError", err)
	}
}

func TestRecordsAllManagementEvents(t *testing.T) {
	field := func(name string, values ...string) cttypes.AdvancedFieldSelector {
		return cttypes.AdvancedFieldSelector{Field: aws.String(name), Equals: values}
	}
	tests := []struct {
		name     string
		basic    []cttypes.EventSelector
		advanced []cttypes.AdvancedEventSelector
		want     bool
	}{
		{"no selectors (AWS default)", nil, nil, true},
		{"basic all", []cttypes.EventSelector{{ReadWriteType: cttypes.ReadWriteTypeAll, IncludeManagementEvents: aws.Bool(true)}}, nil, true},
		{"basic write only", []cttypes.EventSelector{{ReadWriteType: cttypes.ReadWriteTypeWriteOnly, IncludeManagementEvents: aws.Bool(true)}}, nil, false},
		{"basic data events only", []cttypes.EventSelector{{ReadWriteType: cttypes.ReadWriteTypeAll, IncludeManagementEvents: aws.Bool(false)}}, nil, false},
		{"advanced management", nil, []cttypes.AdvancedEventSelector{{FieldSelectors: []cttypes.AdvancedFieldSelector{field("eventCategory", "Management")}}}, true},
		{"advanced read-only management", nil, []cttypes.AdvancedEventSelector{{FieldSelectors: []cttypes.AdvancedFieldSelector{field("eventCategory", "Management"), field("readOnly", "true")}}}, false},
		{"advanced data only", nil, []cttypes.AdvancedEventSelector{{FieldSelectors: []cttypes.AdvancedFieldSelector{field("eventCategory", "Data")}}}, false},
	}
	for _, tt := range tests {
		if got := RecordsAllManagementEvents(tt.basic, tt.advanced); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

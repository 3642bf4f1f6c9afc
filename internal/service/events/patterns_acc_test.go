package events_test

import (
	"fmt"
	"testing"

	"github.com/commshield/terraform-provider-commshield/internal/acctest"
	tfevents "github.com/commshield/terraform-provider-commshield/internal/service/events"
)

const (
	apiCall = "AWS API Call via CloudTrail"
	signIn  = "AWS Console Sign In via CloudTrail"
)

func apiRecord(eventSource, eventName, errorCode string) string {
	errField := ""
	if errorCode != "" {
		errField = fmt.Sprintf(`,"errorCode":%q`, errorCode)
	}
	return fmt.Sprintf(`{"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::123456789012:assumed-role/ops/alice"},`+
		`"eventSource":%q,"eventName":%q,"awsRegion":"us-east-1","eventType":"AwsApiCall","managementEvent":true%s}`, eventSource, eventName, errField)
}

func signInRecord(identityType, mfaUsed, outcome string) string {
	return fmt.Sprintf(`{"eventVersion":"1.08","userIdentity":{"type":%q,"arn":"arn:aws:iam::123456789012:user/alice"},`+
		`"eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1",`+
		`"responseElements":{"ConsoleLogin":%q},"additionalEventData":{"MFAUsed":%q},"eventType":"AwsConsoleSignIn"}`, identityType, outcome, mfaUsed)
}

// TestAccEventsChangeAlerts_patternsMatchCloudTrailRecords replays
// CloudTrail records (the shapes EventBridge delivers, from the CloudTrail
// User Guide) through moto's pattern matcher: each category's pattern
// matches the changes it names and not a neighbouring harmless call.
func TestAccEventsChangeAlerts_patternsMatchCloudTrailRecords(t *testing.T) {
	acctest.PreCheck(t)
	t.Parallel()
	client := acctest.Client(t)
	cases := []struct {
		category string
		event    acctest.ReplayEvent
		want     bool
	}{
		{"cloudtrail_config", acctest.ReplayEvent{Source: "aws.cloudtrail", DetailType: apiCall, Detail: apiRecord("cloudtrail.amazonaws.com", "StopLogging", "")}, true},
		{"cloudtrail_config", acctest.ReplayEvent{Source: "aws.cloudtrail", DetailType: apiCall, Detail: apiRecord("cloudtrail.amazonaws.com", "DescribeTrails", "")}, false},
		{"flow_logs", acctest.ReplayEvent{Source: "aws.ec2", DetailType: apiCall, Detail: apiRecord("ec2.amazonaws.com", "DeleteFlowLogs", "")}, true},
		{"flow_logs", acctest.ReplayEvent{Source: "aws.ec2", DetailType: apiCall, Detail: apiRecord("ec2.amazonaws.com", "CreateFlowLogs", "")}, false},
		{"cmk_disable", acctest.ReplayEvent{Source: "aws.kms", DetailType: apiCall, Detail: apiRecord("kms.amazonaws.com", "ScheduleKeyDeletion", "")}, true},
		{"cmk_disable", acctest.ReplayEvent{Source: "aws.kms", DetailType: apiCall, Detail: apiRecord("kms.amazonaws.com", "Encrypt", "")}, false},
		{"network_gateway", acctest.ReplayEvent{Source: "aws.ec2", DetailType: apiCall, Detail: apiRecord("ec2.amazonaws.com", "CreateNatGateway", "")}, true},
		{"security_group", acctest.ReplayEvent{Source: "aws.ec2", DetailType: apiCall, Detail: apiRecord("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", "")}, true},
		{"security_group", acctest.ReplayEvent{Source: "aws.ec2", DetailType: apiCall, Detail: apiRecord("ec2.amazonaws.com", "CreateNatGateway", "")}, false},
		{"unauthorized_api", acctest.ReplayEvent{Source: "aws.s3", DetailType: apiCall, Detail: apiRecord("s3.amazonaws.com", "GetObject", "AccessDenied")}, true},
		{"unauthorized_api", acctest.ReplayEvent{Source: "aws.kms", DetailType: apiCall, Detail: apiRecord("kms.amazonaws.com", "Decrypt", "AccessDeniedException")}, true},
		{"unauthorized_api", acctest.ReplayEvent{Source: "aws.ec2", DetailType: apiCall, Detail: apiRecord("ec2.amazonaws.com", "RunInstances", "Client.UnauthorizedOperation")}, true},
		{"unauthorized_api", acctest.ReplayEvent{Source: "aws.ec2", DetailType: apiCall, Detail: apiRecord("ec2.amazonaws.com", "RunInstances", "ThrottlingException")}, false},
		{"console_no_mfa", acctest.ReplayEvent{Source: "aws.signin", DetailType: signIn, Detail: signInRecord("IAMUser", "No", "Success")}, true},
		{"console_no_mfa", acctest.ReplayEvent{Source: "aws.signin", DetailType: signIn, Detail: signInRecord("IAMUser", "Yes", "Success")}, false},
		{"root_use", acctest.ReplayEvent{Source: "aws.signin", DetailType: signIn, Detail: signInRecord("Root", "Yes", "Success")}, true},
		{"root_use", acctest.ReplayEvent{Source: "aws.signin", DetailType: signIn, Detail: signInRecord("IAMUser", "Yes", "Success")}, false},
	}
	byCategory := map[string][]int{}
	var order []string
	for i, c := range cases {
		if _, ok := byCategory[c.category]; !ok {
			order = append(order, c.category)
		}
		byCategory[c.category] = append(byCategory[c.category], i)
	}
	for _, category := range order {
		pattern, err := tfevents.EventPattern(category)
		if err != nil {
			t.Fatal(err)
		}
		var events []acctest.ReplayEvent
		for _, i := range byCategory[category] {
			events = append(events, cases[i].event)
		}
		matched, err := acctest.MatchEvents(t, client, acctest.RandomName("ca"), pattern, events)
		if err != nil {
			t.Fatalf("%s: %v", category, err)
		}
		for j, i := range byCategory[category] {
			if matched[j] != cases[i].want {
				t.Errorf("%s: event %s matched = %v, want %v (pattern %s)", category, cases[i].event.Detail, matched[j], cases[i].want, pattern)
			}
		}
	}
}

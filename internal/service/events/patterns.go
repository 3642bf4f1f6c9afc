package events

import (
	"encoding/json"
	"fmt"
	"slices"
)

// FlowLogsCategory is the one category beyond LOG-R30's classes: the
// guidance's visibility depends on flow logs, and the CIS set has no alarm
// on their deletion.
const FlowLogsCategory = "flow_logs"

const (
	detailTypeAPICall = "AWS API Call via CloudTrail"
	detailTypeSignIn  = "AWS Console Sign In via CloudTrail"
)

// category is one selectable alert: the CIS CloudWatch control it mirrors
// and the EventBridge pattern that matches the CloudTrail records of the
// change.
type category struct {
	name        string
	cisControl  string
	description string
	pattern     map[string]any
}

func apiCalls(source, eventSource string, names ...string) map[string]any {
	return map[string]any{
		"source":      []string{source},
		"detail-type": []string{detailTypeAPICall},
		"detail": map[string]any{
			"eventSource": []string{eventSource},
			"eventName":   names,
		},
	}
}

// categories mirror Security Hub's CIS CloudWatch.1-14 (their metric
// filters, rewritten as EventBridge patterns over the same CloudTrail
// records), keyed by LOG-R30's event class names, plus flow_logs.
// Immutable table.
var categories = []category{
	{
		name: "root_use", cisControl: "CloudWatch.1", description: "any API call or console sign-in by the root user",
		pattern: map[string]any{
			"detail-type": []string{detailTypeAPICall, detailTypeSignIn},
			"detail":      map[string]any{"userIdentity": map[string]any{"type": []string{"Root"}}},
		},
	},
	{
		name: "unauthorized_api", cisControl: "CloudWatch.2", description: "API calls refused as unauthorised (AccessDenied*, *UnauthorizedOperation)",
		pattern: map[string]any{
			"detail-type": []string{detailTypeAPICall},
			"detail": map[string]any{"errorCode": []any{
				"UnauthorizedOperation", "Client.UnauthorizedOperation", map[string]string{"prefix": "AccessDenied"},
			}},
		},
	},
	{
		name: "console_no_mfa", cisControl: "CloudWatch.3", description: "successful console sign-in without MFA",
		pattern: map[string]any{
			"detail-type": []string{detailTypeSignIn},
			"detail": map[string]any{
				"eventName":           []string{"ConsoleLogin"},
				"additionalEventData": map[string]any{"MFAUsed": []string{"No"}},
				"responseElements":    map[string]any{"ConsoleLogin": []string{"Success"}},
			},
		},
	},
	{
		name: "console_failures", cisControl: "CloudWatch.6", description: "failed console authentication",
		pattern: map[string]any{
			"detail-type": []string{detailTypeSignIn},
			"detail": map[string]any{
				"eventName":    []string{"ConsoleLogin"},
				"errorMessage": []string{"Failed authentication"},
			},
		},
	},
	{
		name: "iam_policy", cisControl: "CloudWatch.4", description: "IAM policy created, changed, attached, detached or deleted",
		pattern: apiCalls("aws.iam", "iam.amazonaws.com",
			"AttachGroupPolicy", "AttachRolePolicy", "AttachUserPolicy", "CreatePolicy", "CreatePolicyVersion",
			"DeleteGroupPolicy", "DeletePolicy", "DeletePolicyVersion", "DeleteRolePolicy", "DeleteUserPolicy",
			"DetachGroupPolicy", "DetachRolePolicy", "DetachUserPolicy", "PutGroupPolicy", "PutRolePolicy",
			"PutUserPolicy", "SetDefaultPolicyVersion"),
	},
	{
		name: "cloudtrail_config", cisControl: "CloudWatch.5", description: "CloudTrail trail created, updated, deleted, stopped or started",
		pattern: apiCalls("aws.cloudtrail", "cloudtrail.amazonaws.com",
			"CreateTrail", "DeleteTrail", "PutEventSelectors", "StartLogging", "StopLogging", "UpdateTrail"),
	},
	{
		name: "cmk_disable", cisControl: "CloudWatch.7", description: "customer-managed KMS key disabled or scheduled for deletion",
		pattern: apiCalls("aws.kms", "kms.amazonaws.com", "DisableKey", "ScheduleKeyDeletion"),
	},
	{
		name: "s3_policy", cisControl: "CloudWatch.8", description: "S3 bucket policy, ACL, CORS, lifecycle, replication or public access block changed",
		pattern: apiCalls("aws.s3", "s3.amazonaws.com",
			"DeleteBucketCors", "DeleteBucketLifecycle", "DeleteBucketPolicy", "DeleteBucketPublicAccessBlock",
			"DeleteBucketReplication", "PutBucketAcl", "PutBucketCors", "PutBucketLifecycle", "PutBucketPolicy",
			"PutBucketPublicAccessBlock", "PutBucketReplication"),
	},
	{
		name: "config_changes", cisControl: "CloudWatch.9", description: "AWS Config recorder or delivery channel stopped, changed or deleted",
		pattern: apiCalls("aws.config", "config.amazonaws.com",
			"DeleteConfigurationRecorder", "DeleteDeliveryChannel", "PutConfigurationRecorder", "PutDeliveryChannel",
			"StopConfigurationRecorder"),
	},
	{
		name: "security_group", cisControl: "CloudWatch.10", description: "security group created, deleted or its rules changed",
		pattern: apiCalls("aws.ec2", "ec2.amazonaws.com",
			"AuthorizeSecurityGroupEgress", "AuthorizeSecurityGroupIngress", "CreateSecurityGroup", "DeleteSecurityGroup",
			"ModifySecurityGroupRules", "RevokeSecurityGroupEgress", "RevokeSecurityGroupIngress"),
	},
	{
		name: "nacl", cisControl: "CloudWatch.11", description: "network ACL or its entries created, replaced or deleted",
		pattern: apiCalls("aws.ec2", "ec2.amazonaws.com",
			"CreateNetworkAcl", "CreateNetworkAclEntry", "DeleteNetworkAcl", "DeleteNetworkAclEntry",
			"ReplaceNetworkAclAssociation", "ReplaceNetworkAclEntry"),
	},
	{
		name: "network_gateway", cisControl: "CloudWatch.12", description: "internet, NAT or customer gateway created, attached, detached or deleted",
		pattern: apiCalls("aws.ec2", "ec2.amazonaws.com",
			"AttachInternetGateway", "CreateCustomerGateway", "CreateInternetGateway", "CreateNatGateway",
			"DeleteCustomerGateway", "DeleteInternetGateway", "DeleteNatGateway", "DetachInternetGateway"),
	},
	{
		name: "route_table", cisControl: "CloudWatch.13", description: "route table or route created, replaced, associated or deleted",
		pattern: apiCalls("aws.ec2", "ec2.amazonaws.com",
			"AssociateRouteTable", "CreateRoute", "CreateRouteTable", "DeleteRoute", "DeleteRouteTable",
			"DisassociateRouteTable", "ReplaceRoute", "ReplaceRouteTableAssociation"),
	},
	{
		name: "vpc", cisControl: "CloudWatch.14", description: "VPC or peering created, changed or deleted",
		pattern: apiCalls("aws.ec2", "ec2.amazonaws.com",
			"AcceptVpcPeeringConnection", "AttachClassicLinkVpc", "CreateVpc", "CreateVpcPeeringConnection", "DeleteVpc",
			"DeleteVpcPeeringConnection", "DetachClassicLinkVpc", "DisableVpcClassicLink", "EnableVpcClassicLink",
			"ModifyVpcAttribute", "RejectVpcPeeringConnection"),
	},
	{
		name: FlowLogsCategory, cisControl: "", description: "VPC flow logs deleted",
		pattern: apiCalls("aws.ec2", "ec2.amazonaws.com", "DeleteFlowLogs"),
	},
}

// CategoryNames returns every category name, sorted.
func CategoryNames() []string {
	names := make([]string, 0, len(categories))
	for _, c := range categories {
		names = append(names, c.name)
	}
	slices.Sort(names)
	return names
}

func findCategory(name string) (category, bool) {
	i := slices.IndexFunc(categories, func(c category) bool { return c.name == name })
	if i < 0 {
		return category{}, false
	}
	return categories[i], true
}

// EventPattern renders a category's EventBridge pattern as compact JSON.
func EventPattern(name string) (string, error) {
	c, ok := findCategory(name)
	if !ok {
		return "", fmt.Errorf("unknown change-alert category %q", name)
	}
	b, err := json.Marshal(c.pattern)
	if err != nil {
		return "", fmt.Errorf("rendering the event pattern of %s: %w", name, err)
	}
	return string(b), nil
}

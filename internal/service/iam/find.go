package iam

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"

	"github.com/commshield/terraform-provider-commshield/internal/alerting"
	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
)

const (
	errCodeNoSuchEntity       = "NoSuchEntity"
	errCodeSNSNotFound        = "NotFound"
	errCodeEventsNotFound     = "ResourceNotFoundException"
	errCodeDeleteConflict     = "DeleteConflict"
	errCodeEntityExists       = "EntityAlreadyExists"
	pendingConfirmationMarker = "PendingConfirmation"
)

// FindRoleByName returns the role with its trust policy URL-decoded, or an
// awsclient.NotFoundError.
func FindRoleByName(ctx context.Context, conn *awsiam.Client, name string) (*iamtypes.Role, error) {
	out, err := conn.GetRole(ctx, &awsiam.GetRoleInput{RoleName: aws.String(name)})
	if awsclient.HasErrorCode(err, errCodeNoSuchEntity) {
		return nil, awsclient.NewNotFound(fmt.Sprintf("IAM role %q", name), err)
	}
	if err != nil {
		return nil, fmt.Errorf("reading IAM role %q: %w", name, err)
	}
	role := out.Role
	// IAM returns the document URL-encoded (RFC 3986).
	if doc := aws.ToString(role.AssumeRolePolicyDocument); doc != "" && !strings.HasPrefix(strings.TrimSpace(doc), "{") {
		decoded, err := url.QueryUnescape(doc)
		if err != nil {
			return nil, fmt.Errorf("decoding trust policy of IAM role %q: %w", name, err)
		}
		role.AssumeRolePolicyDocument = aws.String(decoded)
	}
	return role, nil
}

// FindAttachedPolicyARNs lists the managed policies attached to a role.
func FindAttachedPolicyARNs(ctx context.Context, conn *awsiam.Client, roleName string) ([]string, error) {
	var arns []string
	p := awsiam.NewListAttachedRolePoliciesPaginator(conn, &awsiam.ListAttachedRolePoliciesInput{RoleName: aws.String(roleName)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing policies attached to IAM role %q: %w", roleName, err)
		}
		for _, ap := range page.AttachedPolicies {
			arns = append(arns, aws.ToString(ap.PolicyArn))
		}
	}
	return arns, nil
}

// FindRoleTags returns a role's tags as a map.
func FindRoleTags(ctx context.Context, conn *awsiam.Client, roleName string) (map[string]string, error) {
	tags := map[string]string{}
	p := awsiam.NewListRoleTagsPaginator(conn, &awsiam.ListRoleTagsInput{RoleName: aws.String(roleName)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing tags of IAM role %q: %w", roleName, err)
		}
		for _, t := range page.Tags {
			tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
	}
	return tags, nil
}

// The alarm's SNS/EventBridge finders live in internal/alerting (shared
// with commshield_change_alerts); these names stay for the tests.

// FindTopicAttributes returns an SNS topic's attributes, or NotFound.
func FindTopicAttributes(ctx context.Context, conn *sns.Client, topicARN string) (map[string]string, error) {
	return alerting.FindTopicAttributes(ctx, conn, topicARN)
}

// FindSubscriptions lists a topic's subscriptions.
func FindSubscriptions(ctx context.Context, conn *sns.Client, topicARN string) ([]snstypes.Subscription, error) {
	return alerting.FindSubscriptions(ctx, conn, topicARN)
}

// FindRule describes an EventBridge rule on the default bus, or NotFound.
func FindRule(ctx context.Context, conn *eventbridge.Client, name string) (*eventbridge.DescribeRuleOutput, error) {
	return alerting.FindRule(ctx, conn, name)
}

// FindTargets lists a rule's targets.
func FindTargets(ctx context.Context, conn *eventbridge.Client, rule string) ([]ebtypes.Target, error) {
	return alerting.FindTargets(ctx, conn, rule)
}

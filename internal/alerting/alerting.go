// Package alerting holds what commshield's alerting resources share: an
// EventBridge rule (or several) on the default bus publishing to a
// KMS-encrypted SNS topic that only those rules may publish to.
// commshield_break_glass_role and commshield_change_alerts use it.
package alerting

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"

	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
	"github.com/commshield/terraform-provider-commshield/internal/iampolicy"
	"github.com/commshield/terraform-provider-commshield/internal/tftags"
)

// AWS error codes for "does not exist".
const (
	ErrCodeSNSNotFound    = "NotFound"
	ErrCodeEventsNotFound = "ResourceNotFoundException"
)

// FindTopicAttributes returns an SNS topic's attributes, or NotFound.
func FindTopicAttributes(ctx context.Context, conn *sns.Client, topicARN string) (map[string]string, error) {
	out, err := conn.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: aws.String(topicARN)})
	if awsclient.HasErrorCode(err, ErrCodeSNSNotFound) {
		return nil, awsclient.NewNotFound(fmt.Sprintf("SNS topic %q", topicARN), err)
	}
	if err != nil {
		return nil, fmt.Errorf("reading SNS topic %q: %w", topicARN, err)
	}
	return out.Attributes, nil
}

// FindSubscriptions lists a topic's subscriptions.
func FindSubscriptions(ctx context.Context, conn *sns.Client, topicARN string) ([]snstypes.Subscription, error) {
	var subs []snstypes.Subscription
	p := sns.NewListSubscriptionsByTopicPaginator(conn, &sns.ListSubscriptionsByTopicInput{TopicArn: aws.String(topicARN)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if awsclient.HasErrorCode(err, ErrCodeSNSNotFound) {
			return nil, awsclient.NewNotFound(fmt.Sprintf("SNS topic %q", topicARN), err)
		}
		if err != nil {
			return nil, fmt.Errorf("listing subscriptions of SNS topic %q: %w", topicARN, err)
		}
		subs = append(subs, page.Subscriptions...)
	}
	return subs, nil
}

// FindRule describes an EventBridge rule on the default bus, or NotFound.
func FindRule(ctx context.Context, conn *eventbridge.Client, name string) (*eventbridge.DescribeRuleOutput, error) {
	out, err := conn.DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: aws.String(name)})
	if awsclient.HasErrorCode(err, ErrCodeEventsNotFound) {
		return nil, awsclient.NewNotFound(fmt.Sprintf("EventBridge rule %q", name), err)
	}
	if err != nil {
		return nil, fmt.Errorf("reading EventBridge rule %q: %w", name, err)
	}
	return out, nil
}

// FindTargets lists a rule's targets.
func FindTargets(ctx context.Context, conn *eventbridge.Client, rule string) ([]ebtypes.Target, error) {
	var targets []ebtypes.Target
	in := &eventbridge.ListTargetsByRuleInput{Rule: aws.String(rule)}
	for {
		page, err := conn.ListTargetsByRule(ctx, in)
		if awsclient.HasErrorCode(err, ErrCodeEventsNotFound) {
			return nil, awsclient.NewNotFound(fmt.Sprintf("EventBridge rule %q", rule), err)
		}
		if err != nil {
			return nil, fmt.Errorf("listing targets of EventBridge rule %q: %w", rule, err)
		}
		targets = append(targets, page.Targets...)
		if aws.ToString(page.NextToken) == "" {
			return targets, nil
		}
		in.NextToken = page.NextToken
	}
}

// DeleteRule removes a rule's targets and the rule; NotFound is success.
func DeleteRule(ctx context.Context, conn *eventbridge.Client, rule string, targetIDs ...string) error {
	if len(targetIDs) > 0 {
		if _, err := conn.RemoveTargets(ctx, &eventbridge.RemoveTargetsInput{Rule: aws.String(rule), Ids: targetIDs}); err != nil && !awsclient.HasErrorCode(err, ErrCodeEventsNotFound) {
			return fmt.Errorf("removing the targets of EventBridge rule %s: %w", rule, err)
		}
	}
	if _, err := conn.DeleteRule(ctx, &eventbridge.DeleteRuleInput{Name: aws.String(rule)}); err != nil && !awsclient.HasErrorCode(err, ErrCodeEventsNotFound) {
		return fmt.Errorf("deleting EventBridge rule %s: %w", rule, err)
	}
	return nil
}

// DeleteTopic deletes a topic (and with it its subscriptions); NotFound is
// success.
func DeleteTopic(ctx context.Context, conn *sns.Client, topicARN string) error {
	if _, err := conn.DeleteTopic(ctx, &sns.DeleteTopicInput{TopicArn: aws.String(topicARN)}); err != nil && !awsclient.HasErrorCode(err, ErrCodeSNSNotFound) {
		return fmt.Errorf("deleting SNS topic %s: %w", topicARN, err)
	}
	return nil
}

// TopicPolicy lets only the given rules publish to the topic (EventBridge
// publishes as events.amazonaws.com; aws:SourceArn stops any other rule in
// any account from using the grant), and refuses publish/subscribe without
// TLS.
func TopicPolicy(topicARN string, ruleARNs []string) (string, error) {
	return iampolicy.Document{
		Version: iampolicy.Version,
		Statement: []iampolicy.Statement{
			{
				Sid:       "EventBridgeRulePublishes",
				Effect:    "Allow",
				Principal: map[string]iampolicy.StringList{"Service": {"events.amazonaws.com"}},
				Action:    iampolicy.StringList{"sns:Publish"},
				Resource:  iampolicy.StringList{topicARN},
				Condition: map[string]map[string]iampolicy.StringList{"ArnEquals": {"aws:SourceArn": iampolicy.Sorted(ruleARNs)}},
			},
			{
				Sid:       "DenyInsecureTransport",
				Effect:    "Deny",
				Principal: map[string]iampolicy.StringList{"AWS": {"*"}},
				Action:    iampolicy.StringList{"sns:Publish", "sns:Subscribe"},
				Resource:  iampolicy.StringList{topicARN},
				Condition: map[string]map[string]iampolicy.StringList{"Bool": {"aws:SecureTransport": {"false"}}},
			},
		},
	}.JSON()
}

// SameJSON reports whether two JSON texts encode the same value (EventBridge
// may re-serialise a pattern with other spacing or key order).
func SameJSON(a, b string) bool {
	var va, vb any
	if json.Unmarshal([]byte(a), &va) != nil || json.Unmarshal([]byte(b), &vb) != nil {
		return false
	}
	ja, _ := json.Marshal(va)
	jb, _ := json.Marshal(vb)
	return string(ja) == string(jb)
}

// SNSTags converts a tag map to SNS tags in key order (nil when empty).
func SNSTags(tags map[string]string) []snstypes.Tag {
	return tftags.AWSTags(tags, func(k, v string) snstypes.Tag { return snstypes.Tag{Key: aws.String(k), Value: aws.String(v)} })
}

// EventBridgeTags converts a tag map to EventBridge tags in key order (nil
// when empty).
func EventBridgeTags(tags map[string]string) []ebtypes.Tag {
	return tftags.AWSTags(tags, func(k, v string) ebtypes.Tag { return ebtypes.Tag{Key: aws.String(k), Value: aws.String(v)} })
}

// RetagTopic brings an SNS topic's tags to tags: it untags removed (see
// tftags.RemovedKeys), then sets tags, since TagResource only adds or
// overwrites.
func RetagTopic(ctx context.Context, conn *sns.Client, topicARN string, removed []string, tags map[string]string) error {
	if len(removed) > 0 {
		if _, err := conn.UntagResource(ctx, &sns.UntagResourceInput{ResourceArn: aws.String(topicARN), TagKeys: removed}); err != nil {
			return fmt.Errorf("untagging SNS topic %s: %w", topicARN, err)
		}
	}
	if len(tags) > 0 {
		if _, err := conn.TagResource(ctx, &sns.TagResourceInput{ResourceArn: aws.String(topicARN), Tags: SNSTags(tags)}); err != nil {
			return fmt.Errorf("tagging SNS topic %s: %w", topicARN, err)
		}
	}
	return nil
}

// RetagRule brings an EventBridge rule's tags to tags, as RetagTopic does;
// PutRule leaves an existing rule's tags alone, so updates need it.
func RetagRule(ctx context.Context, conn *eventbridge.Client, ruleARN string, removed []string, tags map[string]string) error {
	if len(removed) > 0 {
		if _, err := conn.UntagResource(ctx, &eventbridge.UntagResourceInput{ResourceARN: aws.String(ruleARN), TagKeys: removed}); err != nil {
			return fmt.Errorf("untagging EventBridge rule %s: %w", ruleARN, err)
		}
	}
	if len(tags) > 0 {
		if _, err := conn.TagResource(ctx, &eventbridge.TagResourceInput{ResourceARN: aws.String(ruleARN), Tags: EventBridgeTags(tags)}); err != nil {
			return fmt.Errorf("tagging EventBridge rule %s: %w", ruleARN, err)
		}
	}
	return nil
}

package acctest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"

	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
)

// ReplayEvent is one event as EventBridge would receive it from CloudTrail.
type ReplayEvent struct {
	Source, DetailType, Detail string
}

// MatchEvents replays events, one at a time, through moto's EventBridge
// pattern matcher and reports which ones pattern matches. moto cannot
// deliver to SNS targets and has no TestEventPattern, so the pattern is put
// on a rule of a scratch bus (named after name) targeting a scratch log
// group, and a new log message after an event means it matched. Everything
// scratch is deleted at the end of the test.
func MatchEvents(t *testing.T, client *awsclient.Client, name, pattern string, events []ReplayEvent) ([]bool, error) {
	t.Helper()
	ctx := context.Background()
	eb, logs := client.EventBridge(), client.CloudWatchLogs()
	bus, group, rule := name+"-replay", "/acctest/"+name, "replay"
	if _, err := eb.CreateEventBus(ctx, &eventbridge.CreateEventBusInput{Name: aws.String(bus)}); err != nil {
		return nil, fmt.Errorf("creating bus %s: %w", bus, err)
	}
	t.Cleanup(func() {
		_, _ = eb.RemoveTargets(ctx, &eventbridge.RemoveTargetsInput{Rule: aws.String(rule), EventBusName: aws.String(bus), Ids: []string{"log"}})
		_, _ = eb.DeleteRule(ctx, &eventbridge.DeleteRuleInput{Name: aws.String(rule), EventBusName: aws.String(bus)})
		_, _ = eb.DeleteEventBus(ctx, &eventbridge.DeleteEventBusInput{Name: aws.String(bus)})
		_, _ = logs.DeleteLogGroup(ctx, &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: aws.String(group)})
	})
	if _, err := logs.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(group)}); err != nil {
		return nil, fmt.Errorf("creating log group %s: %w", group, err)
	}
	if _, err := eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String(rule), EventBusName: aws.String(bus), EventPattern: aws.String(pattern)}); err != nil {
		return nil, fmt.Errorf("putting the replay rule: %w", err)
	}
	if _, err := eb.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String(rule), EventBusName: aws.String(bus), Targets: []ebtypes.Target{{
		Id: aws.String("log"), Arn: aws.String(fmt.Sprintf("arn:aws:logs:%s:%s:log-group:%s", client.Region, client.AccountID, group)),
	}}}); err != nil {
		return nil, fmt.Errorf("targeting log group %s: %w", group, err)
	}
	matched := make([]bool, len(events))
	seen := 0
	for i, e := range events {
		out, err := eb.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []ebtypes.PutEventsRequestEntry{{
			EventBusName: aws.String(bus), Source: aws.String(e.Source), DetailType: aws.String(e.DetailType), Detail: aws.String(e.Detail),
		}}})
		if err != nil {
			return nil, fmt.Errorf("putting event %d: %w", i, err)
		}
		if out.FailedEntryCount > 0 {
			return nil, fmt.Errorf("event %d rejected: %s", i, aws.ToString(out.Entries[0].ErrorMessage))
		}
		n, err := countLogMessages(ctx, t, group)
		if err != nil {
			return nil, err
		}
		matched[i], seen = n > seen, n
	}
	return matched, nil
}

// countLogMessages counts a log group's messages with a plain
// FilterLogEvents call: moto returns float timestamps, which the SDK's
// decoder rejects.
func countLogMessages(ctx context.Context, t *testing.T, group string) (int, error) {
	body, _ := json.Marshal(map[string]string{"logGroupName": group})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, MotoEndpoint(t), bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "Logs_20140328.FilterLogEvents")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/logs/aws4_request, SignedHeaders=host, Signature=0")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, fmt.Errorf("reading log group %s: %w", group, err)
	}
	defer resp.Body.Close()
	var out struct {
		Events []json.RawMessage `json:"events"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return 0, fmt.Errorf("decoding FilterLogEvents (HTTP %d): %w", resp.StatusCode, err)
	}
	return len(out.Events), nil
}

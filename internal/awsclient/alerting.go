package awsclient

import (
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

// SNS returns the SNS client.
func (c *Client) SNS() *sns.Client {
	return c.sns.get(func() *sns.Client {
		return sns.NewFromConfig(c.awsConfig, func(o *sns.Options) {
			if ep := c.baseEndpoint("sns"); ep != nil {
				o.BaseEndpoint = ep
			}
		})
	})
}

// EventBridge returns the EventBridge client (endpoint key "events").
func (c *Client) EventBridge() *eventbridge.Client {
	return c.eventBridge.get(func() *eventbridge.Client {
		return eventbridge.NewFromConfig(c.awsConfig, func(o *eventbridge.Options) {
			if ep := c.baseEndpoint("events"); ep != nil {
				o.BaseEndpoint = ep
			}
		})
	})
}

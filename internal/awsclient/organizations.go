package awsclient

import "github.com/aws/aws-sdk-go-v2/service/organizations"

// Organizations returns the AWS Organizations client (endpoint key
// "organizations"). Organizations is a global service served from
// us-east-1 (aws partition); the SDK's endpoint resolver picks that.
func (c *Client) Organizations() *organizations.Client {
	return c.organizations.get(func() *organizations.Client {
		return organizations.NewFromConfig(c.awsConfig, func(o *organizations.Options) {
			if ep := c.baseEndpoint("organizations"); ep != nil {
				o.BaseEndpoint = ep
			}
		})
	})
}

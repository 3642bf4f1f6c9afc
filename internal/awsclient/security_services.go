package awsclient

import (
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
)

// GuardDuty returns the GuardDuty client.
func (c *Client) GuardDuty() *guardduty.Client {
	return c.guardDuty.get(func() *guardduty.Client {
		return guardduty.NewFromConfig(c.awsConfig, func(o *guardduty.Options) {
			if ep := c.baseEndpoint("guardduty"); ep != nil {
				o.BaseEndpoint = ep
			}
		})
	})
}

// SecurityHub returns the Security Hub client.
func (c *Client) SecurityHub() *securityhub.Client {
	return c.securityHub.get(func() *securityhub.Client {
		return securityhub.NewFromConfig(c.awsConfig, func(o *securityhub.Options) {
			if ep := c.baseEndpoint("securityhub"); ep != nil {
				o.BaseEndpoint = ep
			}
		})
	})
}

// ConfigService returns the AWS Config client (endpoint key "config").
func (c *Client) ConfigService() *configservice.Client {
	return c.configService.get(func() *configservice.Client {
		return configservice.NewFromConfig(c.awsConfig, func(o *configservice.Options) {
			if ep := c.baseEndpoint("config"); ep != nil {
				o.BaseEndpoint = ep
			}
		})
	})
}

// AccessAnalyzer returns the IAM Access Analyzer client (endpoint key
// "accessanalyzer").
func (c *Client) AccessAnalyzer() *accessanalyzer.Client {
	return c.accessAnalyzer.get(func() *accessanalyzer.Client {
		return accessanalyzer.NewFromConfig(c.awsConfig, func(o *accessanalyzer.Options) {
			if ep := c.baseEndpoint("accessanalyzer"); ep != nil {
				o.BaseEndpoint = ep
			}
		})
	})
}

package awsclient

import (
	"context"
	"net"
	"net/url"

	"github.com/aws/aws-sdk-go-v2/service/s3control"
	smithyendpoints "github.com/aws/smithy-go/endpoints"
)

// S3Control returns the S3 Control client (account-level S3 settings).
//
// S3 Control's endpoint rules put the account ID in front of the host
// (<account>.s3-control.<region>.amazonaws.com). Against an emulator on an IP
// address or localhost that name does not resolve, so for such overrides the
// client uses the override URL as is. Other overrides (VPC or FIPS endpoints)
// keep the SDK's rules, which AWS needs.
func (c *Client) S3Control() *s3control.Client {
	return c.s3Control.get(func() *s3control.Client {
		return s3control.NewFromConfig(c.awsConfig, func(o *s3control.Options) {
			ep := c.endpoints["s3control"]
			if ep == "" {
				return
			}
			o.BaseEndpoint = &ep
			if u, err := url.Parse(ep); err == nil && isLoopbackHost(u.Hostname()) {
				o.EndpointResolverV2 = fixedEndpoint{url: *u}
			}
		})
	})
}

func isLoopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// fixedEndpoint resolves every S3 Control request to one URL.
type fixedEndpoint struct {
	url url.URL
}

func (f fixedEndpoint) ResolveEndpoint(context.Context, s3control.EndpointParameters) (smithyendpoints.Endpoint, error) {
	return smithyendpoints.Endpoint{URI: f.url}, nil
}

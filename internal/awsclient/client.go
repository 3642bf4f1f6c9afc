package awsclient

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	smithymiddleware "github.com/aws/smithy-go/middleware"
)

// UserAgentProduct names commshield in every request's user agent, so
// CloudTrail records which calls our provider made.
const UserAgentProduct = "commshield"

// Client is the shared AWS client factory handed to every resource as
// ProviderData. Service clients are created on first use and cached; the
// Client is safe for concurrent use by resources applied in parallel.
type Client struct {
	AccountID string
	// CallerARN is the identity Terraform runs as (an assumed-role ARN when
	// assume_role is set). Resources use it to warn about lockout.
	CallerARN   string
	Region      string
	Partition   string
	DefaultTags map[string]string

	awsConfig      aws.Config
	endpoints      map[string]string
	s3UsePathStyle bool

	s3         lazy[*s3.Client]
	kms        lazy[*kms.Client]
	cloudTrail lazy[*cloudtrail.Client]
	logs       lazy[*cloudwatchlogs.Client]
	ec2        lazy[*ec2.Client]
	iam        lazy[*iam.Client]
	s3Control  lazy[*s3control.Client]
	sts        lazy[*sts.Client]

	guardDuty      lazy[*guardduty.Client]
	securityHub    lazy[*securityhub.Client]
	configService  lazy[*configservice.Client]
	accessAnalyzer lazy[*accessanalyzer.Client]

	sns         lazy[*sns.Client]
	eventBridge lazy[*eventbridge.Client]

	organizations lazy[*organizations.Client]

	// deferredErr is a configuration problem (no region, unreadable
	// profile) that skip_credentials_validation postponed until an
	// AWS-backed resource is used. Written only by New.
	deferredErr             error
	skipRequestingAccountID bool

	// identityMu guards the lazy resolution done by Require; AccountID,
	// CallerARN and Partition are written under it before identityKnown
	// is set, and read freely by resources after Require succeeded.
	identityMu         sync.Mutex
	identityKnown      bool
	credentialsChecked bool
}

type lazy[T any] struct {
	once  sync.Once
	value T
}

func (l *lazy[T]) get(build func() T) T {
	l.once.Do(func() { l.value = build() })
	return l.value
}

// New validates cfg, loads the SDK configuration (assuming a role when
// configured) and, unless cfg.SkipCredentialsValidation is set, asks STS who
// we are, so bad credentials fail at configure time rather than halfway
// through an apply (hashicorp/aws does the same by default).
//
// With SkipCredentialsValidation, New makes no AWS call and never fails for
// want of credentials or a region: those problems are kept and reported by
// Require when a resource that needs AWS is used, so the catalog data
// sources work without any AWS access.
func New(ctx context.Context, cfg Config) (*Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}

	c := &Client{
		Region:                  cfg.Region,
		DefaultTags:             maps.Clone(cfg.DefaultTags),
		endpoints:               maps.Clone(cfg.Endpoints),
		s3UsePathStyle:          cfg.S3UsePathStyle || cfg.Endpoints["s3"] != "" || os.Getenv("AWS_ENDPOINT_URL_S3") != "" || os.Getenv("AWS_ENDPOINT_URL") != "",
		skipRequestingAccountID: cfg.SkipRequestingAccountID,
	}

	awsCfg, err := loadAWSConfig(ctx, cfg)
	if err == nil && awsCfg.Region == "" {
		err = errors.New("no AWS region: set the provider's region argument or the AWS_REGION environment variable")
	}
	if err != nil {
		if !cfg.SkipCredentialsValidation {
			return nil, err
		}
		c.deferredErr = err
		c.Partition = PartitionForRegion(c.Region)
		return c, nil
	}
	c.Region = awsCfg.Region

	if cfg.AssumeRole != nil {
		// The STS client that assumes the role uses the base credentials;
		// everything else, including the identity check below, uses the role.
		baseSTS := sts.NewFromConfig(awsCfg, c.stsOptions)
		provider := stscreds.NewAssumeRoleProvider(baseSTS, cfg.AssumeRole.RoleARN, func(o *stscreds.AssumeRoleOptions) {
			o.RoleSessionName = cfg.AssumeRole.SessionName
			if o.RoleSessionName == "" {
				o.RoleSessionName = "commshield"
			}
			if cfg.AssumeRole.ExternalID != "" {
				o.ExternalID = aws.String(cfg.AssumeRole.ExternalID)
			}
			if cfg.AssumeRole.Duration != 0 {
				o.Duration = cfg.AssumeRole.Duration
			}
		})
		awsCfg.Credentials = aws.NewCredentialsCache(provider)
	}
	c.awsConfig = awsCfg

	if cfg.SkipCredentialsValidation {
		c.Partition = PartitionForRegion(c.Region)
		return c, nil
	}
	if err := c.resolveIdentity(ctx); err != nil {
		return nil, fmt.Errorf("%w. %s If this configuration only uses %s, set skip_credentials_validation = true in the provider block: they need no AWS access", err, credentialsFix, CatalogOnlyNames)
	}
	return c, nil
}

func loadAWSConfig(ctx context.Context, cfg Config) (aws.Config, error) {
	maxAttempts := cfg.MaxRetries + 1
	if cfg.MaxRetries == 0 {
		maxAttempts = DefaultMaxRetries + 1
	}
	retryMode := cfg.RetryMode
	if retryMode == "" {
		retryMode = RetryModeAdaptive
	}
	version := cfg.Version
	if version == "" {
		version = "dev"
	}

	opts := []func(*config.LoadOptions) error{
		config.WithRetryer(func() aws.Retryer {
			if retryMode == RetryModeStandard {
				return retry.NewStandard(func(o *retry.StandardOptions) { o.MaxAttempts = maxAttempts })
			}
			return retry.NewAdaptiveMode(func(o *retry.AdaptiveModeOptions) {
				o.StandardOptions = append(o.StandardOptions, func(so *retry.StandardOptions) { so.MaxAttempts = maxAttempts })
			})
		}),
		config.WithAPIOptions([]func(*smithymiddleware.Stack) error{
			awsmiddleware.AddUserAgentKeyValue(UserAgentProduct, version),
		}),
	}
	if cfg.Region != "" {
		opts = append(opts, config.WithRegion(cfg.Region))
	}
	if cfg.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(cfg.Profile))
	}
	if len(cfg.SharedConfigFiles) > 0 {
		opts = append(opts, config.WithSharedConfigFiles(expandHome(cfg.SharedConfigFiles)))
	}
	if len(cfg.SharedCredentialsFiles) > 0 {
		opts = append(opts, config.WithSharedCredentialsFiles(expandHome(cfg.SharedCredentialsFiles)))
	}
	if cfg.AccessKey != "" {
		opts = append(opts, config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(cfg.AccessKey, cfg.SecretKey, cfg.Token)))
	}

	awsCfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("loading AWS configuration (profile %q): %w", cfg.Profile, err)
	}
	return awsCfg, nil
}

func expandHome(paths []string) []string {
	home, err := os.UserHomeDir()
	out := make([]string, len(paths))
	for i, p := range paths {
		if err == nil && strings.HasPrefix(p, "~/") {
			p = home + p[1:]
		}
		out[i] = p
	}
	return out
}

// Endpoint returns the override for a service key, or "" when AWS's own
// endpoint resolution applies.
func (c *Client) Endpoint(key string) string {
	return c.endpoints[key]
}

func (c *Client) baseEndpoint(key string) *string {
	if ep := c.endpoints[key]; ep != "" {
		return aws.String(ep)
	}
	return nil
}

func (c *Client) stsOptions(o *sts.Options) {
	if ep := c.baseEndpoint("sts"); ep != nil {
		o.BaseEndpoint = ep
	}
}

// S3 returns the S3 client. Path-style addressing is used whenever an s3
// endpoint override is set (emulators, VPC interface endpoints).
func (c *Client) S3() *s3.Client {
	return c.s3.get(func() *s3.Client {
		return s3.NewFromConfig(c.awsConfig, func(o *s3.Options) {
			if ep := c.baseEndpoint("s3"); ep != nil {
				o.BaseEndpoint = ep
			}
			o.UsePathStyle = c.s3UsePathStyle
		})
	})
}

// KMS returns the KMS client.
func (c *Client) KMS() *kms.Client {
	return c.kms.get(func() *kms.Client {
		return kms.NewFromConfig(c.awsConfig, func(o *kms.Options) {
			if ep := c.baseEndpoint("kms"); ep != nil {
				o.BaseEndpoint = ep
			}
		})
	})
}

// CloudTrail returns the CloudTrail client.
func (c *Client) CloudTrail() *cloudtrail.Client {
	return c.cloudTrail.get(func() *cloudtrail.Client {
		return cloudtrail.NewFromConfig(c.awsConfig, func(o *cloudtrail.Options) {
			if ep := c.baseEndpoint("cloudtrail"); ep != nil {
				o.BaseEndpoint = ep
			}
		})
	})
}

// CloudWatchLogs returns the CloudWatch Logs client (endpoint key "logs").
func (c *Client) CloudWatchLogs() *cloudwatchlogs.Client {
	return c.logs.get(func() *cloudwatchlogs.Client {
		return cloudwatchlogs.NewFromConfig(c.awsConfig, func(o *cloudwatchlogs.Options) {
			if ep := c.baseEndpoint("logs"); ep != nil {
				o.BaseEndpoint = ep
			}
		})
	})
}

// EC2 returns the EC2 client.
func (c *Client) EC2() *ec2.Client {
	return c.ec2.get(func() *ec2.Client {
		return ec2.NewFromConfig(c.awsConfig, func(o *ec2.Options) {
			if ep := c.baseEndpoint("ec2"); ep != nil {
				o.BaseEndpoint = ep
			}
		})
	})
}

// IAM returns the IAM client.
func (c *Client) IAM() *iam.Client {
	return c.iam.get(func() *iam.Client {
		return iam.NewFromConfig(c.awsConfig, func(o *iam.Options) {
			if ep := c.baseEndpoint("iam"); ep != nil {
				o.BaseEndpoint = ep
			}
		})
	})
}

// STS returns the STS client (using the assumed role when one is configured).
func (c *Client) STS() *sts.Client {
	return c.sts.get(func() *sts.Client {
		return sts.NewFromConfig(c.awsConfig, c.stsOptions)
	})
}

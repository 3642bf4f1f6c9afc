// Package awsclient builds the one AWS client factory (aws-sdk-go-v2) that
// every commshield resource shares: credentials, assume-role, per-service
// endpoint overrides, adaptive retries and the commshield user agent.
package awsclient

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
)

// Retry modes accepted by Config.RetryMode.
const (
	RetryModeAdaptive = "adaptive"
	RetryModeStandard = "standard"
)

// Limits on the assume-role session duration enforced by STS.
const (
	MinAssumeRoleDuration = 15 * time.Minute
	MaxAssumeRoleDuration = 12 * time.Hour
)

// DefaultMaxRetries is used when Config.MaxRetries is zero. It is high
// because landing-zone applies create many objects at once and throttling
// (KMS, CloudTrail) is common; adaptive mode slows the client down instead of
// failing.
const DefaultMaxRetries = 25

// EndpointKeys lists the service names accepted in the provider's
// `endpoints` map. The names follow the AWS provider's custom-endpoint keys so
// users can copy their existing configuration.
var endpointKeys = []string{
	"accessanalyzer",
	"cloudtrail",
	"config",
	"ec2",
	"events",
	"guardduty",
	"iam",
	"kms",
	"logs",
	"organizations",
	"s3",
	"s3control",
	"securityhub",
	"sns",
	"ssm",
	"sts",
}

// EndpointKeys returns the service names accepted in Config.Endpoints, sorted.
func EndpointKeys() []string {
	return slices.Clone(endpointKeys)
}

// roleARNPattern matches IAM role ARNs in every partition, including roles
// with paths (arn:aws:iam::123456789012:role/path/name).
var roleARNPattern = regexp.MustCompile(`^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$`)

// AssumeRole configures an sts:AssumeRole call made before any other API call.
type AssumeRole struct {
	RoleARN     string
	SessionName string
	ExternalID  string
	Duration    time.Duration
}

// Config is everything the provider block can say about reaching AWS. Empty
// fields fall back to the SDK's default chain (environment variables, shared
// config and credentials files, IMDS).
type Config struct {
	Region                 string
	Profile                string
	SharedConfigFiles      []string
	SharedCredentialsFiles []string
	AccessKey              string
	SecretKey              string
	Token                  string
	AssumeRole             *AssumeRole
	// Endpoints maps a key from EndpointKeys to an absolute http(s) URL.
	Endpoints map[string]string
	// S3UsePathStyle forces path-style S3 addressing. It is implied when an
	// s3 endpoint override is set, since emulators and VPC endpoints rarely
	// resolve bucket subdomains.
	S3UsePathStyle bool
	MaxRetries     int
	RetryMode      string
	DefaultTags    map[string]string
	// Version is the provider version placed in the user agent.
	Version string
	// SkipCredentialsValidation skips the sts:GetCallerIdentity call in New
	// (hashicorp/aws's skip_credentials_validation): no AWS call is made
	// until a resource needs one, and missing credentials or region are
	// reported then (Client.Require), not at configure time.
	SkipCredentialsValidation bool
	// SkipRequestingAccountID never asks AWS for the account ID
	// (hashicorp/aws's skip_requesting_account_id). It matters only with
	// SkipCredentialsValidation, since the validation call returns the
	// account anyway; resources that need the ID then fail with a
	// diagnostic naming this setting.
	SkipRequestingAccountID bool
}

// Validate reports every problem in the configuration at once, each naming
// the provider argument and the fix.
func (c Config) Validate() error {
	var errs []error
	if c.AssumeRole != nil {
		errs = append(errs, c.AssumeRole.validate()...)
	}
	keys := make([]string, 0, len(c.Endpoints))
	for k := range c.Endpoints {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := ValidateEndpoint(k, c.Endpoints[k]); err != nil {
			errs = append(errs, err)
		}
	}
	if c.MaxRetries < 0 {
		errs = append(errs, fmt.Errorf("max_retries: %d is negative; use 0 for the default (%d) or a positive number", c.MaxRetries, DefaultMaxRetries))
	}
	if err := ValidateRetryMode(c.RetryMode); err != nil {
		errs = append(errs, err)
	}
	if (c.AccessKey == "") != (c.SecretKey == "") {
		errs = append(errs, errors.New("access_key and secret_key must be set together (or both left unset to use the default credential chain)"))
	}
	return errors.Join(errs...)
}

func (a AssumeRole) validate() []error {
	var errs []error
	if err := ValidateRoleARN(a.RoleARN); err != nil {
		errs = append(errs, err)
	}
	if a.Duration != 0 && (a.Duration < MinAssumeRoleDuration || a.Duration > MaxAssumeRoleDuration) {
		errs = append(errs, fmt.Errorf("assume_role.duration: %s is outside the range STS accepts (%s to %s)", a.Duration, MinAssumeRoleDuration, MaxAssumeRoleDuration))
	}
	return errs
}

// ValidateRoleARN checks that arn names an IAM role.
func ValidateRoleARN(arn string) error {
	if !roleARNPattern.MatchString(arn) {
		return fmt.Errorf("assume_role.role_arn: %q is not an IAM role ARN; expected arn:<partition>:iam::<12-digit account>:role/<name>", arn)
	}
	return nil
}

// ValidateEndpoint checks one entry of the endpoints map.
func ValidateEndpoint(key, rawURL string) error {
	if !slices.Contains(endpointKeys, key) {
		return fmt.Errorf("endpoints: unknown service key %q; supported keys are %s", key, strings.Join(endpointKeys, ", "))
	}
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("endpoints.%s: %q is not an absolute http(s) URL such as https://kms-fips.us-east-1.amazonaws.com", key, rawURL)
	}
	return nil
}

// ValidateRetryMode checks the retry_mode argument; empty means adaptive.
func ValidateRetryMode(mode string) error {
	switch mode {
	case "", RetryModeAdaptive, RetryModeStandard:
		return nil
	}
	return fmt.Errorf("retry_mode: %q is not supported; use %q or %q", mode, RetryModeAdaptive, RetryModeStandard)
}

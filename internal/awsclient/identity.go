package awsclient

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// CatalogOnlyNames are the parts of the provider that never call AWS, named
// in diagnostics that explain what skip_credentials_validation is for.
const CatalogOnlyNames = "the catalog data sources (commshield_controls, commshield_rules, commshield_tls_policies) and the provider functions"

// credentialsFix says where credentials come from; every credential
// diagnostic ends with it so the user knows what to configure.
const credentialsFix = "Configure AWS credentials in one of the ways the AWS SDK reads them: " +
	"the AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN) environment variables, " +
	"a named profile (the provider's profile argument or AWS_PROFILE) in the shared config/credentials files " +
	"(shared_config_files, shared_credentials_files), SSO, the provider's access_key / secret_key, " +
	"or a container or instance role; assume_role then runs on top of those."

// Needs says what an AWS-backed resource or data source requires before it
// can run; the zero value asks for credentials and a region only.
type Needs struct {
	// AccountID is set by resources that put the account ID into ARNs,
	// policies or their own ID.
	AccountID bool
}

// resolveIdentity checks that credentials exist and asks STS who they
// belong to; on success AccountID, CallerARN and Partition are set.
// Callers hold identityMu or are New (before the Client is shared).
func (c *Client) resolveIdentity(ctx context.Context) error {
	if err := c.checkCredentials(ctx); err != nil {
		return err
	}
	identity, err := c.STS().GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return fmt.Errorf("checking AWS credentials with sts:GetCallerIdentity: %w", err)
	}
	c.AccountID = aws.ToString(identity.Account)
	c.CallerARN = aws.ToString(identity.Arn)
	c.Partition = PartitionForRegion(c.Region)
	if parsed, err := arn.Parse(c.CallerARN); err == nil {
		c.Partition = parsed.Partition
	}
	c.identityKnown = true
	c.credentialsChecked = true
	return nil
}

// checkCredentials retrieves credentials from the chain without calling any
// AWS API (an instance role is fetched from IMDS), so "none configured" is
// reported as such rather than as a failed request.
func (c *Client) checkCredentials(ctx context.Context) error {
	if c.credentialsChecked {
		return nil
	}
	if c.awsConfig.Credentials == nil {
		return errors.New("no AWS credentials found: the SDK's credential chain is empty")
	}
	if _, err := c.awsConfig.Credentials.Retrieve(ctx); err != nil {
		return fmt.Errorf("no usable AWS credentials found: %w", err)
	}
	c.credentialsChecked = true
	return nil
}

// Require makes sure the client can serve a resource that calls AWS: with
// skip_credentials_validation the region, credentials and (when needs asks
// for it) the account ID are resolved here, on first use, instead of at
// configure time. It is cheap after the first success and safe for
// concurrent use. The error names what to configure.
func (c *Client) Require(ctx context.Context, needs Needs) error {
	if c.deferredErr != nil {
		return fmt.Errorf("%w. (skip_credentials_validation = true postponed this error until a resource that calls AWS was used; only %s work without AWS access.)", c.deferredErr, CatalogOnlyNames)
	}
	c.identityMu.Lock()
	defer c.identityMu.Unlock()
	if c.identityKnown {
		return nil
	}
	if c.skipRequestingAccountID {
		if needs.AccountID {
			return &AccountIDSkippedError{}
		}
		if err := c.checkCredentials(ctx); err != nil {
			return fmt.Errorf("%w. %s", err, credentialsFix)
		}
		return nil
	}
	if err := c.resolveIdentity(ctx); err != nil {
		return fmt.Errorf("%w. %s", err, credentialsFix)
	}
	return nil
}

// AccountIDSkippedError is returned by Require when a resource needs the
// account ID and the provider was told not to ask for it.
type AccountIDSkippedError struct{}

func (*AccountIDSkippedError) Error() string {
	return "the AWS account ID is unknown because the provider sets skip_requesting_account_id = true; " +
		"remove skip_requesting_account_id from the provider block (or set it to false) so the provider asks " +
		"sts:GetCallerIdentity for the account when a resource needs it"
}

// ClientFromProviderData is the Configure step shared by every AWS-backed
// resource and data source: it unpacks the provider's client and runs
// Require, turning a failure into a diagnostic that names the resource type
// and the fix. A nil client with no diagnostics means the provider is not
// configured yet (validation), which the caller must tolerate.
func ClientFromProviderData(ctx context.Context, providerData any, typeName string, needs Needs) (*Client, diag.Diagnostics) {
	var diags diag.Diagnostics
	if providerData == nil {
		return nil, diags
	}
	c, ok := providerData.(*Client)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("expected *awsclient.Client, got %T; this is a bug in the provider", providerData))
		return nil, diags
	}
	if err := c.Require(ctx, needs); err != nil {
		var skipped *AccountIDSkippedError
		if errors.As(err, &skipped) {
			diags.AddError("AWS account ID required",
				fmt.Sprintf("%s puts the AWS account ID into the ARNs and policies it manages, but %s.", typeName, err))
			return nil, diags
		}
		diags.AddError("AWS access required",
			fmt.Sprintf("%s calls AWS, and the provider cannot: %s", typeName, err))
		return nil, diags
	}
	return c, diags
}

// PartitionForRegion returns the AWS partition of a region name, used for
// ARNs when the caller's identity (whose ARN carries the partition) has not
// been asked for. Unknown or empty regions are in the commercial partition.
func PartitionForRegion(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	case strings.HasPrefix(region, "us-isob-"):
		return "aws-iso-b"
	case strings.HasPrefix(region, "us-isof-"):
		return "aws-iso-f"
	case strings.HasPrefix(region, "us-iso-"):
		return "aws-iso"
	case strings.HasPrefix(region, "eu-isoe-"):
		return "aws-iso-e"
	}
	return "aws"
}

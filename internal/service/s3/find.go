package s3

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	awstypes "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
)

// S3 error codes for absent sub-configurations. S3 answers "not configured"
// with an error rather than an empty result.
const (
	errCodeNoSuchBucket         = "NoSuchBucket"
	errCodeNotFound             = "NotFound" // HeadBucket's bodiless 404
	errCodeBucketNotEmpty       = "BucketNotEmpty"
	errCodeNoSuchBucketPolicy   = "NoSuchBucketPolicy"
	errCodeNoSuchPAB            = "NoSuchPublicAccessBlockConfiguration"
	errCodeNoOwnershipControls  = "OwnershipControlsNotFoundError"
	errCodeNoEncryption         = "ServerSideEncryptionConfigurationNotFoundError"
	errCodeNoObjectLock         = "ObjectLockConfigurationNotFoundError"
	errCodeNoLifecycle          = "NoSuchLifecycleConfiguration"
	errCodeNoTagSet             = "NoSuchTagSet"
	errCodeBucketAlreadyOwned   = "BucketAlreadyOwnedByYou"
	errCodeInvalidLoggingTarget = "InvalidTargetBucketForLogging"
)

// FindBucket checks that a bucket exists and is reachable.
func FindBucket(ctx context.Context, conn *s3.Client, bucket string) error {
	_, err := conn.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(bucket)})
	var notFound *awstypes.NotFound
	if errors.As(err, &notFound) || awsclient.HasErrorCode(err, errCodeNoSuchBucket, errCodeNotFound) {
		return awsclient.NewNotFound(fmt.Sprintf("S3 bucket %q", bucket), err)
	}
	if err != nil {
		return fmt.Errorf("checking S3 bucket %q: %w", bucket, err)
	}
	return nil
}

// FindObjectLockConfiguration returns the bucket's Object Lock settings, or
// nil when the bucket has none.
func FindObjectLockConfiguration(ctx context.Context, conn *s3.Client, bucket string) (*awstypes.ObjectLockConfiguration, error) {
	out, err := conn.GetObjectLockConfiguration(ctx, &s3.GetObjectLockConfigurationInput{Bucket: aws.String(bucket)})
	switch {
	case awsclient.HasErrorCode(err, errCodeNoObjectLock):
		return nil, nil
	case awsclient.HasErrorCode(err, errCodeNoSuchBucket):
		return nil, awsclient.NewNotFound(fmt.Sprintf("S3 bucket %q", bucket), err)
	case err != nil:
		return nil, fmt.Errorf("reading Object Lock configuration of %q: %w", bucket, err)
	}
	return out.ObjectLockConfiguration, nil
}

// FindBucketPolicy returns the bucket policy, or "" when there is none.
func FindBucketPolicy(ctx context.Context, conn *s3.Client, bucket string) (string, error) {
	out, err := conn.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(bucket)})
	if awsclient.HasErrorCode(err, errCodeNoSuchBucketPolicy) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("reading policy of bucket %q: %w", bucket, err)
	}
	return aws.ToString(out.Policy), nil
}

// FindPublicAccessBlock reports whether all four public access block flags
// are on (false when no configuration exists).
func FindPublicAccessBlock(ctx context.Context, conn *s3.Client, bucket string) (bool, error) {
	out, err := conn.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: aws.String(bucket)})
	if awsclient.HasErrorCode(err, errCodeNoSuchPAB) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("reading public access block of %q: %w", bucket, err)
	}
	c := out.PublicAccessBlockConfiguration
	return c != nil && aws.ToBool(c.BlockPublicAcls) && aws.ToBool(c.BlockPublicPolicy) &&
		aws.ToBool(c.IgnorePublicAcls) && aws.ToBool(c.RestrictPublicBuckets), nil
}

// FindBucketTags returns the bucket's tags (empty when it has none).
func FindBucketTags(ctx context.Context, conn *s3.Client, bucket string) (map[string]string, error) {
	tags := map[string]string{}
	out, err := conn.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: aws.String(bucket)})
	if awsclient.HasErrorCode(err, errCodeNoTagSet) {
		return tags, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading tags of bucket %q: %w", bucket, err)
	}
	for _, t := range out.TagSet {
		tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return tags, nil
}

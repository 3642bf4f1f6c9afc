// Package logdelivery is the CloudWatch Logs plumbing that
// commshield_audit_trail (CloudTrail) and commshield_segmented_vpc (VPC flow
// logs) share: a KMS-encrypted log group with a retention period, and the
// IAM role the AWS service assumes to write into it. The Ensure functions
// read what exists and change only what differs, so one call creates,
// adopts a same-named leftover, and repairs drift.
package logdelivery

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	cwltypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
	"github.com/commshield/terraform-provider-commshield/internal/tftags"
)

const (
	errCodeLogGroupNotFound = "ResourceNotFoundException"
	errCodeLogGroupExists   = "ResourceAlreadyExistsException"
	errCodeNoSuchEntity     = "NoSuchEntity"
	errCodeEntityExists     = "EntityAlreadyExists"
)

// LogGroup is the log group a service delivers to.
type LogGroup struct {
	Name          string
	KMSKeyARN     string
	RetentionDays int64
	Tags          map[string]string
}

// FindLogGroupByName returns the log group with exactly this name, or an
// awsclient.NotFoundError. DescribeLogGroups filters by prefix, so the exact
// match is picked out of every page.
func FindLogGroupByName(ctx context.Context, conn *cloudwatchlogs.Client, name string) (*cwltypes.LogGroup, error) {
	pages := cloudwatchlogs.NewDescribeLogGroupsPaginator(conn, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(name)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("reading CloudWatch Logs log group %q: %w", name, err)
		}
		for i := range page.LogGroups {
			if aws.ToString(page.LogGroups[i].LogGroupName) == name {
				return &page.LogGroups[i], nil
			}
		}
	}
	return nil, awsclient.NewNotFound(fmt.Sprintf("CloudWatch Logs log group %q", name), nil)
}

// EnsureLogGroup creates the log group (KMS-encrypted, with retention) or,
// when it already exists, adopts it and corrects its key and retention. It
// reports whether this call created it. Tags are set on create only.
func EnsureLogGroup(ctx context.Context, conn *cloudwatchlogs.Client, want LogGroup) (created bool, err error) {
	existing, err := FindLogGroupByName(ctx, conn, want.Name)
	switch {
	case awsclient.IsNotFound(err):
		_, err := conn.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{
			LogGroupName: aws.String(want.Name),
			KmsKeyId:     aws.String(want.KMSKeyARN),
			Tags:         want.Tags,
		})
		if err != nil && !awsclient.HasErrorCode(err, errCodeLogGroupExists) {
			return false, fmt.Errorf("creating CloudWatch Logs log group %q: %w", want.Name, err)
		}
		created = err == nil
	case err != nil:
		return false, err
	case aws.ToString(existing.KmsKeyId) != want.KMSKeyARN:
		if _, err := conn.AssociateKmsKey(ctx, &cloudwatchlogs.AssociateKmsKeyInput{
			LogGroupName: aws.String(want.Name),
			KmsKeyId:     aws.String(want.KMSKeyARN),
		}); err != nil {
			return false, fmt.Errorf("associating KMS key with CloudWatch Logs log group %q: %w", want.Name, err)
		}
	}
	if existing == nil || int64(aws.ToInt32(existing.RetentionInDays)) != want.RetentionDays {
		if _, err := conn.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{
			LogGroupName:    aws.String(want.Name),
			RetentionInDays: aws.Int32(int32(want.RetentionDays)),
		}); err != nil {
			return created, fmt.Errorf("setting retention of CloudWatch Logs log group %q: %w", want.Name, err)
		}
	}
	return created, nil
}

// DeleteLogGroup deletes the log group; one already gone counts as deleted.
func DeleteLogGroup(ctx context.Context, conn *cloudwatchlogs.Client, name string) error {
	_, err := conn.DeleteLogGroup(ctx, &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: aws.String(name)})
	if err != nil && !awsclient.HasErrorCode(err, errCodeLogGroupNotFound) {
		return fmt.Errorf("deleting CloudWatch Logs log group %q: %w", name, err)
	}
	return nil
}

// Role is the delivery role: a trust policy naming the service and one
// inline policy allowing the writes.
type Role struct {
	Name        string
	TrustPolicy string
	Description string
	PolicyName  string
	Policy      string
	Tags        map[string]string
}

// FindRoleByName returns the IAM role, or an awsclient.NotFoundError.
func FindRoleByName(ctx context.Context, conn *iam.Client, name string) (*iamtypes.Role, error) {
	out, err := conn.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(name)})
	if awsclient.HasErrorCode(err, errCodeNoSuchEntity) {
		return nil, awsclient.NewNotFound(fmt.Sprintf("IAM role %q", name), err)
	}
	if err != nil {
		return nil, fmt.Errorf("reading IAM role %q: %w", name, err)
	}
	if out.Role == nil {
		return nil, awsclient.NewNotFound(fmt.Sprintf("IAM role %q", name), nil)
	}
	return out.Role, nil
}

// EnsureRole creates the role or brings an existing one of the same name
// back to the expected trust and inline policy, and returns its ARN. Tags
// are set on create only.
func EnsureRole(ctx context.Context, conn *iam.Client, want Role) (string, error) {
	var arn string
	out, err := conn.CreateRole(ctx, &iam.CreateRoleInput{
		RoleName:                 aws.String(want.Name),
		AssumeRolePolicyDocument: aws.String(want.TrustPolicy),
		Description:              aws.String(want.Description),
		Tags:                     tftags.AWSTags(want.Tags, func(k, v string) iamtypes.Tag { return iamtypes.Tag{Key: aws.String(k), Value: aws.String(v)} }),
	})
	switch {
	case awsclient.HasErrorCode(err, errCodeEntityExists):
		if _, err := conn.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{RoleName: aws.String(want.Name), PolicyDocument: aws.String(want.TrustPolicy)}); err != nil {
			return "", fmt.Errorf("updating trust policy of IAM role %q: %w", want.Name, err)
		}
		role, err := FindRoleByName(ctx, conn, want.Name)
		if err != nil {
			return "", err
		}
		arn = aws.ToString(role.Arn)
	case err != nil:
		return "", fmt.Errorf("creating IAM role %q: %w", want.Name, err)
	default:
		arn = aws.ToString(out.Role.Arn)
	}
	if _, err := conn.PutRolePolicy(ctx, &iam.PutRolePolicyInput{
		RoleName:       aws.String(want.Name),
		PolicyName:     aws.String(want.PolicyName),
		PolicyDocument: aws.String(want.Policy),
	}); err != nil {
		return "", fmt.Errorf("putting inline policy on IAM role %q: %w", want.Name, err)
	}
	return arn, nil
}

// DeleteRole deletes the role's inline policy and the role; what is already
// gone counts as deleted.
func DeleteRole(ctx context.Context, conn *iam.Client, name, policyName string) error {
	_, err := conn.DeleteRolePolicy(ctx, &iam.DeleteRolePolicyInput{RoleName: aws.String(name), PolicyName: aws.String(policyName)})
	if err != nil && !awsclient.HasErrorCode(err, errCodeNoSuchEntity) {
		return fmt.Errorf("deleting inline policy of IAM role %q: %w", name, err)
	}
	_, err = conn.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String(name)})
	if err != nil && !awsclient.HasErrorCode(err, errCodeNoSuchEntity) {
		return fmt.Errorf("deleting IAM role %q: %w", name, err)
	}
	return nil
}

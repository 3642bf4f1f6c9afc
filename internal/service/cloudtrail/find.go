package cloudtrail

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	awscloudtrail "github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	cwltypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
)

// FindTrailByName returns the trail, or an awsclient.NotFoundError.
func FindTrailByName(ctx context.Context, conn *awscloudtrail.Client, name string) (*cttypes.Trail, error) {
	out, err := conn.GetTrail(ctx, &awscloudtrail.GetTrailInput{Name: aws.String(name)})
	if awsclient.HasErrorCode(err, errCodeTrailNotFound) {
		return nil, awsclient.NewNotFound(fmt.Sprintf("%s %q", "CloudTrail trail", name), err)
	}
	if err != nil {
		return nil, fmt.Errorf("reading CloudTrail trail %q: %w", name, err)
	}
	if out.Trail == nil {
		return nil, awsclient.NewNotFound(fmt.Sprintf("%s %q", "CloudTrail trail", name), nil)
	}
	return out.Trail, nil
}

// FindLogGroupByName returns the log group with exactly this name, or a
// awsclient.NotFoundError. DescribeLogGroups filters by prefix, so the exact match is
// picked out of every page.
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
	return nil, awsclient.NewNotFound(fmt.Sprintf("%s %q", "CloudWatch Logs log group", name), nil)
}

// FindRoleByName returns the IAM role, or an awsclient.NotFoundError.
func FindRoleByName(ctx context.Context, conn *iam.Client, name string) (*iamtypes.Role, error) {
	out, err := conn.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(name)})
	if awsclient.HasErrorCode(err, errCodeIAMNoSuchEntity) {
		return nil, awsclient.NewNotFound(fmt.Sprintf("%s %q", "IAM role", name), err)
	}
	if err != nil {
		return nil, fmt.Errorf("reading IAM role %q: %w", name, err)
	}
	if out.Role == nil {
		return nil, awsclient.NewNotFound(fmt.Sprintf("%s %q", "IAM role", name), nil)
	}
	return out.Role, nil
}

package ec2

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
	"github.com/commshield/terraform-provider-commshield/internal/functions"
)

// FindSecurityGroupByID returns the security group, or an
// awsclient.NotFoundError.
func FindSecurityGroupByID(ctx context.Context, conn *awsec2.Client, id string) (*ec2types.SecurityGroup, error) {
	out, err := conn.DescribeSecurityGroups(ctx, &awsec2.DescribeSecurityGroupsInput{GroupIds: []string{id}})
	if awsclient.HasErrorCode(err, errCodeSGNotFound, errCodeSGIDNotFound) {
		return nil, awsclient.NewNotFound(fmt.Sprintf("security group %q", id), err)
	}
	if err != nil {
		return nil, fmt.Errorf("reading security group %q: %w", id, err)
	}
	if len(out.SecurityGroups) == 0 {
		return nil, awsclient.NewNotFound(fmt.Sprintf("security group %q", id), nil)
	}
	return &out.SecurityGroups[0], nil
}

// FindSecurityGroupRules lists every ingress and egress rule of a group.
func FindSecurityGroupRules(ctx context.Context, conn *awsec2.Client, groupID string) ([]ec2types.SecurityGroupRule, error) {
	var rules []ec2types.SecurityGroupRule
	p := awsec2.NewDescribeSecurityGroupRulesPaginator(conn, &awsec2.DescribeSecurityGroupRulesInput{
		Filters: []ec2types.Filter{{Name: aws.String("group-id"), Values: []string{groupID}}},
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if awsclient.HasErrorCode(err, errCodeSGNotFound, errCodeSGIDNotFound) {
			return nil, awsclient.NewNotFound(fmt.Sprintf("security group %q", groupID), err)
		}
		if err != nil {
			return nil, fmt.Errorf("listing rules of security group %q: %w", groupID, err)
		}
		rules = append(rules, page.SecurityGroupRules...)
	}
	return rules, nil
}

// DeleteSecurityGroup deletes a group; NotFound is success, and
// DependencyViolation (network interfaces still attached) is retried.
func DeleteSecurityGroup(ctx context.Context, conn *awsec2.Client, id string) error {
	err := retryOnDependency(ctx, func(ctx context.Context) error {
		_, err := conn.DeleteSecurityGroup(ctx, &awsec2.DeleteSecurityGroupInput{GroupId: aws.String(id)})
		return err
	})
	if err == nil || awsclient.HasErrorCode(err, errCodeSGNotFound, errCodeSGIDNotFound) {
		return nil
	}
	return fmt.Errorf("deleting security group %s: %w", id, err)
}

func isPublicCIDRString(cidr string) bool {
	p, err := functions.ParseCIDR(cidr)
	return err == nil && functions.IsPublicCIDR(p)
}

package organizations

import (
	"context"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsorgs "github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
)

// FindPolicyByID describes a policy, or returns an awsclient.NotFoundError.
func FindPolicyByID(ctx context.Context, conn *awsorgs.Client, id string) (*orgtypes.Policy, error) {
	out, err := conn.DescribePolicy(ctx, &awsorgs.DescribePolicyInput{PolicyId: aws.String(id)})
	if awsclient.HasErrorCode(err, errCodePolicyAbsent) {
		return nil, awsclient.NewNotFound(fmt.Sprintf("Organizations policy %q", id), err)
	}
	if err != nil {
		return nil, fmt.Errorf("reading Organizations policy %q: %w", id, err)
	}
	if out.Policy == nil || out.Policy.PolicySummary == nil {
		return nil, awsclient.NewNotFound(fmt.Sprintf("Organizations policy %q", id), nil)
	}
	return out.Policy, nil
}

// FindPolicyTargets lists the roots, OUs and accounts a policy is attached
// to, sorted.
func FindPolicyTargets(ctx context.Context, conn *awsorgs.Client, id string) ([]string, error) {
	var targets []string
	p := awsorgs.NewListTargetsForPolicyPaginator(conn, &awsorgs.ListTargetsForPolicyInput{PolicyId: aws.String(id)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if awsclient.HasErrorCode(err, errCodePolicyAbsent) {
			return nil, awsclient.NewNotFound(fmt.Sprintf("Organizations policy %q", id), err)
		}
		if err != nil {
			return nil, fmt.Errorf("listing targets of Organizations policy %q: %w", id, err)
		}
		for _, t := range page.Targets {
			targets = append(targets, aws.ToString(t.TargetId))
		}
	}
	slices.Sort(targets)
	return targets, nil
}

// FindPolicyTags returns a policy's tags as a map.
func FindPolicyTags(ctx context.Context, conn *awsorgs.Client, id string) (map[string]string, error) {
	tags := map[string]string{}
	p := awsorgs.NewListTagsForResourcePaginator(conn, &awsorgs.ListTagsForResourceInput{ResourceId: aws.String(id)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing tags of Organizations policy %q: %w", id, err)
		}
		for _, t := range page.Tags {
			tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
	}
	return tags, nil
}

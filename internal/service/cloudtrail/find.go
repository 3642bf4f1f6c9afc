package cloudtrail

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	awscloudtrail "github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

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

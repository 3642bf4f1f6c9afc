package cloudtrail

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awscloudtrail "github.com/aws/aws-sdk-go-v2/service/cloudtrail"

	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
)

const (
	// iamPropagationTimeout bounds how long CloudTrail may keep rejecting a
	// freshly created role or policy (IAM is eventually consistent).
	iamPropagationTimeout = 2 * time.Minute
	trailLoggingTimeout   = 2 * time.Minute
	pollInterval          = 2 * time.Second
	// maxBackoff caps the pause between retries of a call IAM propagation
	// rejects.
	maxBackoff = 10 * time.Second
)

// isIAMPropagationError matches the errors CloudTrail returns while a new
// delivery role or its policy is not yet visible to it.
func isIAMPropagationError(err error) bool {
	return awsclient.HasErrorCode(err, errCodeInvalidCWLRoleARN, errCodeInvalidCWLLogGroupARN)
}

// waitTrailLogging polls GetTrailStatus until the trail reports IsLogging.
// StartLogging returning success is not proof that delivery has begun, and
// an audit trail that silently is not logging is the failure this resource
// exists to prevent.
func waitTrailLogging(ctx context.Context, conn *awscloudtrail.Client, name string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		out, err := conn.GetTrailStatus(ctx, &awscloudtrail.GetTrailStatusInput{Name: aws.String(name)})
		if err != nil {
			return fmt.Errorf("reading status of CloudTrail trail %q: %w", name, err)
		}
		if aws.ToBool(out.IsLogging) {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("CloudTrail trail %q still not logging after %s (latest delivery error: %q)", name, timeout, aws.ToString(out.LatestDeliveryError))
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for CloudTrail trail %q to log: %w", name, ctx.Err())
		case <-time.After(pollInterval):
		}
	}
}

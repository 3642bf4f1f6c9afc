package ec2

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
)

const (
	pollInterval = 2 * time.Second
	// maxBackoff caps the pause between retries of a call AWS rejects
	// while a dependency or an IAM role settles.
	maxBackoff = 15 * time.Second
)

// retryOnDependency retries a delete while AWS answers DependencyViolation:
// network interfaces of Lambda functions, endpoints and load balancers, and
// subnet associations, go away asynchronously after their owner is deleted.
func retryOnDependency(ctx context.Context, del func(context.Context) error) error {
	timeout := dependencyTimeout
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < timeout {
		timeout = time.Until(deadline)
	}
	_, err := awsclient.RetryWhen(ctx, timeout, maxBackoff, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, del(ctx)
	}, func(err error) bool { return awsclient.HasErrorCode(err, errCodeDependency) })
	return err
}

// waitVPCAvailable polls until the new VPC is visible and available (EC2
// is eventually consistent right after CreateVpc).
func waitVPCAvailable(ctx context.Context, conn *awsec2.Client, id string) error {
	deadline := time.Now().Add(5 * time.Minute)
	for {
		vpc, err := FindVPCByID(ctx, conn, id)
		switch {
		case err == nil && vpc.State == ec2types.VpcStateAvailable:
			return nil
		case err != nil && !awsclient.IsNotFound(err):
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("VPC %s not available after 5 minutes (state %q)", id, stateOf(vpc))
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for VPC %s: %w", id, ctx.Err())
		case <-time.After(pollInterval):
		}
	}
}

func stateOf(vpc *ec2types.Vpc) string {
	if vpc == nil {
		return "not visible yet"
	}
	return string(vpc.State)
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

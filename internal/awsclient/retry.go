package awsclient

import (
	"context"
	"fmt"
	"time"
)

// RetryOnCodes calls fn until it succeeds, fails with an error code not in
// codes, or timeout passes. It covers AWS eventual consistency right after a
// create (a new KMS key or bucket not yet visible to the next call), which
// the SDK's retryer does not treat as retryable.
func RetryOnCodes(ctx context.Context, timeout time.Duration, codes []string, fn func(context.Context) error) error {
	deadline := time.Now().Add(timeout)
	delay := 500 * time.Millisecond
	for {
		err := fn(ctx)
		if err == nil || !HasErrorCode(err, codes...) {
			return err
		}
		if time.Now().Add(delay).After(deadline) {
			return fmt.Errorf("still failing after %s: %w", timeout, err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w (last error: %w)", ctx.Err(), err)
		case <-time.After(delay):
		}
		delay = min(delay*2, 10*time.Second)
	}
}

package awsclient

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// firstRetryDelay is the pause after the first failed attempt; later pauses
// double up to the caller's maximum.
const firstRetryDelay = 500 * time.Millisecond

// RetryOnCodes calls fn until it succeeds, fails with an error code not in
// codes, or timeout passes. It covers AWS eventual consistency right after a
// create (a new KMS key or bucket not yet visible to the next call), which
// the SDK's retryer does not treat as retryable.
func RetryOnCodes(ctx context.Context, timeout time.Duration, codes []string, fn func(context.Context) error) error {
	_, stop, err := retryLoop(ctx, timeout, backoff{first: firstRetryDelay, ceiling: 10 * time.Second},
		func(ctx context.Context) (struct{}, error) { return struct{}{}, fn(ctx) },
		func(err error) bool { return HasErrorCode(err, codes...) })
	switch stop {
	case retryTimedOut:
		return fmt.Errorf("still failing after %s: %w", timeout, err)
	case retryCancelled:
		return fmt.Errorf("%w (last error: %w)", ctx.Err(), err)
	}
	return err
}

// RetryWhen calls op until it succeeds, fails with an error retryable does
// not accept, or timeout passes; the delay between calls doubles up to
// maxDelay. When it gives up it returns op's last result and error as they
// are (callers wrap them with what they were doing); when ctx ends while it
// waits, the error joins op's last error and ctx.Err().
func RetryWhen[T any](ctx context.Context, timeout, maxDelay time.Duration, op func(context.Context) (T, error), retryable func(error) bool) (T, error) {
	v, stop, err := retryLoop(ctx, timeout, backoff{first: firstRetryDelay, ceiling: maxDelay}, op, retryable)
	if stop == retryCancelled {
		return v, errors.Join(err, ctx.Err())
	}
	return v, err
}

type backoff struct{ first, ceiling time.Duration }

// retryStop says why retryLoop returned, so that each public wrapper can
// phrase a timeout or a cancellation its own way.
type retryStop int

const (
	retryFinished  retryStop = iota // op succeeded or failed with a non-retryable error
	retryTimedOut                   // the next pause would pass the timeout
	retryCancelled                  // ctx ended during a pause
)

// retryLoop is the one retry loop behind RetryOnCodes and RetryWhen.
func retryLoop[T any](ctx context.Context, timeout time.Duration, b backoff, op func(context.Context) (T, error), retryable func(error) bool) (T, retryStop, error) {
	deadline := time.Now().Add(timeout)
	delay := b.first
	for {
		v, err := op(ctx)
		if err == nil || !retryable(err) {
			return v, retryFinished, err
		}
		if time.Now().Add(delay).After(deadline) {
			return v, retryTimedOut, err
		}
		select {
		case <-ctx.Done():
			return v, retryCancelled, err
		case <-time.After(delay):
		}
		delay = min(delay*2, b.ceiling)
	}
}

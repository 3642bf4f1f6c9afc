package awsclient

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go"
)

// failing returns an op that fails with errs in turn and then succeeds
// with "done", counting its calls; cancelOn > 0 cancels the context during
// that call, as a Terraform interrupt would while the op is in flight.
func failing(calls *int, cancel context.CancelFunc, cancelOn int, errs ...error) func(context.Context) (string, error) {
	return func(context.Context) (string, error) {
		*calls++
		if *calls == cancelOn {
			cancel()
		}
		if *calls <= len(errs) {
			return "", errs[*calls-1]
		}
		return "done", nil
	}
}

func apiError(code string) error {
	return &smithy.GenericAPIError{Code: code, Message: "test " + code}
}

func TestRetryLoop(t *testing.T) {
	busy, fatal := apiError("Busy"), apiError("AccessDenied")
	retryable := func(err error) bool { return HasErrorCode(err, "Busy") }
	fast := backoff{first: time.Millisecond, ceiling: 2 * time.Millisecond}
	tests := []struct {
		name      string
		timeout   time.Duration
		errs      []error
		cancelOn  int
		wantValue string
		wantStop  retryStop
		wantErr   error
		wantCalls int
	}{
		{name: "first call succeeds", timeout: time.Hour, wantValue: "done", wantStop: retryFinished, wantCalls: 1},
		{name: "retryable errors then success", timeout: time.Hour, errs: []error{busy, busy, busy}, wantValue: "done", wantStop: retryFinished, wantCalls: 4},
		{name: "non-retryable error stops at once", timeout: time.Hour, errs: []error{busy, fatal, busy}, wantStop: retryFinished, wantErr: fatal, wantCalls: 2},
		{name: "no time for another pause", timeout: 0, errs: []error{busy, busy}, wantStop: retryTimedOut, wantErr: busy, wantCalls: 1},
		{name: "context ends while failing", timeout: 2 * time.Hour, errs: []error{busy, busy}, cancelOn: 1, wantStop: retryCancelled, wantErr: busy, wantCalls: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			calls := 0
			b := fast
			if tt.cancelOn > 0 {
				// A pause this long can only end through the context.
				b = backoff{first: time.Hour, ceiling: time.Hour}
			}
			v, stop, err := retryLoop(ctx, tt.timeout, b, failing(&calls, cancel, tt.cancelOn, tt.errs...), retryable)
			if v != tt.wantValue || stop != tt.wantStop || !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) || calls != tt.wantCalls {
				t.Errorf("retryLoop = %q, stop %d, %v after %d calls; want %q, stop %d, %v after %d calls",
					v, stop, err, calls, tt.wantValue, tt.wantStop, tt.wantErr, tt.wantCalls)
			}
		})
	}
}

func TestRetryWhen(t *testing.T) {
	busy := apiError("Busy")
	retryable := func(err error) bool { return HasErrorCode(err, "Busy") }

	calls := 0
	v, err := RetryWhen(context.Background(), time.Minute, time.Second, failing(&calls, nil, 0, busy), retryable)
	if v != "done" || err != nil || calls != 2 {
		t.Errorf("after one retryable error: %q, %v, %d calls; want done, nil, 2 calls", v, err, calls)
	}

	// Giving up returns the op's own error, unwrapped: callers add context.
	calls = 0
	_, err = RetryWhen(context.Background(), 0, time.Second, failing(&calls, nil, 0, busy, busy), retryable)
	if !errors.Is(err, busy) || err.Error() != busy.Error() || calls != 1 {
		t.Errorf("timed out: %v after %d calls; want the op's error after 1 call", err, calls)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls = 0
	_, err = RetryWhen(ctx, time.Hour, time.Hour, failing(&calls, cancel, 1, busy, busy), retryable)
	if !errors.Is(err, busy) || !errors.Is(err, context.Canceled) || calls != 1 {
		t.Errorf("cancelled: %v after %d calls; want the op's error joined with context.Canceled after 1 call", err, calls)
	}
}

func TestRetryOnCodes(t *testing.T) {
	busy, fatal := apiError("Busy"), apiError("AccessDenied")
	op := func(calls *int, cancel context.CancelFunc, cancelOn int, errs ...error) func(context.Context) error {
		f := failing(calls, cancel, cancelOn, errs...)
		return func(ctx context.Context) error { _, err := f(ctx); return err }
	}

	calls := 0
	if err := RetryOnCodes(context.Background(), time.Minute, []string{"Busy"}, op(&calls, nil, 0, busy)); err != nil || calls != 2 {
		t.Errorf("after one listed code: %v after %d calls; want success after 2 calls", err, calls)
	}

	calls = 0
	if err := RetryOnCodes(context.Background(), time.Minute, []string{"Busy"}, op(&calls, nil, 0, fatal)); !errors.Is(err, fatal) || err.Error() != fatal.Error() || calls != 1 {
		t.Errorf("unlisted code: %v after %d calls; want the op's error after 1 call", err, calls)
	}

	calls = 0
	err := RetryOnCodes(context.Background(), 0, []string{"Busy"}, op(&calls, nil, 0, busy, busy))
	if !errors.Is(err, busy) || !strings.HasPrefix(err.Error(), "still failing after 0s: ") || calls != 1 {
		t.Errorf("timed out: %v after %d calls; want \"still failing after 0s: …\" wrapping the op's error after 1 call", err, calls)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls = 0
	err = RetryOnCodes(ctx, time.Hour, []string{"Busy"}, op(&calls, cancel, 1, busy, busy))
	if !errors.Is(err, busy) || !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "(last error: ") || calls != 1 {
		t.Errorf("cancelled: %v after %d calls; want context.Canceled with the last error after 1 call", err, calls)
	}
}

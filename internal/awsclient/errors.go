package awsclient

import (
	"errors"
	"fmt"
	"slices"

	"github.com/aws/smithy-go"
)

// NotFoundError is returned by finders when the remote object does not exist
// (or is on its way out, such as a KMS key pending deletion). Read removes the
// resource from state and Delete treats it as success.
type NotFoundError struct {
	// What names the object, e.g. `KMS key "1234abcd-…"`.
	What string
	// Cause is the API error that proved absence, if any.
	Cause error
}

func (e *NotFoundError) Error() string {
	if e.Cause != nil {
		return fmt.Sprintf("%s not found: %v", e.What, e.Cause)
	}
	return e.What + " not found"
}

func (e *NotFoundError) Unwrap() error { return e.Cause }

// NewNotFound wraps cause (may be nil) in a NotFoundError.
func NewNotFound(what string, cause error) error {
	return &NotFoundError{What: what, Cause: cause}
}

// IsNotFound reports whether err (or anything it wraps) is a NotFoundError.
func IsNotFound(err error) bool {
	var nf *NotFoundError
	return errors.As(err, &nf)
}

// ErrorCode returns the AWS error code carried by err, or "".
func ErrorCode(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return ""
}

// HasErrorCode reports whether err carries one of the given AWS error codes.
func HasErrorCode(err error, codes ...string) bool {
	code := ErrorCode(err)
	return code != "" && slices.Contains(codes, code)
}

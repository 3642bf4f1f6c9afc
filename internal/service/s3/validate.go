package s3

import (
	"fmt"
	"net"
	"regexp"
	"strings"

	"github.com/commshield/terraform-provider-commshield/internal/fwvalidators"
)

var (
	bucketNamePattern   = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$`)
	kmsKeyARNPattern    = regexp.MustCompile(`^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key/[a-zA-Z0-9-]+$`)
	accountIDPattern    = regexp.MustCompile(`^\d{12}$`)
	orgIDPattern        = regexp.MustCompile(`^o-[a-z0-9]{10,32}$`)
	principalARNPattern = regexp.MustCompile(`^arn:aws[a-z-]*:iam::\d{12}:(root|user/[\w+=,.@/-]+|role/[\w+=,.@/-]+)$`)
)

// validateBucketName applies S3's naming rules, minus dots: a dotted name
// breaks TLS certificate matching for virtual-hosted requests, and a log
// archive must be reachable over TLS only.
func validateBucketName(name string) error {
	switch {
	case strings.Contains(name, "."):
		return fmt.Errorf("%q contains dots; dotted bucket names break TLS certificate validation for virtual-hosted requests, use hyphens", name)
	case !bucketNamePattern.MatchString(name):
		return fmt.Errorf("%q is not a valid bucket name: 3-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit", name)
	case strings.HasPrefix(name, "xn--"), strings.HasPrefix(name, "sthree-"):
		return fmt.Errorf("%q uses a prefix S3 reserves (xn--, sthree-)", name)
	case strings.HasSuffix(name, "-s3alias"), strings.HasSuffix(name, "--ol-s3"), strings.HasSuffix(name, "--x-s3"):
		return fmt.Errorf("%q uses a suffix S3 reserves (-s3alias, --ol-s3, --x-s3)", name)
	case net.ParseIP(name) != nil:
		return fmt.Errorf("%q is formatted as an IP address, which S3 refuses", name)
	}
	return nil
}

func validateKMSKeyARN(arn string) error {
	if !kmsKeyARNPattern.MatchString(arn) {
		return fmt.Errorf("%q is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key-id>); aliases and key IDs are not accepted because the bucket policy and encryption settings must name the exact key", arn)
	}
	return nil
}

func validateAccountID(id string) error {
	if !accountIDPattern.MatchString(id) {
		return fmt.Errorf("%q is not a 12-digit AWS account ID", id)
	}
	return nil
}

func validateOrganizationID(id string) error {
	if !orgIDPattern.MatchString(id) {
		return fmt.Errorf("%q is not an AWS Organizations ID (o- followed by 10-32 lowercase letters or digits)", id)
	}
	return nil
}

func validateBreakGlassARN(arn string) error {
	if !principalARNPattern.MatchString(arn) {
		return fmt.Errorf("%q is not an IAM role, user or account-root ARN; wildcards are not allowed for break-glass principals", arn)
	}
	return nil
}

// Storage classes a log archive may transition to. ONEZONE_IA is left out on
// purpose: audit logs should survive the loss of an Availability Zone.
var transitionStorageClasses = []string{"DEEP_ARCHIVE", "GLACIER", "GLACIER_IR", "INTELLIGENT_TIERING", "STANDARD_IA"}

// lifecycleRule is the part of the configuration lifecycle checks need.
type lifecycleRule struct {
	RetentionDays  int64
	ExpirationDays *int64 // nil: objects never expire
	Transitions    []transition
}

type transition struct {
	Days         int64
	StorageClass string
}

// validateLifecycle returns one message per problem: an expiry shorter than
// the Object Lock retention (logs would be scheduled for deletion while still
// locked, so the lifecycle silently does nothing and the intent is wrong), a
// transition at or after expiry, or a class's minimum age not respected.
func validateLifecycle(r lifecycleRule) []string {
	var problems []string
	if r.ExpirationDays != nil && *r.ExpirationDays < r.RetentionDays {
		problems = append(problems, fmt.Sprintf(
			"expiration_days = %d is shorter than object_lock_retention_days = %d: logs must be kept at least as long as they are locked. Raise expiration_days to %d or more, or lower the retention.",
			*r.ExpirationDays, r.RetentionDays, r.RetentionDays))
	}
	seen := map[string]bool{}
	for i, t := range r.Transitions {
		if seen[t.StorageClass] {
			problems = append(problems, fmt.Sprintf("lifecycle_transitions[%d]: storage class %s appears twice", i, t.StorageClass))
		}
		seen[t.StorageClass] = true
		if r.ExpirationDays != nil && t.Days >= *r.ExpirationDays {
			problems = append(problems, fmt.Sprintf("lifecycle_transitions[%d]: transition to %s after %d days is not before expiration_days = %d", i, t.StorageClass, t.Days, *r.ExpirationDays))
		}
		if t.StorageClass == "STANDARD_IA" && t.Days < 30 {
			problems = append(problems, fmt.Sprintf("lifecycle_transitions[%d]: S3 requires at least 30 days before a transition to STANDARD_IA (got %d)", i, t.Days))
		}
	}
	return problems
}

var (
	bucketNameValidator  = fwvalidators.StringFunc("Invalid bucket name", "must be a valid S3 bucket name without dots", validateBucketName)
	kmsKeyARNValidator   = fwvalidators.StringFunc("Invalid KMS key ARN", "must be a KMS key ARN", validateKMSKeyARN)
	accountIDValidator   = fwvalidators.StringFunc("Invalid account ID", "must be a 12-digit account ID", validateAccountID)
	orgIDValidator       = fwvalidators.StringFunc("Invalid organization ID", "must be an AWS Organizations ID", validateOrganizationID)
	breakGlassValidator  = fwvalidators.StringFunc("Invalid break-glass principal", "must be an IAM role, user or root ARN", validateBreakGlassARN)
	deliveryServiceValid = fwvalidators.StringFunc("Unsupported log-delivery service", "must be a supported log-delivery service principal", validateDeliveryService)
	accessLogBucketValid = fwvalidators.StringFunc("Invalid access-log bucket name", "must be a valid S3 bucket name", validateBucketName)
)

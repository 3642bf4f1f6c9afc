package events

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/commshield/terraform-provider-commshield/internal/fwvalidators"
)

// MaxNameLength keeps "<name>-<longest category>" within EventBridge's 64
// characters for a rule name.
const MaxNameLength = 64 - 1 - len("cloudtrail_config")

var (
	namePattern      = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)
	kmsKeyARNPattern = regexp.MustCompile(`^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key/[0-9a-zA-Z-]+|alias/[a-zA-Z0-9/_-]+)$`)
	emailPattern     = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

func validateName(name string) error {
	if len(name) > MaxNameLength {
		return fmt.Errorf("%q is %d characters; at most %d, so every rule name (<name>-<category>) fits EventBridge's 64", name, len(name), MaxNameLength)
	}
	if !namePattern.MatchString(name) {
		return fmt.Errorf("%q: use only letters, digits, '.', '_' and '-' (the name prefixes EventBridge rules and the SNS topic)", name)
	}
	return nil
}

func validateKMSKeyARN(arn string) error {
	if !kmsKeyARNPattern.MatchString(arn) {
		return fmt.Errorf("%q is not a KMS key or alias ARN (arn:aws:kms:<region>:<account>:key/<id>); use commshield_kms_key's arn", arn)
	}
	if strings.HasSuffix(arn, ":alias/aws/sns") {
		return fmt.Errorf("%q is the AWS-managed SNS key, whose policy cannot grant EventBridge: alerts would never arrive. Use a customer-managed key", arn)
	}
	return nil
}

func validateCategory(name string) error {
	if _, ok := findCategory(name); !ok {
		return fmt.Errorf("%q is not a change-alert category; choose from %s", name, strings.Join(CategoryNames(), ", "))
	}
	return nil
}

func validateEmail(addr string) error {
	if !emailPattern.MatchString(addr) {
		return fmt.Errorf("%q is not an email address", addr)
	}
	return nil
}

// validateHTTPSEndpoint refuses plain http: alerts name the resources and
// principals involved and must not cross networks in clear text.
func validateHTTPSEndpoint(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("%q is not a URL (https://host/path)", raw)
	}
	if u.Scheme != "https" {
		return fmt.Errorf("%q uses %s; only https endpoints are allowed (alerts must not travel in clear text)", raw, u.Scheme)
	}
	return nil
}

var (
	nameValidator     = fwvalidators.StringFunc("Invalid name", fmt.Sprintf("letters, digits, . _ -, at most %d characters", MaxNameLength), validateName)
	kmsKeyValidator   = fwvalidators.StringFunc("Invalid KMS key ARN", "a customer-managed KMS key ARN", validateKMSKeyARN)
	categoryValidator = fwvalidators.StringFunc("Unknown category", "a change-alert category name", validateCategory)
	emailValidator    = fwvalidators.StringFunc("Invalid email address", "an email address", validateEmail)
	httpsValidator    = fwvalidators.StringFunc("Endpoint not allowed", "an https:// URL", validateHTTPSEndpoint)
)

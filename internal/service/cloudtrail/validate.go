package cloudtrail

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

const (
	// minimumLogRetentionDays is the floor the CISA/NSA guidance's logging
	// controls imply for audit logs kept online; shorter retention is refused.
	minimumLogRetentionDays = 90
	defaultLogRetentionDays = 365
)

// cloudWatchRetentionValues are the only retention periods CloudWatch Logs
// accepts (PutRetentionPolicy rejects anything else).
var cloudWatchRetentionValues = []int64{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

var (
	// kmsKeyARNPattern accepts a key ARN (single- or multi-Region), not an
	// alias: CloudTrail and CloudWatch Logs report the key ARN back, so an
	// alias in configuration would show a permanent diff.
	kmsKeyARNPattern = regexp.MustCompile(`^arn:aws(-[a-z]+)*:kms:[a-z0-9-]+:[0-9]{12}:key/(mrk-)?[0-9a-fA-F-]+$`)
	trailNamePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$`)
	bucketPattern    = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	// logGroupNameRegexp is CloudWatch Logs' character set for group names.
	logGroupNameRegexp = regexp.MustCompile(`^[.\-_/#A-Za-z0-9]+$`)
)

func validateKMSKeyARN(v string) error {
	if strings.Contains(v, ":alias/") || strings.HasPrefix(v, "alias/") {
		return fmt.Errorf("%q is a KMS alias; give the key ARN (arn:aws:kms:<region>:<account>:key/<key-id>), which CloudTrail and CloudWatch Logs report back, so that no permanent diff appears", v)
	}
	if !kmsKeyARNPattern.MatchString(v) {
		return fmt.Errorf("%q is not a KMS key ARN; expected arn:aws:kms:<region>:<account>:key/<key-id> (for example commshield_kms_key.<name>.arn)", v)
	}
	return nil
}

func validateTrailName(v string) error {
	if !trailNamePattern.MatchString(v) {
		return fmt.Errorf("%q is not a valid trail name: use 3-128 letters, digits, '.', '_' or '-', starting and ending with a letter or digit", v)
	}
	for _, bad := range []string{"..", "._", "_.", "-.", ".-", "--", "_-", "-_"} {
		if strings.Contains(v, bad) {
			return fmt.Errorf("%q is not a valid trail name: CloudTrail rejects adjacent punctuation such as %q", v, bad)
		}
	}
	return nil
}

func validateBucketName(v string) error {
	if !bucketPattern.MatchString(v) || strings.Contains(v, "..") {
		return fmt.Errorf("%q is not an S3 bucket name: give the log archive bucket's name (3-63 lowercase letters, digits, '.', '-'), not its ARN", v)
	}
	return nil
}

func validateLogRetention(days int64) error {
	if days < minimumLogRetentionDays {
		return fmt.Errorf("retention of %d days is below the %d-day minimum for audit logs; use %d (the default) or longer", days, minimumLogRetentionDays, defaultLogRetentionDays)
	}
	if !slices.Contains(cloudWatchRetentionValues, days) {
		return fmt.Errorf("CloudWatch Logs does not accept a retention of %d days; allowed values of at least %d are %s", days, minimumLogRetentionDays, allowedRetentionList())
	}
	return nil
}

func allowedRetentionList() string {
	var parts []string
	for _, v := range cloudWatchRetentionValues {
		if v >= minimumLogRetentionDays {
			parts = append(parts, fmt.Sprint(v))
		}
	}
	return strings.Join(parts, ", ")
}

// stringCheck adapts a func(string) error to a framework validator, so the
// same checks run at plan time and in unit tests.
type stringCheck struct {
	description string
	check       func(string) error
}

func (v stringCheck) Description(context.Context) string         { return v.description }
func (v stringCheck) MarkdownDescription(context.Context) string { return v.description }

func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+v.description, err.Error())
	}
}

type int64Check struct {
	description string
	check       func(int64) error
}

func (v int64Check) Description(context.Context) string         { return v.description }
func (v int64Check) MarkdownDescription(context.Context) string { return v.description }

func (v int64Check) ValidateInt64(_ context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.check(req.ConfigValue.ValueInt64()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+v.description, err.Error())
	}
}

// allowedSelectorFields are the advanced-selector fields CloudTrail accepts
// for data events.
var allowedSelectorFields = []string{
	"eventCategory", "eventSource", "eventName", "eventType", "readOnly", "resources.type",
	"resources.ARN", "errorCode", "sessionCredentialFromConsole", "userIdentity.arn", "vpcEndpointId",
}

// maxCustomSelectors leaves room for the management selector within
// CloudTrail's limit of five advanced event selectors per trail.
const maxCustomSelectors = 4

// validateCustomSelectors checks user advanced selectors. Management events
// are the resource's job (always read and write), so a selector may only
// select data events, and must say which resource type.
func validateCustomSelectors(selectors []eventSelector) []error {
	var errs []error
	if len(selectors) > maxCustomSelectors {
		errs = append(errs, fmt.Errorf("%d advanced event selectors given; CloudTrail allows 5 per trail and the resource uses one for management events, so at most %d", len(selectors), maxCustomSelectors))
	}
	for i, s := range selectors {
		category, rest := splitField(s.FieldSelectors, fieldEventCategory)
		if category == nil || !slices.Equal(category.Equals, []string{categoryData}) {
			errs = append(errs, fmt.Errorf("advanced_event_selectors[%d]: needs a field selector `eventCategory` with equals = [\"Data\"]; management events are always logged by the resource and must not be selected here", i))
		}
		if typ, _ := splitField(rest, fieldResourcesType); typ == nil || len(typ.Equals) == 0 {
			errs = append(errs, fmt.Errorf("advanced_event_selectors[%d]: needs a field selector `resources.type` with equals = [<type>] (for example AWS::S3::Object)", i))
		}
		for j, f := range s.FieldSelectors {
			if !slices.Contains(allowedSelectorFields, f.Field) {
				errs = append(errs, fmt.Errorf("advanced_event_selectors[%d].field_selectors[%d]: unknown field %q; CloudTrail accepts %s", i, j, f.Field, strings.Join(allowedSelectorFields, ", ")))
			}
			if len(f.Equals)+len(f.StartsWith)+len(f.EndsWith)+len(f.NotEquals)+len(f.NotStartsWith)+len(f.NotEndsWith) == 0 {
				errs = append(errs, fmt.Errorf("advanced_event_selectors[%d].field_selectors[%d]: field %q has no condition; set equals, starts_with, ends_with or one of their not_ forms", i, j, f.Field))
			}
		}
	}
	return errs
}

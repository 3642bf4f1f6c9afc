package posture

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	cfgsvc "github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	gdtypes "github.com/aws/aws-sdk-go-v2/service/guardduty/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"

	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
	"github.com/commshield/terraform-provider-commshield/internal/rules"
)

// Status is the verdict of one posture check.
type Status string

const (
	Compliant    Status = "compliant"
	NonCompliant Status = "non_compliant"
	Unknown      Status = "unknown"
)

// worse orders statuses for per-control aggregation: one non-compliant
// check makes the control non-compliant; otherwise one unknown check makes
// it unknown.
func worse(a, b Status) Status {
	rank := map[Status]int{Compliant: 0, Unknown: 1, NonCompliant: 2}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

// Result is what one check found.
type Result struct {
	Status   Status
	Evidence []string
}

func result(s Status, evidence ...string) Result { return Result{Status: s, Evidence: evidence} }

// Options are the data source's tunables.
type Options struct {
	AccessKeyMaxAgeDays int
	Now                 time.Time
}

// Check is one posture check. When RuleID names a `check` rule, the check
// judges the live account the way that rule judges a plan, and reports the
// rule's controls, severity and AWS equivalents; otherwise (no plan-level
// rule exists, e.g. root access keys) it carries its own.
type Check struct {
	ID     string
	Title  string
	RuleID string
	// Used only when RuleID is empty.
	Controls            []string
	Severity            rules.Severity
	AWSConfigRules      []string
	SecurityHubControls []string
	// Run returns an error only for failures that make the whole read
	// meaningless (broken credentials); every other API failure is an
	// Unknown result with the error as evidence.
	Run func(ctx context.Context, c *awsclient.Client, rule *rules.Rule, opts Options) (Result, error)
}

// Checks lists the posture checks in report order. An immutable table in
// a function, so callers cannot change what others see.
func Checks() []Check {
	return []Check{
		{ID: "cloudtrail_multi_region_logging", Title: "A multi-region CloudTrail trail is logging all management events", RuleID: "LOG-R04", Run: checkCloudTrail},
		{ID: "vpc_flow_logs", Title: "Every VPC has an active flow log recording all traffic", RuleID: "LOG-R01", Run: checkFlowLogs},
		{ID: "guardduty_enabled", Title: "GuardDuty is enabled with its protection plans", RuleID: "LOG-R27", Run: checkGuardDuty},
		{ID: "securityhub_standards", Title: "Security Hub is enabled with the required standards", RuleID: "LOG-R28", Run: checkSecurityHub},
		{ID: "config_recorder", Title: "AWS Config records every supported resource type", RuleID: "LOG-R29", Run: checkConfigRecorder},
		{ID: "password_policy", Title: "Account password policy is strong", RuleID: "IAM-R01", Run: checkPasswordPolicy},
		{ID: "ebs_default_encryption", Title: "EBS encryption by default is on", RuleID: "CRY-R22", Run: checkEBSDefaultEncryption},
		{
			ID: "s3_account_public_access_block", Title: "The account-level S3 public access block is complete",
			Controls: []string{"NET-02"}, Severity: rules.SeverityHigh,
			AWSConfigRules: []string{"s3-account-level-public-access-blocks-periodic"}, SecurityHubControls: []string{"S3.1"},
			Run: checkAccountPublicAccessBlock,
		},
		{
			ID: "root_access_keys", Title: "The root user has no access keys",
			Controls: []string{"IAM-06", "IAM-11"}, Severity: rules.SeverityCritical,
			AWSConfigRules: []string{"iam-root-access-key-check"}, SecurityHubControls: []string{"IAM.4"},
			Run: checkRootAccessKeys,
		},
		{
			ID: "root_mfa", Title: "The root user has MFA",
			Controls: []string{"IAM-05", "IAM-06"}, Severity: rules.SeverityCritical,
			AWSConfigRules: []string{"root-account-mfa-enabled"}, SecurityHubControls: []string{"IAM.9"},
			Run: checkRootMFA,
		},
		{ID: "console_users_mfa", Title: "Every IAM user with a console password has MFA", RuleID: "IAM-R06", Run: checkConsoleUsersMFA},
		{ID: "access_key_age", Title: "No active access key is older than the maximum age", RuleID: "IAM-R09", Run: checkAccessKeyAge},
	}
}

// credentialErrorCodes mean the credentials themselves are broken: every
// other check would fail the same way, so the read fails instead of
// reporting a wall of unknowns.
var credentialErrorCodes = []string{
	"ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "UnrecognizedClientException",
	"InvalidAccessKeyId", "SignatureDoesNotMatch", "IncompleteSignature", "MissingAuthenticationToken", "AuthFailure",
}

// CredentialError marks a check failure caused by broken credentials.
type CredentialError struct {
	Operation string
	Err       error
}

func (e *CredentialError) Error() string {
	return fmt.Sprintf("%s: the AWS credentials were rejected: %v", e.Operation, e.Err)
}
func (e *CredentialError) Unwrap() error { return e.Err }

// apiFailure turns an API error into an Unknown result, or a
// CredentialError when the credentials are at fault.
func apiFailure(op string, err error) (Result, error) {
	if awsclient.HasErrorCode(err, credentialErrorCodes...) {
		return Result{}, &CredentialError{Operation: op, Err: err}
	}
	return result(Unknown, fmt.Sprintf("%s failed, so this could not be judged: %v", op, err)), nil
}

func paramInt(rule *rules.Rule, name string, fallback int) int {
	for _, p := range rule.Params {
		if p.Name == name {
			if n, ok := p.Default.(int); ok {
				return n
			}
		}
	}
	return fallback
}

func paramStrings(rule *rules.Rule, name string) []string {
	for _, p := range rule.Params {
		if p.Name == name {
			if s, ok := p.Default.([]string); ok {
				return s
			}
		}
	}
	return nil
}

func paramBool(rule *rules.Rule, name string, fallback bool) bool {
	for _, p := range rule.Params {
		if p.Name == name {
			if b, ok := p.Default.(bool); ok {
				return b
			}
		}
	}
	return fallback
}

func checkCloudTrail(ctx context.Context, c *awsclient.Client, _ *rules.Rule, _ Options) (Result, error) {
	out, err := c.CloudTrail().DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{IncludeShadowTrails: aws.Bool(true)})
	if err != nil {
		return apiFailure("cloudtrail:DescribeTrails", err)
	}
	var evidence []string
	var unknown bool
	for _, tr := range out.TrailList {
		name := aws.ToString(tr.Name)
		if !aws.ToBool(tr.IsMultiRegionTrail) {
			evidence = append(evidence, fmt.Sprintf("trail %s is single-region (home %s)", name, aws.ToString(tr.HomeRegion)))
			continue
		}
		// Shadow copies of trails from another home region answer only to
		// their ARN; home-region trails are asked by name (moto 5.2 fails
		// on ARNs, AWS accepts both).
		ref := name
		if aws.ToString(tr.HomeRegion) != c.Region {
			ref = aws.ToString(tr.TrailARN)
		}
		st, err := c.CloudTrail().GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String(ref)})
		if err != nil {
			res, fatal := apiFailure("cloudtrail:GetTrailStatus "+name, err)
			if fatal != nil {
				return res, fatal
			}
			unknown = true
			evidence = append(evidence, res.Evidence...)
			continue
		}
		if !aws.ToBool(st.IsLogging) {
			evidence = append(evidence, fmt.Sprintf("multi-region trail %s is not logging (stopped)", name))
			continue
		}
		if !aws.ToBool(tr.IncludeGlobalServiceEvents) {
			evidence = append(evidence, fmt.Sprintf("multi-region trail %s is logging but excludes global service events (IAM, STS sign-ins)", name))
			continue
		}
		sel, err := c.CloudTrail().GetEventSelectors(ctx, &cloudtrail.GetEventSelectorsInput{TrailName: aws.String(ref)})
		if err != nil {
			res, fatal := apiFailure("cloudtrail:GetEventSelectors "+name, err)
			if fatal != nil {
				return res, fatal
			}
			unknown = true
			evidence = append(evidence, res.Evidence...)
			continue
		}
		if !RecordsAllManagementEvents(sel.EventSelectors, sel.AdvancedEventSelectors) {
			evidence = append(evidence, fmt.Sprintf("multi-region trail %s is logging, but its event selectors drop read or write management events", name))
			continue
		}
		return result(Compliant, append(evidence, fmt.Sprintf("multi-region trail %s (home %s) is logging all management events", name, aws.ToString(tr.HomeRegion)))...), nil
	}
	if unknown {
		return result(Unknown, evidence...), nil
	}
	if len(out.TrailList) == 0 {
		evidence = append(evidence, "no CloudTrail trail is visible in "+c.Region)
	}
	return result(NonCompliant, evidence...), nil
}

// RecordsAllManagementEvents judges a trail's selectors as LOG-R04 judges
// a planned trail: no selectors (what moto returns for a trail created
// without any; AWS itself then reports its default of all management
// events), a basic selector with ReadWriteType All and management events,
// or an advanced selector on eventCategory Management without a readOnly
// filter.
func RecordsAllManagementEvents(basic []cttypes.EventSelector, advanced []cttypes.AdvancedEventSelector) bool {
	if len(basic) == 0 && len(advanced) == 0 {
		return true
	}
	for _, sel := range basic {
		if (sel.ReadWriteType == "" || sel.ReadWriteType == cttypes.ReadWriteTypeAll) && (sel.IncludeManagementEvents == nil || *sel.IncludeManagementEvents) {
			return true
		}
	}
	for _, sel := range advanced {
		management, readOnlyFiltered := false, false
		for _, fs := range sel.FieldSelectors {
			switch aws.ToString(fs.Field) {
			case "eventCategory":
				management = slices.ContainsFunc(fs.Equals, func(v string) bool { return strings.EqualFold(v, "Management") })
			case "readOnly":
				readOnlyFiltered = true
			}
		}
		if management && !readOnlyFiltered {
			return true
		}
	}
	return false
}

func checkFlowLogs(ctx context.Context, c *awsclient.Client, _ *rules.Rule, _ Options) (Result, error) {
	var vpcs []ec2types.Vpc
	vp := ec2.NewDescribeVpcsPaginator(c.EC2(), &ec2.DescribeVpcsInput{})
	for vp.HasMorePages() {
		page, err := vp.NextPage(ctx)
		if err != nil {
			return apiFailure("ec2:DescribeVpcs", err)
		}
		vpcs = append(vpcs, page.Vpcs...)
	}
	var logs []ec2types.FlowLog
	fp := ec2.NewDescribeFlowLogsPaginator(c.EC2(), &ec2.DescribeFlowLogsInput{})
	for fp.HasMorePages() {
		page, err := fp.NextPage(ctx)
		if err != nil {
			return apiFailure("ec2:DescribeFlowLogs", err)
		}
		logs = append(logs, page.FlowLogs...)
	}
	return JudgeFlowLogs(vpcs, logs), nil
}

// JudgeFlowLogs passes when every VPC has an active flow log of ALL traffic
// (LOG-R01: ACCEPT-only or REJECT-only logs miss half of the picture).
func JudgeFlowLogs(vpcs []ec2types.Vpc, logs []ec2types.FlowLog) Result {
	if len(vpcs) == 0 {
		return result(Compliant, "no VPC in this region")
	}
	byVPC := map[string][]ec2types.FlowLog{}
	for _, l := range logs {
		byVPC[aws.ToString(l.ResourceId)] = append(byVPC[aws.ToString(l.ResourceId)], l)
	}
	status := Compliant
	var evidence []string
	for _, v := range vpcs {
		id := aws.ToString(v.VpcId)
		var good string
		var partial []string
		for _, l := range byVPC[id] {
			active := l.FlowLogStatus == nil || aws.ToString(l.FlowLogStatus) == "ACTIVE"
			if l.TrafficType == ec2types.TrafficTypeAll && active {
				good = fmt.Sprintf("%s: flow log %s records ALL traffic to %s", id, aws.ToString(l.FlowLogId), l.LogDestinationType)
				break
			}
			partial = append(partial, fmt.Sprintf("%s (%s, %s)", aws.ToString(l.FlowLogId), l.TrafficType, aws.ToString(l.FlowLogStatus)))
		}
		switch {
		case good != "":
			evidence = append(evidence, good)
		case len(partial) > 0:
			status = NonCompliant
			evidence = append(evidence, fmt.Sprintf("%s: no active flow log of ALL traffic, only %s", id, strings.Join(partial, ", ")))
		default:
			status = NonCompliant
			evidence = append(evidence, id+": no flow log")
		}
	}
	return result(status, evidence...)
}

func checkGuardDuty(ctx context.Context, c *awsclient.Client, rule *rules.Rule, _ Options) (Result, error) {
	list, err := c.GuardDuty().ListDetectors(ctx, &guardduty.ListDetectorsInput{})
	if err != nil {
		return apiFailure("guardduty:ListDetectors", err)
	}
	if len(list.DetectorIds) == 0 {
		return result(NonCompliant, "no GuardDuty detector in "+c.Region), nil
	}
	required := paramStrings(rule, "guardduty_features")
	var evidence []string
	for _, id := range list.DetectorIds {
		d, err := c.GuardDuty().GetDetector(ctx, &guardduty.GetDetectorInput{DetectorId: aws.String(id)})
		if err != nil {
			return apiFailure("guardduty:GetDetector "+id, err)
		}
		if d.Status != gdtypes.DetectorStatusEnabled {
			evidence = append(evidence, fmt.Sprintf("detector %s is %s", id, d.Status))
			continue
		}
		enabled := map[string]bool{}
		for _, f := range d.Features {
			if f.Status == gdtypes.FeatureStatusEnabled {
				enabled[string(f.Name)] = true
			}
		}
		var missing []string
		for _, f := range required {
			if !enabled[f] {
				missing = append(missing, f)
			}
		}
		if len(missing) > 0 {
			evidence = append(evidence, fmt.Sprintf("detector %s is enabled but these protection plans are off: %s", id, strings.Join(missing, ", ")))
			continue
		}
		return result(Compliant, fmt.Sprintf("detector %s is enabled with %s; findings published every %s", id, strings.Join(required, ", "), d.FindingPublishingFrequency)), nil
	}
	return result(NonCompliant, evidence...), nil
}

func checkSecurityHub(ctx context.Context, c *awsclient.Client, rule *rules.Rule, _ Options) (Result, error) {
	hub, err := c.SecurityHub().DescribeHub(ctx, &securityhub.DescribeHubInput{})
	if err != nil {
		// Security Hub answers InvalidAccessException when the account is
		// not subscribed: a finding, not an inability to look.
		if awsclient.HasErrorCode(err, "InvalidAccessException", "ResourceNotFoundException") {
			return result(NonCompliant, "Security Hub is not enabled in "+c.Region+": "+awsclient.ErrorCode(err)), nil
		}
		return apiFailure("securityhub:DescribeHub", err)
	}
	var enabled []string
	p := securityhub.NewGetEnabledStandardsPaginator(c.SecurityHub(), &securityhub.GetEnabledStandardsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			res, fatal := apiFailure("securityhub:GetEnabledStandards", err)
			res.Evidence = append([]string{"Security Hub is enabled (" + aws.ToString(hub.HubArn) + ")"}, res.Evidence...)
			return res, fatal
		}
		for _, s := range page.StandardsSubscriptions {
			if s.StandardsStatus == "READY" || s.StandardsStatus == "PENDING" {
				enabled = append(enabled, aws.ToString(s.StandardsArn)+" ("+string(s.StandardsStatus)+")")
			}
		}
	}
	var missing []string
	for _, want := range paramStrings(rule, "securityhub_standards") {
		if !slices.ContainsFunc(enabled, func(arn string) bool { return strings.Contains(arn, "/"+want+"/") }) {
			missing = append(missing, want)
		}
	}
	evidence := []string{"Security Hub is enabled (" + aws.ToString(hub.HubArn) + ")"}
	for _, e := range enabled {
		evidence = append(evidence, "standard enabled: "+e)
	}
	if len(missing) > 0 {
		return result(NonCompliant, append(evidence, "required standards not enabled: "+strings.Join(missing, ", "))...), nil
	}
	return result(Compliant, evidence...), nil
}

func checkConfigRecorder(ctx context.Context, c *awsclient.Client, _ *rules.Rule, _ Options) (Result, error) {
	recs, err := c.ConfigService().DescribeConfigurationRecorders(ctx, &cfgsvc.DescribeConfigurationRecordersInput{})
	if err != nil {
		return apiFailure("config:DescribeConfigurationRecorders", err)
	}
	if len(recs.ConfigurationRecorders) == 0 {
		return result(NonCompliant, "no AWS Config configuration recorder in "+c.Region), nil
	}
	st, err := c.ConfigService().DescribeConfigurationRecorderStatus(ctx, &cfgsvc.DescribeConfigurationRecorderStatusInput{})
	if err != nil {
		return apiFailure("config:DescribeConfigurationRecorderStatus", err)
	}
	recording := map[string]bool{}
	for _, s := range st.ConfigurationRecordersStatus {
		recording[aws.ToString(s.Name)] = s.Recording
	}
	var evidence []string
	for _, r := range recs.ConfigurationRecorders {
		name := aws.ToString(r.Name)
		all := r.RecordingGroup == nil || r.RecordingGroup.AllSupported
		switch {
		case !recording[name]:
			evidence = append(evidence, fmt.Sprintf("recorder %s is not recording", name))
		case !all:
			evidence = append(evidence, fmt.Sprintf("recorder %s records only selected resource types", name))
		default:
			global := r.RecordingGroup != nil && r.RecordingGroup.IncludeGlobalResourceTypes
			return result(Compliant, fmt.Sprintf("recorder %s is recording all supported resource types (global types: %t)", name, global)), nil
		}
	}
	return result(NonCompliant, evidence...), nil
}

func checkPasswordPolicy(ctx context.Context, c *awsclient.Client, rule *rules.Rule, _ Options) (Result, error) {
	out, err := c.IAM().GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{})
	if err != nil {
		var nse *iamtypes.NoSuchEntityException
		if errors.As(err, &nse) {
			return result(NonCompliant, "no account password policy: IAM uses its default (8 characters, no reuse prevention, no expiry)"), nil
		}
		return apiFailure("iam:GetAccountPasswordPolicy", err)
	}
	return JudgePasswordPolicy(out.PasswordPolicy, rule), nil
}

// JudgePasswordPolicy applies IAM-R01's parameter defaults to a live policy.
func JudgePasswordPolicy(p *iamtypes.PasswordPolicy, rule *rules.Rule) Result {
	if p == nil {
		return result(NonCompliant, "no account password policy")
	}
	var fails []string
	if n, required := aws.ToInt32(p.MinimumPasswordLength), paramInt(rule, "min_password_length", 14); int(n) < required {
		fails = append(fails, fmt.Sprintf("minimum length is %d; at least %d is required", n, required))
	}
	if n, required := aws.ToInt32(p.PasswordReusePrevention), paramInt(rule, "password_reuse_prevention", 24); int(n) < required {
		fails = append(fails, fmt.Sprintf("reuse prevention remembers %d passwords; at least %d is required", n, required))
	}
	if maxAge := paramInt(rule, "max_password_age_days", 90); maxAge > 0 {
		if age := aws.ToInt32(p.MaxPasswordAge); age == 0 || int(age) > maxAge {
			fails = append(fails, fmt.Sprintf("passwords expire after %d days (0 = never); at most %d is required", age, maxAge))
		}
	}
	if paramBool(rule, "require_password_composition", true) {
		for name, on := range map[string]bool{
			"lowercase": p.RequireLowercaseCharacters, "uppercase": p.RequireUppercaseCharacters,
			"numbers": p.RequireNumbers, "symbols": p.RequireSymbols,
		} {
			if !on {
				fails = append(fails, "does not require "+name)
			}
		}
		slices.Sort(fails)
	}
	if len(fails) > 0 {
		return result(NonCompliant, fails...)
	}
	return result(Compliant, fmt.Sprintf("minimum length %d, reuse prevention %d, expiry %d days, all character classes required",
		aws.ToInt32(p.MinimumPasswordLength), aws.ToInt32(p.PasswordReusePrevention), aws.ToInt32(p.MaxPasswordAge)))
}

func checkEBSDefaultEncryption(ctx context.Context, c *awsclient.Client, _ *rules.Rule, _ Options) (Result, error) {
	out, err := c.EC2().GetEbsEncryptionByDefault(ctx, &ec2.GetEbsEncryptionByDefaultInput{})
	if err != nil {
		return apiFailure("ec2:GetEbsEncryptionByDefault", err)
	}
	if !aws.ToBool(out.EbsEncryptionByDefault) {
		return result(NonCompliant, "EBS encryption by default is off in "+c.Region), nil
	}
	evidence := []string{"EBS encryption by default is on in " + c.Region}
	key, err := c.EC2().GetEbsDefaultKmsKeyId(ctx, &ec2.GetEbsDefaultKmsKeyIdInput{})
	switch {
	case err != nil:
		res, fatal := apiFailure("ec2:GetEbsDefaultKmsKeyId", err)
		if fatal != nil {
			return res, fatal
		}
		// The switch itself was read; only the key is unknown.
		evidence = append(evidence, "default KMS key unknown: "+strings.Join(res.Evidence, "; "))
	case aws.ToString(key.KmsKeyId) == "" || strings.HasSuffix(aws.ToString(key.KmsKeyId), "alias/aws/ebs"):
		evidence = append(evidence, "default KMS key: the AWS managed key alias/aws/ebs (a customer managed key allows key policy control and audit)")
	default:
		evidence = append(evidence, "default KMS key: "+aws.ToString(key.KmsKeyId))
	}
	return result(Compliant, evidence...), nil
}

var publicAccessBlockFlags = []string{"BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"}

func checkAccountPublicAccessBlock(ctx context.Context, c *awsclient.Client, _ *rules.Rule, _ Options) (Result, error) {
	out, err := c.S3Control().GetPublicAccessBlock(ctx, &s3control.GetPublicAccessBlockInput{AccountId: aws.String(c.AccountID)})
	if err != nil {
		if awsclient.HasErrorCode(err, "NoSuchPublicAccessBlockConfiguration") {
			return result(NonCompliant, "no account-level S3 public access block is configured"), nil
		}
		return apiFailure("s3control:GetPublicAccessBlock", err)
	}
	cfg := out.PublicAccessBlockConfiguration
	if cfg == nil {
		return result(NonCompliant, "no account-level S3 public access block is configured"), nil
	}
	values := []bool{aws.ToBool(cfg.BlockPublicAcls), aws.ToBool(cfg.IgnorePublicAcls), aws.ToBool(cfg.BlockPublicPolicy), aws.ToBool(cfg.RestrictPublicBuckets)}
	var off []string
	for i, on := range values {
		if !on {
			off = append(off, publicAccessBlockFlags[i])
		}
	}
	if len(off) > 0 {
		return result(NonCompliant, "account-level S3 public access block leaves off: "+strings.Join(off, ", ")), nil
	}
	return result(Compliant, "account-level S3 public access block has all four settings on"), nil
}

func accountSummary(ctx context.Context, c *awsclient.Client) (map[string]int32, error) {
	out, err := c.IAM().GetAccountSummary(ctx, &iam.GetAccountSummaryInput{})
	if err != nil {
		return nil, err
	}
	return out.SummaryMap, nil
}

func checkRootAccessKeys(ctx context.Context, c *awsclient.Client, _ *rules.Rule, _ Options) (Result, error) {
	summary, err := accountSummary(ctx, c)
	if err != nil {
		return apiFailure("iam:GetAccountSummary", err)
	}
	n, ok := summary[string(iamtypes.SummaryKeyTypeAccountAccessKeysPresent)]
	switch {
	case !ok:
		return result(Unknown, "iam:GetAccountSummary did not report AccountAccessKeysPresent"), nil
	case n > 0:
		return result(NonCompliant, fmt.Sprintf("the root user has %d access key(s)", n)), nil
	}
	return result(Compliant, "the root user has no access keys"), nil
}

func checkRootMFA(ctx context.Context, c *awsclient.Client, _ *rules.Rule, _ Options) (Result, error) {
	summary, err := accountSummary(ctx, c)
	if err != nil {
		return apiFailure("iam:GetAccountSummary", err)
	}
	n, ok := summary[string(iamtypes.SummaryKeyTypeAccountMFAEnabled)]
	switch {
	case !ok:
		return result(Unknown, "iam:GetAccountSummary did not report AccountMFAEnabled"), nil
	case n == 0:
		return result(NonCompliant, "the root user has no MFA device"), nil
	}
	return result(Compliant, "the root user has an MFA device"), nil
}

func listUsers(ctx context.Context, c *awsclient.Client) ([]iamtypes.User, error) {
	var users []iamtypes.User
	p := iam.NewListUsersPaginator(c.IAM(), &iam.ListUsersInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		users = append(users, page.Users...)
	}
	return users, nil
}

func checkConsoleUsersMFA(ctx context.Context, c *awsclient.Client, _ *rules.Rule, _ Options) (Result, error) {
	users, err := listUsers(ctx, c)
	if err != nil {
		return apiFailure("iam:ListUsers", err)
	}
	var offenders []string
	console := 0
	for _, u := range users {
		name := aws.ToString(u.UserName)
		if _, err := c.IAM().GetLoginProfile(ctx, &iam.GetLoginProfileInput{UserName: u.UserName}); err != nil {
			var nse *iamtypes.NoSuchEntityException
			if errors.As(err, &nse) {
				continue // no console password
			}
			return apiFailure("iam:GetLoginProfile "+name, err)
		}
		console++
		mfa, err := c.IAM().ListMFADevices(ctx, &iam.ListMFADevicesInput{UserName: u.UserName})
		if err != nil {
			return apiFailure("iam:ListMFADevices "+name, err)
		}
		if len(mfa.MFADevices) == 0 {
			offenders = append(offenders, name)
		}
	}
	if len(offenders) > 0 {
		return result(NonCompliant, fmt.Sprintf("%d of %d console user(s) have no MFA device: %s", len(offenders), console, strings.Join(offenders, ", "))), nil
	}
	return result(Compliant, fmt.Sprintf("all %d console user(s) of %d IAM user(s) have an MFA device", console, len(users))), nil
}

func checkAccessKeyAge(ctx context.Context, c *awsclient.Client, _ *rules.Rule, opts Options) (Result, error) {
	users, err := listUsers(ctx, c)
	if err != nil {
		return apiFailure("iam:ListUsers", err)
	}
	limit := time.Duration(opts.AccessKeyMaxAgeDays) * 24 * time.Hour
	var offenders []string
	active := 0
	for _, u := range users {
		keys, err := c.IAM().ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: u.UserName})
		if err != nil {
			return apiFailure("iam:ListAccessKeys "+aws.ToString(u.UserName), err)
		}
		for _, k := range keys.AccessKeyMetadata {
			if k.Status != iamtypes.StatusTypeActive {
				continue
			}
			active++
			if age := opts.Now.Sub(aws.ToTime(k.CreateDate)); age > limit {
				offenders = append(offenders, fmt.Sprintf("%s key %s is %d days old", aws.ToString(u.UserName), aws.ToString(k.AccessKeyId), int(age.Hours()/24)))
			}
		}
	}
	if len(offenders) > 0 {
		return result(NonCompliant, append([]string{fmt.Sprintf("%d of %d active access key(s) are older than %d days", len(offenders), active, opts.AccessKeyMaxAgeDays)}, offenders...)...), nil
	}
	return result(Compliant, fmt.Sprintf("none of %d active access key(s) is older than %d days", active, opts.AccessKeyMaxAgeDays)), nil
}

package iam

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commshield/terraform-provider-commshield/internal/alerting"
	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
	"github.com/commshield/terraform-provider-commshield/internal/iampolicy"
	"github.com/commshield/terraform-provider-commshield/internal/tftags"
)

const snsTargetID = "commshield-break-glass-sns"

var (
	_ resource.Resource                   = (*breakGlassResource)(nil)
	_ resource.ResourceWithConfigure      = (*breakGlassResource)(nil)
	_ resource.ResourceWithImportState    = (*breakGlassResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*breakGlassResource)(nil)
	_ resource.ResourceWithValidateConfig = (*breakGlassResource)(nil)
)

// NewBreakGlassRoleResource is the commshield_break_glass_role constructor.
//
// Partial failure during create: the role is recorded in state as soon as
// CreateRole succeeds; if a later step (policies, topic, subscriptions,
// rule, target) fails, what exists is read back into state with the error,
// so Terraform marks the resource tainted and the next apply deletes every
// part (found by names derived from the role name) and creates them again.
// Nothing is orphaned.
func NewBreakGlassRoleResource() resource.Resource {
	return &breakGlassResource{}
}

type breakGlassResource struct {
	client *awsclient.Client
}

type breakGlassModel struct {
	ID                     types.String `tfsdk:"id"`
	Name                   types.String `tfsdk:"name"`
	Path                   types.String `tfsdk:"path"`
	Description            types.String `tfsdk:"description"`
	ARN                    types.String `tfsdk:"arn"`
	PrincipalARNs          types.Set    `tfsdk:"principal_arns"`
	AllowAccountRoot       types.Bool   `tfsdk:"allow_account_root"`
	MFAMaxAgeSeconds       types.Int64  `tfsdk:"mfa_max_age_seconds"`
	MaxSessionDuration     types.Int64  `tfsdk:"max_session_duration"`
	SourceIdentityPatterns types.Set    `tfsdk:"source_identity_patterns"`
	ManagedPolicyARNs      types.Set    `tfsdk:"managed_policy_arns"`
	TrustPolicy            types.String `tfsdk:"trust_policy"`
	KMSKeyARN              types.String `tfsdk:"kms_key_arn"`
	AlarmEmailAddresses    types.Set    `tfsdk:"alarm_email_addresses"`
	SNSTopicARN            types.String `tfsdk:"sns_topic_arn"`
	EventRuleARN           types.String `tfsdk:"event_rule_arn"`
	EventPattern           types.String `tfsdk:"event_pattern"`
	AlarmEnabled           types.Bool   `tfsdk:"alarm_enabled"`
	Tags                   types.Map    `tfsdk:"tags"`
	TagsAll                types.Map    `tfsdk:"tags_all"`
}

func (r *breakGlassResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_break_glass_role"
}

func (r *breakGlassResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	emptySet := types.SetValueMust(types.StringType, nil)
	resp.Schema = schema.Schema{
		MarkdownDescription: "An emergency-access (break-glass) IAM role: assumable only by named principals, only with MFA no older than " +
			"`mfa_max_age_seconds`, only while setting a source identity, for at most one hour; with an alarm on every use: an " +
			"EventBridge rule on CloudTrail's `AssumeRole` record for this role, publishing to a KMS-encrypted SNS topic with optional " +
			"email subscriptions.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The role name; import with it.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required: true,
				MarkdownDescription: fmt.Sprintf("Role name, at most %d characters (the alarm rule is `<name>-use-alarm` and the topic "+
					"`<name>-break-glass-alarm`). Changing it replaces the role, topic and rule.", maxRoleNameLength),
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:    []validator.String{roleNameValidator},
			},
			"path": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString("/"),
				MarkdownDescription: "IAM path of the role (default `/`). Changing it replaces the role.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{rolePathValidator},
			},
			"description": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(defaultRoleDesc),
				MarkdownDescription: "Role description (default `" + defaultRoleDesc + "`).",
			},
			"arn": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The role ARN, known at plan time.",
			},
			"principal_arns": schema.SetAttribute{
				Required:    true,
				ElementType: types.StringType,
				MarkdownDescription: "IAM role or user ARNs of the people allowed to break the glass, e.g. each responder's SSO role. " +
					"No wildcards; an account root (`arn:aws:iam::<account>:root`, which delegates to every IAM identity in that account) " +
					"only with `allow_account_root = true`.",
				Validators: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(principalARNValidator)},
			},
			"allow_account_root": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
				MarkdownDescription: "Allow account-root principals in `principal_arns`. Off by default: with it, any identity in that account that IAM allows `sts:AssumeRole` can use the role (still only with MFA).",
			},
			"mfa_max_age_seconds": schema.Int64Attribute{
				Optional: true,
				Computed: true,
				Default:  int64default.StaticInt64(defaultMFAAgeSeconds),
				MarkdownDescription: fmt.Sprintf("Maximum age of the caller's MFA authentication (`aws:MultiFactorAuthAge`), %d-%d seconds (default %d).",
					MinMFAAgeSeconds, MaxSessionSeconds, defaultMFAAgeSeconds),
				Validators: []validator.Int64{int64validator.Between(MinMFAAgeSeconds, MaxSessionSeconds)},
			},
			"max_session_duration": schema.Int64Attribute{
				Optional: true,
				Computed: true,
				Default:  int64default.StaticInt64(defaultSessionSeconds),
				MarkdownDescription: fmt.Sprintf("Maximum session length in seconds, %d (15 minutes) to %d (one hour; default). AWS would allow 12 hours; an emergency session should be short.",
					MinSessionSeconds, MaxSessionSeconds),
				Validators: []validator.Int64{int64validator.Between(MinSessionSeconds, MaxSessionSeconds)},
			},
			"source_identity_patterns": schema.SetAttribute{
				Optional:    true,
				Computed:    true,
				ElementType: types.StringType,
				Default:     setdefault.StaticValue(emptySet),
				MarkdownDescription: "Optional `StringLike` patterns the source identity must match, e.g. `${aws:username}` for IAM users or " +
					"`*@example.net`. A source identity is always required (`sts:SetSourceIdentity` is allowed and `sts:SourceIdentity` " +
					"must be present), so CloudTrail names the person in every action of the session, across role chaining.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(sourceIdentityValidator)},
			},
			"managed_policy_arns": schema.SetAttribute{
				Optional:            true,
				Computed:            true,
				ElementType:         types.StringType,
				Default:             setdefault.StaticValue(emptySet),
				MarkdownDescription: "Managed policies attached to the role (what the emergency session may do). Policies attached outside Terraform are detached at the next apply.",
				Validators:          []validator.Set{setvalidator.ValueStringsAre(policyARNValidator)},
			},
			"trust_policy": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The generated trust policy (JSON). A trust policy changed outside Terraform shows as a diff and apply restores it.",
			},
			"kms_key_arn": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Customer-managed KMS key (ARN) encrypting the alarm topic. Its key policy must let `events.amazonaws.com` " +
					"call `kms:GenerateDataKey*` and `kms:Decrypt`, or EventBridge cannot publish. The AWS-managed `alias/aws/sns` key is refused for that reason.",
				Validators: []validator.String{kmsKeyARNValidator},
			},
			"alarm_email_addresses": schema.SetAttribute{
				Optional:    true,
				Computed:    true,
				ElementType: types.StringType,
				Default:     setdefault.StaticValue(emptySet),
				MarkdownDescription: "Email addresses subscribed to the alarm topic. Each recipient must confirm the subscription; an " +
					"unconfirmed one cannot be removed by Terraform and expires after three days.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(emailValidator)},
			},
			"sns_topic_arn": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "ARN of the alarm topic (`<name>-break-glass-alarm`), known at plan time; subscribe other endpoints (chat, paging) to it.",
			},
			"event_rule_arn": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "ARN of the EventBridge rule (`<name>-use-alarm`) on the default bus, known at plan time.",
			},
			"event_pattern": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The rule's event pattern (JSON): CloudTrail's `AssumeRole` record whose `requestParameters.roleArn` is this role.",
			},
			"alarm_enabled": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: "Whether the rule is enabled and targets the topic. Always planned `true`: a rule disabled or a target removed outside Terraform shows as a diff and apply restores it.",
			},
			"tags":     tftags.TagsAttribute(),
			"tags_all": tftags.TagsAllAttribute(),
		},
	}
}

func (r *breakGlassResource) Configure(ctx context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	client, diags := awsclient.ClientFromProviderData(ctx, req.ProviderData, "commshield_break_glass_role", awsclient.Needs{AccountID: true})
	resp.Diagnostics.Append(diags...)
	r.client = client
}

func (r *breakGlassResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg breakGlassModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	principals, _ := knownStrings(ctx, cfg.PrincipalARNs)
	allowRoot := cfg.AllowAccountRoot.ValueBool()
	for _, p := range principals {
		if !isAccountRoot(p) {
			continue
		}
		if cfg.AllowAccountRoot.IsUnknown() {
			continue
		}
		if !allowRoot {
			resp.Diagnostics.AddAttributeError(path.Root("principal_arns"), "Whole-account principal not allowed",
				fmt.Sprintf("%s is an account root: it lets every IAM identity of that account that is allowed sts:AssumeRole break the glass. Name the responders' roles or users, or set allow_account_root = true if the account is a dedicated identity account.", p))
		} else {
			resp.Diagnostics.AddAttributeWarning(path.Root("principal_arns"), "Whole-account principal",
				fmt.Sprintf("%s delegates the decision to that account's IAM policies; MFA and a source identity are still required.", p))
		}
	}
	mfa, session := cfg.MFAMaxAgeSeconds, cfg.MaxSessionDuration
	if !mfa.IsNull() && !mfa.IsUnknown() && !session.IsNull() && !session.IsUnknown() && mfa.ValueInt64() > session.ValueInt64() {
		resp.Diagnostics.AddAttributeWarning(path.Root("mfa_max_age_seconds"), "MFA may be older than a session",
			fmt.Sprintf("mfa_max_age_seconds (%d) exceeds max_session_duration (%d): a caller could break the glass on an MFA login from before the previous emergency session began.", mfa.ValueInt64(), session.ValueInt64()))
	}
}

// partlyUnknown reports whether s or any of its elements is unknown.
func partlyUnknown(s types.Set) bool {
	return s.IsUnknown() || slices.ContainsFunc(s.Elements(), attr.Value.IsUnknown)
}

func knownStrings(ctx context.Context, s types.Set) ([]string, diag.Diagnostics) {
	if s.IsNull() || s.IsUnknown() {
		return nil, nil
	}
	var out []string
	diags := s.ElementsAs(ctx, &out, false)
	slices.Sort(out)
	return out, diags
}

func (r *breakGlassResource) roleARN(p, name string) string {
	return fmt.Sprintf("arn:%s:iam::%s:role%s%s", r.client.Partition, r.client.AccountID, normalizePath(p), name)
}

func (r *breakGlassResource) topicARN(name string) string {
	return fmt.Sprintf("arn:%s:sns:%s:%s:%s", r.client.Partition, r.client.Region, r.client.AccountID, topicName(name))
}

func (r *breakGlassResource) ruleARN(name string) string {
	return fmt.Sprintf("arn:%s:events:%s:%s:rule/%s", r.client.Partition, r.client.Region, r.client.AccountID, ruleName(name))
}

// ModifyPlan computes the ARNs, the trust policy and the event pattern at
// plan time, so they are reviewable and usable by other resources, and
// plans the alarm enabled.
func (r *breakGlassResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	tftags.PlanTagsAll(ctx, r.client, req, resp)
	var plan breakGlassModel
	resp.Diagnostics.Append(resp.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var state *breakGlassModel
	if !req.State.Raw.IsNull() {
		state = &breakGlassModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	plan.AlarmEnabled = types.BoolValue(true)
	if plan.Name.IsUnknown() || plan.Path.IsUnknown() {
		plan.ARN, plan.SNSTopicARN, plan.EventRuleARN, plan.EventPattern = types.StringUnknown(), types.StringUnknown(), types.StringUnknown(), types.StringUnknown()
	} else {
		name := plan.Name.ValueString()
		plan.ID = types.StringValue(name)
		plan.ARN = types.StringValue(r.roleARN(plan.Path.ValueString(), name))
		plan.SNSTopicARN = types.StringValue(r.topicARN(name))
		plan.EventRuleARN = types.StringValue(r.ruleARN(name))
		pattern, err := eventPattern(plan.ARN.ValueString())
		if err != nil {
			resp.Diagnostics.AddError("Generate event pattern", err.Error())
			return
		}
		if state != nil && sameJSON(state.EventPattern.ValueString(), pattern) {
			pattern = state.EventPattern.ValueString()
		}
		plan.EventPattern = types.StringValue(pattern)
	}
	// principal_arns = [aws_iam_role.responder.arn] is a known set with an
	// unknown element: the policy is then known only after apply too.
	if partlyUnknown(plan.PrincipalARNs) || plan.MFAMaxAgeSeconds.IsUnknown() || partlyUnknown(plan.SourceIdentityPatterns) {
		plan.TrustPolicy = types.StringUnknown()
	} else {
		in, diags := trustInputOf(ctx, plan)
		resp.Diagnostics.Append(diags...)
		trust, err := buildTrustPolicy(in).JSON()
		if err != nil {
			resp.Diagnostics.AddError("Generate trust policy", err.Error())
			return
		}
		if state != nil && iampolicy.Equivalent(state.TrustPolicy.ValueString(), trust) {
			trust = state.TrustPolicy.ValueString()
		}
		plan.TrustPolicy = types.StringValue(trust)
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}

func trustInputOf(ctx context.Context, m breakGlassModel) (trustInput, diag.Diagnostics) {
	var diags diag.Diagnostics
	principals, d := knownStrings(ctx, m.PrincipalARNs)
	diags.Append(d...)
	patterns, d := knownStrings(ctx, m.SourceIdentityPatterns)
	diags.Append(d...)
	return trustInput{Principals: principals, MFAMaxAgeSeconds: m.MFAMaxAgeSeconds.ValueInt64(), SourceIdentityPatterns: patterns}, diags
}

func (r *breakGlassResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan breakGlassModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	tags, diags := tftags.Map(ctx, plan.TagsAll)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := plan.Name.ValueString()
	_, err := r.client.IAM().CreateRole(ctx, &awsiam.CreateRoleInput{
		RoleName:                 aws.String(name),
		Path:                     plan.Path.ValueStringPointer(),
		Description:              plan.Description.ValueStringPointer(),
		AssumeRolePolicyDocument: plan.TrustPolicy.ValueStringPointer(),
		MaxSessionDuration:       aws.Int32(int32(plan.MaxSessionDuration.ValueInt64())),
		Tags:                     iamTags(tags),
	})
	if err != nil {
		hint := ""
		if awsclient.HasErrorCode(err, errCodeEntityExists) {
			hint = " A role of that name exists: import it (terraform import … " + name + ") or choose another name."
		}
		resp.Diagnostics.AddError("Create break-glass role", fmt.Sprintf("creating IAM role %s: %v.%s", name, err, hint))
		return
	}
	if err := r.converge(ctx, plan, nil); err != nil {
		resp.Diagnostics.AddError("Create break-glass alarm", fmt.Sprintf("%v\n\nThe role %s was created and is recorded in state as tainted; the next apply deletes it with its topic and rule and creates them again.", err, name))
		r.savePartial(ctx, name, plan, resp)
		return
	}
	m, err := r.read(ctx, name, plan)
	if err != nil {
		resp.Diagnostics.AddError("Read break-glass role after create", err.Error())
		r.savePartial(ctx, name, plan, resp)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// savePartial records what exists after a failed create; values that could
// not be read stay as planned (all known at plan time).
func (r *breakGlassResource) savePartial(ctx context.Context, name string, plan breakGlassModel, resp *resource.CreateResponse) {
	if m, err := r.read(ctx, name, plan); err == nil {
		plan = m
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func iamTags(tags map[string]string) []iamtypes.Tag {
	return tftags.AWSTags(tags, func(k, v string) iamtypes.Tag { return iamtypes.Tag{Key: aws.String(k), Value: aws.String(v)} })
}

// converge brings policies, topic, subscriptions, rule and target to the
// plan; each step reads what exists and changes only what differs, so the
// same code creates, updates and repairs drift. state is nil on create.
func (r *breakGlassResource) converge(ctx context.Context, plan breakGlassModel, state *breakGlassModel) error {
	name := plan.Name.ValueString()
	tags, _ := tftags.Map(ctx, plan.TagsAll)
	if err := r.syncPolicies(ctx, name, plan); err != nil {
		return err
	}

	snsConn := r.client.SNS()
	topic, err := snsConn.CreateTopic(ctx, &sns.CreateTopicInput{ // idempotent for an existing topic
		Name:       aws.String(topicName(name)),
		Attributes: map[string]string{"KmsMasterKeyId": plan.KMSKeyARN.ValueString()},
		Tags:       alerting.SNSTags(tags),
	})
	if err != nil {
		return fmt.Errorf("creating SNS topic %s: %w", topicName(name), err)
	}
	topicARN := aws.ToString(topic.TopicArn)
	attrs, err := FindTopicAttributes(ctx, snsConn, topicARN)
	if err != nil {
		return err
	}
	if attrs["KmsMasterKeyId"] != plan.KMSKeyARN.ValueString() {
		if _, err := snsConn.SetTopicAttributes(ctx, &sns.SetTopicAttributesInput{TopicArn: aws.String(topicARN), AttributeName: aws.String("KmsMasterKeyId"), AttributeValue: plan.KMSKeyARN.ValueStringPointer()}); err != nil {
			return fmt.Errorf("encrypting SNS topic %s with %s: %w", topicARN, plan.KMSKeyARN.ValueString(), err)
		}
	}
	policy, err := topicPolicy(topicARN, r.ruleARN(name))
	if err != nil {
		return err
	}
	if !iampolicy.Equivalent(attrs["Policy"], policy) {
		if _, err := snsConn.SetTopicAttributes(ctx, &sns.SetTopicAttributesInput{TopicArn: aws.String(topicARN), AttributeName: aws.String("Policy"), AttributeValue: aws.String(policy)}); err != nil {
			return fmt.Errorf("setting the policy of SNS topic %s: %w", topicARN, err)
		}
	}
	if state != nil && !state.TagsAll.Equal(plan.TagsAll) {
		if err := alerting.RetagTopic(ctx, snsConn, topicARN, removedKeys(ctx, state.TagsAll, tags), tags); err != nil {
			return err
		}
	}
	if err := r.syncSubscriptions(ctx, topicARN, plan); err != nil {
		return err
	}

	ebConn := r.client.EventBridge()
	if _, err := ebConn.PutRule(ctx, &eventbridge.PutRuleInput{ // upsert
		Name:         aws.String(ruleName(name)),
		Description:  aws.String(fmt.Sprintf("Alarm: break-glass role %s was assumed", name)),
		EventPattern: plan.EventPattern.ValueStringPointer(),
		State:        ebtypes.RuleStateEnabled,
		Tags:         alerting.EventBridgeTags(tags),
	}); err != nil {
		return fmt.Errorf("putting EventBridge rule %s: %w", ruleName(name), err)
	}
	if state != nil && !state.TagsAll.Equal(plan.TagsAll) {
		if err := alerting.RetagRule(ctx, ebConn, r.ruleARN(name), removedKeys(ctx, state.TagsAll, tags), tags); err != nil {
			return err
		}
	}
	out, err := ebConn.PutTargets(ctx, &eventbridge.PutTargetsInput{
		Rule:    aws.String(ruleName(name)),
		Targets: []ebtypes.Target{{Id: aws.String(snsTargetID), Arn: aws.String(topicARN)}},
	})
	if err != nil {
		return fmt.Errorf("targeting SNS topic %s from rule %s: %w", topicARN, ruleName(name), err)
	}
	if out.FailedEntryCount > 0 {
		return fmt.Errorf("targeting SNS topic %s from rule %s: %s", topicARN, ruleName(name), aws.ToString(out.FailedEntries[0].ErrorMessage))
	}
	return nil
}

// syncPolicies attaches the planned managed policies and detaches others.
func (r *breakGlassResource) syncPolicies(ctx context.Context, roleName string, plan breakGlassModel) error {
	conn := r.client.IAM()
	want, _ := knownStrings(ctx, plan.ManagedPolicyARNs)
	have, err := FindAttachedPolicyARNs(ctx, conn, roleName)
	if err != nil {
		return err
	}
	for _, arn := range have {
		if !slices.Contains(want, arn) {
			if _, err := conn.DetachRolePolicy(ctx, &awsiam.DetachRolePolicyInput{RoleName: aws.String(roleName), PolicyArn: aws.String(arn)}); err != nil && !awsclient.HasErrorCode(err, errCodeNoSuchEntity) {
				return fmt.Errorf("detaching %s from IAM role %s: %w", arn, roleName, err)
			}
		}
	}
	for _, arn := range want {
		if !slices.Contains(have, arn) {
			if _, err := conn.AttachRolePolicy(ctx, &awsiam.AttachRolePolicyInput{RoleName: aws.String(roleName), PolicyArn: aws.String(arn)}); err != nil {
				return fmt.Errorf("attaching %s to IAM role %s: %w", arn, roleName, err)
			}
		}
	}
	return nil
}

// syncSubscriptions subscribes missing addresses and unsubscribes email
// endpoints no longer planned (confirmed ones only: AWS offers no way to
// remove a pending one).
func (r *breakGlassResource) syncSubscriptions(ctx context.Context, topicARN string, plan breakGlassModel) error {
	conn := r.client.SNS()
	want, _ := knownStrings(ctx, plan.AlarmEmailAddresses)
	subs, err := FindSubscriptions(ctx, conn, topicARN)
	if err != nil {
		return err
	}
	var have []string
	for _, s := range subs {
		if aws.ToString(s.Protocol) != "email" {
			continue // other endpoints (chat, paging) are the user's, added beside this resource
		}
		endpoint := aws.ToString(s.Endpoint)
		have = append(have, endpoint)
		if slices.Contains(want, endpoint) || !strings.HasPrefix(aws.ToString(s.SubscriptionArn), "arn:") {
			continue
		}
		if _, err := conn.Unsubscribe(ctx, &sns.UnsubscribeInput{SubscriptionArn: s.SubscriptionArn}); err != nil && !awsclient.HasErrorCode(err, errCodeSNSNotFound) {
			return fmt.Errorf("unsubscribing %s from %s: %w", endpoint, topicARN, err)
		}
	}
	for _, addr := range want {
		if slices.Contains(have, addr) {
			continue
		}
		if _, err := conn.Subscribe(ctx, &sns.SubscribeInput{TopicArn: aws.String(topicARN), Protocol: aws.String("email"), Endpoint: aws.String(addr)}); err != nil {
			return fmt.Errorf("subscribing %s to %s: %w", addr, topicARN, err)
		}
	}
	return nil
}

func removedKeys(ctx context.Context, old types.Map, now map[string]string) []string {
	before, _ := tftags.Map(ctx, old)
	return tftags.RemovedKeys(before, now)
}

// read builds the model from AWS. The configuration is derived from what
// exists (trust policy, policies, topic key, subscriptions), so import
// needs only the role name and every change made outside Terraform is a
// diff. Parts of the alarm that are missing read as null / false.
func (r *breakGlassResource) read(ctx context.Context, name string, prior breakGlassModel) (breakGlassModel, error) {
	iamConn := r.client.IAM()
	role, err := FindRoleByName(ctx, iamConn, name)
	if err != nil {
		return breakGlassModel{}, err
	}
	m := prior
	m.ID = types.StringValue(name)
	m.Name = types.StringValue(aws.ToString(role.RoleName))
	m.Path = types.StringValue(normalizePath(aws.ToString(role.Path)))
	m.ARN = types.StringValue(aws.ToString(role.Arn))
	m.Description = types.StringValue(aws.ToString(role.Description))
	m.MaxSessionDuration = types.Int64Value(int64(aws.ToInt32(role.MaxSessionDuration)))

	remoteTrust := aws.ToString(role.AssumeRolePolicyDocument)
	if !iampolicy.Equivalent(prior.TrustPolicy.ValueString(), remoteTrust) {
		m.TrustPolicy = types.StringValue(remoteTrust)
	}
	trust, err := parseTrustPolicy(remoteTrust)
	if err != nil {
		return breakGlassModel{}, fmt.Errorf("IAM role %s: %w", name, err)
	}
	m.PrincipalARNs = stringSetValue(ctx, trust.Principals)
	m.SourceIdentityPatterns = stringSetValue(ctx, trust.SourceIdentityPatterns)
	m.MFAMaxAgeSeconds = types.Int64Value(trust.MFAMaxAgeSeconds)
	if prior.AllowAccountRoot.IsNull() || prior.AllowAccountRoot.IsUnknown() {
		m.AllowAccountRoot = types.BoolValue(slices.ContainsFunc(trust.Principals, isAccountRoot))
	}

	policies, err := FindAttachedPolicyARNs(ctx, iamConn, name)
	if err != nil {
		return breakGlassModel{}, err
	}
	m.ManagedPolicyARNs = stringSetValue(ctx, policies)

	remoteTags, err := FindRoleTags(ctx, iamConn, name)
	if err != nil {
		return breakGlassModel{}, err
	}
	m.TagsAll, _ = tftags.FromMap(ctx, remoteTags)
	m.Tags = tftags.OwnTags(ctx, prior.Tags, r.client.DefaultTags, remoteTags)

	if err := r.readAlarm(ctx, name, &m); err != nil {
		return breakGlassModel{}, err
	}
	return m, nil
}

func (r *breakGlassResource) readAlarm(ctx context.Context, name string, m *breakGlassModel) error {
	topicARN := r.topicARN(name)
	m.SNSTopicARN, m.KMSKeyARN = types.StringNull(), types.StringNull()
	m.AlarmEmailAddresses = stringSetValue(ctx, nil)
	attrs, err := FindTopicAttributes(ctx, r.client.SNS(), topicARN)
	switch {
	case awsclient.IsNotFound(err):
	case err != nil:
		return err
	default:
		m.SNSTopicARN = types.StringValue(topicARN)
		if key := attrs["KmsMasterKeyId"]; key != "" {
			m.KMSKeyARN = types.StringValue(key)
		}
		subs, err := FindSubscriptions(ctx, r.client.SNS(), topicARN)
		if err != nil {
			return err
		}
		var emails []string
		for _, s := range subs {
			if aws.ToString(s.Protocol) == "email" {
				emails = append(emails, aws.ToString(s.Endpoint))
			}
		}
		m.AlarmEmailAddresses = stringSetValue(ctx, emails)
	}

	priorPattern := m.EventPattern
	m.EventRuleARN, m.EventPattern, m.AlarmEnabled = types.StringNull(), types.StringNull(), types.BoolValue(false)
	rule, err := FindRule(ctx, r.client.EventBridge(), ruleName(name))
	if awsclient.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	m.EventRuleARN = types.StringValue(aws.ToString(rule.Arn))
	m.EventPattern = types.StringValue(aws.ToString(rule.EventPattern))
	if sameJSON(priorPattern.ValueString(), aws.ToString(rule.EventPattern)) {
		m.EventPattern = priorPattern
	}
	targets, err := FindTargets(ctx, r.client.EventBridge(), ruleName(name))
	if err != nil {
		return err
	}
	targeted := slices.ContainsFunc(targets, func(t ebtypes.Target) bool { return aws.ToString(t.Arn) == topicARN })
	m.AlarmEnabled = types.BoolValue(rule.State == ebtypes.RuleStateEnabled && targeted && !m.SNSTopicARN.IsNull())
	return nil
}

func stringSetValue(ctx context.Context, items []string) types.Set {
	if items == nil {
		items = []string{}
	}
	v, _ := types.SetValueFrom(ctx, types.StringType, items)
	return v
}

func (r *breakGlassResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state breakGlassModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m, err := r.read(ctx, state.ID.ValueString(), state)
	if awsclient.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Break-glass role gone", fmt.Sprintf("%v; removing it from state so the next apply creates it again.", err))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Read break-glass role", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (r *breakGlassResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state breakGlassModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := state.ID.ValueString()
	conn := r.client.IAM()
	fail := func(summary string, err error) {
		resp.Diagnostics.AddError(summary, fmt.Sprintf("break-glass role %s: %v", name, err))
	}
	if !plan.Description.Equal(state.Description) || !plan.MaxSessionDuration.Equal(state.MaxSessionDuration) {
		if _, err := conn.UpdateRole(ctx, &awsiam.UpdateRoleInput{RoleName: aws.String(name), Description: plan.Description.ValueStringPointer(), MaxSessionDuration: aws.Int32(int32(plan.MaxSessionDuration.ValueInt64()))}); err != nil {
			fail("Update break-glass role", err)
			return
		}
	}
	if !plan.TrustPolicy.Equal(state.TrustPolicy) {
		if _, err := conn.UpdateAssumeRolePolicy(ctx, &awsiam.UpdateAssumeRolePolicyInput{RoleName: aws.String(name), PolicyDocument: plan.TrustPolicy.ValueStringPointer()}); err != nil {
			fail("Update break-glass trust policy", err)
			return
		}
	}
	if !plan.TagsAll.Equal(state.TagsAll) {
		tags, _ := tftags.Map(ctx, plan.TagsAll)
		if removed := removedKeys(ctx, state.TagsAll, tags); len(removed) > 0 {
			if _, err := conn.UntagRole(ctx, &awsiam.UntagRoleInput{RoleName: aws.String(name), TagKeys: removed}); err != nil {
				fail("Untag break-glass role", err)
				return
			}
		}
		if len(tags) > 0 {
			if _, err := conn.TagRole(ctx, &awsiam.TagRoleInput{RoleName: aws.String(name), Tags: iamTags(tags)}); err != nil {
				fail("Tag break-glass role", err)
				return
			}
		}
	}
	if err := r.converge(ctx, plan, &state); err != nil {
		fail("Update break-glass alarm", err)
		return
	}
	m, err := r.read(ctx, name, plan)
	if err != nil {
		fail("Read break-glass role after update", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// Delete removes target, rule, topic (with its subscriptions), the role's
// policy attachments and inline policies, and the role. Every step treats
// NotFound as done, so a half-created or half-deleted resource is cleaned
// up by the next destroy.
func (r *breakGlassResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state breakGlassModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := Destroy(ctx, r.client, state.ID.ValueString()); err != nil {
		resp.Diagnostics.AddError("Delete break-glass role", err.Error())
	}
}

// Destroy deletes everything commshield_break_glass_role creates for
// roleName; exported for the acceptance tests' disappearance step.
func Destroy(ctx context.Context, client *awsclient.Client, roleName string) error {
	eb := client.EventBridge()
	if _, err := eb.RemoveTargets(ctx, &eventbridge.RemoveTargetsInput{Rule: aws.String(ruleName(roleName)), Ids: []string{snsTargetID}}); err != nil && !awsclient.HasErrorCode(err, errCodeEventsNotFound) {
		return fmt.Errorf("removing the target of EventBridge rule %s: %w", ruleName(roleName), err)
	}
	if _, err := eb.DeleteRule(ctx, &eventbridge.DeleteRuleInput{Name: aws.String(ruleName(roleName))}); err != nil && !awsclient.HasErrorCode(err, errCodeEventsNotFound) {
		return fmt.Errorf("deleting EventBridge rule %s: %w", ruleName(roleName), err)
	}
	topicARN := fmt.Sprintf("arn:%s:sns:%s:%s:%s", client.Partition, client.Region, client.AccountID, topicName(roleName))
	if _, err := client.SNS().DeleteTopic(ctx, &sns.DeleteTopicInput{TopicArn: aws.String(topicARN)}); err != nil && !awsclient.HasErrorCode(err, errCodeSNSNotFound) {
		return fmt.Errorf("deleting SNS topic %s: %w", topicARN, err)
	}
	conn := client.IAM()
	policies, err := FindAttachedPolicyARNs(ctx, conn, roleName)
	if awsclient.HasErrorCode(err, errCodeNoSuchEntity) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, arn := range policies {
		if _, err := conn.DetachRolePolicy(ctx, &awsiam.DetachRolePolicyInput{RoleName: aws.String(roleName), PolicyArn: aws.String(arn)}); err != nil && !awsclient.HasErrorCode(err, errCodeNoSuchEntity) {
			return fmt.Errorf("detaching %s from IAM role %s: %w", arn, roleName, err)
		}
	}
	// Inline policies added outside Terraform would block DeleteRole.
	inline, err := conn.ListRolePolicies(ctx, &awsiam.ListRolePoliciesInput{RoleName: aws.String(roleName)})
	if err != nil && !awsclient.HasErrorCode(err, errCodeNoSuchEntity) {
		return fmt.Errorf("listing inline policies of IAM role %s: %w", roleName, err)
	}
	if inline != nil {
		for _, p := range inline.PolicyNames {
			if _, err := conn.DeleteRolePolicy(ctx, &awsiam.DeleteRolePolicyInput{RoleName: aws.String(roleName), PolicyName: aws.String(p)}); err != nil && !awsclient.HasErrorCode(err, errCodeNoSuchEntity) {
				return fmt.Errorf("deleting inline policy %s of IAM role %s: %w", p, roleName, err)
			}
		}
	}
	_, err = conn.DeleteRole(ctx, &awsiam.DeleteRoleInput{RoleName: aws.String(roleName)})
	if err == nil || awsclient.HasErrorCode(err, errCodeNoSuchEntity) {
		return nil
	}
	if awsclient.HasErrorCode(err, errCodeDeleteConflict) {
		return fmt.Errorf("deleting IAM role %s: %w (an instance profile still holds it: remove the role from it first)", roleName, err)
	}
	return fmt.Errorf("deleting IAM role %s: %w", roleName, err)
}

func (r *breakGlassResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if err := validateRoleName(req.ID); err != nil {
		resp.Diagnostics.AddError("Invalid import ID", fmt.Sprintf("%v; import commshield_break_glass_role with the role name.", err))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
}

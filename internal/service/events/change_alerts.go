package events

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commshield/terraform-provider-commshield/internal/alerting"
	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
	"github.com/commshield/terraform-provider-commshield/internal/iampolicy"
	"github.com/commshield/terraform-provider-commshield/internal/tftags"
)

const (
	snsTargetID   = "commshield-change-alerts-sns"
	protocolEmail = "email"
	protocolHTTPS = "https"
)

var (
	_ resource.Resource                = (*changeAlertsResource)(nil)
	_ resource.ResourceWithConfigure   = (*changeAlertsResource)(nil)
	_ resource.ResourceWithImportState = (*changeAlertsResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*changeAlertsResource)(nil)
)

// NewChangeAlertsResource is the commshield_change_alerts constructor.
//
// Partial failure during create: once the topic exists, a failing later
// step (policy, subscriptions, a rule, a target) records what exists in
// state with the error, so Terraform marks the resource tainted and the
// next apply deletes every rule and the topic (found by names derived from
// `name`) and creates them again. If nothing can be read back, what was
// created is deleted before the error is returned. Nothing is orphaned.
func NewChangeAlertsResource() resource.Resource { return &changeAlertsResource{} }

type changeAlertsResource struct {
	client *awsclient.Client
}

type changeAlertsModel struct {
	ID                 types.String `tfsdk:"id"`
	Name               types.String `tfsdk:"name"`
	Categories         types.Set    `tfsdk:"categories"`
	KMSKeyARN          types.String `tfsdk:"kms_key_arn"`
	EmailAddresses     types.Set    `tfsdk:"email_addresses"`
	HTTPSEndpoints     types.Set    `tfsdk:"https_endpoints"`
	SNSTopicARN        types.String `tfsdk:"sns_topic_arn"`
	TopicPolicy        types.String `tfsdk:"topic_policy"`
	RuleARNs           types.Map    `tfsdk:"rule_arns"`
	EventPatterns      types.Map    `tfsdk:"event_patterns"`
	AllRulesDelivering types.Bool   `tfsdk:"all_rules_delivering"`
	Tags               types.Map    `tfsdk:"tags"`
	TagsAll            types.Map    `tfsdk:"tags_all"`
}

func (r *changeAlertsResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_change_alerts"
}

func categoryList() string {
	var b strings.Builder
	for _, name := range CategoryNames() {
		c, _ := findCategory(name)
		mirror := "no CIS equivalent"
		if c.cisControl != "" {
			mirror = "CIS " + c.cisControl
		}
		fmt.Fprintf(&b, "`%s` (%s; %s), ", c.name, c.description, mirror)
	}
	return strings.TrimSuffix(b.String(), ", ")
}

func (r *changeAlertsResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	emptySet := types.SetValueMust(types.StringType, nil)
	allCategories := make([]string, 0, len(categories))
	allCategories = append(allCategories, CategoryNames()...)
	defaultCategories, _ := types.SetValueFrom(context.Background(), types.StringType, allCategories)
	resp.Schema = schema.Schema{
		MarkdownDescription: "Alerts on the account changes the guidance wants watched: one EventBridge rule per category on the default " +
			"bus, matching CloudTrail's records of the change, all publishing to one KMS-encrypted SNS topic that only these rules " +
			"may publish to. The categories mirror Security Hub's CIS CloudWatch.1-14 controls and are the event classes `check`'s " +
			"LOG-R30 requires, so a plan with this resource satisfies LOG-R30.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The name; import with it.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required: true,
				MarkdownDescription: fmt.Sprintf("Prefix of the rules (`<name>-<category>`) and name of the topic (`<name>-change-alerts`), "+
					"at most %d characters. Changing it replaces everything.", MaxNameLength),
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:    []validator.String{nameValidator},
			},
			"categories": schema.SetAttribute{
				Optional:    true,
				Computed:    true,
				ElementType: types.StringType,
				Default:     setdefault.StaticValue(defaultCategories),
				MarkdownDescription: "Changes to alert on (default: all). A rule deleted outside Terraform drops its category from " +
					"state, so the next plan shows it and apply recreates it. Categories: " + categoryList() + ".",
				Validators: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(categoryValidator)},
			},
			"kms_key_arn": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Customer-managed KMS key (ARN) encrypting the topic. Its key policy must let `events.amazonaws.com` " +
					"call `kms:GenerateDataKey*` and `kms:Decrypt`, or EventBridge cannot publish. The AWS-managed `alias/aws/sns` key is refused for that reason.",
				Validators: []validator.String{kmsKeyValidator},
			},
			"email_addresses": schema.SetAttribute{
				Optional:    true,
				Computed:    true,
				ElementType: types.StringType,
				Default:     setdefault.StaticValue(emptySet),
				MarkdownDescription: "Email addresses subscribed to the topic. Each recipient must confirm; an unconfirmed subscription " +
					"cannot be removed by Terraform and expires after three days.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(emailValidator)},
			},
			"https_endpoints": schema.SetAttribute{
				Optional:    true,
				Computed:    true,
				ElementType: types.StringType,
				Default:     setdefault.StaticValue(emptySet),
				MarkdownDescription: "HTTPS endpoints (e.g. a paging or SOAR webhook) subscribed to the topic; they must confirm the " +
					"subscription. Plain `http://` is refused.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(httpsValidator)},
			},
			"sns_topic_arn": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "ARN of the topic (`<name>-change-alerts`), known at plan time; subscribe other endpoints to it.",
			},
			"topic_policy": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The generated topic policy (JSON): `events.amazonaws.com` may publish only for these rules " +
					"(`aws:SourceArn`), and nothing travels without TLS. A policy changed outside Terraform shows as a diff and apply restores it.",
			},
			"rule_arns": schema.MapAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "ARN of each category's EventBridge rule, by category; known at plan time.",
			},
			"event_patterns": schema.MapAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Each category's event pattern (JSON), by category. A pattern edited outside Terraform shows as a diff and apply restores it.",
			},
			"all_rules_delivering": schema.BoolAttribute{
				Computed: true,
				MarkdownDescription: "Whether every rule is enabled and targets the topic. Always planned `true`: a rule disabled or a " +
					"target removed outside Terraform shows as a diff and apply restores it.",
			},
			"tags":     tftags.TagsAttribute(),
			"tags_all": tftags.TagsAllAttribute(),
		},
	}
}

func (r *changeAlertsResource) Configure(ctx context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	client, diags := awsclient.ClientFromProviderData(ctx, req.ProviderData, "commshield_change_alerts", awsclient.Needs{AccountID: true})
	resp.Diagnostics.Append(diags...)
	r.client = client
}

// names of the objects, derived from `name` so delete and import need no
// state.
func topicName(name string) string          { return name + "-change-alerts" }
func ruleName(name, category string) string { return name + "-" + category }

func topicARN(c *awsclient.Client, name string) string {
	return fmt.Sprintf("arn:%s:sns:%s:%s:%s", c.Partition, c.Region, c.AccountID, topicName(name))
}

func ruleARN(c *awsclient.Client, name, category string) string {
	return fmt.Sprintf("arn:%s:events:%s:%s:rule/%s", c.Partition, c.Region, c.AccountID, ruleName(name, category))
}

func knownStrings(ctx context.Context, s types.Set) []string {
	if s.IsNull() || s.IsUnknown() {
		return nil
	}
	var out []string
	_ = s.ElementsAs(ctx, &out, false)
	slices.Sort(out)
	return out
}

func stringSet(ctx context.Context, items []string) types.Set {
	if items == nil {
		items = []string{}
	}
	slices.Sort(items)
	v, _ := types.SetValueFrom(ctx, types.StringType, items)
	return v
}

func stringMap(ctx context.Context, m map[string]string) types.Map {
	v, _ := types.MapValueFrom(ctx, types.StringType, m)
	return v
}

// ModifyPlan computes topic ARN, rule ARNs, event patterns and topic policy
// at plan time, so they are reviewable and usable elsewhere, and plans every
// rule delivering.
func (r *changeAlertsResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	tftags.PlanTagsAll(ctx, r.client, req, resp)
	var plan changeAlertsModel
	resp.Diagnostics.Append(resp.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var state *changeAlertsModel
	if !req.State.Raw.IsNull() {
		state = &changeAlertsModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	plan.AllRulesDelivering = types.BoolValue(true)
	if plan.Name.IsUnknown() || plan.Categories.IsUnknown() {
		plan.SNSTopicARN, plan.TopicPolicy = types.StringUnknown(), types.StringUnknown()
		plan.RuleARNs, plan.EventPatterns = types.MapUnknown(types.StringType), types.MapUnknown(types.StringType)
		resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
		return
	}
	name := plan.Name.ValueString()
	plan.ID = types.StringValue(name)
	plan.SNSTopicARN = types.StringValue(topicARN(r.client, name))
	var priorPatterns map[string]string
	if state != nil {
		_ = state.EventPatterns.ElementsAs(ctx, &priorPatterns, false)
	}
	arns, patterns := map[string]string{}, map[string]string{}
	for _, cat := range knownStrings(ctx, plan.Categories) {
		pattern, err := EventPattern(cat)
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("categories"), "Unknown category", err.Error())
			return
		}
		if prior, ok := priorPatterns[cat]; ok && alerting.SameJSON(prior, pattern) {
			pattern = prior
		}
		arns[cat], patterns[cat] = ruleARN(r.client, name, cat), pattern
	}
	plan.RuleARNs, plan.EventPatterns = stringMap(ctx, arns), stringMap(ctx, patterns)
	policy, err := alerting.TopicPolicy(plan.SNSTopicARN.ValueString(), mapValues(arns))
	if err != nil {
		resp.Diagnostics.AddError("Generate topic policy", err.Error())
		return
	}
	if state != nil && iampolicy.Equivalent(state.TopicPolicy.ValueString(), policy) {
		policy = state.TopicPolicy.ValueString()
	}
	plan.TopicPolicy = types.StringValue(policy)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}

func mapValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	slices.Sort(out)
	return out
}

func (r *changeAlertsResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan changeAlertsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := plan.Name.ValueString()
	// CreateTopic is idempotent: without this check a second resource of the
	// same name would silently adopt (and later delete) the first one's topic.
	if _, err := alerting.FindTopicAttributes(ctx, r.client.SNS(), topicARN(r.client, name)); err == nil {
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Change alerts exist",
			fmt.Sprintf("SNS topic %s already exists: import it (terraform import <address> %s) or choose another name.", topicName(name), name))
		return
	} else if !awsclient.IsNotFound(err) {
		resp.Diagnostics.AddError("Create change alerts", err.Error())
		return
	}
	if err := r.converge(ctx, plan, nil); err != nil {
		m, readErr := r.read(ctx, name, plan)
		if readErr != nil {
			if destroyErr := Destroy(ctx, r.client, name); destroyErr != nil {
				resp.Diagnostics.AddError("Create change alerts", fmt.Sprintf("%v\n\nRolling back also failed: %v; delete the topic %s and rules %s-* by hand.", err, destroyErr, topicName(name), name))
				return
			}
			resp.Diagnostics.AddError("Create change alerts", fmt.Sprintf("%v\n\nEverything created was deleted again.", err))
			return
		}
		resp.Diagnostics.AddError("Create change alerts", fmt.Sprintf("%v\n\nWhat was created is recorded in state as tainted; the next apply deletes the rules and topic and creates them again.", err))
		resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
		return
	}
	m, err := r.read(ctx, name, plan)
	if err != nil {
		resp.Diagnostics.AddError("Read change alerts after create", err.Error())
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// converge brings topic, policy, subscriptions, rules and targets to the
// plan; every step reads what exists and changes only what differs, so one
// code path creates, updates and repairs drift. state is nil on create.
func (r *changeAlertsResource) converge(ctx context.Context, plan changeAlertsModel, state *changeAlertsModel) error {
	name := plan.Name.ValueString()
	tags, _ := tftags.Map(ctx, plan.TagsAll)
	snsConn, ebConn := r.client.SNS(), r.client.EventBridge()
	kmsKey := plan.KMSKeyARN.ValueString()

	topic, err := snsConn.CreateTopic(ctx, &sns.CreateTopicInput{
		Name:       aws.String(topicName(name)),
		Attributes: map[string]string{"KmsMasterKeyId": kmsKey},
		Tags:       alerting.SNSTags(tags),
	})
	if err != nil {
		return fmt.Errorf("creating SNS topic %s: %w", topicName(name), err)
	}
	arn := aws.ToString(topic.TopicArn)
	attrs, err := alerting.FindTopicAttributes(ctx, snsConn, arn)
	if err != nil {
		return err
	}
	if attrs["KmsMasterKeyId"] != kmsKey {
		if _, err := snsConn.SetTopicAttributes(ctx, &sns.SetTopicAttributesInput{TopicArn: aws.String(arn), AttributeName: aws.String("KmsMasterKeyId"), AttributeValue: aws.String(kmsKey)}); err != nil {
			return fmt.Errorf("encrypting SNS topic %s with %s: %w", arn, kmsKey, err)
		}
	}
	if !iampolicy.Equivalent(attrs["Policy"], plan.TopicPolicy.ValueString()) {
		if _, err := snsConn.SetTopicAttributes(ctx, &sns.SetTopicAttributesInput{TopicArn: aws.String(arn), AttributeName: aws.String("Policy"), AttributeValue: plan.TopicPolicy.ValueStringPointer()}); err != nil {
			return fmt.Errorf("setting the policy of SNS topic %s: %w", arn, err)
		}
	}
	tagsChanged := state != nil && !state.TagsAll.Equal(plan.TagsAll)
	var removedTags []string
	if tagsChanged {
		before, _ := tftags.Map(ctx, state.TagsAll)
		removedTags = tftags.RemovedKeys(before, tags)
		if err := alerting.RetagTopic(ctx, snsConn, arn, removedTags, tags); err != nil {
			return err
		}
	}
	if err := r.syncSubscriptions(ctx, arn, map[string][]string{
		protocolEmail: knownStrings(ctx, plan.EmailAddresses),
		protocolHTTPS: knownStrings(ctx, plan.HTTPSEndpoints),
	}); err != nil {
		return err
	}

	var patterns map[string]string
	_ = plan.EventPatterns.ElementsAs(ctx, &patterns, false)
	wanted := knownStrings(ctx, plan.Categories)
	for _, cat := range wanted {
		c, _ := findCategory(cat)
		rule := ruleName(name, cat)
		if _, err := ebConn.PutRule(ctx, &eventbridge.PutRuleInput{ // upsert
			Name:         aws.String(rule),
			Description:  aws.String(truncate("commshield change alert: "+c.description, 512)),
			EventPattern: aws.String(patterns[cat]),
			State:        ebtypes.RuleStateEnabled,
			Tags:         alerting.EventBridgeTags(tags),
		}); err != nil {
			return fmt.Errorf("putting EventBridge rule %s: %w", rule, err)
		}
		if tagsChanged {
			// PutRule leaves an existing rule's tags alone.
			if err := alerting.RetagRule(ctx, ebConn, ruleARN(r.client, name, cat), removedTags, tags); err != nil {
				return err
			}
		}
		out, err := ebConn.PutTargets(ctx, &eventbridge.PutTargetsInput{
			Rule:    aws.String(rule),
			Targets: []ebtypes.Target{{Id: aws.String(snsTargetID), Arn: aws.String(arn)}},
		})
		if err != nil {
			return fmt.Errorf("targeting SNS topic %s from rule %s: %w", arn, rule, err)
		}
		if out.FailedEntryCount > 0 {
			return fmt.Errorf("targeting SNS topic %s from rule %s: %s", arn, rule, aws.ToString(out.FailedEntries[0].ErrorMessage))
		}
	}
	if state == nil {
		return nil
	}
	for _, cat := range CategoryNames() {
		if !slices.Contains(wanted, cat) {
			if err := alerting.DeleteRule(ctx, ebConn, ruleName(name, cat), snsTargetID); err != nil {
				return err
			}
		}
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// syncSubscriptions subscribes missing endpoints and unsubscribes confirmed
// ones of the managed protocols that are no longer planned (a pending one
// cannot be removed: AWS offers no call for it). Subscriptions of other
// protocols are the user's and left alone.
func (r *changeAlertsResource) syncSubscriptions(ctx context.Context, topic string, want map[string][]string) error {
	conn := r.client.SNS()
	subs, err := alerting.FindSubscriptions(ctx, conn, topic)
	if err != nil {
		return err
	}
	have := map[string][]string{}
	for _, s := range subs {
		protocol, endpoint := aws.ToString(s.Protocol), aws.ToString(s.Endpoint)
		wanted, managed := want[protocol]
		if !managed {
			continue
		}
		have[protocol] = append(have[protocol], endpoint)
		if slices.Contains(wanted, endpoint) || !strings.HasPrefix(aws.ToString(s.SubscriptionArn), "arn:") {
			continue
		}
		if _, err := conn.Unsubscribe(ctx, &sns.UnsubscribeInput{SubscriptionArn: s.SubscriptionArn}); err != nil && !awsclient.HasErrorCode(err, alerting.ErrCodeSNSNotFound) {
			return fmt.Errorf("unsubscribing %s from %s: %w", endpoint, topic, err)
		}
	}
	for _, protocol := range []string{protocolEmail, protocolHTTPS} {
		for _, endpoint := range want[protocol] {
			if slices.Contains(have[protocol], endpoint) {
				continue
			}
			if _, err := conn.Subscribe(ctx, &sns.SubscribeInput{TopicArn: aws.String(topic), Protocol: aws.String(protocol), Endpoint: aws.String(endpoint)}); err != nil {
				return fmt.Errorf("subscribing %s to %s: %w", endpoint, topic, err)
			}
		}
	}
	return nil
}

// read builds the model from AWS. Everything is derived from what exists
// (topic key, policy, subscriptions, which category rules exist), so import
// needs only the name and every change made outside Terraform is a diff.
// The topic is the resource's anchor: without it the resource is NotFound.
func (r *changeAlertsResource) read(ctx context.Context, name string, prior changeAlertsModel) (changeAlertsModel, error) {
	snsConn, ebConn := r.client.SNS(), r.client.EventBridge()
	arn := topicARN(r.client, name)
	attrs, err := alerting.FindTopicAttributes(ctx, snsConn, arn)
	if err != nil {
		return changeAlertsModel{}, err
	}
	m := prior
	m.ID, m.Name, m.SNSTopicARN = types.StringValue(name), types.StringValue(name), types.StringValue(arn)
	m.KMSKeyARN = types.StringNull()
	if key := attrs["KmsMasterKeyId"]; key != "" {
		m.KMSKeyARN = types.StringValue(key)
	}
	m.TopicPolicy = types.StringValue(attrs["Policy"])
	if iampolicy.Equivalent(prior.TopicPolicy.ValueString(), attrs["Policy"]) {
		m.TopicPolicy = prior.TopicPolicy
	}
	subs, err := alerting.FindSubscriptions(ctx, snsConn, arn)
	if err != nil {
		return changeAlertsModel{}, err
	}
	endpoints := map[string][]string{}
	for _, s := range subs {
		endpoints[aws.ToString(s.Protocol)] = append(endpoints[aws.ToString(s.Protocol)], aws.ToString(s.Endpoint))
	}
	m.EmailAddresses, m.HTTPSEndpoints = stringSet(ctx, endpoints[protocolEmail]), stringSet(ctx, endpoints[protocolHTTPS])

	tagsOut, err := snsConn.ListTagsForResource(ctx, &sns.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	if err != nil {
		return changeAlertsModel{}, fmt.Errorf("listing tags of SNS topic %s: %w", arn, err)
	}
	remoteTags := map[string]string{}
	for _, t := range tagsOut.Tags {
		remoteTags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	m.TagsAll, _ = tftags.FromMap(ctx, remoteTags)
	m.Tags = tftags.OwnTags(ctx, prior.Tags, r.client.DefaultTags, remoteTags)

	var priorPatterns map[string]string
	if !prior.EventPatterns.IsNull() && !prior.EventPatterns.IsUnknown() {
		_ = prior.EventPatterns.ElementsAs(ctx, &priorPatterns, false)
	}
	var present []string
	arns, patterns := map[string]string{}, map[string]string{}
	delivering := true
	for _, cat := range CategoryNames() {
		rule, err := alerting.FindRule(ctx, ebConn, ruleName(name, cat))
		if awsclient.IsNotFound(err) {
			continue
		}
		if err != nil {
			return changeAlertsModel{}, err
		}
		present = append(present, cat)
		arns[cat] = aws.ToString(rule.Arn)
		patterns[cat] = aws.ToString(rule.EventPattern)
		if p, ok := priorPatterns[cat]; ok && alerting.SameJSON(p, patterns[cat]) {
			patterns[cat] = p
		}
		targets, err := alerting.FindTargets(ctx, ebConn, ruleName(name, cat))
		if err != nil {
			return changeAlertsModel{}, err
		}
		targeted := slices.ContainsFunc(targets, func(t ebtypes.Target) bool { return aws.ToString(t.Arn) == arn })
		delivering = delivering && targeted && rule.State == ebtypes.RuleStateEnabled
	}
	m.Categories = stringSet(ctx, present)
	// Import has no prior policy text: adopt the generated (indented) form
	// when SNS's re-serialisation says the same, so import matches apply.
	if m.TopicPolicy.ValueString() != prior.TopicPolicy.ValueString() {
		if canonical, err := alerting.TopicPolicy(arn, mapValues(arns)); err == nil && iampolicy.Equivalent(canonical, attrs["Policy"]) {
			m.TopicPolicy = types.StringValue(canonical)
		}
	}
	m.RuleARNs, m.EventPatterns = stringMap(ctx, arns), stringMap(ctx, patterns)
	m.AllRulesDelivering = types.BoolValue(delivering && len(present) > 0)
	return m, nil
}

func (r *changeAlertsResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state changeAlertsModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m, err := r.read(ctx, state.ID.ValueString(), state)
	if awsclient.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Change alerts gone", fmt.Sprintf("%v; removing them from state so the next apply creates them again.", err))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Read change alerts", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (r *changeAlertsResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state changeAlertsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := state.ID.ValueString()
	if err := r.converge(ctx, plan, &state); err != nil {
		resp.Diagnostics.AddError("Update change alerts", fmt.Sprintf("change alerts %s: %v", name, err))
		return
	}
	m, err := r.read(ctx, name, plan)
	if err != nil {
		resp.Diagnostics.AddError("Read change alerts after update", fmt.Sprintf("change alerts %s: %v", name, err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// Delete removes every category's rule (whether or not in state, so rules
// left by an interrupted update go too) and the topic with its
// subscriptions. NotFound is success at every step.
func (r *changeAlertsResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state changeAlertsModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := Destroy(ctx, r.client, state.ID.ValueString()); err != nil {
		resp.Diagnostics.AddError("Delete change alerts", err.Error())
	}
}

// Destroy deletes everything commshield_change_alerts creates for name;
// exported for the acceptance tests' disappearance step.
func Destroy(ctx context.Context, client *awsclient.Client, name string) error {
	for _, cat := range CategoryNames() {
		if err := alerting.DeleteRule(ctx, client.EventBridge(), ruleName(name, cat), snsTargetID); err != nil {
			return err
		}
	}
	return alerting.DeleteTopic(ctx, client.SNS(), topicARN(client, name))
}

func (r *changeAlertsResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if err := validateName(req.ID); err != nil {
		resp.Diagnostics.AddError("Invalid import ID", fmt.Sprintf("%v; import commshield_change_alerts with its name.", err))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
}

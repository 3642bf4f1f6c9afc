package cloudtrail

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awscloudtrail "github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
	"github.com/commshield/terraform-provider-commshield/internal/logdelivery"
	"github.com/commshield/terraform-provider-commshield/internal/tftags"
)

var (
	_ resource.Resource                   = (*auditTrailResource)(nil)
	_ resource.ResourceWithConfigure      = (*auditTrailResource)(nil)
	_ resource.ResourceWithImportState    = (*auditTrailResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*auditTrailResource)(nil)
	_ resource.ResourceWithValidateConfig = (*auditTrailResource)(nil)
)

const (
	// The slowest real-AWS step is IAM propagation (retried up to
	// iamPropagationTimeout) plus the logging waiter; these bound the rest.
	createTimeout = 10 * time.Minute
	updateTimeout = 10 * time.Minute
	deleteTimeout = 5 * time.Minute
	resourceName  = "Audit Trail"
)

// NewAuditTrailResource returns the commshield_audit_trail resource.
//
// Partial failure on create: objects made before the trail exists (the log
// group and the delivery role) are rolled back when CreateTrail fails, except
// a log group that already existed and was adopted. Once the trail exists,
// everything is recorded in state together with the error, so Terraform
// marks the resource tainted and the next apply (or destroy) removes it.
func NewAuditTrailResource() resource.Resource {
	return &auditTrailResource{}
}

type auditTrailResource struct {
	client *awsclient.Client
}

func (r *auditTrailResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_audit_trail"
}

func (r *auditTrailResource) Configure(ctx context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	client, diags := awsclient.ClientFromProviderData(ctx, req.ProviderData, "commshield_audit_trail", awsclient.Needs{AccountID: true})
	resp.Diagnostics.Append(diags...)
	r.client = client
}

func (r *auditTrailResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg auditTrailModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !cfg.AdvancedEventSelectors.IsNull() && selectorsKnown(cfg.AdvancedEventSelectors) {
		selectors := selectorsFromModel(ctx, cfg.AdvancedEventSelectors, &resp.Diagnostics)
		for _, err := range validateCustomSelectors(selectors) {
			resp.Diagnostics.AddAttributeError(path.Root("advanced_event_selectors"), "Invalid advanced event selector", err.Error())
		}
	}
	if !cfg.DataEvents.IsNull() && !cfg.DataEvents.IsUnknown() {
		s3, lambda := dataEventsFromModel(ctx, cfg.DataEvents, &resp.Diagnostics)
		if !s3 && !lambda {
			resp.Diagnostics.AddAttributeWarning(path.Root("data_events"), "No data events selected",
				"data_events sets both s3 and lambda to false; remove the attribute or enable one of them.")
		}
	}
}

// ModifyPlan fills in every computed value that can be known before apply
// and pins the enforced settings (logging on, multi-Region, global events,
// log file validation, all management events). A prior state that differs
// from these, because something changed outside Terraform, therefore shows
// up as a diff.
func (r *auditTrailResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	var plan auditTrailModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	var state *auditTrailModel
	if !req.State.Raw.IsNull() {
		state = &auditTrailModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}

	plan.IsLogging = types.BoolValue(true)
	plan.IsMultiRegionTrail = types.BoolValue(true)
	plan.IncludeGlobalServiceEvents = types.BoolValue(true)
	plan.LogFileValidationEnabled = types.BoolValue(true)
	plan.ManagementEventsReadWriteType = types.StringValue(readWriteAll)
	plan.LogGroupKMSKeyARN = plan.KMSKeyARN
	tftags.PlanTagsAll(ctx, r.client, req, resp)
	resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root("tags_all"), &plan.TagsAll)...)

	if !plan.Name.IsUnknown() {
		name := plan.Name.ValueString()
		sameTrail := state != nil && state.Name.ValueString() == name
		if plan.LogGroupName.IsUnknown() {
			if sameTrail && !state.LogGroupName.IsNull() {
				plan.LogGroupName = state.LogGroupName
			} else {
				plan.LogGroupName = types.StringValue(defaultLogGroupName(name))
			}
		}
		plan.ID = types.StringValue(name)
		plan.ARN = types.StringValue(trailARN(r.client.Partition, r.client.Region, r.client.AccountID, name))
		plan.HomeRegion = types.StringValue(r.client.Region)
		if sameTrail && !state.HomeRegion.IsNull() {
			plan.HomeRegion = state.HomeRegion
		}
		plan.RoleARN = types.StringValue(fmt.Sprintf("arn:%s:iam::%s:role/%s", r.client.Partition, r.client.AccountID, roleName(name)))
		if !plan.LogGroupName.IsUnknown() {
			plan.LogGroupARN = types.StringValue(logGroupARN(r.client.Partition, r.client.Region, r.client.AccountID, plan.LogGroupName.ValueString()))
		}
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

func (r *auditTrailResource) desired(ctx context.Context, m auditTrailModel, diags *diag.Diagnostics) desiredTrail {
	s3, lambda := dataEventsFromModel(ctx, m.DataEvents, diags)
	var insights []string
	if !m.InsightTypes.IsNull() && !m.InsightTypes.IsUnknown() {
		diags.Append(m.InsightTypes.ElementsAs(ctx, &insights, false)...)
		slices.Sort(insights)
	}
	return desiredTrail{
		Name:             m.Name.ValueString(),
		S3BucketName:     m.S3BucketName.ValueString(),
		S3KeyPrefix:      m.S3KeyPrefix.ValueString(),
		KMSKeyARN:        m.KMSKeyARN.ValueString(),
		Organization:     m.IsOrganizationTrail.ValueBool(),
		LogGroupName:     m.LogGroupName.ValueString(),
		RetentionDays:    m.LogRetentionDays.ValueInt64(),
		S3DataEvents:     s3,
		LambdaDataEvents: lambda,
		CustomSelectors:  selectorsFromModel(ctx, m.AdvancedEventSelectors, diags),
		InsightTypes:     insights,
		Tags:             r.client.TagsFor(stringMapFromModel(ctx, m.Tags, diags)),
	}
}

func (r *auditTrailResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan auditTrailModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	want := r.desired(ctx, plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, createTimeout)
	defer cancel()

	trailCreated, err := r.create(ctx, want)
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("creating %s (%s)", resourceName, want.Name), err.Error())
		if trailCreated {
			r.recordPartialState(ctx, plan, &resp.State, &resp.Diagnostics)
		}
		return
	}
	r.readAndSet(ctx, plan, &resp.State, &resp.Diagnostics)
}

// create makes the log group, role and trail, rolling back the first two
// when the trail cannot be created. It reports whether the trail exists.
func (r *auditTrailResource) create(ctx context.Context, want desiredTrail) (trailCreated bool, err error) {
	logGroupCreated, err := r.ensureLogGroup(ctx, want)
	if err != nil {
		return false, err
	}
	rollback := func(cause error) error {
		// Use a fresh context: the create context may be what expired.
		cleanupCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Minute)
		defer cancel()
		errs := []error{cause}
		if err := r.deleteRole(cleanupCtx, want.Name); err != nil {
			errs = append(errs, fmt.Errorf("rolling back: %w", err))
		}
		if logGroupCreated {
			if err := r.deleteLogGroup(cleanupCtx, want.LogGroupName); err != nil {
				errs = append(errs, fmt.Errorf("rolling back: %w", err))
			}
		}
		return errors.Join(errs...)
	}
	roleARN, err := r.ensureRole(ctx, want)
	if err != nil {
		return false, rollback(err)
	}
	conn := r.client.CloudTrail()
	input := &awscloudtrail.CreateTrailInput{
		Name:                       aws.String(want.Name),
		S3BucketName:               aws.String(want.S3BucketName),
		KmsKeyId:                   aws.String(want.KMSKeyARN),
		IsMultiRegionTrail:         aws.Bool(true),
		IncludeGlobalServiceEvents: aws.Bool(true),
		EnableLogFileValidation:    aws.Bool(true),
		IsOrganizationTrail:        aws.Bool(want.Organization),
		CloudWatchLogsLogGroupArn:  aws.String(logGroupARN(r.client.Partition, r.client.Region, r.client.AccountID, want.LogGroupName)),
		CloudWatchLogsRoleArn:      aws.String(roleARN),
		TagsList:                   trailTags(want.Tags),
	}
	if want.S3KeyPrefix != "" {
		input.S3KeyPrefix = aws.String(want.S3KeyPrefix)
	}
	_, err = awsclient.RetryWhen(ctx, iamPropagationTimeout, maxBackoff, func(ctx context.Context) (*awscloudtrail.CreateTrailOutput, error) {
		return conn.CreateTrail(ctx, input)
	}, isIAMPropagationError)
	if err != nil {
		return false, rollback(explainTrailError(fmt.Errorf("creating CloudTrail trail: %w", err)))
	}
	if err := r.configureTrail(ctx, want, nil); err != nil {
		return true, err
	}
	return true, nil
}

// configureTrail applies event selectors, Insights and tags and makes sure
// the trail is logging. prior is nil on create.
func (r *auditTrailResource) configureTrail(ctx context.Context, want desiredTrail, prior *auditTrailModel) error {
	conn := r.client.CloudTrail()
	_, err := conn.PutEventSelectors(ctx, &awscloudtrail.PutEventSelectorsInput{
		TrailName:              aws.String(want.Name),
		AdvancedEventSelectors: buildAdvancedSelectors(want.S3DataEvents, want.LambdaDataEvents, want.CustomSelectors),
	})
	if err != nil {
		return fmt.Errorf("putting event selectors on CloudTrail trail %q: %w", want.Name, err)
	}

	current := []string{}
	if prior != nil {
		out, err := conn.GetInsightSelectors(ctx, &awscloudtrail.GetInsightSelectorsInput{TrailName: aws.String(want.Name)})
		if err != nil && !awsclient.HasErrorCode(err, "InsightNotEnabledException") {
			return fmt.Errorf("reading Insights of CloudTrail trail %q: %w", want.Name, err)
		}
		if out != nil {
			current = insightTypesFromSDK(out.InsightSelectors)
		}
	}
	if !slices.Equal(current, want.InsightTypes) && (prior != nil || len(want.InsightTypes) > 0) {
		_, err := conn.PutInsightSelectors(ctx, &awscloudtrail.PutInsightSelectorsInput{
			TrailName:        aws.String(want.Name),
			InsightSelectors: insightSelectorsToSDK(want.InsightTypes),
		})
		if err != nil {
			return fmt.Errorf("putting Insights selectors on CloudTrail trail %q: %w", want.Name, err)
		}
	}

	if prior != nil {
		if err := r.syncTrailTags(ctx, want); err != nil {
			return err
		}
	}

	status, err := conn.GetTrailStatus(ctx, &awscloudtrail.GetTrailStatusInput{Name: aws.String(want.Name)})
	if err != nil {
		return fmt.Errorf("reading status of CloudTrail trail %q: %w", want.Name, err)
	}
	if !aws.ToBool(status.IsLogging) {
		// StartLogging takes the trail name: moto 5.2 fails on the ARN, and
		// the name is equally valid on AWS for a trail in this account.
		if _, err := conn.StartLogging(ctx, &awscloudtrail.StartLoggingInput{Name: aws.String(want.Name)}); err != nil {
			return fmt.Errorf("starting logging on CloudTrail trail %q: %w", want.Name, err)
		}
	}
	deadline, ok := ctx.Deadline()
	wait := trailLoggingTimeout
	if ok && time.Until(deadline) < wait {
		wait = time.Until(deadline)
	}
	return waitTrailLogging(ctx, conn, want.Name, wait)
}

func (r *auditTrailResource) syncTrailTags(ctx context.Context, want desiredTrail) error {
	conn := r.client.CloudTrail()
	arn := trailARN(r.client.Partition, r.client.Region, r.client.AccountID, want.Name)
	current, err := r.trailTags(ctx, arn)
	if err != nil {
		return err
	}
	var remove []cttypes.Tag
	for k, v := range current {
		if _, keep := want.Tags[k]; !keep {
			remove = append(remove, cttypes.Tag{Key: aws.String(k), Value: aws.String(v)})
		}
	}
	if len(remove) > 0 {
		if _, err := conn.RemoveTags(ctx, &awscloudtrail.RemoveTagsInput{ResourceId: aws.String(arn), TagsList: remove}); err != nil {
			return fmt.Errorf("removing tags from CloudTrail trail %q: %w", want.Name, err)
		}
	}
	var add []cttypes.Tag
	for _, k := range sortedKeys(want.Tags) {
		if cur, ok := current[k]; !ok || cur != want.Tags[k] {
			add = append(add, cttypes.Tag{Key: aws.String(k), Value: aws.String(want.Tags[k])})
		}
	}
	if len(add) > 0 {
		if _, err := conn.AddTags(ctx, &awscloudtrail.AddTagsInput{ResourceId: aws.String(arn), TagsList: add}); err != nil {
			return fmt.Errorf("tagging CloudTrail trail %q: %w", want.Name, err)
		}
	}
	return nil
}

func (r *auditTrailResource) trailTags(ctx context.Context, arn string) (map[string]string, error) {
	out, err := r.client.CloudTrail().ListTags(ctx, &awscloudtrail.ListTagsInput{ResourceIdList: []string{arn}})
	if err != nil {
		return nil, fmt.Errorf("listing tags of CloudTrail trail %q: %w", arn, err)
	}
	tags := map[string]string{}
	for _, rt := range out.ResourceTagList {
		for _, t := range rt.TagsList {
			tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
	}
	return tags, nil
}

func trailTags(tags map[string]string) []cttypes.Tag {
	return tftags.AWSTags(tags, func(k, v string) cttypes.Tag { return cttypes.Tag{Key: aws.String(k), Value: aws.String(v)} })
}

// ensureLogGroup creates, adopts or corrects the trail's log group and
// reports whether this call created it.
func (r *auditTrailResource) ensureLogGroup(ctx context.Context, want desiredTrail) (created bool, err error) {
	return logdelivery.EnsureLogGroup(ctx, r.client.CloudWatchLogs(), logdelivery.LogGroup{
		Name: want.LogGroupName, KMSKeyARN: want.KMSKeyARN, RetentionDays: want.RetentionDays, Tags: want.Tags,
	})
}

// ensureRole creates the delivery role or brings an existing one (same
// name) back to the expected trust and inline policy. It returns the ARN.
func (r *auditTrailResource) ensureRole(ctx context.Context, want desiredTrail) (string, error) {
	trust, err := assumeRolePolicy(r.client.AccountID, trailARN(r.client.Partition, r.client.Region, r.client.AccountID, want.Name))
	if err != nil {
		return "", err
	}
	policy, err := deliveryPolicy(r.client.Partition, r.client.Region, r.client.AccountID, want.LogGroupName, want.Organization)
	if err != nil {
		return "", err
	}
	return logdelivery.EnsureRole(ctx, r.client.IAM(), logdelivery.Role{
		Name:        roleName(want.Name),
		TrustPolicy: trust,
		Description: fmt.Sprintf("CloudTrail delivery of trail %s to CloudWatch Logs (managed by commshield)", want.Name),
		PolicyName:  rolePolicyName,
		Policy:      policy,
		Tags:        want.Tags,
	})
}

func (r *auditTrailResource) recordPartialState(ctx context.Context, plan auditTrailModel, state stateSetter, diags *diag.Diagnostics) {
	m := plan
	if err := r.readInto(ctx, &m); err != nil {
		// Keep at least the identity, which is all Delete needs.
		m = plan
		m.ARN, m.HomeRegion, m.LogGroupARN, m.LogGroupKMSKeyARN, m.RoleARN = types.StringNull(), types.StringNull(), types.StringNull(), types.StringNull(), types.StringNull()
		m.IsLogging, m.IsMultiRegionTrail, m.IncludeGlobalServiceEvents, m.LogFileValidationEnabled = types.BoolNull(), types.BoolNull(), types.BoolNull(), types.BoolNull()
		m.ManagementEventsReadWriteType = types.StringNull()
	}
	diags.Append(state.Set(ctx, &m)...)
}

type stateSetter interface {
	Set(ctx context.Context, val any) diag.Diagnostics
}

// readAndSet reads the trail into prior's shape and stores it.
func (r *auditTrailResource) readAndSet(ctx context.Context, prior auditTrailModel, state stateSetter, diags *diag.Diagnostics) {
	m := prior
	if err := r.readInto(ctx, &m); err != nil {
		diags.AddError(fmt.Sprintf("reading %s (%s)", resourceName, prior.Name.ValueString()), err.Error())
		return
	}
	diags.Append(state.Set(ctx, &m)...)
}

func (r *auditTrailResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state auditTrailModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	err := r.readInto(ctx, &state)
	if awsclient.IsNotFound(err) {
		resp.Diagnostics.AddWarning(fmt.Sprintf("%s (%s) not found, removing from state", resourceName, state.ID.ValueString()),
			"The trail no longer exists; Terraform will plan to create it again. A retained log group and the delivery role, if still present, are adopted on create.")
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("reading %s (%s)", resourceName, state.ID.ValueString()), err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// readInto overwrites m with what AWS reports. The trail missing is an
// awsclient.NotFoundError; a missing log group or role is recorded as empty values so
// that the next plan repairs them.
func (r *auditTrailResource) readInto(ctx context.Context, m *auditTrailModel) error {
	name := m.Name.ValueString()
	if name == "" {
		name = m.ID.ValueString()
	}
	trail, err := FindTrailByName(ctx, r.client.CloudTrail(), name)
	if err != nil {
		return err
	}
	conn := r.client.CloudTrail()
	arn := aws.ToString(trail.TrailARN)
	m.ID = types.StringValue(name)
	m.Name = types.StringValue(aws.ToString(trail.Name))
	m.ARN = types.StringValue(arn)
	home := aws.ToString(trail.HomeRegion)
	if home == "" {
		home = regionFromARN(arn)
	}
	m.HomeRegion = types.StringValue(home)
	m.S3BucketName = types.StringValue(aws.ToString(trail.S3BucketName))
	m.S3KeyPrefix = optionalString(trail.S3KeyPrefix)
	m.KMSKeyARN = optionalString(trail.KmsKeyId)
	m.IsOrganizationTrail = types.BoolValue(aws.ToBool(trail.IsOrganizationTrail))
	m.IsMultiRegionTrail = types.BoolValue(aws.ToBool(trail.IsMultiRegionTrail))
	m.IncludeGlobalServiceEvents = types.BoolValue(aws.ToBool(trail.IncludeGlobalServiceEvents))
	m.LogFileValidationEnabled = types.BoolValue(aws.ToBool(trail.LogFileValidationEnabled))
	if m.RetainLogGroupOnDestroy.IsNull() {
		m.RetainLogGroupOnDestroy = types.BoolValue(true)
	}

	status, err := conn.GetTrailStatus(ctx, &awscloudtrail.GetTrailStatusInput{Name: aws.String(name)})
	if err != nil {
		return fmt.Errorf("reading status of CloudTrail trail %q: %w", name, err)
	}
	m.IsLogging = types.BoolValue(aws.ToBool(status.IsLogging))

	attachedGroupARN := aws.ToString(trail.CloudWatchLogsLogGroupArn)
	if m.LogGroupName.IsNull() || m.LogGroupName.IsUnknown() {
		// Import: take the group the trail delivers to, else the default.
		m.LogGroupName = types.StringValue(defaultLogGroupName(name))
		if n := logGroupNameFromARN(attachedGroupARN); n != "" {
			m.LogGroupName = types.StringValue(n)
		}
	}
	groupName := m.LogGroupName.ValueString()
	expectedGroupARN := logGroupARN(r.client.Partition, r.client.Region, r.client.AccountID, groupName)
	m.LogGroupARN, m.LogGroupKMSKeyARN, m.LogRetentionDays = types.StringNull(), types.StringNull(), types.Int64Null()
	group, err := logdelivery.FindLogGroupByName(ctx, r.client.CloudWatchLogs(), groupName)
	switch {
	case err == nil:
		m.LogGroupKMSKeyARN = optionalString(group.KmsKeyId)
		m.LogRetentionDays = types.Int64Value(int64(aws.ToInt32(group.RetentionInDays)))
		if attachedGroupARN == expectedGroupARN {
			m.LogGroupARN = types.StringValue(expectedGroupARN)
		}
	case !awsclient.IsNotFound(err):
		return err
	}

	m.RoleARN = types.StringNull()
	role, err := logdelivery.FindRoleByName(ctx, r.client.IAM(), roleName(name))
	switch {
	case err == nil:
		if aws.ToString(role.Arn) == aws.ToString(trail.CloudWatchLogsRoleArn) {
			m.RoleARN = types.StringValue(aws.ToString(role.Arn))
		}
	case !awsclient.IsNotFound(err):
		return err
	}

	var diags diag.Diagnostics
	sel, err := conn.GetEventSelectors(ctx, &awscloudtrail.GetEventSelectorsInput{TrailName: aws.String(name)})
	if err != nil {
		return fmt.Errorf("reading event selectors of CloudTrail trail %q: %w", name, err)
	}
	settings := classifySelectors(sel.EventSelectors, sel.AdvancedEventSelectors)
	m.ManagementEventsReadWriteType = types.StringValue(settings.ManagementReadWrite)
	if !m.AdvancedEventSelectors.IsNull() {
		m.AdvancedEventSelectors = selectorsValue(ctx, settings.AllData, &diags)
	} else {
		if settings.S3DataEvents || settings.LambdaDataEvents || !m.DataEvents.IsNull() {
			m.DataEvents = dataEventsValue(settings.S3DataEvents, settings.LambdaDataEvents)
		}
		m.AdvancedEventSelectors = selectorsValue(ctx, settings.Custom, &diags)
	}

	insights, err := conn.GetInsightSelectors(ctx, &awscloudtrail.GetInsightSelectorsInput{TrailName: aws.String(name)})
	if err != nil && !awsclient.HasErrorCode(err, "InsightNotEnabledException") {
		return fmt.Errorf("reading Insights of CloudTrail trail %q: %w", name, err)
	}
	var insightTypes []string
	if insights != nil {
		insightTypes = insightTypesFromSDK(insights.InsightSelectors)
	}
	if len(insightTypes) > 0 || !m.InsightTypes.IsNull() {
		set, d := types.SetValueFrom(ctx, types.StringType, insightTypes)
		diags.Append(d...)
		m.InsightTypes = set
	}

	tags, err := r.trailTags(ctx, arn)
	if err != nil {
		return err
	}
	priorTags := stringMapFromModel(ctx, m.Tags, &diags)
	m.Tags = tagsValue(ownTags(tags, r.client.DefaultTags, priorTags), m.Tags.IsNull())
	m.TagsAll = tagsValue(tags, false)
	if diags.HasError() {
		return fmt.Errorf("converting CloudTrail trail %q to state: %v", name, diags)
	}
	return nil
}

func optionalString(p *string) types.String {
	if aws.ToString(p) == "" {
		return types.StringNull()
	}
	return types.StringValue(*p)
}

func (r *auditTrailResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state auditTrailModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	want := r.desired(ctx, plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, updateTimeout)
	defer cancel()

	if err := r.update(ctx, want, &state); err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("updating %s (%s)", resourceName, want.Name), err.Error())
		// Record what is there now, so the next plan shows what is left to do.
		current := plan
		if rerr := r.readInto(ctx, &current); rerr == nil {
			resp.Diagnostics.Append(resp.State.Set(ctx, &current)...)
		} else {
			resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
		}
		return
	}
	r.readAndSet(ctx, plan, &resp.State, &resp.Diagnostics)
}

// update converges every object on the plan: it recreates a log group or
// role deleted outside Terraform, restores the trail's settings, selectors,
// Insights and tags, and restarts logging.
func (r *auditTrailResource) update(ctx context.Context, want desiredTrail, prior *auditTrailModel) error {
	if _, err := r.ensureLogGroup(ctx, want); err != nil {
		return err
	}
	roleARN, err := r.ensureRole(ctx, want)
	if err != nil {
		return err
	}
	conn := r.client.CloudTrail()
	input := &awscloudtrail.UpdateTrailInput{
		Name:                       aws.String(want.Name),
		S3BucketName:               aws.String(want.S3BucketName),
		S3KeyPrefix:                aws.String(want.S3KeyPrefix),
		KmsKeyId:                   aws.String(want.KMSKeyARN),
		IsMultiRegionTrail:         aws.Bool(true),
		IncludeGlobalServiceEvents: aws.Bool(true),
		EnableLogFileValidation:    aws.Bool(true),
		IsOrganizationTrail:        aws.Bool(want.Organization),
		CloudWatchLogsLogGroupArn:  aws.String(logGroupARN(r.client.Partition, r.client.Region, r.client.AccountID, want.LogGroupName)),
		CloudWatchLogsRoleArn:      aws.String(roleARN),
	}
	if _, err := awsclient.RetryWhen(ctx, iamPropagationTimeout, maxBackoff, func(ctx context.Context) (*awscloudtrail.UpdateTrailOutput, error) {
		return conn.UpdateTrail(ctx, input)
	}, isIAMPropagationError); err != nil {
		return explainTrailError(fmt.Errorf("updating CloudTrail trail: %w", err))
	}
	return r.configureTrail(ctx, want, prior)
}

func (r *auditTrailResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state auditTrailModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, deleteTimeout)
	defer cancel()

	name := state.Name.ValueString()
	if err := r.deleteTrail(ctx, name); err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("deleting %s (%s)", resourceName, name), err.Error())
		return
	}
	if err := r.deleteRole(ctx, name); err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("deleting %s (%s)", resourceName, name), err.Error())
		return
	}
	if !state.RetainLogGroupOnDestroy.IsNull() && !state.RetainLogGroupOnDestroy.ValueBool() && !state.LogGroupName.IsNull() {
		if err := r.deleteLogGroup(ctx, state.LogGroupName.ValueString()); err != nil {
			resp.Diagnostics.AddError(fmt.Sprintf("deleting %s (%s)", resourceName, name), err.Error())
		}
	}
}

// deleteTrail deletes by name (moto 5.2 ignores an ARN here) and treats a
// missing trail as deleted.
func (r *auditTrailResource) deleteTrail(ctx context.Context, name string) error {
	_, err := r.client.CloudTrail().DeleteTrail(ctx, &awscloudtrail.DeleteTrailInput{Name: aws.String(name)})
	if err != nil && !awsclient.HasErrorCode(err, errCodeTrailNotFound) {
		return fmt.Errorf("deleting CloudTrail trail %q: %w", name, err)
	}
	return nil
}

func (r *auditTrailResource) deleteRole(ctx context.Context, trailName string) error {
	return logdelivery.DeleteRole(ctx, r.client.IAM(), roleName(trailName), rolePolicyName)
}

func (r *auditTrailResource) deleteLogGroup(ctx context.Context, name string) error {
	return logdelivery.DeleteLogGroup(ctx, r.client.CloudWatchLogs(), name)
}

func (r *auditTrailResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	name := trailNameFromImportID(req.ID)
	if err := validateTrailName(name); err != nil {
		resp.Diagnostics.AddError("Invalid import ID", fmt.Sprintf("expected a trail name or trail ARN: %v", err))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), name)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
}

// explainTrailError adds the usual cause to the errors CloudTrail returns
// when the bucket or key policy does not admit it.
func explainTrailError(err error) error {
	switch {
	case awsclient.HasErrorCode(err, errCodeInsufficientBucketPolicy):
		return fmt.Errorf("%w\n\nThe log archive bucket policy must allow cloudtrail.amazonaws.com s3:GetBucketAcl and s3:PutObject (commshield_log_archive does this)", err)
	case awsclient.HasErrorCode(err, errCodeInsufficientEncryption):
		return fmt.Errorf("%w\n\nThe KMS key policy must allow cloudtrail.amazonaws.com kms:GenerateDataKey* and kms:DescribeKey (commshield_kms_key with cloudtrail among its service principals does this)", err)
	}
	return err
}

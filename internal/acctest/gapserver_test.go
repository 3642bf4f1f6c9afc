package acctest_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	aatypes "github.com/aws/aws-sdk-go-v2/service/accessanalyzer/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	shtypes "github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/commshield/terraform-provider-commshield/internal/acctest"
	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
)

// TestGapServerShapes drives the gap server's operations through the real
// SDK clients, so their wire shapes are the SDK's, not the server's own
// idea of them. Nothing is forwarded, so no moto is needed.
func TestGapServerShapes(t *testing.T) {
	ctx := context.Background()
	gap := acctest.NewGapServer(t, "http://127.0.0.1:1")
	cfg := aws.Config{Region: acctest.Region, Credentials: credentials.NewStaticCredentialsProvider("testing", "testing", "")}
	ec2c := ec2.NewFromConfig(cfg, func(o *ec2.Options) { o.BaseEndpoint = aws.String(gap.EC2URL()) })
	hub := securityhub.NewFromConfig(cfg, func(o *securityhub.Options) { o.BaseEndpoint = aws.String(gap.SecurityHubURL()) })
	denied := securityhub.NewFromConfig(cfg, func(o *securityhub.Options) { o.BaseEndpoint = aws.String(gap.SecurityHubDeniedURL()) })

	// Each error is checked before the output is read: a failed call
	// returns a nil output, which would panic instead of failing.
	got, err := ec2c.GetEbsDefaultKmsKeyId(ctx, &ec2.GetEbsDefaultKmsKeyIdInput{})
	if err != nil {
		t.Fatalf("GetEbsDefaultKmsKeyId before any change: %v", err)
	}
	if !strings.HasSuffix(aws.ToString(got.KmsKeyId), ":alias/aws/ebs") {
		t.Fatalf("GetEbsDefaultKmsKeyId before any change = %v; want the AWS managed key", aws.ToString(got.KmsKeyId))
	}
	const key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	if _, err := ec2c.ModifyEbsDefaultKmsKeyId(ctx, &ec2.ModifyEbsDefaultKmsKeyIdInput{KmsKeyId: aws.String(key)}); err != nil {
		t.Fatal(err)
	}
	if got, err = ec2c.GetEbsDefaultKmsKeyId(ctx, &ec2.GetEbsDefaultKmsKeyIdInput{}); err != nil {
		t.Fatalf("GetEbsDefaultKmsKeyId after Modify: %v", err)
	}
	if aws.ToString(got.KmsKeyId) != key {
		t.Fatalf("after Modify: %v, want %s", aws.ToString(got.KmsKeyId), key)
	}
	if _, err := ec2c.ResetEbsDefaultKmsKeyId(ctx, &ec2.ResetEbsDefaultKmsKeyIdInput{}); err != nil {
		t.Fatal(err)
	}
	if got, err = ec2c.GetEbsDefaultKmsKeyId(ctx, &ec2.GetEbsDefaultKmsKeyIdInput{}); err != nil {
		t.Fatalf("GetEbsDefaultKmsKeyId after Reset: %v", err)
	}
	if !strings.HasSuffix(aws.ToString(got.KmsKeyId), ":alias/aws/ebs") {
		t.Fatalf("after Reset: %v", aws.ToString(got.KmsKeyId))
	}

	const fsbp = "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0"
	en, err := hub.BatchEnableStandards(ctx, &securityhub.BatchEnableStandardsInput{
		StandardsSubscriptionRequests: []shtypes.StandardsSubscriptionRequest{{StandardsArn: aws.String(fsbp)}},
	})
	if err != nil || len(en.StandardsSubscriptions) != 1 || en.StandardsSubscriptions[0].StandardsStatus != shtypes.StandardsStatusPending {
		t.Fatalf("BatchEnableStandards = %+v, %v; want one PENDING subscription", en, err)
	}
	list, err := hub.GetEnabledStandards(ctx, &securityhub.GetEnabledStandardsInput{})
	if err != nil || len(list.StandardsSubscriptions) != 1 || list.StandardsSubscriptions[0].StandardsStatus != shtypes.StandardsStatusReady ||
		aws.ToString(list.StandardsSubscriptions[0].StandardsArn) != fsbp {
		t.Fatalf("GetEnabledStandards = %+v, %v; want the READY foundational standard", list, err)
	}
	subARN := list.StandardsSubscriptions[0].StandardsSubscriptionArn
	if _, err := hub.BatchDisableStandards(ctx, &securityhub.BatchDisableStandardsInput{StandardsSubscriptionArns: []string{aws.ToString(subARN)}}); err != nil {
		t.Fatal(err)
	}
	if list, err = hub.GetEnabledStandards(ctx, &securityhub.GetEnabledStandardsInput{}); err != nil {
		t.Fatalf("GetEnabledStandards after BatchDisableStandards: %v", err)
	}
	if len(list.StandardsSubscriptions) != 0 {
		t.Fatalf("after BatchDisableStandards: %+v", list.StandardsSubscriptions)
	}
	if _, err := hub.BatchEnableStandards(ctx, &securityhub.BatchEnableStandardsInput{
		StandardsSubscriptionRequests: []shtypes.StandardsSubscriptionRequest{{StandardsArn: aws.String("not-an-arn")}},
	}); awsclient.ErrorCode(err) != "InvalidInputException" {
		t.Fatalf("bad ARN: err = %v, want InvalidInputException", err)
	}

	if _, err := denied.DescribeHub(ctx, &securityhub.DescribeHubInput{}); awsclient.ErrorCode(err) != "AccessDeniedException" {
		t.Fatalf("denied DescribeHub: err = %v, want AccessDeniedException", err)
	}
}

// TestGapServerIMDSDefaults drives the account-level IMDS defaults through
// the real EC2 client: set, read back, and clear with "no-preference".
func TestGapServerIMDSDefaults(t *testing.T) {
	ctx := context.Background()
	gap := acctest.NewGapServer(t, "http://127.0.0.1:1")
	cfg := aws.Config{Region: acctest.Region, Credentials: credentials.NewStaticCredentialsProvider("testing", "testing", "")}
	c := ec2.NewFromConfig(cfg, func(o *ec2.Options) { o.BaseEndpoint = aws.String(gap.EC2URL()) })

	got, err := c.GetInstanceMetadataDefaults(ctx, &ec2.GetInstanceMetadataDefaultsInput{})
	if err != nil {
		t.Fatalf("GetInstanceMetadataDefaults before any change: %v", err)
	}
	if got.AccountLevel == nil || got.AccountLevel.HttpTokens != "" {
		t.Fatalf("before any change: %+v; want no preference", got.AccountLevel)
	}
	if _, err := c.ModifyInstanceMetadataDefaults(ctx, &ec2.ModifyInstanceMetadataDefaultsInput{
		HttpTokens: ec2types.MetadataDefaultHttpTokensStateRequired, HttpPutResponseHopLimit: aws.Int32(2),
	}); err != nil {
		t.Fatal(err)
	}
	if got, err = c.GetInstanceMetadataDefaults(ctx, &ec2.GetInstanceMetadataDefaultsInput{}); err != nil {
		t.Fatalf("GetInstanceMetadataDefaults after Modify: %v", err)
	}
	if got.AccountLevel == nil || got.AccountLevel.HttpTokens != ec2types.HttpTokensStateRequired || aws.ToInt32(got.AccountLevel.HttpPutResponseHopLimit) != 2 {
		t.Fatalf("after Modify: %+v; want required tokens, hop limit 2", got.AccountLevel)
	}
	if _, err := c.ModifyInstanceMetadataDefaults(ctx, &ec2.ModifyInstanceMetadataDefaultsInput{
		HttpTokens: ec2types.MetadataDefaultHttpTokensStateNoPreference, HttpPutResponseHopLimit: aws.Int32(-1),
	}); err != nil {
		t.Fatal(err)
	}
	if got, err = c.GetInstanceMetadataDefaults(ctx, &ec2.GetInstanceMetadataDefaultsInput{}); err != nil {
		t.Fatalf("GetInstanceMetadataDefaults after no-preference: %v", err)
	}
	if got.AccountLevel == nil || got.AccountLevel.HttpTokens != "" || got.AccountLevel.HttpPutResponseHopLimit != nil {
		t.Fatalf("after no-preference: %+v; want cleared", got.AccountLevel)
	}
}

// TestGapServerAccessAnalyzer drives the Access Analyzer emulation through
// the real SDK client: create, conflict, get, list, delete, not found.
func TestGapServerAccessAnalyzer(t *testing.T) {
	ctx := context.Background()
	gap := acctest.NewGapServer(t, "http://127.0.0.1:1")
	cfg := aws.Config{Region: acctest.Region, Credentials: credentials.NewStaticCredentialsProvider("testing", "testing", "")}
	c := accessanalyzer.NewFromConfig(cfg, func(o *accessanalyzer.Options) { o.BaseEndpoint = aws.String(gap.AccessAnalyzerURL()) })

	created, err := c.CreateAnalyzer(ctx, &accessanalyzer.CreateAnalyzerInput{AnalyzerName: aws.String("acct"), Type: aatypes.TypeAccount})
	if err != nil || !strings.HasSuffix(aws.ToString(created.Arn), ":analyzer/acct") {
		t.Fatalf("CreateAnalyzer = %v, %v", created, err)
	}
	if _, err := c.CreateAnalyzer(ctx, &accessanalyzer.CreateAnalyzerInput{AnalyzerName: aws.String("acct"), Type: aatypes.TypeAccount}); !awsclient.HasErrorCode(err, "ConflictException") {
		t.Fatalf("second CreateAnalyzer: %v, want ConflictException", err)
	}
	got, err := c.GetAnalyzer(ctx, &accessanalyzer.GetAnalyzerInput{AnalyzerName: aws.String("acct")})
	if err != nil {
		t.Fatalf("GetAnalyzer: %v", err)
	}
	if got.Analyzer == nil || got.Analyzer.Status != aatypes.AnalyzerStatusActive || got.Analyzer.Type != aatypes.TypeAccount || got.Analyzer.CreatedAt == nil {
		t.Fatalf("GetAnalyzer = %+v, %v", got, err)
	}
	list, err := c.ListAnalyzers(ctx, &accessanalyzer.ListAnalyzersInput{Type: aatypes.TypeAccount})
	if err != nil || len(list.Analyzers) != 1 {
		t.Fatalf("ListAnalyzers = %+v, %v", list, err)
	}
	if _, err := c.DeleteAnalyzer(ctx, &accessanalyzer.DeleteAnalyzerInput{AnalyzerName: aws.String("acct")}); err != nil {
		t.Fatal(err)
	}
	var nf *aatypes.ResourceNotFoundException
	if _, err := c.GetAnalyzer(ctx, &accessanalyzer.GetAnalyzerInput{AnalyzerName: aws.String("acct")}); !errors.As(err, &nf) {
		t.Fatalf("GetAnalyzer after delete: %v, want ResourceNotFoundException", err)
	}
}

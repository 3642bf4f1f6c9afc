package acctest_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	s3controltypes "github.com/aws/aws-sdk-go-v2/service/s3control/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/commshield/terraform-provider-commshield/internal/acctest"
)

func TestMain(m *testing.M) { acctest.Run(m) }

// TestAccHarness_motoReachable proves Run started moto and that the shared
// client factory reaches it with the fake credentials.
func TestAccHarness_motoReachable(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make testacc)")
	}
	c := acctest.Client(t)
	if c.AccountID != acctest.MotoAccountID {
		t.Errorf("AccountID = %q, want moto's %q", c.AccountID, acctest.MotoAccountID)
	}
	if c.Partition != "aws" || c.Region != acctest.Region {
		t.Errorf("Partition, Region = %q, %q; want aws, %s", c.Partition, c.Region, acctest.Region)
	}
	if _, err := c.STS().GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatalf("GetCallerIdentity against moto: %v", err)
	}
	if tf := os.Getenv("TF_ACC_TERRAFORM_PATH"); tf == "" {
		t.Error("Run did not set TF_ACC_TERRAFORM_PATH")
	}
}

// TestAccHarness_s3ControlThroughResolver proves the S3 Control workaround:
// without awsclient's fixed resolver the SDK would send the request to
// 123456789012.127.0.0.1, which does not resolve. (Account-level settings
// are global in moto; this package's moto serves only the harness tests.)
func TestAccHarness_s3ControlThroughResolver(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make testacc)")
	}
	ctx := context.Background()
	c := acctest.Client(t)
	_, err := c.S3Control().PutPublicAccessBlock(ctx, &s3control.PutPublicAccessBlockInput{
		AccountId: aws.String(c.AccountID),
		PublicAccessBlockConfiguration: &s3controltypes.PublicAccessBlockConfiguration{
			BlockPublicAcls: aws.Bool(true), BlockPublicPolicy: aws.Bool(true), IgnorePublicAcls: aws.Bool(true), RestrictPublicBuckets: aws.Bool(true),
		},
	})
	if err != nil {
		t.Fatalf("PutPublicAccessBlock (account) against moto: %v", err)
	}
	out, err := c.S3Control().GetPublicAccessBlock(ctx, &s3control.GetPublicAccessBlockInput{AccountId: aws.String(c.AccountID)})
	if err != nil {
		t.Fatalf("GetPublicAccessBlock (account): %v", err)
	}
	if !aws.ToBool(out.PublicAccessBlockConfiguration.RestrictPublicBuckets) {
		t.Errorf("account public access block not stored: %+v", out.PublicAccessBlockConfiguration)
	}
}

func TestProviderConfig(t *testing.T) {
	t.Setenv("TF_ACC", "1")
	t.Setenv("COMMSHIELD_ACC_MOTO_ENDPOINT", "http://127.0.0.1:5999")
	got := acctest.ProviderConfigWithDefaultTags(t, map[string]string{"Owner": "noc", "Env": "acc"})
	for _, want := range []string{
		`region      = "us-east-1"`,
		`s3 = "http://127.0.0.1:5999"`,
		`kms = "http://127.0.0.1:5999"`,
		`sts = "http://127.0.0.1:5999"`,
		"default_tags {",
		`"Env" = "acc"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("provider config lacks %q:\n%s", want, got)
		}
	}
	if strings.Index(got, `"Env"`) > strings.Index(got, `"Owner"`) {
		t.Errorf("default tags not sorted:\n%s", got)
	}
}

func TestRandomName(t *testing.T) {
	a, b := acctest.RandomName("kms"), acctest.RandomName("kms")
	if a == b {
		t.Errorf("RandomName returned %q twice", a)
	}
	if !strings.HasPrefix(a, "cs-acc-kms-") || len(a) != len("cs-acc-kms-")+8 {
		t.Errorf("RandomName = %q, want cs-acc-kms-<8 chars>", a)
	}
}

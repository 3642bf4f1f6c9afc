package awsclient

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// stsServer answers every request like STS does for a rejected access key
// (the documented InvalidClientTokenId error) and counts the requests.
func stsServer(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte(`<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>` +
			`<Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error>` +
			`<RequestId>4b5c1d2e-0000-0000-0000-000000000000</RequestId></ErrorResponse>`))
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

// isolateFromHost keeps the developer's ~/.aws and environment out of a
// test: empty shared files, no credential variables, no IMDS.
func isolateFromHost(t *testing.T) {
	t.Helper()
	empty := filepath.Join(t.TempDir(), "empty")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_REGION",
		"AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN",
		"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI"} {
		t.Setenv(k, "")
	}
	t.Setenv("AWS_CONFIG_FILE", empty)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", empty)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
}

// TestNewDefaultRejectsBadCredentials: by default New validates the
// credentials and the error names the AWS error and both fixes.
func TestNewDefaultRejectsBadCredentials(t *testing.T) {
	isolateFromHost(t)
	srv, calls := stsServer(t)
	_, err := New(context.Background(), Config{
		Region: "eu-west-1", AccessKey: "AKIDREVOKED", SecretKey: "secret",
		Endpoints: map[string]string{"sts": srv.URL}, MaxRetries: 1, RetryMode: RetryModeStandard,
	})
	if err == nil {
		t.Fatal("New() = nil error, want the rejected credentials reported")
	}
	for _, want := range []string{"sts:GetCallerIdentity", "InvalidClientTokenId", "AWS_ACCESS_KEY_ID", "skip_credentials_validation = true"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("New() error lacks %q:\n%v", want, err)
		}
	}
	if calls.Load() == 0 {
		t.Error("New() never called the sts endpoint override")
	}
}

// TestNewDefaultWithoutCredentials: no credentials anywhere fails before any
// request, naming the fix.
func TestNewDefaultWithoutCredentials(t *testing.T) {
	isolateFromHost(t)
	srv, calls := stsServer(t)
	_, err := New(context.Background(), Config{Region: "eu-west-1", Endpoints: map[string]string{"sts": srv.URL}, MaxRetries: 1})
	if err == nil || !strings.Contains(err.Error(), "no usable AWS credentials") || !strings.Contains(err.Error(), "skip_credentials_validation") {
		t.Fatalf("New() error = %v, want no usable credentials and the skip hint", err)
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("%d requests reached STS without credentials, want 0", n)
	}
}

func TestSkipCredentialsValidationDefersProblems(t *testing.T) {
	tests := []struct {
		name    string
		cfg     Config
		needs   Needs
		wantErr []string // empty: Require succeeds
		wantSTS bool     // Require must have asked STS
	}{
		{
			name:    "no credentials, no region",
			cfg:     Config{},
			wantErr: []string{"no AWS region", "skip_credentials_validation = true postponed", "commshield_controls"},
		},
		{
			name:    "region but no credentials",
			cfg:     Config{Region: "eu-west-1"},
			wantErr: []string{"no usable AWS credentials", "AWS_ACCESS_KEY_ID"},
		},
		{
			name:    "account ID needed but skipped",
			cfg:     Config{Region: "eu-west-1", AccessKey: "AKID", SecretKey: "s", SkipRequestingAccountID: true},
			needs:   Needs{AccountID: true},
			wantErr: []string{"skip_requesting_account_id = true", "remove skip_requesting_account_id"},
		},
		{
			name: "account ID not needed and skipped: credentials suffice, no STS call",
			cfg:  Config{Region: "eu-west-1", AccessKey: "AKID", SecretKey: "s", SkipRequestingAccountID: true},
		},
		{
			name:    "account ID fetched lazily: rejected credentials reported then",
			cfg:     Config{Region: "eu-west-1", AccessKey: "AKID", SecretKey: "s"},
			needs:   Needs{AccountID: true},
			wantErr: []string{"InvalidClientTokenId", "AWS_ACCESS_KEY_ID"},
			wantSTS: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolateFromHost(t)
			srv, calls := stsServer(t)
			cfg := tt.cfg
			cfg.SkipCredentialsValidation = true
			cfg.Endpoints = map[string]string{"sts": srv.URL}
			cfg.MaxRetries = 1
			cfg.RetryMode = RetryModeStandard
			c, err := New(context.Background(), cfg)
			if err != nil {
				t.Fatalf("New() with skip_credentials_validation = %v, want no error", err)
			}
			if n := calls.Load(); n != 0 {
				t.Fatalf("New() made %d AWS calls, want none", n)
			}
			err = c.Require(context.Background(), tt.needs)
			if len(tt.wantErr) == 0 {
				if err != nil {
					t.Fatalf("Require() = %v, want nil", err)
				}
			} else {
				if err == nil {
					t.Fatalf("Require() = nil, want %q", tt.wantErr)
				}
				for _, want := range tt.wantErr {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("Require() error lacks %q:\n%v", want, err)
					}
				}
			}
			if got := calls.Load() > 0; got != tt.wantSTS {
				t.Errorf("Require() called STS = %v, want %v", got, tt.wantSTS)
			}
			if c.Partition != "aws" {
				t.Errorf("Partition = %q, want aws from the region", c.Partition)
			}
		})
	}
}

func TestClientFromProviderDataDiagnostics(t *testing.T) {
	isolateFromHost(t)
	c, err := New(context.Background(), Config{Region: "eu-west-1", AccessKey: "AKID", SecretKey: "s", SkipCredentialsValidation: true, SkipRequestingAccountID: true})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name         string
		providerData any
		typeName     string
		needs        Needs
		wantClient   *Client
		wantSummary  string   // "" for no diagnostic
		wantInDetail []string // the resource or the wrong type, and what to do
	}{
		{name: "account ID needed but skipped", providerData: c, typeName: "commshield_kms_key", needs: Needs{AccountID: true},
			wantSummary: "AWS account ID required", wantInDetail: []string{"commshield_kms_key", "skip_requesting_account_id"}},
		{name: "no account ID needed", providerData: c, typeName: "commshield_log_archive", wantClient: c},
		// The provider is not configured yet during validation.
		{name: "unconfigured provider", providerData: nil, typeName: "commshield_kms_key"},
		{name: "wrong provider data type", providerData: "not a client", typeName: "commshield_kms_key",
			wantSummary: "Unexpected provider data", wantInDetail: []string{"*awsclient.Client", "got string", "bug in the provider"}},
		{name: "client by value, not pointer", providerData: Client{}, typeName: "commshield_kms_key",
			wantSummary: "Unexpected provider data", wantInDetail: []string{"got awsclient.Client"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, diags := ClientFromProviderData(context.Background(), tt.providerData, tt.typeName, tt.needs)
			if got != tt.wantClient {
				t.Errorf("client = %v, want %v", got, tt.wantClient)
			}
			if tt.wantSummary == "" {
				if diags.HasError() {
					t.Errorf("unexpected diagnostics: %v", diags)
				}
				return
			}
			if len(diags) != 1 || !diags.HasError() || diags[0].Summary() != tt.wantSummary {
				t.Fatalf("diagnostics = %v, want one error %q", diags, tt.wantSummary)
			}
			for _, want := range tt.wantInDetail {
				if !strings.Contains(diags[0].Detail(), want) {
					t.Errorf("detail %q does not mention %q", diags[0].Detail(), want)
				}
			}
		})
	}
	var skipped *AccountIDSkippedError
	if !errors.As(c.Require(context.Background(), Needs{AccountID: true}), &skipped) {
		t.Error("Require does not return AccountIDSkippedError")
	}
}

func TestPartitionForRegion(t *testing.T) {
	t.Parallel()
	for region, want := range map[string]string{
		"": "aws", "eu-west-1": "aws", "cn-north-1": "aws-cn", "us-gov-west-1": "aws-us-gov",
		"us-iso-east-1": "aws-iso", "us-isob-east-1": "aws-iso-b", "eu-isoe-west-1": "aws-iso-e", "us-isof-south-1": "aws-iso-f",
	} {
		if got := PartitionForRegion(region); got != want {
			t.Errorf("PartitionForRegion(%q) = %q, want %q", region, got, want)
		}
	}
}

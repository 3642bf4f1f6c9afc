package awsclient

import (
	"strings"
	"testing"
	"time"
)

func TestConfigValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		cfg     Config
		wantErr []string // substrings; empty means valid
	}{
		{name: "empty config uses the default chain", cfg: Config{}},
		{
			name: "valid assume role and endpoints",
			cfg: Config{
				AssumeRole: &AssumeRole{RoleARN: "arn:aws:iam::123456789012:role/path/deployer", Duration: time.Hour},
				Endpoints:  map[string]string{"s3": "http://127.0.0.1:5000", "kms": "https://kms-fips.us-east-1.amazonaws.com"},
				RetryMode:  RetryModeStandard,
			},
		},
		{name: "gov cloud role", cfg: Config{AssumeRole: &AssumeRole{RoleARN: "arn:aws-us-gov:iam::123456789012:role/x"}}},
		{
			name:    "role arn that is a user",
			cfg:     Config{AssumeRole: &AssumeRole{RoleARN: "arn:aws:iam::123456789012:user/alice"}},
			wantErr: []string{"assume_role.role_arn", "not an IAM role ARN"},
		},
		{
			name:    "role arn with short account",
			cfg:     Config{AssumeRole: &AssumeRole{RoleARN: "arn:aws:iam::1234:role/x"}},
			wantErr: []string{"assume_role.role_arn"},
		},
		{
			name:    "duration too short",
			cfg:     Config{AssumeRole: &AssumeRole{RoleARN: "arn:aws:iam::123456789012:role/x", Duration: time.Minute}},
			wantErr: []string{"assume_role.duration", "15m0s"},
		},
		{
			name:    "unknown endpoint key lists the supported keys",
			cfg:     Config{Endpoints: map[string]string{"s4": "http://127.0.0.1:1"}},
			wantErr: []string{`unknown service key "s4"`, "cloudtrail", "s3"},
		},
		{
			name:    "relative endpoint url",
			cfg:     Config{Endpoints: map[string]string{"kms": "127.0.0.1:5000"}},
			wantErr: []string{"endpoints.kms", "absolute http(s) URL"},
		},
		{name: "bad retry mode", cfg: Config{RetryMode: "legacy"}, wantErr: []string{`retry_mode: "legacy"`}},
		{name: "negative retries", cfg: Config{MaxRetries: -1}, wantErr: []string{"max_retries"}},
		{name: "access key without secret", cfg: Config{AccessKey: "AKIA"}, wantErr: []string{"access_key and secret_key"}},
		{
			name:    "several problems reported together",
			cfg:     Config{RetryMode: "x", Endpoints: map[string]string{"nope": "http://a"}},
			wantErr: []string{"retry_mode", "nope"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.cfg.Validate()
			if len(tt.wantErr) == 0 {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate() = nil, want error containing %q", tt.wantErr)
			}
			for _, want := range tt.wantErr {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("Validate() = %q, missing %q", err, want)
				}
			}
		})
	}
}

func TestMergeTags(t *testing.T) {
	t.Parallel()
	got := MergeTags(map[string]string{"Owner": "noc", "Env": "prod"}, map[string]string{"Env": "lab", "App": "ims"})
	want := map[string]string{"Owner": "noc", "Env": "lab", "App": "ims"}
	if len(got) != len(want) {
		t.Fatalf("MergeTags = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("MergeTags[%q] = %q, want %q", k, got[k], v)
		}
	}
}

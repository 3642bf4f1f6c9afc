package baseline

import (
	"strings"
	"testing"

	gdtypes "github.com/aws/aws-sdk-go-v2/service/guardduty/types"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func disabledMap(t *testing.T, kv map[string]string) types.Map {
	t.Helper()
	elems := map[string]attr.Value{}
	for k, v := range kv {
		elems[k] = types.StringValue(v)
	}
	return types.MapValueMust(types.StringType, elems)
}

// TestGuardDutyFeatureConfigSendsEveryFeature: the update always carries all
// six managed features, the configured exceptions DISABLED, so the detector
// ends up the same whether the API merges (AWS) or replaces (moto) the list.
func TestGuardDutyFeatureConfigSendsEveryFeature(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		disabled map[string]string
		wantOff  []gdtypes.DetectorFeature
	}{
		{name: "none disabled", disabled: nil},
		{name: "one disabled", disabled: map[string]string{"RDS_LOGIN_EVENTS": "no RDS in this account"}, wantOff: []gdtypes.DetectorFeature{gdtypes.DetectorFeatureRdsLoginEvents}},
		{
			name:     "two disabled",
			disabled: map[string]string{"LAMBDA_NETWORK_LOGS": "no Lambda in this account", "RUNTIME_MONITORING": "not offered in this region"},
			wantOff:  []gdtypes.DetectorFeature{gdtypes.DetectorFeatureLambdaNetworkLogs, gdtypes.DetectorFeatureRuntimeMonitoring},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := guardDutyFeatureConfig(wantedGuardDutyFeatures(disabledMap(t, tt.disabled)))
			if len(got) != len(GuardDutyFeatures) {
				t.Fatalf("%d features sent, want all %d", len(got), len(GuardDutyFeatures))
			}
			for _, f := range got {
				wantStatus := gdtypes.FeatureStatusEnabled
				for _, off := range tt.wantOff {
					if f.Name == off {
						wantStatus = gdtypes.FeatureStatusDisabled
					}
				}
				if f.Status != wantStatus {
					t.Errorf("%s sent as %s, want %s", f.Name, f.Status, wantStatus)
				}
				if f.Name == gdtypes.DetectorFeatureEksRuntimeMonitoring {
					t.Error("EKS_RUNTIME_MONITORING sent; RUNTIME_MONITORING supersedes it")
				}
			}
		})
	}
}

func TestValidateGuardDutyDisabledFeatures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		guardDuty types.Bool
		disabled  map[string]string
		want      string // summary of the single expected error; "" for none
	}{
		{name: "valid exception", guardDuty: types.BoolNull(), disabled: map[string]string{"EKS_AUDIT_LOGS": "no EKS clusters in this account"}},
		{name: "unknown name", guardDuty: types.BoolNull(), disabled: map[string]string{"s3_data_events": "lower case is not the API name"}, want: "Unknown GuardDuty feature"},
		{name: "superseded name", guardDuty: types.BoolNull(), disabled: map[string]string{"EKS_RUNTIME_MONITORING": "no EKS clusters in this account"}, want: "Superseded GuardDuty feature"},
		{name: "blank reason", guardDuty: types.BoolNull(), disabled: map[string]string{"S3_DATA_EVENTS": "          x"}, want: "Reason required to turn off a GuardDuty feature"},
		{name: "exceptions while unmanaged", guardDuty: types.BoolValue(false), disabled: map[string]string{"S3_DATA_EVENTS": "no buckets in this account"}, want: "Feature exceptions on a detector the baseline does not manage"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			diags := validateGuardDutyDisabledFeatures(baselineModel{GuardDutyEnabled: tt.guardDuty, GuardDutyDisabledFeatures: disabledMap(t, tt.disabled)})
			if tt.want == "" {
				if diags.HasError() {
					t.Fatalf("unexpected diagnostics: %v", diags)
				}
				return
			}
			if len(diags) != 1 || diags[0].Summary() != tt.want {
				t.Fatalf("diagnostics = %v, want one %q", diags, tt.want)
			}
			if !strings.Contains(diags[0].Detail(), "guardduty") && !strings.Contains(diags[0].Detail(), "RUNTIME_MONITORING") && !strings.Contains(diags[0].Detail(), "S3_DATA_EVENTS") {
				t.Errorf("detail %q names neither the attribute nor the fix", diags[0].Detail())
			}
		})
	}
}

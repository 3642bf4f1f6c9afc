package ec2

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func tierObject(newbits int64, cidrs, allowed []string) types.Object {
	attrs := map[string]attr.Value{
		"newbits":       types.Int64Null(),
		"cidrs":         types.ListNull(types.StringType),
		"allowed_cidrs": types.ListNull(types.StringType),
	}
	if newbits > 0 {
		attrs["newbits"] = types.Int64Value(newbits)
	}
	if cidrs != nil {
		attrs["cidrs"] = listOfStrings(cidrs)
	}
	if allowed != nil {
		attrs["allowed_cidrs"] = listOfStrings(allowed)
	}
	return types.ObjectValueMust(tierAttrTypes, attrs)
}

// baseModel is a valid configuration as the framework hands it to
// ValidateConfig: unset optional attributes are null (defaults not applied).
func baseModel() segmentedVPCModel {
	return segmentedVPCModel{
		Name:                        types.StringValue("core"),
		CIDRBlock:                   types.StringValue("10.0.0.0/16"),
		AvailabilityZones:           listOfStrings([]string{"us-east-1a", "us-east-1b"}),
		Management:                  types.ObjectNull(tierAttrTypes),
		Signaling:                   types.ObjectNull(tierAttrTypes),
		UserPlane:                   types.ObjectNull(tierAttrTypes),
		Edge:                        types.ObjectNull(tierAttrTypes),
		EdgeJustification:           types.StringNull(),
		DeniedPorts:                 types.ListNull(types.ObjectType{AttrTypes: deniedPortAttrTypes}),
		FlowLogDestinationARN:       types.StringNull(),
		FlowLogKMSKeyARN:            types.StringValue("arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"),
		FlowLogRetentionDays:        types.Int64Null(),
		RetainFlowLogGroupOnDestroy: types.BoolNull(),
		EnableDNSSupport:            types.BoolNull(),
		EnableDNSHostnames:          types.BoolNull(),
		Tags:                        types.MapNull(types.StringType),
	}
}

func TestBuildDesired(t *testing.T) {
	tests := []struct {
		name        string
		edit        func(*segmentedVPCModel)
		wantErr     string
		wantWarning string
		check       func(*testing.T, *desiredVPC)
	}{
		{
			name: "defaults",
			check: func(t *testing.T, d *desiredVPC) {
				if got := strings.Join(d.tiers(), ","); got != "management,signaling,user_plane" {
					t.Errorf("tiers = %s", got)
				}
				if len(d.Denied) != len(defaultDeniedPorts) || !d.DNSSupport || !d.DNSHostnames || d.FlowRetention != 365 || !d.RetainFlowGroup {
					t.Errorf("defaults not applied: %+v", d)
				}
			},
		},
		{
			name:    "edge without justification",
			edit:    func(m *segmentedVPCModel) { m.Edge = tierObject(8, nil, []string{"0.0.0.0/0"}) },
			wantErr: "Edge tier without justification",
		},
		{
			name: "edge with justification",
			edit: func(m *segmentedVPCModel) {
				m.Edge = tierObject(8, nil, []string{"0.0.0.0/0"})
				m.EdgeJustification = types.StringValue("public SIP trunk, CR-1")
			},
			check: func(t *testing.T, d *desiredVPC) {
				if !d.hasEdge() || len(d.Allowed[tierEdge]) != 1 {
					t.Errorf("edge tier missing: %+v", d.Plan)
				}
			},
		},
		{
			name:        "justification without edge",
			edit:        func(m *segmentedVPCModel) { m.EdgeJustification = types.StringValue("no edge here at all") },
			wantWarning: "Justification without edge tier",
		},
		{
			name:    "internet allowed on management",
			edit:    func(m *segmentedVPCModel) { m.Management = tierObject(4, nil, []string{"0.0.0.0/0"}) },
			wantErr: "Internet-wide allow outside the edge tier",
		},
		{
			name:    "tier without size",
			edit:    func(m *segmentedVPCModel) { m.Signaling = tierObject(0, nil, []string{"192.168.0.0/24"}) },
			wantErr: "set signaling.newbits",
		},
		{
			name:    "host bits in VPC CIDR",
			edit:    func(m *segmentedVPCModel) { m.CIDRBlock = types.StringValue("10.0.0.1/16") },
			wantErr: "did you mean 10.0.0.0/16",
		},
		{
			name:    "VPC too large",
			edit:    func(m *segmentedVPCModel) { m.CIDRBlock = types.StringValue("10.0.0.0/8") },
			wantErr: "AWS VPCs must be /16 to /28",
		},
		{
			name:    "both flow destinations",
			edit:    func(m *segmentedVPCModel) { m.FlowLogDestinationARN = types.StringValue("arn:aws:s3:::archive") },
			wantErr: "Two flow log destinations",
		},
		{
			name:    "no flow destination",
			edit:    func(m *segmentedVPCModel) { m.FlowLogKMSKeyARN = types.StringNull() },
			wantErr: "Flow logs are mandatory",
		},
		{
			name: "overlapping explicit CIDRs",
			edit: func(m *segmentedVPCModel) {
				m.Management = tierObject(0, []string{"10.0.0.0/24", "10.0.1.0/24"}, nil)
				m.Signaling = tierObject(0, []string{"10.0.1.0/25", "10.0.2.0/24"}, nil)
			},
			wantErr: "overlaps management subnet",
		},
		{
			name: "too many rules for the default quota",
			edit: func(m *segmentedVPCModel) {
				var cidrs []string
				for i := range 12 { // 2 isolation + 6 denied ports + VPC + 12 = 21 per direction
					cidrs = append(cidrs, fmt.Sprintf("192.168.%d.0/24", i))
				}
				m.Management = tierObject(4, nil, cidrs)
			},
			wantWarning: "Network ACL rules above the default quota",
		},
		{
			name: "more than 40 rules per direction",
			edit: func(m *segmentedVPCModel) {
				var cidrs []string
				for i := range 35 {
					cidrs = append(cidrs, fmt.Sprintf("192.168.%d.0/24", i))
				}
				m.Management = tierObject(4, nil, cidrs)
			},
			wantErr: "AWS allows at most 40",
		},
		{
			name: "unknown CIDR is judged later",
			edit: func(m *segmentedVPCModel) { m.CIDRBlock = types.StringUnknown() },
			check: func(t *testing.T, d *desiredVPC) {
				if d != nil {
					t.Error("expected no desired state while the VPC CIDR is unknown")
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := baseModel()
			if tt.edit != nil {
				tt.edit(&m)
			}
			d, diags := buildDesired(context.Background(), m, nil)
			var errs, warns []string
			for _, dg := range diags {
				if dg.Severity().String() == "Error" {
					errs = append(errs, dg.Summary()+": "+dg.Detail())
				} else {
					warns = append(warns, dg.Summary()+": "+dg.Detail())
				}
			}
			if tt.wantErr == "" && len(errs) > 0 {
				t.Fatalf("unexpected errors: %v", errs)
			}
			if tt.wantErr != "" && !strings.Contains(strings.Join(errs, "\n"), tt.wantErr) {
				t.Fatalf("errors %v do not contain %q", errs, tt.wantErr)
			}
			if tt.wantWarning != "" && !strings.Contains(strings.Join(warns, "\n"), tt.wantWarning) {
				t.Fatalf("warnings %v do not contain %q", warns, tt.wantWarning)
			}
			if tt.check != nil {
				tt.check(t, d)
			}
		})
	}
}

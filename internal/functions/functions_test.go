package functions

import (
	"context"
	"net/netip"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func netipPrefix(t *testing.T, s string) netip.Prefix {
	t.Helper()
	p, err := netip.ParsePrefix(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestIsPlaintextPort(t *testing.T) {
	tests := []struct {
		protocol string
		port     int64
		want     bool
	}{
		{"tcp", 23, true},   // telnet
		{"TCP", 80, true},   // http
		{"6", 21, true},     // ftp, by protocol number
		{"tcp", 20, true},   // ftp-data (range 20-21)
		{"tcp", 513, true},  // rlogin (512-514)
		{"udp", 161, true},  // snmp
		{"17", 162, true},   // snmp trap
		{"udp", 69, true},   // tftp
		{"all", 161, true},  // any protocol: udp/161 is plaintext
		{"-1", 23, true},    // any protocol: tcp/23 is plaintext
		{"tcp", 22, false},  // ssh
		{"tcp", 443, false}, // https
		{"udp", 23, false},  // telnet is tcp only
		{"tcp", 161, false}, // snmp is udp only
		{"tcp", 0, false},
		{"tcp", 65535, false},
		{"icmp", 80, false},
		{"50", 80, false}, // ESP: no ports
	}
	for _, tt := range tests {
		got, err := IsPlaintextPort(tt.protocol, tt.port)
		if err != nil {
			t.Errorf("IsPlaintextPort(%q, %d): %v", tt.protocol, tt.port, err)
			continue
		}
		if got != tt.want {
			t.Errorf("IsPlaintextPort(%q, %d) = %v, want %v", tt.protocol, tt.port, got, tt.want)
		}
	}
	for _, bad := range []struct {
		protocol string
		port     int64
	}{{"", 80}, {"tcp", -1}, {"udp", 65536}, {"tpc", 23}, {"256", 23}} {
		if _, err := IsPlaintextPort(bad.protocol, bad.port); err == nil {
			t.Errorf("IsPlaintextPort(%q, %d) succeeded, want an error", bad.protocol, bad.port)
		}
	}
}

func TestIsTLSPolicyApproved(t *testing.T) {
	tests := []struct {
		service, name, level string
		want                 bool
	}{
		{"elbv2", "ELBSecurityPolicy-TLS13-1-2-2021-06", "tls12", true},
		{"elbv2", "ELBSecurityPolicy-TLS13-1-2-2021-06", "tls13", false},
		{"elbv2", "ELBSecurityPolicy-TLS13-1-3-2021-06", "tls13", true},
		{"elbv2", "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09", "pq-hybrid", true},
		{"elbv2", "ELBSecurityPolicy-TLS13-1-3-2021-06", "pq-hybrid", false},
		{"elbv2", "ELBSecurityPolicy-2016-08", "tls12", false}, // AWS's default: TLS 1.0
		{"elbv2", "ELBSecurityPolicy-2016-08", "legacy", true},
		{"elbv2", "elbsecuritypolicy-tls13-1-3-2021-06", "tls12", false}, // case-sensitive
		{"elbv2", "NoSuchPolicy", "legacy", false},
		{"cloudfront", "TLSv1.2_2021", "tls12", true},
		{"cloudfront", "TLSv1", "tls12", false},
		{"apigateway", "TLS_1_0", "tls12", false},
		{"apigateway", "TLS_1_2", "tls12", true},
	}
	for _, tt := range tests {
		got, err := IsTLSPolicyApproved(tt.service, tt.name, tt.level)
		if err != nil {
			t.Errorf("IsTLSPolicyApproved(%q, %q, %q): %v", tt.service, tt.name, tt.level, err)
			continue
		}
		if got != tt.want {
			t.Errorf("IsTLSPolicyApproved(%q, %q, %q) = %v, want %v", tt.service, tt.name, tt.level, got, tt.want)
		}
	}
	if _, err := IsTLSPolicyApproved("nosuchservice", "x", "tls12"); err == nil || !strings.Contains(err.Error(), "elbv2") {
		t.Errorf("unknown service: err = %v, want one listing the services", err)
	}
	if _, err := IsTLSPolicyApproved("elbv2", "x", "strong"); err == nil {
		t.Error("unknown level accepted")
	}
}

// TestFunctionRun calls each function the way the framework does, checking
// argument decoding, results and argument-positioned errors.
func TestFunctionRun(t *testing.T) {
	ctx := context.Background()
	str := func(s string) attr.Value { return types.StringValue(s) }
	tests := []struct {
		name    string
		fn      function.Function
		args    []attr.Value
		want    bool
		wantErr string
	}{
		{"public", NewCIDRIsPublic(), []attr.Value{str("0.0.0.0/0")}, true, ""},
		{"private", NewCIDRIsPublic(), []attr.Value{str("10.0.0.0/8")}, false, ""},
		{"bare address", NewCIDRIsPublic(), []attr.Value{str("10.0.0.1")}, false, "prefix length"},
		{"telnet", NewPortIsPlaintext(), []attr.Value{str("tcp"), types.Int64Value(23)}, true, ""},
		{"ssh", NewPortIsPlaintext(), []attr.Value{str("tcp"), types.Int64Value(22)}, false, ""},
		{"bad port", NewPortIsPlaintext(), []attr.Value{str("tcp"), types.Int64Value(70000)}, false, "out of range"},
		{"tls default level", NewTLSPolicyIsApproved(), []attr.Value{str("elbv2"), str("ELBSecurityPolicy-TLS13-1-2-2021-06"), variadic()}, true, ""},
		{"tls13 level", NewTLSPolicyIsApproved(), []attr.Value{str("elbv2"), str("ELBSecurityPolicy-TLS13-1-2-2021-06"), variadic("tls13")}, false, ""},
		{"two levels", NewTLSPolicyIsApproved(), []attr.Value{str("elbv2"), str("x"), variadic("tls12", "tls13")}, false, "at most one"},
		{"bad service", NewTLSPolicyIsApproved(), []attr.Value{str("nlb"), str("x"), variadic()}, false, "unknown service"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := function.RunResponse{Result: function.NewResultData(types.BoolUnknown())}
			tt.fn.Run(ctx, function.RunRequest{Arguments: function.NewArgumentsData(tt.args)}, &resp)
			if tt.wantErr != "" {
				if resp.Error == nil || !strings.Contains(resp.Error.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one containing %q", resp.Error, tt.wantErr)
				}
				return
			}
			if resp.Error != nil {
				t.Fatalf("error: %v", resp.Error)
			}
			if got := resp.Result.Value(); !got.Equal(types.BoolValue(tt.want)) {
				t.Errorf("result = %v, want %v", got, tt.want)
			}
		})
	}
}

func variadic(levels ...string) attr.Value {
	elems := make([]attr.Value, len(levels))
	for i, l := range levels {
		elems[i] = types.StringValue(l)
	}
	return types.TupleValueMust(tupleTypes(len(levels)), elems)
}

func tupleTypes(n int) []attr.Type {
	out := make([]attr.Type, n)
	for i := range out {
		out[i] = types.StringType
	}
	return out
}

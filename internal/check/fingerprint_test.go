package check

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/commshield/terraform-provider-commshield/internal/rules"
)

// TestFingerprintFormula pins the fingerprint to its documented formula
// (baselines written by earlier versions must keep matching), including
// inputs longer than Fingerprint's stack buffer.
func TestFingerprintFormula(t *testing.T) {
	tests := []struct{ rule, address, attribute string }{
		{"LOG-R01", "aws_s3_bucket.logs", "versioning"},
		{"NET-R10", "", ""},
		{"IAM-R02", `module.a["x"].aws_iam_role.r[0]`, "assume_role_policy"},
		{"LOG-R03", "module." + strings.Repeat("m", 300) + ".aws_cloudtrail.t", "é"},
	}
	for _, tt := range tests {
		for _, status := range []rules.Status{rules.StatusFail, rules.StatusPass} {
			sum := sha256.Sum256([]byte(strings.Join([]string{tt.rule, tt.address, tt.attribute, string(status)}, "\x00")))
			want := "sha256:" + hex.EncodeToString(sum[:16])
			if got := Fingerprint(tt.rule, tt.address, tt.attribute, status); got != want {
				t.Errorf("Fingerprint(%q, %q, %q, %s) = %s, want %s", tt.rule, tt.address, tt.attribute, status, got, want)
			}
		}
	}
}

package plan

import (
	"reflect"
	"testing"
)

func TestParseAddress(t *testing.T) {
	tests := []struct {
		in         string
		module     string
		mode       Mode
		typ, name  string
		key        InstanceKey
		configAddr string
	}{
		{"aws_s3_bucket.b", "", ModeManaged, "aws_s3_bucket", "b", nil, "aws_s3_bucket.b"},
		{"aws_s3_bucket.b[3]", "", ModeManaged, "aws_s3_bucket", "b", 3, "aws_s3_bucket.b"},
		{`data.aws_iam_policy_document.p["k"]`, "", ModeData, "aws_iam_policy_document", "p", "k", "data.aws_iam_policy_document.p"},
		{`module.a["x.y[0]"].module.b[0].aws_s3_bucket.c["k\"q"]`, `module.a["x.y[0]"].module.b[0]`, ModeManaged, "aws_s3_bucket", "c", `k"q`, "module.a.module.b.aws_s3_bucket.c"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			a, err := parseAddress(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if a.moduleAddress() != tc.module || a.mode != tc.mode || a.typ != tc.typ || a.name != tc.name || !reflect.DeepEqual(a.key, tc.key) {
				t.Errorf("got %+v (module %q)", a, a.moduleAddress())
			}
			if got := configAddress(a.moduleAddress(), a.mode, a.typ, a.name); got != tc.configAddr {
				t.Errorf("config address %q, want %q", got, tc.configAddr)
			}
		})
	}
	for _, bad := range []string{"", "aws_s3_bucket", "module.a", "module.a.aws_s3_bucket", `aws_s3_bucket.b["x`, "aws_s3_bucket.b[count.index]", "a.b.c"} {
		if _, err := parseAddress(bad); err == nil {
			t.Errorf("parseAddress(%q) succeeded, want an error", bad)
		}
	}
}

func TestPrimaryReferences(t *testing.T) {
	refs, usesKey := primaryReferences([]string{"aws_s3_bucket.b[0].id", "aws_s3_bucket.b[0]", "aws_s3_bucket.b", "count.index", "path.module", "var.x"})
	if want := []string{"aws_s3_bucket.b[0].id", "var.x"}; !reflect.DeepEqual(refs, want) || !usesKey {
		t.Errorf("got %v %v, want %v true", refs, usesKey, want)
	}
}

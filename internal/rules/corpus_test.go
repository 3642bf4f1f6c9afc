package rules

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/commshield/terraform-provider-commshield/internal/plan"
)

// Rows on generated fixtures for the false positives found in the corpus
// review (tools/corpusreport).
var _ = registerCases(
	ruleCase{Rule: "NET-R16", Fixture: "network_account_pab", Address: "aws_s3_bucket.cdr_exports", Want: StatusPass, Note: "account-level block with all four flags"},
	ruleCase{Rule: "NET-R16", Fixture: "seed", Address: "aws_s3_bucket.artifacts[0]", Want: StatusPass, Elsewhere: []string{"s3_account_public_access_block"}, Note: "account-level block provided elsewhere"},
	ruleCase{Rule: "CRY-R22", Fixture: "network_account_pab", Address: "aws_instance.probe", Want: StatusPass, Note: "encrypted root volume, no ebs_block_device"},
)

// corpusCase pins a verdict on a real-world plan copied from the corpus
// (testdata/corpus, provenance in PROVENANCE.md there), reviewed by hand.
type corpusCase struct {
	Rule    string
	File    string
	Address string // "" for a plan-level verdict
	Want    Status
	Why     string
	// Clean names an attribute the rule must not report on (a false
	// positive fixed while other findings on the address stay).
	Clean string
}

var corpusCases = []corpusCase{
	// False positives fixed.
	{Rule: "LOG-R17", File: "checkov__runner_plan.json", Address: "aws_s3_bucket.logs", Want: StatusNotApplicable,
		Why: "aws_s3_bucket.data_science's legacy inline logging block targets it: a log bucket (was fail)"},
	{Rule: "LOG-R17", File: "checkov__runner_plan.json", Address: "aws_s3_bucket.data_science", Want: StatusPass,
		Why: "its inline logging block delivers access logs"},
	{Rule: "CRY-R22", File: "infracost__small_terraform_hist.json", Address: "aws_instance.web_app", Want: StatusFail, Clean: "ebs_block_device",
		Why: "root_block_device sets only volume_size, so the root volume is unencrypted without EBS default encryption; " +
			"the unset ebs_block_device declares no volume (it failed before)"},
	{Rule: "IAM-R01", File: "terracost__azurerm.json", Address: "", Want: StatusNotApplicable,
		Why: "an azurerm-only plan is no AWS workload (was fail: no password policy)"},
	{Rule: "LOG-R04", File: "terracost__azurerm.json", Address: "", Want: StatusNotApplicable,
		Why: "an azurerm-only plan is no AWS workload (was fail: no multi-region trail)"},
	// Findings confirmed correct.
	{Rule: "CRY-R22", File: "checkov__runner_plan.json", Address: "aws_instance.web_host", Want: StatusFail,
		Why: "no root_block_device and no EBS default encryption: the root volume is stored unencrypted"},
	{Rule: "CRY-R13", File: "terraform-compliance-cli__test_issue-174.json", Address: "aws_s3_bucket.c", Want: StatusFail,
		Why: "its policy aws_s3_bucket_policy.c only allows; nothing denies aws:SecureTransport = false"},
	{Rule: "CRY-R13", File: "terraform-compliance-cli__test_issue-174.json", Address: "aws_s3_bucket.b", Want: StatusPass,
		Why: "aws_s3_bucket_policy.b denies requests without TLS"},
	{Rule: "IAM-R19", File: "tirith__input_aws_instance.json", Address: "aws_instance.this[0]", Want: StatusFail,
		Why: "metadata_options.http_tokens = \"optional\": IMDSv1 allowed"},
}

func TestCorpusVerdicts(t *testing.T) {
	all := All()
	loaded := map[string]*plan.Plan{}
	for _, c := range corpusCases {
		t.Run(c.Rule+"/"+c.File+"/"+displayAddress(c.Address), func(t *testing.T) {
			p := loaded[c.File]
			if p == nil {
				var err error
				p, err = plan.LoadFile(context.Background(), filepath.Join("testdata", "corpus", c.File))
				if err != nil {
					t.Fatalf("loading %s: %v", c.File, err)
				}
				loaded[c.File] = p
			}
			rule := Find(all, c.Rule)
			if rule == nil {
				t.Fatalf("rule %s is not in All()", c.Rule)
			}
			results := evaluateRule(t, rule, p, ruleCase{Rule: c.Rule})
			got, ok := verdictOn(results, c.Address)
			if !ok {
				t.Fatalf("%s gave no verdict on %s in %s", c.Rule, displayAddress(c.Address), c.File)
			}
			for _, r := range results {
				if c.Clean != "" && r.Address == c.Address && r.Attribute == c.Clean {
					t.Errorf("%s reports %s on %s.%s: %s (%s)", c.Rule, r.Status, c.Address, c.Clean, r.Message, c.Why)
				}
			}
			if got != c.Want {
				for _, r := range results {
					if r.Address == c.Address {
						t.Logf("%s %s: %s", r.Status, r.Attribute, r.Message)
					}
				}
				t.Errorf("%s on %s in %s = %s, want %s (%s)", c.Rule, displayAddress(c.Address), c.File, got, c.Want, c.Why)
			}
		})
	}
}

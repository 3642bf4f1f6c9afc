package rules

import (
	"encoding/json"
	"fmt"

	"github.com/commshield/terraform-provider-commshield/internal/plan"
	"github.com/zclconf/go-cty/cty"
)

// iamRules are the IAM-Rxx rules (guidance §3.3).
func iamRules() []*Rule {
	return []*Rule{
		{
			Metadata: Metadata{
				ID:                  "IAM-R13",
				Title:               "No policy grants every action on every resource",
				Severity:            SeverityCritical,
				Kind:                KindResource,
				Controls:            []string{"IAM-11"},
				AWSConfigRules:      []string{"iam-policy-no-statements-with-admin-access"},
				SecurityHubControls: []string{"IAM.1"},
				ResourceTypes:       policyTypes(),
				Rationale: "Least privilege for every account: a principal holding Action \"*\" on Resource \"*\" can disable " +
					"every other control, including logging.",
				Remediation: "Grant the specific actions and resources the principal needs; keep full administration to a " +
					"break-glass role.",
				RemediationHCL: `data "aws_iam_policy_document" "deploy" {
  statement {
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${aws_s3_bucket.artifacts.arn}/*"]
  }
}`,
			},
			CheckResource: checkNoAdminPolicy,
		},
	}
}

// policyAttributes lists where each type carries policy JSON; "*" expands a
// block list.
var policyAttributes = map[string][][]any{
	"aws_iam_policy":                            {{"policy"}},
	"aws_iam_role_policy":                       {{"policy"}},
	"aws_iam_group_policy":                      {{"policy"}},
	"aws_iam_user_policy":                       {{"policy"}},
	"aws_iam_role":                              {{"inline_policy", "*", "policy"}},
	"aws_ssoadmin_permission_set_inline_policy": {{"inline_policy"}},
}

func policyTypes() []string {
	return []string{"aws_iam_group_policy", "aws_iam_policy", "aws_iam_role", "aws_iam_role_policy",
		"aws_iam_user_policy", "aws_ssoadmin_permission_set_inline_policy"}
}

func checkNoAdminPolicy(_ *Evaluation, r *plan.Resource) []Finding {
	var out []Finding
	documents := 0
	for _, path := range policyAttributes[r.Type] {
		walkPath(r.Value(), path, nil, func(v cty.Value, taken []any) {
			attr := AttrPath(taken...)
			text, st := String(v)
			switch st {
			case AfterApply:
				documents++
				out = append(out, Undecidable(r, attr, "%s is known only after apply, so its statements cannot be judged yet", attr))
				return
			case Null:
				return
			}
			if text == "" {
				return
			}
			documents++
			statements, err := ParsePolicy(text)
			if err != nil {
				out = append(out, Fail(r, attr, "%s is not a valid policy document: %v", attr, err))
				return
			}
			for i, s := range statements {
				if s.Effect == "Allow" && contains(s.Action, "*") && contains(s.Resource, "*") {
					out = append(out, Fail(r, attr, "statement %d allows Action \"*\" on Resource \"*\"", i))
				}
			}
		})
	}
	switch {
	case len(out) > 0:
		return out
	case documents == 0:
		return []Finding{NotApplicable(r, "no inline policy document")}
	}
	return []Finding{Pass(r, "no statement grants full administrative access")}
}

// Statement is a policy statement with Action/Resource normalised to lists.
type Statement struct {
	Sid         string
	Effect      string
	Action      []string
	NotAction   []string
	Resource    []string
	NotResource []string
	Principal   any
	Condition   map[string]any
}

// ParsePolicy parses an IAM/resource policy JSON document; Statement may be
// one object or a list, and Action/Resource strings or lists.
func ParsePolicy(doc string) ([]Statement, error) {
	var raw struct {
		Statement json.RawMessage
	}
	if err := json.Unmarshal([]byte(doc), &raw); err != nil {
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	var list []json.RawMessage
	if len(raw.Statement) > 0 && raw.Statement[0] == '{' {
		list = []json.RawMessage{raw.Statement}
	} else if len(raw.Statement) > 0 {
		if err := json.Unmarshal(raw.Statement, &list); err != nil {
			return nil, fmt.Errorf("Statement: %w", err)
		}
	}
	out := make([]Statement, 0, len(list))
	for i, item := range list {
		var s struct {
			Sid                                      string
			Effect                                   string
			Action, NotAction, Resource, NotResource stringOrList
			Principal                                any
			Condition                                map[string]any
		}
		if err := json.Unmarshal(item, &s); err != nil {
			return nil, fmt.Errorf("Statement[%d]: %w", i, err)
		}
		out = append(out, Statement{Sid: s.Sid, Effect: s.Effect, Action: s.Action, NotAction: s.NotAction,
			Resource: s.Resource, NotResource: s.NotResource, Principal: s.Principal, Condition: s.Condition})
	}
	return out, nil
}

type stringOrList []string

func (l *stringOrList) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*l = []string{s}
		return nil
	}
	var list []string
	if err := json.Unmarshal(b, &list); err != nil {
		return fmt.Errorf("want a string or a list of strings: %w", err)
	}
	*l = list
	return nil
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

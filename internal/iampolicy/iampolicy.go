// Package iampolicy builds IAM-style policy documents (KMS key policies, S3
// bucket policies) deterministically and compares them semantically, so a
// policy AWS re-serialises (single-element lists collapsed to strings, keys
// reordered) is not reported as drift while a real change is.
package iampolicy

import (
	"encoding/json"
	"fmt"
	"slices"

	awspolicy "github.com/hashicorp/awspolicyequivalence"
)

// Version is the only policy language version we emit.
const Version = "2012-10-17"

// Document is a policy document. Field order is the conventional one, so the
// JSON reads naturally in plans.
type Document struct {
	Version   string      `json:"Version"`
	Statement []Statement `json:"Statement"`
}

// Statement is one policy statement. Principal values and Condition values
// are string lists; JSON unmarshalling accepts AWS's single-string form too
// (see StringList).
type Statement struct {
	Sid          string                           `json:"Sid,omitempty"`
	Effect       string                           `json:"Effect"`
	Principal    map[string]StringList            `json:"Principal,omitempty"`
	NotPrincipal map[string]StringList            `json:"NotPrincipal,omitempty"`
	Action       StringList                       `json:"Action,omitempty"`
	NotAction    StringList                       `json:"NotAction,omitempty"`
	Resource     StringList                       `json:"Resource,omitempty"`
	Condition    map[string]map[string]StringList `json:"Condition,omitempty"`
}

// StringList is a JSON string or list of strings; it always marshals as a
// list, except "*" principals which AWS writes as a bare string.
type StringList []string

// UnmarshalJSON accepts "x" and ["x", "y"].
func (l *StringList) UnmarshalJSON(data []byte) error {
	var one string
	if err := json.Unmarshal(data, &one); err == nil {
		*l = StringList{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(data, &many); err != nil {
		return fmt.Errorf("policy value %s is neither a string nor a list of strings: %w", data, err)
	}
	*l = many
	return nil
}

// MarshalJSON writes a single value as a string (as AWS returns it) and
// several as a list.
func (l StringList) MarshalJSON() ([]byte, error) {
	if len(l) == 1 {
		return json.Marshal(l[0])
	}
	return json.Marshal([]string(l))
}

// Sorted returns a sorted, de-duplicated copy, so generated policies do not
// depend on set iteration order.
func Sorted(items []string) StringList {
	out := slices.Clone(items)
	slices.Sort(out)
	return slices.Compact(out)
}

// JSON renders the document with two-space indentation.
func (d Document) JSON() (string, error) {
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return "", fmt.Errorf("rendering policy JSON: %w", err)
	}
	return string(b), nil
}

// Parse reads a policy document.
func Parse(policy string) (Document, error) {
	var d Document
	if err := json.Unmarshal([]byte(policy), &d); err != nil {
		return Document{}, fmt.Errorf("parsing policy JSON: %w", err)
	}
	return d, nil
}

// StatementBySid returns the statement with the given Sid.
func (d Document) StatementBySid(sid string) (Statement, bool) {
	for _, s := range d.Statement {
		if s.Sid == sid {
			return s, true
		}
	}
	return Statement{}, false
}

// Equivalent reports whether two policies grant and deny the same things.
// Unparseable input is never equivalent to anything.
func Equivalent(a, b string) bool {
	if a == b {
		return true
	}
	ok, err := awspolicy.PoliciesAreEquivalent(a, b)
	return err == nil && ok
}

package cloudtrail

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
)

// policyDocument is the subset of the IAM policy grammar the resource
// writes. Marshalling structs (rather than formatting strings) keeps the
// documents valid JSON whatever the names contain.
type policyDocument struct {
	Version   string            `json:"Version"`
	Statement []policyStatement `json:"Statement"`
}

type policyStatement struct {
	Sid       string                       `json:"Sid,omitempty"`
	Effect    string                       `json:"Effect"`
	Principal map[string]string            `json:"Principal,omitempty"`
	Action    []string                     `json:"Action"`
	Resource  []string                     `json:"Resource,omitempty"`
	Condition map[string]map[string]string `json:"Condition,omitempty"`
}

const (
	policyVersion       = "2012-10-17"
	cloudTrailPrincipal = "cloudtrail.amazonaws.com"
	maxRoleNameLength   = 64
	roleNamePrefix      = "commshield-trail-"
	rolePolicyName      = "commshield-cloudtrail-to-cloudwatch-logs"
	logGroupNamePrefix  = "/commshield/cloudtrail/"
)

// trailARN is the ARN CloudTrail will give the trail; it is known before the
// trail exists, which lets the role's trust policy name it.
func trailARN(partition, region, accountID, name string) string {
	return fmt.Sprintf("arn:%s:cloudtrail:%s:%s:trail/%s", partition, region, accountID, name)
}

// logGroupARN is the form CloudTrail expects in CloudWatchLogsLogGroupArn
// (with the trailing ":*").
func logGroupARN(partition, region, accountID, logGroupName string) string {
	return fmt.Sprintf("arn:%s:logs:%s:%s:log-group:%s:*", partition, region, accountID, logGroupName)
}

func defaultLogGroupName(trailName string) string {
	return logGroupNamePrefix + trailName
}

// roleName derives the delivery role's name from the trail name. Trail names
// may be 128 characters, role names only 64, so long names are shortened and
// made unique with a hash of the full name.
func roleName(trailName string) string {
	name := roleNamePrefix + trailName
	if len(name) <= maxRoleNameLength {
		return name
	}
	sum := sha256.Sum256([]byte(trailName))
	suffix := "-" + hex.EncodeToString(sum[:])[:8]
	return name[:maxRoleNameLength-len(suffix)] + suffix
}

// assumeRolePolicy lets only CloudTrail, acting for this trail in this
// account, assume the role (confused-deputy protection).
func assumeRolePolicy(accountID, trailARN string) (string, error) {
	return marshalPolicy(policyDocument{
		Version: policyVersion,
		Statement: []policyStatement{{
			Sid:       "CloudTrailAssumeRoleForThisTrail",
			Effect:    "Allow",
			Principal: map[string]string{"Service": cloudTrailPrincipal},
			Action:    []string{"sts:AssumeRole"},
			Condition: map[string]map[string]string{
				"StringEquals": {"aws:SourceAccount": accountID},
				"ArnLike":      {"aws:SourceArn": trailARN},
			},
		}},
	})
}

// deliveryPolicy grants exactly what CloudTrail needs to write into the one
// log group: create its log streams and put events in them. A single-account
// trail writes streams named <account>_CloudTrail_<home region>; an
// organization trail also writes one stream per member account (prefixed
// with the organization ID), so it is granted every stream of the group, but
// still only that group.
func deliveryPolicy(partition, region, accountID, logGroupName string, organization bool) (string, error) {
	stream := fmt.Sprintf("%s_CloudTrail_%s*", accountID, region)
	if organization {
		stream = "*"
	}
	resource := fmt.Sprintf("arn:%s:logs:%s:%s:log-group:%s:log-stream:%s", partition, region, accountID, logGroupName, stream)
	return marshalPolicy(policyDocument{
		Version: policyVersion,
		Statement: []policyStatement{{
			Sid:      "CloudTrailDeliverToThisLogGroupOnly",
			Effect:   "Allow",
			Action:   []string{"logs:CreateLogStream", "logs:PutLogEvents"},
			Resource: []string{resource},
		}},
	})
}

func marshalPolicy(doc policyDocument) (string, error) {
	b, err := json.Marshal(doc)
	if err != nil {
		return "", fmt.Errorf("encoding IAM policy document: %w", err)
	}
	return string(b), nil
}

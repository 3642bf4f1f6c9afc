package ec2

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/commshield/terraform-provider-commshield/internal/iampolicy"
)

const (
	flowLogsPrincipal     = "vpc-flow-logs.amazonaws.com"
	flowLogRolePrefix     = "commshield-flowlogs-"
	flowLogRolePolicyName = "commshield-flow-logs-to-cloudwatch-logs"
	flowLogGroupPrefix    = "/commshield/vpc-flow-logs/"
	maxRoleNameLength     = 64
)

func flowLogGroupName(vpcName string) string { return flowLogGroupPrefix + vpcName }

// flowLogRoleName derives the delivery role's name, shortened with a hash of
// the full name when it would exceed IAM's 64 characters.
func flowLogRoleName(vpcName string) string {
	name := flowLogRolePrefix + vpcName
	if len(name) <= maxRoleNameLength {
		return name
	}
	sum := sha256.Sum256([]byte(vpcName))
	suffix := "-" + hex.EncodeToString(sum[:])[:8]
	return name[:maxRoleNameLength-len(suffix)] + suffix
}

// flowLogTrustPolicy lets only the VPC Flow Logs service, acting for flow
// logs of this account and Region, assume the role.
func flowLogTrustPolicy(partition, region, accountID string) (string, error) {
	return iampolicy.Document{
		Version: iampolicy.Version,
		Statement: []iampolicy.Statement{{
			Sid:       "VPCFlowLogsAssumeRoleForThisAccount",
			Effect:    "Allow",
			Principal: map[string]iampolicy.StringList{"Service": {flowLogsPrincipal}},
			Action:    iampolicy.StringList{"sts:AssumeRole"},
			Condition: map[string]map[string]iampolicy.StringList{
				"StringEquals": {"aws:SourceAccount": {accountID}},
				"ArnLike":      {"aws:SourceArn": {fmt.Sprintf("arn:%s:ec2:%s:%s:vpc-flow-log/*", partition, region, accountID)}},
			},
		}},
	}.JSON()
}

// flowLogDeliveryPolicy allows writing to the one log group. The service
// also calls DescribeLogGroups, which cannot be scoped to a single group; it
// is limited to this account and Region.
func flowLogDeliveryPolicy(partition, region, accountID, logGroupName string) (string, error) {
	group := fmt.Sprintf("arn:%s:logs:%s:%s:log-group:%s", partition, region, accountID, logGroupName)
	return iampolicy.Document{
		Version: iampolicy.Version,
		Statement: []iampolicy.Statement{
			{
				Sid:      "WriteFlowLogsToThisGroupOnly",
				Effect:   "Allow",
				Action:   iampolicy.StringList{"logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"},
				Resource: iampolicy.StringList{group + ":*"},
			},
			{
				Sid:      "FindTheLogGroup",
				Effect:   "Allow",
				Action:   iampolicy.StringList{"logs:DescribeLogGroups"},
				Resource: iampolicy.StringList{fmt.Sprintf("arn:%s:logs:%s:%s:log-group:*", partition, region, accountID)},
			},
		},
	}.JSON()
}

package s3

import (
	"fmt"
	"slices"
	"strings"

	"github.com/commshield/terraform-provider-commshield/internal/iampolicy"
)

// Statement IDs of the generated bucket policy. Read parses them back into
// the resource's inputs (import, drift), so they are part of the contract.
const (
	sidDenyInsecureTransport = "DenyInsecureTransport"
	sidDenyOutdatedTLS       = "DenyOutdatedTLS"
	sidDenyNonKMS            = "DenyNonKMSEncryptedUploads"
	sidDenyDeletes           = "DenyObjectDeletionAndLockChanges"
	sidAclCheckPrefix        = "LogDeliveryAclCheck"
	sidWritePrefix           = "LogDeliveryWrite"
)

// Log-delivery service principals the archive accepts writes from.
const (
	ServiceCloudTrail = "cloudtrail.amazonaws.com"
	ServiceFlowLogs   = "delivery.logs.amazonaws.com"
	ServiceConfig     = "config.amazonaws.com"
	ServiceELB        = "logdelivery.elasticloadbalancing.amazonaws.com"
)

// LogDeliveryServices lists the supported log-delivery principals.
func LogDeliveryServices() []string {
	return []string{ServiceCloudTrail, ServiceConfig, ServiceFlowLogs, ServiceELB}
}

// deliveryService describes how one service delivers logs: its short name
// (for Sids), whether it checks the bucket ACL/lists the bucket first, and
// whether it sets the bucket-owner-full-control canned ACL on writes.
type deliveryService struct {
	short           string
	preflight       []string
	ownerFullCtlACL bool
}

var deliveryServices = map[string]deliveryService{
	ServiceCloudTrail: {short: "CloudTrail", preflight: []string{"s3:GetBucketAcl"}, ownerFullCtlACL: true},
	ServiceFlowLogs:   {short: "VPCFlowLogs", preflight: []string{"s3:GetBucketAcl", "s3:ListBucket"}, ownerFullCtlACL: true},
	ServiceConfig:     {short: "Config", preflight: []string{"s3:GetBucketAcl", "s3:ListBucket"}, ownerFullCtlACL: true},
	ServiceELB:        {short: "ELB"},
}

// protectedActions are denied to everyone but the break-glass principals:
// deleting object versions and weakening Object Lock. (Object Lock already
// blocks deleting retained versions; the deny also covers versions whose
// retention ended and GOVERNANCE-mode bypass.)
var protectedActions = []string{
	"s3:BypassGovernanceRetention",
	"s3:DeleteObject",
	"s3:DeleteObjectVersion",
	"s3:PutBucketObjectLockConfiguration",
	"s3:PutObjectLegalHold",
	"s3:PutObjectRetention",
}

// bucketPolicyInput is what the bucket policy is generated from.
type bucketPolicyInput struct {
	Partition        string
	Bucket           string
	Services         []string
	SourceAccountIDs []string
	OrganizationID   string
	BreakGlassARNs   []string
}

func bucketARN(partition, bucket string) string {
	return fmt.Sprintf("arn:%s:s3:::%s", partition, bucket)
}

// buildBucketPolicy generates the archive's bucket policy (deterministic:
// sorted inputs, fixed statement order).
func buildBucketPolicy(in bucketPolicyInput) iampolicy.Document {
	bucket := bucketARN(in.Partition, in.Bucket)
	everything := iampolicy.StringList{bucket, bucket + "/*"}
	anyone := map[string]iampolicy.StringList{"AWS": {"*"}}
	doc := iampolicy.Document{Version: iampolicy.Version}

	doc.Statement = append(doc.Statement,
		iampolicy.Statement{
			Sid: sidDenyInsecureTransport, Effect: "Deny", Principal: anyone,
			Action: iampolicy.StringList{"s3:*"}, Resource: everything,
			Condition: map[string]map[string]iampolicy.StringList{"Bool": {"aws:SecureTransport": {"false"}}},
		},
		iampolicy.Statement{
			Sid: sidDenyOutdatedTLS, Effect: "Deny", Principal: anyone,
			Action: iampolicy.StringList{"s3:*"}, Resource: everything,
			Condition: map[string]map[string]iampolicy.StringList{"NumericLessThan": {"s3:TlsVersion": {"1.2"}}},
		},
		iampolicy.Statement{
			// Uploads that ask for SSE-S3 (AES256) instead of KMS are refused;
			// uploads without the header get the bucket's default (our key).
			Sid: sidDenyNonKMS, Effect: "Deny", Principal: anyone,
			Action: iampolicy.StringList{"s3:PutObject"}, Resource: iampolicy.StringList{bucket + "/*"},
			Condition: map[string]map[string]iampolicy.StringList{
				"StringNotEqualsIfExists": {"s3:x-amz-server-side-encryption": {"aws:kms", "aws:kms:dsse"}},
			},
		},
	)
	deny := iampolicy.Statement{
		Sid: sidDenyDeletes, Effect: "Deny", Principal: anyone,
		Action: protectedActions, Resource: everything,
	}
	if len(in.BreakGlassARNs) > 0 {
		deny.Condition = map[string]map[string]iampolicy.StringList{
			"ArnNotLike": {"aws:PrincipalArn": iampolicy.Sorted(in.BreakGlassARNs)},
		}
	}
	doc.Statement = append(doc.Statement, deny)

	scope := map[string]iampolicy.StringList{"aws:SourceAccount": iampolicy.Sorted(in.SourceAccountIDs)}
	if in.OrganizationID != "" {
		scope = map[string]iampolicy.StringList{"aws:SourceOrgID": {in.OrganizationID}}
	}
	for _, svc := range iampolicy.Sorted(in.Services) {
		ds, ok := deliveryServices[svc]
		if !ok {
			continue // refused by validation; never grant an unknown principal
		}
		principal := map[string]iampolicy.StringList{"Service": {svc}}
		if len(ds.preflight) > 0 {
			doc.Statement = append(doc.Statement, iampolicy.Statement{
				Sid: sidAclCheckPrefix + ds.short, Effect: "Allow", Principal: principal,
				Action: ds.preflight, Resource: iampolicy.StringList{bucket},
				Condition: map[string]map[string]iampolicy.StringList{"StringEquals": scope},
			})
		}
		writeCond := map[string]iampolicy.StringList{}
		for k, v := range scope {
			writeCond[k] = v
		}
		if ds.ownerFullCtlACL {
			writeCond["s3:x-amz-acl"] = iampolicy.StringList{"bucket-owner-full-control"}
		}
		doc.Statement = append(doc.Statement, iampolicy.Statement{
			Sid: sidWritePrefix + ds.short, Effect: "Allow", Principal: principal,
			Action: iampolicy.StringList{"s3:PutObject"}, Resource: iampolicy.StringList{bucket + "/AWSLogs/*"},
			Condition: map[string]map[string]iampolicy.StringList{"StringEquals": writeCond},
		})
	}
	return doc
}

// parseBucketPolicy recovers the generator's inputs from a bucket policy.
// Statements without our Sids are ignored, so a replaced policy reads as "no
// services, no scope" and the next plan shows the difference.
func parseBucketPolicy(policy string) (bucketPolicyInput, error) {
	doc, err := iampolicy.Parse(policy)
	if err != nil {
		return bucketPolicyInput{}, err
	}
	var in bucketPolicyInput
	for _, s := range doc.Statement {
		switch {
		case s.Sid == sidDenyDeletes:
			in.BreakGlassARNs = append(in.BreakGlassARNs, s.Condition["ArnNotLike"]["aws:PrincipalArn"]...)
		case strings.HasPrefix(s.Sid, sidWritePrefix):
			in.Services = append(in.Services, s.Principal["Service"]...)
			cond := s.Condition["StringEquals"]
			in.SourceAccountIDs = append(in.SourceAccountIDs, cond["aws:SourceAccount"]...)
			if org := cond["aws:SourceOrgID"]; len(org) > 0 {
				in.OrganizationID = org[0]
			}
		}
	}
	in.BreakGlassARNs = iampolicy.Sorted(in.BreakGlassARNs)
	in.Services = iampolicy.Sorted(in.Services)
	in.SourceAccountIDs = iampolicy.Sorted(in.SourceAccountIDs)
	return in, nil
}

func validateDeliveryService(s string) error {
	if slices.Contains(LogDeliveryServices(), s) {
		return nil
	}
	return fmt.Errorf("%q is not a supported log-delivery service; use %s", s, strings.Join(LogDeliveryServices(), ", "))
}

package cloudtrail

const (
	errCodeTrailNotFound            = "TrailNotFoundException"
	errCodeInvalidCWLRoleARN        = "InvalidCloudWatchLogsRoleArnException"
	errCodeInvalidCWLLogGroupARN    = "InvalidCloudWatchLogsLogGroupArnException"
	errCodeInsufficientEncryption   = "InsufficientEncryptionPolicyException"
	errCodeInsufficientBucketPolicy = "InsufficientS3BucketPolicyException"
)

package cloudtrail

const (
	errCodeTrailNotFound            = "TrailNotFoundException"
	errCodeLogGroupNotFound         = "ResourceNotFoundException"
	errCodeLogGroupAlreadyExists    = "ResourceAlreadyExistsException"
	errCodeIAMNoSuchEntity          = "NoSuchEntity"
	errCodeIAMEntityAlreadyExists   = "EntityAlreadyExists"
	errCodeInvalidCWLRoleARN        = "InvalidCloudWatchLogsRoleArnException"
	errCodeInvalidCWLLogGroupARN    = "InvalidCloudWatchLogsLogGroupArnException"
	errCodeInsufficientEncryption   = "InsufficientEncryptionPolicyException"
	errCodeInsufficientBucketPolicy = "InsufficientS3BucketPolicyException"
)

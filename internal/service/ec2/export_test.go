package ec2

// Destroy exposes the resource's teardown to the acceptance tests, which use
// it to make a VPC disappear behind Terraform's back.
var Destroy = destroy

// FlowLogFormat is the record format the resource writes.
const FlowLogFormat = flowLogFormat

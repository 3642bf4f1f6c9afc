variable "ssl_policy" {
  type    = string
  default = "ELBSecurityPolicy-TLS13-1-2-Res-2021-06"

  validation {
    condition     = provider::commshield::tls_policy_is_approved("elbv2", var.ssl_policy, "tls13")
    error_message = "Use a TLS 1.3 load balancer policy (see data.commshield_tls_policies)."
  }
}

output "aws_default_policy_is_approved" {
  value = provider::commshield::tls_policy_is_approved("elbv2", "ELBSecurityPolicy-2016-08") # false: TLS 1.0
}

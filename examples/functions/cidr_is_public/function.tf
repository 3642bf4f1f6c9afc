variable "management_cidrs" {
  type = list(string)

  validation {
    condition     = alltrue([for c in var.management_cidrs : !provider::commshield::cidr_is_public(c)])
    error_message = "Management access must come from private or internal ranges, never from the internet."
  }
}

output "internet_is_public" {
  value = provider::commshield::cidr_is_public("0.0.0.0/0") # true
}

output "rfc1918_is_public" {
  value = provider::commshield::cidr_is_public("10.0.0.0/8") # false
}

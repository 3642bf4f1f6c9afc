variable "exposed_ports" {
  type = list(object({ protocol = string, port = number }))

  validation {
    condition     = alltrue([for p in var.exposed_ports : !provider::commshield::port_is_plaintext(p.protocol, p.port)])
    error_message = "Telnet, FTP, HTTP, SNMPv1/v2c, TFTP and other plaintext services must not be exposed."
  }
}

output "telnet" {
  value = provider::commshield::port_is_plaintext("tcp", 23) # true
}

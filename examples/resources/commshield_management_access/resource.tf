# Management access to routers and hosts in the management tier: SSH, NETCONF
# and gNMI from the out-of-band management network and from the bastion's
# security group; the NOC's fixed public egress range is allow-listed
# explicitly. The managed hosts may send syslog over TLS and query NTP, and
# nothing else leaves the group.
resource "commshield_management_access" "oob" {
  name   = "oob-management"
  vpc_id = commshield_segmented_vpc.core.id

  services                  = ["ssh", "netconf", "gnmi"]
  source_cidrs              = ["10.255.0.0/16", "198.51.100.32/28"]
  source_security_group_ids = ["sg-0a1b2c3d4e5f60789"]
  public_cidr_allowlist     = ["198.51.100.32/28"]

  egress = [
    {
      protocol    = "tcp"
      port        = 6514
      cidr_blocks = ["10.20.0.0/24"]
      description = "syslog-tls"
    },
    {
      protocol    = "udp"
      port        = 123
      cidr_blocks = ["10.20.0.10/32", "10.20.0.11/32"]
      description = "ntp"
    },
  ]

  tags = {
    Plane = "management"
  }
}

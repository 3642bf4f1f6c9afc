# A packet-core VPC: out-of-band management reachable only from the NOC,
# signaling and user plane isolated from it, flow logs to the log archive.
resource "commshield_segmented_vpc" "core" {
  name               = "packet-core"
  cidr_block         = "10.20.0.0/16"
  availability_zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]

  management = {
    newbits       = 6                   # /22 per zone
    allowed_cidrs = ["192.168.10.0/24"] # on-premises NOC over Direct Connect
  }
  signaling  = { newbits = 4 } # /20 per zone
  user_plane = { newbits = 3 } # /19 per zone

  flow_log_destination_arn = commshield_log_archive.central.arn

  tags = {
    "commshield:control" = "NET-03"
  }
}

# An SBC VPC with a public edge tier: the justification is mandatory and is
# recorded on the VPC as the tag commshield:edge-justification.
resource "commshield_segmented_vpc" "sbc" {
  name               = "sbc"
  cidr_block         = "10.40.0.0/20"
  availability_zones = ["eu-west-1a", "eu-west-1b"]

  management = {
    cidrs = ["10.40.15.0/26", "10.40.15.64/26"]
  }
  edge = {
    newbits       = 4
    allowed_cidrs = ["0.0.0.0/0"]
  }
  edge_justification = "Public SIP trunk interface of the SBC (change CR-1234)"

  # Flow logs to a KMS-encrypted CloudWatch Logs group created by the resource.
  flow_log_kms_key_arn    = commshield_kms_key.logs.arn
  flow_log_retention_days = 731

  # Keep the defaults and also block rsync.
  denied_ports = [
    { protocol = "tcp", from_port = 20, to_port = 21 },
    { protocol = "tcp", from_port = 23, to_port = 23 },
    { protocol = "udp", from_port = 69, to_port = 69 },
    { protocol = "udp", from_port = 161, to_port = 162 },
    { protocol = "tcp", from_port = 512, to_port = 514 },
    { protocol = "tcp", from_port = 4786, to_port = 4786 },
    { protocol = "tcp", from_port = 873, to_port = 873 },
  ]
}

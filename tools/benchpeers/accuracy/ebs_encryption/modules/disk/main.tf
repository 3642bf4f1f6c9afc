variable "encrypted" {
  type = bool
}

resource "aws_ebs_volume" "this" {
  availability_zone = "us-east-1a"
  size              = 10
  encrypted         = var.encrypted
}

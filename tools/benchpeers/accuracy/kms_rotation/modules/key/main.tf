variable "name" {
  type = string
}

variable "rotate" {
  type = bool
}

resource "aws_kms_key" "this" {
  description         = var.name
  enable_key_rotation = var.rotate
}

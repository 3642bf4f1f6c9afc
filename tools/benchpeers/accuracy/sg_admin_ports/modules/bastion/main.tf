variable "name" {
  type = string
}

variable "vpc_id" {
  type = string
}

variable "cidr" {
  type = string
}

resource "aws_security_group" "this" {
  name   = var.name
  vpc_id = var.vpc_id
  ingress {
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = [var.cidr]
  }
}

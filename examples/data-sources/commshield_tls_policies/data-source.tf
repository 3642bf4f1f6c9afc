data "commshield_tls_policies" "alb" {
  service       = "elbv2"
  minimum_level = "tls13"
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.edge.arn
  port              = 443
  protocol          = "HTTPS"
  certificate_arn   = aws_acm_certificate.edge.arn
  # The strongest approved policy: post-quantum hybrid when AWS offers it.
  ssl_policy = data.commshield_tls_policies.alb.names[0]

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}

// Command terraform-provider-commshield is both the commshield Terraform
// provider (when Terraform starts it) and the plan validator CLI (when given
// the `check` subcommand).
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"

	"github.com/commshield/terraform-provider-commshield/internal/check"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "check" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		code := check.Main(ctx, os.Args[2:], os.Stdin, os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}

	fmt.Fprintln(os.Stderr, "terraform-provider-commshield: under construction")
	os.Exit(2)
}

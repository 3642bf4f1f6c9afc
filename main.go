// Command terraform-provider-commshield is both the commshield Terraform
// provider (when Terraform starts it) and the plan validator CLI (when given
// the `check` subcommand).
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "terraform-provider-commshield: under construction")
	os.Exit(2)
}

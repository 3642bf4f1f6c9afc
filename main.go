// Command terraform-provider-commshield is both the commshield Terraform
// provider (when Terraform starts it) and the plan validator CLI (when given
// the `check` subcommand).
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"os/signal"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/commshield/terraform-provider-commshield/internal/check"
	"github.com/commshield/terraform-provider-commshield/internal/provider"
)

// version is set at release time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	if len(os.Args) > 1 && os.Args[1] == "check" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		code := check.Main(ctx, os.Args[2:], os.Stdin, os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}

	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/commshield/commshield",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}

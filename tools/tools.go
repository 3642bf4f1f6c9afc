//go:build generate

// Package tools pins the code-generation tools in go.mod, so `go run` uses the
// same version on every machine and nothing needs installing. Run it through
// `make docs`.
package tools

import (
	// tfplugindocs generates docs/ from the provider schema, templates/ and examples/.
	_ "github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs"
)

package provider_test

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	cs "github.com/commshield/terraform-provider-commshield/internal/provider"
)

// TestSchemaDescriptions asserts that the provider and every resource
// describe every attribute and block, since the descriptions are the docs
// (tfplugindocs) and what `terraform providers schema -json` shows users.
func TestSchemaDescriptions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p := cs.New("test")()

	// Through the protocol server, so we see exactly what Terraform sees,
	// nested attributes and blocks included.
	server, err := providerserver.NewProtocol6WithError(p)()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Errorf("GetProviderSchema diagnostic: %s: %s", d.Summary, d.Detail)
	}

	checkBlock(t, "provider", resp.Provider.Block)
	for name, s := range resp.ResourceSchemas {
		checkBlock(t, name, s.Block)
	}
	for name, s := range resp.DataSourceSchemas {
		checkBlock(t, name, s.Block)
	}
	if len(resp.Functions) == 0 {
		t.Error("the provider serves no functions")
	}
	for name, f := range resp.Functions {
		if f.Summary == "" || f.Description == "" {
			t.Errorf("function %s: summary or description missing", name)
		}
		params := f.Parameters
		if f.VariadicParameter != nil {
			params = append(params, f.VariadicParameter)
		}
		for _, p := range params {
			if p.Description == "" {
				t.Errorf("function %s: parameter %s has no description", name, p.Name)
			}
		}
	}

	// Every resource constructor must be served under a commshield_ name.
	var names []string
	for _, newResource := range p.Resources(ctx) {
		r := newResource()
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "commshield"}, &md)
		names = append(names, md.TypeName)
		if !strings.HasPrefix(md.TypeName, "commshield_") {
			t.Errorf("resource type %q does not start with commshield_", md.TypeName)
		}
		if _, ok := resp.ResourceSchemas[md.TypeName]; !ok {
			t.Errorf("resource %q has no schema in GetProviderSchema", md.TypeName)
		}
	}
	// Both directions: a schema served without a constructor (or the
	// reverse) means a resource was wired in one list only, and an empty
	// provider would make every loop above pass vacuously.
	if len(names) == 0 || len(resp.DataSourceSchemas) == 0 {
		t.Fatalf("provider serves %d resources and %d data sources, want some of each", len(names), len(resp.DataSourceSchemas))
	}
	if len(resp.ResourceSchemas) != len(names) {
		t.Errorf("GetProviderSchema serves %d resource schemas, the provider has %d resource constructors %v", len(resp.ResourceSchemas), len(names), names)
	}
	var _ provider.Provider = p
}

func checkBlock(t *testing.T, where string, b *tfprotov6.SchemaBlock) {
	t.Helper()
	if b == nil {
		t.Errorf("%s: nil schema block", where)
		return
	}
	if strings.TrimSpace(b.Description) == "" {
		t.Errorf("%s: block has no description", where)
	}
	for _, a := range b.Attributes {
		if strings.TrimSpace(a.Description) == "" {
			t.Errorf("%s.%s: attribute has no description", where, a.Name)
		}
		if a.NestedType != nil {
			for _, na := range a.NestedType.Attributes {
				if strings.TrimSpace(na.Description) == "" {
					t.Errorf("%s.%s.%s: nested attribute has no description", where, a.Name, na.Name)
				}
			}
		}
	}
	for _, nb := range b.BlockTypes {
		checkBlock(t, where+"."+nb.TypeName, nb.Block)
	}
}

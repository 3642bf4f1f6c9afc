package functions

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/function"
)

var _ function.Function = (*cidrIsPublic)(nil)

// NewCIDRIsPublic returns the cidr_is_public function.
func NewCIDRIsPublic() function.Function { return &cidrIsPublic{} }

type cidrIsPublic struct{}

func (f *cidrIsPublic) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "cidr_is_public"
}

func (f *cidrIsPublic) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Whether a CIDR block contains any internet-routable address",
		MarkdownDescription: "Returns `true` when the IPv4 or IPv6 CIDR block contains at least one public address, " +
			"that is, an address outside the private, shared (CGNAT), loopback, link-local, documentation, " +
			"benchmarking, multicast and reserved ranges of the IANA special-purpose registries, and, for IPv6, " +
			"inside global unicast `2000::/3`. `0.0.0.0/0` and `::/0` are public; `10.0.0.0/8` and `fd00::/8` are not; " +
			"`172.0.0.0/8` is public because it reaches beyond `172.16.0.0/12`. Host bits may be set " +
			"(`10.0.0.1/8` is read as `10.0.0.0/8`); a bare address without a prefix length is an error.",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "cidr",
				MarkdownDescription: "An IPv4 or IPv6 CIDR block, e.g. `10.0.0.0/8` or `2001:db8::/32`.",
			},
		},
		Return: function.BoolReturn{},
	}
}

func (f *cidrIsPublic) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var cidr string
	resp.Error = function.ConcatFuncErrors(req.Arguments.Get(ctx, &cidr))
	if resp.Error != nil {
		return
	}
	block, err := ParseCIDR(cidr)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, err.Error())
		return
	}
	resp.Error = function.ConcatFuncErrors(resp.Result.Set(ctx, IsPublicCIDR(block)))
}

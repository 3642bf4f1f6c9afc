package functions

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/commshield/terraform-provider-commshield/internal/rules"
)

var _ function.Function = (*portIsPlaintext)(nil)

// NewPortIsPlaintext returns the port_is_plaintext function.
func NewPortIsPlaintext() function.Function { return &portIsPlaintext{} }

type portIsPlaintext struct{}

func (f *portIsPlaintext) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "port_is_plaintext"
}

func (f *portIsPlaintext) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Whether a protocol and port carry a plaintext or unauthenticated service",
		MarkdownDescription: "Returns `true` when the port is in the plaintext/unauthenticated service set that the `check` " +
			"rules use by default (the `plaintext_ports` parameter of VUL-R01): " +
			"`" + strings.Join(rules.PlaintextPortSpecs(), "`, `") + "`. " +
			"The protocol is `tcp`, `udp`, their numbers `6` and `17`, or `-1`/`all` (any protocol: true when either " +
			"tcp or udp on that port is plaintext); `icmp`, `icmpv6` and other IP protocol numbers carry no ports and return `false`; " +
			"any other protocol name is an error.",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "protocol",
				MarkdownDescription: "`tcp`, `udp`, `icmp`, `icmpv6`, `-1`/`all` or an IP protocol number (case-insensitive), as in security group rules.",
			},
			function.Int64Parameter{
				Name:                "port",
				MarkdownDescription: "A port number, 0 to 65535.",
			},
		},
		Return: function.BoolReturn{},
	}
}

func (f *portIsPlaintext) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var protocol string
	var port int64
	resp.Error = function.ConcatFuncErrors(req.Arguments.Get(ctx, &protocol, &port))
	if resp.Error != nil {
		return
	}
	plain, err := IsPlaintextPort(protocol, port)
	if err != nil {
		var argErr argumentError
		if asArgumentError(err, &argErr) {
			resp.Error = function.NewArgumentFuncError(argErr.position, argErr.Error())
			return
		}
		resp.Error = function.NewFuncError(err.Error())
		return
	}
	resp.Error = function.ConcatFuncErrors(resp.Result.Set(ctx, plain))
}

// IsPlaintextPort reports whether protocol/port is in the rule pack's
// default plaintext set.
func IsPlaintextPort(protocol string, port int64) (bool, error) {
	if strings.TrimSpace(protocol) == "" {
		return false, argumentError{position: 0, msg: `protocol is empty: use "tcp", "udp" or "all"`}
	}
	if !knownProtocol(protocol) {
		return false, argumentError{position: 0, msg: fmt.Sprintf("protocol %q is not tcp, udp, icmp, icmpv6, -1/all or an IP protocol number 0-255", protocol)}
	}
	if port < 0 || port > 65535 {
		return false, argumentError{position: 1, msg: fmt.Sprintf("port %d is out of range: want 0 to 65535", port)}
	}
	_, plain, err := rules.PlaintextPortMatch(protocol, int(port))
	if err != nil {
		return false, fmt.Errorf("reading the rule pack's plaintext ports: %w", err)
	}
	return plain, nil
}

// knownProtocol accepts the names security group rules use and any IP
// protocol number, so that a typo such as "tpc" is an error rather than a
// silent false.
func knownProtocol(protocol string) bool {
	switch rules.NormaliseProtocol(protocol) {
	case "tcp", "udp", "all", "icmp", "icmpv6":
		return true
	}
	n, err := strconv.Atoi(strings.TrimSpace(protocol))
	return err == nil && n >= 0 && n <= 255
}

// argumentError is an error about one function argument.
type argumentError struct {
	position int64
	msg      string
}

func (e argumentError) Error() string { return e.msg }

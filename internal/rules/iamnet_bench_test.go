package rules

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/commshield/terraform-provider-commshield/internal/plan"
	"github.com/commshield/terraform-provider-commshield/internal/plan/plangen"
)

// BenchmarkIdentityNetworkRules runs the identity and network families on
// the network_vpc fixture (modules, for_each, count, many cross-resource
// links) scaled by plangen, to keep the cross rules' reference scans linear
// enough for the pack's 15k-instance target.
//
//	go test ./internal/rules -run '^$' -bench BenchmarkIdentityNetworkRules -benchtime 3x
func BenchmarkIdentityNetworkRules(b *testing.B) {
	tpl, err := os.ReadFile(fixturePath("network_vpc"))
	if err != nil {
		b.Fatal(err)
	}
	var set []*Rule
	for _, r := range All() {
		if strings.HasPrefix(r.ID, "IAM-") || strings.HasPrefix(r.ID, "NET-") {
			set = append(set, r)
		}
	}
	engine, err := NewEngine(set, Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{1000, 15000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			var buf bytes.Buffer
			if err := plangen.Generate(tpl, plangen.Options{Instances: n}, &buf); err != nil {
				b.Fatal(err)
			}
			data := buf.Bytes()
			b.ReportAllocs()
			for b.Loop() {
				p, err := plan.Load(context.Background(), bytes.NewReader(data), "bench.json")
				if err != nil {
					b.Fatal(err)
				}
				if _, err := engine.Check(context.Background(), p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

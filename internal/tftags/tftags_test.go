package tftags

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestOwnTags(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	mapOf := func(m map[string]string) types.Map { v, _ := FromMap(ctx, m); return v }
	defaults := map[string]string{"Owner": "noc"}
	tests := []struct {
		name   string
		prior  types.Map
		remote map[string]string
		want   types.Map
	}{
		{"prior still matches", mapOf(map[string]string{"App": "ims"}), map[string]string{"Owner": "noc", "App": "ims"}, mapOf(map[string]string{"App": "ims"})},
		{"empty prior kept as empty", mapOf(map[string]string{}), map[string]string{"Owner": "noc"}, mapOf(map[string]string{})},
		{"import: defaults stripped", types.MapNull(types.StringType), map[string]string{"Owner": "noc", "App": "ims"}, mapOf(map[string]string{"App": "ims"})},
		{"import: only defaults", types.MapNull(types.StringType), map[string]string{"Owner": "noc"}, types.MapNull(types.StringType)},
		{"drift: tag changed outside", mapOf(map[string]string{"App": "ims"}), map[string]string{"Owner": "noc", "App": "volte"}, mapOf(map[string]string{"App": "volte"})},
		{"default overridden on the resource", types.MapNull(types.StringType), map[string]string{"Owner": "soc"}, mapOf(map[string]string{"Owner": "soc"})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := OwnTags(ctx, tt.prior, defaults, tt.remote); !got.Equal(tt.want) {
				t.Errorf("OwnTags = %v, want %v", got, tt.want)
			}
		})
	}
}

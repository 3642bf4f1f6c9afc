package tftags

import (
	"context"
	"slices"
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

func TestAWSTags(t *testing.T) {
	t.Parallel()
	type kv struct{ k, v string }
	newTag := func(k, v string) kv { return kv{k, v} }
	tests := []struct {
		name string
		tags map[string]string
		want []kv
	}{
		{"nil map", nil, nil},
		{"empty map leaves Tags out", map[string]string{}, nil},
		{"key order", map[string]string{"b": "2", "a": "1", "c": ""}, []kv{{"a", "1"}, {"b", "2"}, {"c", ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := AWSTags(tt.tags, newTag); !slices.Equal(got, tt.want) || (got == nil) != (tt.want == nil) {
				t.Errorf("AWSTags(%v) = %#v, want %#v", tt.tags, got, tt.want)
			}
		})
	}
}

func TestRemovedKeys(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		before, after map[string]string
		want          []string
	}{
		{"nothing before", nil, map[string]string{"a": "1"}, nil},
		{"all kept, values changed", map[string]string{"a": "1", "b": "2"}, map[string]string{"a": "9", "b": "2"}, nil},
		{"removed in key order", map[string]string{"c": "3", "a": "1", "b": "2"}, map[string]string{"b": "2"}, []string{"a", "c"}},
		{"all removed", map[string]string{"b": "2", "a": "1"}, nil, []string{"a", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := RemovedKeys(tt.before, tt.after); !slices.Equal(got, tt.want) || (got == nil) != (tt.want == nil) {
				t.Errorf("RemovedKeys(%v, %v) = %#v, want %#v", tt.before, tt.after, got, tt.want)
			}
		})
	}
}

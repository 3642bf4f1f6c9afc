package plan

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestRawValuesSurviveLoad guards the zero-copy rawValue: every value kept
// from the input must still hold exactly the JSON of its resource change
// after the whole file has been decoded (it would not if the decoder handed
// UnmarshalJSON a reused scratch buffer).
func TestRawValuesSurviveLoad(t *testing.T) {
	files, _ := filepath.Glob("testdata/corpus/*.json")
	if len(files) == 0 {
		t.Fatal("no corpus copies")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var generic struct {
				ResourceChanges []struct {
					Address string `json:"address"`
					Deposed string `json:"deposed"`
					Change  struct {
						After any `json:"after"`
					} `json:"change"`
				} `json:"resource_changes"`
			}
			if err := json.Unmarshal(data, &generic); err != nil {
				t.Fatal(err)
			}
			p := loadTestdata(t, filepath.Join("corpus", filepath.Base(f)))
			for _, rc := range generic.ResourceChanges {
				if rc.Deposed != "" {
					continue
				}
				r := p.Lookup(rc.Address)
				if r == nil {
					t.Fatalf("missing %s", rc.Address)
				}
				var kept any
				if len(r.values.after) > 0 {
					if err := json.Unmarshal(r.values.after, &kept); err != nil {
						t.Fatalf("%s: kept after is not JSON: %v", rc.Address, err)
					}
				}
				if !reflect.DeepEqual(kept, rc.Change.After) {
					t.Errorf("%s: kept after differs from the file", rc.Address)
				}
			}
		})
	}
}

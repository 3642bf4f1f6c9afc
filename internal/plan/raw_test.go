package plan

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unsafe"
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

// TestCompactValuesDetachesAndShares checks what compactValues promises:
// after Load no kept value points into the input (which may then be freed),
// every value keeps its bytes, and fields that shared one slice of the
// input share one copy.
func TestCompactValuesDetachesAndShares(t *testing.T) {
	in := []byte(`{"format_version":"1.2",
	 "resource_changes":[{"address":"aws_vpc.a","type":"aws_vpc","name":"a","change":{"actions":["update"],"before":{"x":1},"after":{"x":2},"after_unknown":{"id":true},"after_sensitive":{}}}],
	 "resource_drift":[{"address":"aws_vpc.c","type":"aws_vpc","name":"c","change":{"actions":["update"],"before":{"d":1},"after":{"d":2}}}],
	 "prior_state":{"values":{"root_module":{"resources":[
	   {"address":"aws_vpc.a","type":"aws_vpc","name":"a","values":{"x":1}},
	   {"address":"data.aws_region.b","mode":"data","type":"aws_region","name":"b","values":{"name":"r"},"sensitive_values":{}}]}}}}`)
	data := bytes.Clone(in)
	p, err := Load(context.Background(), bytes.NewReader(data), "compact.json")
	if err != nil {
		t.Fatal(err)
	}
	inside := func(b []byte) bool {
		if len(b) == 0 {
			return false
		}
		start := uintptr(unsafe.Pointer(unsafe.SliceData(data)))
		at := uintptr(unsafe.Pointer(&b[0]))
		return at >= start && at < start+uintptr(len(data))
	}
	want := map[string][2]string{ // after, prior
		"aws_vpc.a":         {`{"x":2}`, `{"x":1}`},
		"data.aws_region.b": {`{"name":"r"}`, `{"name":"r"}`},
		"aws_vpc.c":         {`{"d":2}`, ``},
	}
	for addr, w := range want {
		r := p.Lookup(addr)
		if r == nil {
			t.Fatalf("missing %s", addr)
		}
		v := r.values
		fields := [][]byte{v.before, v.after, v.afterUnknown, v.beforeSensitive, v.afterSensitive, v.prior, v.priorSensitive}
		if v.drift != nil {
			fields = append(fields, v.drift.change.Before, v.drift.change.After)
		}
		for i, f := range fields {
			if inside(f) {
				t.Errorf("%s: field %d still points into the input", addr, i)
			}
		}
		if string(v.after) != w[0] || string(v.prior) != w[1] {
			t.Errorf("%s: after %s, prior %s; want %s, %s", addr, v.after, v.prior, w[0], w[1])
		}
	}
	region := p.Lookup("data.aws_region.b").values
	if &region.before[0] != &region.after[0] || &region.after[0] != &region.prior[0] {
		t.Error("the prior-state-only instance's before, after and prior are no longer one copy")
	}
	drifted := p.Lookup("aws_vpc.c").values
	if &drifted.after[0] != &drifted.drift.change.After[0] {
		t.Error("the drift-only instance's after and drift.after are no longer one copy")
	}
	a := p.Lookup("aws_vpc.a").values
	if string(a.before) != `{"x":1}` || &a.before[0] == &a.prior[0] {
		t.Errorf("aws_vpc.a: before %s shares prior's copy though they were separate slices of the input", a.before)
	}
}

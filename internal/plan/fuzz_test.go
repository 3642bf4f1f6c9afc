package plan

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad checks that no input makes the loader, the value decoder or the
// resolver panic, and that every failure is a *LoadError.
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/corpus/*.json")
	fixtures, _ := filepath.Glob("testdata/fixtures/*/plan.json")
	for _, path := range append(seeds, fixtures...) {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		if len(data) > 16<<10 {
			data = data[:16<<10] // large seeds make minimisation slow; their prefixes still cover truncation
		}
		f.Add(data)
	}
	f.Add([]byte(`{"format_version":"1.2","resource_changes":[{"address":"module.a[\"x\"].aws_s3_bucket.b[0]","mode":"managed","type":"aws_s3_bucket","name":"b","index":0,"change":{"actions":["delete","create"],"before":{"id":"x"},"after":{"tags":{"a":"b"}},"after_unknown":{"id":true,"tags":{}},"after_sensitive":{"tags":{"a":true}}}}]}`))
	f.Add([]byte(`{"format_version":"0.1","planned_values":{"root_module":{"child_modules":[{"address":"module.m","resources":[{"address":"module.m.aws_vpc.v","values":[1,2,{"a":null}]}]}]}}}`))
	f.Add([]byte(``))
	f.Add([]byte(`{"values":{}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Load(context.Background(), bytes.NewReader(data), "fuzz.json")
		if err != nil {
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("error %T is not a *LoadError: %v", err, err)
			}
			return
		}
		for _, r := range p.Resources {
			_ = UnknownPaths(r.After())
			_ = r.Before()
			_ = r.Drift()
			_ = p.Resolve(r, "bucket")
			_ = p.ReferrersOf(r, r.Type, "id")
			if r.Config != nil {
				for name := range r.Config.Expressions {
					_ = p.Resolve(r, name)
				}
			}
		}
	})
}

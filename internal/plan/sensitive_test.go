package plan

import (
	"path/filepath"
	"testing"
)

// TestMayBeSensitiveIsConservative checks, on every corpus plan, that an
// instance said to have no sensitive value really carries no mark, and that
// the corpus exercises both answers.
func TestMayBeSensitiveIsConservative(t *testing.T) {
	files, _ := filepath.Glob("testdata/corpus/*.json")
	if len(files) == 0 {
		t.Fatal("no corpus copies")
	}
	var marked, unmarked int
	for _, f := range files {
		p := loadTestdata(t, filepath.Join("corpus", filepath.Base(f)))
		for _, r := range p.Resources {
			hasMarks := r.Before().ContainsMarked() || r.After().ContainsMarked()
			if hasMarks && !r.MayBeSensitive() {
				t.Errorf("%s: %s carries a sensitive mark but MayBeSensitive is false", f, r.Address)
			}
			if hasMarks {
				marked++
			} else if !r.MayBeSensitive() {
				unmarked++
			}
		}
	}
	if marked == 0 || unmarked == 0 {
		t.Fatalf("corpus exercises only one side: %d marked, %d cleared without decoding", marked, unmarked)
	}
}

package testfixture

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// recorder captures failures instead of failing the test, so that the
// helper's verdicts can be asserted. Fatalf ends the goroutine like
// testing.T does, so AssertStackCopy must run in its own goroutine.
type recorder struct {
	testing.TB
	messages []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.messages = append(r.messages, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit()
}

func assertStackCopy(exampleDir, copyDir string) []string {
	r := &recorder{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		AssertStackCopy(r, exampleDir, copyDir, "FIX")
	}()
	<-done
	return r.messages
}

func writeStack(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestAssertStackCopy(t *testing.T) {
	example := map[string]string{
		"main.tf":           "module \"a\" {}",
		"modules/a/main.tf": "resource \"x\" \"y\" {}",
		"README.md":         "not part of the stack",
		"plan.json":         "{}",
	}
	tests := []struct {
		name string
		copy map[string]string
		want []string // substrings, one per expected message
	}{
		{
			name: "identical configuration, other files ignored",
			copy: map[string]string{"main.tf": example["main.tf"], "modules/a/main.tf": example["modules/a/main.tf"], "plan.json": "{\"other\":1}"},
		},
		{
			name: "module file differs",
			copy: map[string]string{"main.tf": example["main.tf"], "modules/a/main.tf": "resource \"x\" \"z\" {}"},
			want: []string{"/modules/a/main.tf differs from"},
		},
		{
			name: "root differs",
			copy: map[string]string{"main.tf": "", "modules/a/main.tf": example["modules/a/main.tf"]},
			want: []string{"/main.tf differs from"},
		},
		{
			name: "module file renamed",
			copy: map[string]string{"main.tf": example["main.tf"], "modules/a/other.tf": example["modules/a/main.tf"]},
			want: []string{"has files [main.tf modules/a/other.tf]"},
		},
		{
			name: "no modules directory",
			copy: map[string]string{"main.tf": example["main.tf"]},
			want: []string{"reading the modules of"},
		},
		{
			name: "extra module file",
			copy: map[string]string{"main.tf": example["main.tf"], "modules/a/main.tf": example["modules/a/main.tf"], "modules/b/main.tf": ""},
			want: []string{"has files [main.tf modules/a/main.tf modules/b/main.tf]"},
		},
		{
			name: "no root module",
			copy: map[string]string{"modules/a/main.tf": example["modules/a/main.tf"]},
			want: []string{"reading the root module of"},
		},
	}
	exampleDir := writeStack(t, example)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := assertStackCopy(exampleDir, writeStack(t, tt.copy))
			if len(got) != len(tt.want) {
				t.Fatalf("got messages %q, want %d matching %q", got, len(tt.want), tt.want)
			}
			for i, msg := range got {
				if !strings.Contains(msg, tt.want[i]) {
					t.Errorf("message %q does not contain %q", msg, tt.want[i])
				}
				if !strings.Contains(msg, "reading") && !strings.HasSuffix(msg, "; FIX") {
					t.Errorf("message %q does not end with the fix", msg)
				}
			}
		})
	}
}

package check

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestEndToEndBinary builds the real binary and runs `check` on the demo
// plan as a user would: exit codes and output come from the process.
func TestEndToEndBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; run without -short")
	}
	bin := filepath.Join(t.TempDir(), "terraform-provider-commshield")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	build := exec.CommandContext(t.Context(), "go", "build", "-o", bin, "../..")
	build.Env = append(os.Environ(), "GOTOOLCHAIN=local")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	exitCode := func(err error) int {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		if err != nil {
			t.Fatalf("running %s: %v", bin, err)
		}
		return 0
	}

	cmd := exec.CommandContext(t.Context(), bin, "check", "--format", "json", demoPlan)
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	out, err := cmd.Output()
	if code := exitCode(err); code != ExitFindings {
		t.Fatalf("check on the demo plan: exit %d, want %d", code, ExitFindings)
	}
	var rep Report
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("stdout is not a JSON report: %v", err)
	}
	if rep.Summary.Fail == 0 || rep.Summary.Pass == 0 || rep.ExitCode != ExitFindings || rep.Plans[0].Source != demoPlan {
		t.Fatalf("unexpected report: summary %+v, exit %d", rep.Summary, rep.ExitCode)
	}

	cmd = exec.CommandContext(t.Context(), bin, "check", "--no-such-flag", demoPlan)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if code := exitCode(cmd.Run()); code != ExitUsage || !strings.Contains(stderr.String(), "no-such-flag") {
		t.Fatalf("unknown flag: exit %d, stderr %q", code, stderr.String())
	}
}

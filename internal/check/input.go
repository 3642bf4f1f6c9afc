package check

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/commshield/terraform-provider-commshield/internal/plan"
)

// zipMagic starts every binary plan file (`terraform plan -out`).
var zipMagic = []byte("PK\x03\x04")

// loadPlan reads one PLAN argument: a JSON file, "-" for stdin, or a binary
// plan file converted with `terraform show -json` in the plan's directory
// (where its .terraform lives).
func loadPlan(ctx context.Context, arg string, stdin io.Reader, terraformPath string) (*plan.Plan, error) {
	if arg == "-" {
		br := bufio.NewReader(stdin)
		if head, _ := br.Peek(len(zipMagic)); bytes.Equal(head, zipMagic) {
			return nil, inputErrorf("-", 0, "stdin holds a binary plan file; pass its path instead, or pipe `terraform show -json PLAN`")
		}
		p, err := plan.Load(ctx, br, "-")
		if err != nil {
			return nil, planError("-", err)
		}
		return p, nil
	}
	if isBinaryPlan(arg) {
		data, err := showBinaryPlan(ctx, arg, terraformPath)
		if err != nil {
			return nil, err
		}
		p, err := plan.Load(ctx, bytes.NewReader(data), arg)
		if err != nil {
			return nil, planError(arg, err)
		}
		return p, nil
	}
	p, err := plan.LoadFile(ctx, arg)
	if err != nil {
		return nil, planError(arg, err)
	}
	return p, nil
}

// planError keeps plan.LoadError messages as the plan package wrote them
// (they name the file and the fix) and wraps anything else.
func planError(source string, err error) error {
	var le *plan.LoadError
	if errors.As(err, &le) {
		return &InputError{Msg: le.Error()}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return inputErrorf(source, 0, "%v", err)
}

// isBinaryPlan peeks at the file; unreadable files are left to
// plan.LoadFile, whose messages say what to do.
func isBinaryPlan(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, len(zipMagic))
	n, _ := io.ReadFull(f, head)
	return n == len(zipMagic) && bytes.Equal(head, zipMagic)
}

func showBinaryPlan(ctx context.Context, path, terraformPath string) ([]byte, error) {
	tf := terraformPath
	if tf == "" {
		found, err := exec.LookPath("terraform")
		if err != nil {
			return nil, inputErrorf(path, 0, "this is a binary plan file and no terraform is on PATH to convert it; "+
				"install Terraform, pass --terraform PATH, or run `terraform show -json %s > plan.json` and check that", filepath.Base(path))
		}
		tf = found
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("resolving %s: %w", path, err)
	}
	cmd := exec.CommandContext(ctx, tf, "show", "-json", "-no-color", abs)
	cmd.Dir = filepath.Dir(abs)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		var ee *exec.Error
		if errors.As(err, &ee) || errors.Is(err, os.ErrNotExist) {
			return nil, inputErrorf(path, 0, "cannot run terraform %q to convert this binary plan: %v; fix --terraform or PATH", tf, err)
		}
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, inputErrorf(path, 0, "`terraform show -json` failed in %s: %s; run it there (after `terraform init`) to see why", cmd.Dir, firstLines(msg, 6))
	}
	return stdout.Bytes(), nil
}

func firstLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = append(lines[:n], "…")
	}
	return strings.Join(lines, " ")
}

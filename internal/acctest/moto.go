package acctest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/go-version"
)

// minTerraformVersion is the oldest Terraform the acceptance suite supports.
const minTerraformVersion = "1.8.0"

// Run is the TestMain of every package with acceptance tests:
//
//	func TestMain(m *testing.M) { acctest.Run(m) }
//
// With TF_ACC set it starts one moto server on a free loopback port for the
// whole test binary, exports fake credentials and the endpoint, makes sure
// terraform-plugin-testing finds a Terraform binary, runs the tests and stops
// moto. Without TF_ACC it just runs the tests (acceptance tests skip
// themselves, as terraform-plugin-testing does). It never returns.
func Run(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if os.Getenv("TF_ACC") == "" {
		return m.Run()
	}
	root, err := repoRoot()
	if err != nil {
		fmt.Fprintf(os.Stderr, "acctest: %v\n", err)
		return 1
	}
	// The moto server lives as long as the test binary: nothing cancels ctx.
	ctx := context.Background()
	if err := ensureTerraform(ctx, root); err != nil {
		fmt.Fprintf(os.Stderr, "acctest: %v\n", err)
		return 1
	}

	endpoint := os.Getenv(envMotoEndpoint)
	if endpoint == "" {
		srv, err := startMoto(ctx, root)
		if err != nil {
			fmt.Fprintf(os.Stderr, "acctest: %v\n", err)
			return 1
		}
		defer srv.stop()
		endpoint = srv.endpoint
	}

	// Fake credentials and a fixed region; the shared files point at
	// /dev/null so a developer's ~/.aws can never leak into a test, and the
	// generic endpoint variable sends any client we forgot to moto, not AWS.
	for k, v := range map[string]string{
		envMotoEndpoint:               endpoint,
		"AWS_ACCESS_KEY_ID":           "testing",
		"AWS_SECRET_ACCESS_KEY":       "testing",
		"AWS_SESSION_TOKEN":           "",
		"AWS_REGION":                  Region,
		"AWS_DEFAULT_REGION":          Region,
		"AWS_CONFIG_FILE":             os.DevNull,
		"AWS_SHARED_CREDENTIALS_FILE": os.DevNull,
		"AWS_ENDPOINT_URL":            endpoint,
		"AWS_EC2_METADATA_DISABLED":   "true",
		"CHECKPOINT_DISABLE":          "1",
	} {
		os.Setenv(k, v)
	}
	os.Unsetenv("AWS_PROFILE")
	return m.Run()
}

type motoServer struct {
	endpoint string
	cmd      *exec.Cmd
	logPath  string
	done     chan struct{}
}

// motoLauncher runs moto's server but exits as soon as the process that
// started it (the test binary) is gone. A test binary killed by -timeout or
// a signal never runs its deferred stop, and an orphaned moto would keep its
// port and memory until someone notices.
const motoLauncher = `
import os, sys, threading, time
parent = os.getppid()
def watch():
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)
threading.Thread(target=watch, daemon=True).start()
from moto.server import main
main(sys.argv[1:])
`

// motoCommand finds a Python that can import moto.server: python3 on PATH,
// else the virtualenv `make tools` creates.
func motoCommand(ctx context.Context, root string) ([]string, error) {
	candidates := []string{filepath.Join(root, ".tools", "moto-venv", "bin", "python")}
	if py, err := exec.LookPath("python3"); err == nil {
		candidates = append([]string{py}, candidates...)
	}
	for _, py := range candidates {
		if exec.CommandContext(ctx, py, "-c", "import moto.server").Run() == nil {
			return []string{py, "-c", motoLauncher}, nil
		}
	}
	return nil, fmt.Errorf("moto server not found: neither python3 on PATH nor %s can import moto.server; run `make tools` to install moto[server] into .tools/moto-venv", candidates[len(candidates)-1])
}

func freeLoopbackPort(ctx context.Context) (int, error) {
	var lc net.ListenConfig
	l, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("finding a free loopback port: %w", err)
	}
	defer l.Close()
	addr, ok := l.Addr().(*net.TCPAddr)
	if !ok {
		return 0, fmt.Errorf("finding a free loopback port: listener address %v is not TCP", l.Addr())
	}
	return addr.Port, nil
}

func startMoto(ctx context.Context, root string) (*motoServer, error) {
	argv, err := motoCommand(ctx, root)
	if err != nil {
		return nil, err
	}
	port, err := freeLoopbackPort(ctx)
	if err != nil {
		return nil, err
	}
	logFile, err := os.CreateTemp("", "commshield-moto-*.log")
	if err != nil {
		return nil, fmt.Errorf("creating moto log file: %w", err)
	}
	// Loopback only: moto accepts any credentials and must never be reachable
	// from the network.
	args := slices.Concat(argv[1:], []string{"-H", "127.0.0.1", "-p", strconv.Itoa(port)})
	cmd := exec.CommandContext(ctx, argv[0], args...)
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("starting %s: %w", strings.Join(argv, " "), err)
	}
	logFile.Close()

	srv := &motoServer{
		endpoint: fmt.Sprintf("http://127.0.0.1:%d", port),
		cmd:      cmd,
		logPath:  logFile.Name(),
		done:     make(chan struct{}),
	}
	go func() { _ = cmd.Wait(); close(srv.done) }()

	if err := srv.waitReady(ctx, 60*time.Second); err != nil {
		srv.stop()
		return nil, err
	}
	return srv, nil
}

func (s *motoServer) waitReady(ctx context.Context, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	client := &http.Client{Timeout: 2 * time.Second}
	for time.Now().Before(deadline) {
		select {
		case <-s.done:
			return fmt.Errorf("moto server exited during start-up; log:\n%s", s.logTail())
		default:
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.endpoint+"/moto-api/", nil)
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("moto server at %s not ready after %s; log:\n%s", s.endpoint, timeout, s.logTail())
}

func (s *motoServer) logTail() string {
	data, err := os.ReadFile(s.logPath)
	if err != nil {
		return err.Error()
	}
	if len(data) > 4000 {
		data = data[len(data)-4000:]
	}
	return string(data)
}

// stop ends the moto process group we started (by its id) and removes the log.
func (s *motoServer) stop() {
	pgid := s.cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		<-s.done
	}
	os.Remove(s.logPath)
}

// ensureTerraform sets TF_ACC_TERRAFORM_PATH when it is unset: the terraform
// on PATH if it is new enough, else .tools/bin/terraform from `make tools`.
// terraform-plugin-testing would otherwise try to download Terraform.
func ensureTerraform(ctx context.Context, root string) error {
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return fmt.Errorf("TF_ACC_TERRAFORM_PATH=%s: %w", p, err)
		}
		return nil
	}
	var candidates []string
	if p, err := exec.LookPath("terraform"); err == nil {
		candidates = append(candidates, p)
	}
	candidates = append(candidates, filepath.Join(root, ".tools", "bin", "terraform"))
	for _, p := range candidates {
		if ok, _ := terraformAtLeast(ctx, p, minTerraformVersion); ok {
			return os.Setenv("TF_ACC_TERRAFORM_PATH", p)
		}
	}
	return fmt.Errorf("no terraform >= %s found on PATH or in .tools/bin; run `make tools` (installs terraform 1.8.5 into .tools/bin) or set TF_ACC_TERRAFORM_PATH", minTerraformVersion)
}

func terraformAtLeast(ctx context.Context, binary, minimum string) (bool, error) {
	out, err := exec.CommandContext(ctx, binary, "version").Output()
	if err != nil {
		return false, err
	}
	// First line: "Terraform v1.11.4".
	first, _, _ := bytes.Cut(out, []byte("\n"))
	fields := strings.Fields(string(first))
	if len(fields) < 2 {
		return false, fmt.Errorf("unexpected `%s version` output %q", binary, first)
	}
	have, err := version.NewVersion(strings.TrimPrefix(fields[1], "v"))
	if err != nil {
		return false, err
	}
	return have.GreaterThanOrEqual(version.Must(version.NewVersion(minimum))), nil
}

// repoRoot walks up from the working directory (the package under test) to
// the directory holding go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod not found above the test's working directory")
		}
		dir = parent
	}
}

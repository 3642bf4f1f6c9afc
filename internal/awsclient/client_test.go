package awsclient

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// TestNewSendsUserAgentAndHonoursEndpoint points every endpoint at a local
// listener that only records the first request and fails it, so New stops at
// the identity check: the request must have gone to the override (not AWS)
// and carry the commshield user agent.
func TestNewSendsUserAgentAndHonoursEndpoint(t *testing.T) {
	var mu sync.Mutex
	var agents []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		agents = append(agents, r.Header.Get("User-Agent"))
		mu.Unlock()
		w.WriteHeader(http.StatusForbidden)
	}))
	defer srv.Close()
	t.Setenv("AWS_CONFIG_FILE", "/dev/null")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")

	_, err := New(context.Background(), Config{
		Region:     "eu-west-1",
		AccessKey:  "AKIDEXAMPLE",
		SecretKey:  "secret",
		Endpoints:  map[string]string{"sts": srv.URL},
		MaxRetries: 1,
		RetryMode:  RetryModeStandard,
		Version:    "1.2.3",
	})
	if err == nil || !strings.Contains(err.Error(), "sts:GetCallerIdentity") {
		t.Fatalf("New() error = %v, want the identity check to fail against the listener", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(agents) == 0 {
		t.Fatal("no request reached the sts endpoint override")
	}
	if !strings.Contains(agents[0], "commshield/1.2.3") {
		t.Errorf("User-Agent = %q, want it to contain commshield/1.2.3", agents[0])
	}
}

func TestNewRejectsInvalidConfigBeforeAnyCall(t *testing.T) {
	_, err := New(context.Background(), Config{Region: "eu-west-1", Endpoints: map[string]string{"kms": "ftp://x"}})
	if err == nil || !strings.Contains(err.Error(), "endpoints.kms") {
		t.Fatalf("New() error = %v, want an endpoints.kms validation error", err)
	}
}

package acctest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"time"
)

// IAM Access Analyzer (REST-JSON), which moto lacks entirely: the gap server
// keeps analyzers itself and forwards nothing. Only CreateAnalyzer,
// GetAnalyzer, DeleteAnalyzer and ListAnalyzers are answered, with the shapes
// of the Access Analyzer API reference; archive rules, findings and
// configuration are not emulated (other paths answer 404).

type analyzer struct {
	Arn       string            `json:"arn"`
	Name      string            `json:"name"`
	Type      string            `json:"type"`
	CreatedAt string            `json:"createdAt"`
	Status    string            `json:"status"`
	Tags      map[string]string `json:"tags,omitempty"`
}

var analyzerNamePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.-]{0,254}$`)

var analyzerTypes = map[string]bool{
	"ACCOUNT": true, "ORGANIZATION": true,
	"ACCOUNT_UNUSED_ACCESS": true, "ORGANIZATION_UNUSED_ACCESS": true,
	"ACCOUNT_INTERNAL_ACCESS": true, "ORGANIZATION_INTERNAL_ACCESS": true,
}

// AccessAnalyzerURL is the endpoint override for "accessanalyzer".
func (g *GapServer) AccessAnalyzerURL() string { return g.accessAnalyzer.URL }

func (g *GapServer) accessAnalyzerHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		switch {
		case p == "/analyzer" && r.Method == http.MethodPut:
			g.createAnalyzer(w, r)
		case p == "/analyzer" && r.Method == http.MethodGet:
			g.listAnalyzers(w, r)
		case strings.HasPrefix(p, "/analyzer/") && !strings.Contains(strings.TrimPrefix(p, "/analyzer/"), "/"):
			name := strings.TrimPrefix(p, "/analyzer/")
			switch r.Method {
			case http.MethodGet:
				g.getAnalyzer(w, name)
			case http.MethodDelete:
				g.deleteAnalyzer(w, name)
			default:
				jsonError(w, http.StatusMethodNotAllowed, "ValidationException", r.Method+" "+p+" is not an Access Analyzer operation")
			}
		default:
			jsonError(w, http.StatusNotFound, "UnknownOperationException", "the commshield gap server does not emulate "+r.Method+" "+p)
		}
	})
}

func (g *GapServer) createAnalyzer(w http.ResponseWriter, r *http.Request) {
	var in struct {
		AnalyzerName string            `json:"analyzerName"`
		Type         string            `json:"type"`
		Tags         map[string]string `json:"tags"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		jsonError(w, http.StatusBadRequest, "ValidationException", "request body: "+err.Error())
		return
	}
	if !analyzerNamePattern.MatchString(in.AnalyzerName) {
		jsonError(w, http.StatusBadRequest, "ValidationException", fmt.Sprintf("analyzerName %q must match %s", in.AnalyzerName, analyzerNamePattern))
		return
	}
	if !analyzerTypes[in.Type] {
		jsonError(w, http.StatusBadRequest, "ValidationException", fmt.Sprintf("type %q is not a valid analyzer type", in.Type))
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.analyzers == nil {
		g.analyzers = map[string]analyzer{}
	}
	if _, ok := g.analyzers[in.AnalyzerName]; ok {
		jsonError(w, http.StatusConflict, "ConflictException", "analyzer "+in.AnalyzerName+" already exists")
		return
	}
	a := analyzer{
		Arn:  fmt.Sprintf("arn:aws:access-analyzer:%s:%s:analyzer/%s", Region, MotoAccountID, in.AnalyzerName),
		Name: in.AnalyzerName, Type: in.Type, CreatedAt: time.Now().UTC().Format(time.RFC3339), Status: "ACTIVE", Tags: in.Tags,
	}
	g.analyzers[in.AnalyzerName] = a
	writeJSON(w, map[string]string{"arn": a.Arn})
}

func (g *GapServer) getAnalyzer(w http.ResponseWriter, name string) {
	g.mu.Lock()
	a, ok := g.analyzers[name]
	g.mu.Unlock()
	if !ok {
		jsonError(w, http.StatusNotFound, "ResourceNotFoundException", "analyzer "+name+" not found")
		return
	}
	writeJSON(w, map[string]any{"analyzer": a})
}

func (g *GapServer) deleteAnalyzer(w http.ResponseWriter, name string) {
	g.mu.Lock()
	_, ok := g.analyzers[name]
	delete(g.analyzers, name)
	g.mu.Unlock()
	if !ok {
		jsonError(w, http.StatusNotFound, "ResourceNotFoundException", "analyzer "+name+" not found")
		return
	}
	w.WriteHeader(http.StatusOK)
}

func (g *GapServer) listAnalyzers(w http.ResponseWriter, r *http.Request) {
	want := r.URL.Query().Get("type")
	g.mu.Lock()
	out := make([]analyzer, 0, len(g.analyzers))
	for _, a := range g.analyzers {
		if want == "" || a.Type == want {
			out = append(out, a)
		}
	}
	g.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	writeJSON(w, map[string]any{"analyzers": out})
}

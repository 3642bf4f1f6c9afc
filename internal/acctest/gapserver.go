package acctest

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
)

// GapServer answers, on loopback, exactly the AWS operations moto 5.2 lacks
// that the acceptance tests need, following the shapes of the AWS API
// reference, and forwards every other request of the same service to moto
// unchanged. Tests point the provider's endpoint override for that service
// at it (ProviderConfigWithEndpoints); all other services keep talking to
// moto directly. See doc.go for the list of operations never exercised
// against moto.
//
//   - EC2 (query protocol): GetEbsDefaultKmsKeyId, ModifyEbsDefaultKmsKeyId,
//     ResetEbsDefaultKmsKeyId (moto answers GetEbsDefaultKmsKeyId with HTTP
//     500). The default key lives here, not in moto.
//   - EC2: GetInstanceMetadataDefaults, ModifyInstanceMetadataDefaults (the
//     account-level IMDS defaults; moto lacks both). "no-preference" (or a
//     hop limit of -1) clears a setting, as on AWS.
//   - Security Hub (REST-JSON): BatchEnableStandards, BatchDisableStandards,
//     GetEnabledStandards (moto answers 404).
//   - IAM Access Analyzer (REST-JSON): CreateAnalyzer, GetAnalyzer,
//     DeleteAnalyzer, ListAnalyzers (moto has no Access Analyzer; nothing is
//     forwarded), see gap_accessanalyzer.go.
//
// A URL under DeniedPrefix answers every request with AccessDenied, to test
// how callers treat an API they may not call.
type GapServer struct {
	ec2         *httptest.Server
	securityHub *httptest.Server
	// accessAnalyzer forwards nothing: moto has no Access Analyzer at all.
	accessAnalyzer *httptest.Server

	mu            sync.Mutex
	ebsDefaultKey string                           // "" means the AWS managed key
	imdsDefaults  map[string]string                // accountLevel element name → value; absent = no preference
	standards     map[string]standardsSubscription // by StandardsArn
	analyzers     map[string]analyzer              // Access Analyzer, by name
}

// DeniedPrefix is the path prefix under which a GapServer denies everything.
const DeniedPrefix = "/deny"

type standardsSubscription struct {
	StandardsSubscriptionArn string            `json:"StandardsSubscriptionArn"`
	StandardsArn             string            `json:"StandardsArn"`
	StandardsInput           map[string]string `json:"StandardsInput"`
	StandardsStatus          string            `json:"StandardsStatus"`
}

// StartGapServer starts a GapServer forwarding to moto; it stops when the
// test ends.
func StartGapServer(t testing.TB) *GapServer {
	t.Helper()
	return NewGapServer(t, MotoEndpoint(t))
}

// NewGapServer starts a GapServer forwarding unhandled requests to upstream.
func NewGapServer(t testing.TB, upstream string) *GapServer {
	t.Helper()
	target, err := url.Parse(upstream)
	if err != nil {
		t.Fatalf("acctest: gap server upstream %q: %v", upstream, err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	g := &GapServer{standards: map[string]standardsSubscription{}}
	g.ec2 = httptest.NewServer(denying(g.ec2Handler(proxy), ec2Error, "UnauthorizedOperation"))
	g.securityHub = httptest.NewServer(denying(g.securityHubHandler(proxy), jsonError, "AccessDeniedException"))
	g.accessAnalyzer = httptest.NewServer(denying(g.accessAnalyzerHandler(), jsonError, "AccessDeniedException"))
	t.Cleanup(func() {
		g.ec2.Close()
		g.securityHub.Close()
		g.accessAnalyzer.Close()
	})
	return g
}

// EC2URL is the endpoint override for "ec2".
func (g *GapServer) EC2URL() string { return g.ec2.URL }

// SecurityHubURL is the endpoint override for "securityhub".
func (g *GapServer) SecurityHubURL() string { return g.securityHub.URL }

// SecurityHubDeniedURL is a "securityhub" endpoint denying every call.
func (g *GapServer) SecurityHubDeniedURL() string { return g.securityHub.URL + DeniedPrefix }

type errorWriter func(w http.ResponseWriter, status int, code, message string)

// denying answers requests under DeniedPrefix with the service's
// access-denied error code.
func denying(next http.Handler, writeError errorWriter, code string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, DeniedPrefix) {
			writeError(w, http.StatusForbidden, code, "User: arn:aws:iam::"+MotoAccountID+":user/acctest is not authorized to perform this operation (commshield acctest gap server)")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// ---- EC2 (query protocol: form-encoded POST, XML responses) ----

const ec2Namespace = "http://ec2.amazonaws.com/doc/2016-11-15/"

type ebsDefaultKeyResponse struct {
	XMLName   xml.Name
	Xmlns     string `xml:"xmlns,attr"`
	RequestID string `xml:"requestId"`
	KmsKeyID  string `xml:"kmsKeyId"`
}

func (g *GapServer) ec2Handler(proxy http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			ec2Error(w, http.StatusBadRequest, "InvalidRequest", "reading the request body: "+err.Error())
			return
		}
		form, _ := url.ParseQuery(string(body))
		action := form.Get("Action")
		var key string
		switch action {
		case "GetInstanceMetadataDefaults":
			writeXML(w, g.imdsDefaultsResponse())
			return
		case "ModifyInstanceMetadataDefaults":
			g.modifyIMDSDefaults(form)
			writeXML(w, modifyIMDSDefaultsResponse{XMLName: xml.Name{Local: action + "Response"}, Xmlns: ec2Namespace, RequestID: "commshield-gap", Return: true})
			return
		case "GetEbsDefaultKmsKeyId":
			key = g.defaultKey()
		case "ModifyEbsDefaultKmsKeyId":
			key = form.Get("KmsKeyId")
			if key == "" {
				ec2Error(w, http.StatusBadRequest, "MissingParameter", "The request must contain the parameter KmsKeyId")
				return
			}
			g.mu.Lock()
			g.ebsDefaultKey = key
			g.mu.Unlock()
		case "ResetEbsDefaultKmsKeyId":
			g.mu.Lock()
			g.ebsDefaultKey = ""
			g.mu.Unlock()
			key = g.defaultKey()
		default:
			r.Body = io.NopCloser(bytes.NewReader(body))
			r.ContentLength = int64(len(body))
			proxy.ServeHTTP(w, r)
			return
		}
		writeXML(w, ebsDefaultKeyResponse{XMLName: xml.Name{Local: action + "Response"}, Xmlns: ec2Namespace, RequestID: "commshield-gap", KmsKeyID: key})
	})
}

// imdsParams maps ModifyInstanceMetadataDefaults query parameters to the
// element names of GetInstanceMetadataDefaults' accountLevel.
var imdsParams = [][2]string{
	{"HttpTokens", "httpTokens"},
	{"HttpPutResponseHopLimit", "httpPutResponseHopLimit"},
	{"HttpEndpoint", "httpEndpoint"},
	{"InstanceMetadataTags", "instanceMetadataTags"},
}

func (g *GapServer) modifyIMDSDefaults(form url.Values) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.imdsDefaults == nil {
		g.imdsDefaults = map[string]string{}
	}
	for _, p := range imdsParams {
		v, ok := form[p[0]]
		if !ok || len(v) == 0 {
			continue
		}
		if v[0] == "no-preference" || v[0] == "-1" {
			delete(g.imdsDefaults, p[1])
			continue
		}
		g.imdsDefaults[p[1]] = v[0]
	}
}

type modifyIMDSDefaultsResponse struct {
	XMLName   xml.Name
	Xmlns     string `xml:"xmlns,attr"`
	RequestID string `xml:"requestId"`
	Return    bool   `xml:"return"`
}

type imdsAccountLevel struct {
	HTTPTokens              string `xml:"httpTokens,omitempty"`
	HTTPPutResponseHopLimit string `xml:"httpPutResponseHopLimit,omitempty"`
	HTTPEndpoint            string `xml:"httpEndpoint,omitempty"`
	InstanceMetadataTags    string `xml:"instanceMetadataTags,omitempty"`
}

type getIMDSDefaultsResponse struct {
	XMLName      xml.Name         `xml:"GetInstanceMetadataDefaultsResponse"`
	Xmlns        string           `xml:"xmlns,attr"`
	RequestID    string           `xml:"requestId"`
	AccountLevel imdsAccountLevel `xml:"accountLevel"`
}

func (g *GapServer) imdsDefaultsResponse() getIMDSDefaultsResponse {
	g.mu.Lock()
	defer g.mu.Unlock()
	d := g.imdsDefaults
	return getIMDSDefaultsResponse{Xmlns: ec2Namespace, RequestID: "commshield-gap", AccountLevel: imdsAccountLevel{
		HTTPTokens: d["httpTokens"], HTTPPutResponseHopLimit: d["httpPutResponseHopLimit"],
		HTTPEndpoint: d["httpEndpoint"], InstanceMetadataTags: d["instanceMetadataTags"],
	}}
}

// defaultKey is what AWS reports before any ModifyEbsDefaultKmsKeyId: the
// AWS managed key's alias ARN.
func (g *GapServer) defaultKey() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.ebsDefaultKey != "" {
		return g.ebsDefaultKey
	}
	return fmt.Sprintf("arn:aws:kms:%s:%s:alias/aws/ebs", Region, MotoAccountID)
}

func writeXML(w http.ResponseWriter, v any) {
	b, err := xml.Marshal(v)
	if err != nil {
		ec2Error(w, http.StatusInternalServerError, "InternalError", err.Error())
		return
	}
	w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	_, _ = w.Write(append([]byte(xml.Header), b...))
}

func ec2Error(w http.ResponseWriter, status int, code, message string) {
	type errorXML struct {
		Code    string `xml:"Code"`
		Message string `xml:"Message"`
	}
	type responseXML struct {
		XMLName   xml.Name   `xml:"Response"`
		Errors    []errorXML `xml:"Errors>Error"`
		RequestID string     `xml:"RequestID"`
	}
	b, _ := xml.Marshal(responseXML{Errors: []errorXML{{Code: code, Message: message}}, RequestID: "commshield-gap"})
	w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	w.WriteHeader(status)
	_, _ = w.Write(append([]byte(xml.Header), b...))
}

// ---- Security Hub (REST-JSON) ----

func (g *GapServer) securityHubHandler(proxy http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			proxy.ServeHTTP(w, r)
			return
		}
		switch r.URL.Path {
		case "/standards/register":
			g.batchEnableStandards(w, r)
		case "/standards/deregister":
			g.batchDisableStandards(w, r)
		case "/standards/get":
			g.getEnabledStandards(w, r)
		default:
			proxy.ServeHTTP(w, r)
		}
	})
}

func (g *GapServer) batchEnableStandards(w http.ResponseWriter, r *http.Request) {
	var in struct {
		StandardsSubscriptionRequests []struct {
			StandardsArn   string            `json:"StandardsArn"`
			StandardsInput map[string]string `json:"StandardsInput"`
		} `json:"StandardsSubscriptionRequests"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || len(in.StandardsSubscriptionRequests) == 0 {
		jsonError(w, http.StatusBadRequest, "InvalidInputException", "StandardsSubscriptionRequests must list at least one standard")
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	var out []standardsSubscription
	for _, req := range in.StandardsSubscriptionRequests {
		// arn:aws:securityhub:<region>::standards/<name>/v/<version> or
		// arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0
		_, rest, ok := strings.Cut(req.StandardsArn, ":standards/")
		if !ok {
			_, rest, ok = strings.Cut(req.StandardsArn, ":ruleset/")
		}
		if !ok || rest == "" {
			jsonError(w, http.StatusBadRequest, "InvalidInputException", fmt.Sprintf("StandardsArn %q is not a standards ARN", req.StandardsArn))
			return
		}
		sub := standardsSubscription{
			StandardsSubscriptionArn: fmt.Sprintf("arn:aws:securityhub:%s:%s:subscription/%s", Region, MotoAccountID, rest),
			StandardsArn:             req.StandardsArn,
			StandardsInput:           req.StandardsInput,
			// AWS reports PENDING until the controls are set up, then READY;
			// the next GetEnabledStandards sees READY here.
			StandardsStatus: "PENDING",
		}
		if sub.StandardsInput == nil {
			sub.StandardsInput = map[string]string{}
		}
		out = append(out, sub)
		sub.StandardsStatus = "READY"
		g.standards[req.StandardsArn] = sub
	}
	writeJSON(w, map[string]any{"StandardsSubscriptions": out})
}

func (g *GapServer) batchDisableStandards(w http.ResponseWriter, r *http.Request) {
	var in struct {
		StandardsSubscriptionArns []string `json:"StandardsSubscriptionArns"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || len(in.StandardsSubscriptionArns) == 0 {
		jsonError(w, http.StatusBadRequest, "InvalidInputException", "StandardsSubscriptionArns must list at least one subscription")
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	var out []standardsSubscription
	for _, arn := range in.StandardsSubscriptionArns {
		for k, sub := range g.standards {
			if sub.StandardsSubscriptionArn == arn {
				delete(g.standards, k)
				sub.StandardsStatus = "DELETING"
				out = append(out, sub)
			}
		}
	}
	writeJSON(w, map[string]any{"StandardsSubscriptions": out})
}

func (g *GapServer) getEnabledStandards(w http.ResponseWriter, r *http.Request) {
	var in struct {
		StandardsSubscriptionArns []string `json:"StandardsSubscriptionArns"`
	}
	// An empty body is valid: it asks for every subscription.
	_ = json.NewDecoder(r.Body).Decode(&in)
	g.mu.Lock()
	defer g.mu.Unlock()
	out := []standardsSubscription{}
	for _, sub := range g.standards {
		if len(in.StandardsSubscriptionArns) == 0 || slices.Contains(in.StandardsSubscriptionArns, sub.StandardsSubscriptionArn) {
			out = append(out, sub)
		}
	}
	writeJSON(w, map[string]any{"StandardsSubscriptions": out})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// jsonError writes a REST-JSON error the way AWS does: the code in the
// X-Amzn-ErrorType header and in the body's __type.
func jsonError(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Amzn-ErrorType", code)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"__type": code, "Message": message})
}

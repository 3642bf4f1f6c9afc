package plan

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func loadTestdata(t *testing.T, rel string) *Plan {
	t.Helper()
	p, err := LoadFile(context.Background(), filepath.Join("testdata", rel))
	if err != nil {
		t.Fatalf("load %s: %v", rel, err)
	}
	return p
}

func mustLookup(t *testing.T, p *Plan, address string) *Resource {
	t.Helper()
	r := p.Lookup(address)
	if r == nil {
		t.Fatalf("%s: no resource %s", p.Source, address)
	}
	return r
}

// TestCorpusCopies checks the model built from real plans of several
// Terraform/OpenTofu versions against what the files say.
func TestCorpusCopies(t *testing.T) {
	tests := []struct {
		file  string
		check func(t *testing.T, p *Plan)
	}{
		{"policy-engine__resource-changes.json", func(t *testing.T, p *Plan) {
			del := mustLookup(t, p, "aws_s3_bucket.delete_bucket")
			if del.Action != ActionDelete || !del.Deleted() || del.Config != nil {
				t.Errorf("delete_bucket: action %s deleted %v config %v", del.Action, del.Deleted(), del.Config != nil)
			}
			if !del.After().IsNull() {
				t.Errorf("deleted instance After = %#v, want null", del.After())
			}
			if s, ok := String(Get(del.Before(), "bucket")); !ok || s == "" {
				t.Errorf("deleted instance Before.bucket = %q, %v", s, ok)
			}
			if got := mustLookup(t, p, "aws_s3_bucket.update_bucket").Action; got != ActionUpdate {
				t.Errorf("update_bucket action %s", got)
			}
			create := mustLookup(t, p, "aws_s3_bucket.create_bucket")
			if IsKnown(Get(create.After(), "arn")) {
				t.Errorf("create_bucket arn should be unknown")
			}
			noop := mustLookup(t, p, "aws_s3_bucket.noop_bucket")
			if noop.Action != ActionNoop || noop.Changes() {
				t.Errorf("noop_bucket action %s", noop.Action)
			}
			d := noop.Drift()
			if d == nil || d.Action != ActionUpdate || d.Before.IsNull() || d.After.IsNull() {
				t.Fatalf("noop_bucket drift = %+v", d)
			}
			if mustLookup(t, p, "aws_s3_bucket.update_bucket").Drift() != nil {
				t.Errorf("update_bucket has no drift in the file")
			}
		}},
		{"terraform__moved_with_drift.json", func(t *testing.T, p *Plan) {
			r := mustLookup(t, p, "tfcoremock_simple_resource.base_after")
			if r.PreviousAddress != "tfcoremock_simple_resource.base_before" || r.Action != ActionUpdate {
				t.Errorf("moved: previous %q action %s", r.PreviousAddress, r.Action)
			}
			if d := r.Drift(); d == nil || d.Action != ActionUpdate {
				t.Errorf("drift = %+v", d)
			}
			if p.Lookup("tfcoremock_simple_resource.base_before") != nil {
				t.Errorf("the old address must not be an instance")
			}
		}},
		{"terraform__requires-replace_v1_0_11.json", func(t *testing.T, p *Plan) {
			r := mustLookup(t, p, "test_instance.test")
			if r.Action != ActionReplace || r.ReplaceOrder != ReplaceDeleteThenCreate || r.ActionReason != "replace_because_cannot_update" {
				t.Errorf("replace: %s %s %s", r.Action, r.ReplaceOrder, r.ActionReason)
			}
			if !reflect.DeepEqual(r.ReplacePaths, [][]any{{"ami"}}) {
				t.Errorf("replace paths %v", r.ReplacePaths)
			}
			if got := UnknownPaths(r.After()); !reflect.DeepEqual(got, []string{"id"}) {
				t.Errorf("unknown paths %v", got)
			}
			if p.FormatVersion != "0.2" {
				t.Errorf("format %s", p.FormatVersion)
			}
		}},
		{"terraform-json__identity.json", func(t *testing.T, p *Plan) {
			r := mustLookup(t, p, "corner_user_identity.user")
			if !r.Importing || r.Action != ActionUpdate {
				t.Errorf("importing %v action %s", r.Importing, r.Action)
			}
		}},
		{"opentofu__show-json-identity_update.json", func(t *testing.T, p *Plan) {
			r := mustLookup(t, p, "test_instance.test")
			if r.Action != ActionUpdate || r.Before().IsNull() || r.After().IsNull() {
				t.Errorf("action %s", r.Action)
			}
		}},
		{"terraform-json__has_checks.json", func(t *testing.T, p *Plan) {
			r := mustLookup(t, p, `module.files.local_file.foo["file1.txt"]`)
			if r.Key != "file1.txt" || r.ModuleAddress != "module.files" || r.ConfigAddress != "module.files.local_file.foo" {
				t.Errorf("addressing: key %#v module %q config %q", r.Key, r.ModuleAddress, r.ConfigAddress)
			}
			if r.Config == nil || r.Config.ForEach == nil {
				t.Fatalf("config with for_each expected")
			}
			if !IsSensitive(Get(r.After(), "sensitive_content")) {
				t.Errorf("sensitive_content must carry the sensitive mark")
			}
			if IsSensitive(Get(r.After(), "filename")) {
				t.Errorf("filename is not sensitive")
			}
		}},
		{"terraform-compliance-cli__test_non_created_module_resource_parameter.json", func(t *testing.T, p *Plan) {
			if p.FormatVersion != "0.1" {
				t.Errorf("format %s", p.FormatVersion)
			}
			r := mustLookup(t, p, "module.apigw_test_1.module.acm_cert_regional[0].aws_acm_certificate.cert")
			if r.ModuleAddress != "module.apigw_test_1.module.acm_cert_regional[0]" || r.ConfigAddress != "module.apigw_test_1.module.acm_cert_regional.aws_acm_certificate.cert" || r.Key != nil {
				t.Errorf("addressing: module %q config %q key %#v", r.ModuleAddress, r.ConfigAddress, r.Key)
			}
			if r.Config == nil || r.Config.Module.Path != "module.apigw_test_1.module.acm_cert_regional" {
				t.Fatalf("config not linked")
			}
			if !IsSensitive(Get(r.After(), "private_key")) {
				t.Errorf("private_key must be sensitive")
			}
			ssm := mustLookup(t, p, "module.apigw_test_1.aws_ssm_parameter.api_gw_arn")
			if v := Get(ssm.After(), "value"); !IsSensitive(v) {
				t.Errorf("ssm value must be sensitive")
			}
		}},
		{"tf-summarize__example.json", func(t *testing.T, p *Plan) {
			r := mustLookup(t, p, `module.github["terraform-plan-summary"].github_branch.demo`)
			if r.ModuleAddress != `module.github["terraform-plan-summary"]` || r.ConfigAddress != "module.github.github_branch.demo" {
				t.Errorf("addressing: %q %q", r.ModuleAddress, r.ConfigAddress)
			}
			if d := r.Drift(); d == nil || d.Action != ActionDelete {
				t.Errorf("drift %+v", d)
			}
		}},
		{"terraform__basic-delete.json", func(t *testing.T, p *Plan) {
			r := mustLookup(t, p, "test_instance.test-delete")
			if r.Action != ActionDelete || !r.After().IsNull() || r.Before().IsNull() || r.Value().IsNull() {
				t.Errorf("delete: action %s", r.Action)
			}
		}},
		{"snyk-cli__tf-plan-destroy.json", func(t *testing.T, p *Plan) {
			deleted := 0
			for _, r := range p.Resources {
				if r.Mode == ModeManaged && r.Deleted() {
					deleted++
				}
			}
			if deleted != 8 {
				t.Errorf("%d deleted managed instances, want 8", deleted)
			}
			if len(p.OfType("aws_s3_bucket")) != 1 {
				t.Errorf("OfType(aws_s3_bucket) = %d", len(p.OfType("aws_s3_bucket")))
			}
		}},
		{"terraform-json__120_basic.json", func(t *testing.T, p *Plan) {
			r := mustLookup(t, p, "null_resource.baz[1]")
			if r.Key != 1 || r.Config == nil || r.Config.Count == nil {
				t.Errorf("count instance: key %#v", r.Key)
			}
			if len(p.OfType("null_resource")) != 7 {
				t.Errorf("OfType(null_resource) = %d", len(p.OfType("null_resource")))
			}
		}},
		{"checkov__runner_plan_nested_child_modules_with_connections.json", func(t *testing.T, p *Plan) {
			sub := mustLookup(t, p, "module.s3_module.module.s3_submodule.aws_s3_bucket.submodule_bucket")
			refs := p.ReferrersOf(sub, "aws_s3_bucket_public_access_block", "bucket")
			if len(refs.Matched) != 1 || refs.Matched[0].Resource.Address != "module.s3_module.module.s3_submodule.aws_s3_bucket_public_access_block.submodule_bucket" {
				t.Errorf("matched %v", targetAddresses(refs.Matched))
			}
			if len(refs.Undetermined) != 0 {
				t.Errorf("undetermined %d", len(refs.Undetermined))
			}
		}},
		{"opentofu__plan-error.json", func(t *testing.T, p *Plan) {
			if !p.Errored || len(p.Resources) != 0 {
				t.Errorf("errored %v, %d resources", p.Errored, len(p.Resources))
			}
		}},
		{"terraform-json__120_basic.json#not-errored", func(t *testing.T, p *Plan) {
			if p.Errored {
				t.Errorf("a complete plan is not errored")
			}
		}},
		{"trivy__tfjson_testdata.json", func(t *testing.T, p *Plan) {
			bucket := mustLookup(t, p, "aws_s3_bucket.planbucket")
			res := p.Resolve(bucket, "logging.target_bucket")
			if len(res.Targets) != 1 || res.Targets[0].Resource.Address != "data.aws_s3_bucket.logging_bucket" ||
				res.Targets[0].Attribute != "arn" || res.Targets[0].ByValue || res.Targets[0].Resource.Mode != ModeData {
				t.Errorf("nested block reference: %+v", res)
			}
			if s, ok := String(valueAtPath(bucket.After(), "logging.target_bucket")); !ok || s != "arn:aws:s3:::iac-tfsec-dev" {
				t.Errorf("logging.target_bucket value %q", s)
			}
			sse := mustLookup(t, p, "aws_s3_bucket_server_side_encryption_configuration.example")
			alg := sse.Config.Attribute("rule.0.apply_server_side_encryption_by_default.0.sse_algorithm")
			if alg == nil || !alg.Constant {
				t.Fatalf("nested constant missing: %+v", alg)
			}
			if s, ok := String(alg.ConstantValue); !ok || s != "AES256" {
				t.Errorf("nested constant = %q", s)
			}
			refs := p.ReferrersOf(bucket, sse.Type, "bucket")
			if got := targetAddresses(refs.Matched); len(got) != 1 || got[0] != sse.Address {
				t.Errorf("SSE referrers %v", got)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			file, _, _ := strings.Cut(tc.file, "#")
			tc.check(t, loadTestdata(t, filepath.Join("corpus", file)))
		})
	}
}

func targetAddresses(ts []Target) []string {
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		out = append(out, t.Resource.Address)
	}
	return out
}

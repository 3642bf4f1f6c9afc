#!/usr/bin/env bash
# `make demo`: plan this example with Terraform and the real hashicorp/aws
# provider when it is available on this machine, then run
# `terraform-provider-commshield check` on the plan. Without the provider it
# checks the committed plan.json (made the same way) and says so. The report
# shows failures by design; the demo still exits 0 unless check itself fails
# (exit 2).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bin="${1:?usage: run.sh PATH-TO-terraform-provider-commshield}"
tools="${TOOLS:-$repo/.tools}"
plan="$here/plan.json"

provider="${AWS_PROVIDER_BIN:-/root/awsprov/terraform-provider-aws}"
[[ -x "$provider" ]] || provider="$tools/awsprov/terraform-provider-aws"
terraform_bin="$(command -v terraform || true)"
[[ -x "$tools/bin/terraform" ]] && terraform_bin="$tools/bin/terraform"

if [[ -x "$provider" && -n "$terraform_bin" ]]; then
  # The same filesystem mirror as tools/fixtures/generate.sh: hashicorp/aws
  # comes from the local build, nothing is downloaded, nothing touches AWS.
  mirror="$tools/tf-mirror"
  mkdir -p "$mirror/registry.terraform.io/hashicorp/aws/6.99.0/linux_amd64"
  ln -sf "$provider" "$mirror/registry.terraform.io/hashicorp/aws/6.99.0/linux_amd64/terraform-provider-aws_v6.99.0"
  cat >"$mirror/terraform.rc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/aws"]
  }
}
RC
  export TF_CLI_CONFIG_FILE="$mirror/terraform.rc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  cp -r "$here/main.tf" "$here/modules" "$work/"
  echo "demo: terraform init && terraform plan && terraform show -json (examples/check-demo)"
  (
    cd "$work"
    "$terraform_bin" init -input=false -no-color >init.log
    "$terraform_bin" plan -input=false -no-color -lock=false -out=plan.out >plan.log
    "$terraform_bin" show -json plan.out >plan.json
  ) || { cat "$work"/*.log >&2; exit 2; }
  plan="$work/plan.json"
else
  echo "demo: no hashicorp/aws provider build on this machine (see tools/fixtures/README.md);"
  echo "demo: checking the committed examples/check-demo/plan.json instead"
fi

echo "demo: terraform-provider-commshield check --config-dir examples/check-demo --waivers examples/check-demo/waivers.yaml PLAN"
echo
status=0
"$bin" check --config-dir "$here" --waivers "$here/waivers.yaml" "$plan" || status=$?
echo
case "$status" in
  0) echo "demo: check passed (exit 0)" ;;
  1) echo "demo: check found enforced failures (exit 1), as this example intends" ;;
  *) echo "demo: check failed with exit $status" >&2; exit "$status" ;;
esac

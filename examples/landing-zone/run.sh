#!/usr/bin/env bash
# `make demo-landing-zone`: plan this example with Terraform and the
# commshield provider built by `make build`, against a local moto server
# (https://github.com/getmoto/moto: fake credentials, nothing reaches AWS),
# then run `terraform-provider-commshield check` on the plan. The landing
# zone must pass: the script exits non-zero when check reports an enforced
# failure.
#
# Without moto (`make tools` installs it) or a terraform >= 1.8 it checks the
# committed plan.json instead, and says so.
#
# Usage: run.sh PATH-TO-terraform-provider-commshield [-update]
#   -update  also copy the fresh plan to examples/landing-zone/plan.json
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bin="$(cd "$(dirname "${1:?usage: run.sh PATH-TO-terraform-provider-commshield [-update]}")" && pwd)/$(basename "$1")"
update="${2:-}"
tools="${TOOLS:-$repo/.tools}"
plan="$here/plan.json"

terraform_bin="$("$repo/tools/find-terraform.sh" || true)"
moto_cmd=()
if python3 -c 'import moto.server' >/dev/null 2>&1; then
  moto_cmd=(python3 -m moto.server)
elif [[ -x "$tools/moto-venv/bin/moto_server" ]]; then
  moto_cmd=("$tools/moto-venv/bin/moto_server")
fi

if [[ -n "$terraform_bin" && ${#moto_cmd[@]} -gt 0 ]]; then
  work="$(mktemp -d)"
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
  "${moto_cmd[@]}" -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
  moto_pid=$!
  trap 'kill "$moto_pid" 2>/dev/null || true; wait "$moto_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
  for _ in $(seq 1 100); do
    python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/moto-api/')" >/dev/null 2>&1 && break
    sleep 0.2
  done

  # dev_overrides: Terraform runs the provider binary just built, with no
  # registry and no `terraform init`.
  cat >"$work/terraform.rc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/commshield/commshield" = "$(dirname "$bin")"
  }
  direct {}
}
RC
  mkdir "$work/tf"
  cp "$here"/*.tf "$work/tf/"
  # Every service endpoint of the provider at moto, through the example's
  # own `endpoints` variable.
  python3 - "$port" >"$work/tf/terraform.tfvars.json" <<'PY'
import json, sys
url = "http://127.0.0.1:" + sys.argv[1]
# internal/awsclient.EndpointKeys(): every service the provider calls.
services = ["accessanalyzer", "cloudtrail", "config", "ec2", "events", "guardduty", "iam", "kms", "logs",
            "organizations", "s3", "s3control", "securityhub", "sns", "ssm", "sts"]
print(json.dumps({"endpoints": {s: url for s in services}}, indent=2))
PY
  export TF_CLI_CONFIG_FILE="$work/terraform.rc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
  export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1
  export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true
  unset AWS_PROFILE AWS_SESSION_TOKEN
  echo "demo: terraform plan && terraform show -json (examples/landing-zone against moto on 127.0.0.1:$port)"
  (
    cd "$work/tf"
    "$terraform_bin" plan -input=false -no-color -lock=false -out=plan.out >"$work/plan.log" 2>&1
    "$terraform_bin" show -json plan.out >plan.json
  ) || { cat "$work/plan.log" "$work/moto.log" >&2; exit 2; }
  plan="$work/tf/plan.json"
  if [[ "$update" == "-update" ]]; then
    cp "$plan" "$here/plan.json"
    echo "demo: wrote examples/landing-zone/plan.json"
  fi
else
  [[ -n "$terraform_bin" ]] || echo "demo: no terraform >= 1.8 on this machine (make tools installs one);"
  [[ ${#moto_cmd[@]} -gt 0 ]] || echo "demo: no moto server on this machine (make tools installs one);"
  echo "demo: checking the committed examples/landing-zone/plan.json instead"
  [[ "$update" != "-update" ]] || { echo "demo: -update needs terraform and moto" >&2; exit 2; }
fi

echo "demo: terraform-provider-commshield check --config examples/landing-zone/.commshield.yaml --config-dir examples/landing-zone PLAN"
echo
status=0
"$bin" check --config "$here/.commshield.yaml" --config-dir "$here" "$plan" || status=$?
echo
case "$status" in
  0) echo "demo: the landing zone passes check (exit 0)" ;;
  *) echo "demo: the landing zone fails check (exit $status)" >&2; exit "$status" ;;
esac

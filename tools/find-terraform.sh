#!/usr/bin/env bash
# Prints the path of a terraform >= 1.8 to use for acceptance tests and docs:
# the one on PATH if new enough, else .tools/bin/terraform (installed by
# `make tools`). Prints nothing when neither qualifies.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
for tf in "$(command -v terraform || true)" "$root/.tools/bin/terraform"; do
  [[ -n "$tf" && -x "$tf" ]] || continue
  # sed reads all of the output: `head -n1` would close the pipe early and,
  # under pipefail, terraform's SIGPIPE (exit 141) failed the script at random.
  v="$("$tf" version 2>/dev/null | sed -n '1s/^Terraform v\([0-9]*\)\.\([0-9]*\).*/\1 \2/p')"
  read -r major minor <<<"$v" || continue
  if [[ -n "${major:-}" ]] && (( major > 1 || (major == 1 && minor >= 8) )); then
    echo "$tf"
    exit 0
  fi
done

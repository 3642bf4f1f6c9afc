#!/usr/bin/env bash
# Installs the peer scanners that `make bench-peers` compares commshield
# with into the git-ignored .tools/ directory. Idempotent: a peer whose
# binary is already there at the pinned version is left alone.
#
#   tools/benchpeers/install.sh            # every peer
#   tools/benchpeers/install.sh trivy opa  # some of them
#
# Go peers come from the Go module proxy, Checkov from PyPI into a
# virtualenv. The Go builds are large (Trivy ~10 min on two cores), so they
# run one at a time at the lowest CPU priority with one package at a time
# (GOFLAGS=-p=1): the machine stays usable while they build.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tools_dir="${TOOLS:-$repo_root/.tools}"
bin_dir="$tools_dir/bin"
export GOTOOLCHAIN=local
export GOBIN="$bin_dir"

# Pinned versions: the report names them, so change them here only.
trivy_version="v0.74.0"
regula_version="v3.2.1"
conftest_version="v0.71.1"
opa_version="v1.22.3"
checkov_version="${CHECKOV_VERSION:-}" # empty: newest on PyPI, recorded by the report

log() { printf 'benchpeers/install: %s\n' "$*" >&2; }

# version_stamp records which version a binary was built from, so a pin
# change rebuilds it and an unchanged pin is a no-op.
has_version() { [[ -x "$bin_dir/$1" && -f "$bin_dir/.$1.version" && "$(cat "$bin_dir/.$1.version")" == "$2" ]]; }
stamp() { printf '%s\n' "$2" >"$bin_dir/.$1.version"; }

go_install() { # name version package [extra env...]
  local name="$1" version="$2" pkg="$3"
  shift 3
  if has_version "$name" "$version"; then
    log "$name $version already installed"
    return
  fi
  log "building $name $version (nice 19, one package at a time)"
  env GOFLAGS="-p=1 -trimpath" "$@" nice -n 19 go install "$pkg@$version"
  stamp "$name" "$version"
}

# go_build_via_module builds a command from a scratch module. Needed where
# the module proxy serves the version but refuses the module's version list,
# which `go install pkg@version` reads to check for deprecation (Regula v3).
go_build_via_module() { # name version module package [ldflags]
  local name="$1" version="$2" module="$3" pkg="$4" ldflags="${5:-}"
  if has_version "$name" "$version"; then
    log "$name $version already installed"
    return
  fi
  log "building $name $version from a scratch module (nice 19, one package at a time)"
  local dir="$tools_dir/build-$name"
  rm -rf "$dir" && mkdir -p "$dir"
  (
    cd "$dir"
    go mod init "benchpeers.local/build-$name" >/dev/null 2>&1
    nice -n 19 go get "$module@$version"
    env GOFLAGS="-p=1 -trimpath" nice -n 19 go build -ldflags="$ldflags" -o "$bin_dir/$name" "$pkg"
  )
  stamp "$name" "$version"
}

install_checkov() {
  local venv="$tools_dir/checkov-venv"
  if [[ -x "$venv/bin/checkov" ]] && { [[ -z "$checkov_version" ]] || "$venv/bin/checkov" --version 2>/dev/null | grep -qx "$checkov_version"; }; then
    log "checkov $("$venv/bin/checkov" --version 2>/dev/null) already installed"
    return
  fi
  log "installing checkov ${checkov_version:-(latest)} into $venv"
  [[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
  nice -n 19 "$venv/bin/pip" install --quiet --disable-pip-version-check "checkov${checkov_version:+==$checkov_version}"
}

mkdir -p "$bin_dir"
peers=("$@")
[[ ${#peers[@]} -gt 0 ]] || peers=(checkov opa conftest regula trivy)
for peer in "${peers[@]}"; do
  case "$peer" in
  checkov) install_checkov ;;
  opa) go_install opa "$opa_version" github.com/open-policy-agent/opa ;;
  # conftest's go.mod asks for a newer toolchain line than its go line
  # needs; GOTOOLCHAIN=local builds it with the installed Go 1.26.
  conftest) go_install conftest "$conftest_version" github.com/open-policy-agent/conftest ;;
  # Regula's release builds set its version with -X (else it reports
  # "unknown-version").
  regula) go_build_via_module regula "$regula_version" github.com/fugue/regula/v3 github.com/fugue/regula/v3 \
    "-X github.com/fugue/regula/v3/pkg/version.Version=$regula_version" ;;
  # Trivy v0.74 uses encoding/json/v2, still an experiment in Go 1.26.
  trivy) go_install trivy "$trivy_version" github.com/aquasecurity/trivy/cmd/trivy GOEXPERIMENT=jsonv2 ;;
  *)
    log "unknown peer $peer (known: checkov opa conftest regula trivy)"
    exit 2
    ;;
  esac
done

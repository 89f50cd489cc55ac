#!/usr/bin/env bash
# Installs what the build, the tests and the default root filesystem need, from Debian's archive.
# Idempotent and quiet: does nothing when every package is already installed; prints apt's
# output only when it fails.
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config
    libseccomp-dev libfmt-dev libcli11-dev catch2 nlohmann-json3-dev libmount-dev libarchive-dev
    busybox-static strace hyperfine time clang-format clang-tidy python3-jsonschema
    clang libclang-rt-14-dev cmark-gfm chromium debootstrap
)

missing=()
for pkg in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == "installed" ]] || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=()
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "setup.sh: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
if ! { "${sudo[@]}" apt-get update -q && \
       "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "setup.sh: installing ${missing[*]} failed" >&2
    exit 1
fi
echo "setup.sh: installed ${missing[*]}"

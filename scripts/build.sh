#!/usr/bin/env bash
# Configures and builds scratch-trace, its tests and test programs into build/ (RelWithDebInfo).
# Warnings are errors in CI (CI=true). Extra arguments go to the cmake configure step.
# SCRATCH_BUILD_DIR picks another build directory; SCRATCH_TARGETS (space-separated) builds only
# those targets (the demo builds only scratch-trace).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${SCRATCH_BUILD_DIR:-build}"

werror=OFF
[[ "${CI:-}" == "true" ]] && werror=ON
generator=()
if [[ ! -f "$build_dir/CMakeCache.txt" ]] && command -v ninja >/dev/null; then
    generator=(-G Ninja)
fi
cmake -S . -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSCRATCH_WERROR="$werror" "$@" >/dev/null
targets=()
for target in ${SCRATCH_TARGETS:-}; do targets+=(--target "$target"); done
cmake --build "$build_dir" -j "$(nproc)" "${targets[@]}"

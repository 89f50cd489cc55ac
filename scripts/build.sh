#!/usr/bin/env bash
# Configures and builds scratch-trace, its tests and test programs into build/ (RelWithDebInfo).
# Warnings are errors in CI (CI=true). Extra arguments go to the cmake configure step.
set -euo pipefail
cd "$(dirname "$0")/.."

werror=OFF
[[ "${CI:-}" == "true" ]] && werror=ON
generator=()
if [[ ! -f build/CMakeCache.txt ]] && command -v ninja >/dev/null; then
    generator=(-G Ninja)
fi
cmake -S . -B build "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSCRATCH_WERROR="$werror" "$@" >/dev/null
cmake --build build -j "$(nproc)"

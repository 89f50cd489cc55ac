#!/usr/bin/env bash
# THE test command (README, and .ci/run): installs what is missing, builds, and runs every test
# (unit, integration and, as root, the container tests), then the same tests again in an
# ASan+UBSan build, then the libFuzzer targets for a bounded time. Tests that cannot run here
# are reported as skipped. `--quick` stops after the first ctest run.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0
if [[ "${1:-}" == "--quick" ]]; then
    quick=1
    shift
fi

bash scripts/setup.sh
bash scripts/build.sh
# The Debian rootfs that test_debian_rootfs makes with debootstrap, once for both builds, inside
# the first build tree (tests leave nothing outside the build trees).
export SCRATCH_DEBIAN_ROOTFS="${SCRATCH_DEBIAN_ROOTFS:-$PWD/${SCRATCH_BUILD_DIR:-build}/test-rootfs/debian-minbase}"
ctest --test-dir "${SCRATCH_BUILD_DIR:-build}" --output-on-failure -j2 "$@"
[[ $quick -eq 1 ]] && exit 0

echo "== the same tests under AddressSanitizer and UndefinedBehaviorSanitizer =="
# -O1: sanitizer builds compile much faster than at -O2 and still inline enough to run quickly.
SCRATCH_BUILD_DIR=build-asan bash scripts/build.sh -DSCRATCH_SANITIZE=ON \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure -j2 "$@"

echo "== fuzzing (FUZZ_SECONDS=${FUZZ_SECONDS:-30} per target) =="
bash scripts/fuzz.sh

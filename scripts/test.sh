#!/usr/bin/env bash
# THE test command: installs what is missing, builds, and runs every test (unit, integration
# and, as root, the container tests). Tests that cannot run here are reported as skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/build.sh
ctest --test-dir "${SCRATCH_BUILD_DIR:-build}" --output-on-failure -j2 "$@"

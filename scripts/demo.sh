#!/usr/bin/env bash
# The seed article in two commands: first the leaky stage (no root switch, the host's /proc:
# ps sees the host's processes), then the fixed one (chroot into ./rootfs and a fresh /proc).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
# Only the binary the demo runs (about 3 minutes on 2 cores), not the tests.
SCRATCH_TARGETS=scratch-trace bash scripts/build.sh
tool="${SCRATCH_BUILD_DIR:-build}/cli/scratch-trace"
[[ -d rootfs ]] || "$tool" rootfs create ./rootfs

echo "=== stage 1: new PID and mount namespaces, but the host's root and /proc (a leak) ==="
echo "\$ $tool run --root-mode none --proc none ./rootfs ps"
"$tool" run --root-mode none --proc none ./rootfs ps || true

echo
echo "=== stage 2: chroot into ./rootfs and a fresh /proc (isolated) ==="
echo "\$ $tool run ./rootfs ps"
"$tool" run ./rootfs ps

#!/usr/bin/env bash
# One-command benchmark of scratch-trace against untraced, a ptrace floor (nulltrace) and strace.
#
#   bench/run.sh [--quick] [--no-build]
#
# Builds the project (unless --no-build), builds nulltrace and the static workloads, makes a
# busybox rootfs, then hands over to bench/bench.py, which runs hyperfine side by side, measures
# memory, scale and start-up, prints a table and writes docs/performance.md.
# Scratch files go to build-bench/ (git-ignored). Needs root (unshare, chroot, mount, mknod).
# Environment: SCRATCH_TRACE=path to use another binary; BUILD_DIR (default build);
# BENCH_WORK (default build-bench); BENCH_DOC (default docs/performance.md); BENCH_NOTE=text
# adds "- note: text" to the run's description (say whether the machine was idle).
set -u

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(git -C "$here" rev-parse --show-toplevel 2>/dev/null || (cd "$here/.." && pwd))"
shared="$repo/../shared"
build_dir="${BUILD_DIR:-$repo/build}"
work="${BENCH_WORK:-$repo/build-bench}"
quick=0
build=1
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    --no-build) build=0 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done

for tool in hyperfine strace gcc unshare chroot taskset python3; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "run.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run.sh: run as root (unshare, chroot, mount)" >&2; exit 2; }

mkdir -p "$work"
log() { echo "== $*" >&2; }

# 1. The project. A failed build is not fatal: the scratch-trace rows are then marked failed.
st="${SCRATCH_TRACE:-$build_dir/cli/scratch-trace}"
build_status="not built (--no-build)"
[ -n "${SCRATCH_TRACE:-}" ] && build_status="given by SCRATCH_TRACE, not built here"
if [ "$build" = 1 ] && [ -z "${SCRATCH_TRACE:-}" ]; then
  log "building the project in $build_dir (log: $work/build.log)"
  if { [ -f "$build_dir/CMakeCache.txt" ] || cmake -S "$repo" -B "$build_dir"; } >"$work/build.log" 2>&1 &&
     cmake --build "$build_dir" -j2 >>"$work/build.log" 2>&1; then
    build_status="built"
  else
    build_status="build failed (see $work/build.log)"
    log "$build_status; scratch-trace rows will be marked failed if the binary does not run"
  fi
fi
[ -x "$st" ] || log "no scratch-trace binary at $st"

# 2. nulltrace and the static workloads.
src_bench="$shared/bench"
[ -f "$src_bench/nulltrace.c" ] || src_bench="$here"   # shared/ missing: our copies
log "nulltrace from $src_bench/nulltrace.c"
gcc -O2 -o "$work/nulltrace" "$src_bench/nulltrace.c" || { echo "run.sh: nulltrace did not build" >&2; exit 1; }
# nulltrace plus the memory reads a faithful log cannot skip: the floor of a tracer that reads.
readfloor="$work/readfloor"
gcc -O2 -o "$readfloor" "$here/readfloor.c" || { echo "run.sh: readfloor did not build; its rows are left out" >&2; readfloor=""; }
workload_sh="$src_bench/workload.sh"
[ -f "$workload_sh" ] || workload_sh="$here/workload.sh"
gcc -O2 -static -o "$work/rw_workload" "$here/rw_workload.c" || exit 1
gcc -O2 -static -pthread -o "$work/threads" "$here/threads.c" || exit 1

# 3. The rootfs: scratch-trace's own maker, or by hand from the static busybox.
rootfs="$work/rootfs"
rm -rf "$rootfs"
rootfs_method="scratch-trace rootfs create"
if ! { [ -x "$st" ] && "$st" rootfs create "$rootfs" >"$work/rootfs.log" 2>&1 &&
       [ -x "$rootfs/bin/sh" ] && chroot "$rootfs" /bin/sh -c true 2>>"$work/rootfs.log"; }; then
  log "scratch-trace rootfs create did not work (see $work/rootfs.log); making the rootfs by hand"
  rootfs_method="by hand: static busybox and its applet links (scratch-trace rootfs create did not work)"
  rm -rf "$rootfs"
  mkdir -p "$rootfs"/{bin,sbin,etc,proc,sys,dev,tmp,root}
  cp /bin/busybox "$rootfs/bin/busybox"
  # --install -s would link to the host's path of busybox (/usr/bin/busybox on merged-/usr hosts);
  # relative links work inside the chroot whatever the host layout.
  for applet in $(/bin/busybox --list); do
    [ -e "$rootfs/bin/$applet" ] || ln -s busybox "$rootfs/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
fi
mkdir -p "$rootfs/dev" "$rootfs/proc" "$rootfs/tmp"
# The workload writes to /dev/null; without the node it would fill a regular file on disk.
[ -e "$rootfs/dev/null" ] || mknod -m 666 "$rootfs/dev/null" c 1 3
cp "$workload_sh" "$rootfs/workload.sh"
cp "$work/rw_workload" "$work/threads" "$rootfs/"
printf '#!/bin/sh\n# N short-lived processes\ni=0\nwhile [ $i -lt ${1:-1000} ]; do /bin/true; i=$((i+1)); done\n' >"$rootfs/procs.sh"
chmod +x "$rootfs/workload.sh" "$rootfs/procs.sh"
chroot "$rootfs" /bin/sh -c 'ls /bin >/dev/null' || { echo "run.sh: the rootfs in $rootfs does not work" >&2; exit 1; }

# 4. Measure and report.
quick_arg=()
[ "$quick" = 1 ] && quick_arg=(--quick)
exec python3 "$here/bench.py" "${quick_arg[@]}" --work "$work" --rootfs "$rootfs" --st "$st" \
  --nulltrace "$work/nulltrace" --readfloor "$readfloor" --rootfs-method "$rootfs_method" --build-status "$build_status" \
  --doc "${BENCH_DOC:-$repo/docs/performance.md}"

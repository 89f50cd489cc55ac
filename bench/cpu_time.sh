#!/usr/bin/env bash
# CPU time instead of wall time, for shared machines: on one CPU, a traced run's wall time is the
# CPU time of the tracer plus its tracees, and that sum barely moves when other work competes for
# the machine (wall time does). Prints medians of the total task-clock (tracer + every tracee)
# of nulltrace pinned with taskset and of each scratch-trace binary given (log + JSON to files).
#
#   bench/cpu_time.sh [--reps N] [--rw N] [--rounds N] BINARY...
#
# Needs the rootfs and nulltrace that bench/run.sh leaves in build-bench/ (BENCH_WORK), perf and root.
set -u
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
work="${BENCH_WORK:-$repo/build-bench}"
reps=5
rw=50000
rounds=20
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps="$2"; shift 2 ;;
    --rw) rw="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || { echo "cpu_time.sh: give at least one scratch-trace binary" >&2; exit 2; }
rootfs="$work/rootfs"
nulltrace="$work/nulltrace"
[ -x "$nulltrace" ] && [ -x "$rootfs/rw_workload" ] || {
  echo "cpu_time.sh: run bench/run.sh first (needs $nulltrace and $rootfs)" >&2; exit 2; }
command -v perf >/dev/null || { echo "cpu_time.sh: perf is missing" >&2; exit 2; }
out="$work/out"
mkdir -p "$out"

# task-clock in ms of a command and all its descendants (perf stat counts inherited tasks).
cpu_ms() { perf stat -x, -e task-clock "$@" 2>&1 >/dev/null | awk -F, '/task-clock/ {print $1}'; }

for _ in $(seq "$reps"); do
  for w in "rw:/rw_workload $rw" "workload:/workload.sh $rounds"; do
    tag=${w%%:*}
    cmd=${w#*:}
    echo "$tag nulltrace $(cpu_ms taskset -c 0 "$nulltrace" unshare --pid --mount --fork chroot \
      "$rootfs" /bin/sh -c "mount -t proc proc /proc; $cmd")"
    st_cmd=$cmd
    [ "$tag" = workload ] && st_cmd="/bin/sh $cmd"
    for bin in "$@"; do
      # shellcheck disable=SC2086 # st_cmd is a command line
      echo "$tag $bin $(cpu_ms "$bin" run -o "$out/cpu.log" --json "$out/cpu.jsonl" "$rootfs" $st_cmd)"
    done
  done
done | awk '
  { key = $1 " " $2; n[key]++; v[key, n[key]] = $3; if (!(key in seen)) { seen[key] = 1; order[++k] = key } }
  END {
    for (i = 1; i <= k; i++) {
      key = order[i]; m = n[key]
      for (a = 1; a <= m; a++) for (b = a + 1; b <= m; b++)
        if (v[key, b] < v[key, a]) { t = v[key, a]; v[key, a] = v[key, b]; v[key, b] = t }
      split(key, parts, " ")
      med[key] = v[key, int((m + 1) / 2)]
      if (parts[2] == "nulltrace") base[parts[1]] = med[key]
    }
    printf "%-9s %-50s %12s %12s\n", "workload", "tracer", "median ms", "x nulltrace"
    for (i = 1; i <= k; i++) {
      key = order[i]; split(key, parts, " ")
      printf "%-9s %-50s %12.1f %12.2f\n", parts[1], parts[2], med[key], med[key] / base[parts[1]]
    }
  }'

#!/usr/bin/env bash
# Builds the libFuzzer targets in tests/fuzz with clang (ASan + UBSan) and runs each for a
# bounded time (FUZZ_SECONDS, default 30). Exits non-zero on the first crash, leak or hang.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-30}"
out="${SCRATCH_BUILD_DIR:-build}/fuzz"
mkdir -p "$out"
flags=(-std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -I.)
# Each target with the sources it exercises (no main: libFuzzer brings its own). Both need the
# tracer's value types and decoding, not the engine: the session and what only it calls (the
# path resolver, fd, root and peer checks, io_uring rings, signal relay, stop filter, register
# edits, the tracer process, the host mount watch) are left out.
engine='/(Session[A-Za-z]*|PathResolver[A-Za-z]*|TracerProcess|TaskInvariant|CloneGuard|ReceivedFds|SocketPeer|IoUring[A-Za-z]*|ContainerMounts|ObjectIdentity|UnreadableArgs|StdStreams|DeletedFds|SignalReport|SignalRelay|KeptSignals|StopFilter|RegisterEdits|TaskTree|SyscallEffects|HostMountWatch|InitNamespaces|UnfinishedCall)\.cpp$'
decoding="$(ls tracer/*.cpp | grep -v -E "$engine" | tr '\n' ' ')"
declare -A sources=([fuzz_arg_decoder]="$decoding")
# The trace reader needs reports/ too.
if [[ -f reports/replay/JsonTraceReader.cpp && -f tests/fuzz/fuzz_trace_reader.cpp ]]; then
    sources[fuzz_trace_reader]="$(ls reports/*.cpp reports/*/*.cpp | tr '\n' ' ')$decoding"
fi
for target in "${!sources[@]}"; do
    # shellcheck disable=SC2086
    clang++ "${flags[@]}" "tests/fuzz/$target.cpp" ${sources[$target]} -lseccomp -lfmt \
        -o "$out/$target"
    mkdir -p "$out/$target.corpus"
    # Seed inputs kept in the repository, when the target has some.
    [[ -d "tests/fuzz/corpus_${target#fuzz_}" ]] && cp -n "tests/fuzz/corpus_${target#fuzz_}"/* "$out/$target.corpus/"
    echo "fuzz: $target for ${seconds}s"
    "$out/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        "$out/$target.corpus" 2>"$out/$target.log" || {
        tail -n 40 "$out/$target.log" >&2
        echo "fuzz: $target failed (log: $out/$target.log)" >&2
        exit 1
    }
    grep -E "^(#[0-9]+|Done)" "$out/$target.log" | tail -n 1
done

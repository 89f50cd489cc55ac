#!/usr/bin/env python3
"""Compares scratch-trace builds against each other and the ptrace floor, interleaved.

    bench/ab.py [--rounds N] [--workloads rw,std] [--args "-o F --json G"] BIN [BIN...]

Each round runs pinned nulltrace and every BIN once, on each workload (rw_workload 50000,
workload.sh 100), removing the output files before every run. Interleaving is the point:
hyperfine runs all of one command and then all of the next, so a machine whose speed drifts
over minutes (as these virtual machines do, by several percent) biases whichever command ran
in the slower minutes. The order rotates from round to round: here a command's place in the
round alone moved its time by 2-5% (the first after nulltrace ran slowest), which a fixed
order would credit to one build. Prints the medians and the ratio of each to nulltrace.

Needs what bench/run.sh made: build-bench/nulltrace and build-bench/rootfs (with
/rw_workload and /workload.sh). Run as root, on an otherwise idle machine.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.environ.get("BENCH_WORK", os.path.join(REPO, "build-bench"))
OUTPUTS = ("/tmp/ab-trace.log", "/tmp/ab-trace.jsonl")

# Each workload: the command inside the container, and nulltrace's version of it (nulltrace
# mounts no /proc of its own, so the standard workload mounts it first).
WORKLOADS = {
    "rw": (["/rw_workload", "50000"], ["/rw_workload", "50000"]),
    "std": (["/bin/sh", "/workload.sh", "100"],
            ["/bin/sh", "-c", "mount -t proc proc /proc; /workload.sh 100"]),
}


def commands(workload, binaries, trace_args):
    rootfs = os.path.join(WORK, "rootfs")
    inside, floor_inside = WORKLOADS[workload]
    floor = ["taskset", "-c", "0", os.path.join(WORK, "nulltrace"), "unshare", "--pid",
             "--mount", "--fork", "chroot", rootfs] + floor_inside
    return [floor] + [[b, "run"] + trace_args + [rootfs] + inside for b in binaries]


def timed(cmd):
    for path in OUTPUTS:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"ab.py: {' '.join(cmd)} exited with {done.returncode}")
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binaries", nargs="+", metavar="BIN")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--workloads", default="rw,std")
    parser.add_argument("--args", default=f"-o {OUTPUTS[0]} --json {OUTPUTS[1]}",
                        help="scratch-trace run options (default: log and JSON to files)")
    opts = parser.parse_args()
    for workload in opts.workloads.split(","):
        if workload not in WORKLOADS:
            sys.exit(f"ab.py: unknown workload {workload} (rw, std)")
        cmds = commands(workload, opts.binaries, opts.args.split())
        times = [[] for _ in cmds]
        for round_no in range(opts.rounds + 1):  # round 0 warms the caches, not counted
            shift = round_no % len(cmds)
            for i in list(range(shift, len(cmds))) + list(range(shift)):
                elapsed = timed(cmds[i])
                if round_no > 0:
                    times[i].append(elapsed)
        medians = [statistics.median(t) for t in times]
        names = ["nulltrace"] + opts.binaries
        print(f"{workload} ({opts.rounds} rounds, medians)")
        for name, median in zip(names, medians):
            print(f"  {median * 1000:8.1f} ms  {median / medians[0]:.3f}x  {name}")


if __name__ == "__main__":
    main()

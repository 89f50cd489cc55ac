#!/usr/bin/env python3
"""Measures scratch-trace against untraced runs, the ptrace floor (nulltrace) and strace, side by
side, and writes docs/performance.md. Called by bench/run.sh, which prepares the binaries and the
rootfs. Every command is tried once first; one that fails (or hangs) is marked "failed" and left
out of the timed runs, so a half-written tracer never stops the harness."""

import argparse
import datetime
import json
import os
import platform
import re
import shlex
import signal
import statistics
import subprocess
import sys
import time

ONE_CPU = "one CPU"
FREE = "free"


class Row:
    """One command of a comparison, with what we learn about it."""

    def __init__(self, rid, label, kind, place, cmd, log=None, scale_n=None):
        self.id = rid
        self.label = label
        self.kind = kind  # untraced | nulltrace | readfloor | strace | strace-file | st | st-file
        self.place = place  # FREE or ONE_CPU
        self.cmd = cmd
        self.log = log  # the file whose contents give the event count
        self.scale_n = scale_n
        self.status = "pending"  # ok | failed
        self.reason = ""
        self.events = None
        self.median = None
        self.stddev = None
        self.preflight_s = None


def sh_run(cmd, timeout, stdout_path=None):
    """Runs cmd with sh in its own session; kills the whole group on timeout.
    Returns (returncode or None on timeout, stderr text, seconds)."""
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    start = time.monotonic()
    proc = subprocess.Popen(["sh", "-c", cmd], stdout=out, stderr=subprocess.PIPE, start_new_session=True)
    try:
        _, err = proc.communicate(timeout=timeout)
        rc = proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        _, err = proc.communicate()
        rc = None
    if stdout_path:
        out.close()
    return rc, err.decode(errors="replace"), time.monotonic() - start


def count_events(row, stderr):
    """Syscall events seen by the tracer of row, from its own output."""
    if row.kind not in ("nulltrace", "readfloor") and not row.log:
        return None
    try:
        if row.kind in ("nulltrace", "readfloor"):
            m = re.search(r"(?:nulltrace|readfloor): (\d+) syscall stops", stderr)
            return int(m.group(1)) // 2 if m else None  # an entry and an exit stop per syscall
        if row.kind.startswith("strace"):
            n = 0
            with open(row.log, "rb") as f:
                for line in f:
                    # a call split by another task's output is one event on two lines
                    if b" resumed>" in line or re.match(rb"^\d+\s+(\+\+\+|---)", line):
                        continue
                    n += 1
            return n
        if row.kind.startswith("st"):
            calls = 0
            with open(row.log, "rb") as f:
                for line in f:
                    if b'"syscall"' not in line:
                        continue
                    try:
                        if json.loads(line).get("type") == "syscall":
                            calls += 1
                    except ValueError:
                        pass
            return calls or None
    except (OSError, ValueError, AttributeError):
        return None
    return None


def preflight(rows, timeout):
    """One untimed run of each command: failures are marked, events are counted."""
    for row in rows:
        print(f"   try  {row.id} ...", end="", flush=True, file=sys.stderr)
        rc, err, secs = sh_run(row.cmd, timeout)
        row.preflight_s = secs
        if rc == 0:
            row.status = "ok"
            row.events = count_events(row, err)
            print(f" ok ({secs:.2f} s, events {row.events})", file=sys.stderr)
        else:
            row.status = "failed"
            tail = err.strip().splitlines()[-1:] or [""]
            row.reason = ("timed out" if rc is None else f"exit {rc}") + (": " + tail[0][:120] if tail[0] else "")
            print(f" FAILED ({row.reason})", file=sys.stderr)


def output_files(row, out_dir):
    """The files row's command writes into out_dir (its log, its JSON stream)."""
    try:
        words = shlex.split(row.cmd)
    except ValueError:
        return []
    return [w for w in words if w.startswith(out_dir + os.sep)]


def hyperfine(rows, runs, warmup, json_path, out_dir):
    """Times every command that passed the preflight `runs` times, interleaved: round k is one
    hyperfine invocation that runs each command once, the order rotated by k. These machines
    drift by several percent over minutes (docs/performance-analysis.md, "Measuring"), and one
    hyperfine invocation runs all of one command before the next, so the command measured in
    the slower minutes lost: in session 7 the standard workload's scratch-trace row came out
    1.38x the floor where interleaved runs of the same binary gave 1.26x-1.29x. The rotation
    keeps a command's place in the round (the one after nulltrace ran slower) from biasing it.

    Before each run the command's output files are removed: rewriting the previous run's file
    means truncating it first, and on ext4 that frees its page cache at open and flushes the
    new data at close (auto_da_alloc), ~20 ms for the 28 MB of rw_workload 50000: the
    filesystem's cost of the harness repeating a command, paid by every tracer that writes
    (strace too), not by one run. The rounds' times are merged into json_path."""
    live = [r for r in rows if r.status == "ok"]
    if not live:
        return
    prepare = {}
    for r in live:
        files = output_files(r, out_dir)
        prepare[r.id] = "rm -f " + " ".join(shlex.quote(f) for f in files) if files else "true"
    times = {r.id: [] for r in live}
    codes = {r.id: [] for r in live}
    stem = json_path[:-len(".json")] if json_path.endswith(".json") else json_path
    for k in range(runs):
        order = live[k % len(live):] + live[:k % len(live)]
        nwarm = warmup if k == 0 else 0
        round_path = f"{stem}-round{k + 1}.json"
        base = ["hyperfine", "--style", "basic", "--warmup", str(nwarm), "--runs", "1",
                "--export-json", round_path]
        base += [w for r in order for w in ("--prepare", prepare[r.id])]
        base += [w for r in order for w in ("-n", r.id, r.cmd)]
        budget = 120 + 3 * (1 + nwarm) * sum(r.preflight_s or 1 for r in live)
        for attempt in (base, base[:1] + ["-i"] + base[1:]):
            try:
                rc = subprocess.run(attempt, timeout=budget, stdout=sys.stderr).returncode  # tables alone on stdout
            except subprocess.TimeoutExpired:
                rc = None
            if rc == 0:
                break
            print(f"   hyperfine exit {rc}; retrying with --ignore-failure", file=sys.stderr)
        try:
            with open(round_path) as f:
                results = json.load(f)["results"]
        except (OSError, ValueError, KeyError):
            continue
        for res in results:
            if res.get("command") in times:
                times[res["command"]] += res.get("times") or []
                codes[res["command"]] += res.get("exit_codes") or []
    merged = []
    for r in live:
        if not times[r.id]:
            r.status, r.reason = "failed", "no hyperfine result"
            continue
        bad = [c for c in codes[r.id] if c not in (0, None)]
        if bad:
            r.status, r.reason = "failed", f"exit {bad[0]} in a timed run"
            continue
        r.median = statistics.median(times[r.id])
        r.stddev = statistics.stdev(times[r.id]) if len(times[r.id]) > 1 else None
        merged.append({"command": r.id, "median": r.median, "stddev": r.stddev,
                       "times": times[r.id], "exit_codes": codes[r.id]})
    with open(json_path, "w") as f:
        json.dump({"results": merged, "rounds": runs, "interleaved": True}, f, indent=1)


def ref(rows, kind, place):
    for r in rows:
        if r.kind == kind and r.place == place and r.median:
            return r
    return None


def ratio(row, other):
    if not row.median or not other or not other.median:
        return "-"
    return f"{row.median / other.median:.2f}"


def fmt_s(v):
    return "-" if v is None else f"{v:.3f}"


def status_cell(row):
    if row.status == "ok":
        return fmt_s(row.median)
    pending = " (pending scratch-trace)" if row.kind.startswith("st") else ""
    return f"failed{pending}"


def comparison_table(rows):
    """Markdown table: medians and ratios against references under the same CPU placement."""
    lines = [
        "| run | CPUs | syscall events | median s | x untraced | x nulltrace | x strace |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        unt = ref(rows, "untraced", r.place)
        nul = ref(rows, "nulltrace", r.place)
        # strace recording the same scope: everything, or only %file
        st_ref = ref(rows, "strace-file" if r.kind.endswith("-file") else "strace", r.place)
        ev = "-" if r.events is None else f"{r.events:,}"
        lines.append(
            f"| {r.label} | {r.place} | {ev} | {status_cell(r)} | {ratio(r, unt)} | {ratio(r, nul)} | {ratio(r, st_ref)} |"
        )
    return "\n".join(lines) + failure_notes(rows)


def failure_notes(rows):
    notes = [f"- `{r.id}` failed: {r.reason}" for r in rows if r.status != "ok"]
    return "\n\nFailed:\n\n" + "\n".join(notes) if notes else ""


def print_table(title, md):
    print(f"\n## {title}\n{md}", flush=True)


def machine():
    model = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    def ver(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()[0].strip()
        except (OSError, IndexError):
            return "?"
    return {
        "nproc": os.cpu_count(),
        "kernel": platform.release(),
        "cpu": model,
        "strace": ver(["strace", "-V"]),
        "hyperfine": ver(["hyperfine", "--version"]),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def max_rss(cmd, timeout):
    """Peak RSS (kB) and wall seconds of cmd under /usr/bin/time -v, or (None, reason)."""
    rc, err, secs = sh_run(f"/usr/bin/time -v {cmd}", timeout)
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    if rc != 0 or not m:
        return None, ("timed out" if rc is None else f"exit {rc}"), secs
    return int(m.group(1)), "", secs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--work", required=True)
    ap.add_argument("--rootfs", required=True)
    ap.add_argument("--st", required=True)
    ap.add_argument("--nulltrace", required=True)
    ap.add_argument("--readfloor", default="", help="bench/readfloor.c built; its row is left out when empty")
    ap.add_argument("--rootfs-method", default="?")
    ap.add_argument("--build-status", default="?")
    ap.add_argument("--doc", required=True)
    a = ap.parse_args()

    q = a.quick
    R, ST, NT = a.rootfs, a.st, a.nulltrace
    out = os.path.join(a.work, "out")
    res_dir = os.path.join(a.work, "results")
    os.makedirs(out, exist_ok=True)
    os.makedirs(res_dir, exist_ok=True)
    runs, warmup = 5, 1
    timeout = 300
    sizes = {
        "workload": 20 if q else 100,
        "rw": 50_000 if q else 200_000,
        "rss": 250_000 if q else 1_000_000,
        "procs": (50, 500) if q else (100, 1000),
        "threads": (10, 100),
        "thread_iters": 50 if q else 200,
        "startup_runs": 20 if q else 50,
        "scale_runs": 3 if q else 5,
    }

    def container(inner):
        return f"unshare --pid --mount --fork chroot {shlex.quote(R)} /bin/sh -c 'mount -t proc proc /proc; {inner}'"

    def p(name):
        return os.path.join(out, name)

    def matrix(tag, inner, st_cmd):
        """The rows of one workload: free placement, then one CPU (scratch-trace pins itself)."""
        c = container(inner)
        return [
            Row(f"{tag}-untraced", "untraced", "untraced", FREE, c),
            Row(f"{tag}-nulltrace", "nulltrace", "nulltrace", FREE, f"{NT} {c}"),
            Row(f"{tag}-strace", "strace -f -o FILE", "strace", FREE, f"strace -f -o {p(tag + '-strace.log')} {c}",
                p(tag + "-strace.log")),
            Row(f"{tag}-strace-file", "strace -f --seccomp-bpf -e trace=%file", "strace-file", FREE,
                f"strace -f --seccomp-bpf -e trace=%file -o {p(tag + '-strace-file.log')} {c}",
                p(tag + "-strace-file.log")),
            Row(f"{tag}-st-nopin", "scratch-trace --no-pin -o LOG --json", "st", FREE,
                f"{ST} run --no-pin -o {p(tag + '-st-nopin.log')} --json {p(tag + '-st-nopin.jsonl')} {R} {st_cmd}",
                p(tag + "-st-nopin.jsonl")),
            Row(f"{tag}-untraced-pin", "taskset -c 0 untraced", "untraced", ONE_CPU, f"taskset -c 0 {c}"),
            Row(f"{tag}-nulltrace-pin", "taskset -c 0 nulltrace", "nulltrace", ONE_CPU, f"taskset -c 0 {NT} {c}"),
        ] + ([
            Row(f"{tag}-readfloor-pin", "taskset -c 0 readfloor (nulltrace + the memory reads a log needs)",
                "readfloor", ONE_CPU, f"taskset -c 0 {a.readfloor} {c}"),
        ] if a.readfloor else []) + [
            Row(f"{tag}-strace-pin", "taskset -c 0 strace -f -o FILE", "strace", ONE_CPU,
                f"taskset -c 0 strace -f -o {p(tag + '-strace-pin.log')} {c}", p(tag + "-strace-pin.log")),
            Row(f"{tag}-strace-file-pin", "taskset -c 0 strace -f --seccomp-bpf -e trace=%file", "strace-file",
                ONE_CPU, f"taskset -c 0 strace -f --seccomp-bpf -e trace=%file -o {p(tag + '-strace-file-pin.log')} {c}",
                p(tag + "-strace-file-pin.log")),
            Row(f"{tag}-st", "scratch-trace -o LOG --json (pins its tracer; output process on another CPU)", "st",
                ONE_CPU, f"{ST} run -o {p(tag + '-st.log')} --json {p(tag + '-st.jsonl')} {R} {st_cmd}",
                p(tag + "-st.jsonl")),
            Row(f"{tag}-st-1cpu", "taskset -c 0 scratch-trace -o LOG --json (everything on one CPU)", "st",
                ONE_CPU, f"taskset -c 0 {ST} run -o {p(tag + '-st-1cpu.log')} --json {p(tag + '-st-1cpu.jsonl')} "
                f"{R} {st_cmd}", p(tag + "-st-1cpu.jsonl")),
            Row(f"{tag}-st-file", "scratch-trace -q -e trace=%file --json (pins itself)", "st-file", ONE_CPU,
                f"{ST} run -q -e trace=%file --json {p(tag + '-st-file.jsonl')} {R} {st_cmd}",
                p(tag + "-st-file.jsonl")),
        ]

    info = machine()
    sections = []  # (title, description, rows)

    n = sizes["workload"]
    rw = sizes["rw"]
    workloads = [
        ("workload", f"Standard workload: `workload.sh {n}` (ls -l /bin, cat /etc/passwd, ps, find /etc; {n} rounds)",
         f"/workload.sh {n}", f"/bin/sh /workload.sh {n}"),
        ("rw", f"Read/write-heavy workload: `rw_workload {rw}` ({rw:,} syscalls: a quarter each of pwrite and "
               f"pread of 64 B on a file, write and read of 64 B through a pipe; bench/rw_workload.c, static)",
         f"/rw_workload {rw}", f"/rw_workload {rw}"),
    ]
    for tag, title, inner, st_cmd in workloads:
        print(f"== {title}", file=sys.stderr)
        rows = matrix(tag, inner, st_cmd)
        preflight(rows, timeout)
        hyperfine(rows, runs, warmup, os.path.join(res_dir, f"{tag}.json"), out)
        md = comparison_table(rows)
        print_table(title, md)
        sections.append((title, md, rows))

    # Scale: many short-lived processes, many threads; cost per event for a small and a large N.
    scale_sections = []
    small_p, large_p = sizes["procs"]
    small_t, large_t = sizes["threads"]
    it = sizes["thread_iters"]
    scale_specs = [
        ("procs", "short-lived processes (`procs.sh N`: a shell loop of /bin/true)", [small_p, large_p],
         lambda N: (f"/procs.sh {N}", f"/bin/sh /procs.sh {N}")),
        ("threads", f"threads (`threads N {it}`: N threads each open, read, close /etc/passwd {it} times)",
         [small_t, large_t], lambda N: (f"/threads {N} {it}", f"/threads {N} {it}")),
    ]
    for tag, what, ns, mk in scale_specs:
        print(f"== scale: {what}", file=sys.stderr)
        rows = []
        for N in ns:
            inner, st_cmd = mk(N)
            c = container(inner)
            t = f"{tag}{N}"
            rows += [
                Row(f"{t}-untraced-pin", "taskset -c 0 untraced", "untraced", ONE_CPU, f"taskset -c 0 {c}", None, N),
                Row(f"{t}-nulltrace-pin", "taskset -c 0 nulltrace", "nulltrace", ONE_CPU, f"taskset -c 0 {NT} {c}",
                    None, N),
                Row(f"{t}-strace-pin", "taskset -c 0 strace -f -o FILE", "strace", ONE_CPU,
                    f"taskset -c 0 strace -f -o {p(t + '-strace.log')} {c}", p(t + "-strace.log"), N),
                Row(f"{t}-st", "scratch-trace -o LOG --json (pins itself)", "st", ONE_CPU,
                    f"{ST} run -o {p(t + '-st.log')} --json {p(t + '-st.jsonl')} {R} {st_cmd}", p(t + "-st.jsonl"), N),
            ]
        preflight(rows, timeout)
        hyperfine(rows, sizes["scale_runs"], warmup, os.path.join(res_dir, f"scale-{tag}.json"), out)
        lines = [
            "| run | N | syscall events | median s | µs per event | overhead µs per event |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for r in rows:
            unt = next((u for u in rows if u.kind == "untraced" and u.scale_n == r.scale_n and u.median), None)
            per = over = "-"
            if r.median and r.events:
                per = f"{1e6 * r.median / r.events:.1f}"
                if unt and r is not unt:
                    over = f"{1e6 * (r.median - unt.median) / r.events:.1f}"
            ev = "-" if r.events is None else f"{r.events:,}"
            lines.append(f"| {r.label} | {r.scale_n} | {ev} | {status_cell(r)} | {per} | {over} |")
        md = "\n".join(lines) + failure_notes(rows)
        print_table(f"Scale: {what}", md)
        scale_sections.append((f"{what}, N = {ns[0]} and {ns[1]}", md, rows))

    # Peak memory for ~1M syscalls, everything recorded.
    print("== peak RSS", file=sys.stderr)
    big = sizes["rss"]
    rss_rows = [
        ("scratch-trace -o LOG --json", f"{ST} run -o {p('rss-st.log')} --json {p('rss-st.jsonl')} {R} /rw_workload {big}",
         p("rss-st.jsonl"), "st"),
        ("taskset -c 0 strace -f -o FILE",
         f"taskset -c 0 strace -f -o {p('rss-strace.log')} {container('/rw_workload ' + str(big))}",
         p("rss-strace.log"), "strace"),
    ]
    rss_lines = ["| run | syscall events | peak RSS | wall s |", "|---|---:|---:|---:|"]
    rss_cmds = []
    for label, cmd, logf, kind in rss_rows:
        kb, why, secs = max_rss(cmd, 900)
        rss_cmds.append(f"/usr/bin/time -v {cmd}")
        if kb is None:
            cell = "failed (pending scratch-trace)" if kind == "st" else "failed"
            rss_lines.append(f"| {label} | - | {cell}: {why} | - |")
        else:
            ev = count_events(Row("x", label, kind, ONE_CPU, cmd, logf), "")
            evs = "-" if ev is None else f"{ev:,}"
            rss_lines.append(f"| {label} | {evs} | {kb / 1024:.1f} MiB | {secs:.2f} |")
        print(f"   {label}: {rss_lines[-1]}", file=sys.stderr)
    rss_md = "\n".join(rss_lines)
    print_table(f"Peak RSS, rw_workload {big:,}", rss_md)

    # Start-up: the fixed cost of one traced container that runs /bin/true.
    print("== start-up", file=sys.stderr)
    c_true = container("/bin/true")
    start_rows = [
        Row("startup-untraced", "untraced", "untraced", FREE, c_true),
        Row("startup-nulltrace", "nulltrace", "nulltrace", FREE, f"{NT} {c_true}"),
        Row("startup-strace", "strace -f -o /dev/null", "strace", FREE, f"strace -f -o /dev/null {c_true}"),
        Row("startup-st", "scratch-trace run -q ROOTFS /bin/true", "st", ONE_CPU, f"{ST} run -q {R} /bin/true"),
        Row("startup-st-nopin", "scratch-trace run -q --no-pin ROOTFS /bin/true", "st", FREE,
            f"{ST} run -q --no-pin {R} /bin/true"),
    ]
    preflight(start_rows, 60)
    hyperfine(start_rows, sizes["startup_runs"], warmup, os.path.join(res_dir, "startup.json"), out)
    base = start_rows[0]
    s_lines = ["| run | median ms | ms over untraced |", "|---|---:|---:|"]
    for r in start_rows:
        if r.status == "ok":
            over = f"{1000 * (r.median - base.median):.1f}" if base.median and r is not base else "-"
            s_lines.append(f"| {r.label} | {1000 * r.median:.1f} | {over} |")
        else:
            s_lines.append(f"| {r.label} | {status_cell(r)} | - |")
    s_md = "\n".join(s_lines) + failure_notes(start_rows)
    print_table("Start-up", s_md)

    write_doc(a, info, sizes, runs, warmup, sections, scale_sections, rss_md, rss_cmds, big, s_md, start_rows)
    print(f"\nwrote {a.doc}; raw hyperfine JSON in {res_dir}", file=sys.stderr)


def headline(rows):
    """A few sentences of ratios from one workload, only those that were measured."""
    def get(kind, place):
        return ref(rows, kind, place)
    out = []
    for place in (FREE, ONE_CPU):
        unt, nul, stc = get("untraced", place), get("nulltrace", place), get("strace", place)
        bits = []
        if unt and nul:
            bits.append(f"nulltrace {nul.median / unt.median:.1f}x untraced")
        if unt and stc:
            bits.append(f"strace {stc.median / unt.median:.1f}x")
        st = next((r for r in rows if r.kind == "st" and r.place == place and r.median), None)
        if unt and st:
            bits.append(f"scratch-trace {st.median / unt.median:.1f}x")
        if bits:
            out.append(f"{place}: " + ", ".join(bits))
    return "; ".join(out)


def write_doc(a, info, sizes, runs, warmup, sections, scale_sections, rss_md, rss_cmds, big, s_md, start_rows):
    all_rows = [r for _, _, rows in sections for r in rows] + [r for _, _, rows in scale_sections for r in rows]
    all_rows += start_rows
    st_failed = any(r.kind.startswith("st") and r.status != "ok" for r in all_rows)
    L = []
    L.append("# Performance")
    L.append("")
    L.append("Generated by `bench/run.sh" + (" --quick" if a.quick else "") + "`; rerun it rather than editing the "
             "numbers by hand. Tracing costs context switches, so every number here is a side-by-side ratio from "
             "one run of the harness, whose commands run interleaved (each round one hyperfine invocation that runs "
             "every command of a table once, the order rotated from round to round, so that a machine whose speed "
             "drifts over minutes favours none): absolute times on shared machines mean little. What the numbers "
             "mean against issue 6's targets, the levers tried and the per-event cost analysis are in "
             "[performance-analysis.md](performance-analysis.md), written by hand.")
    L.append("")
    if st_failed:
        L.append("**Pending scratch-trace:** rows marked *failed (pending scratch-trace)* could not run with the "
                 "scratch-trace binary of this run (see the reasons under each table); the untraced, nulltrace and "
                 "strace rows are real measurements. Rerun `bench/run.sh` once `scratch-trace run` works.")
        L.append("")
    L.append("## How to run")
    L.append("")
    L.append("```sh")
    L.append("sudo bench/run.sh            # full: workload.sh 100, rw_workload 200000, 5 runs each (~15 min)")
    L.append("sudo bench/run.sh --quick    # smaller sizes, same matrix (~5 min)")
    L.append("bench/run.sh --no-build      # use the existing build/cli/scratch-trace")
    L.append("bench/cpu_time.sh OLD NEW     # shared machine: total CPU time of tracer + tracees vs nulltrace")
    L.append("bench/ab.py OLD NEW           # two builds against nulltrace in interleaved rounds (~5 min)")
    L.append("```")
    L.append("")
    L.append("It builds the project (`cmake -S . -B build && cmake --build build -j2`), nulltrace from "
             "`../shared/bench/nulltrace.c` (or the copy in `bench/`), the static programs `bench/rw_workload.c` and "
             "`bench/threads.c`, and a busybox rootfs in `build-bench/rootfs` (with `scratch-trace rootfs create`, "
             "or by hand from the static busybox when that does not work), then runs `bench/bench.py`. Needs root, "
             "hyperfine, strace, busybox-static, gcc with static glibc, python3 and `/usr/bin/time`. Raw hyperfine "
             "JSON goes to `build-bench/results/`, logs and traces to `build-bench/out/`.")
    L.append("")
    L.append("## This run")
    L.append("")
    L.append(f"- date: {info['date']}{' (quick mode: smaller sizes)' if a.quick else ''}")
    L.append(f"- machine: {info['nproc']} CPUs, {info['cpu']}, kernel {info['kernel']}")
    L.append(f"- tools: {info['strace']}; {info['hyperfine']}")
    L.append(f"- scratch-trace: `{a.st}` ({a.build_status})")
    if os.environ.get("BENCH_NOTE"):
        L.append(f"- note: {os.environ['BENCH_NOTE']}")
    L.append(f"- rootfs: {a.rootfs_method}; `/dev/null` is a real null device node in it")
    L.append(f"- timing: {runs} interleaved rounds, each `hyperfine --runs 1` over every command of the table "
             f"in an order rotated by one per round, {warmup} warm-up run(s) each in the first "
             f"(scale: {sizes['scale_runs']} rounds, start-up: {sizes['startup_runs']} rounds); medians over the "
             "rounds; each command's log and JSON files are removed "
             "before each of its runs (`--prepare`): truncating the previous run's file costs ext4 ~20 ms for "
             "28 MB, for strace and scratch-trace alike")
    L.append("")
    L.append("## Reading the tables")
    L.append("")
    L.append("- Every run is the same container: new PID and mount namespaces, chroot into the rootfs, a fresh "
             "/proc. Untraced, nulltrace and strace run `unshare --pid --mount --fork chroot ROOTFS /bin/sh -c "
             "'mount -t proc proc /proc; CMD'`; scratch-trace builds the same container itself.")
    L.append("- **CPUs**: *free* lets the scheduler place tracer and tracees on any CPU; *one CPU* keeps them "
             "together (`taskset -c 0`, or scratch-trace's default pinning; `--no-pin` turns that off). A ptrace stop "
             "hands the CPU from tracee to tracer and back, which is much cheaper on one CPU than as a cross-CPU "
             "wake-up. Every ratio compares runs under the same placement. By default scratch-trace pins its tracer "
             "and the tracees to one CPU and, when the log goes to a file, formats and writes on the other CPUs "
             "(the tracer is its child process; the process you started writes); the "
             "`taskset -c 0 scratch-trace` row keeps everything on one CPU, as nulltrace "
             "and strace are.")
    L.append("- **x untraced / x nulltrace**: median over the untraced run and over nulltrace (the floor of any "
             "ptrace tracer that stops at every syscall and records nothing) with the same placement.")
    L.append("- **x strace**: over the strace run that records the same scope with the same placement: "
             "`strace -f -o FILE` for full recording, `strace -f --seccomp-bpf -e trace=%file` for the %file rows.")
    L.append("- **readfloor** (`bench/readfloor.c`): nulltrace plus the tracee-memory reads a log that shows what "
             "strace shows cannot skip (each path argument's string at entry, and the buffers the kernel filled: stat "
             "buffers, readlink targets, read data, dirents, wait statuses), and nothing else. Its distance from "
             "nulltrace is what reading costs any ptrace tracer here; scratch-trace's distance from it is decoding, "
             "attribution and output.")
    L.append("- **syscall events**: what each tracer saw in its preflight run (nulltrace: stops / 2; strace: log "
             "lines without the `resumed` halves and `+++`/`---` lines; scratch-trace: `syscall` lines in the JSON "
             "stream, which include the container set-up). A filtered tracer sees fewer, by design.")
    L.append("- A command that failed in its untimed preflight run (or timed out) is left out of the timed runs "
             "and shown as failed, with its exit status below the table.")
    L.append("")
    for title, md, rows in sections:
        L.append(f"## {title}")
        L.append("")
        L.append(md)
        L.append("")
        h = headline(rows)
        if h:
            L.append(f"In short: {h}.")
            L.append("")
    L.append("The standard workload mostly makes path syscalls (openat, newfstatat, readlink, getdents64), so a "
             "%file filter removes few stops; the read/write workload makes almost none, so a seccomp-bpf filter "
             "that returns `SECCOMP_RET_TRACE` only for %file lets nearly every call run without a stop.")
    L.append("")
    L.append("## Scale")
    L.append("")
    L.append("Traced completely, on one CPU. *µs per event* is the median wall time over the syscall events the "
             "tracer saw; *overhead µs per event* subtracts the untraced median of the same N first. If a tracer's "
             "cost grew with the number of tasks (a linear task lookup, say), the large-N rows would cost more per "
             "event than the small-N rows. A negative overhead means other load on the machine moved the untraced "
             "median more than tracing did: rerun on a quiet machine before reading anything into it.")
    L.append("")
    for title, md, _ in scale_sections:
        L.append(f"### {title[0].upper() + title[1:]}")
        L.append("")
        L.append(md)
        L.append("")
    L.append(f"## Memory: peak RSS for about {big:,} syscalls")
    L.append("")
    L.append(f"`rw_workload {big}` traced with everything recorded (text log and JSON stream to files); peak RSS "
             "from `/usr/bin/time -v`: the largest single process, which for scratch-trace is the one that "
             "writes (the tracer, its child, peaked at 4.4 MiB in docs/performance-analysis.md, session 9).")
    L.append("")
    L.append(rss_md)
    L.append("")
    L.append("## Start-up")
    L.append("")
    L.append("The fixed cost of one container that runs `/bin/true`.")
    L.append("")
    L.append(s_md)
    L.append("")
    L.append("## Exact commands")
    L.append("")
    L.append("Paths are those of this run (`build-bench/` under the repository).")
    L.append("")
    L.append("```sh")
    seen = set()
    for r in all_rows:
        if r.id in seen:
            continue
        seen.add(r.id)
        L.append(f"# {r.id}")
        L.append(r.cmd)
    for c in rss_cmds:
        L.append("# peak RSS")
        L.append(c)
    L.append("```")
    L.append("")
    os.makedirs(os.path.dirname(a.doc), exist_ok=True)
    with open(a.doc, "w") as f:
        f.write("\n".join(L))


if __name__ == "__main__":
    main()

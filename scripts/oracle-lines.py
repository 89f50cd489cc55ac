#!/usr/bin/env python3
"""Compares scratch-trace's text log with strace's, line by line (docs/oracle.md).

    scripts/oracle-lines.py [--rootfs DIR] OURS.log STRACE.log
    scripts/oracle-lines.py --workload NAME OURS STRACE ROOTFS [--workload ...] [--floor PCT]

OURS is `scratch-trace run -o OURS ...` (or another strace log, to see how much two strace runs
agree), STRACE is `strace -f -y -s 32 -o STRACE` around the
equivalent unshare+chroot container. Both logs are cut to the workload (from the first successful
execve of a task that switched its root, by that task and the tasks that appear after it),
normalised (what differs between two runs of one program: addresses, inodes, pids, the rootfs
prefix strace's -y shows, padding, times, random bytes), grouped per task, and each task's lines
aligned with strace's (difflib). Prints per workload and overall the share of identical lines,
2 * identical / (ours + strace), and the most frequent differences (syscall, which argument,
an example of each side). With --floor, exits 1 when the overall share is below it.
"""

import argparse
import collections
import difflib
import re
import sys

# ---- reading the two logs ----

OURS_PREFIX = re.compile(r"^\[pid (\d+)(?:/(\d+))?\] ")
STRACE_PREFIX = re.compile(r"^(\d+) +")
# Ours only: after the result, where the paths went and the socket's peer.
WHERE = re.compile(
    r"  # (?:peer: |(?:rootfs|container-procfs|container-mount|host|host-procfs|anonymous|unknown)"
    r"(?::|, |$)).*$")
UNFINISHED = " <unfinished ...>"
RESUMED = re.compile(r"^<\.\.\. ([A-Za-z0-9_]+) resumed>")


def read_ours(path):
    """(task, line) pairs of our log, the where list cut off."""
    out = []
    with open(path, errors="replace") as f:
        for raw in f:
            raw = raw.rstrip("\n")
            m = OURS_PREFIX.match(raw)
            if not m:
                continue
            out.append((int(m.group(1)), WHERE.sub("", raw[m.end():])))
    return out


def read_strace(path):
    """(task, line) pairs of strace's log, each `<unfinished ...>` joined with its resumption
    (ours writes a call once, when it returns: the line strace would print without another task
    in between)."""
    out = []
    pending = {}  # task -> index in out of its unfinished call
    with open(path, errors="replace") as f:
        for raw in f:
            raw = raw.rstrip("\n")
            m = STRACE_PREFIX.match(raw)
            if not m:
                continue
            task, text = int(m.group(1)), raw[m.end():]
            resumed = RESUMED.match(text)
            if resumed and task not in pending:
                # An execve by a thread other than the leader resumes in the leader's pid: the
                # call moves there, where it returns (ours shows it under the leader's tid, as
                # it took it, after the leader's `+++ superseded ... +++`).
                for other, i in pending.items():
                    if syscall_name(out[i][1]) == resumed.group(1):
                        del pending[other]
                        out.append((task, out[i][1]))
                        out[i] = None
                        pending[task] = len(out) - 1
                        break
            if resumed and task in pending:
                i = pending.pop(task)
                out[i] = (task, out[i][1][:-len(UNFINISHED)] + text[resumed.end():])
                continue
            if text.endswith(UNFINISHED):
                pending[task] = len(out)
            out.append((task, text))
    # A call that never resumed (the task was killed in it): as ours prints it.
    for task, i in pending.items():
        out[i] = (task, out[i][1][:-len(UNFINISHED)].rstrip(", ") + ") = ?")
    return [entry for entry in out if entry is not None]


def syscall_name(line):
    m = re.match(r"([A-Za-z0-9_]+)\(", line)
    return m.group(1) if m else ""


def succeeded(line):
    return re.search(r"\) += (?:0|[1-9]\d*)(?: |$)", line) is not None


def workload(lines):
    """The lines from the workload's first execve on (see the module's doc)."""
    rooted = set()
    seen = set()
    for i, (task, line) in enumerate(lines):
        seen.add(task)
        name = syscall_name(line)
        if name in ("chroot", "pivot_root") and succeeded(line):
            rooted.add(task)
        if name == "execve" and task in rooted and succeeded(line):
            return [(t, l) for t, l in lines[i:] if t == task or t not in seen]
    return []


# ---- what differs between two runs ----


def normaliser(rootfs):
    prefixes = sorted({p.rstrip("/") for p in rootfs if p and p.rstrip("/")}, key=len,
                      reverse=True)
    rules = [
        (re.compile(r"\) +=( |$)"), r") =\1"),  # the padding before " = "
        (re.compile(r"0x[0-9a-f]{6,}"), "ADDR"),  # pointers, brk, mmap results
        (re.compile(r"\b[0-9a-f]{8,}-[0-9a-f]{8,} "), "ADDR-ADDR "),  # /proc/PID/maps read
        (re.compile(r"([a-z_]+):\[\d+\]"), r"\1:[INODE]"),  # pipe:[N], socket:[N], net:[N]
        (re.compile(r"/proc/\d+/"), "/proc/PID/"),
        (re.compile(r"\b(si_pid|si_[us]time)=\d+"), r"\1=N"),
        (re.compile(r"superseded by execve in pid \d+"), "superseded by execve in pid PID"),
        (re.compile(r"\b(tv_sec|tv_nsec|tv_usec)=\d+"), r"\1=N"),
        (re.compile(r"/#\d+>"), "/#INODE>"),  # an O_TMPFILE's name is its inode number
        (re.compile(r"\b(f_bfree|f_bavail|f_ffree)=\d+"), r"\1=N"),  # free space changes
        (re.compile(r'^(read\(\d+</dev/u?random>, )"[^"]*"'), r'\1"RANDOM"'),
        (re.compile(r'^getrandom\("[^"]*"(\.\.\.)?'), 'getrandom("RANDOM"'),
    ]

    def normalise(line):
        for prefix in prefixes:  # strace -y shows host paths of fds; ours the container's
            line = line.replace("<" + prefix + ">", "</>").replace("<" + prefix + "/", "</")
        for pattern, repl in rules:
            line = pattern.sub(repl, line)
        if line.startswith("sysinfo({"):  # uptime, loads, free memory: the time of day
            line = re.sub(r"\d+", "N", line)
        return line

    return normalise


# ---- matching tasks, aligning lines ----


def by_task(lines, normalise):
    tasks = collections.OrderedDict()
    for task, line in lines:
        tasks.setdefault(task, []).append(normalise(line))
    return tasks


def task_key(lines):
    """What identifies a task across the two runs whatever its pid: its first execve, or,
    without one, its first line."""
    for line in lines:
        if syscall_name(line) == "execve":
            return line
    return lines[0] if lines else ""


def pair_tasks(ours, theirs):
    """[(our lines, strace's lines)]: the i-th task of a key in one with the i-th of the same key
    in the other, in order of appearance; a task without a partner is paired with nothing."""
    queue = collections.defaultdict(collections.deque)
    for lines in theirs.values():
        queue[task_key(lines)].append(lines)
    pairs = []
    for lines in ours.values():
        q = queue[task_key(lines)]
        pairs.append((lines, q.popleft() if q else []))
    for q in queue.values():
        pairs.extend(([], lines) for lines in q)
    return pairs


def split_call(line):
    """name, [args], result of a call line (top level commas only); None for other lines."""
    name = syscall_name(line)
    if not name:
        return None
    args, depth, start, quoted, i = [], 0, len(name) + 1, False, len(name) + 1
    while i < len(line):
        c = line[i]
        if quoted:
            if c == "\\":
                i += 1
            elif c == '"':
                quoted = False
        elif c == '"':
            quoted = True
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                args.append(line[start:i].strip())
                return name, args, line[i + 1:].strip()
            depth -= 1
        elif c == "," and depth == 0:
            args.append(line[start:i].strip())
            start = i + 1
        i += 1
    return name, args, ""


def difference_key(ours, theirs):
    """(syscall, where it differs) for two lines that should have been one."""
    a, b = split_call(ours), split_call(theirs)
    if a is None or b is None or a[0] != b[0]:
        return (syscall_name(ours) or ours[:3], "line")
    if len(a[1]) != len(b[1]):
        return (a[0], "arg count")
    for i, (x, y) in enumerate(zip(a[1], b[1])):
        if x != y:
            return (a[0], "arg %d" % (i + 1))
    return (a[0], "result")


class Tally:
    def __init__(self, diff=False):
        self.diff = diff
        self.ours = self.theirs = self.same = 0
        self.patterns = collections.Counter()
        self.examples = {}

    def add(self, ours_lines, their_lines):
        self.ours += len(ours_lines)
        self.theirs += len(their_lines)
        matcher = difflib.SequenceMatcher(None, ours_lines, their_lines, autojunk=False)
        if self.diff:
            sys.stdout.writelines(
                line + "\n" for line in difflib.unified_diff(ours_lines, their_lines, "ours",
                                                             "strace", lineterm="", n=2))
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                self.same += i2 - i1
                continue
            n = min(i2 - i1, j2 - j1)
            for k in range(n):
                self.note(difference_key(ours_lines[i1 + k], their_lines[j1 + k]),
                          ours_lines[i1 + k], their_lines[j1 + k])
            for line in ours_lines[i1 + n:i2]:
                self.note((syscall_name(line) or line[:3], "ours only"), line, "")
            for line in their_lines[j1 + n:j2]:
                self.note((syscall_name(line) or line[:3], "strace only"), "", line)

    def note(self, key, ours, theirs):
        self.patterns[key] += 1
        self.examples.setdefault(key, (ours, theirs))

    def merge(self, other):
        self.ours += other.ours
        self.theirs += other.theirs
        self.same += other.same
        self.patterns.update(other.patterns)
        for key, example in other.examples.items():
            self.examples.setdefault(key, example)

    def share(self):
        total = self.ours + self.theirs
        return 100.0 * 2 * self.same / total if total else 0.0

    def summary(self):
        return "%5.1f%% identical (%d of %d lines ours, %d strace's)" % (self.share(), self.same,
                                                                        self.ours, self.theirs)


def read_either(path):
    """Our log, or strace's (to measure how much two strace runs agree)."""
    with open(path, errors="replace") as f:
        first = f.readline()
    return read_ours(path) if OURS_PREFIX.match(first) else read_strace(path)


def compare(ours_path, strace_path, rootfs, diff=False):
    normalise = normaliser(rootfs)
    ours = by_task(workload(read_either(ours_path)), normalise)
    theirs = by_task(workload(read_strace(strace_path)), normalise)
    tally = Tally(diff)
    for a, b in pair_tasks(ours, theirs):
        tally.add(a, b)
    return tally


def shorten(line, width):
    return line if len(line) <= width else line[:width - 3] + "..."


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("logs", nargs="*", help="OURS STRACE")
    parser.add_argument("--rootfs", action="append", default=[],
                        help="the rootfs path strace's -y shows (repeatable)")
    parser.add_argument("--workload", nargs=4, action="append", default=[],
                        metavar=("NAME", "OURS", "STRACE", "ROOTFS"))
    parser.add_argument("--top", type=int, default=25, help="differences to show")
    parser.add_argument("--width", type=int, default=150, help="cut examples to this width")
    parser.add_argument("--diff", action="store_true", help="print each task's differences")
    parser.add_argument("--floor", type=float, help="exit 1 when the overall share is below")
    args = parser.parse_args()
    workloads = list(args.workload)
    if args.logs:
        if len(args.logs) != 2:
            parser.error("give OURS and STRACE")
        workloads.append(["logs", args.logs[0], args.logs[1], None])
    if not workloads:
        parser.error("nothing to compare")

    overall = Tally()
    for name, ours, strace, rootfs in workloads:
        roots = list(args.rootfs) + ([rootfs] if rootfs else [])
        tally = compare(ours, strace, roots, args.diff)
        print("%-20s %s" % (name, tally.summary()))
        overall.merge(tally)
    print("%-20s %s" % ("overall", overall.summary()))
    print("\nmost frequent differences (count, syscall, where; ours / strace's example):")
    for key, count in overall.patterns.most_common(args.top):
        ours, theirs = overall.examples[key]
        print("%6d  %-18s %s" % (count, key[0], key[1]))
        print("        ours:   %s" % shorten(ours, args.width))
        print("        strace: %s" % shorten(theirs, args.width))
    print("\nshare: %.1f" % overall.share())
    if args.floor is not None and overall.share() < args.floor:
        print("below the floor of %.1f%%" % args.floor)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

// The busybox workload both strace oracles run (docs/oracle.md, "The workload").
#pragma once

namespace oracle {

/// Deterministic on purpose: no background jobs, no timing, output to files (the rootfs has no
/// /dev/null), and the shell waits for every child before the next line. Run as
/// `/bin/sh /oracle.sh` with threads, int80 and oracle_i386 from tests/progs in /bin.
constexpr const char* kScript = R"SH(echo start > /tmp/oracle.out
cat /etc/passwd | wc -l >> /tmp/oracle.out
( cd /etc && ls -l passwd group > /tmp/oracle.ls )
ls -R /etc /bin > /tmp/oracle.ls
ps > /tmp/oracle.ps
/bin/threads 4 20 /etc/passwd > /tmp/oracle.threads
/bin/int80 /etc/group > /tmp/oracle.i386
/bin/oracle_i386 /etc/passwd >> /tmp/oracle.i386
sh -c 'exec sh -c "exec /bin/true"'
stat /etc/passwd > /tmp/oracle.stat
test -e /nonexistent || echo absent >> /tmp/oracle.out
rm /tmp/oracle.out /tmp/oracle.ls /tmp/oracle.ps /tmp/oracle.threads /tmp/oracle.stat
)SH";

/// The programs from tests/progs the script runs.
constexpr const char* kProgs[] = {"threads", "int80", "oracle_i386"};

}  // namespace oracle

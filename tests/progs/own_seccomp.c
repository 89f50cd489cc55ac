// Tests: a workload that installs its own seccomp filter. It returns SECCOMP_RET_ERRNO(EROFS)
// for mkdir and SECCOMP_RET_TRACE for unlink. With no tracer asking for seccomp events, the
// kernel fails a RET_TRACE syscall with ENOSYS without running it (seccomp(2)). The program
// prints what it saw; run untraced it is the reference. Usage: own_seccomp DIR.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char* errName(int e) {
    switch (e) {
        case 0:
            return "0";
        case ENOSYS:
            return "ENOSYS";
        case EROFS:
            return "EROFS";
        case ENOENT:
            return "ENOENT";
        case EEXIST:
            return "EEXIST";
        default:
            return strerror(e);
    }
}

int main(int argc, char** argv) {
    if (argc < 2) return 2;
    char dirPath[4096], filePath[4096];
    snprintf(dirPath, sizeof dirPath, "%s/made-by-mkdir", argv[1]);
    snprintf(filePath, sizeof filePath, "%s/kept-file", argv[1]);
    int fd = open(filePath, O_CREAT | O_WRONLY, 0644);
    if (fd < 0) return 2;
    close(fd);

    struct sock_filter code[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_mkdir, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EROFS),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_unlink, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE | 42),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = {sizeof code / sizeof *code, code};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
        prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) {
        printf("own_seccomp: SKIP cannot install a filter: %s\n", strerror(errno));
        return 0;
    }
    errno = 0;
    long m = syscall(SYS_mkdir, dirPath, 0700);
    int mErr = m < 0 ? errno : 0;
    struct stat st;
    int dirExists = stat(dirPath, &st) == 0;
    errno = 0;
    long u = syscall(SYS_unlink, filePath);
    int uErr = u < 0 ? errno : 0;
    int fileExists = stat(filePath, &st) == 0;
    printf("own_seccomp: mkdir = %s, directory %s\n", errName(mErr),
           dirExists ? "created" : "not created");
    printf("own_seccomp: unlink = %s, file %s\n", errName(uErr), fileExists ? "kept" : "deleted");
    return 0;
}

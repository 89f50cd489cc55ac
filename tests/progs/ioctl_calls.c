// The device ioctls strace decodes, for tests/integration/test_strace_ioctls.cpp: a socket's
// SIOCGIF* on lo, a pty's TIOC* and TC* requests (a child makes it its controlling tty), FIONREAD
// on a pipe, and the block and loop requests on a free loop device backed by a file (skipped
// with a line on stdout when the machine has no loop devices).
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/loop.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static void interfaces(void) {
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strcpy(ifr.ifr_name, "lo");
    ioctl(s, SIOCGIFINDEX, &ifr);
    const int index = ifr.ifr_ifindex;
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_ifindex = index;
    ioctl(s, SIOCGIFNAME, &ifr);
    ioctl(s, SIOCGIFFLAGS, &ifr);
    ioctl(s, SIOCSIFFLAGS, &ifr);
    ioctl(s, SIOCGIFMTU, &ifr);
    ioctl(s, SIOCGIFHWADDR, &ifr);
    ioctl(s, SIOCGIFADDR, &ifr);
    ioctl(s, SIOCGIFNETMASK, &ifr);
    ioctl(s, SIOCGIFTXQLEN, &ifr);
    ioctl(s, SIOCGIFMAP, &ifr);
    strcpy(ifr.ifr_name, "nosuch0");
    ioctl(s, SIOCGIFINDEX, &ifr);
    ioctl(s, SIOCGIFFLAGS, &ifr);
    struct ifreq all[8];
    struct ifconf conf = {.ifc_len = sizeof all, .ifc_req = all};
    ioctl(s, SIOCGIFCONF, &conf);
    conf.ifc_req = NULL;
    ioctl(s, SIOCGIFCONF, &conf);
    int on = 1;
    ioctl(s, FIONBIO, &on);
    ioctl(s, FIOASYNC, &on);
    on = 0;
    ioctl(s, FIOASYNC, &on);
    close(s);
}

static void ttys(void) {
    int p[2];
    int n = 0;
    if (pipe(p) != 0 || write(p[1], "hello", 5) != 5) return;
    ioctl(p[0], FIONREAD, &n);
    const int m = posix_openpt(O_RDWR | O_NOCTTY);
    if (m < 0 || grantpt(m) != 0 || unlockpt(m) != 0) return;
    const int t = open(ptsname(m), O_RDWR | O_NOCTTY);
    pid_t pg = 0;
    ioctl(t, TIOCGPGRP, &pg);  // not our terminal yet: ENOTTY, the address shown
    ioctl(t, TCFLSH, TCIFLUSH);
    ioctl(t, TCFLSH, TCIOFLUSH);
    ioctl(t, TCXONC, TCOON);
    ioctl(t, TCSBRK, 1);
    ioctl(t, TIOCNOTTY);
    ioctl(m, FIONREAD, &n);
    const pid_t child = fork();
    if (child == 0) {
        setsid();
        ioctl(t, TIOCSCTTY, 0);
        pg = getpgrp();
        ioctl(t, TIOCSPGRP, &pg);
        ioctl(t, TIOCGPGRP, &pg);
        ioctl(t, TIOCGSID, &pg);
        _exit(0);
    }
    waitpid(child, NULL, 0);
    close(t);
    close(m);
}

static void loops(void) {
    const int ctl = open("/dev/loop-control", O_RDWR);
    if (ctl < 0) {
        printf("skip: no /dev/loop-control\n");
        return;
    }
    const int n = ioctl(ctl, LOOP_CTL_GET_FREE);
    char path[64];
    snprintf(path, sizeof path, "/dev/loop%d", n);
    const int d = open(path, O_RDWR);
    const char* backing = "/tmp/ioctl_calls.backing";
    const int f = open(backing, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (d < 0 || f < 0 || ftruncate(f, 1 << 20) != 0) {
        printf("skip: no loop device to use\n");
        return;
    }
    unlink(backing);
    if (ioctl(d, LOOP_SET_FD, f) != 0) {
        printf("skip: loop device busy\n");
        return;
    }
    struct loop_info64 info;
    memset(&info, 0, sizeof info);
    ioctl(d, LOOP_GET_STATUS64, &info);
    info.lo_flags = LO_FLAGS_AUTOCLEAR;
    strcpy((char*)info.lo_file_name, "ioctl_calls");
    ioctl(d, LOOP_SET_STATUS64, &info);
    ioctl(d, LOOP_GET_STATUS64, &info);
    unsigned long long size = 0;
    int sectorSize = 0, readOnly = 0;
    ioctl(d, BLKGETSIZE64, &size);
    ioctl(d, BLKSSZGET, &sectorSize);
    ioctl(d, BLKROGET, &readOnly);
    ioctl(d, LOOP_CLR_FD);
    close(d);
    close(f);
    close(ctl);
}

int main(void) {
    interfaces();
    ttys();
    loops();
    return 0;
}

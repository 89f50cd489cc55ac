// NETLINK_ROUTE traffic for the strace comparison of netlink buffers (tests/integration/
// test_strace_netlink.cpp): an RTM_GETLINK dump sent with sendto and read with recvmsg, an
// RTM_GETADDR dump sent with sendmsg and read with recvfrom, and a request the kernel refuses
// (RTM_DELADDR of an address lo does not have, with NLM_F_ACK) whose NLMSG_ERROR is read back.
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

static char reply[65536];

/// Reads replies until NLMSG_DONE or NLMSG_ERROR (or an error); `useRecvmsg` picks the call.
static void drain(int fd, int useRecvmsg) {
    for (int rounds = 0; rounds < 64; ++rounds) {
        ssize_t n;
        if (useRecvmsg) {
            struct sockaddr_nl peer;
            struct iovec iov = {reply, sizeof reply};
            struct msghdr msg = {&peer, sizeof peer, &iov, 1, NULL, 0, 0};
            n = recvmsg(fd, &msg, 0);
        } else {
            n = recvfrom(fd, reply, sizeof reply, 0, NULL, NULL);
        }
        if (n <= 0) return;
        for (struct nlmsghdr* h = (struct nlmsghdr*)reply; NLMSG_OK(h, (size_t)n);
             h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) return;
        }
    }
}

int main(void) {
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0) return 1;
    struct {
        struct nlmsghdr h;
        struct ifinfomsg i;
    } link;
    memset(&link, 0, sizeof link);
    link.h.nlmsg_len = sizeof link;
    link.h.nlmsg_type = RTM_GETLINK;
    link.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    link.h.nlmsg_seq = 1;
    if (sendto(fd, &link, sizeof link, 0, NULL, 0) < 0) return 1;
    drain(fd, 1);

    struct {
        struct nlmsghdr h;
        struct ifaddrmsg a;
    } addr;
    memset(&addr, 0, sizeof addr);
    addr.h.nlmsg_len = sizeof addr;
    addr.h.nlmsg_type = RTM_GETADDR;
    addr.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    addr.h.nlmsg_seq = 2;
    struct iovec iov = {&addr, sizeof addr};
    struct msghdr msg = {NULL, 0, &iov, 1, NULL, 0, 0};
    if (sendmsg(fd, &msg, 0) < 0) return 1;
    drain(fd, 0);

    struct {
        struct nlmsghdr h;
        struct ifaddrmsg a;
        struct rtattr attr;
        unsigned char ip[4];
    } del;
    memset(&del, 0, sizeof del);
    del.h.nlmsg_len = sizeof del;
    del.h.nlmsg_type = RTM_DELADDR;
    del.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
    del.h.nlmsg_seq = 3;
    del.a.ifa_family = AF_INET;
    del.a.ifa_prefixlen = 32;
    del.a.ifa_index = 1;
    del.attr.rta_len = RTA_LENGTH(4);
    del.attr.rta_type = IFA_LOCAL;
    del.ip[0] = 127;
    del.ip[1] = 9;
    del.ip[2] = 8;
    del.ip[3] = 7;
    if (sendto(fd, &del, sizeof del, 0, NULL, 0) < 0) return 1;
    drain(fd, 0);
    close(fd);
    return 0;
}

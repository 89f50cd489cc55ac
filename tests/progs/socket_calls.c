// Makes the socket calls whose structs strace 6.1 decodes in depth (issue 21), each with
// arguments that print the same in two runs (but pids, ports and times, which
// test_strace_sockets.cpp normalises), so that our log and strace's can be compared line by
// line: socketpair's fds, sendmsg/recvmsg with SCM_RIGHTS, SCM_CREDENTIALS and an unknown control
// message, a datagram with its timestamp and SOL_IP control messages, sendmmsg/recvmmsg,
// netlink/packet/unspec addresses, and socket options of SOL_IP, SOL_IPV6, SOL_TCP and
// SOL_SOCKET (ints, a timeval, a pending error, multicast memberships).
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <net/ethernet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

/// A control buffer for one fd and one set of credentials, aligned for cmsghdr.
union control {
    struct cmsghdr align;
    char buf[CMSG_SPACE(sizeof(int)) + CMSG_SPACE(sizeof(struct ucred)) + CMSG_SPACE(8)];
};

static void messages(void) {
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    int on = 1;
    setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on);
    int devnull = open("/dev/null", O_RDONLY);

    // sendmsg: one fd, then the sender's credentials.
    char data[] = "hello, fd and creds";
    struct iovec iov = {data, sizeof data - 1};
    union control control;
    memset(&control, 0, sizeof control);
    struct msghdr msg = {0};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.buf;
    msg.msg_controllen = CMSG_SPACE(sizeof(int)) + CMSG_SPACE(sizeof(struct ucred));
    struct cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &devnull, sizeof devnull);
    c = CMSG_NXTHDR(&msg, c);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_CREDENTIALS;
    c->cmsg_len = CMSG_LEN(sizeof(struct ucred));
    struct ucred cred = {getpid(), getuid(), getgid()};
    memcpy(CMSG_DATA(c), &cred, sizeof cred);
    sendmsg(sv[0], &msg, 0);

    // recvmsg: the data, the fd (named) and the credentials, decoded at the exit.
    char in[64];
    struct iovec iin = {in, sizeof in};
    union control rcontrol;
    memset(&rcontrol, 0, sizeof rcontrol);
    struct msghdr rmsg = {0};
    rmsg.msg_iov = &iin;
    rmsg.msg_iovlen = 1;
    rmsg.msg_control = rcontrol.buf;
    rmsg.msg_controllen = sizeof rcontrol.buf;
    recvmsg(sv[1], &rmsg, MSG_CMSG_CLOEXEC);

    // A control message of a level and type no one knows (unix sockets ignore other levels).
    memset(&control, 0, sizeof control);
    msg.msg_controllen = CMSG_SPACE(8);
    c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = 99;
    c->cmsg_type = 7;
    c->cmsg_len = CMSG_LEN(8);
    memcpy(CMSG_DATA(c), "\1\2\3\4\5\6\7\10", 8);
    sendmsg(sv[0], &msg, MSG_DONTWAIT);
    memset(&rcontrol, 0, sizeof rcontrol);
    rmsg.msg_controllen = sizeof rcontrol.buf;
    recvmsg(sv[1], &rmsg, 0);

    // A message without control data, a failed receive (nothing queued).
    msg.msg_control = NULL;
    msg.msg_controllen = 0;
    recvmsg(sv[1], &rmsg, MSG_DONTWAIT);
    shutdown(sv[0], SHUT_WR);
}

static void batches(void) {
    int sv[2];
    socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv);
    char a[] = "first";
    char b[] = "second one";
    struct iovec iov[2] = {{a, sizeof a - 1}, {b, sizeof b - 1}};
    struct mmsghdr out[2];
    memset(out, 0, sizeof out);
    out[0].msg_hdr.msg_iov = &iov[0];
    out[0].msg_hdr.msg_iovlen = 1;
    out[1].msg_hdr.msg_iov = &iov[1];
    out[1].msg_hdr.msg_iovlen = 1;
    sendmmsg(sv[0], out, 2, 0);
    char x[16];
    char y[16];
    struct iovec iin[2] = {{x, sizeof x}, {y, sizeof y}};
    struct mmsghdr in[2];
    memset(in, 0, sizeof in);
    in[0].msg_hdr.msg_iov = &iin[0];
    in[0].msg_hdr.msg_iovlen = 1;
    in[1].msg_hdr.msg_iov = &iin[1];
    in[1].msg_hdr.msg_iovlen = 1;
    recvmmsg(sv[1], in, 2, MSG_DONTWAIT, NULL);
    // With a timeout: strace adds the time the kernel left to the return.
    send(sv[0], "abc", 3, 0);
    struct timespec timeout = {1, 0};
    recvmmsg(sv[1], in, 2, MSG_WAITFORONE, &timeout);
}

/// A datagram to itself over loopback with the SOL_IP and timestamp control messages asked for
/// (what ping and DNS resolvers read).
static void datagrams(void) {
    int udp = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in self = {.sin_family = AF_INET};
    self.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(udp, (struct sockaddr*)&self, sizeof self);
    socklen_t len = sizeof self;
    getsockname(udp, (struct sockaddr*)&self, &len);
    int on = 1;
    setsockopt(udp, SOL_SOCKET, SO_TIMESTAMP_OLD, &on, sizeof on);
    setsockopt(udp, SOL_IP, IP_PKTINFO, &on, sizeof on);
    setsockopt(udp, SOL_IP, IP_RECVTTL, &on, sizeof on);
    setsockopt(udp, SOL_IP, IP_RECVTOS, &on, sizeof on);
    sendto(udp, "ping", 4, 0, (struct sockaddr*)&self, sizeof self);
    char in[16];
    struct iovec iov = {in, sizeof in};
    struct sockaddr_in from;
    union {
        struct cmsghdr align;
        char buf[256];
    } control;
    struct msghdr msg = {0};
    msg.msg_name = &from;
    msg.msg_namelen = sizeof from;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.buf;
    msg.msg_controllen = sizeof control.buf;
    recvmsg(udp, &msg, 0);
}

static void addresses(void) {
    int nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    struct sockaddr_nl snl = {.nl_family = AF_NETLINK};
    bind(nl, (struct sockaddr*)&snl, sizeof snl);
    socklen_t len = sizeof snl;
    getsockname(nl, (struct sockaddr*)&snl, &len);
    int groups = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
    struct sockaddr_nl listen = {.nl_family = AF_NETLINK, .nl_groups = 0x11};  // LINK, IPV4_IFADDR
    bind(groups, (struct sockaddr*)&listen, sizeof listen);
    socket(AF_NETLINK, SOCK_DGRAM, NETLINK_KOBJECT_UEVENT);
    socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);

    int udp = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(9)};
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connect(udp, (struct sockaddr*)&sin, sizeof sin);
    struct sockaddr unspec = {.sa_family = AF_UNSPEC};
    connect(udp, &unspec, sizeof unspec);
    struct sockaddr_ll sll = {.sll_family = AF_PACKET,
                              .sll_protocol = htons(ETH_P_IP),
                              .sll_ifindex = 1,
                              .sll_hatype = 1,
                              .sll_pkttype = PACKET_HOST,
                              .sll_halen = 6,
                              .sll_addr = {1, 2, 3, 4, 5, 6}};
    connect(udp, (struct sockaddr*)&sll, sizeof sll);  // EINVAL: shown at the entry
}

static void options(void) {
    int one = 1;
    int v = 0;
    socklen_t len;
    int tcp = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(tcp, SOL_TCP, TCP_NODELAY, &one, sizeof one);
    int tos = 0x10;
    setsockopt(tcp, SOL_IP, IP_TOS, &tos, sizeof tos);
    len = sizeof v;
    getsockopt(tcp, SOL_IP, IP_TOS, &v, &len);
    int ttl = 64;
    setsockopt(tcp, SOL_IP, IP_TTL, &ttl, sizeof ttl);
    struct timeval tv = {5, 250000};
    setsockopt(tcp, SOL_SOCKET, SO_RCVTIMEO_OLD, &tv, sizeof tv);
    len = sizeof tv;
    getsockopt(tcp, SOL_SOCKET, SO_RCVTIMEO_OLD, &tv, &len);
    setsockopt(tcp, SOL_SOCKET, SO_SNDTIMEO_OLD, &tv, sizeof tv);
    len = sizeof v;
    getsockopt(tcp, SOL_SOCKET, SO_KEEPALIVE, &v, &len);
    int v6 = socket(AF_INET6, SOCK_STREAM, 0);
    setsockopt(v6, SOL_IPV6, IPV6_V6ONLY, &one, sizeof one);
    len = sizeof v;
    getsockopt(v6, SOL_IPV6, IPV6_V6ONLY, &v, &len);
    int hops = 7;
    setsockopt(v6, SOL_IPV6, IPV6_UNICAST_HOPS, &hops, sizeof hops);

    // Multicast memberships (joined on the loopback interface, index 1) and their settings.
    int mc = socket(AF_INET, SOCK_DGRAM, 0);
    struct ip_mreq m = {{htonl(0xe00000fb)}, {htonl(INADDR_LOOPBACK)}};  // 224.0.0.251
    setsockopt(mc, SOL_IP, IP_ADD_MEMBERSHIP, &m, sizeof m);
    setsockopt(mc, SOL_IP, IP_DROP_MEMBERSHIP, &m, sizeof m);
    struct group_req g;
    memset(&g, 0, sizeof g);
    g.gr_interface = 1;
    struct sockaddr_in* group = (struct sockaddr_in*)&g.gr_group;
    group->sin_family = AF_INET;
    group->sin_addr.s_addr = htonl(0xe00000fd);  // 224.0.0.253
    setsockopt(mc, SOL_IP, MCAST_JOIN_GROUP, &g, sizeof g);
    int mc6 = socket(AF_INET6, SOCK_DGRAM, 0);
    struct ipv6_mreq m6 = {.ipv6mr_interface = 1};
    m6.ipv6mr_multiaddr.s6_addr[0] = 0xff;  // ff02::fb
    m6.ipv6mr_multiaddr.s6_addr[1] = 0x02;
    m6.ipv6mr_multiaddr.s6_addr[15] = 0xfb;
    setsockopt(mc6, SOL_IPV6, IPV6_ADD_MEMBERSHIP, &m6, sizeof m6);
    int mttl = 255;
    setsockopt(mc, SOL_IP, IP_MULTICAST_TTL, &mttl, sizeof mttl);
    unsigned char loop = 0;
    setsockopt(mc, SOL_IP, IP_MULTICAST_LOOP, &loop, sizeof loop);

    // A connect to a closed port, its error read back by name.
    int nb = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    struct sockaddr_in closed = {.sin_family = AF_INET, .sin_port = htons(1)};
    closed.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connect(nb, (struct sockaddr*)&closed, sizeof closed);
    struct pollfd pfd = {nb, POLLOUT, 0};
    poll(&pfd, 1, 1000);
    len = sizeof v;
    getsockopt(nb, SOL_SOCKET, SO_ERROR, &v, &len);
}

int main(void) {
    messages();
    batches();
    datagrams();
    addresses();
    options();
    return 0;
}

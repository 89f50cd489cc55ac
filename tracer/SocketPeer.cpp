// Peers by kernel objects. Kernel facts this relies on:
// - pidfd_getfd (5.6) gives the tracer the tracee's open socket itself, not a new one; the
//   tracer may take it because it is the tracee's ptracer (PTRACE_MODE_ATTACH_REALCREDS).
// - SO_PEERCRED on a connected unix stream socket holds the credentials the peer had when it
//   called listen() (for the connecting side) or connect() (for the accepted side), with the pid
//   translated into the asking process's PID namespace: the tracer's, the host's.
// - getpeername on a unix client socket gives the listener's bound name (unix_getname copies
//   the peer's address), wherever that listener's file lives.
// - INET_DIAG answers for the network namespace of the netlink socket that asks: the tracer's.
//   A container with a network namespace of its own cannot reach the host's loopback listeners
//   at all, so nothing is asked for it.
#include "tracer/SocketPeer.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "common/UniqueFd.h"
#include "tracer/SockaddrDecoder.h"
#include "tracer/TraceeMemory.h"

namespace scratch::tracer {

namespace {

using scratch::UniqueFd;

constexpr int kTcpListen = 10;  // TCP_LISTEN in the kernel's tcp_states.h

constexpr unsigned kPidfdThread = O_EXCL;  // PIDFD_THREAD (6.9): a pidfd of that very thread

/// The tracee's fd `fd` of thread `tid` (process `tgid`), as an fd of the tracer. A thread's own
/// pidfd first: a thread that unshared its fd table has fds its leader lacks; kernels before
/// 6.9 know only process pidfds.
UniqueFd takeFd(pid_t tid, pid_t tgid, int fd) {
    UniqueFd pidfd(static_cast<int>(syscall(SYS_pidfd_open, tid, kPidfdThread)));
    if (!pidfd) pidfd = UniqueFd(static_cast<int>(syscall(SYS_pidfd_open, tgid, 0)));
    if (!pidfd) return UniqueFd();
    return UniqueFd(static_cast<int>(syscall(SYS_pidfd_getfd, pidfd.get(), fd, 0)));
}

int intOption(int fd, int name) {
    int value = -1;
    socklen_t len = sizeof value;
    if (getsockopt(fd, SOL_SOCKET, name, &value, &len) != 0) return -1;
    return value;
}

/// getpeername (peer=true) or getsockname of the tracer's copy, as bytes.
std::string sockName(int fd, bool peer) {
    sockaddr_storage sa{};
    socklen_t len = sizeof sa;
    const int rc = peer ? getpeername(fd, reinterpret_cast<sockaddr*>(&sa), &len)
                        : getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
    if (rc != 0) return {};
    return std::string(reinterpret_cast<const char*>(&sa), std::min<size_t>(len, sizeof sa));
}

uint64_t nsInode(pid_t pid, const char* ns) {
    char path[64];
    if (pid > 0) {
        snprintf(path, sizeof path, "/proc/%d/ns/%s", pid, ns);
    } else {
        snprintf(path, sizeof path, "/proc/self/ns/%s", ns);
    }
    struct stat st {};
    return stat(path, &st) == 0 ? st.st_ino : 0;
}

/// The tracer's own namespace inode (asked once: the tracer never changes namespace).
uint64_t ownNsInode(const char* ns) {
    static const uint64_t net = nsInode(0, "net");
    static const uint64_t pid = nsInode(0, "pid");
    return std::strcmp(ns, "net") == 0 ? net : pid;
}

std::string commOf(pid_t pid) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/comm", pid);
    const UniqueFd fd(open(path, O_RDONLY | O_CLOEXEC));
    if (!fd) return {};
    char buf[64];
    const ssize_t n = read(fd.get(), buf, sizeof buf);
    if (n <= 0) return {};
    std::string comm(buf, static_cast<size_t>(n));
    while (!comm.empty() && comm.back() == '\n') comm.pop_back();
    return comm;
}

/// The process holding socket inode `ino`, by a walk over every /proc/PID/fd (the rare path:
/// only after a connection to an address of this network namespace).
pid_t holderOf(uint64_t ino, pid_t except) {
    if (ino == 0) return 0;
    char want[48];
    const int wantLen =
        snprintf(want, sizeof want, "socket:[%llu]", static_cast<unsigned long long>(ino));
    DIR* proc = opendir("/proc");
    if (proc == nullptr) return 0;
    pid_t found = 0;
    while (dirent* entry = readdir(proc)) {
        const pid_t pid = atoi(entry->d_name);
        if (pid <= 0 || pid == except) continue;
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/fd", pid);
        DIR* fds = opendir(path);
        if (fds == nullptr) continue;
        const int dirFd = dirfd(fds);
        while (dirent* fd = readdir(fds)) {
            if (fd->d_name[0] == '.') continue;
            char link[64];
            const ssize_t n = readlinkat(dirFd, fd->d_name, link, sizeof link);
            if (n == wantLen && std::memcmp(link, want, static_cast<size_t>(n)) == 0) {
                found = pid;
                break;
            }
        }
        closedir(fds);
        if (found != 0) break;
    }
    closedir(proc);
    return found;
}

/// An IP endpoint in network byte order (IPv4 as an IPv4-mapped IPv6 address).
struct Endpoint {
    in6_addr addr{};
    uint16_t port = 0;  ///< network order
};

bool endpointOf(std::string_view bytes, Endpoint& out) {
    if (bytes.size() >= sizeof(sockaddr_in) && bytes[0] == AF_INET && bytes[1] == 0) {
        sockaddr_in in{};
        std::memcpy(&in, bytes.data(), sizeof in);
        out.addr = in6_addr{};
        out.addr.s6_addr[10] = out.addr.s6_addr[11] = 0xff;
        std::memcpy(&out.addr.s6_addr[12], &in.sin_addr, 4);
        out.port = in.sin_port;
        return true;
    }
    if (bytes.size() >= sizeof(sockaddr_in6) && bytes[0] == AF_INET6 && bytes[1] == 0) {
        sockaddr_in6 in6{};
        std::memcpy(&in6, bytes.data(), sizeof in6);
        out.addr = in6.sin6_addr;
        out.port = in6.sin6_port;
        return true;
    }
    return false;
}

bool isAny(const in6_addr& a) {
    static const in6_addr mappedAny = [] {
        in6_addr m{};
        m.s6_addr[10] = m.s6_addr[11] = 0xff;
        return m;
    }();
    return IN6_IS_ADDR_UNSPECIFIED(&a) || std::memcmp(&a, &mappedAny, sizeof a) == 0;
}

/// Whether an address belongs to this network namespace (loopback or an interface's).
bool isLocal(const in6_addr& a) {
    if (IN6_IS_ADDR_LOOPBACK(&a)) return true;
    if (IN6_IS_ADDR_V4MAPPED(&a) && a.s6_addr[12] == 127) return true;
    ifaddrs* list = nullptr;
    if (getifaddrs(&list) != 0) return false;
    bool local = false;
    for (const ifaddrs* i = list; i != nullptr && !local; i = i->ifa_next) {
        if (i->ifa_addr == nullptr) continue;
        Endpoint e;
        const size_t size =
            i->ifa_addr->sa_family == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6);
        if (i->ifa_addr->sa_family != AF_INET && i->ifa_addr->sa_family != AF_INET6) continue;
        if (endpointOf(std::string_view(reinterpret_cast<const char*>(i->ifa_addr), size), e)) {
            local = std::memcmp(&e.addr, &a, sizeof a) == 0;
        }
    }
    freeifaddrs(list);
    return local;
}

/// The inode of a socket of this network namespace whose local end is `local` (a listener's
/// wildcard address matches any), and whose remote end is `remote` when given.
uint64_t findInetSocket(int protocol, bool listening, const Endpoint& local, const Endpoint* remote,
                        uint64_t exceptIno) {
    for (const int family : {AF_INET, AF_INET6}) {
        const UniqueFd nl(socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG));
        if (!nl) return 0;
        struct {
            nlmsghdr nlh;
            inet_diag_req_v2 req;
        } msg{};
        msg.nlh.nlmsg_len = sizeof msg;
        msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
        msg.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
        msg.req.sdiag_family = static_cast<uint8_t>(family);
        msg.req.sdiag_protocol = static_cast<uint8_t>(protocol);
        msg.req.idiag_states = listening ? (1U << kTcpListen) : ~0U;
        sockaddr_nl kernel{};
        kernel.nl_family = AF_NETLINK;
        if (sendto(nl.get(), &msg, sizeof msg, 0, reinterpret_cast<sockaddr*>(&kernel),
                   sizeof kernel) < 0) {
            return 0;
        }
        alignas(nlmsghdr) static thread_local char buf[32768];
        for (bool done = false; !done;) {
            ssize_t n = recv(nl.get(), buf, sizeof buf, 0);
            if (n <= 0) break;
            for (auto* h = reinterpret_cast<nlmsghdr*>(buf); NLMSG_OK(h, static_cast<uint32_t>(n));
                 h = NLMSG_NEXT(h, n)) {
                if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) {
                    done = true;
                    break;
                }
                const auto* m = static_cast<const inet_diag_msg*>(NLMSG_DATA(h));
                Endpoint src;
                Endpoint dst;
                if (family == AF_INET) {
                    src.addr.s6_addr[10] = src.addr.s6_addr[11] = 0xff;
                    std::memcpy(&src.addr.s6_addr[12], m->id.idiag_src, 4);
                    dst.addr.s6_addr[10] = dst.addr.s6_addr[11] = 0xff;
                    std::memcpy(&dst.addr.s6_addr[12], m->id.idiag_dst, 4);
                } else {
                    std::memcpy(&src.addr, m->id.idiag_src, 16);
                    std::memcpy(&dst.addr, m->id.idiag_dst, 16);
                }
                if (m->id.idiag_sport != local.port || m->idiag_inode == exceptIno) continue;
                const bool addrMatches =
                    std::memcmp(&src.addr, &local.addr, sizeof src.addr) == 0 ||
                    (listening && isAny(src.addr)) || (protocol == IPPROTO_UDP && isAny(src.addr));
                if (!addrMatches) continue;
                if (remote != nullptr &&
                    (m->id.idiag_dport != remote->port ||
                     std::memcmp(&dst.addr, &remote->addr, sizeof dst.addr) != 0)) {
                    continue;
                }
                if (m->idiag_inode != 0) return m->idiag_inode;
            }
        }
    }
    return 0;
}

uint64_t inodeOf(int fd) {
    struct stat st {};
    return fstat(fd, &st) == 0 ? st.st_ino : 0;
}

/// Whether the process exists and has not exited (a zombie keeps its /proc entry).
bool alive(pid_t pid) {
    if (pid <= 0) return false;
    char path[32];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    const UniqueFd fd(open(path, O_RDONLY | O_CLOEXEC));
    if (!fd) return false;
    char buf[512];
    const ssize_t n = read(fd.get(), buf, sizeof buf - 1);
    if (n <= 0) return false;
    buf[n] = '\0';
    const char* close = strrchr(buf, ')');  // "pid (comm) S ...": comm may hold anything
    return close != nullptr && close[1] == ' ' && close[2] != 'Z' && close[2] != 'X';
}

/// The inode of the unix socket connected to socket `ino`, from UNIX_DIAG_PEER (asked in the
/// tracer's network namespace: a socket of another one is not found there); 0 when unknown.
uint64_t unixPeerInode(uint64_t ino) {
    const UniqueFd nl(socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG));
    if (!nl || ino == 0 || ino > UINT32_MAX) return 0;
    struct {
        nlmsghdr nlh;
        unix_diag_req req;
    } msg{};
    msg.nlh.nlmsg_len = sizeof msg;
    msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    msg.nlh.nlmsg_flags = NLM_F_REQUEST;
    msg.req.sdiag_family = AF_UNIX;
    msg.req.udiag_states = ~0U;
    msg.req.udiag_ino = static_cast<uint32_t>(ino);
    msg.req.udiag_show = UDIAG_SHOW_PEER;
    msg.req.udiag_cookie[0] = msg.req.udiag_cookie[1] = INET_DIAG_NOCOOKIE;
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    if (sendto(nl.get(), &msg, sizeof msg, 0, reinterpret_cast<sockaddr*>(&kernel), sizeof kernel) <
        0) {
        return 0;
    }
    alignas(nlmsghdr) char buf[8192];
    const ssize_t n = recv(nl.get(), buf, sizeof buf, 0);
    if (n <= 0) return 0;
    const auto* h = reinterpret_cast<const nlmsghdr*>(buf);
    if (!NLMSG_OK(h, static_cast<uint32_t>(n)) || h->nlmsg_type != SOCK_DIAG_BY_FAMILY) return 0;
    const auto* m = static_cast<const unix_diag_msg*>(NLMSG_DATA(h));
    auto len = static_cast<int>(h->nlmsg_len - NLMSG_LENGTH(sizeof *m));
    for (auto* a = reinterpret_cast<const rtattr*>(m + 1); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
        if (a->rta_type == UNIX_DIAG_PEER && RTA_PAYLOAD(a) >= sizeof(uint32_t)) {
            uint32_t peer = 0;
            std::memcpy(&peer, RTA_DATA(a), sizeof peer);
            return peer;
        }
    }
    return 0;
}

/// The inode of the listening unix socket bound to `name` (the sun_path bytes, a leading NUL
/// for an abstract name), from a UNIX_DIAG dump of the tracer's network namespace; 0 if none.
uint64_t unixListenerInode(std::string_view name) {
    const UniqueFd nl(socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG));
    if (!nl || name.empty()) return 0;
    struct {
        nlmsghdr nlh;
        unix_diag_req req;
    } msg{};
    msg.nlh.nlmsg_len = sizeof msg;
    msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    msg.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    msg.req.sdiag_family = AF_UNIX;
    msg.req.udiag_states = 1U << kTcpListen;
    msg.req.udiag_show = UDIAG_SHOW_NAME;
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    if (sendto(nl.get(), &msg, sizeof msg, 0, reinterpret_cast<sockaddr*>(&kernel), sizeof kernel) <
        0) {
        return 0;
    }
    alignas(nlmsghdr) static thread_local char buf[32768];
    for (;;) {
        ssize_t n = recv(nl.get(), buf, sizeof buf, 0);
        if (n <= 0) return 0;
        for (auto* h = reinterpret_cast<nlmsghdr*>(buf); NLMSG_OK(h, static_cast<uint32_t>(n));
             h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) return 0;
            const auto* m = static_cast<const unix_diag_msg*>(NLMSG_DATA(h));
            auto len = static_cast<int>(h->nlmsg_len - NLMSG_LENGTH(sizeof *m));
            for (auto* a = reinterpret_cast<const rtattr*>(m + 1); RTA_OK(a, len);
                 a = RTA_NEXT(a, len)) {
                if (a->rta_type != UNIX_DIAG_NAME) continue;
                const std::string_view bound(static_cast<const char*>(RTA_DATA(a)), RTA_PAYLOAD(a));
                if (bound.substr(0, std::min(bound.find('\0', 1), bound.size())) ==
                    name.substr(0, std::min(name.find('\0', 1), name.size()))) {
                    return m->udiag_ino;
                }
            }
        }
    }
}

/// TCP/UDP: the local process at the other end, when the other end is an address of the
/// tracer's network namespace and the container shares it.
pid_t inetPeer(const SyscallEvent& ev, int sock, bool accepted, std::string& address) {
    if (nsInode(ev.tid, "net") != ownNsInode("net")) return 0;  // its own loopback
    const int protocol = intOption(sock, SO_PROTOCOL);
    if (protocol != IPPROTO_TCP && protocol != IPPROTO_UDP) return 0;
    Endpoint mine;
    Endpoint theirs;
    if (!endpointOf(sockName(sock, false), mine)) return 0;
    std::string peerBytes = sockName(sock, true);
    if (peerBytes.empty() && !accepted) {
        // EINPROGRESS: not connected yet; the address the call gave (the connect is the
        // kernel's, the listener looked up below is the kernel's too).
        ProcessMemory mem(ev.tid);
        readSockaddr(mem, ev.rawArgs[1], ev.rawArgs[2] & 0xffffffffU, peerBytes);
    }
    if (!endpointOf(peerBytes, theirs) || !isLocal(theirs.addr)) return 0;
    uint64_t ino = 0;
    if (accepted) {
        // The client's socket: local end = the peer's address, remote end = ours.
        address = addressText(sockName(sock, false));
        ino = findInetSocket(protocol, false, theirs, &mine, inodeOf(sock));
    } else {
        address = addressText(peerBytes);
        ino = findInetSocket(protocol, protocol == IPPROTO_TCP, theirs, nullptr, inodeOf(sock));
    }
    return static_cast<pid_t>(holderOf(ino, 0));
}

/// Container for a traced task or a process of the container's own PID namespace, Host for any
/// other live process, None when the process cannot be asked (it exited meanwhile).
SocketPeer::Side sideOf(pid_t pid, pid_t tid, const PeerFinder::IsTraced& isTraced) {
    if (isTraced && isTraced(pid)) return SocketPeer::Side::Container;
    const uint64_t peerNs = nsInode(pid, "pid");
    const uint64_t taskNs = nsInode(tid, "pid");
    if (peerNs == 0) return SocketPeer::Side::None;  // gone, or not answering: no guess
    if (peerNs == taskNs && taskNs != ownNsInode("pid")) return SocketPeer::Side::Container;
    return SocketPeer::Side::Host;
}

}  // namespace

bool PeerFinder::identify(SyscallEvent& ev, const IsTraced& isTraced) {
    SocketPeer& peer = ev.peer;
    peer = SocketPeer{};
    // The runtime's own connections before the command's execve (a host libc asking nscd, say)
    // are the runtime's business, not the container's.
    const SyscallInfo* info = ev.info();
    if (!ev.finished || info == nullptr || ev.phase != Phase::Workload) return false;
    const bool accepted = info->ret == RetRole::Fd;
    if (accepted ? ev.ret < 0 : (ev.ret != 0 && ev.err != EINPROGRESS)) return false;
    const int fd = static_cast<int>(accepted ? ev.ret : static_cast<int64_t>(ev.rawArgs[0]));
    const UniqueFd sock = takeFd(ev.tid, ev.tgid, fd);
    if (!sock) return false;
    const int domain = intOption(sock.get(), SO_DOMAIN);
    pid_t pid = 0;
    std::string name;
    if (domain == AF_UNIX) {
        ucred cred{};
        socklen_t len = sizeof cred;
        if (getsockopt(sock.get(), SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) return false;
        pid = cred.pid;
        // SO_PEERCRED names whoever called listen() (or connect()); when that process is gone
        // (a server that forked and exited, a socket handed on), the process holding the
        // peer socket now answers instead; when nobody can be named, no peer is reported.
        if (!(isTraced && isTraced(pid)) && !alive(pid)) {  // a traced task is alive
            pid = holderOf(unixPeerInode(inodeOf(sock.get())), 0);
            // Not accepted yet: the peer socket waits in the listener's queue; its holder is
            // the listener's.
            if (pid == 0 && !accepted) {
                const std::string bound = sockName(sock.get(), true);
                if (bound.size() > 2) pid = holderOf(unixListenerInode(bound.substr(2)), 0);
            }
        }
        // The name the connection was made on: the listener's (for accept, our own end's).
        const std::string bytes = sockName(sock.get(), !accepted);
        switch (unixAddress(bytes, name)) {
            case UnixAddrKind::Path:
                peer.via = SocketPeer::Via::UnixPath;
                break;
            case UnixAddrKind::Abstract:
                peer.via = SocketPeer::Via::UnixAbstract;
                break;
            default:
                peer.via = SocketPeer::Via::UnixUnnamed;
                break;
        }
        peer.address = addressText(bytes);
    } else if (domain == AF_INET || domain == AF_INET6) {
        peer.via = SocketPeer::Via::Inet;
        pid = inetPeer(ev, sock.get(), accepted, peer.address);
    }
    if (pid <= 0) {
        peer = SocketPeer{};
        return false;
    }
    peer.accepted = accepted;
    peer.pid = pid;
    peer.comm = commOf(pid);
    peer.side = sideOf(pid, ev.tid, isTraced);
    if (peer.side == SocketPeer::Side::None) peer = SocketPeer{};
    if (peer.side != SocketPeer::Side::Host) return false;

    note_ = TracerNote{TracerNote::Kind::HostPeer};
    note_.tid = ev.tid;
    note_.nspid = ev.nspid;
    note_.seq = ev.seq;
    note_.fd = fd;
    note_.where = peer.via == SocketPeer::Via::UnixPath ? Where::Unknown : Where::Anonymous;
    for (const PathRef& ref : ev.paths) {
        if (ref.fd < 0 && !accepted && peer.via == SocketPeer::Via::UnixPath) {
            note_.host = ref.host.empty() ? ref.resolved : ref.host;
            note_.where = ref.where;
        }
    }
    note_.detail = "host pid " + std::to_string(pid) + " (" + peer.comm + ")" +
                   (peer.address.empty() ? std::string() : " on " + peer.address);
    note_.peer = peer;
    return true;
}

}  // namespace scratch::tracer

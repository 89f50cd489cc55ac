// The container side of the socket-peer tests. `unix PATH`, `abstract NAME`, `tcp PORT`:
// connects to a service (tests/progs/sock_server.c) and prints "got: hello" or "connect: <why>".
// `serve PATH`: the other way round, answers "hello" to one connection on PATH and exits.
// `inside`: every way to talk to itself that must stay clean: a socketpair, then a unix server
// on a socket file and one on an abstract name, each served by a child of this process, and one
// whose listener was made by a process that handed it on and exited.
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static socklen_t unixAddress(struct sockaddr_un* un, const char* name, int abstract) {
    memset(un, 0, sizeof *un);
    un->sun_family = AF_UNIX;
    if (!abstract) {
        strncpy(un->sun_path, name, sizeof un->sun_path - 1);
        return sizeof *un;
    }
    strncpy(un->sun_path + 1, name, sizeof un->sun_path - 2);
    return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name));
}

static int readReply(int s) {
    char buf[16] = {0};
    ssize_t n = read(s, buf, sizeof buf - 1);
    printf("got: %s\n", n > 0 ? buf : "(nothing)");
    close(s);
    return n > 0 ? 0 : 1;
}

static int talk(const struct sockaddr* sa, socklen_t len, int family) {
    int s = socket(family, SOCK_STREAM, 0);
    if (connect(s, sa, len) != 0) {
        printf("connect: %s\n", strerror(errno));
        close(s);
        return 0;
    }
    return readReply(s);
}

/// A child serving one "hello" on (name, abstract); the parent connects to it.
static int selfService(const char* name, int abstract) {
    struct sockaddr_un un;
    const socklen_t len = unixAddress(&un, name, abstract);
    int l = socket(AF_UNIX, SOCK_STREAM, 0);
    if (!abstract) unlink(name);
    if (bind(l, (struct sockaddr*)&un, len) != 0 || listen(l, 1) != 0) {
        perror("bind");
        return 1;
    }
    pid_t child = fork();
    if (child == 0) {
        int c = accept(l, NULL, NULL);
        if (c >= 0 && write(c, "hello", 5) != 5) _exit(1);
        _exit(0);
    }
    close(l);
    int rc = talk((struct sockaddr*)&un, len, AF_UNIX);
    waitpid(child, NULL, 0);
    if (!abstract) unlink(name);
    return rc;
}

/// A listener made by a child that hands it to a grandchild and exits (SO_PEERCRED then names
/// a process that is gone); the grandchild serves.
static int handoff(const char* name) {
    struct sockaddr_un un;
    const socklen_t len = unixAddress(&un, name, 0);
    pid_t child = fork();
    if (child == 0) {
        int l = socket(AF_UNIX, SOCK_STREAM, 0);
        unlink(name);
        if (bind(l, (struct sockaddr*)&un, len) != 0 || listen(l, 1) != 0) _exit(1);
        if (fork() == 0) {
            int c = accept(l, NULL, NULL);
            if (c >= 0 && write(c, "hello", 5) != 5) _exit(1);
            // Hold the connection until the client has closed it: the tracer names the peer
            // at the connect's exit, and a server already gone has nobody to name.
            char byte;
            while (c >= 0 && read(c, &byte, 1) > 0) {
            }
            _exit(0);
        }
        _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    int rc = talk((struct sockaddr*)&un, len, AF_UNIX);
    unlink(name);
    return rc;
}

int main(int argc, char** argv) {
    if (argc < 2) return 2;
    if (strcmp(argv[1], "inside") == 0) {
        int sv[2];
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) return 1;
        if (write(sv[0], "hello", 5) != 5) return 1;
        close(sv[0]);
        int rc = readReply(sv[1]);
        rc |= selfService("/inner.sock", 0);
        rc |= selfService("scratch-inner", 1);
        rc |= handoff("/handoff.sock");
        return rc;
    }
    if (argc < 3) return 2;
    if (strcmp(argv[1], "serve") == 0) {  // one "hello" to whoever connects to PATH
        struct sockaddr_un un;
        const socklen_t len = unixAddress(&un, argv[2], 0);
        int l = socket(AF_UNIX, SOCK_STREAM, 0);
        unlink(argv[2]);
        if (bind(l, (struct sockaddr*)&un, len) != 0 || listen(l, 1) != 0) return 1;
        int c = accept(l, NULL, NULL);
        if (c < 0 || write(c, "hello", 5) != 5) return 1;
        close(c);
        unlink(argv[2]);
        printf("served\n");
        return 0;
    }
    if (strcmp(argv[1], "tcp") == 0) {
        struct sockaddr_in in = {.sin_family = AF_INET};
        in.sin_port = htons((uint16_t)atoi(argv[2]));
        in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        return talk((struct sockaddr*)&in, sizeof in, AF_INET);
    }
    struct sockaddr_un un;
    const socklen_t len = unixAddress(&un, argv[2], strcmp(argv[1], "abstract") == 0);
    return talk((struct sockaddr*)&un, len, AF_UNIX);
}

// A service for the socket-peer tests, run on the host (or inside a container): listens on a
// unix socket file (`unix PATH`), an abstract unix name (`abstract NAME`) or TCP on 127.0.0.1
// (`tcp`: a port the kernel picks), prints "ready PORT PID" once listening (PID: the process
// that serves), and answers "hello" to every connection until it is killed. A last argument
// `handoff` makes the listening process hand the socket to a child and exit.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char** argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: sock_server unix PATH | abstract NAME | tcp\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    int s = -1;
    int port = 0;
    if (strcmp(argv[1], "tcp") == 0) {
        s = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in in = {.sin_family = AF_INET};
        in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof in;
        if (bind(s, (struct sockaddr*)&in, sizeof in) != 0 ||
            getsockname(s, (struct sockaddr*)&in, &len) != 0) {
            perror("bind");
            return 1;
        }
        port = ntohs(in.sin_port);
    } else if (argc > 2) {
        s = socket(AF_UNIX, SOCK_STREAM, 0);
        struct sockaddr_un un = {.sun_family = AF_UNIX};
        socklen_t len = sizeof un;
        if (strcmp(argv[1], "abstract") == 0) {
            strncpy(un.sun_path + 1, argv[2], sizeof un.sun_path - 2);
            len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(argv[2]));
        } else {
            unlink(argv[2]);
            strncpy(un.sun_path, argv[2], sizeof un.sun_path - 1);
        }
        if (bind(s, (struct sockaddr*)&un, len) != 0) {
            perror("bind");
            return 1;
        }
    } else {
        return 2;
    }
    if (listen(s, 16) != 0) {
        perror("listen");
        return 1;
    }
    // `handoff` (last argument): the process that listened hands the socket to a child and
    // exits, as a pre-forking server or socket activation does; the child serves.
    if (strcmp(argv[argc - 1], "handoff") == 0) {
        pid_t child = fork();
        if (child > 0) {
            printf("ready %d %d\n", port, (int)child);
            fflush(stdout);
            _exit(0);
        }
    } else {
        printf("ready %d %d\n", port, (int)getpid());
        fflush(stdout);
    }
    for (;;) {
        int c = accept(s, NULL, NULL);
        if (c < 0) continue;
        if (write(c, "hello", 5) != 5) perror("write");
        close(c);
    }
}

#include "support/HostRun.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <cstdlib>
#include <ctime>

namespace {
constexpr const char* kDefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
}

std::vector<std::string> containerEnvironment() {
    std::vector<std::string> env = {std::string("PATH=") + kDefaultPath, "HOME=/root"};
    if (const char* term = getenv("TERM"); term != nullptr && *term != '\0') {
        env.push_back(std::string("TERM=") + term);
    }
    return env;
}

std::string findProgram(const std::string& name) {
    for (const char* dir : {"/usr/bin", "/usr/sbin", "/bin", "/sbin", "/usr/local/bin"}) {
        std::string path = std::string(dir) + "/" + name;
        if (access(path.c_str(), X_OK) == 0) return path;
    }
    return "";
}

int runHost(const std::vector<std::string>& argv, const std::vector<std::string>& env,
            std::string& output, int timeout) {
    int fds[2];
    REQUIRE(pipe2(fds, O_CLOEXEC) == 0);
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        setpgid(0, 0);
        const int devNull = open("/dev/null", O_RDONLY);
        dup2(devNull, 0);
        dup2(fds[1], 1);
        dup2(fds[1], 2);
        for (int fd = 3; fd < 1024; ++fd) close(fd);
        std::vector<char*> args;
        std::vector<char*> envp;
        args.reserve(argv.size() + 1);
        envp.reserve(env.size() + 1);
        for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        for (const std::string& e : env) envp.push_back(const_cast<char*>(e.c_str()));
        args.push_back(nullptr);
        envp.push_back(nullptr);
        execve(args[0], args.data(), envp.data());
        _exit(127);
    }
    setpgid(pid, pid);
    close(fds[1]);
    pollfd p{fds[0], POLLIN, 0};
    const time_t deadline = time(nullptr) + timeout;
    while (true) {
        const int n = poll(&p, 1, 1000);
        if (n > 0) {
            char buf[8192];
            const ssize_t got = read(fds[0], buf, sizeof buf);
            if (got <= 0) break;
            output.append(buf, got);
        }
        if (time(nullptr) > deadline) {
            kill(-pid, SIGKILL);
            output += "\n[killed after " + std::to_string(timeout) + " s]";
            break;
        }
    }
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

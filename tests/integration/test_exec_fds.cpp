// Fds across execve: the tracer keeps what it knows of an fd through an exec only when it saw
// the fd made without close-on-exec (docs/tracer.md, "Fds across exec"). Each way of setting
// or clearing the flag is used once by tests/progs/exec_fds.c; after its exec, every write to
// a surviving fd must name the file it really reaches, and no write to a closed fd may name
// the file that fd had before the exec.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "support/Harness.h"

namespace fs = std::filesystem;

TEST_CASE("fd attributions survive execve exactly where the fds do", "[fds][exec]") {
    const fs::path dir = fs::temp_directory_path() / ("exec-fds-" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const Trace trace = traceOnHost({progPath("exec_fds"), dir.string()});
    INFO(trace.describe());
    // The program checks the kernel's side itself: exactly fds 20, 23, 24 and 26 survived.
    REQUIRE(trace.run.exitCode == 0);

    int checked = 0;
    for (const json& call : trace.syscalls("write")) {
        if (argsText(call).find("after exec") == std::string::npos) continue;
        for (const json& p : call.value("paths", json::array())) {
            const int64_t fd = num(p, "fd");
            if (fd < 20 || fd > 26) continue;
            const std::string own = (dir / ("f" + std::to_string(fd))).string();
            INFO("fd " << fd << ": " << p.dump());
            if (num(call, "ret") == 11) {
                CHECK(str(p, "host") == own);
                CHECK(p.value("exists", false));
            } else {
                CHECK(str(p, "host") != own);
                CHECK_FALSE(p.value("exists", true));
            }
            ++checked;
        }
    }
    CHECK(checked == 7);
    fs::remove_all(dir);
}

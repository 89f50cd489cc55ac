#include "support/LibraryRun.h"

#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <utility>

#include "common/Error.h"
#include "support/Harness.h"

namespace {

/// Points fds 0-2 at /dev/null and two files while it lives, then puts them back.
class Redirected {
  public:
    Redirected(const std::string& out, const std::string& err) {
        std::fflush(stdout);
        std::fflush(stderr);
        const int targets[3] = {
            ::open("/dev/null", O_RDONLY | O_CLOEXEC),
            ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600),
            ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)};
        for (int fd = 0; fd < 3; ++fd) {
            REQUIRE(targets[fd] >= 0);
            saved_[fd] = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
            ::dup2(targets[fd], fd);
            ::close(targets[fd]);
        }
    }
    ~Redirected() {
        std::fflush(stdout);
        std::fflush(stderr);
        for (int fd = 0; fd < 3; ++fd) {
            if (saved_[fd] < 0) continue;
            ::dup2(saved_[fd], fd);
            ::close(saved_[fd]);
        }
    }
    Redirected(const Redirected&) = delete;
    Redirected& operator=(const Redirected&) = delete;

  private:
    int saved_[3] = {-1, -1, -1};
};

}  // namespace

LibraryRun::LibraryRun(scratch::container::Spec spec, double timeoutSeconds,
                       bool outputOnOtherCpu) {
    const TempDir dir("scratch-library-run");
    const std::string outFile = (dir.path() / "out").string();
    const std::string errFile = (dir.path() / "err").string();
    std::string failure;
    {
        const Redirected redirected(outFile, errFile);
        try {
            scratch::container::validate(spec);
            scratch::run::RunRequest request;
            request.spec = std::move(spec);
            request.decodeArgs = false;  // no output shows arguments: `-q`
            request.timeoutSeconds = timeoutSeconds;
            request.outputOnOtherCpu = outputOnOtherCpu;
            outcome = scratch::run::runTraced(std::move(request), outputs_);
        } catch (const scratch::Error& e) {
            failure = e.what();
        }
    }
    out = slurp(outFile);
    err = slurp(errFile);
    INFO(err);
    if (!failure.empty()) FAIL("runTraced: " << failure);
}

std::vector<scratch::reports::Finding> LibraryRun::findings(const std::string& klass) const {
    std::vector<scratch::reports::Finding> kept;
    for (const scratch::reports::Finding& f : summary().findings()) {
        if (klass.empty() || scratch::reports::findingClassName(f.klass) == klass)
            kept.push_back(f);
    }
    return kept;
}

std::string LibraryRun::describe() const {
    std::string text = "exit status " + std::to_string(exitStatus()) + ", verdict " +
                       std::string(summary().verdict()) + "\nout: " + out + "\nerr: " + err + "\n";
    for (const scratch::reports::Finding& f : summary().findings()) {
        text += std::string(scratch::reports::severityName(f.severity)) + " " +
                std::string(scratch::reports::findingClassName(f.klass)) + ": " + f.message + "\n";
    }
    return text;
}

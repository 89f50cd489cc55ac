#include "support/Golden.h"

#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace {

constexpr size_t kMaxDiffLines = 120;
constexpr const char* kRegenerateHint =
    "if the change is intended, regenerate: SCRATCH_UPDATE_GOLDEN=1 ctest --test-dir build -R "
    "'unit|report_golden' (then read `git diff tests/golden` before committing)";

bool updateRequested() {
    const char* value = ::getenv("SCRATCH_UPDATE_GOLDEN");
    return value != nullptr && std::strcmp(value, "1") == 0;
}

bool readAll(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::stringstream text;
    text << in.rdbuf();
    out = text.str();
    return true;
}

void writeAll(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    REQUIRE(out.good());
}

/// `diff -u` of the golden file against `actual` (written to a temporary file), cut after
/// kMaxDiffLines lines. diff(1) rather than our own: it is what a person would run.
std::string unifiedDiff(const std::string& path, const std::string& actual) {
    char tmpl[] = "/tmp/scratch-golden-XXXXXX";
    const int fd = ::mkstemp(tmpl);
    if (fd < 0) return std::string("(no diff: mkstemp: ") + std::strerror(errno) + ")";
    ::close(fd);
    writeAll(tmpl, actual);
    const std::string command = "diff -u --label 'golden " + path + "' --label 'actual output' '" +
                                path + "' '" + tmpl + "' 2>&1";
    std::string out;
    size_t lines = 0;
    if (FILE* pipe = ::popen(command.c_str(), "r")) {
        char buffer[4096];
        while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) {
            if (lines++ < kMaxDiffLines) out += buffer;
        }
        ::pclose(pipe);
    }
    ::unlink(tmpl);
    if (lines > kMaxDiffLines) {
        out += "... (" + std::to_string(lines - kMaxDiffLines) + " more diff lines)\n";
    }
    return out;
}

}  // namespace

std::string goldenPath(const std::string& name) {
    return std::string(SCRATCH_SOURCE_DIR) + "/tests/golden/" + name;
}

std::string readGolden(const std::string& name) {
    std::string text;
    INFO("golden file " << goldenPath(name));
    REQUIRE(readAll(goldenPath(name), text));
    return text;
}

void checkGolden(const std::string& actual, const std::string& name) {
    const std::string path = goldenPath(name);
    std::string expected;
    const bool exists = readAll(path, expected);
    if (exists && expected == actual) {
        SUCCEED("matches " << name);
        return;
    }
    if (updateRequested()) {
        writeAll(path, actual);
        WARN("SCRATCH_UPDATE_GOLDEN=1: rewrote " << path
                                                 << "; read its git diff before committing it");
        return;
    }
    // The diff goes to stdout unwrapped (Catch wraps its messages at 80 columns, which makes a
    // diff of long log lines unreadable), then the one-line hint, then the failure itself.
    const std::string diff = exists ? unifiedDiff(path, actual) : path + " does not exist\n";
    std::cout << "\n==== golden mismatch: tests/golden/" << name << "\n"
              << diff << "==== " << kRegenerateHint << "\n"
              << std::flush;
    FAIL_CHECK("tests/golden/" << name << " differs from the output (diff printed above)");
}

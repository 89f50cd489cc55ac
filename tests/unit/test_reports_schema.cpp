// The JSON the reports write, checked against docs/json-schema.json by an independent validator
// (python's jsonschema): every line of each golden trace and each golden json report.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "support/Golden.h"
#include "support/SkipTest.h"

namespace {

/// Runs a shell command, returns its exit status (or -1) and captures stdout into `out`.
int shell(const std::string& command, std::string& out) {
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return -1;
    char buffer[4096];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
    const int status = ::pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/// The golden traces (tests/unit/test_reports_replay.cpp renders them in every format).
const char* const kGoldenTraces[] = {"replay_small", "replay_escape"};

}  // namespace

TEST_CASE("replay: the golden traces and json reports match docs/json-schema.json",
          "[reports][replay][golden][env][env-jsonschema]") {
    std::string ignored;
    if (shell("python3 -c 'import jsonschema' 2>/dev/null", ignored) != 0) {
        skipTest("python3-jsonschema not installed (scripts/setup.sh installs it)");
        return;
    }
    // An independent validator (python's jsonschema), not our own reader: every line of each
    // golden trace and each golden report document.
    const std::string script = R"PY(
import json, sys
from jsonschema import validators
schema = json.load(open(sys.argv[1]))
cls = validators.validator_for(schema)
cls.check_schema(schema)
check = cls(schema)
for name in sys.argv[2:]:
    docs = [json.loads(l) for l in open(name)] if name.endswith(".jsonl") else [json.load(open(name))]
    for no, doc in enumerate(docs, 1):
        for err in check.iter_errors(doc):
            print(f"{name}:{no}: {err.message[:300]}")
            sys.exit(1)
print("OK")
)PY";
    char dirTemplate[] = "/tmp/scratch-schema-XXXXXX";
    REQUIRE(mkdtemp(dirTemplate) != nullptr);
    const std::string dir = dirTemplate;
    std::ofstream(dir + "/check.py") << script;
    std::string files;
    for (const char* trace : kGoldenTraces) {
        files += " '" + goldenPath(std::string(trace) + ".jsonl") + "' '" +
                 goldenPath(std::string(trace) + ".json") + "'";
    }
    std::string out;
    const int status = shell("python3 '" + dir + "/check.py' '" + std::string(SCRATCH_SOURCE_DIR) +
                                 "/docs/json-schema.json'" + files + " 2>&1",
                             out);
    INFO(out);
    CHECK(status == 0);
    CHECK(out == "OK\n");
    shell("rm -rf '" + dir + "'", ignored);
}

// `scratch-trace rootfs create DIR`: a minimal root filesystem from the host's static busybox.
#include <fmt/core.h>

#include <memory>

#include "cli/Commands.h"
#include "container/RootfsBuilder.h"

namespace scratch::cli {

CommandBody addRootfsCommand(CLI::App& app) {
    auto* rootfs = app.add_subcommand("rootfs", "make a root filesystem to run in");
    rootfs->require_subcommand(1);
    auto* create = rootfs->add_subcommand(
        "create",
        "create DIR: busybox (from Debian's busybox-static) and its applets, "
        "/etc/passwd, /etc/group, empty /proc /sys /dev /tmp");
    auto options = std::make_shared<container::RootfsOptions>();
    create->add_option("DIR", options->dir, "directory to create (must be empty or missing)")
        ->required();
    create->add_flag("--force", options->force, "allow a non-empty DIR");
    create->add_option("--busybox", options->busybox, "the static busybox to copy")
        ->check(CLI::ExistingFile);
    return [options]() {
        container::createBusyboxRootfs(*options);
        fmt::print(stderr, "scratch-trace: root filesystem ready in {}\n", options->dir.string());
        return 0;
    };
}

}  // namespace scratch::cli

// `scratch-trace rootfs create DIR [--from TARBALL]`: a minimal root filesystem from the host's
// static busybox, or one extracted (safely) from a rootfs tarball.
#include <fmt/core.h>

#include <memory>

#include "cli/Commands.h"
#include "common/StderrLine.h"
#include "container/rootfs/RootfsBuilder.h"

namespace scratch::cli {

CommandBody addRootfsCommand(CLI::App& app) {
    auto* rootfs = app.add_subcommand("rootfs", "make a root filesystem to run in");
    rootfs->require_subcommand(1);
    auto* create = rootfs->add_subcommand(
        "create",
        "create DIR: busybox (from Debian's busybox-static) and its applets, "
        "/etc/passwd, /etc/group, empty /proc /sys /dev /tmp; or, with --from, the "
        "contents of a rootfs tarball");
    auto options = std::make_shared<container::RootfsOptions>();
    create->add_option("DIR", options->dir, "directory to create (must be empty or missing)")
        ->required();
    create->add_flag("--force", options->force, "allow a non-empty DIR");
    auto* busybox = create->add_option("--busybox", options->busybox, "the static busybox to copy")
                        ->check(CLI::ExistingFile);
    create
        ->add_option("--from", options->from,
                     "extract this rootfs tarball instead (.tar, .tar.gz, .tar.xz, .tar.zst; "
                     "e.g. an Alpine mini root filesystem); entries that would land outside DIR "
                     "are refused")
        ->option_text("TARBALL")
        ->excludes(busybox);
    return [options]() {
        if (!options->from.empty()) {
            const size_t skipped = container::createRootfsFromTarball(*options);
            if (skipped > 0) {
                printStderrLine(
                    fmt::format("skipped {} device node(s): creating them needs root", skipped));
            }
        } else {
            container::createBusyboxRootfs(*options);
        }
        printStderrLine("root filesystem ready in " + options->dir.string());
        return 0;
    };
}

}  // namespace scratch::cli

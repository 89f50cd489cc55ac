// The four containers every adversarial check runs in (tests/README.md): both root switches,
// chroot and pivot_root, each with the default capabilities and with every capability. One
// list, so that no test forgets one of them and each names the one that failed the same way.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "container/Spec.h"

/// One of the four.
struct ContainerSetting {
    scratch::RootMode rootMode = scratch::RootMode::Chroot;  ///< Chroot or Pivot
    bool allCaps = false;                                    ///< --cap-add ALL
    /// `--root-mode MODE`, then `--cap-add ALL` with allCaps: options for traceRun.
    std::vector<std::string> options() const;
    /// The same on a spec for a library run (support/LibraryRun.h).
    void applyTo(scratch::container::Spec& spec) const;
    /// "--root-mode pivot --cap-add ALL": what INFO() shows.
    std::string name() const;
};

/// chroot, chroot with every capability, pivot, pivot with every capability.
const std::vector<ContainerSetting>& fourContainerSettings();

/// Runs `check` once per setting, in the order above, with the setting's name as INFO() for
/// whatever fails inside.
void forEachContainerSetting(const std::function<void(const ContainerSetting&)>& check);

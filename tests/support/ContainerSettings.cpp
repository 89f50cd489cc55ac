#include "support/ContainerSettings.h"

#include <catch2/catch.hpp>

std::vector<std::string> ContainerSetting::options() const {
    std::vector<std::string> words = {"--root-mode", std::string(scratch::rootModeName(rootMode))};
    if (allCaps) words.insert(words.end(), {"--cap-add", "ALL"});
    return words;
}

void ContainerSetting::applyTo(scratch::container::Spec& spec) const {
    spec.rootMode = rootMode;
    if (allCaps) spec.capAdd.emplace_back("ALL");
}

std::string ContainerSetting::name() const {
    return "--root-mode " + std::string(scratch::rootModeName(rootMode)) +
           (allCaps ? " --cap-add ALL" : "");
}

const std::vector<ContainerSetting>& fourContainerSettings() {
    static const std::vector<ContainerSetting> settings = {{scratch::RootMode::Chroot, false},
                                                           {scratch::RootMode::Chroot, true},
                                                           {scratch::RootMode::Pivot, false},
                                                           {scratch::RootMode::Pivot, true}};
    return settings;
}

void forEachContainerSetting(const std::function<void(const ContainerSetting&)>& check) {
    for (const ContainerSetting& setting : fourContainerSettings()) {
        INFO(setting.name());
        check(setting);
    }
}

#include "support/ContainerSettings.h"

#include <catch2/catch.hpp>

std::vector<std::string> ContainerSetting::options() const {
    std::vector<std::string> words = {"--root-mode", rootMode};
    if (allCaps) words.insert(words.end(), {"--cap-add", "ALL"});
    return words;
}

void ContainerSetting::applyTo(scratch::container::Spec& spec) const {
    spec.rootMode = rootMode == "pivot" ? scratch::container::RootMode::Pivot
                                        : scratch::container::RootMode::Chroot;
    if (allCaps) spec.capAdd.emplace_back("ALL");
}

std::string ContainerSetting::name() const {
    return "--root-mode " + rootMode + (allCaps ? " --cap-add ALL" : "");
}

const std::vector<ContainerSetting>& fourContainerSettings() {
    static const std::vector<ContainerSetting> settings = {
        {"chroot", false}, {"chroot", true}, {"pivot", false}, {"pivot", true}};
    return settings;
}

void forEachContainerSetting(const std::function<void(const ContainerSetting&)>& check) {
    for (const ContainerSetting& setting : fourContainerSettings()) {
        INFO(setting.name());
        check(setting);
    }
}

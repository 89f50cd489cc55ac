// --env KEY=VALUE and --env KEY: the command's environment, changed one variable at a time.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace scratch::container {

/// Looks a host variable up (getenv in the real run; a map in unit tests). nullptr: unset.
using HostEnvLookup = std::function<const char*(const std::string&)>;

/// Applies --env values to env, in order: KEY=VALUE sets KEY (replacing an earlier entry in
/// place, so a default's position is kept), KEY alone copies the host's value, as Docker does,
/// and removes KEY from env when the host has none. Throws scratch::Error (usage, 2) for an
/// empty KEY. Returns how many distinct keys the options named.
size_t applyEnvOverrides(std::vector<std::string>& env, const std::vector<std::string>& overrides,
                         const HostEnvLookup& hostLookup);

}  // namespace scratch::container

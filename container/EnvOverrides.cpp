#include "container/EnvOverrides.h"

#include <algorithm>

#include "common/Error.h"
#include "container/rootfs/PathInRoot.h"

namespace scratch::container {
namespace {

/// Where KEY is set in env, or env.end().
std::vector<std::string>::iterator findKey(std::vector<std::string>& env, const std::string& key) {
    return std::find_if(env.begin(), env.end(), [&](const std::string& entry) {
        return entry.size() > key.size() && entry.compare(0, key.size(), key) == 0 &&
               entry[key.size()] == '=';
    });
}

}  // namespace

size_t applyEnvOverrides(std::vector<std::string>& env, const std::vector<std::string>& overrides,
                         const HostEnvLookup& hostLookup) {
    std::vector<std::string> keys;
    for (const std::string& option : overrides) {
        const size_t eq = option.find('=');
        const std::string key = option.substr(0, eq);
        if (key.empty()) {
            throw Error("--env " + printablePath(option) + ": expected KEY=VALUE or KEY",
                        kExitUsage);
        }
        std::string entry;
        if (eq != std::string::npos) {
            entry = option;
        } else if (const char* value = hostLookup(key); value != nullptr) {
            entry = key + "=" + value;
        }
        const auto at = findKey(env, key);
        if (entry.empty()) {
            if (at != env.end()) env.erase(at);
        } else if (at != env.end()) {
            *at = std::move(entry);
        } else {
            env.push_back(std::move(entry));
        }
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    }
    return keys.size();
}

}  // namespace scratch::container

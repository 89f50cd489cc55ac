#include "container/HostMountTable.h"

#include <fstream>
#include <sstream>
#include <vector>

namespace scratch::container {

std::multiset<std::string> readHostMounts() {
    std::multiset<std::string> mounts;
    std::ifstream in("/proc/self/mountinfo");
    std::string line;
    while (std::getline(in, line)) {
        // id parent major:minor root mountpoint options [optional...] - fstype source superopts
        std::istringstream fields(line);
        std::vector<std::string> f;
        std::string word;
        while (fields >> word) f.push_back(word);
        size_t dash = 6;
        while (dash < f.size() && f[dash] != "-") ++dash;
        if (f.size() < 5 || dash + 2 >= f.size()) continue;
        mounts.insert(f[4] + " " + f[dash + 1] + " " + f[dash + 2] + " " + f[3]);
    }
    return mounts;
}

}  // namespace scratch::container

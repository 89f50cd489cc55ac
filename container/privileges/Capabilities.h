// Linux capabilities by name, and the set a container's command gets: Docker's and runc's
// default 14, changed by --cap-add / --cap-drop. Pure logic (the init applies the result).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scratch::container {

/// A set of capabilities as the kernel's bit mask: bit N is capability number N.
using CapMask = uint64_t;

/// The bit of capability number cap.
constexpr CapMask capBit(unsigned cap) { return CapMask{1} << cap; }

/// The names the kernel headers give, without "CAP_", indexed by number (CHOWN = 0 ...
/// CHECKPOINT_RESTORE = 40). A newer kernel may know more; those have no name here.
std::string_view capName(unsigned cap);
/// How many capabilities have a name in this build (41).
unsigned namedCapCount();

/// The number of "chown", "CAP_CHOWN", "Cap_Chown" ...; nullopt for an unknown name.
std::optional<unsigned> parseCapName(std::string_view name);

/// Docker's and runc's default set without CAP_MKNOD (podman's choice): the 13 capabilities a
/// plain container process gets. It keeps what ordinary root work needs (chown, file modes,
/// setuid to drop privileges, binding low ports, chroot) and leaves out what changes the host
/// or the container's own setup: CAP_SYS_ADMIN (mount, namespaces), CAP_SYS_PTRACE,
/// CAP_SYS_MODULE, CAP_NET_ADMIN, and CAP_MKNOD (device nodes: this runtime has no device
/// cgroup to stop their use, so making them is what is refused).
CapMask defaultCapabilities();

/// Every capability of a kernel whose highest one is lastCap (/proc/sys/kernel/cap_last_cap).
CapMask allCapabilities(unsigned lastCap);

/// The highest capability number of the running kernel (cap_last_cap; the headers' when that
/// cannot be read).
unsigned runningLastCap();

/// The permitted set of this process (capget): what it can hand on. A container runtime that
/// itself runs in a container may lack some (CAP_SYS_RESOURCE, say).
CapMask ownPermittedCapabilities();

/// What --cap-add and --cap-drop make of the default set, in the order Docker applies them:
/// start from the default set (or everything when an add says ALL), then take out the drops
/// (ALL drops everything), then put back the adds that name one capability. So
/// `--cap-drop ALL --cap-add CHOWN` is CHOWN alone. Throws scratch::Error (usage, 2) on an
/// unknown name, naming it. Only what `held` (ownPermittedCapabilities) contains can be given:
/// ALL and the default set are cut to it, a capability named in --cap-add that is not held is
/// an error (125).
struct CapChoice {
    CapMask set = 0;    ///< what the command gets
    CapMask added = 0;  ///< the capabilities named one by one in --cap-add (ambient for a user)
};
CapChoice chooseCapabilities(const std::vector<std::string>& adds,
                             const std::vector<std::string>& drops, unsigned lastCap,
                             CapMask held = ~CapMask{0});

/// "CHOWN,DAC_OVERRIDE,..." of a mask, lowest number first; unnamed bits as "CAP_41".
std::string capListText(CapMask mask);

}  // namespace scratch::container

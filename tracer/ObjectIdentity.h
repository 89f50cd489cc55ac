// What an object IS, asked of the kernel: its device, inode, mount id and filesystem, and the
// namespaces it belongs to. The path resolver classifies objects with these facts, never with the
// strings a process gave or the d_path strings the tracer reads (those are in the coordinates of
// some mount namespace, and mean something else in another).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace scratch::tracer {

/// The identity of one object, from one statx (or fstat plus fdinfo on kernels before 5.8).
struct ObjectStat {
    uint64_t dev = 0;
    uint64_t ino = 0;
    uint32_t mode = 0;
    uint64_t rdev = 0;  ///< st_rdev (meaningful for device nodes only)
    /// The kernel's mount id (the one /proc/PID/mountinfo lists); 0 for the kernel's internal
    /// mounts (the shmem mount of memfds), and when it could not be learnt (mntIdKnown false).
    uint64_t mntId = 0;
    bool mntIdKnown = false;
};

/// Fills `out` for the object of `fd` (an O_PATH fd is fine). False when the fd is no good.
bool statObject(int fd, ObjectStat& out);

/// The mount id of fd from /proc/self/fdinfo ("mnt_id:"), for kernels whose statx lacks it.
uint64_t mountIdFromFdinfo(int fd);

/// Filesystems that are interfaces to the kernel (procfs, sysfs, debugfs, tracefs, securityfs,
/// cgroupfs, bpf fs, configfs, ...): what they are is decided by the path inside the
/// filesystem (PathRef::fsPath), wherever they are mounted.
bool isKernelInterfaceFs(uint32_t magic);

/// Filesystems that are never mounted in any namespace (pipefs, sockfs, anon_inodefs,
/// secretmem, pidfs, dma-buf, aio): their objects have no host path.
bool isAnonymousFs(uint32_t magic);

/// mqueue: message queues are objects of an IPC namespace (mq_open reaches them through that
/// namespace's internal mount, in no mount namespace), not of any host directory tree.
bool isMessageQueueFs(uint32_t magic);

/// The inode of a namespace file (/proc/TID/ns/NAME), 0 when it cannot be read.
uint64_t namespaceInode(pid_t tid, const char* name);

/// Whether the nsfs inode `ino` is one of the namespaces task `tid` is in (any kind, including
/// pid_for_children and time_for_children).
bool taskIsInNamespace(pid_t tid, uint64_t ino);

/// Whose PID namespace a procfs shows.
enum class ProcfsOwner : uint8_t { Unknown, Host, Container };

/// Decides a procfs by the PID namespace it shows (the one whose init is its "1", read as
/// 1/ns/pid from the procfs root directory `procRootFd`): Container when that is
/// `containerPidNs` or a descendant of it (walking up with NS_GET_PARENT), Host when it is
/// `tracerPidNs` or any other. With containerPidNs 0 (no container adopted yet) every
/// namespace but the tracer's counts as the container's. Unknown when there is no "1".
ProcfsOwner procfsOwner(int procRootFd, uint64_t tracerPidNs, uint64_t containerPidNs);

/// Whether `path` is `dir` or below it (both canonical absolute paths the kernel made).
bool isPathUnder(std::string_view path, std::string_view dir);

/// d_path marks unlinked objects with " (deleted)": removes it, says whether it was there.
bool stripDeleted(std::string& path);

/// The last `count` components of an absolute path, as an absolute path ("/" for 0).
std::string lastComponents(std::string_view path, int count);

/// Joins an absolute directory and an absolute path below it ("/" + "/a" = "/a").
std::string joinAbsolute(std::string_view dir, std::string_view below);

}  // namespace scratch::tracer

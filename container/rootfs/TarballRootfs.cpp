// createRootfsFromTarball: a root filesystem from a tarball, extracted by libarchive with every
// safety check it has switched on. A rootfs tarball is data from the internet: an entry named
// ../../etc/cron.d/x, /etc/shadow, or a symlink "etc -> /etc" followed by "etc/passwd" would
// write on the host. The SECURE_* flags make libarchive refuse each of them.
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>

#include "common/Error.h"
#include "common/UniqueFd.h"
#include "container/rootfs/NewRootfsDir.h"
#include "container/rootfs/PathInRoot.h"
#include "container/rootfs/RootfsBuilder.h"

namespace scratch::container {
namespace {

namespace fs = std::filesystem;

struct ReadCloser {
    void operator()(archive* a) const { archive_read_free(a); }
};
struct WriteCloser {
    void operator()(archive* a) const { archive_write_free(a); }
};

std::string errorOf(archive* a) {
    const char* text = archive_error_string(a);
    return text != nullptr ? text : "unknown libarchive error";
}

/// Returns to the previous working directory whatever happens (extraction is relative to it).
class CwdGuard {
  public:
    explicit CwdGuard(const fs::path& dir) : old_(::open(".", O_PATH | O_DIRECTORY | O_CLOEXEC)) {
        if (!old_) throw Error(std::string("rootfs create: open .: ") + std::strerror(errno));
        if (::chdir(dir.c_str()) != 0) {
            throw Error("rootfs create: chdir " + printablePath(dir.string()) + ": " +
                        std::strerror(errno));
        }
    }
    ~CwdGuard() { [[maybe_unused]] const int rc = ::fchdir(old_.get()); }

  private:
    UniqueFd old_;
};

size_t extract(archive* in, archive* out, const std::string& tarball) {
    const bool root = ::geteuid() == 0;
    size_t skipped = 0;
    for (;;) {
        archive_entry* entry = nullptr;
        const int r = archive_read_next_header(in, &entry);
        if (r == ARCHIVE_EOF) break;
        if (r < ARCHIVE_WARN) {
            throw Error("rootfs create: reading " + tarball + ": " + errorOf(in), kExitFailure);
        }
        const char* rawName = archive_entry_pathname(entry);
        const std::string name = printablePath(rawName != nullptr ? rawName : "");
        const mode_t type = archive_entry_filetype(entry);
        if (!root && (type == AE_IFCHR || type == AE_IFBLK)) {
            ++skipped;  // mknod needs root; a rootfs needs no device nodes (/dev is mounted)
            continue;
        }
        if (archive_write_header(out, entry) < ARCHIVE_WARN) {
            const char* hard = archive_entry_hardlink(entry);
            const std::string link =
                hard != nullptr ? " (a hard link to " + printablePath(hard) + ")" : "";
            // NOLINTNEXTLINE(performance-inefficient-string-concatenation): error path
            throw Error("rootfs create: refusing tar entry " + name + link + ": " + errorOf(out) +
                            " (nothing was written outside the directory)",
                        kExitFailure);
        }
        if (archive_entry_size(entry) > 0) {
            const void* block = nullptr;
            size_t size = 0;
            la_int64_t offset = 0;
            for (;;) {
                const int d = archive_read_data_block(in, &block, &size, &offset);
                if (d == ARCHIVE_EOF) break;
                if (d < ARCHIVE_WARN) {
                    throw Error(
                        // NOLINTNEXTLINE(performance-inefficient-string-concatenation): error path
                        "rootfs create: reading " + name + " from " + tarball + ": " + errorOf(in),
                        kExitFailure);
                }
                if (archive_write_data_block(out, block, size, offset) < ARCHIVE_WARN) {
                    throw Error("rootfs create: writing " + name + ": " + errorOf(out),
                                kExitFailure);
                }
            }
        }
        if (archive_write_finish_entry(out) < ARCHIVE_WARN) {
            throw Error("rootfs create: writing " + name + ": " + errorOf(out), kExitFailure);
        }
    }
    // Directory modes and times are set at the end (a read-only directory can still be filled).
    if (archive_write_close(out) < ARCHIVE_WARN) {
        throw Error("rootfs create: finishing the extraction: " + errorOf(out), kExitFailure);
    }
    return skipped;
}

}  // namespace

size_t createRootfsFromTarball(const RootfsOptions& options) {
    if (options.dir.empty()) throw Error("rootfs create: no directory given", kExitUsage);
    const std::string tarball = printablePath(options.from.string());

    // The tarball is opened (and its format recognised) before DIR is touched.
    std::unique_ptr<archive, ReadCloser> in(archive_read_new());
    archive_read_support_filter_all(in.get());
    archive_read_support_format_tar(in.get());
    archive_read_support_format_gnutar(in.get());
    if (archive_read_open_filename(in.get(), options.from.c_str(), size_t{64} * 1024) !=
        ARCHIVE_OK) {
        throw Error("rootfs create: --from " + tarball + ": " + errorOf(in.get()), kExitFailure);
    }

    std::unique_ptr<archive, WriteCloser> out(archive_write_disk_new());
    int flags = ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_SECURE_NODOTDOT |
                ARCHIVE_EXTRACT_SECURE_SYMLINKS | ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS;
    // As root, keep the tarball's numeric owners (no name lookup: the host's /etc/passwd is
    // not the rootfs'). As a user, everything becomes the user's.
    if (::geteuid() == 0) flags |= ARCHIVE_EXTRACT_OWNER;
    archive_write_disk_set_options(out.get(), flags);

    NewRootfsDir target(options.dir, options.force, "to extract into it anyway");
    size_t skipped = 0;
    {
        const CwdGuard cwd(target.path());
        skipped = extract(in.get(), out.get(), tarball);
    }
    target.commit();
    return skipped;
}

}  // namespace scratch::container

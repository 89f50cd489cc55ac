#include "common/MountInfo.h"

#include <libmount/libmount.h>
#include <sys/sysmacros.h>

#include <cstdio>
#include <memory>

namespace scratch {
namespace {

const char* orEmpty(const char* s) { return s == nullptr ? "" : s; }

struct TableDeleter {
    void operator()(libmnt_table* t) const { mnt_unref_table(t); }
};
struct IterDeleter {
    void operator()(libmnt_iter* i) const { mnt_free_iter(i); }
};
struct FileCloser {
    void operator()(FILE* f) const { std::fclose(f); }
};

std::vector<MountInfoEntry> entriesOf(libmnt_table* table) {
    std::vector<MountInfoEntry> out;
    const std::unique_ptr<libmnt_iter, IterDeleter> iter(mnt_new_iter(MNT_ITER_FORWARD));
    if (!iter) return out;
    libmnt_fs* fs = nullptr;
    while (mnt_table_next_fs(table, iter.get(), &fs) == 0) {
        MountInfoEntry e;
        const int id = mnt_fs_get_id(fs);
        const int parent = mnt_fs_get_parent_id(fs);
        e.id = id > 0 ? static_cast<uint64_t>(id) : 0;
        e.parent = parent > 0 ? static_cast<uint64_t>(parent) : 0;
        e.dev = mnt_fs_get_devno(fs);
        e.root = orEmpty(mnt_fs_get_root(fs));
        if (e.root.empty()) e.root = "/";
        e.target = orEmpty(mnt_fs_get_target(fs));
        e.fstype = orEmpty(mnt_fs_get_fstype(fs));
        e.source = orEmpty(mnt_fs_get_source(fs));
        e.options = orEmpty(mnt_fs_get_vfs_options(fs));
        e.fsOptions = orEmpty(mnt_fs_get_fs_options(fs));
        out.push_back(std::move(e));
    }
    return out;
}

std::unique_ptr<libmnt_table, TableDeleter> newMountInfoTable() {
    std::unique_ptr<libmnt_table, TableDeleter> table(mnt_new_table());
    return table;
}

}  // namespace

std::optional<std::vector<MountInfoEntry>> readMountInfo(const std::string& path) {
    const auto table = newMountInfoTable();
    if (!table || mnt_table_parse_file(table.get(), path.c_str()) != 0) return std::nullopt;
    return entriesOf(table.get());
}

std::vector<MountInfoEntry> parseMountInfo(std::string_view text) {
    const auto table = newMountInfoTable();
    if (!table || text.empty()) return {};
    std::string copy(text);
    const std::unique_ptr<FILE, FileCloser> stream(fmemopen(copy.data(), copy.size(), "r"));
    if (!stream || mnt_table_parse_stream(table.get(), stream.get(), "mountinfo") != 0) return {};
    return entriesOf(table.get());
}

}  // namespace scratch

#include "container/rootfs/ExecutableFormat.h"

#include <elf.h>
#include <unistd.h>

#include <cstring>
#include <vector>

namespace scratch::container {
namespace {

bool readExactly(int fd, void* buf, size_t size, off_t offset) {
    auto* p = static_cast<char*>(buf);
    while (size > 0) {
        const ssize_t n = ::pread(fd, p, size, offset);
        if (n <= 0) return false;
        p += n;
        size -= static_cast<size_t>(n);
        offset += n;
    }
    return true;
}

/// Finds PT_INTERP in the program headers of a native-endian ELF of either class.
template <typename Ehdr, typename Phdr>
ExecutableFormat readElf(int fd) {
    ExecutableFormat out;
    out.kind = ExecutableFormat::Kind::Elf;
    Ehdr eh{};
    if (!readExactly(fd, &eh, sizeof eh, 0)) return out;
    if (eh.e_phentsize != sizeof(Phdr) || eh.e_phnum == 0 || eh.e_phnum > 4096) return out;
    std::vector<Phdr> phdrs(eh.e_phnum);
    if (!readExactly(fd, phdrs.data(), phdrs.size() * sizeof(Phdr),
                     static_cast<off_t>(eh.e_phoff))) {
        return out;
    }
    for (const Phdr& ph : phdrs) {
        if (ph.p_type != PT_INTERP) continue;
        if (ph.p_filesz == 0 || ph.p_filesz > 4096) return out;
        std::string interp(ph.p_filesz, '\0');
        if (!readExactly(fd, interp.data(), interp.size(), static_cast<off_t>(ph.p_offset))) {
            return out;
        }
        interp.resize(std::strlen(interp.c_str()));  // the string is NUL-terminated
        out.interpreter = interp;
        return out;
    }
    return out;
}

}  // namespace

ExecutableFormat inspectExecutable(int fd) {
    unsigned char ident[EI_NIDENT] = {};
    if (!readExactly(fd, ident, 2, 0)) return {};
    if (ident[0] == '#' && ident[1] == '!') {
        // The kernel reads at most the first line (up to 256 bytes in binfmt_script).
        char line[256] = {};
        const ssize_t n = ::pread(fd, line, sizeof line - 1, 2);
        ExecutableFormat out;
        out.kind = ExecutableFormat::Kind::Script;
        if (n <= 0) return out;
        std::string text(line, static_cast<size_t>(n));
        text = text.substr(0, text.find('\n'));
        const size_t begin = text.find_first_not_of(" \t");
        if (begin == std::string::npos) return out;
        const size_t end = text.find_first_of(" \t", begin);
        out.interpreter = text.substr(begin, end == std::string::npos ? end : end - begin);
        return out;
    }
    if (!readExactly(fd, ident, sizeof ident, 0)) return {};
    if (std::memcmp(ident, ELFMAG, SELFMAG) != 0) return {};
    const bool littleHost = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;
    const bool littleFile = ident[EI_DATA] == ELFDATA2LSB;
    if (littleHost != littleFile) {
        // A foreign-endian ELF cannot run here anyway; report it as an ELF without a loader.
        ExecutableFormat out;
        out.kind = ExecutableFormat::Kind::Elf;
        return out;
    }
    if (ident[EI_CLASS] == ELFCLASS64) return readElf<Elf64_Ehdr, Elf64_Phdr>(fd);
    if (ident[EI_CLASS] == ELFCLASS32) return readElf<Elf32_Ehdr, Elf32_Phdr>(fd);
    ExecutableFormat out;
    out.kind = ExecutableFormat::Kind::Elf;
    return out;
}

}  // namespace scratch::container

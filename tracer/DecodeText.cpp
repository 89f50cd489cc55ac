#include "tracer/DecodeText.h"

#include <algorithm>

namespace scratch::tracer {

namespace {

/// strace's -x / -xx: set once from the command line before anything is decoded.
HexStrings gHexStrings = HexStrings::Never;

std::string hexDigits(uint64_t v) {
    std::string out;
    appendHex(out, v);
    return out;
}

void appendOctalEscape(std::string& out, unsigned char c, bool nextIsOctalDigit) {
    out += '\\';
    if (nextIsOctalDigit || c >= 0100) {
        out += static_cast<char>('0' + (c >> 6));
        out += static_cast<char>('0' + ((c >> 3) & 7));
    } else if (c >= 010) {
        out += static_cast<char>('0' + ((c >> 3) & 7));
    }
    out += static_cast<char>('0' + (c & 7));
}

/// Whether c is in `chars` (a couple of characters: a plain loop, no memchr call per byte).
bool isOneOfChars(unsigned char c, std::string_view chars) {
    return std::ranges::any_of(chars, [c](char x) { return static_cast<unsigned char>(x) == c; });
}

/// "\xNN" for every byte (-xx), or for every byte of a string with a byte that is neither
/// printable ASCII nor white space (-x), as strace's string_quote decides.
bool appendHexIfAsked(std::string& out, std::string_view bytes) {
    if (gHexStrings == HexStrings::Never) return false;
    const auto needsHex = [](char ch) {
        const auto c = static_cast<unsigned char>(ch);
        return c > 0x7e || (c < 0x20 && (c < '\t' || c > '\r'));
    };
    if (gHexStrings == HexStrings::NonAscii && std::ranges::none_of(bytes, needsHex)) return false;
    static constexpr char kDigits[] = "0123456789abcdef";
    for (const char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        out += "\\x";
        out += kDigits[c >> 4];
        out += kDigits[c & 15];
    }
    return true;
}

}  // namespace

int64_t asInt(uint64_t v, const DecodeOptions& opts) {
    if (is32(opts) || ((v >> 32) == 0 && (v & 0x80000000U))) return static_cast<int32_t>(v);
    return static_cast<int64_t>(v);
}

// Written backwards into a small buffer.
void appendHex(std::string& out, uint64_t v) {
    char buf[2 + 16];
    char* end = buf + sizeof buf;
    char* p = end;
    do {
        *--p = "0123456789abcdef"[v & 15];
        v >>= 4;
    } while (v != 0);
    *--p = 'x';
    *--p = '0';
    out.append(p, static_cast<size_t>(end - p));
}

std::string hex(uint64_t v) { return v == 0 ? std::string("0") : hexDigits(v); }

std::string addr(uint64_t v) { return v == 0 ? std::string("NULL") : hexDigits(v); }

void appendAddr(std::string& out, uint64_t v) {
    if (v == 0) {
        out += "NULL";
    } else {
        appendHex(out, v);
    }
}

// Runs of characters shown as they are go in with one append each, not a push_back per byte.
void appendEscaped(std::string& out, std::string_view bytes, std::string_view extra) {
    const auto shownAsIs = [&](unsigned char c) {
        return c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && !isOneOfChars(c, extra);
    };
    size_t i = 0;
    while (i < bytes.size()) {
        size_t run = i;
        while (run < bytes.size() && shownAsIs(static_cast<unsigned char>(bytes[run]))) ++run;
        if (run > i) {
            out.append(bytes.data() + i, run - i);
            i = run;
            continue;
        }
        const auto c = static_cast<unsigned char>(bytes[i]);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\v':
                out += "\\v";
                break;
            default: {
                const bool nextOctal =
                    i + 1 < bytes.size() && bytes[i + 1] >= '0' && bytes[i + 1] <= '7';
                appendOctalEscape(out, c, nextOctal);
            }
        }
        ++i;
    }
}

void setHexStrings(HexStrings mode) { gHexStrings = mode; }

HexStrings hexStrings() { return gHexStrings; }

std::string escapeString(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    appendEscaped(out, bytes);
    return out;
}

void appendFdPath(std::string& out, std::string_view path) {
    if (!appendHexIfAsked(out, path)) appendEscaped(out, path, "<>");
}

void appendQuoted(std::string& out, std::string_view bytes, bool truncated) {
    out += '"';
    if (!appendHexIfAsked(out, bytes)) appendEscaped(out, bytes);
    out += '"';
    if (truncated) out += "...";
}

// The raw bytes go through one buffer kept between calls, the quoted text straight into `out`.
void appendTracedString(std::string& out, TraceeMemory& mem, uint64_t p, size_t maxLen) {
    if (p == 0) {
        out += "NULL";
        return;
    }
    thread_local std::string raw;
    bool truncated = false;
    if (!mem.readString(p, maxLen, raw, &truncated)) {
        appendHex(out, p);
        return;
    }
    appendQuoted(out, raw, truncated);
}

std::string tracedString(TraceeMemory& mem, uint64_t p, size_t maxLen) {
    std::string out;
    appendTracedString(out, mem, p, maxLen);
    return out;
}

void appendTracedBuffer(std::string& out, TraceeMemory& mem, uint64_t p, uint64_t len,
                        size_t maxString) {
    if (p == 0) {
        out += "NULL";
        return;
    }
    const auto n = static_cast<size_t>(std::min<uint64_t>(len, maxString));
    thread_local std::string raw;
    raw.resize(n);
    if (n != 0 && mem.read(p, raw.data(), n) != n) {
        appendHex(out, p);
        return;
    }
    appendQuoted(out, raw, len > maxString);
}

void appendFdText(std::string& out, int64_t fd, const FdNamer& fdName, const DecodeOptions& opts) {
    appendDecimal(out, fd);
    if (fd >= 0 && opts.showFdPaths && fdName) {
        const std::string* path = fdName(static_cast<int>(fd));
        if (path != nullptr && !path->empty()) {
            // The kernel's mark of an unlinked file, shown after the path as strace -y does.
            static constexpr std::string_view kDeleted = " (deleted)";
            std::string_view shown = *path;
            const bool deleted = shown.size() > kDeleted.size() && shown.ends_with(kDeleted);
            if (deleted) shown.remove_suffix(kDeleted.size());
            out += '<';
            appendFdPath(out, shown);
            out += deleted ? ">(deleted)" : ">";
        }
    }
}

std::string fdText(int64_t fd, const FdNamer& fdName, const DecodeOptions& opts) {
    std::string out;
    appendFdText(out, fd, fdName, opts);
    return out;
}

std::string modeText(uint64_t mode) { return fmt::format("{:#03o}", mode & 07777777); }

std::string flagsText(uint64_t v, std::span<const FlagName> names, std::string_view zero,
                      std::string_view hint) {
    std::string out;
    appendFlags(out, v, names, zero, hint);
    return out;
}

std::string enumText(uint64_t v, std::span<const FlagName> names, std::string_view hint,
                     bool decimal) {
    std::string out;
    appendEnum(out, v, names, hint, decimal);
    return out;
}

}  // namespace scratch::tracer

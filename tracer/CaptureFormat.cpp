#include "tracer/CaptureFormat.h"

#include <algorithm>
#include <cstring>

namespace scratch::tracer {
namespace {

constexpr char kFormat1 = '\x01';  // the first byte of every capture this build writes
constexpr char kString = 'S';
constexpr char kBytes = 'B';
constexpr char kName = 'N';
constexpr char kSuffix = 'T';
constexpr char kExitMark = 'X';

template <typename T>
void put(std::string& out, T value) {
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

template <typename T>
bool take(std::string_view& in, T& value) {
    if (in.size() < sizeof value) return false;
    std::memcpy(&value, in.data(), sizeof value);
    in.remove_prefix(sizeof value);
    return true;
}

bool takeBytes(std::string_view& in, uint32_t len, std::string_view& bytes) {
    if (in.size() < len) return false;
    bytes = in.substr(0, len);
    in.remove_prefix(len);
    return true;
}

/// One entry of a capture, as parsed back.
struct Entry {
    char tag = 0;
    uint64_t addr = 0;  ///< kString, kBytes: the address read
    uint64_t size = 0;  ///< kString: the limit asked; kBytes: the length asked
    bool ok = false;    ///< kString: the read worked; kName: the namer had a name
    bool truncated = false;
    int32_t fd = 0;          ///< kName
    std::string_view bytes;  ///< the string, the bytes read, the name or the suffix
};

/// Parses the entry at the start of `in` and steps over it; false at the end, at the exit mark
/// (consumed), or on malformed input (a capture from a JSON file may be anything).
bool nextEntry(std::string_view& in, Entry& e) {
    e.tag = 0;
    if (!take(in, e.tag)) return false;
    uint8_t ok = 0;
    uint8_t truncated = 0;
    uint32_t len = 0;
    bool parsed = false;
    switch (e.tag) {
        case kString:
            parsed = take(in, e.addr) && take(in, e.size) && take(in, ok) && take(in, truncated) &&
                     take(in, len) && takeBytes(in, len, e.bytes);
            break;
        case kBytes:
            ok = 1;
            parsed = take(in, e.addr) && take(in, e.size) && take(in, len) &&
                     takeBytes(in, len, e.bytes) && len <= e.size;
            break;
        case kName:
            parsed = take(in, e.fd) && take(in, ok) && take(in, len) && takeBytes(in, len, e.bytes);
            break;
        case kSuffix:
            parsed = take(in, len) && takeBytes(in, len, e.bytes);
            break;
        default:
            return false;  // kExitMark, or not an entry
    }
    e.ok = ok != 0;
    e.truncated = truncated != 0;
    return parsed;
}

/// The first entry of `part` with this tag that `matches` accepts.
template <typename Match>
bool findEntry(std::string_view part, char tag, Match matches, Entry& found) {
    while (nextEntry(part, found)) {
        if (found.tag == tag && matches(found)) return true;
    }
    return false;
}

}  // namespace

void beginCapture(std::string& capture) {
    capture.clear();
    capture += kFormat1;
}

bool knownCaptureFormat(std::string_view capture) {
    return !capture.empty() && capture.front() == kFormat1;
}

void markCaptureExit(std::string& capture) { capture += kExitMark; }

void recordString(std::string& capture, uint64_t addr, size_t maxLen, bool ok, bool truncated,
                  std::string_view text) {
    capture += kString;
    put<uint64_t>(capture, addr);
    put<uint64_t>(capture, maxLen);
    put<uint8_t>(capture, ok ? 1 : 0);
    put<uint8_t>(capture, ok && truncated ? 1 : 0);
    put<uint32_t>(capture, ok ? static_cast<uint32_t>(text.size()) : 0);
    if (ok) capture += text;
}

void recordBytes(std::string& capture, uint64_t addr, uint64_t len, const void* data, size_t got) {
    capture += kBytes;
    put<uint64_t>(capture, addr);
    put<uint64_t>(capture, len);
    put<uint32_t>(capture, static_cast<uint32_t>(got));
    capture.append(static_cast<const char*>(data), got);
}

void recordName(std::string& capture, int fd, const std::string* name) {
    capture += kName;
    put<int32_t>(capture, fd);
    put<uint8_t>(capture, name != nullptr ? 1 : 0);
    put<uint32_t>(capture, name != nullptr ? static_cast<uint32_t>(name->size()) : 0);
    if (name != nullptr) capture += *name;
}

void recordReturnSuffix(std::string& capture, std::string_view text) {
    if (text.empty()) return;
    capture += kSuffix;
    put<uint32_t>(capture, static_cast<uint32_t>(text.size()));
    capture += text;
}

std::pair<std::string_view, std::string_view> splitCapture(std::string_view capture) {
    if (!knownCaptureFormat(capture)) return {};
    capture.remove_prefix(1);
    // The mark byte may also occur inside an entry's data, so the entries are walked.
    std::string_view in = capture;
    Entry e;
    for (;;) {
        const size_t offset = capture.size() - in.size();
        if (nextEntry(in, e)) continue;
        if (e.tag == kExitMark && offset < capture.size()) return {capture.substr(0, offset), in};
        return {capture, {}};
    }
}

size_t RecordingMemory::read(uint64_t addr, void* out, size_t len) {
    const size_t got = mem_.read(addr, out, len);
    recordBytes(capture_, addr, len, out, got);
    return got;
}

bool RecordingMemory::readString(uint64_t addr, size_t maxLen, std::string& out, bool* truncated) {
    bool cut = false;
    const bool ok = mem_.readString(addr, maxLen, out, &cut);
    recordString(capture_, addr, maxLen, ok, cut, out);
    if (truncated != nullptr) *truncated = cut;
    return ok;
}

FdNamer recordingNamer(std::string& capture, const FdNamer& fdName) {
    return [&capture, &fdName](int fd) -> const std::string* {
        const std::string* name = fdName ? fdName(fd) : nullptr;
        recordName(capture, fd, name);
        return name;
    };
}

size_t ReplayMemory::read(uint64_t addr, void* out, size_t len) {
    Entry e;
    const bool exact = findEntry(
        part_, kBytes, [&](const Entry& x) { return x.addr == addr && x.size == len; }, e);
    // Another length at the same address: the bytes it has (a replay with another -s).
    if (!exact && !findEntry(
                      part_, kBytes, [&](const Entry& x) { return x.addr == addr; }, e)) {
        return 0;
    }
    const size_t n = std::min(len, e.bytes.size());
    std::memcpy(out, e.bytes.data(), n);
    return n;
}

bool ReplayMemory::readString(uint64_t addr, size_t maxLen, std::string& out, bool* truncated) {
    Entry e;
    if (findEntry(
            part_, kString, [&](const Entry& x) { return x.addr == addr && x.size == maxLen; },
            e)) {
        if (!e.ok) return false;
        out.assign(e.bytes);
        if (truncated != nullptr) *truncated = e.truncated;
        return true;
    }
    // Read with another limit (a replay with another -s): a whole string serves any limit, a cut
    // one what it has.
    if (!findEntry(
            part_, kString, [&](const Entry& x) { return x.addr == addr; }, e) ||
        !e.ok) {
        return false;
    }
    out.assign(e.bytes.substr(0, std::min(maxLen, e.bytes.size())));
    if (truncated != nullptr) *truncated = e.bytes.size() > maxLen || e.truncated;
    return true;
}

const std::string* ReplayMemory::name(int fd) {
    Entry e;
    if (!findEntry(
            part_, kName, [&](const Entry& x) { return x.fd == fd; }, e) ||
        !e.ok) {
        return nullptr;
    }
    name_.assign(e.bytes);
    return &name_;
}

std::string_view ReplayMemory::returnSuffix() const {
    Entry e;
    if (!findEntry(
            part_, kSuffix, [](const Entry&) { return true; }, e))
        return {};
    return e.bytes;
}

}  // namespace scratch::tracer

#include "tracer/EventRecord.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace scratch::tracer {

namespace {

// One list of fields per event type, walked by three archives: one counts bytes, one writes,
// one reads. A field added to the list is sized, written and read alike.

/// Counts the bytes of a record.
class Sizer {
  public:
    template <typename T>
    void pod(const T& /*value*/) {
        static_assert(std::is_trivially_copyable_v<T>);
        size_ += sizeof(T);
    }
    void str(const std::string& text) { size_ += sizeof(uint32_t) + text.size(); }
    size_t size() const { return size_; }

  private:
    size_t size_ = 0;
};

/// Writes a record; strings are a 32-bit length and the bytes.
class Writer {
  public:
    explicit Writer(char* out) : out_(out) {}
    template <typename T>
    void pod(const T& value) {
        static_assert(std::is_trivially_copyable_v<T>);
        std::memcpy(out_, &value, sizeof(T));
        out_ += sizeof(T);
    }
    void str(const std::string& text) {
        pod(static_cast<uint32_t>(text.size()));
        std::memcpy(out_, text.data(), text.size());
        out_ += text.size();
    }

  private:
    char* out_;
};

/// Reads a record back into existing objects.
class Reader {
  public:
    explicit Reader(const char* in) : in_(in) {}
    template <typename T>
    void pod(T& value) {
        static_assert(std::is_trivially_copyable_v<T>);
        std::memcpy(&value, in_, sizeof(T));
        in_ += sizeof(T);
    }
    void str(std::string& text) {
        uint32_t size = 0;
        pod(size);
        text.assign(in_, size);
        in_ += size;
    }

  private:
    const char* in_;
};

/// Vectors: a 32-bit count, then the elements. Reading resizes (elements kept keep their
/// buffers).
template <typename Archive, typename Vector, typename Each>
void elements(Archive& a, Vector& items, Each each) {
    if constexpr (std::is_same_v<Archive, Reader>) {
        uint32_t count = 0;
        a.pod(count);
        items.resize(count);
    } else {
        a.pod(static_cast<uint32_t>(items.size()));
    }
    for (auto& item : items) each(a, item);
}

template <typename Archive, typename Strings>
void strings(Archive& a, Strings& items) {
    elements(a, items, [](Archive& ar, auto& text) { ar.str(text); });
}

template <typename Archive, typename Ref>
void pathFields(Archive& a, Ref& ref) {
    a.str(ref.given);
    a.str(ref.host);
    a.str(ref.resolved);
    a.pod(ref.where);
    a.pod(ref.access);
    a.pod(ref.fd);
    a.pod(ref.exists);
    a.pod(ref.dev);
    a.pod(ref.ino);
    a.pod(ref.mode);
    a.pod(ref.rdev);
    a.pod(ref.fsMagic);
    a.pod(ref.mntId);
    a.str(ref.fsPath);
    a.pod(ref.stdio);
}

template <typename Archive, typename Peer>
void peerFields(Archive& a, Peer& peer) {
    a.pod(peer.side);
    a.pod(peer.via);
    a.pod(peer.accepted);
    a.pod(peer.pid);
    a.str(peer.comm);
    a.str(peer.address);
}

template <typename Archive, typename Event>
void fields(Archive& a, Event& e) {
    if constexpr (std::is_same_v<std::remove_const_t<Event>, SyscallEvent>) {
        a.pod(e.seq);
        a.pod(e.tsNs);
        a.pod(e.durationNs);
        a.pod(e.tid);
        a.pod(e.tgid);
        a.pod(e.nspid);
        a.pod(e.phase);
        a.pod(e.arch);
        a.pod(e.nr);
        a.pod(e.row);  // an index or a mark, never an address (SyscallEvent::row)
        a.str(e.name);
        a.pod(e.rawArgs);
        strings(a, e.args);
        a.pod(e.ret);
        a.pod(e.err);
        a.str(e.retText);
        a.pod(e.finished);
        a.pod(e.noReturn);
        elements(a, e.paths, [](Archive& ar, auto& ref) { pathFields(ar, ref); });
        a.pod(e.decodeDeferred);
        a.str(e.decodeCapture);
        peerFields(a, e.peer);
    } else if constexpr (std::is_same_v<std::remove_const_t<Event>, ProcessEvent>) {
        a.pod(e.kind);
        a.pod(e.tsNs);
        a.pod(e.tid);
        a.pod(e.tgid);
        a.pod(e.nspid);
        a.pod(e.parentTid);
        a.pod(e.isThread);
        a.pod(e.cloneFlags);
        a.pod(e.phase);
        a.str(e.exe);
        strings(a, e.argv);
        a.pod(e.exitCode);
        a.pod(e.termSignal);
        a.pod(e.seq);
        a.pod(e.coreDumped);
    } else if constexpr (std::is_same_v<std::remove_const_t<Event>, SignalEvent>) {
        a.pod(e.tsNs);
        a.pod(e.tid);
        a.pod(e.tgid);
        a.pod(e.nspid);
        a.pod(e.phase);
        a.pod(e.signo);
        a.pod(e.raw);  // plain bytes: siginfo_t's pointers are tracee addresses, not ours
        a.pod(e.hasSiginfo);
        a.str(e.siginfo);
        a.pod(e.groupStop);
    } else {
        static_assert(std::is_same_v<std::remove_const_t<Event>, TracerNote>);
        a.pod(e.kind);
        a.pod(e.tid);
        a.pod(e.nspid);
        a.pod(e.seq);
        a.pod(e.fd);
        a.str(e.host);
        a.pod(e.where);
        a.str(e.detail);
        peerFields(a, e.peer);
    }
}

template <typename Event>
size_t sizeOf(const Event& event) {
    Sizer sizer;
    fields(sizer, event);
    return sizer.size();
}

template <typename Event>
void write(const Event& event, char* out) {
    Writer writer(out);
    fields(writer, event);
}

template <typename Event>
void read(const char* in, Event& event) {
    Reader reader(in);
    fields(reader, event);
}

}  // namespace

size_t encodedSize(const SyscallEvent& event) { return sizeOf(event); }
size_t encodedSize(const ProcessEvent& event) { return sizeOf(event); }
size_t encodedSize(const TracerNote& note) { return sizeOf(note); }
size_t encodedSize(const SignalEvent& event) { return sizeOf(event); }

void encode(const SyscallEvent& event, char* out) { write(event, out); }
void encode(const ProcessEvent& event, char* out) { write(event, out); }
void encode(const TracerNote& note, char* out) { write(note, out); }
void encode(const SignalEvent& event, char* out) { write(event, out); }

void decode(const char* in, SyscallEvent& event) { read(in, event); }
void decode(const char* in, ProcessEvent& event) { read(in, event); }
void decode(const char* in, TracerNote& note) { read(in, note); }
void decode(const char* in, SignalEvent& event) { read(in, event); }

}  // namespace scratch::tracer

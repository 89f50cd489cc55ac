// The bytes of a decode capture (tracer/DecodeCapture.h): every tracee-memory read and fd name
// a syscall's decoding used at its stops, so that the decoding can run again later, on the
// output thread or from a saved JSON trace, and print the same text. The tracee memory that
// records them and the one that serves them back live here too, beside the format they share.
//
// Layout: a format byte, the entry stop's entries, an exit mark, the exit stop's entries. Each
// entry is a tag and its fields in host (little-endian x86) byte order:
//   'S' a string read:  addr u64, limit u64, ok u8, truncated u8, len u32, bytes
//   'B' a memory read:  addr u64, length asked u64, got u32, bytes
//   'N' an fd name:     fd i32, present u8, len u32, bytes
//   'T' return suffix:  len u32, bytes (text appended to the return: io_uring_enter's ops)
// A JSON trace carries it in base64 (docs/json.md, "capture").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "tracer/ArgDecoder.h"
#include "tracer/TraceeMemory.h"

namespace scratch::tracer {

/// Starts a capture: clears it and writes the format byte.
void beginCapture(std::string& capture);
/// Whether the capture starts with the format this build reads (a trace from a newer writer may
/// not: it is then shown from its rendered arguments).
bool knownCaptureFormat(std::string_view capture);
/// Ends the entry stop's part: what follows was taken at the exit stop.
void markCaptureExit(std::string& capture);

/// Records a readString made elsewhere (ok false: it failed).
void recordString(std::string& capture, uint64_t addr, size_t maxLen, bool ok, bool truncated,
                  std::string_view text);
/// Records a read made elsewhere: `got` of the `len` bytes asked.
void recordBytes(std::string& capture, uint64_t addr, uint64_t len, const void* data, size_t got);
/// Records the name the namer gave for fd (nullptr: none).
void recordName(std::string& capture, int fd, const std::string* name);
/// Records text that completeDecoding appends to the return after rendering it.
void recordReturnSuffix(std::string& capture, std::string_view text);

/// The entry stop's part and the exit stop's part (empty when the call did not finish) of a
/// capture whose format is known.
std::pair<std::string_view, std::string_view> splitCapture(std::string_view capture);

/// The tracee's memory, each read recorded into a capture as it is made: a decoder run against
/// it leaves in the capture exactly the reads it made.
class RecordingMemory final : public TraceeMemory {
  public:
    RecordingMemory(std::string& capture, TraceeMemory& mem) : capture_(capture), mem_(mem) {}
    size_t read(uint64_t addr, void* out, size_t len) override;
    bool readString(uint64_t addr, size_t maxLen, std::string& out, bool* truncated) override;

  private:
    std::string& capture_;
    TraceeMemory& mem_;
};

/// The namer, each name it gives recorded into the capture. `fdName` may be empty (no -y);
/// both references must outlive the namer.
FdNamer recordingNamer(std::string& capture, const FdNamer& fdName);

/// Tracee memory and fd names as one stop's part of a capture recorded them. A read the part
/// lacks fails, as an unreadable address would. A string or buffer recorded with another limit
/// serves a smaller one exactly and a larger one with what it has (a replay with other -s).
class ReplayMemory final : public TraceeMemory {
  public:
    explicit ReplayMemory(std::string_view part) : part_(part) {}
    size_t read(uint64_t addr, void* out, size_t len) override;
    bool readString(uint64_t addr, size_t maxLen, std::string& out, bool* truncated) override;
    /// The name the namer gave for fd at this stop, or nullptr.
    const std::string* name(int fd);
    /// The part's return suffix ('T'), empty when none.
    std::string_view returnSuffix() const;
    /// A namer that answers from name().
    FdNamer namer() {
        return [this](int fd) { return name(fd); };
    }

  private:
    std::string_view part_;
    std::string name_;
};

}  // namespace scratch::tracer

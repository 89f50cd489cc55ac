// Reading one field of a struct the tracer copied out of the tracee, for the struct decoders.
#pragma once

#include <cstddef>
#include <cstring>
#include <string_view>

namespace scratch::tracer {

/// The `T` at `offset` in `bytes`, or a zero `T` when the bytes end before the field: the
/// decoders read structs the tracee may have handed short (or a failed read left empty), and a
/// missing field must print as 0 rather than read past the buffer. One definition, so every
/// decoder treats a short struct the same way.
template <typename T>
T field(std::string_view bytes, size_t offset) {
    T v{};
    if (offset + sizeof v <= bytes.size()) std::memcpy(&v, bytes.data() + offset, sizeof v);
    return v;
}

}  // namespace scratch::tracer

// JSON text helpers for byte strings. Linux paths are bytes; JSON strings are Unicode. The
// convention (docs/json.md, "Bytes that are not UTF-8"): a string field always holds a readable
// text where each byte that is not part of valid UTF-8 is written as the four characters \xNN;
// when that happened, a sibling field "<key>_b64" holds the exact bytes in base64. Readers that
// need the bytes use <key>_b64 when present, else the string itself. The text alone is not
// reversible (a real "\x41" in a name looks the same), which is why the sibling exists.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace scratch::reports {

/// Strict UTF-8 check (no overlongs, no surrogates, nothing above U+10FFFF), as JSON parsers want.
bool isValidUtf8(std::string_view bytes);

/// Appends `bytes` as a quoted JSON string: valid UTF-8 passes through, ", \ and controls are
/// escaped, invalid bytes become the text \xNN.
void appendJsonString(std::string& out, std::string_view bytes);

/// Appends the readable text of `bytes` (no allocation beyond `out` growing).
void appendDisplayText(std::string& out, std::string_view bytes);
/// The readable text of `bytes` (what appendJsonString writes, unquoted and unescaped).
std::string displayText(std::string_view bytes);

/// Appends `"key":"text"` and, when `bytes` is not valid UTF-8, `,"key_b64":"..."`. When
/// nullIfEmpty and bytes is empty, writes `"key":null` instead.
void appendBytesField(std::string& out, std::string_view key, std::string_view bytes,
                      bool nullIfEmpty = false);

/// The same convention for nlohmann objects (start and summary records; ordered_json so that
/// "type" stays the first key, as in the hand-written records).
void setBytes(nlohmann::ordered_json& object, const std::string& key, std::string_view bytes,
              bool nullIfEmpty = false);
/// An array of byte strings: `key` is the texts; `key_b64` (all elements in base64) is added
/// only when some element is not valid UTF-8.
void setBytesArray(nlohmann::ordered_json& object, const std::string& key,
                   const std::vector<std::string>& items);

/// Reads a byte field back under the convention: key_b64 when present, else the string; empty
/// for null or a missing key.
std::string getBytes(const nlohmann::json& object, const std::string& key);

/// Standard base64 with padding (RFC 4648 section 4).
std::string base64Encode(std::string_view bytes);
/// Decodes base64; ignores characters outside the alphabet.
std::string base64Decode(std::string_view text);

}  // namespace scratch::reports

#include "reports/JsonText.h"

#include <array>
#include <cstdint>

namespace scratch::reports {

namespace {

constexpr char kHex[] = "0123456789abcdef";

/// Length of the valid UTF-8 sequence at bytes[i], or 0 when the byte there starts none.
size_t utf8SequenceLength(std::string_view bytes, size_t i) {
    const auto at = [&](size_t k) { return static_cast<unsigned char>(bytes[k]); };
    const unsigned char c = at(i);
    if (c < 0x80) return 1;
    size_t len = 0;
    uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (i + len > bytes.size()) return 0;
    for (size_t k = 1; k < len; ++k) {
        const unsigned char cc = at(i + k);
        if ((cc & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (cc & 0x3F);
    }
    if (len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return 0;
    if (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return 0;
    return len;
}

/// Appends the escaped content (no quotes). `jsonEscapes` selects JSON escaping of " \ and
/// controls; without it, controls are shown strace-style for plain text. Returns whether `bytes`
/// was valid UTF-8 (the same scan: byte fields need not walk their bytes twice).
bool appendEscaped(std::string& out, std::string_view bytes, bool jsonEscapes) {
    bool valid = true;
    size_t i = 0;
    while (i < bytes.size()) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            // Fast path: a run of plain ASCII.
            size_t j = i + 1;
            while (j < bytes.size()) {
                const auto d = static_cast<unsigned char>(bytes[j]);
                if (d < 0x20 || d >= 0x80 || d == '"' || d == '\\') break;
                ++j;
            }
            out.append(bytes.data() + i, j - i);
            i = j;
            continue;
        }
        if (c == '"' || c == '\\') {
            if (jsonEscapes) out += '\\';
            out += static_cast<char>(c);
            ++i;
            continue;
        }
        if (c < 0x20 || c == 0x7F) {
            if (jsonEscapes) {
                switch (c) {
                    case '\n':
                        out += "\\n";
                        break;
                    case '\t':
                        out += "\\t";
                        break;
                    case '\r':
                        out += "\\r";
                        break;
                    case '\b':
                        out += "\\b";
                        break;
                    case '\f':
                        out += "\\f";
                        break;
                    default:
                        out += "\\u00";
                        out += kHex[c >> 4];
                        out += kHex[c & 15];
                }
            } else {
                out += "\\x";
                out += kHex[c >> 4];
                out += kHex[c & 15];
            }
            ++i;
            continue;
        }
        const size_t len = utf8SequenceLength(bytes, i);
        if (len > 0) {
            out.append(bytes.data() + i, len);
            i += len;
            continue;
        }
        // An invalid byte: the text \xNN (in JSON the backslash itself is escaped).
        out += jsonEscapes ? "\\\\x" : "\\x";
        out += kHex[c >> 4];
        out += kHex[c & 15];
        valid = false;
        ++i;
    }
    return valid;
}

}  // namespace

bool isValidUtf8(std::string_view bytes) {
    size_t i = 0;
    while (i < bytes.size()) {
        if (static_cast<unsigned char>(bytes[i]) < 0x80) {
            ++i;
            continue;
        }
        const size_t len = utf8SequenceLength(bytes, i);
        if (len == 0) return false;
        i += len;
    }
    return true;
}

void appendJsonString(std::string& out, std::string_view bytes) {
    out += '"';
    appendEscaped(out, bytes, true);
    out += '"';
}

void appendDisplayText(std::string& out, std::string_view bytes) {
    appendEscaped(out, bytes, false);
}

std::string displayText(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    appendEscaped(out, bytes, false);
    return out;
}

void appendBytesField(std::string& out, std::string_view key, std::string_view bytes,
                      bool nullIfEmpty) {
    out += '"';
    out += key;
    out += "\":";
    if (nullIfEmpty && bytes.empty()) {
        out += "null";
        return;
    }
    out += '"';
    const bool valid = appendEscaped(out, bytes, true);
    out += '"';
    if (!valid) {
        out += ",\"";
        out += key;
        out += "_b64\":\"";
        out += base64Encode(bytes);
        out += '"';
    }
}

namespace {
/// The JSON-decoded form of the text appendJsonString writes: UTF-8 kept, invalid bytes as \xNN.
/// (Controls stay raw here: nlohmann escapes them itself.)
std::string jsonTextOf(std::string_view bytes) {
    if (isValidUtf8(bytes)) return std::string(bytes);
    std::string out;
    size_t i = 0;
    while (i < bytes.size()) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        const size_t len = c < 0x80 ? 1 : utf8SequenceLength(bytes, i);
        if (len > 0) {
            out.append(bytes.data() + i, len);
            i += len;
        } else {
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 15];
            ++i;
        }
    }
    return out;
}
}  // namespace

void setBytes(nlohmann::ordered_json& object, const std::string& key, std::string_view bytes,
              bool nullIfEmpty) {
    if (nullIfEmpty && bytes.empty()) {
        object[key] = nullptr;
        return;
    }
    object[key] = jsonTextOf(bytes);
    if (!isValidUtf8(bytes)) object[key + "_b64"] = base64Encode(bytes);
}

void setBytesArray(nlohmann::ordered_json& object, const std::string& key,
                   const std::vector<std::string>& items) {
    auto texts = nlohmann::ordered_json::array();
    bool allValid = true;
    for (const auto& item : items) {
        texts.push_back(jsonTextOf(item));
        allValid = allValid && isValidUtf8(item);
    }
    object[key] = std::move(texts);
    if (!allValid) {
        auto encoded = nlohmann::ordered_json::array();
        for (const auto& item : items) encoded.push_back(base64Encode(item));
        object[key + "_b64"] = std::move(encoded);
    }
}

std::string getBytes(const nlohmann::json& object, const std::string& key) {
    const auto b64 = object.find(key + "_b64");
    if (b64 != object.end() && b64->is_string()) return base64Decode(b64->get<std::string>());
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string()) return {};
    return it->get<std::string>();
}

std::string base64Encode(std::string_view bytes) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const uint32_t v = (static_cast<unsigned char>(bytes[i]) << 16) |
                           (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                           static_cast<unsigned char>(bytes[i + 2]);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    const size_t rest = bytes.size() - i;
    if (rest > 0) {
        uint32_t v = static_cast<unsigned char>(bytes[i]) << 16;
        if (rest == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::string base64Decode(std::string_view text) {
    std::string out;
    uint32_t acc = 0;
    int bits = 0;
    for (const char ch : text) {
        int v = -1;
        if (ch >= 'A' && ch <= 'Z')
            v = ch - 'A';
        else if (ch >= 'a' && ch <= 'z')
            v = ch - 'a' + 26;
        else if (ch >= '0' && ch <= '9')
            v = ch - '0' + 52;
        else if (ch == '+')
            v = 62;
        else if (ch == '/')
            v = 63;
        if (v < 0) continue;
        acc = (acc << 6) | static_cast<uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xFF);
        }
    }
    return out;
}

}  // namespace scratch::reports

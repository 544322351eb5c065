#pragma once

#include <string>
#include <string_view>

namespace kvw::core {

// Log values are attacker-controlled bytes. Parsers and JSON output need valid UTF-8, so invalid sequences are
// replaced by U+FFFD where text is interpreted, while the original record keeps the exact bytes.
class Utf8
{
public:
    static bool isValid(std::string_view s);
    // Length of the valid sequence starting at s[i], or 0 when the bytes there are not one (RFC 3629: no
    // overlongs, no surrogates, nothing above U+10FFFF).
    static std::size_t sequenceLength(std::string_view s, std::size_t i);
    static std::string repaired(std::string_view s);
};

} // namespace kvw::core

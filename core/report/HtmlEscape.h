#pragma once

#include <string>
#include <string_view>

namespace kvw::core {

// Log values are attacker-controlled: everything that reaches HTML goes through text(). It escapes the five
// markup characters, shows control characters as visible \xNN text, and replaces invalid UTF-8 with U+FFFD.
class HtmlEscape
{
public:
    static std::string text(std::string_view value);
    static std::string base64(std::string_view bytes);
};

} // namespace kvw::core

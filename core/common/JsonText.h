#pragma once

#include <string>
#include <string_view>

namespace kvw::core {

// Hand-written JSON string output for hot paths where building a nlohmann::json per record costs several times
// more (the demo generator, the CSV row mapper). Escapes per RFC 8259 (quote, backslash, every control
// character); bytes that are not UTF-8 become U+FFFD, as nlohmann's error_handler_t::replace does, so the text
// always parses back.
class JsonText
{
public:
    static void appendEscaped(std::string& out, std::string_view s); // without quotes
    static void appendString(std::string& out, std::string_view s);  // "escaped"
};

} // namespace kvw::core

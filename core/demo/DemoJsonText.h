#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kvw::core {

// Hand-written JSON text output for the generator's hot path (building a nlohmann::json per record is several
// times slower). Strings are escaped as JsonText does.
class DemoJsonText
{
public:
    static void appendString(std::string& out, std::string_view s);  // "escaped"
    static void appendEscaped(std::string& out, std::string_view s); // escaped, without quotes
    static void appendInt(std::string& out, std::int64_t v);
    static void appendBool(std::string& out, bool v) { out += v ? "true" : "false"; }
    // "key": with the leading comma when needed; `first` tracks the object's first member.
    static void appendKey(std::string& out, std::string_view key, bool& first);
};

} // namespace kvw::core

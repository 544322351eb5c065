#include "core/demo/DemoJsonText.h"

#include "core/common/JsonText.h"

#include <charconv>

namespace kvw::core {

void DemoJsonText::appendEscaped(std::string& out, std::string_view s)
{
    JsonText::appendEscaped(out, s);
}

void DemoJsonText::appendString(std::string& out, std::string_view s)
{
    JsonText::appendString(out, s);
}

void DemoJsonText::appendInt(std::string& out, std::int64_t v)
{
    char buf[24];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
    (void)ec;
    out.append(buf, static_cast<std::size_t>(p - buf));
}

void DemoJsonText::appendKey(std::string& out, std::string_view key, bool& first)
{
    if (!first) {
        out.push_back(',');
    }
    first = false;
    out.push_back('"');
    appendEscaped(out, key);
    out += "\":";
}

} // namespace kvw::core

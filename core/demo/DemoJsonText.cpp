#include "core/demo/DemoJsonText.h"

#include <charconv>

namespace kvw::core {
namespace {

constexpr char kHex[] = "0123456789abcdef";

bool needsEscape(unsigned char c)
{
    return c < 0x20 || c == '"' || c == '\\';
}

} // namespace

void DemoJsonText::appendEscaped(std::string& out, std::string_view s)
{
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (!needsEscape(c)) {
            continue;
        }
        out.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            out += "\\u00";
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 0xF]);
        }
    }
    out.append(s.data() + run, s.size() - run);
}

void DemoJsonText::appendString(std::string& out, std::string_view s)
{
    out.push_back('"');
    appendEscaped(out, s);
    out.push_back('"');
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

#include "core/common/JsonText.h"

#include "core/common/Utf8.h"

namespace kvw::core {
namespace {

constexpr char kHex[] = "0123456789abcdef";
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

} // namespace

void JsonText::appendEscaped(std::string& out, std::string_view s)
{
    // Safe bytes are copied in runs; only escapes and non-ASCII bytes leave the fast loop.
    std::size_t run = 0;
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            ++i;
            continue;
        }
        if (c >= 0x80) {
            const std::size_t n = Utf8::sequenceLength(s, i);
            if (n != 0) {
                i += n;
                continue;
            }
        }
        out.append(s.data() + run, i - run);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (c >= 0x80) {
                out += kReplacement;
            } else {
                out += "\\u00";
                out.push_back(kHex[c >> 4]);
                out.push_back(kHex[c & 0xF]);
            }
        }
        ++i;
        run = i;
    }
    out.append(s.data() + run, s.size() - run);
}

void JsonText::appendString(std::string& out, std::string_view s)
{
    out.push_back('"');
    appendEscaped(out, s);
    out.push_back('"');
}

} // namespace kvw::core

#include "core/store/GuidBytes.h"

namespace kvw::core {
namespace {

int lowerHexDigit(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

} // namespace

std::optional<GuidBytes::Bytes> GuidBytes::pack(std::string_view text)
{
    if (text.size() != 36) {
        return std::nullopt;
    }
    Bytes out{};
    std::size_t nibble = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (text[i] != '-') {
                return std::nullopt;
            }
            continue;
        }
        const int v = lowerHexDigit(text[i]);
        if (v < 0) {
            return std::nullopt;
        }
        out[nibble / 2] = static_cast<unsigned char>(nibble % 2 == 0 ? v << 4 : out[nibble / 2] | v);
        ++nibble;
    }
    return out;
}

} // namespace kvw::core

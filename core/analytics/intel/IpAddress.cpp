#include "core/analytics/intel/IpAddress.h"

#include <arpa/inet.h>
#include <charconv>

namespace kvw::core {

std::optional<IpAddress> IpAddress::parse(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '"')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '"')) {
        text.remove_suffix(1);
    }
    if (text.size() > 2 && text.front() == '[' && text.back() == ']') {
        text = text.substr(1, text.size() - 2);
    }
    if (text.empty() || text.size() > 64) {
        return std::nullopt;
    }
    std::optional<int> prefix;
    if (const auto slash = text.find('/'); slash != std::string_view::npos) {
        const std::string_view p = text.substr(slash + 1);
        int value = -1;
        const auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), value);
        if (ec != std::errc() || ptr != p.data() + p.size() || value < 0) {
            return std::nullopt;
        }
        prefix = value;
        text = text.substr(0, slash);
    }
    const std::string s(text);
    IpAddress ip;
    if (s.find(':') != std::string::npos) {
        if (inet_pton(AF_INET6, s.c_str(), ip.m_bytes.data()) != 1) {
            return std::nullopt;
        }
        ip.m_v6 = true;
        ip.m_prefix = 128;
    } else {
        // inet_pton(AF_INET) is strict: four decimal parts, no leading zeros beyond "0", which is what we want.
        if (inet_pton(AF_INET, s.c_str(), ip.m_bytes.data()) != 1) {
            return std::nullopt;
        }
    }
    if (prefix) {
        if (*prefix > (ip.m_v6 ? 128 : 32)) {
            return std::nullopt;
        }
        ip.m_prefix = *prefix;
    }
    return ip;
}

std::string IpAddress::toString() const
{
    char buf[INET6_ADDRSTRLEN] = {};
    inet_ntop(m_v6 ? AF_INET6 : AF_INET, m_bytes.data(), buf, sizeof buf);
    std::string out(buf);
    if (isNetwork()) {
        out += "/" + std::to_string(m_prefix);
    }
    return out;
}

bool IpAddress::contains(const IpAddress& address) const
{
    if (address.m_v6 != m_v6 || address.m_prefix < m_prefix) {
        return false;
    }
    int bits = m_prefix;
    for (std::size_t i = 0; bits > 0; ++i, bits -= 8) {
        const std::uint8_t mask = bits >= 8 ? 0xFF : static_cast<std::uint8_t>(0xFF << (8 - bits));
        if ((m_bytes[i] & mask) != (address.m_bytes[i] & mask)) {
            return false;
        }
    }
    return true;
}

bool IpAddress::isNonPublic() const
{
    const auto& b = m_bytes;
    if (!m_v6) {
        return b[0] == 0 || b[0] == 10 || b[0] == 127 || (b[0] == 172 && (b[1] & 0xF0) == 16) ||
               (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254);
    }
    bool leadingZero = true;
    for (std::size_t i = 0; i < 10; ++i) {
        leadingZero = leadingZero && b[i] == 0;
    }
    // "::…" (unspecified, loopback, IPv4-compatible), fe80::/10 link-local, fc00::/7 unique-local.
    return leadingZero || (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) || (b[0] & 0xFE) == 0xFC;
}

} // namespace kvw::core

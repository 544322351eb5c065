#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kvw::core {

// An IPv4 or IPv6 address or network (CIDR) as threat-intel lists and alerts give them.
class IpAddress
{
public:
    // "1.2.3.4", "2001:db8::1", "198.51.100.0/24", "[2001:db8::1]"; surrounding spaces are ignored.
    static std::optional<IpAddress> parse(std::string_view text);

    bool isV6() const { return m_v6; }
    int prefixLength() const { return m_prefix; }
    bool isNetwork() const { return m_prefix < (m_v6 ? 128 : 32); }
    // Canonical text: dotted quad, or RFC 5952 lower-case IPv6; networks with their /prefix.
    std::string toString() const;
    // True when `address` lies in this network (or equals this address).
    bool contains(const IpAddress& address) const;
    // Private, loopback, link-local, unspecified or unique-local: never matched against threat intel, as the
    // Sentinel TI rule drops them (sentinel-content.md §4.5).
    bool isNonPublic() const;

private:
    std::array<std::uint8_t, 16> m_bytes{};
    bool m_v6 = false;
    int m_prefix = 32;
};

} // namespace kvw::core

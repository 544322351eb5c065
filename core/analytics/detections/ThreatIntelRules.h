#pragma once

#include <string>

namespace kvw::core {

class DetectionContext;

// Caller IPs on the case's threat-intelligence lists (ti_indicators), inside each indicator's validity window:
// Sentinel's "TI map IP entity to Azure Key Vault logs" and the Defender TOR / suspicious-IP analogs.
class ThreatIntelRules
{
public:
    enum class Lists { Any, Tor, NotTor };
    enum class Outcome { Any, Success, Denied };
    static void run(DetectionContext& ctx, Lists lists, Outcome outcome, const std::string& what);

    static void tiMapIp(DetectionContext& ctx);
    static void torAccess(DetectionContext& ctx);
    static void suspiciousIpAccess(DetectionContext& ctx);
    static void suspiciousIpAccessDenied(DetectionContext& ctx);

    // Private, loopback and link-local addresses, which the original drops from the indicators.
    static bool isPrivateAddress(const std::string& ip);
};

} // namespace kvw::core

#pragma once

#include <string>
#include <vector>

namespace kvw::core {

class DetectionContext;

// Transparent analogs of Microsoft Defender for Key Vault's alert types (detections.md §1). Defender's ML baselines
// are not published; these use the bundle's own history with the window and thresholds stated in each finding.
class DefenderRules
{
public:
    static void accountVolume(DetectionContext& ctx);
    static void accountVolumeDenied(DetectionContext& ctx);
    static void userAccessDenied(DetectionContext& ctx);
    static void userAnomaly(DetectionContext& ctx);
    static void appAnomaly(DetectionContext& ctx);
    static void userAppAnomaly(DetectionContext& ctx);
    static void operationPattern(DetectionContext& ctx);
    static void listGet(DetectionContext& ctx);
    static void putGet(DetectionContext& ctx);
    static void operationVolume(DetectionContext& ctx);
    static void unusualAccessSuspiciousIp(DetectionContext& ctx);

    // The address lies in one of the ranges (CIDR networks or single addresses, IPv4 or IPv6; unparseable ones
    // never match).
    static bool inRanges(const std::string& ip, const std::vector<std::string>& ranges);
};

} // namespace kvw::core

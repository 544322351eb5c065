#pragma once

namespace kvw::core {

class DetectionContext;

// The Sentinel rules that are more than a grouped count (sentinel-content.md §4.3, §4.4, §4.6).
class SentinelRules
{
public:
    static void massSecretRetrieval(DetectionContext& ctx);
    static void accessTimeSeriesAnomaly(DetectionContext& ctx);
    static void accessPolicyManipulation(DetectionContext& ctx);
};

} // namespace kvw::core

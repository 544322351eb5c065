#pragma once

namespace kvw::core {

class DetectionContext;

// Elastic's Key Vault rules over the audit events (detections.md §2).
class ElasticRules
{
public:
    static void excessiveRetrieval(DetectionContext& ctx);
    static void rareIdentityRetrieval(DetectionContext& ctx);
};

} // namespace kvw::core

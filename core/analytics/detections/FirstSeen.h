#pragma once

#include "core/analytics/detections/DetectionContext.h"

#include <string>

namespace kvw::core {

// "Not seen before on this vault": the first time a key (identity, app, identity+app, operation) appears on a vault in
// the bundle's history, when the vault had at least min_history of history before it.
class FirstSeen
{
public:
    struct Spec
    {
        std::string keyExpr;           // fixed SQL expression over events, e.g. "identity"
        std::string keyLabel;          // "identity", for the explanation
        SqlWhere rule;                 // the events that count (operations, success, kind)
        DetectionContext::AppMode apps = DetectionContext::AppMode::AllOperations;
        bool trustedServices = true;
        std::string knownExpr;         // optional: a broader key that must already be known, e.g. "identity"
        std::string what;              // "first successful access"
    };
    static void run(DetectionContext& ctx, const Spec& spec);
};

} // namespace kvw::core

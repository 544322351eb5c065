#pragma once

#include "core/ingest/RecordOutcome.h"

#include <nlohmann/json_fwd.hpp>

namespace kvw::core {

// Maps one raw AuditEvent record (storage blob, Event Hub, hand-made arrays; formats.md §2–3) to an Event.
// Tolerates: both claim styles, identity as object or JSON text, numbers as strings, properties nested or
// flattened at the top level (the Managed HSM sample), any key order.
class RawRecordNormaliser
{
public:
    static RecordOutcome normalise(const nlohmann::json& record);
    // True when the object has the shape of a raw record (operationName plus time or resourceId).
    static bool looksLikeRawRecord(const nlohmann::json& record);
};

} // namespace kvw::core

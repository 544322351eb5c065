#pragma once

#include "core/ingest/IdentityClaims.h"
#include "core/ingest/RecordOutcome.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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

    // The ingest hot path (JSON Lines and record arrays): parses `text` with simdjson and maps it exactly as the
    // nlohmann route (JsonRecordRouter + normalise) would, but only for the plain raw-record shape: known
    // camelCase top-level keys including time and operationName, no repeated key that the mapping reads, no control
    // byte. nullopt means "not that shape or not valid JSON": the caller takes the general path.
    static std::optional<RecordOutcome> normaliseText(std::string_view text);

    // What normalise() reads from a record, before the checks; both parsers fill it.
    struct RawFields
    {
        std::string category, resourceId, time, operation, operationVersion, resultType, resultSignature,
            resultDescription, callerIp, correlationId;
        std::optional<std::int64_t> durationMs;
        std::optional<std::int64_t> httpStatus;
        std::string requestUri, objectUri, clientInfo, tlsVersion, trustedService;
        std::optional<bool> isRbacAuthorized;
        std::optional<bool> isAccessPolicyMatch;
        std::optional<IdentityClaims> identity;
    };
    static RecordOutcome build(RawFields fields);
};

} // namespace kvw::core

#pragma once

#include "core/ingest/RecordConsumer.h"

#include <nlohmann/json_fwd.hpp>

#include <string_view>

namespace kvw::core {

// Decides per JSON object what it is (a raw AuditEvent record, a {"records"} wrapper, a Log Analytics query
// result or row object, an Elastic document, a Defender alert, a STIX bundle, a metric) and hands it on.
class JsonRecordRouter
{
public:
    // `container` says how the object arrived, for the format label: a line, an array element, or a document.
    enum class Container { Line, ArrayElement, Document };

    static void route(const nlohmann::json& object, std::string_view rawText, std::int64_t recordIndex,
                      Container container, RecordConsumer& consumer);
};

} // namespace kvw::core

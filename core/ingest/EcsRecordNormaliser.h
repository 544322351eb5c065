#pragma once

#include "core/ingest/RecordOutcome.h"

#include <nlohmann/json_fwd.hpp>

namespace kvw::core {

// Maps one Elastic document of the Azure integration (formats.md §16) to an Event: a bare document or a search hit
// with `_source`, fields nested ({"azure":{"platformlogs":…}}) or dotted ("azure.platformlogs.result_type") or
// mixed. When the document keeps the original record in `event.original`, that is parsed as a raw record instead,
// being the most faithful source. Documents of other resource providers are skipped.
class EcsRecordNormaliser
{
public:
    // `@timestamp` plus Azure integration fields (azure.*, or an event.dataset starting with "azure").
    static bool looksLikeEcs(const nlohmann::json& document);
    static RecordOutcome normalise(const nlohmann::json& document);
};

} // namespace kvw::core

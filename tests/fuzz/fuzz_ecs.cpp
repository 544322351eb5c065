// Elastic documents of the Azure integration (EcsRecordNormaliser): nested, dotted and mixed fields, search hits
// with _source, event.original parsed as the raw record.
#include "FuzzJson.h"
#include "core/ingest/EcsRecordNormaliser.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto doc = kvw::fuzz::parseJson(data, size);
    if (doc.is_discarded() || !kvw::core::EcsRecordNormaliser::looksLikeEcs(doc)) {
        return 0;
    }
    const auto outcome = kvw::core::EcsRecordNormaliser::normalise(doc);
    if (outcome.kind == kvw::core::RecordOutcome::Kind::Accepted) {
        (void)outcome.event.time.toIso();
    } else if (outcome.reason.empty()) {
        // A skipped or rejected document always says why.
        std::abort();
    }
    return 0;
}

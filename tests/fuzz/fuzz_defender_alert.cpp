// Defender for Cloud / Sentinel SecurityAlert records in every export shape (continuous export, ARM REST, Log
// Analytics rows with Entities/ExtendedProperties as JSON text): DefenderAlert::fromJson and its entity extraction.
#include "FuzzJson.h"
#include "core/analytics/intel/DefenderAlert.h"

#include <cstdlib>

namespace {

void importAlert(const nlohmann::json& record)
{
    auto alert = kvw::core::DefenderAlert::fromJson(record);
    if (!alert) {
        return;
    }
    // What the importer stores must be valid JSON again, however the entities were written.
    if (!nlohmann::json::accept(alert->entitiesJson) || !nlohmann::json::accept(alert->extendedJson)) {
        std::abort();
    }
    for (const auto& e : alert->entities) {
        if (e.kind.empty() || e.value.empty()) {
            std::abort();
        }
    }
    (void)alert->isKeyVaultAlert();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto doc = kvw::fuzz::parseJson(data, size);
    if (doc.is_array()) {
        for (const auto& record : doc) {
            importAlert(record);
        }
    } else if (!doc.is_discarded()) {
        importAlert(doc);
    }
    return 0;
}

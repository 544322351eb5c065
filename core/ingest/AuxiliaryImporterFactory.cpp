#include "core/ingest/AuxiliaryImporterFactory.h"

namespace kvw::core {

// Alerts, threat intel and metrics importers are registered here as they land; without one, such records are
// counted as skipped rather than lost silently.
std::unique_ptr<AuxiliaryImporter> AuxiliaryImporterFactory::create(const CaseFile& /*caseFile*/)
{
    return nullptr;
}

} // namespace kvw::core

#include "core/ingest/AuxiliaryImporterFactory.h"

#include "core/analytics/intel/CaseAuxiliaryImporter.h"

namespace kvw::core {

// Alerts, threat intel and metrics all go through the one case importer (core/analytics/intel).
std::unique_ptr<AuxiliaryImporter> AuxiliaryImporterFactory::create(const CaseFile& caseFile)
{
    return std::make_unique<CaseAuxiliaryImporter>(caseFile);
}

} // namespace kvw::core

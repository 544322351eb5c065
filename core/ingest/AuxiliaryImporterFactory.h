#pragma once

#include "core/ingest/AuxiliaryImporter.h"

#include <memory>

namespace kvw::core {

class CaseFile;

// Builds the importer that stores alerts, threat intel and metrics into a case.
class AuxiliaryImporterFactory
{
public:
    static std::unique_ptr<AuxiliaryImporter> create(const CaseFile& caseFile);
};

} // namespace kvw::core

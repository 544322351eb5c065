#pragma once

#include "core/common/Result.h"
#include "core/ingest/InputStream.h"
#include "core/ingest/RecordConsumer.h"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace kvw::core {

// Stores the records of a bundle that are not audit events: Defender alerts, threat-intel indicators and lists,
// platform metrics. The ingest pipeline hands them over as it meets them.
class AuxiliaryImporter
{
public:
    virtual ~AuxiliaryImporter() = default;
    virtual Status importRecord(OtherRecordKind kind, const nlohmann::json& record, const std::string& path,
                                std::int64_t recordIndex, std::int64_t fileId) = 0;
    // Plain-text inputs that are not CSV tables (Tor exit lists, IP-per-line lists). Returns false (and reads
    // nothing) when `head` does not look like such a list.
    virtual bool looksLikeTextList(std::string_view head) const = 0;
    virtual Result<std::int64_t> importTextList(InputStream& in, const std::string& path, std::int64_t fileId) = 0;
    // Called when a file is done, so batched rows are committed with it.
    virtual Status finishFile(std::int64_t fileId) = 0;
};

} // namespace kvw::core

#pragma once

#include "core/ingest/RecordOutcome.h"
#include "core/model/Event.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <utility>

namespace kvw::core {

// Records that are not audit events but arrive in the same bundles and are stored in their own tables.
enum class OtherRecordKind { SecurityAlert, Metric, ThreatIndicator };

// Where readers hand what they find in one input file. recordIndex is the 1-based line (JSON Lines, CSV) or the
// record's ordinal in a document; `raw` is the original record text kept for the analyst.
class RecordConsumer
{
public:
    virtual ~RecordConsumer() = default;
    virtual void setFormat(SourceFormat format) = 0;
    virtual void event(Event event, std::int64_t recordIndex, std::string raw) = 0;
    virtual void skipped(std::int64_t recordIndex, const std::string& reason) = 0;
    virtual void rejected(std::int64_t recordIndex, const std::string& reason) = 0;
    virtual void otherRecord(OtherRecordKind kind, const nlohmann::json& record, std::int64_t recordIndex) = 0;
    // Records a whole-file importer (threat-intel lists) stored itself, so the file counts as read.
    virtual void otherRecordsStored(std::int64_t /*count*/) {}
    // Readers poll this between records so Cancel in the GUI stops promptly.
    virtual bool cancelled() const = 0;

    // Hands a mapper's outcome to event / skipped / rejected. `rawText()` is called only for an accepted record,
    // so readers that must rebuild the original text (CSV rows) pay for it only then.
    template <typename RawText>
    void deliver(RecordOutcome outcome, std::int64_t recordIndex, RawText&& rawText)
    {
        switch (outcome.kind) {
        case RecordOutcome::Kind::Accepted:
            event(std::move(outcome.event), recordIndex, std::forward<RawText>(rawText)());
            break;
        case RecordOutcome::Kind::Skipped:
            skipped(recordIndex, outcome.reason);
            break;
        case RecordOutcome::Kind::Rejected:
            rejected(recordIndex, outcome.reason);
            break;
        }
    }
};

} // namespace kvw::core

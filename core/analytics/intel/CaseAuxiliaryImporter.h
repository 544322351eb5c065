#pragma once

#include "core/analytics/intel/AzureMetricRecord.h"
#include "core/analytics/intel/DefenderAlert.h"
#include "core/analytics/intel/ThreatIntelList.h"
#include "core/ingest/AuxiliaryImporter.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kvw::core {

class CaseFile;

// Stores Defender alerts (alerts, alert_entities), threat intel (ti_lists, ti_indicators) and platform metrics
// (metrics) into a case. Rows are buffered and written in transactions of `batchSize` records and at finishFile;
// the importer never holds a transaction open between calls, because the event writer shares the connection.
// Re-reading the same data adds nothing: alerts are unique by SystemAlertId, metrics by time/resource/metric,
// and a file's threat-intel lists replace the ones that file gave before.
class CaseAuxiliaryImporter final : public AuxiliaryImporter
{
public:
    struct Counts
    {
        std::int64_t alertsNew = 0;
        std::int64_t alertsKnown = 0; // already in the case (same SystemAlertId)
        std::int64_t lists = 0;
        std::int64_t indicators = 0;
        std::int64_t nonPublic = 0; // private/loopback/link-local addresses left out of the lists
        std::int64_t metricsNew = 0;
        std::int64_t metricsKnown = 0;
    };

    explicit CaseAuxiliaryImporter(const CaseFile& caseFile, std::size_t batchSize = 2000);
    ~CaseAuxiliaryImporter() override;

    Status importRecord(OtherRecordKind kind, const nlohmann::json& record, const std::string& path,
                        std::int64_t recordIndex, std::int64_t fileId) override;
    bool looksLikeTextList(std::string_view head) const override;
    Result<std::int64_t> importTextList(InputStream& in, const std::string& path, std::int64_t fileId) override;
    Status finishFile(std::int64_t fileId) override;

    const Counts& counts() const { return m_counts; }

private:
    struct PendingAlert
    {
        DefenderAlert alert;
        std::int64_t fileId;
    };
    struct PendingMetric
    {
        AzureMetricRecord metric;
        std::int64_t fileId;
    };
    Status flush();
    Status writeList(const ThreatIntelList& list, std::int64_t fileId);

    const CaseFile& m_case;
    std::size_t m_batchSize;
    std::vector<PendingAlert> m_alerts;
    std::vector<PendingMetric> m_metrics;
    // STIX objects of the current file, gathered into one list written when the file is done.
    std::optional<ThreatIntelList> m_stix;
    std::int64_t m_stixFile = 0;
    Counts m_counts;
};

} // namespace kvw::core

#pragma once

#include "core/analytics/intel/AzureMetricRecord.h"
#include "core/analytics/intel/DefenderAlert.h"
#include "core/analytics/intel/StixIndicatorParser.h"
#include "core/ingest/RecordConsumer.h"

#include <nlohmann/json.hpp>

namespace kvw::fuzz {

// Touches every value a reader hands over, so the sanitizers see any bad memory behind it. Alerts, metrics and
// STIX objects go through the parsers the case importer uses, as they would in a real ingest.
class FuzzConsumer final : public core::RecordConsumer
{
public:
    void setFormat(core::SourceFormat) override {}
    void event(core::Event e, std::int64_t index, std::string raw) override
    {
        m_sink += e.vault.size() + e.operation.size() + raw.size() + static_cast<std::size_t>(index) +
                  e.time.toIso().size() + e.identityUpn.size() + e.objectName.size();
    }
    void skipped(std::int64_t, const std::string& reason) override { m_sink += reason.size(); }
    void rejected(std::int64_t, const std::string& reason) override { m_sink += reason.size(); }
    void otherRecord(core::OtherRecordKind kind, const nlohmann::json& record, std::int64_t) override
    {
        m_sink += record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).size();
        switch (kind) {
        case core::OtherRecordKind::SecurityAlert:
            if (auto alert = core::DefenderAlert::fromJson(record)) {
                m_sink += alert->entities.size() + alert->entitiesJson.size() + alert->extendedJson.size() +
                          alert->vault.size() + static_cast<std::size_t>(alert->isKeyVaultAlert());
            }
            break;
        case core::OtherRecordKind::Metric:
            m_sink += core::AzureMetricRecord::fromJson(record) ? 1 : 0;
            break;
        case core::OtherRecordKind::ThreatIndicator:
            (void)core::StixIndicatorParser::parse(record, m_stix);
            m_sink += m_stix.indicators.size();
            break;
        }
    }
    bool cancelled() const override { return false; }

private:
    std::size_t m_sink = 0;
    core::ThreatIntelList m_stix;
};

} // namespace kvw::fuzz

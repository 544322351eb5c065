#include "core/ingest/JsonRecordRouter.h"

#include "core/ingest/EcsRecordNormaliser.h"
#include "core/ingest/LogAnalyticsQueryReader.h"
#include "core/ingest/LogAnalyticsRowMapper.h"
#include "core/ingest/RawRecordNormaliser.h"

#include <nlohmann/json.hpp>

namespace kvw::core {
namespace {

bool isAlert(const nlohmann::json& o)
{
    return o.contains("AlertType") || o.contains("SystemAlertId") || o.contains("AlertDisplayName") ||
           (o.contains("properties") && o["properties"].is_object() && o["properties"].contains("alertType"));
}

const std::string* wrappedRecordText(const nlohmann::json& o)
{
    for (const auto* holder : {&o, o.contains("input") ? &o["input"] : nullptr}) {
        if (holder && holder->is_object()) {
            const auto it = holder->find("message");
            if (it != holder->end() && it->is_string()) {
                return &it->get_ref<const std::string&>();
            }
        }
    }
    return nullptr;
}

} // namespace

void JsonRecordRouter::route(const nlohmann::json& o, std::string_view raw, std::int64_t index, Container container,
                             RecordConsumer& consumer)
{
    if (!o.is_object()) {
        consumer.rejected(index, "record is not a JSON object");
        return;
    }
    if (const auto records = o.find("records"); records != o.end() && records->is_array()) {
        consumer.setFormat(SourceFormat::RawRecords);
        for (const auto& r : *records) {
            route(r, r.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), index, Container::Document,
                  consumer);
        }
        return;
    }
    // The demo generator's answer key sits in its bundle; it describes the incidents and is not log data.
    if (o.contains("incidents") && o.contains("generator") && o["generator"].is_string() &&
        o["generator"].get_ref<const std::string&>().rfind("kvworkbook", 0) == 0) {
        consumer.setFormat(SourceFormat::Unknown);
        consumer.skipped(index, "KV Workbook demo manifest (incidents.json), not log data");
        return;
    }
    if (LogAnalyticsQueryReader::looksLikeQueryResult(o)) {
        consumer.setFormat(SourceFormat::LogAnalyticsJson);
        LogAnalyticsQueryReader::read(o, consumer);
        return;
    }
    if (EcsRecordNormaliser::looksLikeEcs(o)) {
        consumer.setFormat(SourceFormat::EcsNdjson);
        consumer.deliver(EcsRecordNormaliser::normalise(o), index, [&]() { return std::string(raw); });
        return;
    }
    // Log Analytics row objects (az monitor log-analytics query output) come before raw records: both carry an
    // operation name, but rows use the table's column names (TimeGenerated, suffixed columns).
    if (LogAnalyticsRowMapper::looksLikeRow(o)) {
        const LogAnalyticsTable table = LogAnalyticsRowMapper::detectTable(o);
        if (table == LogAnalyticsTable::SecurityAlert || table == LogAnalyticsTable::AzureMetrics) {
            consumer.otherRecord(table == LogAnalyticsTable::SecurityAlert ? OtherRecordKind::SecurityAlert
                                                                           : OtherRecordKind::Metric,
                                 LogAnalyticsRowMapper::otherRecordObject(o, table), index);
            return;
        }
        consumer.setFormat(SourceFormat::LogAnalyticsJson);
        consumer.deliver(LogAnalyticsRowMapper::mapObject(o), index, [&]() { return std::string(raw); });
        return;
    }
    if (RawRecordNormaliser::looksLikeRawRecord(o)) {
        consumer.setFormat(container == Container::Line           ? SourceFormat::RawJsonLines
                           : container == Container::ArrayElement ? SourceFormat::RawArray
                                                                   : SourceFormat::RawRecords);
        consumer.deliver(RawRecordNormaliser::normalise(o), index, [&]() { return std::string(raw); });
        return;
    }
    // Log shippers wrap the record as JSON text: {"message": "..."} or a test fixture's {"input":{"message":...}}.
    if (const auto* inner = wrappedRecordText(o)) {
        const auto parsed = nlohmann::json::parse(*inner, nullptr, false);
        if (parsed.is_object() && RawRecordNormaliser::looksLikeRawRecord(parsed)) {
            consumer.setFormat(SourceFormat::RawRecords);
            consumer.deliver(RawRecordNormaliser::normalise(parsed), index, [&]() { return std::string(*inner); });
            return;
        }
    }
    if (isAlert(o)) {
        consumer.otherRecord(OtherRecordKind::SecurityAlert, o, index);
        return;
    }
    if ((o.contains("type") && o["type"] == "bundle" && o.contains("objects")) ||
        (o.contains("type") && o["type"] == "indicator" && o.contains("pattern"))) {
        consumer.otherRecord(OtherRecordKind::ThreatIndicator, o, index);
        return;
    }
    if ((o.contains("metricName") && o.contains("timeGrain")) || (o.contains("MetricName") && o.contains("TimeGrain"))) {
        consumer.otherRecord(OtherRecordKind::Metric, o, index);
        return;
    }
    consumer.rejected(index, "unrecognised JSON record (neither an audit record, a Log Analytics row, an Elastic "
                             "document nor an alert)");
}

} // namespace kvw::core

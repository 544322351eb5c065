#pragma once

#include "core/common/Timestamp.h"
#include "core/ingest/RecordOutcome.h"

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kvw::core {

// The Log Analytics tables an analyst exports (formats.md §5, §7, §11.2; detections.md "Alert records").
enum class LogAnalyticsTable { AzureDiagnostics, AzkvAuditLogs, SecurityAlert, AzureMetrics, Unknown };

const char* toString(LogAnalyticsTable table);

// Maps Log Analytics rows (portal CSV cells, query API rows, `az monitor log-analytics query` objects) of the
// AzureDiagnostics and AZKVAuditLogs tables to Events, so that the same record exported raw, as AzureDiagnostics or
// as AZKVAuditLogs gives the same Event (CSV times are cut to milliseconds by the portal). SecurityAlert and
// AzureMetrics rows are recognised and turned into plain objects for RecordConsumer::otherRecord.
class LogAnalyticsRowMapper
{
public:
    // `columns` as exported; the portal's " [UTC]" suffix is stripped and marks the column as a datetime.
    explicit LogAnalyticsRowMapper(const std::vector<std::string>& columns, DateOrder order = DateOrder::MonthFirst);

    LogAnalyticsTable table() const { return m_table; }
    // Column names without the " [UTC]" suffix, in header order.
    const std::vector<std::string>& columns() const { return m_names; }
    DateOrder dateOrder() const { return m_order; }
    void setDateOrder(DateOrder order) { m_order = order; }
    // Query API column types ("datetime", "dynamic", …); CSV headers only mark datetimes, by their suffix.
    void setColumnType(std::size_t column, std::string_view type);

    // The table one row belongs to: its Type cell when that names a table (union queries mix tables), else the
    // header's. A Type naming another table gives Unknown.
    LogAnalyticsTable rowTable(const std::vector<std::string>& cells) const;
    // Missing trailing cells count as empty; extra cells are ignored (the CSV layer rejects them first).
    RecordOutcome map(const std::vector<std::string>& cells) const;
    // The row as an object for otherRecord: non-empty cells by column name, datetimes as ISO-8601, JSON text in
    // dynamic columns parsed, AzureMetrics aggregates as numbers.
    nlohmann::json toObject(const std::vector<std::string>& cells) const;
    // What the analyst sees as the original: a compact JSON object of the non-empty cells under the exported
    // column names, in header order.
    std::string rawText(const std::vector<std::string>& cells) const;
    // Day/month order shown by this row's datetime cells (a first number above 12 means day-first), if any.
    std::optional<DateOrder> dateOrderEvidence(const std::vector<std::string>& cells) const;

    // Arrays of row objects: a row object is keyed by column name (with or without " [UTC]").
    static RecordOutcome mapObject(const nlohmann::json& rowObject);
    // The same with the table already known (query API tables) and a date order for non-ISO datetimes.
    static RecordOutcome mapObject(const nlohmann::json& rowObject, LogAnalyticsTable table, DateOrder order);
    // An object with TimeGenerated (no raw `time`) whose keys make a known table.
    static bool looksLikeRow(const nlohmann::json& object);
    // The table of a row object: its Type value when known, else its keys.
    static LogAnalyticsTable detectTable(const nlohmann::json& rowObject);
    // The table a header belongs to (names with or without " [UTC]").
    static LogAnalyticsTable detectTable(const std::vector<std::string>& columns);
    // The same refinement as toObject for a row object (keys normalised, strings parsed when they hold JSON,
    // non-ISO datetimes in `datetimeColumns` or in the well-known datetime columns rewritten to ISO-8601).
    static nlohmann::json otherRecordObject(const nlohmann::json& rowObject, LogAnalyticsTable table,
                                            DateOrder order = DateOrder::MonthFirst,
                                            const std::vector<std::string>& datetimeColumns = {});
    // "TimeGenerated [UTC]" -> "TimeGenerated"; also trims spaces.
    static std::string normaliseColumnName(std::string_view name);
    // Evidence from one datetime text: "13/6/2023, …" is day-first, "6/13/2023, …" month-first, else nothing.
    static std::optional<DateOrder> dateOrderEvidence(std::string_view datetimeText);

private:
    nlohmann::json rowObject(const std::vector<std::string>& cells) const;

    std::vector<std::string> m_exported;
    std::vector<std::string> m_names;
    std::vector<bool> m_datetime;
    std::vector<bool> m_dynamic;
    LogAnalyticsTable m_table = LogAnalyticsTable::Unknown;
    DateOrder m_order = DateOrder::MonthFirst;
    std::size_t m_typeColumn = static_cast<std::size_t>(-1);
};

} // namespace kvw::core

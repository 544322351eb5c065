#include "core/ingest/LogAnalyticsQueryReader.h"

#include "core/ingest/LogAnalyticsRowMapper.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kvw::core {
namespace {

using nlohmann::json;

const json* member(const json& obj, std::initializer_list<const char*> names)
{
    if (!obj.is_object()) {
        return nullptr;
    }
    for (const char* name : names) {
        if (const auto it = obj.find(name); it != obj.end()) {
            return &*it;
        }
    }
    return nullptr;
}

std::string memberText(const json& obj, std::initializer_list<const char*> names)
{
    const json* v = member(obj, names);
    return v && v->is_string() ? v->get<std::string>() : std::string{};
}

struct Column
{
    std::string name;
    std::string type;
};

std::vector<Column> readColumns(const json& table)
{
    std::vector<Column> columns;
    const json* list = member(table, {"columns", "Columns"});
    if (!list || !list->is_array()) {
        return columns;
    }
    for (const auto& c : *list) {
        if (c.is_string()) {
            columns.push_back({c.get<std::string>(), {}});
        } else {
            columns.push_back({memberText(c, {"name", "columnName", "ColumnName"}),
                               memberText(c, {"type", "dataType", "DataType", "ColumnType"})});
        }
    }
    return columns;
}

} // namespace

bool LogAnalyticsQueryReader::looksLikeQueryResult(const json& doc)
{
    const json* tables = member(doc, {"tables", "Tables"});
    if (!tables || !tables->is_array()) {
        return false;
    }
    return tables->empty() || member(tables->front(), {"columns", "Columns"}) != nullptr;
}

void LogAnalyticsQueryReader::read(const json& doc, RecordConsumer& consumer)
{
    consumer.setFormat(SourceFormat::LogAnalyticsJson);
    const json* tables = member(doc, {"tables", "Tables"});
    if (!tables || !tables->is_array()) {
        consumer.rejected(0, "query result has no \"tables\" array");
        return;
    }
    std::int64_t index = 0;
    for (const auto& table : *tables) {
        const std::vector<Column> columns = readColumns(table);
        const json* rows = member(table, {"rows", "Rows"});
        if (!rows || !rows->is_array()) {
            continue;
        }
        std::vector<std::string> names;
        std::vector<std::string> datetimes;
        for (const auto& c : columns) {
            names.push_back(c.name);
            if (c.type == "datetime" || c.type == "DateTime" || c.type == "System.DateTime") {
                datetimes.push_back(c.name);
            }
        }
        const LogAnalyticsTable headerTable = LogAnalyticsRowMapper::detectTable(names);
        for (const auto& row : *rows) {
            ++index;
            if (consumer.cancelled()) {
                return;
            }
            if (!row.is_array()) {
                consumer.rejected(index, "row is not an array of values");
                continue;
            }
            if (row.size() > names.size()) {
                consumer.rejected(index, "row has " + std::to_string(row.size()) + " values but the table has " +
                                             std::to_string(names.size()) + " columns");
                continue;
            }
            json object = json::object();
            nlohmann::ordered_json raw = nlohmann::ordered_json::object();
            for (std::size_t i = 0; i < row.size(); ++i) {
                object[names[i]] = row[i];
                if (!row[i].is_null() && !(row[i].is_string() && row[i].get_ref<const std::string&>().empty())) {
                    raw[names[i]] = row[i];
                }
            }
            // A Type value decides per row (union queries); without one the header's table does.
            const LogAnalyticsTable rowTable =
                object.contains("Type") ? LogAnalyticsRowMapper::detectTable(object) : headerTable;
            if (rowTable == LogAnalyticsTable::SecurityAlert || rowTable == LogAnalyticsTable::AzureMetrics) {
                consumer.otherRecord(
                    rowTable == LogAnalyticsTable::SecurityAlert ? OtherRecordKind::SecurityAlert
                                                                 : OtherRecordKind::Metric,
                    LogAnalyticsRowMapper::otherRecordObject(object, rowTable, DateOrder::MonthFirst, datetimes),
                    index);
                continue;
            }
            consumer.deliver(LogAnalyticsRowMapper::mapObject(object, headerTable, DateOrder::MonthFirst), index,
                             [&]() { return raw.dump(-1, ' ', false, json::error_handler_t::replace); });
        }
    }
}

} // namespace kvw::core

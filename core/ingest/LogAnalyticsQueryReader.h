#pragma once

#include "core/ingest/RecordConsumer.h"

#include <nlohmann/json_fwd.hpp>

namespace kvw::core {

// Reads a Log Analytics query API result (formats.md §9.2):
// {"tables":[{"name","columns":[{"name","type"}],"rows":[[…]]}]}, also "Tables" and the older
// {"TableName","Columns":[{"ColumnName","DataType"}],"Rows"} spelling. Each table is recognised by its columns
// (each row by its Type value in union queries); audit rows become events, SecurityAlert and AzureMetrics rows go
// to otherRecord. Record index = the row's 1-based ordinal across all tables.
class LogAnalyticsQueryReader
{
public:
    static bool looksLikeQueryResult(const nlohmann::json& doc);
    static void read(const nlohmann::json& doc, RecordConsumer& consumer);
};

} // namespace kvw::core

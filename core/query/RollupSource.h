#pragma once

#include "core/common/Timestamp.h"
#include "core/query/EventFilter.h"
#include "core/query/SqlWhere.h"

#include <optional>
#include <string>
#include <vector>

namespace kvw::core {

class CaseFile;
class Database;
class Statement;

// Where a workbook query reads its rows from: the hourly rollups for the whole hours of the range and single events
// for the partial hours at its edges (the five-minute rollups and the partial five minutes when the query buckets
// by whole five minutes under an hour), or events alone when the filter narrows by something the rollups do not
// keep (free text, grid column filters, tags), when the query buckets by a grain no rollup keeps apart, or when the
// case has none.
// Either way the rows carry the same columns, so a query is written once:
//   Kind::Events  - vault subscription resource_id resource_type operation op_class object_name http_status success
//                   result_type trusted_service caller_ip identity_oid identity_upn identity_appid identity_kind
//                   identity, plus n (events the row stands for), first_time and last_time (earliest and latest),
//                   and bucket_time, which falls in the same bucket as every event of the row on any axis whose grain
//                   is whole hours (or, under an hour, whole five minutes) and whose start is on that unit (and is
//                   the event time itself otherwise);
//                   duration_ms is the event's own in rows from events and NULL in rows from the rollups;
//                   and, when the case's views show them (CaseFile::textIdsEnabled), subscription_ref
//                   resource_id_ref resource_type_ref op_class_ref result_type_ref identity_kind_ref, the ids of
//                   those texts (TextLookup), to group by.
//   Kind::Latency - vault subscription resource_type identity_kind operation duration_ms n bucket_time, one row per
//                   distinct duration (events without one are left out).
//   Kind::OperationMinutes - operation vault subscription resource_type identity_kind has_upn n bucket_time, per
//                   minute instead of per hour (bucket_time then keeps apart any whole-minute grain).
class RollupSource
{
public:
    enum class Kind { Events, Latency, OperationMinutes };

    // `from`/`to` narrow the filter's own range further (an axis, say); `grain` is the coarsest bucket the query
    // needs to keep apart (0: none).
    RollupSource(const CaseFile& caseFile, Kind kind, const EventFilter& filter, std::optional<Timestamp> from = {},
                 std::optional<Timestamp> to = {}, std::int64_t grain = 0);

    // "SELECT <select> FROM (<the rows>)<rest>", the rows carrying only the columns `select` and `rest` name, so
    // SQLite, which cannot flatten a UNION ALL under an aggregate, does not compute the others for every row.
    // `rest` starts with its own space (" WHERE ...", " GROUP BY ..."). Placeholders in `select` come before the
    // source's values, those in `rest` after them.
    std::string query(const std::string& select, const std::string& rest = {}) const;
    // For reading row by row, with no aggregate over the rows: "SELECT <select> FROM <part><condition>" for each
    // part, joined by a top-level UNION ALL, which SQLite runs part after part (a UNION ALL in FROM costs a
    // co-routine switch per row). `select` holds no placeholders; `condition` applies to every part. Prepared and
    // bound.
    Statement rows(const Database& db, const std::string& select, const SqlWhere& condition = {}) const;
    // Binds the source's values from `index`; returns the next free index.
    int bind(Statement& st, int index = 1) const;
    // Whether any rows come from the rollups.
    bool usesRollups() const { return m_rollups; }

    // Whether the rollups can answer for this filter at all (ignoring time).
    static bool covers(Kind kind, const EventFilter& filter);
    // The span of one rollup row for a query of `grain`: an hour, five minutes for grains under an hour that are
    // whole five minutes (when the case has those rollups), a minute for OperationMinutes.
    static std::int64_t unit(Kind kind, std::int64_t grain, bool fiveMinutes);

private:
    void addEvents(const EventFilter& scope, std::optional<std::int64_t> from, std::optional<std::int64_t> to);
    void addRollup(const EventFilter& scope, std::optional<std::int64_t> from, std::optional<std::int64_t> to);
    struct Part
    {
        bool rollup;           // a rollup table rather than events
        std::string fromWhere; // "table WHERE ..."
        std::vector<SqlWhere::Value> values;
    };
    std::string partSql(const Part& part, const std::vector<std::string>& columns) const;
    std::string timeColumn() const;

    Kind m_kind;
    std::int64_t m_unit = 0;
    std::vector<Part> m_parts;
    std::vector<SqlWhere::Value> m_values;
    bool m_rollups = false;
};

} // namespace kvw::core

#include "core/store/Schema.h"

#include <string>

namespace kvw::core {
namespace {

constexpr std::string_view kV1 = R"SQL(
CREATE TABLE case_info (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row per input file or archive member ever read; re-reading a path updates its row.
CREATE TABLE files (
    id          INTEGER PRIMARY KEY,
    path        TEXT NOT NULL UNIQUE,
    format      TEXT NOT NULL DEFAULT 'unknown',
    size        INTEGER,
    fingerprint TEXT,
    status      TEXT NOT NULL DEFAULT 'loading',   -- loading | complete | failed
    records     INTEGER NOT NULL DEFAULT 0,        -- records recognised in the file
    inserted    INTEGER NOT NULL DEFAULT 0,        -- new events stored
    duplicates  INTEGER NOT NULL DEFAULT 0,        -- records already in the case
    rejected    INTEGER NOT NULL DEFAULT 0,        -- malformed records
    skipped     INTEGER NOT NULL DEFAULT 0,        -- well-formed records of other services or categories
    started_at  TEXT,
    finished_at TEXT
);

CREATE TABLE ingest_errors (
    id      INTEGER PRIMARY KEY,
    file_id INTEGER REFERENCES files(id) ON DELETE CASCADE,
    path    TEXT NOT NULL,
    line    INTEGER NOT NULL DEFAULT 0,
    code    TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE INDEX ingest_errors_file ON ingest_errors(file_id);

-- Original records, zstd-compressed in chunks: u32 little-endian length + bytes, repeated.
CREATE TABLE raw_chunks (
    id    INTEGER PRIMARY KEY,
    codec TEXT NOT NULL,
    data  BLOB NOT NULL
);

CREATE TABLE events (
    id                  INTEGER PRIMARY KEY,
    time                INTEGER NOT NULL,          -- 100-ns ticks since 1970-01-01 UTC
    resource_id         TEXT NOT NULL DEFAULT '',
    subscription        TEXT NOT NULL DEFAULT '',
    resource_group      TEXT NOT NULL DEFAULT '',
    resource_type       TEXT NOT NULL DEFAULT 'unknown',  -- vault | managedhsm | unknown
    vault               TEXT NOT NULL DEFAULT '',
    operation           TEXT NOT NULL DEFAULT '',
    operation_version   TEXT NOT NULL DEFAULT '',
    op_class            TEXT NOT NULL DEFAULT 'other',
    object_type         TEXT NOT NULL DEFAULT '',
    object_name         TEXT NOT NULL DEFAULT '',
    object_version      TEXT NOT NULL DEFAULT '',
    http_status         INTEGER,
    success             INTEGER,                   -- http_status < 400; NULL when the record has no status
    result_type         TEXT NOT NULL DEFAULT '',
    result_signature    TEXT NOT NULL DEFAULT '',
    result_description  TEXT NOT NULL DEFAULT '',
    duration_ms         INTEGER,
    caller_ip           TEXT NOT NULL DEFAULT '',
    identity_oid        TEXT NOT NULL DEFAULT '',
    identity_upn        TEXT NOT NULL DEFAULT '',
    identity_appid      TEXT NOT NULL DEFAULT '',
    identity_kind       TEXT NOT NULL DEFAULT 'unknown',
    client_info         TEXT NOT NULL DEFAULT '',
    request_uri         TEXT NOT NULL DEFAULT '',
    object_uri          TEXT NOT NULL DEFAULT '',
    correlation_id      TEXT NOT NULL DEFAULT '',
    tls_version         TEXT NOT NULL DEFAULT '',
    rbac_authorized     INTEGER,
    access_policy_match INTEGER,
    trusted_service     TEXT NOT NULL DEFAULT '',
    file_id             INTEGER NOT NULL REFERENCES files(id),
    record_index        INTEGER NOT NULL,          -- line number (JSON Lines, CSV) or record ordinal
    format              TEXT NOT NULL,
    raw_chunk           INTEGER REFERENCES raw_chunks(id),
    raw_index           INTEGER,
    dedup_key           INTEGER NOT NULL,
    -- The one identity key used everywhere: object id, else app id, else UPN (sentinel-content.md §7.6).
    identity            TEXT GENERATED ALWAYS AS (
                            CASE WHEN identity_oid <> '' THEN identity_oid
                                 WHEN identity_appid <> '' THEN identity_appid
                                 ELSE identity_upn END) VIRTUAL
);
CREATE UNIQUE INDEX events_dedup ON events(dedup_key);
CREATE INDEX events_time ON events(time);
CREATE INDEX events_vault_time ON events(vault, time);
CREATE INDEX events_ip_time ON events(caller_ip, time);
CREATE INDEX events_identity_time ON events(identity, time);
CREATE INDEX events_operation_time ON events(operation, time);

-- Defender alerts (SecurityAlert exports, Defender for Cloud JSON).
CREATE TABLE alerts (
    id              INTEGER PRIMARY KEY,
    system_alert_id TEXT NOT NULL UNIQUE,
    alert_type      TEXT NOT NULL DEFAULT '',
    display_name    TEXT NOT NULL DEFAULT '',
    severity        TEXT NOT NULL DEFAULT '',
    start_time      INTEGER,
    end_time        INTEGER,
    time_generated  INTEGER,
    resource_id     TEXT NOT NULL DEFAULT '',
    subscription    TEXT NOT NULL DEFAULT '',
    vault           TEXT NOT NULL DEFAULT '',
    compromised_entity TEXT NOT NULL DEFAULT '',
    description     TEXT NOT NULL DEFAULT '',
    alert_link      TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT '',
    tactics         TEXT NOT NULL DEFAULT '',
    product_name    TEXT NOT NULL DEFAULT '',
    is_sample       INTEGER NOT NULL DEFAULT 0,
    entities_json   TEXT NOT NULL DEFAULT '[]',
    extended_json   TEXT NOT NULL DEFAULT '{}',
    file_id         INTEGER REFERENCES files(id),
    raw             TEXT NOT NULL DEFAULT ''
);
CREATE TABLE alert_entities (
    alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
    kind     TEXT NOT NULL,     -- ip | account | azure-resource | host | ...
    value    TEXT NOT NULL      -- address, AAD user id (or UPN), resource id (lower-case)
);
CREATE INDEX alert_entities_value ON alert_entities(kind, value);

-- Threat-intelligence lists and their indicators.
CREATE TABLE ti_lists (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL,
    kind      TEXT NOT NULL,        -- tor | ip-list | stix
    list_date TEXT NOT NULL DEFAULT '',
    file_id   INTEGER REFERENCES files(id)
);
CREATE TABLE ti_indicators (
    id          INTEGER PRIMARY KEY,
    list_id     INTEGER NOT NULL REFERENCES ti_lists(id) ON DELETE CASCADE,
    ip          TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    valid_from  INTEGER,
    valid_until INTEGER,
    confidence  INTEGER
);
CREATE INDEX ti_indicators_ip ON ti_indicators(ip);

-- Platform metrics (AzureMetrics exports).
CREATE TABLE metrics (
    id          INTEGER PRIMARY KEY,
    time        INTEGER NOT NULL,
    resource_id TEXT NOT NULL,
    vault       TEXT NOT NULL,
    metric      TEXT NOT NULL,
    total       REAL, count REAL, minimum REAL, maximum REAL, average REAL,
    unit        TEXT NOT NULL DEFAULT '',
    file_id     INTEGER REFERENCES files(id),
    UNIQUE(time, resource_id, metric)
);

-- Detection findings of the last run, and the analyst's annotations.
CREATE TABLE findings (
    id          INTEGER PRIMARY KEY,
    rule_id     TEXT NOT NULL,
    title       TEXT NOT NULL,
    severity    TEXT NOT NULL,
    start_time  INTEGER NOT NULL,
    end_time    INTEGER NOT NULL,
    detail_json TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE annotations (
    id          INTEGER PRIMARY KEY,
    target_kind TEXT NOT NULL,      -- event | ip | identity | vault | app | object | finding | alert | operation
    target      TEXT NOT NULL,
    tag         TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    bookmark    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    author      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX annotations_target ON annotations(target_kind, target);
)SQL";

// The event grid seeks by (sorted column, time, rowid) for every sortable column; these three had no index. Nullable
// columns are indexed as ifnull(column, -1), the expression the grid sorts by (EventQuery::sortColumn).
constexpr std::string_view kV2 = R"SQL(
CREATE INDEX events_status_time ON events(ifnull(http_status, -1), time);
CREATE INDEX events_duration_time ON events(ifnull(duration_ms, -1), time);
CREATE INDEX events_object_time ON events(object_name, time);
)SQL";


// Hourly rollups, maintained at ingest by EventWriter (HourlyRollup) in the same transaction as the events, so the
// workbook's views aggregate tens of thousands of rows instead of millions. One row per hour and distinct
// combination of every column a view groups or filters by; the cases made before v3 get theirs built here.
constexpr std::string_view kV3 = R"SQL(
CREATE TABLE event_hours (
    hour            INTEGER NOT NULL,          -- start of the hour, 100-ns ticks
    vault           TEXT NOT NULL,
    subscription    TEXT NOT NULL,
    resource_id     TEXT NOT NULL,
    resource_type   TEXT NOT NULL,
    operation       TEXT NOT NULL,
    op_class        TEXT NOT NULL,
    object_name     TEXT NOT NULL,
    http_status     INTEGER NOT NULL,          -- -1: none (a key column cannot be NULL); RollupSource maps it back
    success         INTEGER NOT NULL,          -- -1: none
    result_type     TEXT NOT NULL,
    trusted_service TEXT NOT NULL,
    caller_ip       TEXT NOT NULL,
    identity_oid    TEXT NOT NULL,
    identity_upn    TEXT NOT NULL,
    identity_appid  TEXT NOT NULL,
    identity_kind   TEXT NOT NULL,
    n               INTEGER NOT NULL,          -- events in the group
    first_time      INTEGER NOT NULL,
    last_time       INTEGER NOT NULL,
    identity        TEXT GENERATED ALWAYS AS (
                        CASE WHEN identity_oid <> '' THEN identity_oid
                             WHEN identity_appid <> '' THEN identity_appid
                             ELSE identity_upn END) VIRTUAL,
    -- Clustered by hour: a range of hours is one sequential read.
    PRIMARY KEY (hour, vault, subscription, resource_id, resource_type, operation, op_class, object_name, http_status,
                 success, result_type, trusted_service, caller_ip, identity_oid, identity_upn, identity_appid,
                 identity_kind)
) WITHOUT ROWID;

-- Per minute and operation, for the operation analysis chart (its buckets are a tenth of the workbook grain).
CREATE TABLE operation_minutes (
    minute        INTEGER NOT NULL,            -- start of the minute, 100-ns ticks
    operation     TEXT NOT NULL,
    vault         TEXT NOT NULL,
    subscription  TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    identity_kind TEXT NOT NULL,
    has_upn       INTEGER NOT NULL,            -- identity_upn <> '': the chart's users / services split
    n             INTEGER NOT NULL,
    PRIMARY KEY (minute, operation, vault, subscription, resource_type, identity_kind, has_upn)
) WITHOUT ROWID;

-- Request durations per hour, exact (one row per distinct value), for the monitoring tab's percentiles.
CREATE TABLE latency_hours (
    hour          INTEGER NOT NULL,
    vault         TEXT NOT NULL,
    subscription  TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    identity_kind TEXT NOT NULL,
    operation     TEXT NOT NULL,
    duration_ms   INTEGER NOT NULL,
    n             INTEGER NOT NULL,
    PRIMARY KEY (hour, vault, subscription, resource_type, identity_kind, operation, duration_ms)
) WITHOUT ROWID;

INSERT INTO event_hours (hour, vault, subscription, resource_id, resource_type, operation, op_class, object_name,
    http_status, success, result_type, trusted_service, caller_ip, identity_oid, identity_upn, identity_appid,
    identity_kind, n, first_time, last_time)
SELECT time - (((time % 36000000000) + 36000000000) % 36000000000) AS h, vault, subscription, resource_id,
    resource_type, operation, op_class, object_name, ifnull(http_status, -1), ifnull(success, -1), result_type,
    trusted_service, caller_ip, identity_oid, identity_upn, identity_appid, identity_kind, COUNT(*), MIN(time),
    MAX(time)
FROM events
GROUP BY h, vault, subscription, resource_id, resource_type, operation, op_class, object_name, http_status, success,
    result_type, trusted_service, caller_ip, identity_oid, identity_upn, identity_appid, identity_kind;

INSERT INTO operation_minutes (minute, operation, vault, subscription, resource_type, identity_kind, has_upn, n)
SELECT time - (((time % 600000000) + 600000000) % 600000000) AS m, operation, vault, subscription, resource_type,
    identity_kind, identity_upn <> '', COUNT(*)
FROM events
GROUP BY m, operation, vault, subscription, resource_type, identity_kind, identity_upn <> '';

INSERT INTO latency_hours (hour, vault, subscription, resource_type, identity_kind, operation, duration_ms, n)
SELECT time - (((time % 36000000000) + 36000000000) % 36000000000) AS h, vault, subscription, resource_type,
    identity_kind, operation, duration_ms, COUNT(*)
FROM events WHERE duration_ms IS NOT NULL
GROUP BY h, vault, subscription, resource_type, identity_kind, operation, duration_ms;
)SQL";


// Five-minute rollups beside the hourly ones, for the views whose buckets are under an hour (a day's range buckets
// by 10 or 15 minutes): the columns of event_hours and latency_hours per five minutes. Built here for v3 cases.
constexpr std::string_view kV4 = R"SQL(
CREATE TABLE event_5min (
    slot            INTEGER NOT NULL,          -- start of the five minutes, 100-ns ticks
    vault           TEXT NOT NULL,
    subscription    TEXT NOT NULL,
    resource_id     TEXT NOT NULL,
    resource_type   TEXT NOT NULL,
    operation       TEXT NOT NULL,
    op_class        TEXT NOT NULL,
    object_name     TEXT NOT NULL,
    http_status     INTEGER NOT NULL,          -- -1: none, as in event_hours
    success         INTEGER NOT NULL,
    result_type     TEXT NOT NULL,
    trusted_service TEXT NOT NULL,
    caller_ip       TEXT NOT NULL,
    identity_oid    TEXT NOT NULL,
    identity_upn    TEXT NOT NULL,
    identity_appid  TEXT NOT NULL,
    identity_kind   TEXT NOT NULL,
    n               INTEGER NOT NULL,
    first_time      INTEGER NOT NULL,
    last_time       INTEGER NOT NULL,
    identity        TEXT GENERATED ALWAYS AS (
                        CASE WHEN identity_oid <> '' THEN identity_oid
                             WHEN identity_appid <> '' THEN identity_appid
                             ELSE identity_upn END) VIRTUAL,
    PRIMARY KEY (slot, vault, subscription, resource_id, resource_type, operation, op_class, object_name, http_status,
                 success, result_type, trusted_service, caller_ip, identity_oid, identity_upn, identity_appid,
                 identity_kind)
) WITHOUT ROWID;

CREATE TABLE latency_5min (
    slot          INTEGER NOT NULL,
    vault         TEXT NOT NULL,
    subscription  TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    identity_kind TEXT NOT NULL,
    operation     TEXT NOT NULL,
    duration_ms   INTEGER NOT NULL,
    n             INTEGER NOT NULL,
    PRIMARY KEY (slot, vault, subscription, resource_type, identity_kind, operation, duration_ms)
) WITHOUT ROWID;

INSERT INTO event_5min (slot, vault, subscription, resource_id, resource_type, operation, op_class, object_name,
    http_status, success, result_type, trusted_service, caller_ip, identity_oid, identity_upn, identity_appid,
    identity_kind, n, first_time, last_time)
SELECT time - (((time % 3000000000) + 3000000000) % 3000000000) AS s, vault, subscription, resource_id,
    resource_type, operation, op_class, object_name, ifnull(http_status, -1), ifnull(success, -1), result_type,
    trusted_service, caller_ip, identity_oid, identity_upn, identity_appid, identity_kind, COUNT(*), MIN(time),
    MAX(time)
FROM events
GROUP BY s, vault, subscription, resource_id, resource_type, operation, op_class, object_name, http_status, success,
    result_type, trusted_service, caller_ip, identity_oid, identity_upn, identity_appid, identity_kind;

INSERT INTO latency_5min (slot, vault, subscription, resource_type, identity_kind, operation, duration_ms, n)
SELECT time - (((time % 3000000000) + 3000000000) % 3000000000) AS s, vault, subscription, resource_type,
    identity_kind, operation, duration_ms, COUNT(*)
FROM events WHERE duration_ms IS NOT NULL
GROUP BY s, vault, subscription, resource_type, identity_kind, operation, duration_ms;
)SQL";

// Distinct request URIs of the successful requests per hour and caller, kept at ingest for Sentinel's mass secret
// retrieval rule (distinct URIs per caller, operation and day), which otherwise reads millions of events for them.
// Success as DetectionContext::successSql has it: an HTTP status under 400, or no status and a "Success" result.
constexpr std::string_view kV5 = R"SQL(
CREATE TABLE uri_hours (
    hour            INTEGER NOT NULL,
    vault           TEXT NOT NULL,
    subscription    TEXT NOT NULL,
    resource_type   TEXT NOT NULL,
    identity_kind   TEXT NOT NULL,
    operation       TEXT NOT NULL,
    identity_oid    TEXT NOT NULL,
    identity_upn    TEXT NOT NULL,
    identity_appid  TEXT NOT NULL,
    caller_ip       TEXT NOT NULL,
    trusted_service TEXT NOT NULL,
    request_uri     TEXT NOT NULL,
    n               INTEGER NOT NULL,
    identity        TEXT GENERATED ALWAYS AS (
                        CASE WHEN identity_oid <> '' THEN identity_oid
                             WHEN identity_appid <> '' THEN identity_appid
                             ELSE identity_upn END) VIRTUAL,
    PRIMARY KEY (hour, vault, subscription, resource_type, identity_kind, operation, identity_oid, identity_upn,
                 identity_appid, caller_ip, trusted_service, request_uri)
) WITHOUT ROWID;

INSERT INTO uri_hours (hour, vault, subscription, resource_type, identity_kind, operation, identity_oid, identity_upn,
    identity_appid, caller_ip, trusted_service, request_uri, n)
SELECT time - (((time % 36000000000) + 36000000000) % 36000000000) AS h, vault, subscription, resource_type,
    identity_kind, operation, identity_oid, identity_upn, identity_appid, caller_ip, trusted_service, request_uri,
    COUNT(*)
FROM events WHERE success = 1 OR (success IS NULL AND lower(result_type) = 'success')
GROUP BY h, vault, subscription, resource_type, identity_kind, operation, identity_oid, identity_upn, identity_appid,
    caller_ip, trusted_service, request_uri;
)SQL";

// The events' columns in the order of the v1 table, and which of them event_rows keeps as an id into event_texts:
// the repetitive ones no index orders by (a resource id is 134 bytes, a request URI 95, a user agent 80, a
// subscription 36: 530 of an event's 820 bytes in the demo data). The indexed ones stay texts, since the grid's
// keyset paging walks their indexes in text order.
enum class Stored
{
    Inline,
    Interned, // as <name>_ref, an id into event_texts
    Guid,     // a lowercase canonical GUID as its 16 bytes (GuidBytes), anything else as the text
};
struct EventColumn
{
    const char* name;
    Stored stored;
};
constexpr Stored I = Stored::Inline;   // short names keep the table below readable
constexpr Stored T = Stored::Interned;
constexpr EventColumn kEventColumns[] = {
    {"id", I}, {"time", I}, {"resource_id", T}, {"subscription", T}, {"resource_group", T}, {"resource_type", T},
    {"vault", I}, {"operation", I}, {"operation_version", T}, {"op_class", T}, {"object_type", T},
    {"object_name", I}, {"object_version", T}, {"http_status", I}, {"success", I}, {"result_type", T},
    {"result_signature", T}, {"result_description", T}, {"duration_ms", I}, {"caller_ip", I}, {"identity_oid", I},
    {"identity_upn", I}, {"identity_appid", I}, {"identity_kind", T}, {"client_info", T}, {"request_uri", T},
    {"object_uri", T}, {"correlation_id", Stored::Guid}, {"tls_version", T}, {"rbac_authorized", I},
    {"access_policy_match", I}, {"trusted_service", I}, {"file_id", I}, {"record_index", I}, {"format", T},
    {"raw_chunk", I}, {"raw_index", I}, {"dedup_key", I}, {"identity", I}};

// The text of a GUID stored as its bytes: SQLite's hex() in lower case, with the dashes of 8-4-4-4-12.
std::string guidText(const std::string& column)
{
    const std::string h = "lower(hex(" + column + "))";
    return "CASE WHEN typeof(" + column + ") = 'blob' THEN substr(" + h + ", 1, 8) || '-' || substr(" + h +
           ", 9, 4) || '-' || substr(" + h + ", 13, 4) || '-' || substr(" + h + ", 17, 4) || '-' || substr(" + h +
           ", 21) ELSE " + column + " END";
}

// The indexes the readers name (INDEXED BY cannot be applied to a view): each gets a view of its own that reads
// event_rows through it, events_via_<index without "events_">.
constexpr const char* kHintedIndexes[] = {"events_vault_time",    "events_operation_time", "events_status_time",
                                          "events_ip_time",       "events_identity_time",  "events_duration_time",
                                          "events_object_time"};

// `ids`: with the ids of the interned texts after the columns (v7).
std::string eventsViewSelect(bool ids)
{
    std::string sql = "SELECT ";
    bool first = true;
    for (const EventColumn& c : kEventColumns) {
        sql += first ? "" : ", ";
        first = false;
        switch (c.stored) {
        case Stored::Interned:
            sql += std::string("(SELECT value FROM event_texts WHERE id = r.") + c.name + "_ref) AS " + c.name;
            break;
        case Stored::Guid: sql += guidText(std::string("r.") + c.name) + " AS " + c.name; break;
        case Stored::Inline: sql += std::string("r.") + c.name; break;
        }
    }
    // From v7 on, the ids as well, after the columns of the v1 table: a reader that groups by an interned column
    // can group by its id and look the text up once per group instead of once per row.
    for (const EventColumn& c : kEventColumns) {
        if (ids && c.stored == Stored::Interned) {
            sql += std::string(", r.") + c.name + "_ref";
        }
    }
    return sql + " FROM event_rows r";
}

// The events view and its views through the hinted indexes (created before the indexes exist is fine: INDEXED BY
// is checked when a statement is prepared).
std::string eventViewsSql(bool ids)
{
    std::string s = "CREATE VIEW events AS " + eventsViewSelect(ids) + ";\n";
    for (const char* index : kHintedIndexes) {
        const std::string name(index);
        s += "CREATE VIEW events_via_" + name.substr(7) + " AS " + eventsViewSelect(ids) + " INDEXED BY " + name +
             ";\n";
    }
    return s;
}

// A rollup table's column: its SQL type, whether the narrow table keeps it as an id into event_texts, and whether
// it is part of the key.
struct RollupColumn
{
    const char* name;
    const char* type;
    bool interned;
    bool key;
};

struct RollupTable
{
    const char* table; // the name readers use, a view from v6 on
    const char* rows;  // the narrow table behind it
    std::vector<RollupColumn> columns;
    bool identity; // has the generated identity column (object id, else app id, else UPN)
};

const std::vector<RollupTable>& rollupTables()
{
    // The rollups keep their scope texts (subscription 36 bytes, resource id 134, identity kind 16…) as ids: a
    // five-minute table has nearly a row per event. Texts the readers filter or group by through an index stay.
    static const std::vector<RollupColumn> eventColumns = {
        {"vault", "TEXT", false, true},           {"subscription", "TEXT", true, true},
        {"resource_id", "TEXT", true, true},      {"resource_type", "TEXT", true, true},
        {"operation", "TEXT", false, true},       {"op_class", "TEXT", true, true},
        {"object_name", "TEXT", false, true},     {"http_status", "INTEGER", false, true},
        {"success", "INTEGER", false, true},      {"result_type", "TEXT", true, true},
        {"trusted_service", "TEXT", false, true}, {"caller_ip", "TEXT", false, true},
        {"identity_oid", "TEXT", false, true},    {"identity_upn", "TEXT", false, true},
        {"identity_appid", "TEXT", false, true},  {"identity_kind", "TEXT", true, true},
        {"n", "INTEGER", false, false},           {"first_time", "INTEGER", false, false},
        {"last_time", "INTEGER", false, false}};
    static const std::vector<RollupColumn> latencyColumns = {
        {"vault", "TEXT", false, true},         {"subscription", "TEXT", true, true},
        {"resource_type", "TEXT", true, true},  {"identity_kind", "TEXT", true, true},
        {"operation", "TEXT", false, true},     {"duration_ms", "INTEGER", false, true},
        {"n", "INTEGER", false, false}};
    auto timed = [](const char* time, std::vector<RollupColumn> columns) {
        columns.insert(columns.begin(), RollupColumn{time, "INTEGER", false, true});
        return columns;
    };
    static const std::vector<RollupTable> tables = {
        {"event_hours", "event_hour_rows", timed("hour", eventColumns), true},
        {"event_5min", "event_5min_rows", timed("slot", eventColumns), true},
        {"latency_hours", "latency_hour_rows", timed("hour", latencyColumns), false},
        {"latency_5min", "latency_5min_rows", timed("slot", latencyColumns), false},
        {"operation_minutes", "operation_minute_rows",
         {{"minute", "INTEGER", false, true}, {"operation", "TEXT", false, true}, {"vault", "TEXT", false, true},
          {"subscription", "TEXT", true, true}, {"resource_type", "TEXT", true, true},
          {"identity_kind", "TEXT", true, true}, {"has_upn", "INTEGER", false, true}, {"n", "INTEGER", false, false}},
         false},
        {"uri_hours", "uri_hour_rows",
         {{"hour", "INTEGER", false, true}, {"vault", "TEXT", false, true}, {"subscription", "TEXT", true, true},
          {"resource_type", "TEXT", true, true}, {"identity_kind", "TEXT", true, true},
          {"operation", "TEXT", false, true}, {"identity_oid", "TEXT", false, true},
          {"identity_upn", "TEXT", false, true}, {"identity_appid", "TEXT", false, true},
          {"caller_ip", "TEXT", false, true}, {"trusted_service", "TEXT", false, true},
          {"request_uri", "TEXT", true, true}, {"n", "INTEGER", false, false}},
         true},
    };
    return tables;
}

constexpr std::string_view kGeneratedIdentity = R"SQL(identity TEXT GENERATED ALWAYS AS (
        CASE WHEN identity_oid <> '' THEN identity_oid
             WHEN identity_appid <> '' THEN identity_appid
             ELSE identity_upn END) VIRTUAL)SQL";

// The view of a rollup's old name over its narrow table: every column as before, then (`ids`, v7) the ids.
std::string rollupViewSql(const RollupTable& t, bool ids)
{
    std::string shown;
    std::string refs;
    for (const RollupColumn& c : t.columns) {
        const std::string name = c.name;
        shown += shown.empty() ? "" : ", ";
        shown += c.interned ? "(SELECT value FROM event_texts WHERE id = r." + name + "_ref) AS " + name : "r." + name;
        refs += ids && c.interned ? ", r." + name + "_ref" : "";
    }
    if (t.identity) {
        shown += ", r.identity";
    }
    return "CREATE VIEW " + std::string(t.table) + " AS SELECT " + shown + refs + " FROM " + t.rows + " r;\n";
}

// `table` becomes a view over its narrow table, whose key names the ids instead of the texts (one to one).
std::string rollupRowsSql(const RollupTable& t)
{
    const std::string rows = t.rows;
    std::string define;
    std::string key;
    std::string columns;
    std::string values;
    std::string texts;
    bool first = true;
    for (const RollupColumn& c : t.columns) {
        const std::string name = c.name;
        const char* comma = first ? "" : ", ";
        first = false;
        const std::string stored = c.interned ? name + "_ref" : name;
        define += "    " + stored + " " + (c.interned ? "INTEGER" : c.type) + " NOT NULL,\n";
        if (c.key) {
            key += (key.empty() ? "" : ", ") + stored;
        }
        columns += comma + stored;
        values += comma;
        values += c.interned ? "(SELECT id FROM event_texts WHERE value = t." + name + ")" : "t." + name;
        if (c.interned) {
            texts += "INSERT OR IGNORE INTO event_texts(value) SELECT DISTINCT " + name + " FROM " + t.table + ";\n";
        }
    }
    if (t.identity) {
        define += "    " + std::string(kGeneratedIdentity) + ",\n";
    }
    std::string s = "CREATE TABLE " + rows + " (\n" + define + "    PRIMARY KEY (" + key + ")\n) WITHOUT ROWID;\n";
    s += texts;
    s += "INSERT INTO " + rows + " (" + columns + ") SELECT " + values + " FROM " + t.table + " t;\n";
    s += "DROP TABLE " + std::string(t.table) + ";\n";
    return s + rollupViewSql(t, false);
}

// Schema v6: events keep their wide texts once, in event_texts, and `events` becomes a view over the narrow
// event_rows that shows every column as before, so every reader's SQL stays as it was. Cases of v5 and older are
// rewritten here; their indexes are all built again on event_rows under the same names (also those an ingest that
// stopped midway had dropped: the next ingest then finds them present and forgets the SQL it kept).
const std::string& v6Sql()
{
    static const std::string sql = [] {
        std::string s = R"SQL(
CREATE TABLE event_texts (
    id    INTEGER PRIMARY KEY,
    value TEXT NOT NULL UNIQUE
);

-- The events, with the interned columns as ids into event_texts (no REFERENCES clause: with foreign keys on, it
-- would cost eleven lookups per insert; TextInterner hands out only ids it read or inserted).
CREATE TABLE event_rows (
    id                     INTEGER PRIMARY KEY,
    time                   INTEGER NOT NULL,
    resource_id_ref        INTEGER NOT NULL,
    subscription_ref       INTEGER NOT NULL,
    resource_group_ref     INTEGER NOT NULL,
    resource_type_ref      INTEGER NOT NULL,
    vault                  TEXT NOT NULL DEFAULT '',
    operation              TEXT NOT NULL DEFAULT '',
    operation_version_ref  INTEGER NOT NULL,
    op_class_ref           INTEGER NOT NULL,
    object_type_ref        INTEGER NOT NULL,
    object_name            TEXT NOT NULL DEFAULT '',
    object_version_ref     INTEGER NOT NULL,
    http_status            INTEGER,
    success                INTEGER,
    result_type_ref        INTEGER NOT NULL,
    result_signature_ref   INTEGER NOT NULL,
    result_description_ref INTEGER NOT NULL,
    duration_ms            INTEGER,
    caller_ip              TEXT NOT NULL DEFAULT '',
    identity_oid           TEXT NOT NULL DEFAULT '',
    identity_upn           TEXT NOT NULL DEFAULT '',
    identity_appid         TEXT NOT NULL DEFAULT '',
    identity_kind_ref      INTEGER NOT NULL,
    client_info_ref        INTEGER NOT NULL,
    request_uri_ref        INTEGER NOT NULL,
    object_uri_ref         INTEGER NOT NULL,
    correlation_id         NOT NULL DEFAULT '',   -- a BLOB of 16 bytes, or TEXT (see guidText)
    tls_version_ref        INTEGER NOT NULL,
    rbac_authorized        INTEGER,
    access_policy_match    INTEGER,
    trusted_service        TEXT NOT NULL DEFAULT '',
    file_id                INTEGER NOT NULL REFERENCES files(id),
    record_index           INTEGER NOT NULL,
    format_ref             INTEGER NOT NULL,
    raw_chunk              INTEGER REFERENCES raw_chunks(id),
    raw_index              INTEGER,
    dedup_key              INTEGER NOT NULL,
    identity               TEXT GENERATED ALWAYS AS (
                               CASE WHEN identity_oid <> '' THEN identity_oid
                                    WHEN identity_appid <> '' THEN identity_appid
                                    ELSE identity_upn END) VIRTUAL
);
)SQL";
        for (const EventColumn& c : kEventColumns) {
            if (c.stored == Stored::Interned) {
                s += std::string("INSERT OR IGNORE INTO event_texts(value) SELECT DISTINCT ") + c.name +
                     " FROM events;\n";
            }
        }
        std::string columns;
        std::string values;
        for (const EventColumn& c : kEventColumns) {
            if (std::string_view(c.name) == "identity") {
                continue; // generated
            }
            columns += columns.empty() ? "" : ", ";
            values += values.empty() ? "" : ", ";
            const bool interned = c.stored == Stored::Interned;
            columns += std::string(c.name) + (interned ? "_ref" : "");
            values += interned ? std::string("(SELECT id FROM event_texts WHERE value = e.") + c.name + ")"
                                 : std::string("e.") + c.name;
        }
        s += "INSERT INTO event_rows(" + columns + ") SELECT " + values + " FROM events e ORDER BY e.id;\n";
        s += "DROP TABLE events;\n";
        s += eventViewsSql(false);
        s += R"SQL(
CREATE UNIQUE INDEX events_dedup ON event_rows(dedup_key);
CREATE INDEX events_time ON event_rows(time);
CREATE INDEX events_vault_time ON event_rows(vault, time);
CREATE INDEX events_ip_time ON event_rows(caller_ip, time);
CREATE INDEX events_identity_time ON event_rows(identity, time);
CREATE INDEX events_operation_time ON event_rows(operation, time);
CREATE INDEX events_status_time ON event_rows(ifnull(http_status, -1), time);
CREATE INDEX events_duration_time ON event_rows(ifnull(duration_ms, -1), time);
CREATE INDEX events_object_time ON event_rows(object_name, time);
)SQL";
        for (const RollupTable& t : rollupTables()) {
            s += rollupRowsSql(t);
        }
        return s;
    }();
    return sql;
}

// Schema v7: the views show the ids of the interned texts as well (`<column>_ref`). The views of v6 are made again;
// no row changes.
const std::string& v7Sql()
{
    static const std::string sql = [] {
        std::string s;
        for (const char* index : kHintedIndexes) {
            s += "DROP VIEW IF EXISTS events_via_" + std::string(index).substr(7) + ";\n";
        }
        s += "DROP VIEW events;\n" + eventViewsSql(true);
        for (const RollupTable& t : rollupTables()) {
            s += "DROP VIEW " + std::string(t.table) + ";\n" + rollupViewSql(t, true);
        }
        return s;
    }();
    return sql;
}

} // namespace

const std::vector<Migration>& schemaMigrations()
{
    static const std::vector<Migration> migrations{
        {1, "events, files, errors, raw chunks, alerts, threat intel, metrics, findings, annotations", kV1},
        {2, "indexes for the event grid's keyset paging (status, duration, object name)", kV2},
        {3, "rollups maintained at ingest: events and request durations per hour, operations per minute", kV3},
        {4, "five-minute rollups of events and request durations, for buckets under an hour", kV4},
        {5, "distinct request URIs of successful requests per hour and caller, for mass secret retrieval", kV5},
        {6, "wide event texts stored once (event_texts): events, event_hours and event_5min become views over "
            "narrow tables", v6Sql()},
        {7, "the events view and the rollups show the ids of their interned texts as well", v7Sql()},
    };
    return migrations;
}

int currentSchemaVersion() { return schemaMigrations().back().version; }

} // namespace kvw::core

#pragma once

#include "core/common/Result.h"
#include "core/store/Database.h"

#include <string>

namespace kvw::core {

// One investigation in one SQLite file (.kvwb): events, ingest history, alerts, threat intel, findings, notes.
class CaseFile
{
public:
    // The connection settings every open applies (and a bulk load puts back after changing them).
    static constexpr const char* kConnectionSettings = "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536;";
    // Reads through a memory map of the file (up to SQLite's 2 GiB build limit): a view's first run then reads the
    // OS's pages in place instead of copying them into a page cache it first has to allocate (at 1 M events the
    // monitoring view took 72 instead of 135 ms). The mapped pages count in the process's resident size, so an
    // ingest switches it off while it runs (UnmappedReads) to keep its memory bounded.
    static constexpr const char* kMappedReads = "PRAGMA mmap_size=2147418112;";

    // Opens or creates the case and brings its schema up to date.
    static Result<CaseFile> open(const std::string& path);
    static Result<CaseFile> openReadOnly(const std::string& path);

    CaseFile(CaseFile&&) noexcept = default;
    CaseFile& operator=(CaseFile&&) noexcept = default;

    const Database& db() const { return m_db; }
    const std::string& path() const { return m_db.path(); }
    int schemaVersion() const;
    // Whether the index exists now: an ingest into an empty case drops the secondary indexes until it ends, and
    // INDEXED BY a missing index is an error rather than a slower plan.
    bool hasIndex(const std::string& name) const;
    // What to read events from so that SQLite walks the named index ("events_vault_time"…): its view of schema v6
    // (INDEXED BY cannot be applied to the events view), "events INDEXED BY …" for an older case, or plain
    // "events" while the index is missing.
    std::string eventsVia(const std::string& index) const;

    // Whether workbook queries may read the hourly rollups (schema v3, kept at ingest). Always true for a case
    // opened read-write; false for an older case opened read-only. The benchmark and the tests switch them off to
    // compare against the events themselves.
    bool rollupsEnabled() const { return m_rollups; }
    void setRollupsEnabled(bool on)
    {
        const int version = schemaVersion();
        m_rollups = on && version >= 3;
        m_fiveMinuteRollups = on && version >= 4;
        m_uriRollups = on && version >= 5;
    }
    // Whether they include the five-minute ones (schema v4), for buckets under an hour.
    bool fiveMinuteRollupsEnabled() const { return m_fiveMinuteRollups; }
    // Whether they include the distinct request URIs of successful requests per hour and caller (schema v5).
    bool uriRollupsEnabled() const { return m_uriRollups; }
    // Whether the events view and the rollups show the ids of their interned texts as `<column>_ref` (schema v7),
    // so that a reader can group by the id and look the text up once per group (TextLookup). The tests switch
    // them off to compare against the texts.
    bool textIdsEnabled() const { return m_textIds; }
    void setTextIdsEnabled(bool on) { m_textIds = on && schemaVersion() >= 7; }

    // The original record as it was read (JSON text; for CSV rows, a JSON object of the non-empty cells).
    Result<std::string> rawRecord(std::int64_t eventId) const;

private:
    explicit CaseFile(Database db) : m_db(std::move(db)) {}
    Status migrate();

    Database m_db;
    bool m_rollups = false;
    bool m_fiveMinuteRollups = false;
    bool m_uriRollups = false;
    bool m_textIds = false;
};

} // namespace kvw::core

#pragma once

#include "core/store/Database.h"

namespace kvw::core {

// While one ingest has the case to itself, a rollback journal instead of the write-ahead log: pages appended past
// the end of the file are never journaled, where the WAL writes every page twice (to the log, then back at the
// checkpoint): a sixth of the ingest's wall time at a million events, a tenth at ten million. SQLite refuses the
// switch while any other connection has the case open, and then the case simply stays in WAL so those readers keep
// reading.
// The case is back in WAL (with NORMAL sync) when this ends; a case left in the rollback journal by a killed
// ingest is put back in WAL by CaseFile::open.
class BulkLoadJournal
{
public:
    explicit BulkLoadJournal(const Database& db);
    ~BulkLoadJournal();
    BulkLoadJournal(const BulkLoadJournal&) = delete;
    BulkLoadJournal& operator=(const BulkLoadJournal&) = delete;

    // Whether the switch took: false when another connection had the case open.
    bool active() const { return m_active; }
    // Back to WAL now (no transaction may be open). Safe to call twice.
    void restore();

private:
    const Database& m_db;
    bool m_active = false;
};

} // namespace kvw::core

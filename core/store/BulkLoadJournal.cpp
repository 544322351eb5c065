#include "core/store/BulkLoadJournal.h"

namespace kvw::core {

namespace {

std::string journalMode(const Database& db, std::string_view pragma)
{
    auto st = db.prepare(pragma);
    return st.step() ? st.text(0) : std::string();
}

} // namespace

BulkLoadJournal::BulkLoadJournal(const Database& db) : m_db(db)
{
    try {
        if (journalMode(db, "PRAGMA journal_mode") != "wal") {
            return;
        }
        // Another connection's lock means "stay in WAL", not "wait for it".
        db.setBusyTimeout(std::chrono::milliseconds(0));
        try {
            m_active = journalMode(db, "PRAGMA journal_mode=DELETE") == "delete";
        } catch (const DatabaseError&) {
            db.setBusyTimeout(Database::kDefaultBusyTimeout);
            throw;
        }
        db.setBusyTimeout(Database::kDefaultBusyTimeout);
        if (m_active) {
            // NORMAL is only crash-safe in WAL; with a rollback journal the commit must sync the journal first.
            db.exec("PRAGMA synchronous=FULL");
        }
    } catch (const DatabaseError&) {
        // Busy (another connection): stay in WAL.
        m_active = false;
    }
}

BulkLoadJournal::~BulkLoadJournal()
{
    try {
        restore();
    } catch (const DatabaseError&) {
        // The next CaseFile::open puts the case back in WAL.
    }
}

void BulkLoadJournal::restore()
{
    if (!m_active) {
        return;
    }
    m_db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL");
    m_active = false;
}

} // namespace kvw::core

#include "core/store/UnmappedReads.h"

#include "core/store/CaseFile.h"
#include "core/store/Database.h"

namespace kvw::core {

UnmappedReads::UnmappedReads(const Database& db) : m_db(db)
{
    try {
        m_db.exec("PRAGMA mmap_size=0");
    } catch (const DatabaseError&) {
        // Only memory: the ingest reads through the map instead.
    }
}

UnmappedReads::~UnmappedReads()
{
    try {
        m_db.exec(CaseFile::kMappedReads);
    } catch (const DatabaseError&) {
        // Reads go through the page cache until the case is opened again.
    }
}

} // namespace kvw::core

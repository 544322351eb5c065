#include "core/store/CaseFile.h"

#include "core/store/RawChunkCodec.h"
#include "core/store/Schema.h"

#include <filesystem>

namespace kvw::core {

Result<CaseFile> CaseFile::open(const std::string& path)
{
    auto db = Database::open(path);
    if (!db) {
        return db.error();
    }
    CaseFile file(std::move(*db));
    try {
        // WAL keeps readers (the GUI) going while an ingest writes; NORMAL sync is crash-safe in WAL mode
        // (a power cut may lose the last commits, never corrupt the file).
        file.m_db.exec("PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
        file.m_db.exec(kConnectionSettings);
    } catch (const DatabaseError& e) {
        return Error{Error::Code::Database, path, 0, std::string("not a KV Workbook case file: ") + e.what()};
    }
    if (auto st = file.migrate(); !st) {
        return st.error();
    }
    try {
        file.m_db.exec(kMappedReads); // after the migrations, which may rewrite every page
    } catch (const DatabaseError&) {
        // Reads go through the page cache only.
    }
    file.m_rollups = true;
    file.m_fiveMinuteRollups = true;
    file.m_uriRollups = true;
    file.m_textIds = true;
    return file;
}

Result<CaseFile> CaseFile::openReadOnly(const std::string& path)
{
    if (!std::filesystem::exists(path)) {
        return Error{Error::Code::NotFound, path, 0, "case file does not exist"};
    }
    auto db = Database::open(path, Database::Mode::ReadOnly);
    if (!db) {
        return db.error();
    }
    CaseFile file(std::move(*db));
    try {
        const int version = file.schemaVersion();
        if (version < 1 || version > currentSchemaVersion()) {
            return Error{Error::Code::Format, path, 0,
                         "not a KV Workbook case file (schema version " + std::to_string(version) + ")"};
        }
        file.m_rollups = version >= 3;
        file.m_fiveMinuteRollups = version >= 4;
        file.m_uriRollups = version >= 5;
        file.m_textIds = version >= 7;
        file.m_db.exec(kConnectionSettings);
        file.m_db.exec(kMappedReads);
    } catch (const DatabaseError& e) {
        return Error{Error::Code::Database, path, 0, std::string("not a KV Workbook case file: ") + e.what()};
    }
    return file;
}

bool CaseFile::hasIndex(const std::string& name) const
{
    auto st = m_db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?");
    st.bind(1, name);
    return st.step();
}

std::string CaseFile::eventsVia(const std::string& index) const
{
    constexpr std::string_view kPrefix = "events_";
    if (index.rfind(kPrefix, 0) != 0 || !hasIndex(index)) {
        return "events";
    }
    if (schemaVersion() < 6) {
        return "events INDEXED BY " + index;
    }
    const std::string view = "events_via_" + index.substr(kPrefix.size());
    auto st = m_db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'view' AND name = ?");
    st.bind(1, view);
    return st.step() ? view : std::string("events");
}

int CaseFile::schemaVersion() const
{
    auto st = m_db.prepare("PRAGMA user_version");
    st.step();
    return static_cast<int>(st.int64(0));
}

Status CaseFile::migrate()
{
    try {
        const int have = schemaVersion();
        if (have > currentSchemaVersion()) {
            return Error{Error::Code::Format, path(), 0,
                         "case file was written by a newer KV Workbook (schema " + std::to_string(have) + ")"};
        }
        if (have > 0 && have < currentSchemaVersion()) {
            // The rollup migrations group every event: let SQLite's sorter spill to temporary files with a small
            // cache instead of sorting millions of rows in memory (temp_store=MEMORY took 480 MB at 1 M events).
            m_db.exec("PRAGMA temp_store=FILE; PRAGMA cache_size=-16384;");
        }
        for (const auto& m : schemaMigrations()) {
            if (m.version <= have) {
                continue;
            }
            Transaction tx(m_db);
            m_db.exec(m.sql);
            m_db.exec("PRAGMA user_version=" + std::to_string(m.version));
            tx.commit();
        }
        m_db.exec(kConnectionSettings);
        auto st = m_db.prepare("INSERT OR IGNORE INTO case_info(key, value) VALUES('created_by', ?)");
        st.bind(1, std::string("KV Workbook ") + KVW_VERSION).run();
    } catch (const DatabaseError& e) {
        return Error{Error::Code::Database, path(), 0, std::string("cannot prepare case file: ") + e.what()};
    }
    return {};
}

Result<std::string> CaseFile::rawRecord(std::int64_t eventId) const
{
    try {
        auto st = m_db.prepare("SELECT c.codec, c.data, e.raw_index FROM events e JOIN raw_chunks c ON c.id = e.raw_chunk "
                               "WHERE e.id = ?");
        st.bind(1, eventId);
        if (!st.step()) {
            return Error{Error::Code::NotFound, path(), 0, "no original record for event " + std::to_string(eventId)};
        }
        auto records = RawChunkCodec::decode(st.text(0), st.blob(1));
        if (!records) {
            return records.error();
        }
        const auto index = static_cast<std::size_t>(st.int64(2));
        if (index >= records->size()) {
            return Error{Error::Code::Format, path(), 0, "original record index out of range"};
        }
        return std::move((*records)[index]);
    } catch (const DatabaseError& e) {
        return Error{Error::Code::Database, path(), 0, e.what()};
    }
}

} // namespace kvw::core

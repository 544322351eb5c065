#include "core/store/Database.h"

#include <sqlite3.h>

namespace kvw::core {

void Statement::Finalizer::operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
void Database::Closer::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

void Statement::check(int rc) const
{
    if (rc != SQLITE_OK) {
        throw DatabaseError(sqlite3_errmsg(m_db));
    }
}

Statement& Statement::bind(int index, std::int64_t value)
{
    check(sqlite3_bind_int64(m_stmt.get(), index, value));
    return *this;
}

Statement& Statement::bind(int index, double value)
{
    check(sqlite3_bind_double(m_stmt.get(), index, value));
    return *this;
}

Statement& Statement::bind(int index, std::string_view text)
{
    check(sqlite3_bind_text64(m_stmt.get(), index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
    return *this;
}

Statement& Statement::bindBlob(int index, const void* data, std::size_t size)
{
    check(sqlite3_bind_blob64(m_stmt.get(), index, data, size, SQLITE_TRANSIENT));
    return *this;
}

Statement& Statement::bindUnowned(int index, std::string_view text)
{
    check(sqlite3_bind_text64(m_stmt.get(), index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8));
    return *this;
}

Statement& Statement::bindBlobUnowned(int index, const void* data, std::size_t size)
{
    check(sqlite3_bind_blob64(m_stmt.get(), index, data, size, SQLITE_STATIC));
    return *this;
}

Statement& Statement::bindNull(int index)
{
    check(sqlite3_bind_null(m_stmt.get(), index));
    return *this;
}

bool Statement::step()
{
    const int rc = sqlite3_step(m_stmt.get());
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    throw DatabaseError(sqlite3_errmsg(m_db));
}

void Statement::run()
{
    while (step()) {
    }
    reset();
}

void Statement::reset()
{
    sqlite3_reset(m_stmt.get());
    sqlite3_clear_bindings(m_stmt.get());
}

int Statement::columnCount() const { return sqlite3_column_count(m_stmt.get()); }
bool Statement::isNull(int column) const { return sqlite3_column_type(m_stmt.get(), column) == SQLITE_NULL; }
std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(m_stmt.get(), column); }
double Statement::real(int column) const { return sqlite3_column_double(m_stmt.get(), column); }

std::string_view Statement::textView(int column) const
{
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt.get(), column));
    const int n = sqlite3_column_bytes(m_stmt.get(), column);
    return p ? std::string_view(p, static_cast<std::size_t>(n)) : std::string_view{};
}

std::string Statement::text(int column) const { return std::string(textView(column)); }

std::string Statement::blob(int column) const
{
    const auto* p = static_cast<const char*>(sqlite3_column_blob(m_stmt.get(), column));
    const int n = sqlite3_column_bytes(m_stmt.get(), column);
    return p ? std::string(p, static_cast<std::size_t>(n)) : std::string{};
}

std::string Statement::columnName(int column) const
{
    const char* n = sqlite3_column_name(m_stmt.get(), column);
    return n ? n : "";
}

Result<Database> Database::open(const std::string& path, Mode mode)
{
    sqlite3* raw = nullptr;
    const int flags = mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY
                                             : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    Database db;
    db.m_db.reset(raw);
    db.m_path = path;
    if (rc != SQLITE_OK) {
        return Error{Error::Code::Database, path, 0,
                     std::string("cannot open case file: ") + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc))};
    }
    sqlite3_busy_timeout(raw, static_cast<int>(kDefaultBusyTimeout.count()));
    sqlite3_extended_result_codes(raw, 1);
    return db;
}

void Database::setBusyTimeout(std::chrono::milliseconds timeout) const
{
    sqlite3_busy_timeout(m_db.get(), static_cast<int>(timeout.count()));
}

Statement Database::prepare(std::string_view sql) const
{
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(m_db.get(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                      &stmt, nullptr);
    if (rc != SQLITE_OK) {
        throw DatabaseError(std::string(sqlite3_errmsg(m_db.get())) + " in: " + std::string(sql.substr(0, 200)));
    }
    return Statement(m_db.get(), stmt);
}

void Database::exec(std::string_view sql) const
{
    char* err = nullptr;
    const std::string text(sql);
    if (sqlite3_exec(m_db.get(), text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string message = err ? err : "unknown error";
        sqlite3_free(err);
        throw DatabaseError(message);
    }
}

std::int64_t Database::lastInsertRowId() const { return sqlite3_last_insert_rowid(m_db.get()); }
int Database::changes() const { return sqlite3_changes(m_db.get()); }
void Database::interrupt() const { sqlite3_interrupt(m_db.get()); }

Transaction::Transaction(const Database& db) : m_db(db) { m_db.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction()
{
    if (!m_done) {
        try {
            m_db.exec("ROLLBACK");
        } catch (const DatabaseError&) {
            // The connection may already have rolled back (e.g. after an interrupt); nothing else to undo.
        }
    }
}

void Transaction::commit()
{
    m_db.exec("COMMIT");
    m_done = true;
}

} // namespace kvw::core

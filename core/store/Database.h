#pragma once

#include "core/common/Result.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace kvw::core {

class Database;

// A prepared statement. Values only ever reach SQL through bind(); there is no API that splices text.
class Statement
{
public:
    Statement() = default;
    Statement(Statement&&) noexcept = default;
    Statement& operator=(Statement&&) noexcept = default;
    ~Statement() = default;

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bindBlob(int index, const void* data, std::size_t size);
    // Without SQLite's copy: the caller keeps the bytes alive and unchanged until the statement is stepped and reset
    // (run() does both). For bulk inserts, where the copies cost a twentieth of the ingest's time.
    Statement& bindUnowned(int index, std::string_view text);
    Statement& bindBlobUnowned(int index, const void* data, std::size_t size);
    Statement& bindNull(int index);
    template <typename T>
    Statement& bind(int index, const std::optional<T>& value)
    {
        return value ? bind(index, *value) : bindNull(index);
    }

    // Advances to the next row; false when done. Errors are thrown as DatabaseError inside the store only.
    bool step();
    // Runs a statement that returns no rows.
    void run();
    void reset();

    int columnCount() const;
    bool isNull(int column) const;
    std::int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    std::string_view textView(int column) const;
    std::string blob(int column) const;
    std::string columnName(int column) const;

    bool valid() const { return m_stmt != nullptr; }

private:
    friend class Database;
    struct Finalizer
    {
        void operator()(sqlite3_stmt* s) const;
    };
    Statement(sqlite3* db, sqlite3_stmt* stmt) : m_db(db), m_stmt(stmt) {}
    void check(int rc) const;

    sqlite3* m_db = nullptr;
    std::unique_ptr<sqlite3_stmt, Finalizer> m_stmt;
};

// Thrown by Statement/Database and caught at the store's public boundary (CaseFile), which returns Error values.
class DatabaseError : public std::exception
{
public:
    explicit DatabaseError(std::string message) : m_message(std::move(message)) {}
    const char* what() const noexcept override { return m_message.c_str(); }

private:
    std::string m_message;
};

class Database
{
public:
    enum class Mode { ReadWrite, ReadOnly };

    // How long a statement waits for another connection's lock before it fails with "database is locked".
    static constexpr std::chrono::milliseconds kDefaultBusyTimeout{5000};

    static Result<Database> open(const std::string& path, Mode mode = Mode::ReadWrite);

    Database(Database&&) noexcept = default;
    Database& operator=(Database&&) noexcept = default;
    ~Database() = default;

    Statement prepare(std::string_view sql) const;
    // For fixed SQL only (schema, pragmas): never pass text that holds a value.
    void exec(std::string_view sql) const;
    std::int64_t lastInsertRowId() const;
    int changes() const;
    void setBusyTimeout(std::chrono::milliseconds timeout) const;
    const std::string& path() const { return m_path; }

    // Lets a long query be abandoned from another thread (a newer filter supersedes it).
    void interrupt() const;

private:
    struct Closer
    {
        void operator()(sqlite3* db) const;
    };
    Database() = default;

    std::unique_ptr<sqlite3, Closer> m_db;
    std::string m_path;
};

// RAII transaction: rolls back unless commit() was called.
class Transaction
{
public:
    explicit Transaction(const Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    const Database& m_db;
    bool m_done = false;
};

} // namespace kvw::core

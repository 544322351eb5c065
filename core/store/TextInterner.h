#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace kvw::core {

class Database;

// Maps the wide, repetitive texts of events (resource ids, request URIs, user agents…) to the ids of their one row
// in event_texts (schema v6), so each event row stores a small integer instead of the text. Lookups hit an
// in-memory cache first and the table's unique index after; the cache is dropped whole when it holds maxCached
// texts, so memory stays bounded even when a crafted log makes every URI distinct. Throws DatabaseError.
class TextInterner
{
public:
    explicit TextInterner(const Database& db, std::size_t maxCached = 1 << 16);
    ~TextInterner();
    TextInterner(const TextInterner&) = delete;
    TextInterner& operator=(const TextInterner&) = delete;

    // The id of text in event_texts, inserting it (in the connection's open transaction) when it is new.
    std::int64_t idOf(std::string_view text);
    // After a rollback: ids handed out since the last commit may no longer exist.
    void forget() { m_ids.clear(); }
    std::size_t cached() const { return m_ids.size(); }

private:
    struct Hash
    {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    struct Statements;

    const Database& m_db;
    std::size_t m_maxCached;
    std::unordered_map<std::string, std::int64_t, Hash, std::equal_to<>> m_ids;
    std::unique_ptr<Statements> m_st;
};

} // namespace kvw::core

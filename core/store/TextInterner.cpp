#include "core/store/TextInterner.h"

#include "core/store/Database.h"

namespace kvw::core {

struct TextInterner::Statements
{
    Statement find;
    Statement insert;
};

TextInterner::TextInterner(const Database& db, std::size_t maxCached)
    : m_db(db), m_maxCached(maxCached == 0 ? 1 : maxCached), m_st(std::make_unique<Statements>())
{
    m_st->find = db.prepare("SELECT id FROM event_texts WHERE value = ?");
    m_st->insert = db.prepare("INSERT INTO event_texts(value) VALUES(?)");
}

TextInterner::~TextInterner() = default;

std::int64_t TextInterner::idOf(std::string_view text)
{
    if (const auto it = m_ids.find(text); it != m_ids.end()) {
        return it->second;
    }
    std::int64_t id = 0;
    // An empty view may have no data pointer, which SQLite would bind as NULL.
    const std::string_view value = text.empty() ? std::string_view("", 0) : text;
    Statement& find = m_st->find;
    find.reset();
    find.bindUnowned(1, value);
    if (find.step()) {
        id = find.int64(0);
        find.reset();
    } else {
        find.reset();
        m_st->insert.reset(); // a failed run leaves it stepped
        m_st->insert.bindUnowned(1, value).run();
        id = m_db.lastInsertRowId();
    }
    if (m_ids.size() >= m_maxCached) {
        m_ids.clear();
    }
    m_ids.emplace(std::string(text), id);
    return id;
}

} // namespace kvw::core

#include "core/store/TextLookup.h"

namespace kvw::core {

TextLookup::TextLookup(const Database& db) : m_find(db.prepare("SELECT value FROM event_texts WHERE id = ?")) {}

const std::string& TextLookup::text(std::int64_t id)
{
    if (const auto it = m_texts.find(id); it != m_texts.end()) {
        return it->second;
    }
    m_find.reset();
    m_find.bind(1, id);
    std::string value = m_find.step() ? m_find.text(0) : std::string();
    m_find.reset();
    return m_texts.emplace(id, std::move(value)).first->second;
}

} // namespace kvw::core

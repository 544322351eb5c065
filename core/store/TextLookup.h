#pragma once

#include "core/store/Database.h"

#include <cstdint>
#include <string>
#include <unordered_map>

namespace kvw::core {

// The texts behind the ids the views show as `<column>_ref` (schema v7), read from event_texts once per id. For
// readers that group rows by an interned column's id and need the text only per group: SQLite looks a text up in
// every row that names the column, which cost more than the rest of the row in the rollup views. Keeps every text
// it was asked for until it is destroyed; a reader asks only for the ids of its groups. Throws DatabaseError.
class TextLookup
{
public:
    explicit TextLookup(const Database& db);

    // The text of `id`; empty for an id event_texts does not hold (the view would show NULL).
    const std::string& text(std::int64_t id);

private:
    Statement m_find;
    std::unordered_map<std::int64_t, std::string> m_texts;
};

} // namespace kvw::core

#include "core/query/SqlWhere.h"

#include "core/store/Database.h"

namespace kvw::core {

void SqlWhere::add(std::string clause, std::vector<Value> values)
{
    m_clauses.push_back(std::move(clause));
    for (auto& v : values) {
        m_values.push_back(std::move(v));
    }
}

std::string SqlWhere::andSql() const
{
    std::string out;
    for (const auto& c : m_clauses) {
        out += " AND (" + c + ")";
    }
    return out;
}

std::string SqlWhere::sql() const
{
    if (m_clauses.empty()) {
        return {};
    }
    return " WHERE 1=1" + andSql();
}

int SqlWhere::bind(Statement& st, int index) const
{
    for (const auto& v : m_values) {
        if (const auto* i = std::get_if<std::int64_t>(&v)) {
            st.bind(index++, *i);
        } else if (const auto* s = std::get_if<std::string>(&v)) {
            st.bind(index++, *s);
        } else {
            st.bind(index++, std::get<double>(v));
        }
    }
    return index;
}

} // namespace kvw::core

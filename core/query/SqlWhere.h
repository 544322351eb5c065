#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace kvw::core {

class Statement;

// A WHERE clause built from fixed SQL fragments with '?' placeholders and their values, bound in order.
class SqlWhere
{
public:
    using Value = std::variant<std::int64_t, std::string, double>;

    void add(std::string clause, std::vector<Value> values = {});
    // " WHERE a AND b" or "" when there is no condition.
    std::string sql() const;
    // " AND a AND b" for appending to a clause that already has conditions.
    std::string andSql() const;
    bool empty() const { return m_clauses.empty(); }
    // Binds the values starting at `index`; returns the next free index.
    int bind(Statement& st, int index = 1) const;
    const std::vector<Value>& values() const { return m_values; }

private:
    std::vector<std::string> m_clauses;
    std::vector<Value> m_values;
};

} // namespace kvw::core

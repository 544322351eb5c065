#include "core/query/ColumnCriterion.h"

#include "core/model/AzureResourceId.h"

#include <array>
#include <charconv>

namespace kvw::core {
namespace {

using Column = ColumnCriterion::Column;

constexpr std::array<std::pair<Column, const char*>, 12> kNames{{
    {Column::Vault, "vault"},
    {Column::Operation, "operation"},
    {Column::Status, "status"},
    {Column::Result, "result"},
    {Column::CallerIp, "ip"},
    {Column::Identity, "identity"},
    {Column::Upn, "upn"},
    {Column::AppId, "appid"},
    {Column::ObjectName, "object"},
    {Column::DurationMs, "duration"},
    {Column::ClientInfo, "client"},
    {Column::RequestUri, "uri"},
}};

std::optional<std::int64_t> number(const std::string& text)
{
    std::int64_t v = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, v);
    if (ec != std::errc() || ptr != end || text.empty()) {
        return std::nullopt;
    }
    return v;
}

} // namespace

bool ColumnCriterion::isNumeric(Column column) { return column == Column::Status || column == Column::DurationMs; }

const char* ColumnCriterion::name(Column column)
{
    for (const auto& [c, n] : kNames) {
        if (c == column) {
            return n;
        }
    }
    return "?";
}

std::optional<ColumnCriterion::Column> ColumnCriterion::columnFromName(const std::string& name)
{
    const std::string lower = toLower(name);
    for (const auto& [c, n] : kNames) {
        if (lower == n) {
            return c;
        }
    }
    if (lower == "caller_ip" || lower == "callerip") {
        return Column::CallerIp;
    }
    if (lower == "object_name") {
        return Column::ObjectName;
    }
    if (lower == "duration_ms") {
        return Column::DurationMs;
    }
    return std::nullopt;
}

Result<ColumnCriterion> ColumnCriterion::parse(const std::string& expression)
{
    // The first operator character ends the column name: '~' contains, '=' equals, '>=' / '<=' a bound.
    const auto op = expression.find_first_of("~=<>");
    if (op == std::string::npos || op == 0) {
        return Error{Error::Code::Usage, "", 0,
                     "cannot read '" + expression + "' (use COLUMN=VALUE, COLUMN~TEXT, COLUMN>=N or COLUMN<=N)"};
    }
    const auto column = columnFromName(expression.substr(0, op));
    if (!column) {
        std::string names;
        for (const auto& [c, n] : kNames) {
            names += (names.empty() ? "" : ", ") + std::string(n);
        }
        return Error{Error::Code::Usage, "", 0,
                     "unknown column '" + expression.substr(0, op) + "' (one of " + names + ")"};
    }
    ColumnCriterion c;
    c.column = *column;
    const char first = expression[op];
    if (first == '~' || first == '=') {
        c.match = first == '~' ? Match::Contains : Match::Equals;
        c.text = expression.substr(op + 1);
        if (isNumeric(c.column) && c.match == Match::Equals) {
            const auto v = number(c.text);
            if (!v) {
                return Error{Error::Code::Usage, "", 0, "'" + c.text + "' is not a whole number"};
            }
            c.match = Match::Range;
            c.min = v;
            c.max = v;
            c.text.clear();
        }
        return c;
    }
    if (op + 1 >= expression.size() || expression[op + 1] != '=' || !isNumeric(c.column)) {
        return Error{Error::Code::Usage, "", 0, "use >= or <= with status or duration in '" + expression + "'"};
    }
    const auto v = number(expression.substr(op + 2));
    if (!v) {
        return Error{Error::Code::Usage, "", 0, "'" + expression.substr(op + 2) + "' is not a whole number"};
    }
    c.match = Match::Range;
    (first == '>' ? c.min : c.max) = v;
    return c;
}

std::string ColumnCriterion::describe() const
{
    const std::string n = name(column);
    switch (match) {
    case Match::Contains: return n + " contains \"" + text + "\"";
    case Match::Equals: return n + " = \"" + text + "\"";
    case Match::Range: break;
    }
    if (min && max && *min == *max) {
        return n + " = " + std::to_string(*min);
    }
    return n + " " + (min ? std::to_string(*min) : std::string()) + ".." + (max ? std::to_string(*max) : std::string());
}

} // namespace kvw::core

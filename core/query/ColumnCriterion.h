#pragma once

#include "core/common/Result.h"

#include <cstdint>
#include <optional>
#include <string>

namespace kvw::core {

// One per-column condition of the event grid (and `events --where`): text contains / equals on a text column, or an
// inclusive min/max on a number column. Values are always bound, and LIKE wildcards in `text` match themselves.
struct ColumnCriterion
{
    enum class Column {
        Vault,
        Operation,
        Status,
        Result,       // the result signature, else the result type (as the grid shows it)
        CallerIp,
        Identity,     // object id, else app id, else UPN
        Upn,
        AppId,
        ObjectName,
        DurationMs,
        ClientInfo,
        RequestUri,
    };
    enum class Match { Contains, Equals, Range };

    Column column = Column::Vault;
    Match match = Match::Contains;
    std::string text;                  // Contains / Equals
    std::optional<std::int64_t> min;   // Range, inclusive
    std::optional<std::int64_t> max;

    bool operator==(const ColumnCriterion&) const = default;

    static bool isNumeric(Column column);
    static const char* name(Column column);
    static std::optional<Column> columnFromName(const std::string& name);
    // "vault=kv-prod", "operation~Secret" (contains), "status>=400", "duration<=100": errors name the bad part.
    static Result<ColumnCriterion> parse(const std::string& expression);
    // "vault contains \"prod\"", "status 400..499".
    std::string describe() const;
};

} // namespace kvw::core

#include "core/query/EventFilter.h"

#include "core/model/AzureResourceId.h"

namespace kvw::core {
namespace {

std::string placeholders(std::size_t n)
{
    std::string s;
    for (std::size_t i = 0; i < n; ++i) {
        s += i == 0 ? "?" : ",?";
    }
    return s;
}

std::string likePattern(const std::string& text)
{
    std::string p = "%";
    for (const char c : text) {
        if (c == '%' || c == '_' || c == '\\') {
            p += '\\';
        }
        p += c;
    }
    return p + "%";
}

// The SQL for a criterion's column, as the grid shows it.
std::string columnSql(ColumnCriterion::Column column, const std::string& a)
{
    using C = ColumnCriterion::Column;
    switch (column) {
    case C::Vault: return a + "vault";
    case C::Operation: return a + "operation";
    case C::Status: return a + "http_status";
    case C::Result:
        return "(CASE WHEN " + a + "result_signature <> '' THEN " + a + "result_signature ELSE " + a + "result_type END)";
    case C::CallerIp: return a + "caller_ip";
    case C::Identity: return a + "identity";
    case C::Upn: return a + "identity_upn";
    case C::AppId: return a + "identity_appid";
    case C::ObjectName: return a + "object_name";
    case C::DurationMs: return a + "duration_ms";
    case C::ClientInfo: return a + "client_info";
    case C::RequestUri: return a + "request_uri";
    }
    return a + "vault";
}

void addCriterion(SqlWhere& w, const ColumnCriterion& c, const std::string& a)
{
    const std::string column = columnSql(c.column, a);
    switch (c.match) {
    case ColumnCriterion::Match::Contains:
        w.add(column + " LIKE ? ESCAPE '\\'", {likePattern(c.text)});
        return;
    case ColumnCriterion::Match::Equals:
        if (ColumnCriterion::isNumeric(c.column)) {
            // A number column compared as text would never match: "200" equals 200 here.
            std::int64_t v = 0;
            try {
                v = std::stoll(c.text);
            } catch (const std::exception&) {
                w.add("0");
                return;
            }
            w.add(column + " = ?", {v});
            return;
        }
        // Vault names are stored in lower case.
        w.add(column + " = ?", {c.column == ColumnCriterion::Column::Vault ? toLower(c.text) : c.text});
        return;
    case ColumnCriterion::Match::Range:
        if (c.min) {
            w.add(column + " >= ?", {*c.min});
        }
        if (c.max) {
            w.add(column + " <= ?", {*c.max});
        }
        return;
    }
}

} // namespace

SqlWhere EventFilter::where(const std::string& alias) const
{
    const std::string a = alias.empty() ? std::string{} : alias + ".";
    SqlWhere w;
    if (from) {
        w.add(a + "time >= ?", {from->ticks()});
    }
    if (to) {
        w.add(a + "time < ?", {to->ticks()});
    }
    if (!vaults.empty()) {
        std::vector<SqlWhere::Value> v;
        for (const auto& x : vaults) {
            v.emplace_back(toLower(x));
        }
        w.add(a + "vault IN (" + placeholders(vaults.size()) + ")", std::move(v));
    }
    if (!subscriptions.empty()) {
        std::vector<SqlWhere::Value> v;
        for (const auto& x : subscriptions) {
            v.emplace_back(toLower(x));
        }
        w.add(a + "subscription IN (" + placeholders(subscriptions.size()) + ")", std::move(v));
    }
    if (resourceType) {
        w.add(a + "resource_type = ?", {std::string(toString(*resourceType))});
    }
    if (identities == Identities::Users) {
        w.add(a + "identity_kind = 'user'");
    } else if (identities == Identities::Services) {
        w.add(a + "identity_kind IN ('service_principal','managed_identity')");
    }
    if (!operations.empty()) {
        std::vector<SqlWhere::Value> v(operations.begin(), operations.end());
        w.add(a + "operation IN (" + placeholders(operations.size()) + ")", std::move(v));
    }
    if (!callerIp.empty()) {
        w.add(a + "caller_ip = ?", {callerIp});
    }
    if (!identity.empty()) {
        const std::string id = toLower(identity);
        w.add("(" + a + "identity_oid = ? OR " + a + "identity_appid = ? OR lower(" + a + "identity_upn) = ?)", {id, id, id});
    }
    if (failedOnly) {
        w.add(a + "http_status >= 400");
    }
    if (!text.empty()) {
        const std::string p = likePattern(text);
        w.add("(" + a + "operation LIKE ? ESCAPE '\\' OR vault LIKE ? ESCAPE '\\' OR caller_ip LIKE ? ESCAPE '\\' OR "
                  "identity_upn LIKE ? ESCAPE '\\' OR identity_oid LIKE ? ESCAPE '\\' OR request_uri LIKE ? ESCAPE "
                  "'\\' OR client_info LIKE ? ESCAPE '\\' OR object_name LIKE ? ESCAPE '\\')",
              {p, p, p, p, p, p, p, p});
    }
    for (const auto& c : columns) {
        addCriterion(w, c, a);
    }
    if (taggedOnly) {
        // A rowid IN list: SQLite reads the few tagged events by id instead of probing annotations for every row.
        w.add((alias.empty() ? std::string("events.") : a) +
              "id IN (SELECT CAST(target AS INTEGER) FROM annotations WHERE target_kind = 'event' AND tag <> '')");
    }
    return w;
}

EventFilter EventFilter::withoutTime() const
{
    EventFilter f = *this;
    f.from.reset();
    f.to.reset();
    return f;
}

std::string EventFilter::describe() const
{
    std::string s;
    auto part = [&](const std::string& p) {
        if (!s.empty()) {
            s += "; ";
        }
        s += p;
    };
    part("time " + (from ? from->toIso() : std::string("start")) + " .. " + (to ? to->toIso() : std::string("end")));
    auto list = [](const std::vector<std::string>& v) {
        std::string out;
        for (const auto& x : v) {
            out += (out.empty() ? "" : ", ") + x;
        }
        return out;
    };
    part("vaults " + (vaults.empty() ? std::string("all") : list(vaults)));
    if (!subscriptions.empty()) {
        part("subscriptions " + list(subscriptions));
    }
    if (resourceType) {
        part(std::string("resource type ") + toString(*resourceType));
    }
    if (identities != Identities::All) {
        part(identities == Identities::Users ? "users only" : "services only");
    }
    if (!operations.empty()) {
        part("operations " + list(operations));
    }
    if (!callerIp.empty()) {
        part("caller IP " + callerIp);
    }
    if (!identity.empty()) {
        part("identity " + identity);
    }
    if (failedOnly) {
        part("failed requests only");
    }
    if (!text.empty()) {
        part("text \"" + text + "\"");
    }
    for (const auto& c : columns) {
        part(c.describe());
    }
    if (taggedOnly) {
        part("tagged events only");
    }
    return s;
}

Result<EventFilter> EventFilter::fromStrings(const std::optional<std::string>& from,
                                             const std::optional<std::string>& to,
                                             const std::vector<std::string>& vaults)
{
    EventFilter f;
    if (from) {
        const auto t = parseTimestamp(*from);
        if (!t) {
            return Error{Error::Code::Usage, "", 0, "cannot read --from '" + *from + "' (use ISO-8601, e.g. 2026-11-05T00:00:00Z)"};
        }
        f.from = t;
    }
    if (to) {
        const auto t = parseTimestamp(*to);
        if (!t) {
            return Error{Error::Code::Usage, "", 0, "cannot read --to '" + *to + "' (use ISO-8601, e.g. 2026-11-06T00:00:00Z)"};
        }
        f.to = t;
    }
    for (const auto& v : vaults) {
        f.vaults.push_back(toLower(v));
    }
    return f;
}

} // namespace kvw::core

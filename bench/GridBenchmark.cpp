#include "GridBenchmark.h"

#include "BenchClock.h"

#include "core/analytics/workbook/EventPageCache.h"
#include "core/query/EventQuery.h"
#include "core/store/CaseFile.h"

#include <algorithm>
#include <iomanip>
#include <sstream>

namespace kvw::bench {
using namespace kvw::core;

namespace {

constexpr std::int64_t kPage = 500;

std::string fixed(double v, int decimals)
{
    std::ostringstream s;
    s << std::fixed << std::setprecision(decimals) << v;
    return s.str();
}

} // namespace

double GridBenchmark::timed(const std::string& name, const std::function<bool()>& fn)
{
    BenchClock clock;
    const bool ok = fn();
    const double wall = clock.wallMs();
    m_out << name << ": " << fixed(wall, 1) << " ms wall, " << fixed(clock.cpuMs(), 1) << " ms cpu"
          << (ok ? "" : " (FAILED)") << "\n";
    return wall;
}

bool GridBenchmark::hasIndex(const std::string& name) const
{
    try {
        auto st = m_case.db().prepare("SELECT 1 FROM sqlite_master WHERE type='index' AND name=?");
        st.bind(1, name);
        return st.step();
    } catch (const DatabaseError&) {
        return false;
    }
}

void GridBenchmark::runCase()
{
    run(EventFilter{}, "all-vaults");
    std::string vault;
    std::int64_t events = 0;
    timed("grid busiest vault lookup", [&] {
        try {
            auto st = m_case.db().prepare("SELECT vault, COUNT(*) AS n FROM events GROUP BY vault ORDER BY n DESC LIMIT 1");
            if (st.step()) {
                vault = st.text(0);
                events = st.int64(1);
            }
            return true;
        } catch (const DatabaseError&) {
            return false;
        }
    });
    if (!vault.empty()) {
        m_out << "grid one vault: " << vault << " (" << events << " events)\n";
        EventFilter one;
        one.vaults = {vault};
        run(one, "one-vault");
    }
}

void GridBenchmark::run(const EventFilter& filter, const std::string& scope)
{
    const EventQuery query(m_case);
    const std::string p = "grid " + scope + " ";
    std::int64_t rows = 0;
    timed(p + "count", [&] {
        auto n = query.count(filter);
        rows = n ? *n : 0;
        return n.ok();
    });
    m_out << p << "rows: " << rows << "\n";
    if (rows == 0) {
        return;
    }
    // As the grid decides it: pages of a sort other than time walk that column's index when the filter keeps many
    // rows (EventQuery::preferSortIndex).
    const auto total = query.rowEstimate();
    const bool viaSortIndex = total && EventQuery::preferSortIndex(rows, *total, kPage);
    m_out << p << "pages via the sorted column's index: " << (viaSortIndex ? "yes" : "no") << "\n";
    struct SortCase
    {
        EventQuery::Sort sort;
        bool descending;
        const char* name;
        const char* index;
    };
    // Time first (the grid's default), then sort changes by clicking a header.
    const SortCase sorts[] = {{EventQuery::Sort::Time, false, "time", "events_time"},
                              {EventQuery::Sort::Time, true, "time desc", "events_time"},
                              {EventQuery::Sort::Vault, false, "vault", "events_vault_time"},
                              {EventQuery::Sort::CallerIp, false, "caller-ip", "events_ip_time"},
                              {EventQuery::Sort::Identity, true, "identity desc", "events_identity_time"},
                              {EventQuery::Sort::Status, true, "status desc", "events_status_time"},
                              {EventQuery::Sort::Duration, true, "duration desc", "events_duration_time"}};
    for (const SortCase& s : sorts) {
        if (!m_sorts.empty() && ("," + m_sorts + ",").find("," + std::string(s.name) + ",") == std::string::npos) {
            continue;
        }
        const std::string q = p + "sort " + s.name + " ";
        if (!hasIndex(s.index)) {
            m_out << q << "skipped: the case has no " << s.index << " index (an older schema, opened read-only)\n";
            continue;
        }
        std::vector<EventRow> first;
        timed(q + "first page", [&] {
            auto r = query.edge(filter, s.sort, s.descending, false, 0, kPage, viaSortIndex);
            if (r) {
                first = std::move(*r);
            }
            return r.ok();
        });
        EventQuery::Anchors anchors;
        timed(q + "anchor pass (count + key of every " + std::to_string(kPage) + "th row)", [&] {
            auto r = query.anchors(filter, s.sort, s.descending, kPage);
            if (r) {
                anchors = std::move(*r);
            }
            return r.ok() && anchors.rows == rows;
        });
        if (anchors.keys.empty()) {
            continue;
        }
        EventPageCache cache(s.sort, kPage);
        cache.setAnchors(anchors);
        cache.setViaSortIndex(viaSortIndex);
        const std::int64_t pages = static_cast<std::int64_t>(anchors.keys.size());
        for (const int percent : {50, 99}) {
            const std::int64_t page = std::min(pages - 1, pages * percent / 100);
            std::vector<EventRow> jumped;
            timed(q + "page at " + std::to_string(percent) + "% (seek from its anchor)", [&] {
                auto plan = cache.plan(page);
                if (!plan) {
                    return false;
                }
                auto r = EventPageCache::load(query, filter, s.sort, s.descending, *plan);
                if (r) {
                    jumped = std::move(*r);
                }
                return r.ok() && !jumped.empty();
            });
            if (percent == 50 && s.sort == EventQuery::Sort::Time) {
                // The old way, for comparison: SQLite steps over every row before the offset.
                timed(q + "page at 50% (OFFSET, before keyset paging)", [&] {
                    auto r = query.page(filter, s.sort, s.descending, page * kPage, kPage);
                    return r.ok() && !r->empty() && !jumped.empty() && r->front().id == jumped.front().id;
                });
            }
            if (percent == 50) {
                // Scrolling on from there: each next page is a seek after the last row of the one before.
                double worst = 0.0;
                double total = 0.0;
                int steps = 0;
                std::vector<EventRow> current = jumped;
                for (; steps < 20 && static_cast<std::int64_t>(current.size()) == kPage; ++steps) {
                    BenchClock clock;
                    auto r = query.seek(filter, s.sort, s.descending, EventQuery::Seek::After,
                                        EventQuery::keyOf(current.back(), s.sort), kPage, viaSortIndex);
                    const double ms = clock.wallMs();
                    if (!r) {
                        break;
                    }
                    current = std::move(*r);
                    worst = std::max(worst, ms);
                    total += ms;
                }
                m_out << q << "scroll " << steps << " pages from 50%: " << fixed(steps ? total / steps : 0.0, 2)
                      << " ms per page, slowest " << fixed(worst, 2) << " ms\n";
            }
        }
    }
}

} // namespace kvw::bench

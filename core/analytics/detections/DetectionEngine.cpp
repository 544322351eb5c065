#include "core/analytics/detections/DetectionEngine.h"

#include "core/analytics/detections/DetectionContext.h"
#include "core/analytics/detections/EventRollup.h"
#include "core/analytics/detections/RuleCatalogue.h"
#include "core/store/CaseFile.h"

#include <algorithm>
#include <stdexcept>

namespace kvw::core {

DetectionEngine::DetectionEngine(const CaseFile& caseFile) : m_case(caseFile) {}

Result<std::vector<Finding>> DetectionEngine::run(const EventFilter& filter, const DetectionOptions& options) const
{
    std::vector<const RuleDefinition*> rules;
    if (options.ruleIds.empty()) {
        for (const auto& r : RuleCatalogue::all()) {
            rules.push_back(&r);
        }
    } else {
        for (const auto& id : options.ruleIds) {
            const RuleDefinition* r = RuleCatalogue::find(id);
            if (!r) {
                return Error{Error::Code::Usage, "", 0, "unknown rule '" + id + "' (see the rules command)"};
            }
            if (std::find(rules.begin(), rules.end(), r) == rules.end()) {
                rules.push_back(r);
            }
        }
    }
    // Shared by the counting rules of this run; built by the first one that asks, dropped at the end.
    const EventRollup rollup(m_case, filter);
    std::vector<Finding> all;
    for (const RuleDefinition* rule : rules) {
        DetectionContext ctx(m_case, filter, *rule, options.settings.resolved(*rule), options.allowList,
                             options.maxEventIds, options.rollup ? &rollup : nullptr);
        try {
            rule->run(ctx);
        } catch (const DatabaseError& e) {
            return Error{Error::Code::Database, m_case.path(), 0, "rule " + rule->id + ": " + e.what()};
        } catch (const std::exception& e) {
            return Error{Error::Code::Usage, "", 0, "rule " + rule->id + ": " + e.what()};
        }
        auto& found = ctx.findings();
        all.insert(all.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
    }
    std::stable_sort(all.begin(), all.end(), [](const Finding& a, const Finding& b) {
        return a.start != b.start ? a.start < b.start : a.ruleId < b.ruleId;
    });
    return all;
}

Status DetectionEngine::save(const CaseFile& caseFile, const std::vector<Finding>& findings)
{
    try {
        Transaction tx(caseFile.db());
        caseFile.db().exec("DELETE FROM findings");
        auto st = caseFile.db().prepare("INSERT INTO findings (rule_id, title, severity, start_time, end_time, "
                                        "detail_json) VALUES (?, ?, ?, ?, ?, ?)");
        for (const auto& f : findings) {
            st.reset();
            st.bind(1, f.ruleId)
                .bind(2, f.title)
                .bind(3, f.severity)
                .bind(4, f.start.ticks())
                .bind(5, f.end.ticks())
                .bind(6, f.detailJson().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
            st.run();
        }
        tx.commit();
    } catch (const DatabaseError& e) {
        return Error{Error::Code::Database, caseFile.path(), 0, e.what()};
    }
    return {};
}

Result<std::vector<Finding>> DetectionEngine::load(const CaseFile& caseFile)
{
    std::vector<Finding> out;
    try {
        auto st = caseFile.db().prepare("SELECT rule_id, title, severity, start_time, end_time, detail_json FROM "
                                        "findings ORDER BY start_time, id");
        while (st.step()) {
            out.push_back(Finding::fromRow(st.text(0), st.text(1), st.text(2), st.int64(3), st.int64(4),
                                           nlohmann::json::parse(st.text(5), nullptr, false)));
        }
    } catch (const DatabaseError& e) {
        return Error{Error::Code::Database, caseFile.path(), 0, e.what()};
    }
    return out;
}

} // namespace kvw::core

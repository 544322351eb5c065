#pragma once

#include <functional>
#include <ostream>
#include <string>

namespace kvw::core {
class CaseFile;
struct EventFilter;
} // namespace kvw::core

namespace kvw::bench {

// Figures for the Events grid on a case: the count, the first page, the anchor pass that makes jumps possible, a
// page at 50 % and at 99 % of the rows (keyset seeks from anchors, and the old OFFSET way for comparison), a scroll
// of consecutive pages, and sort changes. One "grid SCOPE NAME: ..." line per figure.
class GridBenchmark
{
public:
    // `sorts`: a comma-separated subset of the sort names printed ("time,time desc,vault,caller-ip"); empty: all.
    GridBenchmark(const core::CaseFile& caseFile, std::ostream& out, std::string sorts = {})
        : m_case(caseFile), m_out(out), m_sorts(std::move(sorts))
    {
    }

    void run(const core::EventFilter& filter, const std::string& scope);
    // Grid figures for the whole case and for its busiest vault.
    void runCase();

private:
    double timed(const std::string& name, const std::function<bool()>& fn);
    bool hasIndex(const std::string& name) const;

    const core::CaseFile& m_case;
    std::ostream& m_out;
    std::string m_sorts;
};

} // namespace kvw::bench

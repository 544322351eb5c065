#pragma once

#include "core/common/Result.h"
#include "core/query/EventFilter.h"
#include "core/report/ReportData.h"

#include <string>

namespace kvw::core {

class CaseFile;
class Clock;

// Gathers the incident report's content from a case: scope, summary, findings with evidence, alerts, threat-intel
// matches, the workbook views, the entity appendix and the analyst's annotations.
class ReportBuilder
{
public:
    struct Options
    {
        EventFilter filter;
        std::string title = "Key Vault incident report";
        std::string commandLine;
        // How the scope section labels commandLine: the CLI's command line, or the GUI's settings.
        std::string invocationLabel = "Command line";
        std::size_t firstEventsPerFinding = 5;
        std::size_t maxEntities = 40;
        std::size_t topRows = 15;
    };

    ReportBuilder(const CaseFile& caseFile, const Clock& clock) : m_case(caseFile), m_clock(clock) {}

    Result<ReportData> build(const Options& options) const;

private:
    const CaseFile& m_case;
    const Clock& m_clock;
};

} // namespace kvw::core

#include "app/cli/AnomaliesCommand.h"

#include "app/cli/CommandSupport.h"
#include "core/analytics/baselines/ActivityBaselines.h"
#include "core/store/CaseFile.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <ostream>

namespace kvw::cli {

std::string AnomaliesCommand::usage() const
{
    return "usage: kvworkbook-cli anomalies --case CASE.kvwb [--by vault|ip|identity] [--step 1h|1d]\n"
           "                                [--window 14d] [--threshold K] [--trend avg|linefit] [--retrievals]\n"
           "                                [--vault V]... [--to T] [--json]\n"
           "\n"
           "Baseline series as the Sentinel workbook computes them: counts per step over the window ending at --to\n"
           "(default: the end of the last event's step), series_decompose_anomalies with default settings, and a\n"
           "flag where |score| > K. Defaults: --by vault --step 1d --window 14d --threshold 3 --trend avg.\n"
           "--retrievals counts only successful SecretGet/KeyGet/VaultGet (the TimeSeries rule's series; with\n"
           "--by ip --trend linefit it is that rule's exact series).\n";
}

int AnomaliesCommand::run(const std::vector<std::string>& args, CommandIo& io)
{
    if (CommandSupport::wantsHelp(args)) {
        io.out << usage();
        return CommandSupport::Ok;
    }
    ArgParser p;
    p.option("case").option("by").option("step").option("window").option("threshold").option("trend")
        .flag("retrievals").flag("json");
    CommandSupport::addFilterOptions(p);
    if (auto err = p.parse(args)) {
        return CommandSupport::usageError(*this, io, *err);
    }
    if (!p.value("case") || !p.positional().empty()) {
        return CommandSupport::usageError(*this, io, "--case CASE.kvwb is required (and nothing else positional)");
    }
    auto filter = CommandSupport::filterFrom(p);
    if (!filter) {
        return CommandSupport::usageError(*this, io, filter.error().message);
    }
    core::BaselineOptions o;
    const std::string by = p.value("by").value_or("vault");
    if (by == "vault") {
        o.by = core::BaselineOptions::By::Vault;
    } else if (by == "ip") {
        o.by = core::BaselineOptions::By::Ip;
    } else if (by == "identity") {
        o.by = core::BaselineOptions::By::Identity;
    } else {
        return CommandSupport::usageError(*this, io, "--by takes vault, ip or identity");
    }
    if (const auto s = p.value("step")) {
        const auto t = core::parseDurationTicks(*s);
        if (!t || *t <= 0) {
            return CommandSupport::usageError(*this, io, "--step takes a duration such as 1h or 1d");
        }
        o.step = *t;
    }
    if (const auto s = p.value("window")) {
        const auto t = core::parseDurationTicks(*s);
        if (!t || *t <= 0) {
            return CommandSupport::usageError(*this, io, "--window takes a duration such as 14d");
        }
        o.window = *t;
    }
    if (const auto s = p.value("threshold")) {
        try {
            o.threshold = std::stod(*s);
        } catch (const std::exception&) {
            return CommandSupport::usageError(*this, io, "--threshold takes a number");
        }
    }
    const std::string trend = p.value("trend").value_or("avg");
    if (trend == "linefit") {
        o.trend = core::SeriesDecompose::Trend::LineFit;
    } else if (trend != "avg") {
        return CommandSupport::usageError(*this, io, "--trend takes avg or linefit");
    }
    o.retrievalsOnly = p.has("retrievals");
    auto caseFile = core::CaseFile::openReadOnly(*p.value("case"));
    if (!caseFile) {
        CommandSupport::printError(io, caseFile.error());
        return CommandSupport::Failed;
    }
    auto series = core::ActivityBaselines::compute(*caseFile, *filter, o);
    if (!series) {
        if (series.error().code == core::Error::Code::Usage) {
            return CommandSupport::usageError(*this, io, series.error().message);
        }
        CommandSupport::printError(io, series.error());
        return CommandSupport::Failed;
    }
    if (p.has("json")) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& s : *series) {
            nlohmann::json pts = nlohmann::json::array();
            for (const auto& pt : s.points) {
                pts.push_back({{"time", pt.time.toIso()},
                               {"count", pt.count},
                               {"baseline", pt.baseline},
                               {"score", pt.score},
                               {"flag", pt.flag}});
            }
            out.push_back({{"key", s.key},
                           {"last_score", s.lastScore},
                           {"max_score", s.maxScore},
                           {"min_score", s.minScore},
                           {"anomalous", s.anomalousLast},
                           {"historical", s.historical},
                           {"period", s.period},
                           {"approximate", s.approximate},
                           {"points", pts}});
        }
        io.out << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return CommandSupport::Ok;
    }
    for (const auto& s : *series) {
        char line[160];
        std::snprintf(line, sizeof line, "  last score %.2f  max %.2f  min %.2f%s%s\n", s.lastScore, s.maxScore,
                      s.minScore, s.anomalousLast ? "  ANOMALOUS" : "", s.historical ? "  historical anomaly" : "");
        io.out << s.key << line;
        for (const auto& pt : s.points) {
            if (pt.flag != 0) {
                std::snprintf(line, sizeof line, "    %s  count %.0f  baseline %.2f  score %.2f\n",
                              pt.time.toIso().c_str(), pt.count, pt.baseline, pt.score);
                io.out << line;
            }
        }
    }
    io.out << series->size() << " series (" << core::toString(o.by) << ")\n";
    return CommandSupport::Ok;
}

} // namespace kvw::cli

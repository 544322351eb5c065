#include "app/cli/DetectCommand.h"

#include "app/cli/CommandSupport.h"
#include "core/analytics/detections/DetectionEngine.h"
#include "core/store/CaseFile.h"

#include <ostream>

namespace kvw::cli {

std::string DetectCommand::usage() const
{
    return "usage: kvworkbook-cli detect --case CASE.kvwb [--vault V]... [--from T] [--to T] [--rule ID]...\n"
           "                             [--set RULE.PARAM=VALUE]... [--allow-identity ID]... [--allow-ip IP]...\n"
           "                             [--no-allow-defaults] [--no-save] [--json]\n"
           "\n"
           "Runs the detection catalogue (or the rules named with --rule) over the case under the filter and stores\n"
           "the findings in the case, replacing the previous run's (--no-save: print only). --set overrides a rule\n"
           "parameter (see the rules command). --allow-identity / --allow-ip leave an identity or caller IP out of\n"
           "every rule; each finding records what was excluded. --no-allow-defaults drops the built-in allow-list\n"
           "(Azure Resource Graph, Policy Insights app ids; trusted services).\n"
           "--json prints a list of findings with rule_id, title, source, severity, tactic, technique, start, end,\n"
           "vaults, entities {ips, identities, apps, objects}, event_count, parameters, explanation.\n";
}

int DetectCommand::run(const std::vector<std::string>& args, CommandIo& io)
{
    if (CommandSupport::wantsHelp(args)) {
        io.out << usage();
        return CommandSupport::Ok;
    }
    ArgParser p;
    p.option("case").option("rule", true).option("set", true).option("allow-identity", true)
        .option("allow-ip", true).flag("json").flag("no-save").flag("no-allow-defaults");
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
    core::DetectionOptions options;
    options.ruleIds = p.values("rule");
    for (const auto& s : p.values("set")) {
        if (auto st = options.settings.set(s); !st) {
            return CommandSupport::usageError(*this, io, st.error().message);
        }
    }
    if (p.has("no-allow-defaults")) {
        options.allowList = core::AllowList{};
        options.allowList.trustedServices = false;
    }
    options.allowList.identities = p.values("allow-identity");
    options.allowList.ips = p.values("allow-ip");
    const bool save = !p.has("no-save");
    auto caseFile = save ? core::CaseFile::open(*p.value("case")) : core::CaseFile::openReadOnly(*p.value("case"));
    if (!caseFile) {
        CommandSupport::printError(io, caseFile.error());
        return CommandSupport::Failed;
    }
    auto findings = core::DetectionEngine(*caseFile).run(*filter, options);
    if (!findings) {
        if (findings.error().code == core::Error::Code::Usage) {
            return CommandSupport::usageError(*this, io, findings.error().message);
        }
        CommandSupport::printError(io, findings.error());
        return CommandSupport::Failed;
    }
    if (save) {
        if (auto st = core::DetectionEngine::save(*caseFile, *findings); !st) {
            CommandSupport::printError(io, st.error());
            return CommandSupport::Failed;
        }
    }
    if (p.has("json")) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& f : *findings) {
            out.push_back(f.toJson());
        }
        io.out << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return CommandSupport::Ok;
    }
    for (const auto& f : *findings) {
        std::string vaults;
        for (const auto& v : f.vaults) {
            vaults += (vaults.empty() ? "" : ",") + v;
        }
        io.out << f.start.toIso() << "  " << f.severity << "  " << f.ruleId << "  [" << vaults << "]  "
               << f.eventCount << " events\n    " << f.explanation << "\n";
    }
    io.out << findings->size() << " finding(s)" << (save ? " stored in the case" : "") << "\n";
    return CommandSupport::Ok;
}

} // namespace kvw::cli

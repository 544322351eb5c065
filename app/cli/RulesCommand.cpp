#include "app/cli/RulesCommand.h"

#include "app/cli/CommandSupport.h"
#include "core/analytics/detections/RuleCatalogue.h"

#include <nlohmann/json.hpp>

#include <ostream>

namespace kvw::cli {

std::string RulesCommand::usage() const
{
    return "usage: kvworkbook-cli rules [--json]\n"
           "\n"
           "Lists the detection rules: id, title, source, severity, MITRE tactic and technique, parameters with\n"
           "their defaults (override with detect --set RULE.PARAM=VALUE), logic and reference.\n";
}

int RulesCommand::run(const std::vector<std::string>& args, CommandIo& io)
{
    if (CommandSupport::wantsHelp(args)) {
        io.out << usage();
        return CommandSupport::Ok;
    }
    ArgParser p;
    p.flag("json");
    if (auto err = p.parse(args)) {
        return CommandSupport::usageError(*this, io, *err);
    }
    if (!p.positional().empty()) {
        return CommandSupport::usageError(*this, io, "no positional arguments");
    }
    if (p.has("json")) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& r : core::RuleCatalogue::all()) {
            nlohmann::json params = nlohmann::json::array();
            for (const auto& prm : r.parameters) {
                params.push_back({{"name", prm.name}, {"default", prm.defaultValue}, {"description", prm.description}});
            }
            out.push_back({{"id", r.id},
                           {"title", r.title},
                           {"source", core::toString(r.source)},
                           {"severity", r.severity},
                           {"tactic", r.tactic},
                           {"technique", r.technique},
                           {"description", r.description},
                           {"reference", r.reference},
                           {"parameters", params}});
        }
        io.out << out.dump(2) << "\n";
        return CommandSupport::Ok;
    }
    for (const auto& r : core::RuleCatalogue::all()) {
        io.out << r.id << "  (" << core::toString(r.source) << ", " << r.severity << ", " << r.tactic << " "
               << r.technique << ")\n  " << r.title << "\n";
        for (const auto& prm : r.parameters) {
            io.out << "    " << r.id << "." << prm.name << "=" << prm.defaultValue << "  " << prm.description << "\n";
        }
    }
    return CommandSupport::Ok;
}

} // namespace kvw::cli

#include "app/cli/KqlCommand.h"

#include "app/cli/CommandSupport.h"
#include "core/analytics/detections/RuleCatalogue.h"
#include "core/analytics/detections/RuleSettings.h"
#include "core/analytics/kql/KqlViews.h"

#include <ostream>

namespace kvw::cli {

std::string KqlCommand::usage() const
{
    return "usage: kvworkbook-cli kql (--view NAME | --rule ID | --list) [--table azurediagnostics|azkv]\n"
           "                          [--set RULE.PARAM=VALUE]... [--vault V]... [--from T] [--to T]\n"
           "\n"
           "Prints the KQL of a workbook view or a rule under the filter, to run in Log Analytics or Sentinel.\n"
           "Nothing is executed. --list names the views and rules.\n";
}

int KqlCommand::run(const std::vector<std::string>& args, CommandIo& io)
{
    if (CommandSupport::wantsHelp(args)) {
        io.out << usage();
        return CommandSupport::Ok;
    }
    ArgParser p;
    p.option("view").option("rule").option("table").option("set", true).flag("list");
    CommandSupport::addFilterOptions(p);
    if (auto err = p.parse(args)) {
        return CommandSupport::usageError(*this, io, *err);
    }
    if (!p.positional().empty()) {
        return CommandSupport::usageError(*this, io, "no positional arguments");
    }
    if (p.has("list")) {
        for (const auto& v : core::KqlViews::all()) {
            io.out << "view  " << v.name << "  " << v.title << "\n";
        }
        for (const auto& r : core::RuleCatalogue::all()) {
            io.out << "rule  " << r.id << "  " << r.title << "\n";
        }
        return CommandSupport::Ok;
    }
    if (p.has("view") == p.has("rule")) {
        return CommandSupport::usageError(*this, io, "give exactly one of --view NAME and --rule ID");
    }
    auto filter = CommandSupport::filterFrom(p);
    if (!filter) {
        return CommandSupport::usageError(*this, io, filter.error().message);
    }
    core::KqlTable table = core::KqlTable::AzureDiagnostics;
    const std::string t = p.value("table").value_or("azurediagnostics");
    if (t == "azkv" || t == "azkvauditlogs") {
        table = core::KqlTable::AzkvAuditLogs;
    } else if (t != "azurediagnostics") {
        return CommandSupport::usageError(*this, io, "--table takes azurediagnostics or azkv");
    }
    if (const auto view = p.value("view")) {
        auto text = core::KqlViews::render(*view, *filter, table);
        if (!text) {
            return CommandSupport::usageError(*this, io, text.error().message);
        }
        io.out << *text;
        return CommandSupport::Ok;
    }
    const core::RuleDefinition* rule = core::RuleCatalogue::find(*p.value("rule"));
    if (!rule) {
        return CommandSupport::usageError(*this, io, "unknown rule '" + *p.value("rule") + "' (see kql --list)");
    }
    core::RuleSettings settings;
    for (const auto& s : p.values("set")) {
        if (auto st = settings.set(s); !st) {
            return CommandSupport::usageError(*this, io, st.error().message);
        }
    }
    io.out << core::KqlRenderer::renderRule(*rule, settings.resolved(*rule), *filter, table);
    return CommandSupport::Ok;
}

} // namespace kvw::cli

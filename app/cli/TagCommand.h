#pragma once

#include "app/cli/ArgParser.h"
#include "app/cli/Command.h"
#include "core/annotations/Annotation.h"

#include <optional>
#include <string>
#include <utility>

namespace kvw::cli {

// kvworkbook-cli tag: tags and bookmarks on events, entities, findings and alerts; lists annotations and the
// tagged events.
class TagCommand final : public Command
{
public:
    std::string name() const override { return "tag"; }
    std::string summary() const override { return "tag or bookmark events, IPs, identities, vaults, findings, alerts"; }
    std::string usage() const override;
    int run(const std::vector<std::string>& args, CommandIo& io) override;

    // The --event/--ip/--identity/... options shared with `note`.
    static void addTargetOptions(ArgParser& parser);
    // The one target given, or an error message (none, or more than one).
    static std::optional<std::pair<core::AnnotationTarget, std::string>> targetFrom(const ArgParser& parser,
                                                                                      std::string& error);
    // Prints annotations as "id  kind  target  tag  note" lines (values verbatim, control characters escaped).
    static void printAnnotations(const std::vector<core::Annotation>& list, std::ostream& out);
    static std::string author();
};

} // namespace kvw::cli

#include "app/cli/TagCommand.h"

#include "app/cli/CommandSupport.h"
#include "core/annotations/AnnotationStore.h"
#include "core/common/Clock.h"
#include "core/report/CsvWriter.h"
#include "core/report/EventJson.h"
#include "core/store/CaseFile.h"

#include <cstdlib>
#include <ostream>

namespace kvw::cli {
namespace {

constexpr const char* kTargets[] = {"event", "ip", "identity", "vault", "app", "object", "finding", "alert",
                                    "operation"};

// Terminal output: control characters in log-derived values would drive the terminal, so they are shown as \xNN.
std::string printable(const std::string& s)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F) {
            out += "\\x";
            out += kHex[u >> 4];
            out += kHex[u & 0xF];
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace

std::string TagCommand::usage() const
{
    return "usage: kvworkbook-cli tag --case CASE.kvwb TARGET TAG\n"
           "       kvworkbook-cli tag --case CASE.kvwb TARGET --bookmark\n"
           "       kvworkbook-cli tag --case CASE.kvwb TARGET --remove TAG\n"
           "       kvworkbook-cli tag --case CASE.kvwb --list [--kind KIND] [--tag TAG] [--bookmarks]\n"
           "       kvworkbook-cli tag --case CASE.kvwb --events [--tag TAG] [--vault V]... [--from T] [--to T]\n"
           "\n"
           "TARGET is one of --event ID, --ip ADDRESS, --identity OID|APPID|UPN, --vault NAME, --app APPID,\n"
           "--object NAME, --finding ID, --alert ID, --operation NAME. Tags are single words such as malicious,\n"
           "benign or needs-review (lower-cased, blanks become '-'); a target carries each tag once.\n"
           "--list prints the annotations; --events prints the annotated events under the filter as CSV.\n";
}

void TagCommand::addTargetOptions(ArgParser& parser)
{
    for (const char* t : kTargets) {
        parser.option(t);
    }
}

std::optional<std::pair<core::AnnotationTarget, std::string>> TagCommand::targetFrom(const ArgParser& parser,
                                                                                       std::string& error)
{
    std::optional<std::pair<core::AnnotationTarget, std::string>> found;
    for (const char* t : kTargets) {
        if (const auto v = parser.value(t)) {
            if (found) {
                error = "give exactly one target (--event, --ip, --identity, ...)";
                return std::nullopt;
            }
            found = std::make_pair(*core::annotationTargetFromString(t), *v);
        }
    }
    if (!found) {
        error = "a target is required (--event ID, --ip X, --identity Y, --vault V, --finding ID, --alert ID, ...)";
    }
    return found;
}

void TagCommand::printAnnotations(const std::vector<core::Annotation>& list, std::ostream& out)
{
    for (const auto& a : list) {
        out << a.id << "\t" << core::toString(a.kind) << "\t" << printable(a.target) << "\t"
            << (a.tag.empty() ? (a.bookmark ? "(bookmark)" : "-") : printable(a.tag)) << "\t" << printable(a.note)
            << "\t" << a.createdAt << "\n";
    }
}

std::string TagCommand::author()
{
    const char* user = std::getenv("USER");
    return user != nullptr ? std::string(user) : std::string{};
}

int TagCommand::run(const std::vector<std::string>& args, CommandIo& io)
{
    if (CommandSupport::wantsHelp(args)) {
        io.out << usage();
        return CommandSupport::Ok;
    }
    ArgParser p;
    p.option("case").option("kind").option("tag").option("remove").flag("list").flag("events").flag("bookmark")
        .flag("bookmarks");
    addTargetOptions(p);
    CommandSupport::addFilterOptions(p);
    if (auto err = p.parse(args)) {
        return CommandSupport::usageError(*this, io, *err);
    }
    if (!p.value("case")) {
        return CommandSupport::usageError(*this, io, "--case CASE.kvwb is required");
    }
    const bool listing = p.has("list") || p.has("events");
    if (listing) {
        auto caseFile = core::CaseFile::openReadOnly(*p.value("case"));
        if (!caseFile) {
            CommandSupport::printError(io, caseFile.error());
            return CommandSupport::Failed;
        }
        const core::SystemClock clock;
        const core::AnnotationStore store(*caseFile, clock);
        if (p.has("events")) {
            auto filter = CommandSupport::filterFrom(p);
            if (!filter) {
                return CommandSupport::usageError(*this, io, filter.error().message);
            }
            auto rows = store.annotatedEvents(*filter, p.value("tag").value_or(""));
            if (!rows) {
                CommandSupport::printError(io, rows.error());
                return CommandSupport::Failed;
            }
            auto notes = store.byTarget(core::AnnotationTarget::Event);
            const std::map<std::string, std::vector<core::Annotation>> none;
            const auto& map = notes ? *notes : none;
            core::CsvWriter csv(io.out);
            auto header = core::EventJson::csvHeader();
            header.emplace_back("tags");
            header.emplace_back("notes");
            csv.row(header);
            for (const auto& r : *rows) {
                auto cells = core::EventJson::csvCells(r);
                const auto it = map.find(std::to_string(r.id));
                const bool has = it != map.end();
                cells.push_back(has ? core::AnnotationStore::tagsText(it->second) : std::string{});
                cells.push_back(has ? core::AnnotationStore::notesText(it->second) : std::string{});
                csv.row(cells);
            }
            return CommandSupport::Ok;
        }
        core::AnnotationQuery q;
        if (const auto k = p.value("kind")) {
            q.kind = core::annotationTargetFromString(*k);
            if (!q.kind) {
                return CommandSupport::usageError(*this, io, "--kind takes event, ip, identity, vault, app, object, "
                                                             "finding, alert or operation");
            }
        }
        q.tag = p.value("tag").value_or("");
        q.bookmarksOnly = p.has("bookmarks");
        auto list = store.list(q);
        if (!list) {
            CommandSupport::printError(io, list.error());
            return CommandSupport::Failed;
        }
        printAnnotations(*list, io.out);
        return CommandSupport::Ok;
    }

    std::string error;
    const auto target = targetFrom(p, error);
    if (!target) {
        return CommandSupport::usageError(*this, io, error);
    }
    const bool remove = p.value("remove").has_value();
    const bool bookmark = p.has("bookmark");
    if (p.positional().size() != (remove || bookmark ? 0U : 1U)) {
        return CommandSupport::usageError(*this, io, remove || bookmark ? "no TAG is taken with --remove/--bookmark"
                                                                        : "exactly one TAG is required");
    }
    auto caseFile = core::CaseFile::open(*p.value("case"));
    if (!caseFile) {
        CommandSupport::printError(io, caseFile.error());
        return CommandSupport::Failed;
    }
    const core::SystemClock clock;
    core::AnnotationStore store(*caseFile, clock, author());
    if (remove) {
        auto n = store.removeTag(target->first, target->second, *p.value("remove"));
        if (!n) {
            CommandSupport::printError(io, n.error());
            return CommandSupport::Failed;
        }
        io.out << "removed " << *n << " tag(s)\n";
        return CommandSupport::Ok;
    }
    auto id = bookmark ? store.addBookmark(target->first, target->second)
                       : store.addTag(target->first, target->second, p.positional().front());
    if (!id) {
        CommandSupport::printError(io, id.error());
        return id.error().code == core::Error::Code::Usage ? CommandSupport::UsageError : CommandSupport::Failed;
    }
    io.out << (bookmark ? "bookmarked " : "tagged ") << core::toString(target->first) << " "
           << printable(target->second) << (bookmark ? "" : " as " + core::AnnotationStore::normaliseTag(p.positional().front()))
           << " (annotation " << *id << ")\n";
    return CommandSupport::Ok;
}

} // namespace kvw::cli

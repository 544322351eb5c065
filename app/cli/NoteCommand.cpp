#include "app/cli/NoteCommand.h"

#include "app/cli/CommandSupport.h"
#include "app/cli/TagCommand.h"
#include "core/annotations/AnnotationStore.h"
#include "core/common/Clock.h"
#include "core/store/CaseFile.h"

#include <ostream>

namespace kvw::cli {

std::string NoteCommand::usage() const
{
    return "usage: kvworkbook-cli note --case CASE.kvwb TARGET TEXT\n"
           "       kvworkbook-cli note --case CASE.kvwb --list [--kind KIND]\n"
           "       kvworkbook-cli note --case CASE.kvwb --delete ANNOTATION-ID\n"
           "\n"
           "TARGET is one of --event ID, --ip ADDRESS, --identity OID|APPID|UPN, --vault NAME, --app APPID,\n"
           "--object NAME, --finding ID, --alert ID, --operation NAME. TEXT is one argument (quote it).\n";
}

int NoteCommand::run(const std::vector<std::string>& args, CommandIo& io)
{
    if (CommandSupport::wantsHelp(args)) {
        io.out << usage();
        return CommandSupport::Ok;
    }
    ArgParser p;
    p.option("case").option("kind").option("delete").flag("list");
    TagCommand::addTargetOptions(p);
    if (auto err = p.parse(args)) {
        return CommandSupport::usageError(*this, io, *err);
    }
    if (!p.value("case")) {
        return CommandSupport::usageError(*this, io, "--case CASE.kvwb is required");
    }
    const core::SystemClock clock;
    if (p.has("list")) {
        auto caseFile = core::CaseFile::openReadOnly(*p.value("case"));
        if (!caseFile) {
            CommandSupport::printError(io, caseFile.error());
            return CommandSupport::Failed;
        }
        core::AnnotationQuery q;
        q.notesOnly = true;
        if (const auto k = p.value("kind")) {
            q.kind = core::annotationTargetFromString(*k);
            if (!q.kind) {
                return CommandSupport::usageError(*this, io, "unknown --kind " + *k);
            }
        }
        auto list = core::AnnotationStore(*caseFile, clock).list(q);
        if (!list) {
            CommandSupport::printError(io, list.error());
            return CommandSupport::Failed;
        }
        TagCommand::printAnnotations(*list, io.out);
        return CommandSupport::Ok;
    }
    auto caseFile = core::CaseFile::open(*p.value("case"));
    if (!caseFile) {
        CommandSupport::printError(io, caseFile.error());
        return CommandSupport::Failed;
    }
    core::AnnotationStore store(*caseFile, clock, TagCommand::author());
    if (const auto d = p.value("delete")) {
        std::int64_t id = 0;
        try {
            id = std::stoll(*d);
        } catch (const std::exception&) {
            return CommandSupport::usageError(*this, io, "--delete takes an annotation id");
        }
        auto n = store.remove(id);
        if (!n) {
            CommandSupport::printError(io, n.error());
            return CommandSupport::Failed;
        }
        io.out << "deleted " << *n << " annotation(s)\n";
        return *n > 0 ? CommandSupport::Ok : CommandSupport::Failed;
    }
    std::string error;
    const auto target = TagCommand::targetFrom(p, error);
    if (!target) {
        return CommandSupport::usageError(*this, io, error);
    }
    if (p.positional().size() != 1) {
        return CommandSupport::usageError(*this, io, "exactly one TEXT argument is required (quote it)");
    }
    auto id = store.addNote(target->first, target->second, p.positional().front());
    if (!id) {
        CommandSupport::printError(io, id.error());
        return id.error().code == core::Error::Code::Usage ? CommandSupport::UsageError : CommandSupport::Failed;
    }
    io.out << "noted on " << core::toString(target->first) << " (annotation " << *id << ")\n";
    return CommandSupport::Ok;
}

} // namespace kvw::cli

#pragma once

#include "core/common/Result.h"
#include "core/ingest/BundleReader.h"
#include "core/ingest/RecordConsumer.h"
#include "core/model/Event.h"

#include <cstdint>
#include <future>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

namespace kvw::core {

// What reading a bundle produces, in order, for the writer to carry out (docs/performance.md, change 15): the
// parse thread records these while the writer thread stores the ones before. Each mirrors one call the readers
// made on their RecordConsumer, or one step of the walk.
namespace ingest_command {

// An entry whose records follow, up to its FileEnd.
struct FileBegin
{
    InputEntry entry;
};
// An entry the case already holds completely (same path and fingerprint): nothing follows.
struct FileUnchanged
{
    std::string path;
};
// A file or archive member that could not be read at all (BundleReader's error sink).
struct Unreadable
{
    Error error;
};
struct Format
{
    SourceFormat format;
};
struct FormatName
{
    std::string name;
};
struct Record
{
    Event event;
    std::int64_t recordIndex;
    std::string raw;
    std::int64_t dedupKey; // EventFingerprint, computed on the parse thread
};
struct Skipped
{
};
struct Rejected
{
    std::int64_t recordIndex;
    std::string reason;
};
struct Other
{
    OtherRecordKind kind;
    nlohmann::json record;
    std::int64_t recordIndex;
};
struct OtherStored
{
    std::int64_t count;
};
// The reader's verdict on the file, and how many bytes it read.
struct FileEnd
{
    Status status;
    std::uint64_t consumed;
};
// Work that needs the case while the reader waits (a threat-intel list is stored as it is read). The writer runs
// it with the current file's id; a writer that stopped destroys it unrun, which the waiting reader sees as a
// broken promise.
struct OnWriter
{
    std::packaged_task<void(std::int64_t fileId)> task;
};

} // namespace ingest_command

using IngestCommand = std::variant<ingest_command::FileBegin, ingest_command::FileUnchanged, ingest_command::Unreadable,
                                   ingest_command::Format, ingest_command::FormatName, ingest_command::Record,
                                   ingest_command::Skipped, ingest_command::Rejected, ingest_command::Other,
                                   ingest_command::OtherStored, ingest_command::FileEnd, ingest_command::OnWriter>;

using IngestPacket = std::vector<IngestCommand>;

} // namespace kvw::core

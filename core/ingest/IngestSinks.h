#pragma once

#include "core/common/Error.h"

#include <cstdint>
#include <string>

namespace kvw::core {

struct IngestStats
{
    std::int64_t files = 0;          // entries read so far (plain files and archive members)
    std::int64_t records = 0;
    std::int64_t inserted = 0;
    std::int64_t duplicates = 0;
    std::int64_t rejected = 0;
    std::int64_t skipped = 0;
    std::int64_t errors = 0;
    std::uint64_t bytes = 0;
    double seconds = 0;
};

// Progress of an ingest, for a progress dialog or a terminal line. cancelled() is polled between records, from the
// parse thread (IngestOptions::parseThread): it must be safe to call from any thread. The other calls come from the
// thread that runs the ingest.
class ProgressSink
{
public:
    virtual ~ProgressSink() = default;
    virtual void fileStarted(const std::string& path) = 0;
    virtual void progress(const IngestStats& stats) = 0;
    virtual bool cancelled() const { return false; }
};

// Every problem found in the bundle, as it is found (it is stored in the case as well).
class DiagnosticsSink
{
public:
    virtual ~DiagnosticsSink() = default;
    virtual void diagnostic(const Error& error) = 0;
};

} // namespace kvw::core

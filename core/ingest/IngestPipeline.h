#pragma once

#include "core/common/Result.h"
#include "core/common/Timestamp.h"
#include "core/ingest/BundleReader.h"
#include "core/ingest/IngestSinks.h"
#include "core/ingest/JsonRecordReader.h"

#include <string>
#include <string_view>
#include <vector>

namespace kvw::core {

class AuxiliaryImporter;
class CaseFile;

struct IngestOptions
{
    BundleLimits limits;
    JsonRecordReader::Limits json;
    DateOrder dateOrder = DateOrder::MonthFirst;
    // Files already read completely with the same size and time are not read again.
    bool skipUnchanged = true;
    std::size_t batchSize = 8192;
    // Bulk-load tuning (docs/performance.md). Rows written per commit: batches and small files share a transaction,
    // each file still marked complete together with its last events. 0 commits every batch.
    std::int64_t groupCommitRows = 100'000;
    // Into a case without events, build the events' secondary indexes once at the end instead of row by row.
    bool deferIndexes = true;
    // With deferIndexes, the unique dedup index is deferred too and duplicates are decided in memory, for up to
    // this many events (11-21 bytes each; 128 MiB at the limit); past it the index is built and decides. 0: the
    // index decides.
    std::size_t maxInMemoryDedupKeys = 12'000'000;
    // Bundles are read and parsed on a thread of their own while this one stores what was read before
    // (BundleParser); false does both on the calling thread, one record at a time.
    bool parseThread = true;
};

struct FileReport
{
    std::string path;
    std::string format;
    std::int64_t records = 0;
    std::int64_t inserted = 0;
    std::int64_t duplicates = 0;
    std::int64_t rejected = 0;
    std::int64_t skipped = 0;
    bool unchanged = false;
    bool failed = false;
};

struct IngestReport
{
    IngestStats totals;
    std::vector<FileReport> files;
    std::vector<Error> errors;   // the first ones; totals.errors has the count
    bool cancelled = false;
    // Nothing at all could be read: every input failed.
    bool nothingRead() const;
};

// Reads a bundle into a case: walks inputs, detects each file's format from its content, maps records, and
// stores them through EventWriter. One bad record, file or archive member never stops the rest.
class IngestPipeline
{
public:
    IngestPipeline(const CaseFile& caseFile, IngestOptions options = {});

    void setProgressSink(ProgressSink* sink) { m_progress = sink; }
    void setDiagnosticsSink(DiagnosticsSink* sink) { m_diagnostics = sink; }
    void setAuxiliaryImporter(AuxiliaryImporter* importer) { m_aux = importer; }

    IngestReport run(const std::vector<std::string>& paths);

    // Rebuilds the indexes that an interrupted bulk load dropped (run() does it too, first thing); only the named
    // one when onlyIndex is given.
    static Status restoreDeferredIndexes(const CaseFile& caseFile, std::string_view onlyIndex = {});

private:
    const CaseFile& m_case;
    IngestOptions m_options;
    ProgressSink* m_progress = nullptr;
    DiagnosticsSink* m_diagnostics = nullptr;
    AuxiliaryImporter* m_aux = nullptr;
};

} // namespace kvw::core

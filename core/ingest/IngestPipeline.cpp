#include "core/ingest/IngestPipeline.h"

#include "core/ingest/AuxiliaryImporter.h"
#include "core/ingest/BundleParser.h"
#include "core/ingest/FormatSniffer.h"
#include "core/ingest/IngestPacketQueue.h"
#include "core/store/BulkLoadJournal.h"
#include "core/store/CaseFile.h"
#include "core/store/Database.h"
#include "core/store/EventWriter.h"
#include "core/store/UnmappedReads.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <optional>
#include <thread>
#include <unordered_set>
#include <utility>

namespace kvw::core {
namespace {

constexpr std::size_t kMaxReportedErrors = 500;
// case_info keys holding the SQL of indexes dropped for a bulk load, until they are built again.
constexpr std::string_view kDeferredIndexKey = "deferred-index:";
constexpr std::string_view kDedupIndex = "events_dedup";

std::string quoted(const std::string& name)
{
    std::string q = "\"";
    for (const char c : name) {
        q += c;
        if (c == '"') {
            q += c;
        }
    }
    return q + "\"";
}

// Before a bulk load into a case without events: drops the events' indexes (one sort at the end is much cheaper
// than millions of random B-tree inserts). Their SQL goes to case_info in the same transaction, so an ingest killed
// midway gets them back on the next run. The unique dedup index goes too only when withDedup: the writer then
// decides duplicates from the keys it holds in memory. True when the dedup index was dropped.
bool dropIndexes(const Database& db, bool withDedup)
{
    Transaction tx(db);
    auto empty = db.prepare("SELECT NOT EXISTS (SELECT 1 FROM events)");
    const bool hasEvents = !empty.step() || empty.int64(0) == 0;
    // Its cursor may be on one of the indexes: DROP INDEX fails while it is open.
    empty.reset();
    if (hasEvents) {
        return false;
    }
    std::vector<std::pair<std::string, std::string>> indexes;
    auto list = db.prepare("SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name='event_rows' "
                           "AND sql IS NOT NULL AND (sql NOT LIKE 'CREATE UNIQUE%' OR (? AND name = ?))");
    list.bind(1, withDedup ? 1 : 0).bind(2, kDedupIndex);
    while (list.step()) {
        indexes.emplace_back(list.text(0), list.text(1));
    }
    auto keep = db.prepare("INSERT OR REPLACE INTO case_info(key, value) VALUES(?, ?)");
    bool droppedDedup = false;
    for (const auto& [name, sql] : indexes) {
        keep.bind(1, std::string(kDeferredIndexKey) + name).bind(2, sql).run();
        db.exec("DROP INDEX " + quoted(name));
        droppedDedup = droppedDedup || name == kDedupIndex;
    }
    tx.commit();
    return droppedDedup;
}

// Hands the connection to the auxiliary importer (which opens its own transactions) only after the writer's
// shared transaction is committed.
class CommittingAuxiliaryImporter final : public AuxiliaryImporter
{
public:
    CommittingAuxiliaryImporter(AuxiliaryImporter& inner, EventWriter& writer) : m_inner(inner), m_writer(writer) {}

    Status importRecord(OtherRecordKind kind, const nlohmann::json& record, const std::string& path,
                        std::int64_t recordIndex, std::int64_t fileId) override
    {
        if (auto st = handOver(); !st) {
            return st;
        }
        return m_inner.importRecord(kind, record, path, recordIndex, fileId);
    }
    bool looksLikeTextList(std::string_view head) const override { return m_inner.looksLikeTextList(head); }
    Result<std::int64_t> importTextList(InputStream& in, const std::string& path, std::int64_t fileId) override
    {
        if (auto st = handOver(); !st) {
            return st.error();
        }
        return m_inner.importTextList(in, path, fileId);
    }
    Status finishFile(std::int64_t fileId) override
    {
        if (m_used) {
            m_used = false;
            if (auto st = m_writer.commit(); !st) {
                return st;
            }
        }
        return m_inner.finishFile(fileId);
    }

private:
    Status handOver()
    {
        m_used = true;
        return m_writer.commit();
    }

    AuxiliaryImporter& m_inner;
    EventWriter& m_writer;
    bool m_used = false;
};

// One file's records, as a reader delivered them, to the writer, and everything that goes wrong to the report and
// the sinks.
class WriterConsumer final
{
public:
    WriterConsumer(EventWriter& writer, IngestReport& report, const std::string& path, ProgressSink* progress,
                   DiagnosticsSink* diagnostics, AuxiliaryImporter* aux)
        : m_writer(writer), m_report(report), m_path(path), m_progress(progress), m_diagnostics(diagnostics),
          m_aux(aux)
    {
    }

    void setFormat(SourceFormat format)
    {
        if (!m_formatSet) {
            m_writer.setFormat(format);
            m_formatSet = true;
        }
    }
    void setFormatName(const std::string& name)
    {
        m_writer.setFormatName(name);
        m_formatSet = true;
    }

    void event(Event event, std::int64_t recordIndex, std::string raw, std::int64_t dedupKey)
    {
        m_writer.addEvent(std::move(event), recordIndex, std::move(raw), dedupKey);
        if (m_writer.needsFlush()) {
            (void)flush();
        }
    }

    void skipped(std::int64_t /*recordIndex*/, const std::string& /*reason*/) { m_writer.addSkipped(); }

    void rejected(std::int64_t recordIndex, const std::string& reason)
    {
        report(Error{Error::Code::Parse, m_path, recordIndex, reason}, true);
    }

    void otherRecord(OtherRecordKind kind, const nlohmann::json& record, std::int64_t recordIndex)
    {
        if (!m_aux) {
            m_writer.addSkipped();
            return;
        }
        m_writer.addOtherRecords(1);
        if (auto st = m_aux->importRecord(kind, record, m_path, recordIndex, m_writer.currentFileId()); !st) {
            Error e = st.error();
            if (e.file.empty()) {
                e.file = m_path;
            }
            if (e.line == 0) {
                e.line = recordIndex;
            }
            report(e, true);
        }
    }

    void otherRecordsStored(std::int64_t count) { m_writer.addOtherRecords(count); }

    void report(const Error& e, bool rejectsRecord)
    {
        m_writer.addError(e, rejectsRecord);
        ++m_report.totals.errors;
        if (m_report.errors.size() < kMaxReportedErrors) {
            m_report.errors.push_back(e);
        }
        if (m_diagnostics) {
            m_diagnostics->diagnostic(e);
        }
    }

    Status flush()
    {
        auto st = m_writer.flush();
        if (!st) {
            m_failed = true;
        }
        if (m_progress) {
            IngestStats live = m_report.totals;
            const auto& c = m_writer.counts();
            live.records += c.records;
            live.inserted += c.inserted;
            live.duplicates += c.duplicates;
            live.rejected += c.rejected;
            live.skipped += c.skipped;
            m_progress->progress(live);
        }
        return st;
    }

    bool failed() const { return m_failed; }

private:
    EventWriter& m_writer;
    IngestReport& m_report;
    const std::string& m_path;
    ProgressSink* m_progress;
    DiagnosticsSink* m_diagnostics;
    AuxiliaryImporter* m_aux;
    bool m_formatSet = false;
    bool m_failed = false;
};

// Carries out a BundleParser's commands on the writer, file by file, as the walk used to do directly: the report,
// the sinks and the case's file history end up the same whichever thread parsed.
class WriterReplay
{
public:
    WriterReplay(const CaseFile& caseFile, EventWriter& writer, IngestReport& report, ProgressSink* progress,
                 DiagnosticsSink* diagnostics, AuxiliaryImporter* aux)
        : m_case(caseFile), m_writer(writer), m_report(report), m_progress(progress), m_diagnostics(diagnostics),
          m_aux(aux)
    {
    }

    // A file or member that could not be read, or a failure of the writer itself.
    void recordError(const Error& e)
    {
        ++m_report.totals.errors;
        if (m_report.errors.size() < kMaxReportedErrors) {
            m_report.errors.push_back(e);
        }
        if (m_diagnostics) {
            m_diagnostics->diagnostic(e);
        }
        // Errors about a whole file or member are kept in the case's history too.
        if (m_writer.beginFile(e.file, -1, "").ok()) {
            m_writer.addError(e, false);
            (void)m_writer.finishFile(false);
            m_report.files.push_back(FileReport{e.file, "unreadable", 0, 0, 0, 0, 0, false, true});
        }
    }

    void operator()(ingest_command::FileBegin& c)
    {
        if (m_progress) {
            m_progress->fileStarted(c.entry.path);
        }
        ++m_report.totals.files;
        m_path = c.entry.path;
        if (auto st = m_writer.beginFile(m_path, c.entry.size, c.entry.fingerprint); !st) {
            recordError(st.error());
            return; // what the parser sends up to its FileEnd is dropped
        }
        m_file.emplace(m_writer, m_report, m_path, m_progress, m_diagnostics, m_aux);
    }
    void operator()(ingest_command::FileUnchanged& c)
    {
        if (m_progress) {
            m_progress->fileStarted(c.path);
        }
        ++m_report.totals.files;
        FileReport fr;
        fr.path = std::move(c.path);
        fr.unchanged = true;
        m_report.files.push_back(std::move(fr));
    }
    void operator()(ingest_command::Unreadable& c) { recordError(c.error); }
    void operator()(ingest_command::Format& c)
    {
        if (m_file) {
            m_file->setFormat(c.format);
        }
    }
    void operator()(ingest_command::FormatName& c)
    {
        if (m_file) {
            m_file->setFormatName(c.name);
        }
    }
    void operator()(ingest_command::Record& c)
    {
        if (m_file) {
            m_file->event(std::move(c.event), c.recordIndex, std::move(c.raw), c.dedupKey);
        }
    }
    void operator()(ingest_command::Skipped& /*c*/)
    {
        if (m_file) {
            m_file->skipped(0, {});
        }
    }
    void operator()(ingest_command::Rejected& c)
    {
        if (m_file) {
            m_file->rejected(c.recordIndex, c.reason);
        }
    }
    void operator()(ingest_command::Other& c)
    {
        if (m_file) {
            m_file->otherRecord(c.kind, c.record, c.recordIndex);
        }
    }
    void operator()(ingest_command::OtherStored& c)
    {
        if (m_file) {
            m_file->otherRecordsStored(c.count);
        }
    }
    void operator()(ingest_command::OnWriter& c)
    {
        if (m_file) {
            c.task(m_writer.currentFileId());
        }
    }
    void operator()(ingest_command::FileEnd& c)
    {
        if (m_file) {
            finishFile(c);
        }
        m_file.reset();
    }

private:
    void finishFile(const ingest_command::FileEnd& end)
    {
        bool ok = true;
        if (!end.status) {
            const Error& e = end.status.error();
            if (e.code == Error::Code::Cancelled) {
                m_report.cancelled = true;
            } else {
                m_file->report(e, e.line > 0);
                // A file with no record at all is failed; one cut short keeps what it had.
                ok = m_writer.counts().records > 0;
            }
        }
        if (m_aux) {
            if (auto st = m_aux->finishFile(m_writer.currentFileId()); !st) {
                m_file->report(st.error(), false);
            }
        }
        // A cancelled file is flushed but stays "loading", so the next run reads it again.
        if (m_report.cancelled) {
            (void)m_writer.flush();
        } else if (auto st = m_writer.finishFile(ok && !m_file->failed()); !st) {
            recordError(st.error());
            return;
        }
        const auto& c = m_writer.counts();
        m_report.totals.records += c.records;
        m_report.totals.inserted += c.inserted;
        m_report.totals.duplicates += c.duplicates;
        m_report.totals.rejected += c.rejected;
        m_report.totals.skipped += c.skipped;
        m_report.totals.bytes += end.consumed;
        FileReport fr{m_path, "", c.records, c.inserted, c.duplicates, c.rejected, c.skipped, false, !ok};
        if (!m_formatQuery) {
            m_formatQuery = m_case.db().prepare("SELECT format FROM files WHERE id=?");
        }
        m_formatQuery->reset();
        m_formatQuery->bind(1, m_writer.currentFileId());
        if (m_formatQuery->step()) {
            fr.format = m_formatQuery->text(0);
        }
        m_formatQuery->reset();
        m_report.files.push_back(fr);
        if (m_progress) {
            m_progress->progress(m_report.totals);
        }
    }

    const CaseFile& m_case;
    EventWriter& m_writer;
    IngestReport& m_report;
    ProgressSink* m_progress;
    DiagnosticsSink* m_diagnostics;
    AuxiliaryImporter* m_aux;
    std::string m_path;
    std::optional<WriterConsumer> m_file;
    std::optional<Statement> m_formatQuery;
};

// The paths and fingerprints of the files the case holds completely (BundleParser::completeKey).
std::unordered_set<std::string> completeFiles(const Database& db)
{
    std::unordered_set<std::string> keys;
    auto list = db.prepare("SELECT path, fingerprint FROM files WHERE status='complete' AND fingerprint <> ''");
    while (list.step()) {
        keys.insert(BundleParser::completeKey(list.text(0), list.text(1)));
    }
    return keys;
}

} // namespace

bool IngestReport::nothingRead() const
{
    if (files.empty()) {
        return true;
    }
    for (const auto& f : files) {
        if (!f.failed && (f.records > 0 || f.unchanged || f.skipped > 0)) {
            return false;
        }
    }
    return true;
}

IngestPipeline::IngestPipeline(const CaseFile& caseFile, IngestOptions options)
    : m_case(caseFile), m_options(options)
{
}

Status IngestPipeline::restoreDeferredIndexes(const CaseFile& caseFile, std::string_view onlyIndex)
{
    const Database& db = caseFile.db();
    try {
        std::vector<std::pair<std::string, std::string>> deferred;
        auto list = db.prepare("SELECT key, value FROM case_info WHERE substr(key, 1, ?) = ? AND (? = '' OR key = ?)");
        list.bind(1, static_cast<std::int64_t>(kDeferredIndexKey.size())).bind(2, kDeferredIndexKey);
        list.bind(3, std::string(onlyIndex)).bind(4, std::string(kDeferredIndexKey) + std::string(onlyIndex));
        while (list.step()) {
            deferred.emplace_back(list.text(0), list.text(1));
        }
        if (deferred.empty()) {
            return {};
        }
        // The index sorts spill to temporary files rather than memory, and may use a helper thread. Each sorter
        // thread keeps up to cache_size bytes in memory: with the case's 64 MiB, three of them plus the page cache
        // peaked at 358 MiB for 10 M events; with 16 MiB the builds peak at 70 MiB and are no slower.
        db.exec("PRAGMA temp_store=FILE; PRAGMA threads=2; PRAGMA cache_size=-16384;");
        try {
            Transaction tx(db);
            auto exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type='index' AND name=?");
            auto forget = db.prepare("DELETE FROM case_info WHERE key=?");
            for (const auto& [key, sql] : deferred) {
                exists.bind(1, key.substr(kDeferredIndexKey.size()));
                const bool present = exists.step();
                exists.reset();
                // Only what dropIndexes stored: one CREATE [UNIQUE] INDEX statement.
                const bool createIndex =
                    sql.rfind("CREATE INDEX ", 0) == 0 || sql.rfind("CREATE UNIQUE INDEX ", 0) == 0;
                if (!present && createIndex && sql.find(';') == std::string::npos) {
                    db.exec(sql);
                }
                forget.bind(1, key).run();
            }
            tx.commit();
        } catch (const DatabaseError&) {
            db.exec("PRAGMA threads=0;");
            db.exec(CaseFile::kConnectionSettings);
            throw;
        }
        db.exec("PRAGMA threads=0;");
        db.exec(CaseFile::kConnectionSettings);
    } catch (const DatabaseError& e) {
        return Error{Error::Code::Database, caseFile.path(), 0, std::string("cannot build indexes: ") + e.what()};
    }
    return {};
}

IngestReport IngestPipeline::run(const std::vector<std::string>& paths)
{
    const auto started = std::chrono::steady_clock::now();
    IngestReport report;
    BulkLoadJournal journal(m_case.db());
    const UnmappedReads unmapped(m_case.db());
    if (auto st = restoreDeferredIndexes(m_case); !st) {
        report.errors.push_back(st.error());
        ++report.totals.errors;
    }
    bool dedupInMemory = false;
    if (m_options.deferIndexes) {
        try {
            dedupInMemory = dropIndexes(m_case.db(), m_options.maxInMemoryDedupKeys > 0);
        } catch (const DatabaseError&) {
            // Not fatal: the indexes simply stay and are maintained row by row.
        }
    }
    EventWriter writer(m_case, m_options.batchSize);
    writer.setGroupCommit(m_options.groupCommitRows);
    if (dedupInMemory) {
        writer.dedupInMemory(m_options.maxInMemoryDedupKeys,
                             [this] { return restoreDeferredIndexes(m_case, kDedupIndex); });
    }
    std::optional<CommittingAuxiliaryImporter> aux;
    if (m_aux) {
        aux.emplace(*m_aux, writer);
    }
    AuxiliaryImporter* const auxImporter = aux ? &*aux : nullptr;
    auto cancelled = [this] { return m_progress && m_progress->cancelled(); };

    WriterReplay replay(m_case, writer, report, m_progress, m_diagnostics, auxImporter);
    std::unordered_set<std::string> complete;
    if (m_options.skipUnchanged) {
        try {
            complete = completeFiles(m_case.db());
        } catch (const DatabaseError& e) {
            replay.recordError(Error{Error::Code::Database, m_case.path(), 0, e.what()});
        }
    }
    // Set when the writer fails: the parser stops at its next check, and what it still sends is dropped.
    std::atomic<bool> stopped{false};
    std::exception_ptr failure;
    BundleParser parser(m_options, auxImporter, std::move(complete),
                        [&] { return stopped.load(std::memory_order_relaxed) || cancelled(); });
    auto apply = [&](IngestPacket& packet) {
        for (IngestCommand& command : packet) {
            if (stopped.load(std::memory_order_relaxed)) {
                break;
            }
            try {
                std::visit(replay, command);
            } catch (const DatabaseError& e) {
                replay.recordError(Error{Error::Code::Database, m_case.path(), 0, e.what()});
                stopped = true;
            } catch (...) {
                failure = std::current_exception();
                stopped = true;
            }
        }
        packet.clear(); // unrun OnWriter tasks are dropped here, which releases a waiting parser
    };
    if (m_options.parseThread) {
        // One packet waits while the parser fills the next and the writer stores the one before: parsing and
        // storing overlap on two cores, with three packets in memory at most.
        IngestPacketQueue queue(1);
        // A quarter batch: about 6 MB of records per packet (three in memory at most), and one hand-over per
        // 2048 records.
        const std::size_t packetSize = std::max<std::size_t>(1, m_options.batchSize / 4);
        std::exception_ptr parseFailure;
        std::thread parseThread([&] {
            try {
                parser.run(paths, [&](IngestPacket& packet) { queue.push(std::move(packet)); }, packetSize);
            } catch (...) {
                parseFailure = std::current_exception();
            }
            queue.close();
        });
        while (auto packet = queue.pop()) {
            apply(*packet);
        }
        parseThread.join();
        if (!failure) {
            failure = parseFailure;
        }
    } else {
        try {
            parser.run(paths, apply, 1);
        } catch (...) {
            failure = std::current_exception();
        }
    }
    if (failure) {
        std::rethrow_exception(failure);
    }
    // Indexes are built outside the writer's transaction; errors are recorded after both steps ran.
    const Status committed = writer.commit();
    writer.endInMemoryDedup(); // its keys would sit beside the index sorts' memory
    const Status indexed = restoreDeferredIndexes(m_case);
    for (const Status* st : {&committed, &indexed}) {
        if (!*st) {
            replay.recordError(st->error());
        }
    }
    (void)writer.commit();
    try {
        journal.restore();
    } catch (const DatabaseError& e) {
        // Everything is committed; only the journal mode is left over, and the next open sets it again.
        ++report.totals.errors;
        report.errors.push_back(
            Error{Error::Code::Database, m_case.path(), 0, std::string("cannot return to WAL mode: ") + e.what()});
    }
    report.cancelled = report.cancelled || cancelled();
    report.totals.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

} // namespace kvw::core

#include "core/ingest/IngestPipeline.h"

#include "core/ingest/AuxiliaryImporter.h"
#include "core/ingest/FormatSniffer.h"
#include "core/store/BulkLoadJournal.h"
#include "core/store/CaseFile.h"
#include "core/store/Database.h"
#include "core/store/EventWriter.h"

#include <chrono>
#include <optional>
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
    auto list = db.prepare("SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name='events' "
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

// Forwards a reader's records to the writer, and everything that goes wrong to the report and the sinks.
class WriterConsumer final : public RecordConsumer
{
public:
    WriterConsumer(EventWriter& writer, IngestReport& report, const std::string& path, ProgressSink* progress,
                   DiagnosticsSink* diagnostics, AuxiliaryImporter* aux)
        : m_writer(writer), m_report(report), m_path(path), m_progress(progress), m_diagnostics(diagnostics),
          m_aux(aux)
    {
    }

    void setFormat(SourceFormat format) override
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

    void event(Event event, std::int64_t recordIndex, std::string raw) override
    {
        m_writer.addEvent(std::move(event), recordIndex, std::move(raw));
        if (m_writer.needsFlush()) {
            (void)flush();
        }
    }

    void skipped(std::int64_t /*recordIndex*/, const std::string& /*reason*/) override { m_writer.addSkipped(); }

    void rejected(std::int64_t recordIndex, const std::string& reason) override
    {
        report(Error{Error::Code::Parse, m_path, recordIndex, reason}, true);
    }

    void otherRecord(OtherRecordKind kind, const nlohmann::json& record, std::int64_t recordIndex) override
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

    void otherRecordsStored(std::int64_t count) override { m_writer.addOtherRecords(count); }

    bool cancelled() const override { return m_progress && m_progress->cancelled(); }

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

    auto onError = [&](const Error& e) {
        ++report.totals.errors;
        if (report.errors.size() < kMaxReportedErrors) {
            report.errors.push_back(e);
        }
        if (m_diagnostics) {
            m_diagnostics->diagnostic(e);
        }
        // Errors about a whole file or member are kept in the case's history too.
        if (writer.beginFile(e.file, -1, "").ok()) {
            writer.addError(e, false);
            (void)writer.finishFile(false);
            report.files.push_back(FileReport{e.file, "unreadable", 0, 0, 0, 0, 0, false, true});
        }
    };

    std::optional<Statement> formatQuery;
    auto visit = [&](const InputEntry& entry, InputStream& in) -> Status {
        if (m_progress) {
            m_progress->fileStarted(entry.path);
        }
        ++report.totals.files;
        if (m_options.skipUnchanged && !entry.fingerprint.empty() &&
            writer.alreadyComplete(entry.path, entry.fingerprint)) {
            FileReport fr;
            fr.path = entry.path;
            fr.unchanged = true;
            report.files.push_back(fr);
            return {};
        }
        if (auto st = writer.beginFile(entry.path, entry.size, entry.fingerprint); !st) {
            return st;
        }
        WriterConsumer consumer(writer, report, entry.path, m_progress, m_diagnostics, auxImporter);
        Status readStatus = FormatSniffer::dispatch(in, entry.path, consumer, m_options, auxImporter,
                                                    writer.currentFileId(),
                                                    [&](const std::string& name) { consumer.setFormatName(name); });
        bool ok = true;
        if (!readStatus) {
            const Error& e = readStatus.error();
            if (e.code == Error::Code::Cancelled) {
                report.cancelled = true;
            } else {
                consumer.report(e, e.line > 0);
                // A file with no record at all is failed; one cut short keeps what it had.
                ok = writer.counts().records > 0;
            }
        }
        if (auxImporter) {
            if (auto st = auxImporter->finishFile(writer.currentFileId()); !st) {
                consumer.report(st.error(), false);
            }
        }
        // A cancelled file is flushed but stays "loading", so the next run reads it again.
        if (report.cancelled) {
            (void)writer.flush();
        } else if (auto st = writer.finishFile(ok && !consumer.failed()); !st) {
            return st;
        }
        const auto& c = writer.counts();
        report.totals.records += c.records;
        report.totals.inserted += c.inserted;
        report.totals.duplicates += c.duplicates;
        report.totals.rejected += c.rejected;
        report.totals.skipped += c.skipped;
        report.totals.bytes += in.consumed();
        FileReport fr{entry.path, "", c.records, c.inserted, c.duplicates, c.rejected, c.skipped, false, !ok};
        if (!formatQuery) {
            formatQuery = m_case.db().prepare("SELECT format FROM files WHERE id=?");
        }
        formatQuery->reset();
        formatQuery->bind(1, writer.currentFileId());
        if (formatQuery->step()) {
            fr.format = formatQuery->text(0);
        }
        formatQuery->reset();
        report.files.push_back(fr);
        if (m_progress) {
            m_progress->progress(report.totals);
        }
        return {};
    };

    try {
        BundleReader(m_options.limits).read(paths, visit, onError, cancelled);
    } catch (const DatabaseError& e) {
        onError(Error{Error::Code::Database, m_case.path(), 0, e.what()});
    }
    // Indexes are built outside the writer's transaction; errors are recorded after both steps ran.
    const Status committed = writer.commit();
    writer.endInMemoryDedup(); // its keys would sit beside the index sorts' memory
    const Status indexed = restoreDeferredIndexes(m_case);
    for (const Status* st : {&committed, &indexed}) {
        if (!*st) {
            onError(st->error());
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

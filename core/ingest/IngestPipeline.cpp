#include "core/ingest/IngestPipeline.h"

#include "core/ingest/AuxiliaryImporter.h"
#include "core/ingest/FormatSniffer.h"
#include "core/store/CaseFile.h"
#include "core/store/EventWriter.h"

#include <chrono>

namespace kvw::core {
namespace {

constexpr std::size_t kMaxReportedErrors = 500;

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
            flush();
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

IngestReport IngestPipeline::run(const std::vector<std::string>& paths)
{
    const auto started = std::chrono::steady_clock::now();
    IngestReport report;
    EventWriter writer(m_case, m_options.batchSize);
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
        WriterConsumer consumer(writer, report, entry.path, m_progress, m_diagnostics, m_aux);
        Status readStatus = FormatSniffer::dispatch(in, entry.path, consumer, m_options, m_aux,
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
        if (m_aux) {
            if (auto st = m_aux->finishFile(writer.currentFileId()); !st) {
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
        auto fmt = m_case.db().prepare("SELECT format FROM files WHERE id=?");
        fmt.bind(1, writer.currentFileId());
        if (fmt.step()) {
            fr.format = fmt.text(0);
        }
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
    report.cancelled = report.cancelled || cancelled();
    report.totals.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

} // namespace kvw::core

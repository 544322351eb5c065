#include "core/query/CaseSummary.h"

#include "core/query/RollupSource.h"
#include "core/store/CaseFile.h"

namespace kvw::core {

Result<CaseSummary> CaseSummary::compute(const CaseFile& caseFile, const EventFilter& filter, std::size_t maxErrors)
{
    CaseSummary s;
    try {
        const Database& db = caseFile.db();
        const RollupSource src(caseFile, RollupSource::Kind::Events, filter);
        {
            auto st = db.prepare(src.query("COALESCE(SUM(n), 0), MIN(first_time), MAX(last_time), "
                                           "COALESCE(SUM(CASE WHEN http_status >= 400 THEN n END), 0)"));
            src.bind(st);
            st.step();
            s.events = st.int64(0);
            if (!st.isNull(1)) {
                s.first = Timestamp::fromTicks(st.int64(1));
                s.last = Timestamp::fromTicks(st.int64(2));
            }
            s.failed = st.int64(3);
        }
        {
            auto st = db.prepare(src.query("vault, SUM(n)", " GROUP BY vault"));
            src.bind(st);
            while (st.step()) {
                s.byVault[st.text(0)] = st.int64(1);
            }
        }
        {
            auto st = db.prepare(src.query("operation, SUM(n)", " GROUP BY operation"));
            src.bind(st);
            while (st.step()) {
                s.byOperation[st.text(0)] = st.int64(1);
            }
        }
        {
            auto st = db.prepare("SELECT path, format, status, records, inserted, duplicates, rejected, skipped "
                                 "FROM files ORDER BY path");
            while (st.step()) {
                s.files.push_back(IngestedFile{st.text(0), st.text(1), st.text(2), st.int64(3), st.int64(4),
                                               st.int64(5), st.int64(6), st.int64(7)});
            }
        }
        {
            auto st = db.prepare("SELECT path, line, code, message FROM ingest_errors ORDER BY id LIMIT ?");
            st.bind(1, static_cast<std::int64_t>(maxErrors));
            while (st.step()) {
                Error e;
                e.file = st.text(0);
                e.line = st.int64(1);
                e.message = st.text(3);
                s.errors.push_back(std::move(e));
            }
            auto count = db.prepare("SELECT COUNT(*) FROM ingest_errors");
            count.step();
            s.errorCount = count.int64(0);
        }
        {
            auto st = db.prepare("SELECT (SELECT COUNT(*) FROM alerts), (SELECT COUNT(*) FROM ti_indicators)");
            st.step();
            s.alerts = st.int64(0);
            s.threatIndicators = st.int64(1);
        }
    } catch (const DatabaseError& e) {
        return Error{Error::Code::Database, caseFile.path(), 0, e.what()};
    }
    return s;
}

} // namespace kvw::core

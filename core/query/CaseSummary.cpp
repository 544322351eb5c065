#include "core/query/CaseSummary.h"

#include "core/query/RollupSource.h"
#include "core/store/CaseFile.h"

#include <algorithm>

namespace kvw::core {

Result<CaseSummary> CaseSummary::compute(const CaseFile& caseFile, const EventFilter& filter, std::size_t maxErrors)
{
    CaseSummary s;
    try {
        const Database& db = caseFile.db();
        const RollupSource src(caseFile, RollupSource::Kind::Events, filter);
        {
            // One pass, summed here: three GROUP BYs would read the rows three times.
            auto st = src.rows(db, "vault, operation, http_status, first_time, last_time, n");
            std::optional<std::int64_t> first;
            std::optional<std::int64_t> last;
            std::string lastVault;
            std::string lastOperation;
            std::int64_t* vaultCount = nullptr;
            std::int64_t* operationCount = nullptr;
            while (st.step()) {
                const std::int64_t n = st.int64(5);
                if (vaultCount == nullptr || st.textView(0) != lastVault) {
                    lastVault.assign(st.textView(0));
                    vaultCount = &s.byVault[lastVault]; // map nodes stay put
                }
                if (operationCount == nullptr || st.textView(1) != lastOperation) {
                    lastOperation.assign(st.textView(1));
                    operationCount = &s.byOperation[lastOperation];
                }
                *vaultCount += n;
                *operationCount += n;
                s.events += n;
                if (!st.isNull(2) && st.int64(2) >= 400) {
                    s.failed += n;
                }
                first = std::min(first.value_or(st.int64(3)), st.int64(3));
                last = std::max(last.value_or(st.int64(4)), st.int64(4));
            }
            if (first) {
                s.first = Timestamp::fromTicks(*first);
                s.last = Timestamp::fromTicks(*last);
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

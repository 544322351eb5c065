#include "core/ingest/CsvTableReader.h"

#include "core/ingest/LogAnalyticsRowMapper.h"

#include <deque>
#include <nlohmann/json.hpp>
#include <optional>

namespace kvw::core {
namespace {

// Rows held back while the day/month order is not yet known.
constexpr std::size_t LookaheadRows = 1000;
constexpr std::size_t LookaheadBytes = std::size_t{8} << 20;

struct PendingRow
{
    std::int64_t line = 0;
    std::vector<std::string> cells;
    std::optional<Error> error;
};

std::string headerPreview(const std::vector<std::string>& header)
{
    std::string out;
    for (std::size_t i = 0; i < header.size() && i < 6; ++i) {
        out += (i ? ", " : "") + header[i].substr(0, 40);
    }
    if (header.size() > 6) {
        out += ", …";
    }
    return out;
}

void deliver(const LogAnalyticsRowMapper& mapper, const PendingRow& row, RecordConsumer& consumer)
{
    if (row.error) {
        consumer.rejected(row.line, row.error->message);
        return;
    }
    const std::size_t width = mapper.columns().size();
    if (row.cells.size() > width) {
        for (std::size_t i = width; i < row.cells.size(); ++i) {
            // Trailing empty cells (a stray comma at the line end) carry nothing; text there means a broken row.
            if (!row.cells[i].empty()) {
                consumer.rejected(row.line, "line " + std::to_string(row.line) + ": row has " +
                                                std::to_string(row.cells.size()) + " cells but the header has " +
                                                std::to_string(width) + " columns");
                return;
            }
        }
    }
    switch (mapper.rowTable(row.cells)) {
    case LogAnalyticsTable::SecurityAlert:
        consumer.otherRecord(OtherRecordKind::SecurityAlert, mapper.toObject(row.cells), row.line);
        return;
    case LogAnalyticsTable::AzureMetrics:
        consumer.otherRecord(OtherRecordKind::Metric, mapper.toObject(row.cells), row.line);
        return;
    default:
        break;
    }
    consumer.deliver(mapper.map(row.cells), row.line, [&]() { return mapper.rawText(row.cells); });
}

// A portal export of another Log Analytics table (it has TimeGenerated): well-formed, just not Key Vault data.
bool isLogAnalyticsExport(const std::vector<std::string>& header)
{
    for (const auto& column : header) {
        if (LogAnalyticsRowMapper::normaliseColumnName(column) == "TimeGenerated") {
            return true;
        }
    }
    return false;
}

// Its rows are counted as skipped, like rows of other resource providers in a shared AzureDiagnostics export.
Status skipOtherTable(CsvReader& csv, RecordConsumer& consumer)
{
    std::vector<std::string> cells;
    for (std::int64_t n = 0;; ++n) {
        auto more = csv.next(cells);
        if (!more) {
            consumer.rejected(csv.rowLine(), more.error().message);
            continue;
        }
        if (!*more) {
            return {};
        }
        if ((n & 1023) == 0 && consumer.cancelled()) {
            return Error{Error::Code::Cancelled, "", csv.rowLine(), "cancelled"};
        }
        consumer.skipped(csv.rowLine(), "Log Analytics export of a table that holds no Key Vault audit data");
    }
}

} // namespace

Status CsvTableReader::read(InputStream& in, const std::string& displayPath, RecordConsumer& consumer, DateOrder order,
                            std::size_t maxRowBytes)
{
    CsvReader csv(in, maxRowBytes);
    std::vector<std::string> header;
    auto first = csv.next(header);
    if (!first) {
        Error e = first.error();
        e.file = displayPath;
        e.message = "unreadable CSV header: " + e.message;
        return e;
    }
    if (!*first) {
        return Error{Error::Code::Format, displayPath, 0, "empty CSV file (no header row)"};
    }
    LogAnalyticsRowMapper mapper(header, order);
    switch (mapper.table()) {
    case LogAnalyticsTable::AzureDiagnostics:
        consumer.setFormat(SourceFormat::AzureDiagnosticsCsv);
        break;
    case LogAnalyticsTable::AzkvAuditLogs:
        consumer.setFormat(SourceFormat::AzkvAuditLogsCsv);
        break;
    case LogAnalyticsTable::SecurityAlert:
    case LogAnalyticsTable::AzureMetrics:
        break; // no audit events come from these; SourceFormat has no value for them
    case LogAnalyticsTable::Unknown:
        if (isLogAnalyticsExport(header)) {
            return skipOtherTable(csv, consumer);
        }
        return Error{Error::Code::Format, displayPath, csv.rowLine(),
                     "unrecognised CSV columns: not an AzureDiagnostics, AZKVAuditLogs, SecurityAlert or AzureMetrics "
                     "export (header: " +
                         headerPreview(header) + ")"};
    }

    std::deque<PendingRow> pending;
    std::size_t pendingBytes = 0;
    bool orderSettled = false;
    // Delivers the rows held back; false when the consumer cancelled meanwhile.
    auto flush = [&] {
        orderSettled = true;
        pendingBytes = 0;
        while (!pending.empty()) {
            if (consumer.cancelled()) {
                return false;
            }
            deliver(mapper, pending.front(), consumer);
            pending.pop_front();
        }
        return true;
    };
    const auto cancelledAt = [&](std::int64_t line) {
        return Error{Error::Code::Cancelled, displayPath, line, "cancelled"};
    };

    PendingRow row; // reused, so the wide rows' cell strings keep their capacity
    for (;;) {
        if (consumer.cancelled()) {
            return cancelledAt(csv.rowLine());
        }
        row.error.reset();
        auto got = csv.next(row.cells);
        row.line = csv.rowLine();
        if (!got) {
            const Error& e = got.error();
            if (e.code != Error::Code::Format && e.code != Error::Code::Limit) {
                if (!flush()) {
                    return cancelledAt(e.line);
                }
                Error fatal = e;
                fatal.file = displayPath;
                return fatal;
            }
            row.error = e;
        } else if (!*got) {
            break;
        }
        if (!orderSettled) {
            if (const auto evidence = mapper.dateOrderEvidence(row.cells)) {
                mapper.setDateOrder(*evidence);
                orderSettled = true;
            }
        }
        if (orderSettled) {
            if (!flush()) {
                return cancelledAt(row.line);
            }
            deliver(mapper, row, consumer);
            continue;
        }
        for (const auto& cell : row.cells) {
            pendingBytes += cell.size();
        }
        const std::int64_t line = row.line;
        pending.push_back(std::move(row));
        if ((pending.size() >= LookaheadRows || pendingBytes >= LookaheadBytes) && !flush()) {
            return cancelledAt(line);
        }
    }
    if (!flush()) {
        return cancelledAt(csv.rowLine());
    }
    return {};
}

} // namespace kvw::core

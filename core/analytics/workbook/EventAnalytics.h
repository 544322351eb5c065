#pragma once

#include "core/analytics/workbook/WorkbookTypes.h"
#include "core/common/Result.h"
#include "core/query/EventFilter.h"

#include <optional>
#include <vector>

namespace kvw::core {

class CaseFile;

// The aggregations behind the workbook's "Analytics over Key Vault events" tab (sentinel-content.md §1.4), Qt-free so
// the GUI, the report and the CLI share them. Every query honours the EventFilter and binds every value.
class EventAnalytics
{
public:
    static constexpr int DefaultTopN = 10;
    static constexpr std::int64_t DefaultMassThreshold = 1000;   // the workbook's EventCountThreshold
    static constexpr std::size_t DefaultMassDetailSample = 200;  // retrievals read for a row's URIs and clients
    static constexpr std::size_t MassDetailValues = 50;          // at most this many URIs / clients per row

    explicit EventAnalytics(const CaseFile& caseFile) : m_case(caseFile) {}

    // The time axis the views share: the filter's range (or the events' span) at the automatic grain.
    Result<std::optional<TimeAxis>> axis(const EventFilter& filter) const;

    // "Events, by X": counts per bucket for the top N keys and "Other".
    Result<KeyedSeries> eventsOverTime(const EventFilter& filter, GroupKey key, const TimeAxis& axis,
                                       int topN = DefaultTopN) const;
    // "Activity, by X": every key with its event and failure counts, largest first; IP and identity rows carry
    // their related alerts and findings. Identity rows without any claim are dropped, as in the workbook.
    Result<std::vector<KeyTotal>> totals(const EventFilter& filter, GroupKey key) const;

    // "Diagnostic logs coverage": vaults missing logs first.
    Result<std::vector<VaultCoverage>> coverage(const EventFilter& filter) const;

    // "Sensitive Operations": successful deletes, purges and backups (+ restores and access-policy changes,
    // flagged as extensions), newest first.
    Result<std::vector<SensitiveOperation>> sensitiveOperations(const EventFilter& filter) const;
    static const std::vector<std::string>& sensitiveOperationNames();
    static const std::vector<std::string>& sensitiveOperationExtensions();

    // "Mass Secret Retrieval": per vault x identity (oid, appid, upn) and per period-long window (aligned to UTC
    // multiples of the period), the successful SecretGet/KeyGet/VaultGet calls, kept when strictly greater than the
    // threshold. Largest first. Operations and caller IPs are every one of the row's; request URIs and client
    // strings (kept only in events) come from its first `detailSample` retrievals, at most MassDetailValues each,
    // as the Sentinel rule's make_set(…, 50): a dump of ten thousand secrets is read in full from the identity's
    // events, not from a table cell.
    Result<std::vector<MassRetrieval>> massSecretRetrieval(const EventFilter& filter, std::int64_t threshold,
                                                           std::int64_t periodTicks,
                                                           std::size_t detailSample = DefaultMassDetailSample) const;

    // "Operation analysis": one series per operation whose name contains secret / key / certificate, at a tenth of
    // the axis grain; users = events with a UPN claim; log scale = natural log of the counts of operations whose name
    // contains "get" (others stay linear), as in the workbook.
    Result<KeyedSeries> operationAnalysis(const EventFilter& filter, ObjectKind objects, ActorKind actors,
                                          ScaleKind scale, const TimeAxis& axis) const;

private:
    const CaseFile& m_case;
};

} // namespace kvw::core

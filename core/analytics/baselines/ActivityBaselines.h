#pragma once

#include "core/analytics/series/SeriesDecompose.h"
#include "core/common/Result.h"
#include "core/common/Timestamp.h"
#include "core/query/EventFilter.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kvw::core {

class CaseFile;

struct BaselinePoint
{
    Timestamp time;        // bin start
    double count = 0.0;
    double baseline = 0.0; // series_decompose baseline (seasonal + trend)
    double score = 0.0;    // anomaly score of the residual
    int flag = 0;          // +1 above the threshold, -1 below minus the threshold, 0 otherwise
};

struct BaselineSeries
{
    std::string key;       // vault, caller IP or identity
    std::vector<BaselinePoint> points;
    double lastScore = 0.0;
    double maxScore = 0.0;
    double minScore = 0.0;
    bool anomalousLast = false; // the workbook's "Anomalous": |last score| > threshold
    bool historical = false;    // the workbook's "Historical anomaly": any score > threshold or < -threshold
    std::size_t period = 0;     // seasonality used, in bins
    bool approximate = false;   // the period was auto-detected (Kusto's detector is closed source)
};

struct BaselineOptions
{
    enum class By { Vault, Ip, Identity };

    By by = By::Vault;
    std::int64_t step = Timestamp::TicksPerDay;
    std::int64_t window = 14 * Timestamp::TicksPerDay;
    double threshold = 3.0;
    SeriesDecompose::Trend trend = SeriesDecompose::Trend::Avg;
    // Count only successful SecretGet / KeyGet / VaultGet, without the Resource Graph VaultGet noise (the TimeSeries
    // rule's series); otherwise every audit event counts, as the workbook does.
    bool retrievalsOnly = false;
    bool positiveOnly = false;
    // Exclusive end of the last bin; default: the filter's end, else the end of the day (step) of the last event.
    std::optional<Timestamp> end;

    // The workbook's "Key vault activity baselines and deviations": daily per vault, 14 days, avg trend, |score| > 3.
    static BaselineOptions workbookDaily();
    static BaselineOptions hourlyPerVault();
    // The access TimeSeries rule's series: daily successful retrievals per caller IP, linefit, spikes > 3.
    static BaselineOptions callerIpRule();
};

const char* toString(BaselineOptions::By by);

// Baseline series for the views (series_decompose_anomalies over make-series counts). Bins are aligned to the end,
// as bin_at(TimeGenerated, step, now()) is in the workbook; the baseline window is its own parameter and ignores the
// filter's start, while the filter's other scope (vaults, resource type, identities) applies.
class ActivityBaselines
{
public:
    static Result<std::vector<BaselineSeries>> compute(const CaseFile& caseFile, const EventFilter& filter,
                                                       const BaselineOptions& options);
};

} // namespace kvw::core

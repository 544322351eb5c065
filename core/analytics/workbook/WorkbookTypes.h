#pragma once

#include "core/common/Timestamp.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kvw::core {

// What the workbook groups events by (sentinel-content.md §1.4c, plus the monitoring splits).
enum class GroupKey { Vault, CallerIp, Identity, Operation, OperationClass, StatusClass, Application, ObjectName };

const char* toString(GroupKey key);

// Regular time buckets: bucket i covers [start + i*grain, start + (i+1)*grain).
struct TimeAxis
{
    Timestamp start;
    std::int64_t grain = Timestamp::TicksPerHour;
    int buckets = 0;

    Timestamp at(int i) const { return start + static_cast<std::int64_t>(i) * grain; }
    Timestamp end() const { return at(buckets); }
    // The bucket holding `t`, or -1 when it is outside the axis.
    int indexOf(Timestamp t) const;
};

// One value per bucket for each key; keys are ordered by total descending, with "Other" (the keys beyond the top N)
// last. Counts are stored as doubles so that log-scaled and ratio series share the type.
struct KeyedSeries
{
    static constexpr const char* OtherKey = "Other";

    TimeAxis axis;
    std::vector<std::string> keys;
    std::vector<std::vector<double>> values;   // values[key][bucket]
    std::vector<double> totals;                // per key, before any scaling

    bool empty() const { return keys.empty(); }
    double total() const;
};

// One row of an "Activity, by X" grid.
struct KeyTotal
{
    std::string key;
    std::int64_t events = 0;
    std::int64_t failed = 0;              // HTTP status >= 400
    Timestamp first;
    Timestamp last;
    std::int64_t relatedAlerts = 0;       // distinct Defender alerts naming this IP / identity
    std::int64_t relatedFindings = 0;     // detection findings that name it
    // Identity rows only: the claims behind the key.
    std::string upn;
    std::string appId;
    std::string identifier;               // "User" (has a UPN), "ObjectId" or "AppId", as in the workbook grid
};

// "Diagnostic logs coverage": every vault the bundle names, and whether audit events exist for it in the range.
struct VaultCoverage
{
    std::string vault;
    std::string subscription;
    std::string resourceId;
    std::string resourceType;
    std::int64_t events = 0;              // in the filter's range
    std::optional<Timestamp> first;
    std::optional<Timestamp> last;
    std::int64_t activeDays = 0;          // UTC days with at least one event in the range
    std::int64_t longestGapHours = 0;     // longest silence between consecutive events in the range
    bool namedOnlyElsewhere = false;      // known from alerts or metrics only
    bool hasLogs() const { return events > 0; }
};

struct SensitiveOperation
{
    std::int64_t eventId = 0;
    Timestamp time;
    std::string vault;
    std::string resourceId;
    std::string result;
    std::string operation;
    std::string callerIp;
    std::string appId;
    std::string objectId;
    std::string upn;
    std::string objectName;
    std::string requestUri;
    std::string clientInfo;
    bool extension = false;               // not in the workbook's list (restores, access-policy changes)
};

// "Mass Secret Retrieval": one identity on one vault with more than `threshold` reads within one period.
struct MassRetrieval
{
    std::string vault;
    Timestamp windowStart;
    Timestamp windowEnd;
    std::string objectId;
    std::string appId;
    std::string upn;
    std::int64_t events = 0;
    std::vector<std::string> operations;
    std::vector<std::string> callerIps;
    std::vector<std::string> requestUris; // from the first sampledEvents retrievals, capped (EventAnalytics)
    std::vector<std::string> clientInfos;
    std::int64_t sampledEvents = 0; // retrievals the two lists above were taken from

    // Whether the URI and client lists may miss values (a sample, or the cap reached).
    bool detailPartial(std::size_t cap) const
    {
        return sampledEvents < events || requestUris.size() >= cap || clientInfos.size() >= cap;
    }
};

// Operation analysis (§1.4f) selectors.
enum class ObjectKind { Secrets, Keys, Certificates };
enum class ActorKind { All, Users, Services };
enum class ScaleKind { Linear, Log };

// Per operation: the workbook's Operations grid (single-vault insights §2.2).
struct OperationHealth
{
    std::string operation;
    std::int64_t events = 0;
    std::int64_t succeeded = 0;
    std::int64_t failed = 0;
    std::optional<double> p99Ms;
};

// Operation monitoring from the audit events: requests, latency, availability, throttling, denials.
struct MonitoringResult
{
    KeyedSeries byOperationClass;
    KeyedSeries byStatusClass;            // 2xx, 3xx, 4xx, 5xx, no status
    KeyedSeries latency;                  // keys p50, p95, p99 (ms; buckets without durations are 0)
    std::vector<double> availability;     // per bucket, share of requests with a status that were not 5xx (0..1)
    std::vector<double> throttled;        // 429 per bucket
    std::vector<double> denied;           // 401/403 per bucket (401 on Authentication excluded: SDK challenge)
    std::int64_t requests = 0;
    std::int64_t requestsWithStatus = 0;
    std::int64_t serverErrors = 0;
    std::int64_t throttledTotal = 0;
    std::int64_t deniedTotal = 0;
    std::optional<double> p50Ms;
    std::optional<double> p95Ms;
    std::optional<double> p99Ms;
    std::vector<OperationHealth> operations;
    // From AzureMetrics rows, when the bundle has them: metric name -> per-bucket value (sum or average).
    KeyedSeries metrics;
    double availabilityRatio() const
    {
        return requestsWithStatus == 0 ? 1.0
                                       : 1.0 - static_cast<double>(serverErrors) / static_cast<double>(requestsWithStatus);
    }
};

struct AlertEntityRow
{
    std::string kind;
    std::string value;
};

struct AlertRow
{
    std::int64_t id = 0;
    std::string systemAlertId;
    std::string alertType;
    std::string displayName;
    std::string severity;
    Timestamp time;
    std::string vault;
    std::string subscription;
    std::string resourceId;
    std::string status;
    std::string link;
    std::string description;
    bool sample = false;
    std::vector<AlertEntityRow> entities;
};

struct SeverityCount
{
    std::string severity;                 // "All", "High", "Medium", "Low", then others
    std::int64_t count = 0;
    std::vector<double> trend;            // per bucket of the overview's axis
};

struct AlertsOverview
{
    std::vector<AlertRow> alerts;         // newest first
    std::vector<SeverityCount> severities;
    std::vector<std::pair<std::string, std::int64_t>> perVault;
    KeyedSeries overTime;                 // by vault
    // Subscriptions seen in the bundle with whether Defender evidence (a KV_ alert) exists: inferred, not read.
    std::vector<std::pair<std::string, bool>> defenderEvidence;
};

struct FindingRow
{
    std::int64_t id = 0;
    std::string ruleId;
    std::string title;
    std::string severity;
    Timestamp start;
    Timestamp end;
    std::vector<std::string> vaults;
    std::vector<std::string> entities;    // "kind: value"
    std::vector<std::int64_t> evidence;   // event ids
    std::int64_t evidenceCount = 0;
    std::string summary;
    std::string detailJson;
};

enum class EntityKind { Vault, Ip, Identity, Application, Operation, Object };

const char* toString(EntityKind kind);
std::optional<EntityKind> entityKindFromString(const std::string& s);

struct ThreatMatch
{
    std::string list;
    std::string kind;
    std::string description;
    std::string listDate;
};

// Everything the entity page shows for one vault / IP / identity / app / operation / object under a filter.
struct EntitySummary
{
    EntityKind kind = EntityKind::Vault;
    std::string value;
    std::int64_t events = 0;
    std::int64_t failed = 0;
    std::optional<Timestamp> first;
    std::optional<Timestamp> last;
    std::vector<std::pair<std::string, std::int64_t>> vaults;
    std::vector<std::pair<std::string, std::int64_t>> operations;
    std::vector<std::pair<std::string, std::int64_t>> callerIps;
    std::vector<std::pair<std::string, std::int64_t>> identities;
    KeyedSeries timeline;                 // all vs failed
    std::vector<AlertRow> alerts;
    std::vector<FindingRow> findings;
    std::vector<ThreatMatch> threatIntel;
};

} // namespace kvw::core

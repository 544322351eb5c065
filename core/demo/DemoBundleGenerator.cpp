#include "core/demo/DemoBundleGenerator.h"

#include "core/demo/DemoAlertsWriter.h"
#include "core/demo/DemoAzkvAuditLogsJsonWriter.h"
#include "core/demo/DemoAzureDiagnosticsCsvWriter.h"
#include "core/demo/DemoEcsWriter.h"
#include "core/demo/DemoEventHubWriter.h"
#include "core/demo/DemoIncidentPlan.h"
#include "core/demo/DemoMetricsWriter.h"
#include "core/demo/DemoOutputFile.h"
#include "core/demo/DemoStats.h"
#include "core/demo/DemoStorageTreeWriter.h"
#include "core/demo/DemoThreatIntelWriter.h"
#include "core/demo/DemoTime.h"
#include "core/demo/DemoTraffic.h"
#include "core/demo/DemoWorld.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <system_error>

namespace kvw::core {
namespace {

constexpr std::int64_t kHour = Timestamp::TicksPerHour;
constexpr std::int64_t kMs = Timestamp::TicksPerMillisecond;
// A quarter of the records of an hour's last 30 seconds arrive in the next hour's blob.
constexpr std::int64_t kLateWindow = 30 * Timestamp::TicksPerSecond;

Status prepareFolder(const std::filesystem::path& dir, bool force)
{
    std::error_code ec;
    if (std::filesystem::exists(dir, ec)) {
        if (!std::filesystem::is_directory(dir, ec)) {
            return Error{Error::Code::Usage, dir.string(), 0, "exists and is not a folder"};
        }
        if (!force && std::filesystem::directory_iterator(dir, ec) != std::filesystem::directory_iterator()) {
            return Error{Error::Code::Usage, dir.string(), 0, "folder is not empty (use --force to write into it)"};
        }
    }
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        return Error{Error::Code::Io, dir.string(), 0, "cannot create folder: " + ec.message()};
    }
    return {};
}

nlohmann::json resourcesJson(const DemoWorld& world)
{
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : world.resources()) {
        nlohmann::json j = {{"name", r.name},
                            {"type", r.hsm ? "managedhsm" : "vault"},
                            {"resource_id", r.resourceId},
                            {"subscription", r.subscription},
                            {"resource_group", r.resourceGroup},
                            {"authorization", r.rbac ? "rbac" : "access_policy"},
                            {"purge_protection", r.config.enablePurgeProtection.value_or(false)},
                            {"secrets", r.secrets.size()},
                            {"keys", r.keys.size()},
                            {"certificates", r.certificates.size()}};
        if (r.deletedAtTicks != INT64_MAX) {
            j["deleted_at"] = DemoTime::iso7(Timestamp::fromTicks(r.deletedAtTicks));
        }
        out.push_back(j);
    }
    return out;
}

} // namespace

Result<DemoSummary> DemoBundleGenerator::write(const std::filesystem::path& outDir) const
{
    const auto started = std::chrono::steady_clock::now();
    if (Status s = m_options.validate(); !s) {
        return s.error();
    }
    if (Status s = prepareFolder(outDir, m_options.force); !s) {
        return s.error();
    }

    DemoWorld world(m_options.seed);
    DemoIncidentPlan plan(world, m_options);
    DemoTraffic traffic(world, m_options, plan);
    std::vector<DemoIncident> incidents = plan.incidents();
    DemoStats stats(world, m_options.start, m_options.days, incidents);

    std::vector<std::unique_ptr<DemoRecordSink>> writers;
    std::vector<std::string> artefacts;
    switch (m_options.format) {
    case DemoFormat::Bundle:
    case DemoFormat::JsonLines:
        writers.push_back(std::make_unique<DemoStorageTreeWriter>(outDir, world.resources().size()));
        artefacts.emplace_back("insights-logs-auditevent/");
        break;
    case DemoFormat::EventHubRecords:
        writers.push_back(std::make_unique<DemoEventHubWriter>(outDir));
        artefacts.emplace_back("eventhub/");
        break;
    case DemoFormat::AzureDiagnosticsCsv:
        writers.push_back(std::make_unique<DemoAzureDiagnosticsCsvWriter>(outDir, world));
        artefacts.emplace_back("AzureDiagnostics/");
        break;
    case DemoFormat::AzkvAuditLogsJson:
        writers.push_back(std::make_unique<DemoAzkvAuditLogsJsonWriter>(outDir, world));
        artefacts.emplace_back("AZKVAuditLogs/");
        break;
    case DemoFormat::EcsNdjson:
        writers.push_back(std::make_unique<DemoEcsWriter>(outDir));
        artefacts.emplace_back("ecs/");
        break;
    }
    if (m_options.format == DemoFormat::Bundle) {
        writers.push_back(std::make_unique<DemoMetricsWriter>(outDir, world));
        artefacts.emplace_back(DemoMetricsWriter::RelativePath);
    }
    std::vector<DemoRecordSink*> sinks;
    for (auto& w : writers) {
        sinks.push_back(w.get());
    }
    sinks.push_back(&stats);

    auto emit = [&](const DemoRecord& r) -> Status {
        for (DemoRecordSink* s : sinks) {
            Status st = s->write(r);
            if (!st) {
                return st;
            }
        }
        return {};
    };
    auto endHour = [&](Timestamp hour) -> Status {
        for (DemoRecordSink* s : sinks) {
            Status st = s->endHour(hour);
            if (!st) {
                return st;
            }
        }
        return {};
    };

    DemoRandom renderRng = DemoRandom::stream(m_options.seed, 5);
    DemoRandom arrivalRng = DemoRandom::stream(m_options.seed, 9);
    const auto& prebuilt = plan.records();
    std::size_t nextPrebuilt = 0;
    std::vector<DemoEvent> pending;
    std::size_t pendingPos = 0;
    std::vector<DemoEvent> events;
    std::vector<DemoRecord> late;
    DemoRecord record;
    std::int64_t lastMs = INT64_MIN;
    const std::int64_t start = m_options.start.ticks();
    const std::int64_t periodEnd = start + static_cast<std::int64_t>(m_options.days) * Timestamp::TicksPerDay;

    for (int day = 0; day < m_options.days; ++day) {
        pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(pendingPos));
        pendingPos = 0;
        traffic.day(day, pending);
        std::stable_sort(pending.begin(), pending.end(),
                         [](const DemoEvent& a, const DemoEvent& b) { return a.ticks < b.ticks; });
        for (int h = 0; h < 24; ++h) {
            const int hourIndex = day * 24 + h;
            const std::int64_t hourStart = start + static_cast<std::int64_t>(hourIndex) * kHour;
            const std::int64_t hourEnd = hourStart + kHour;
            events.clear();
            traffic.hour(hourIndex, events);
            while (pendingPos < pending.size() && pending[pendingPos].ticks < hourEnd) {
                events.push_back(pending[pendingPos++]);
            }
            while (nextPrebuilt < prebuilt.size() && prebuilt[nextPrebuilt].time.ticks() < hourEnd) {
                DemoEvent e;
                e.ticks = prebuilt[nextPrebuilt].time.ticks();
                e.prebuilt = static_cast<std::int32_t>(nextPrebuilt++);
                events.push_back(e);
            }
            for (std::size_t i = 0; i < events.size(); ++i) {
                events[i].seq = i;
            }
            std::sort(events.begin(), events.end(), [](const DemoEvent& a, const DemoEvent& b) {
                return a.ticks != b.ticks ? a.ticks < b.ticks : a.seq < b.seq;
            });

            const Timestamp blobHour = Timestamp::fromTicks(hourStart);
            // Late arrivals of the previous hour land first in this hour's blob (formats.md §1: arrival order).
            for (auto& r : late) {
                r.blobHour = blobHour;
                if (Status s = emit(r); !s) {
                    return s.error();
                }
            }
            late.clear();
            for (const DemoEvent& e : events) {
                // Unique milliseconds across the whole stream: exports that keep only milliseconds (portal CSV)
                // must not make two records look alike where the 7-digit formats differ.
                std::int64_t ticks = e.ticks;
                std::int64_t ms = Timestamp::floorDiv(ticks, kMs);
                if (ms <= lastMs) {
                    ms = lastMs + 1;
                    ticks = ms * kMs + (e.ticks - Timestamp::floorDiv(e.ticks, kMs) * kMs);
                }
                lastMs = ms;
                if (e.prebuilt >= 0) {
                    record = prebuilt[static_cast<std::size_t>(e.prebuilt)];
                } else {
                    traffic.render(e, renderRng, record);
                }
                record.time = Timestamp::fromTicks(ticks);
                record.blobHour = blobHour;
                const bool lastSeconds = hourEnd - ticks < kLateWindow && hourEnd < periodEnd;
                if (lastSeconds && arrivalRng.chance(0.25)) {
                    late.push_back(record);
                    continue;
                }
                if (Status s = emit(record); !s) {
                    return s.error();
                }
            }
            if (Status s = endHour(blobHour); !s) {
                return s.error();
            }
        }
    }
    if (!late.empty()) {
        const Timestamp blobHour = Timestamp::fromTicks(periodEnd);
        for (auto& r : late) {
            r.blobHour = blobHour;
            if (Status s = emit(r); !s) {
                return s.error();
            }
        }
        if (Status s = endHour(blobHour); !s) {
            return s.error();
        }
    }
    std::uint64_t files = 0;
    for (DemoRecordSink* s : sinks) {
        if (Status st = s->finish(); !st) {
            return st.error();
        }
        files += s->filesWritten();
    }

    nlohmann::json sideFiles = nlohmann::json::object();
    if (m_options.format == DemoFormat::Bundle) {
        auto alerts = DemoAlertsWriter(world, m_options.seed).write(outDir, incidents, m_options.start);
        if (!alerts) {
            return alerts.error();
        }
        auto ti = DemoThreatIntelWriter(world, m_options.seed).write(outDir, m_options.start, m_options.days);
        if (!ti) {
            return ti.error();
        }
        files += alerts->size() + ti->size();
        artefacts.insert(artefacts.end(), alerts->begin(), alerts->end());
        artefacts.insert(artefacts.end(), ti->begin(), ti->end());
        sideFiles = {{"defender_alerts", *alerts},
                     {"tor_exit_list", DemoThreatIntelWriter::TorPath},
                     {"threat_intel_indicators", DemoThreatIntelWriter::IndicatorsPath},
                     {"azure_metrics", DemoMetricsWriter::RelativePath}};
    }

    nlohmann::json incidentsJson = nlohmann::json::array();
    for (const auto& inc : incidents) {
        incidentsJson.push_back(inc.toJson());
    }
    const Timestamp end = Timestamp::fromTicks(periodEnd);
    nlohmann::json manifest = {
        {"generator", "kvworkbook-cli demo"},
        {"manifest_version", 1},
        {"seed", m_options.seed},
        {"format", toString(m_options.format)},
        {"start", DemoTime::isoSeconds(m_options.start)},
        {"end", DemoTime::isoSeconds(end)},
        {"days", m_options.days},
        {"events_requested", m_options.events},
        {"record_count", stats.total()},
        {"records_per_vault", stats.perResource()},
        {"records_per_vault_operation", stats.perResourceOperation()},
        {"daily_event_counts", stats.dailyCounts()},
        {"hour_of_day_counts", stats.hourOfDayCounts()},
        {"tenant_id", world.tenantId()},
        {"workspace_id", world.workspaceId()},
        {"subscriptions", world.subscriptions()},
        {"resources", resourcesJson(world)},
        {"corporate_egress_ips", world.corporateIps()},
        {"audit_records", artefacts.front()},
        {"side_files", sideFiles},
        {"incidents", incidentsJson},
        {"benign_expected_findings", stats.benignFindings()},
        {"benign_max_daily_get_events", stats.benignMaxDailyGets()},
        {"background", traffic.describe()},
        {"notes",
         {"All addresses of attackers are in documentation ranges (RFC 5737); 192.0.2.10-11 is the corporate egress.",
          "Azure writes resultType 'Success' even for 403/404; use httpStatusCode.",
          "Authentication records with identity {} are the SDK's normal 401 challenge before a token is sent.",
          "Some records land in the next hour's blob (arrival order); never derive time from the blob path.",
          "Every record's time is unique at millisecond precision, so all export formats hold the same records.",
          "Metrics are hourly aggregates computed from the audit records (TimeGrain PT1H)."}},
    };
    if (Status s = DemoOutputFile::writeAll(outDir / ManifestName, manifest.dump(2) + "\n"); !s) {
        return s.error();
    }
    ++files;
    artefacts.insert(artefacts.begin(), ManifestName);

    DemoSummary summary;
    summary.outDir = outDir.string();
    summary.format = m_options.format;
    summary.records = stats.total();
    summary.files = files;
    summary.recordsPerResource = stats.perResource();
    summary.incidents = std::move(incidents);
    summary.artefacts = std::move(artefacts);
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
}

} // namespace kvw::core

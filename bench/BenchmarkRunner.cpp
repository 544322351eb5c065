#include "BenchmarkRunner.h"

#include "BenchClock.h"
#include "GridBenchmark.h"

#include "core/analytics/baselines/ActivityBaselines.h"
#include "core/analytics/detections/DetectionEngine.h"
#include "core/analytics/workbook/EventAnalytics.h"
#include "core/analytics/workbook/MonitoringQueries.h"
#include "core/demo/DemoBundleGenerator.h"
#include "core/ingest/IngestPipeline.h"
#include "core/query/CaseSummary.h"
#include "core/query/EventQuery.h"
#include "core/store/CaseFile.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <thread>

namespace kvw::bench {
namespace fs = std::filesystem;
using namespace kvw::core;

namespace {

std::string firstMatch(const std::string& file, const std::string& key)
{
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(key, 0) == 0) {
            const auto colon = line.find(':');
            if (colon != std::string::npos) {
                std::string v = line.substr(colon + 1);
                v.erase(0, v.find_first_not_of(" \t"));
                return v;
            }
        }
    }
    return {};
}

std::uint64_t treeBytes(const fs::path& dir)
{
    std::uint64_t total = 0;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        if (it->is_regular_file(ec)) {
            total += it->file_size(ec);
        }
    }
    return total;
}

std::uint64_t fileBytes(const fs::path& p)
{
    std::error_code ec;
    const auto n = fs::file_size(p, ec);
    return ec ? 0 : n;
}

void removeCase(const fs::path& p)
{
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        fs::remove(p.string() + suffix, ec);
    }
}

std::string fixed(double v, int decimals)
{
    std::ostringstream s;
    s << std::fixed << std::setprecision(decimals) << v;
    return s.str();
}

} // namespace

BenchmarkRunner::BenchmarkRunner(BenchOptions options, std::ostream& out) : m_options(std::move(options)), m_out(out)
{
    if (m_options.csvEvents == 0) {
        m_options.csvEvents = std::max<std::uint64_t>(m_options.events / 10, 10'000);
    }
}

void BenchmarkRunner::machine()
{
    std::string cpu = firstMatch("/proc/cpuinfo", "model name");
    std::string mem = firstMatch("/proc/meminfo", "MemTotal");
    std::ifstream loadFile("/proc/loadavg");
    std::string l1, l5, l15;
    loadFile >> l1 >> l5 >> l15;
    double memGiB = 0.0;
    try {
        memGiB = std::stod(mem) / 1024.0 / 1024.0;
    } catch (...) {
        memGiB = 0.0;
    }
    m_out << "machine: cpu=\"" << cpu << "\" cores=" << std::thread::hardware_concurrency()
          << " ram=" << fixed(memGiB, 1) << "GiB\n";
    m_out << "load average: " << l1 << " " << l5 << " " << l15
          << " (wall times are only meaningful when the machine is otherwise idle; cpu times are per process)\n";
}

bool BenchmarkRunner::generate(DemoFormat format, std::uint64_t events, const fs::path& dir)
{
    std::error_code ec;
    fs::remove_all(dir, ec);
    fs::create_directories(dir, ec);
    BenchClock clock;
    // In a child process, so that the generator's memory does not count in the ingest's peak RSS.
    const pid_t pid = fork();
    if (pid == 0) {
        DemoOptions o;
        o.events = events;
        o.format = format;
        o.force = true;
        auto r = DemoBundleGenerator(o).write(dir);
        _exit(r ? 0 : 1);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        m_out << "error: the demo generator failed for " << dir.string() << "\n";
        return false;
    }
    m_out << "generate " << toString(format) << ": " << fixed(clock.wallSeconds(), 2) << " s wall\n";
    return true;
}

bool BenchmarkRunner::ingest(const std::string& label, const fs::path& corpus, const fs::path& casePath)
{
    removeCase(casePath);
    const std::uint64_t inputBytes = treeBytes(corpus);
    IngestReport report;
    BenchClock clock;
    double wall = 0.0;
    double cpu = 0.0;
    {
        auto opened = CaseFile::open(casePath.string());
        if (!opened) {
            m_out << "error: " << opened.error().message << "\n";
            return false;
        }
        BenchClock::resetPeakRss();
        clock.restart();
        report = IngestPipeline(*opened).run({corpus.string()});
        wall = clock.wallSeconds();
        cpu = clock.cpuSeconds();
    } // closing the case checkpoints its write-ahead log, so the size below is the whole case
    const std::uint64_t caseBytes = fileBytes(casePath) + fileBytes(casePath.string() + "-wal");
    const double mib = 1024.0 * 1024.0;
    const auto perSecond = [](std::int64_t n, double s) { return s > 0 ? static_cast<double>(n) / s : 0.0; };
    m_out << label << " input: " << fixed(static_cast<double>(inputBytes) / mib, 1) << " MiB, "
          << report.totals.records << " records, " << report.totals.files << " files\n";
    m_out << label << " ingest inserted: " << report.totals.inserted << " events (" << report.totals.duplicates
          << " duplicates, " << report.totals.rejected << " rejected, " << report.totals.errors << " errors)\n";
    m_out << label << " ingest wall: " << fixed(wall, 2) << " s\n";
    m_out << label << " ingest cpu: " << fixed(cpu, 2) << " s\n";
    m_out << label << " ingest rate wall: " << fixed(perSecond(report.totals.records, wall), 0) << " events/s\n";
    m_out << label << " ingest rate cpu: " << fixed(perSecond(report.totals.records, cpu), 0)
          << " events/cpu-s\n";
    m_out << label << " peak rss: " << fixed(BenchClock::peakRssMiB(), 1) << " MiB\n";
    m_out << label << " case file: " << fixed(static_cast<double>(caseBytes) / mib, 1) << " MiB, "
          << fixed(inputBytes ? static_cast<double>(caseBytes) / static_cast<double>(inputBytes) : 0.0, 3)
          << " of the input\n";
    if (!report.errors.empty()) {
        m_out << label << " first error: " << report.errors.front().message << "\n";
    }
    return report.totals.inserted > 0;
}

double BenchmarkRunner::timed(const std::string& name, const std::function<bool()>& fn)
{
    BenchClock clock;
    const bool ok = fn();
    const double wall = clock.wallMs();
    const double cpu = clock.cpuMs();
    m_out << name << ": " << fixed(wall, 1) << " ms wall, " << fixed(cpu, 1) << " ms cpu" << (ok ? "" : " (FAILED)")
          << "\n";
    return wall;
}

void BenchmarkRunner::views(const CaseFile& caseFile, const EventFilter& filter, const std::string& scope)
{
    const EventAnalytics analytics(caseFile);
    const MonitoringQueries monitoring(caseFile);
    const EventQuery query(caseFile);
    double total = 0.0;
    double worst = 0.0;
    // Each view twice: the first run pays for pages not yet in SQLite's cache (and is the figure that counts),
    // the second is a refresh with the same filter.
    auto view = [&](const std::string& name, const std::function<bool()>& fn) {
        BenchClock clock;
        const bool ok = fn();
        const double ms = clock.wallMs();
        const double cpu = clock.cpuMs();
        clock.restart();
        const bool again = fn();
        m_out << "view " << scope << " " << name << ": " << fixed(ms, 1) << " ms wall, " << fixed(cpu, 1)
              << " ms cpu, again " << fixed(clock.wallMs(), 1) << " ms wall" << (ok && again ? "" : " (FAILED)")
              << "\n";
        total += ms;
        worst = std::max(worst, ms);
    };
    view("summary", [&] { return CaseSummary::compute(caseFile, filter).ok(); });
    std::optional<TimeAxis> axis;
    view("axis", [&] {
        auto a = analytics.axis(filter);
        if (a) {
            axis = *a;
        }
        return a.ok();
    });
    if (!axis) {
        m_out << "view " << scope << ": no events, views skipped\n";
        return;
    }
    const GroupKey keys[] = {GroupKey::Vault,          GroupKey::CallerIp,    GroupKey::Identity,
                             GroupKey::Operation,      GroupKey::OperationClass, GroupKey::StatusClass,
                             GroupKey::Application,    GroupKey::ObjectName};
    for (const GroupKey k : keys) {
        view(std::string("events-over-time by ") + toString(k),
             [&] { return analytics.eventsOverTime(filter, k, *axis).ok(); });
    }
    for (const GroupKey k : keys) {
        view(std::string("activity by ") + toString(k), [&] { return analytics.totals(filter, k).ok(); });
    }
    view("coverage", [&] { return analytics.coverage(filter).ok(); });
    view("sensitive operations", [&] { return analytics.sensitiveOperations(filter).ok(); });
    view("mass secret retrieval", [&] {
        return analytics.massSecretRetrieval(filter, EventAnalytics::DefaultMassThreshold, Timestamp::TicksPerHour)
            .ok();
    });
    const std::pair<ObjectKind, const char*> objects[] = {
        {ObjectKind::Secrets, "secrets"}, {ObjectKind::Keys, "keys"}, {ObjectKind::Certificates, "certificates"}};
    for (const auto& object : objects) {
        // A copy, not a structured binding: clang 14 cannot capture those in a lambda.
        const ObjectKind kind = object.first;
        view(std::string("operation analysis ") + object.second,
             [&] { return analytics.operationAnalysis(filter, kind, ActorKind::All, ScaleKind::Linear, *axis).ok(); });
    }
    view("monitoring", [&] { return monitoring.compute(filter, *axis).ok(); });
    view("event grid count", [&] { return query.count(filter).ok(); });
    view("event grid first page", [&] { return query.page(filter, EventQuery::Sort::Time, true, 0, 200).ok(); });
    m_out << "views " << scope << " total: " << fixed(total, 1) << " ms wall, slowest " << fixed(worst, 1)
          << " ms\n";
}

void BenchmarkRunner::analytics(const CaseFile& caseFile)
{
    std::size_t series = 0;
    timed("anomalies hourly per vault", [&] {
        auto r = ActivityBaselines::compute(caseFile, EventFilter{}, BaselineOptions::hourlyPerVault());
        series = r ? r->size() : 0;
        return r.ok();
    });
    m_out << "anomalies series: " << series << "\n";
    std::size_t findings = 0;
    timed("detections full catalogue", [&] {
        auto r = DetectionEngine(caseFile).run(EventFilter{}, DetectionOptions{});
        findings = r ? r->size() : 0;
        return r.ok();
    });
    m_out << "detections findings: " << findings << "\n";
}

int BenchmarkRunner::run()
{
    machine();
    if (!m_options.gridCase.empty()) {
        auto opened = CaseFile::openReadOnly(m_options.gridCase);
        if (!opened) {
            m_out << "error: " << opened.error().message << "\n";
            return 1;
        }
        m_out << "grid case: " << m_options.gridCase << " (schema " << opened->schemaVersion() << ")\n";
        GridBenchmark(*opened, m_out, m_options.gridSorts).runCase();
        m_out << "peak rss after grid: " << fixed(BenchClock::peakRssMiB(), 1) << " MiB\n";
        return 0;
    }
    fs::path root;
    bool temporary = false;
    if (m_options.keepDir.empty()) {
        root = fs::temp_directory_path() / ("kvw-bench-" + std::to_string(getpid()));
        temporary = true;
    } else {
        root = m_options.keepDir;
    }
    std::error_code ec;
    fs::create_directories(root, ec);
    const fs::path jsonl = root / "jsonl";
    const fs::path csv = root / "csv";
    int rc = 0;
    if (!m_options.skipGenerate && !generate(DemoFormat::JsonLines, m_options.events, jsonl)) {
        return 1;
    }
    const fs::path casePath = root / "bench.kvwb";
    if (!m_options.skipIngest && !ingest("jsonl", jsonl, casePath)) {
        rc = 1;
    } else if (!m_options.skipQueries) {
        auto opened = CaseFile::open(casePath.string());
        if (!opened) {
            m_out << "error: " << opened.error().message << "\n";
            return 1;
        }
        BenchClock::resetPeakRss();
        EventFilter all;
        views(*opened, all, "all-vaults");
        auto summary = CaseSummary::compute(*opened, all);
        if (summary && !summary->byVault.empty()) {
            // The busiest vault: the worst case for a one-vault view.
            const auto busiest = std::max_element(summary->byVault.begin(), summary->byVault.end(),
                                                  [](const auto& a, const auto& b) { return a.second < b.second; });
            EventFilter one;
            one.vaults = {busiest->first};
            m_out << "one vault: " << busiest->first << " (" << busiest->second << " events)\n";
            views(*opened, one, "one-vault");
        }
        if (summary && summary->last && summary->first) {
            // The last day (its buckets are finer than an hour, so the views read events), and the whole span
            // with bounds off the hour (whole hours from the rollups, the two partial ones from events).
            EventFilter day;
            day.from = *summary->last - Timestamp::TicksPerDay;
            m_out << "last day: from " << day.from->toIso() << "\n";
            views(*opened, day, "last-day");
            EventFilter odd;
            odd.from = *summary->first + 17 * Timestamp::TicksPerMinute;
            odd.to = *summary->last - 23 * Timestamp::TicksPerMinute;
            views(*opened, odd, "odd-range");
        }
        analytics(*opened);
        if (!m_options.skipGrid) {
            GridBenchmark(*opened, m_out, m_options.gridSorts).runCase();
        }
        m_out << "peak rss during queries (mapped case pages included): " << fixed(BenchClock::peakRssMiB(), 1)
              << " MiB\n";
    }
    if (!m_options.skipCsv) {
        if ((m_options.skipGenerate || generate(DemoFormat::AzureDiagnosticsCsv, m_options.csvEvents, csv)) &&
            !ingest("csv", csv, root / "bench-csv.kvwb")) {
            rc = 1;
        }
    }
    if (temporary) {
        fs::remove_all(root, ec);
    }
    return rc;
}

} // namespace kvw::bench

#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>

namespace kvw::core {
class CaseFile;
struct EventFilter;
enum class DemoFormat;
} // namespace kvw::core

namespace kvw::bench {

struct BenchOptions
{
    std::uint64_t events = 1'000'000;
    std::uint64_t csvEvents = 0;      // 0: a tenth of events (at least 10 000)
    std::string keepDir;              // corpus and cases stay here; empty: a temporary folder, removed at the end
    bool skipGenerate = false;        // reuse the corpus already in keepDir
    bool skipIngest = false;          // reuse the case already in keepDir (brought up to the current schema)
    bool skipQueries = false;
    bool skipCsv = false;
    bool skipGrid = false;
    std::string gridCase;             // only the event grid figures, on this existing case (opened read-only)
    std::string gridSorts;            // the grid sorts to measure ("time,vault"); empty: all
};

// Generates the benchmark corpus with the demo generator, ingests it into a new case and times every workbook
// view query, the anomaly scoring and the detection catalogue. Prints one "name: value unit" line per figure.
class BenchmarkRunner
{
public:
    BenchmarkRunner(BenchOptions options, std::ostream& out);
    int run();

private:
    bool generate(core::DemoFormat format, std::uint64_t events, const std::filesystem::path& dir);
    bool ingest(const std::string& label, const std::filesystem::path& corpus, const std::filesystem::path& casePath);
    void views(const core::CaseFile& caseFile, const core::EventFilter& filter, const std::string& scope);
    void analytics(const core::CaseFile& caseFile);
    // Runs `fn` once and prints its wall and CPU milliseconds; returns the wall milliseconds.
    double timed(const std::string& name, const std::function<bool()>& fn);
    void machine();

    BenchOptions m_options;
    std::ostream& m_out;
    double m_viewsWallMs = 0.0;
    double m_viewsMaxMs = 0.0;
};

} // namespace kvw::bench

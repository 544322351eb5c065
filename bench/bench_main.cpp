// kvworkbook-bench [--events N] [--csv-events N] [--keep DIR] [--skip-generate] [--skip-ingest] [--skip-queries] [--skip-csv]
//                  [--skip-grid] [--grid-case CASE] [--grid-sorts LIST]
#include "BenchmarkRunner.h"

#include <cstring>
#include <iostream>
#include <string>

namespace {

int usage()
{
    std::cerr << "usage: kvworkbook-bench [--events N] [--csv-events N] [--keep DIR] [--skip-generate] "
                 "[--skip-ingest] [--skip-queries] [--skip-csv] [--skip-grid] [--grid-case CASE] [--grid-sorts LIST]\n";
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    kvw::bench::BenchOptions options;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool hasValue = i + 1 < argc;
        try {
            if (a == "--events" && hasValue) {
                options.events = std::stoull(argv[++i]);
            } else if (a == "--csv-events" && hasValue) {
                options.csvEvents = std::stoull(argv[++i]);
            } else if (a == "--keep" && hasValue) {
                options.keepDir = argv[++i];
            } else if (a == "--skip-generate") {
                options.skipGenerate = true;
            } else if (a == "--skip-ingest") {
                options.skipIngest = true;
                options.skipGenerate = true;
            } else if (a == "--skip-queries") {
                options.skipQueries = true;
            } else if (a == "--skip-csv") {
                options.skipCsv = true;
            } else if (a == "--skip-grid") {
                options.skipGrid = true;
            } else if (a == "--grid-case" && hasValue) {
                options.gridCase = argv[++i];
            } else if (a == "--grid-sorts" && hasValue) {
                options.gridSorts = argv[++i];
            } else {
                return usage();
            }
        } catch (const std::exception&) {
            return usage();
        }
    }
    if (options.skipGenerate && options.keepDir.empty()) {
        std::cerr << "--skip-generate and --skip-ingest need --keep DIR holding a corpus and case\n";
        return 2;
    }
    // Every figure is written as soon as it is measured, so a long run can be followed (and stopped) midway.
    std::cout << std::unitbuf;
    return kvw::bench::BenchmarkRunner(options, std::cout).run();
}

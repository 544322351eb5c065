#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kvw::core {

// A chart as data, drawn by kvw_render (PNG, SVG, PDF) and listed as a table where no renderer is available.
// Time charts have x values in 100-ns ticks; category charts (bar, pie) use `categories` with one value per series.
struct ChartSpec
{
    enum class Kind { Line, Area, Bar, Pie };

    struct Series
    {
        std::string name;
        std::vector<double> values;     // one per x (time charts) or per category
    };

    std::string id;                     // the view name: events-by-vault, events-over-time, ...
    Kind kind = Kind::Line;
    std::string title;
    std::string xLabel;
    std::string yLabel;
    std::vector<std::int64_t> x;        // time charts: bin starts in ticks
    std::int64_t binTicks = 0;          // time charts: bin width
    std::vector<std::string> categories;
    std::vector<Series> series;
    std::vector<std::int64_t> markers;  // time charts: instants to mark (anomalies, incident start)

    bool empty() const;
    bool isTime() const { return kind == Kind::Line || kind == Kind::Area; }
};

} // namespace kvw::core

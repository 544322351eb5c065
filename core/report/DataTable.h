#pragma once

#include <string>
#include <vector>

namespace kvw::core {

// A table of text cells as shown in a view, exported (CSV, JSON) and printed in the report.
struct DataTable
{
    std::string id;                       // by-vault, findings, ...
    std::string title;
    std::vector<std::string> columns;
    std::vector<bool> numeric;            // per column: written as a JSON number, right-aligned in reports
    std::vector<std::vector<std::string>> rows;
    std::string note;                     // a caption, e.g. "top 20 of 53"
    std::vector<int> widths;              // optional column widths in percent, for printed layouts

    void addColumn(std::string name, bool isNumeric = false)
    {
        columns.push_back(std::move(name));
        numeric.push_back(isNumeric);
    }
    bool isNumeric(std::size_t column) const { return column < numeric.size() && numeric[column]; }
};

} // namespace kvw::core

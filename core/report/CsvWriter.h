#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace kvw::core {

// RFC 4180 CSV (UTF-8, CRLF) for spreadsheets. Log values are attacker-controlled, so a cell that a spreadsheet
// would evaluate (starting with = + - @, tab or carriage return) is prefixed with a quote character.
class CsvWriter
{
public:
    explicit CsvWriter(std::ostream& out) : m_out(out) {}
    void row(const std::vector<std::string>& cells);
    static std::string cell(std::string_view value);
    static std::string neutralise(std::string_view value);

private:
    std::ostream& m_out;
};

} // namespace kvw::core

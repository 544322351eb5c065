#include "core/report/CsvWriter.h"

namespace kvw::core {

std::string CsvWriter::neutralise(std::string_view value)
{
    if (!value.empty()) {
        const char c = value.front();
        if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') {
            return "'" + std::string(value);
        }
    }
    return std::string(value);
}

std::string CsvWriter::cell(std::string_view raw)
{
    const std::string value = neutralise(raw);
    if (value.find_first_of(",\"\r\n") == std::string::npos) {
        return value;
    }
    std::string out = "\"";
    for (const char c : value) {
        if (c == '"') {
            out += '"';
        }
        out += c;
    }
    return out + "\"";
}

void CsvWriter::row(const std::vector<std::string>& cells)
{
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) {
            m_out << ',';
        }
        m_out << cell(cells[i]);
    }
    m_out << "\r\n";
}

} // namespace kvw::core

#pragma once

#include <string>
#include <string_view>

namespace kvw::core {

// Portal-style CSV cells (formats.md §9.1): RFC 4180 quoting with doubled inner quotes.
class DemoCsv
{
public:
    // Always quoted: the portal quotes text cells.
    static void appendQuoted(std::string& out, std::string_view s);
    // Quoted only when the text holds a comma, quote or line break.
    static void appendCell(std::string& out, std::string_view s);
};

} // namespace kvw::core

#include "core/demo/DemoCsv.h"

namespace kvw::core {

void DemoCsv::appendQuoted(std::string& out, std::string_view s)
{
    out.push_back('"');
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '"') {
            out.append(s.data() + run, i + 1 - run);
            out.push_back('"');
            run = i + 1;
        }
    }
    out.append(s.data() + run, s.size() - run);
    out.push_back('"');
}

void DemoCsv::appendCell(std::string& out, std::string_view s)
{
    if (s.find_first_of(",\"\r\n") != std::string_view::npos) {
        appendQuoted(out, s);
    } else {
        out.append(s);
    }
}

} // namespace kvw::core

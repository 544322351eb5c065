#include "app/cli/ArgParser.h"

namespace kvw::cli {

ArgParser& ArgParser::option(const std::string& name, bool repeatable)
{
    m_options.insert(name);
    if (repeatable) {
        m_repeatable.insert(name);
    }
    return *this;
}

ArgParser& ArgParser::flag(const std::string& name)
{
    m_flags.insert(name);
    return *this;
}

std::optional<std::string> ArgParser::parse(const std::vector<std::string>& args)
{
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string a = args[i];
        if (a.size() > 2 && a.rfind("--", 0) == 0) {
            std::string name = a.substr(2);
            std::optional<std::string> inlineValue;
            if (const auto eq = name.find('='); eq != std::string::npos) {
                inlineValue = name.substr(eq + 1);
                name = name.substr(0, eq);
            }
            if (m_flags.count(name) != 0U) {
                m_seenFlags.insert(name);
                continue;
            }
            if (m_options.count(name) == 0U) {
                return "unknown option --" + name;
            }
            std::string v;
            if (inlineValue) {
                v = *inlineValue;
            } else {
                if (i + 1 >= args.size()) {
                    return "option --" + name + " needs a value";
                }
                v = args[++i];
            }
            auto& list = m_values[name];
            if (!list.empty() && m_repeatable.count(name) == 0U) {
                return "option --" + name + " given twice";
            }
            list.push_back(v);
        } else {
            m_positional.push_back(a);
        }
    }
    return std::nullopt;
}

bool ArgParser::has(const std::string& name) const
{
    return m_seenFlags.count(name) != 0U || m_values.count(name) != 0U;
}

std::optional<std::string> ArgParser::value(const std::string& name) const
{
    const auto it = m_values.find(name);
    if (it == m_values.end() || it->second.empty()) {
        return std::nullopt;
    }
    return it->second.front();
}

std::vector<std::string> ArgParser::values(const std::string& name) const
{
    const auto it = m_values.find(name);
    return it == m_values.end() ? std::vector<std::string>{} : it->second;
}

} // namespace kvw::cli

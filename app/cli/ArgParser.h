#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace kvw::cli {

// Minimal "--name value" / "--flag" / positional parser; unknown options are usage errors.
class ArgParser
{
public:
    ArgParser& option(const std::string& name, bool repeatable = false);
    ArgParser& flag(const std::string& name);

    // Returns an error message, or nullopt when the arguments fit.
    std::optional<std::string> parse(const std::vector<std::string>& args);

    bool has(const std::string& name) const;
    std::optional<std::string> value(const std::string& name) const;
    std::vector<std::string> values(const std::string& name) const;
    const std::vector<std::string>& positional() const { return m_positional; }

private:
    std::set<std::string> m_options;
    std::set<std::string> m_repeatable;
    std::set<std::string> m_flags;
    std::map<std::string, std::vector<std::string>> m_values;
    std::set<std::string> m_seenFlags;
    std::vector<std::string> m_positional;
};

} // namespace kvw::cli

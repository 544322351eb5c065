#pragma once

#include <string_view>
#include <vector>

namespace kvw::core {

// The case file's schema as an ordered list of migrations; migration N moves user_version from N-1 to N.
// Append new migrations at the end; never edit one that has shipped.
struct Migration
{
    int version;
    std::string_view description;
    std::string_view sql;
};

const std::vector<Migration>& schemaMigrations();
int currentSchemaVersion();

} // namespace kvw::core

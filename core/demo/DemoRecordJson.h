#pragma once

#include "core/demo/DemoRecord.h"

#include <string>

namespace kvw::core {

// The raw AuditEvent JSON of a record: compact, camelCase, keys in the order real storage blobs use
// (time first, resourceId near the end, durationMs last; formats.md §2.4).
class DemoRecordJson
{
public:
    static void appendRecord(std::string& out, const DemoRecord& r);
    static void appendIdentity(std::string& out, const DemoRecord& r);   // {"claim":{...}} or {}
    static void appendProperties(std::string& out, const DemoRecord& r); // the properties object
    static void appendVaultConfig(std::string& out, const DemoVaultConfig& c);
    static void appendAccessPolicy(std::string& out, const DemoAccessPolicy& p);
    static void appendKeyProperties(std::string& out, const DemoKeyProperties& k);
    static void appendSecretProperties(std::string& out, const DemoRecord& r);
    static void appendStringArray(std::string& out, const std::vector<std::string>& values);
};

} // namespace kvw::core

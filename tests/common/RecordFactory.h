#pragma once

#include <string>

namespace kvw::test {

// Raw AuditEvent records in the shapes Azure writes (formats.md §2), for tests.
struct RawRecordSpec
{
    std::string time = "2026-11-03T10:15:30.1234567Z";
    std::string vault = "KV-PAYMENTS";
    std::string subscription = "11111111-2222-3333-4444-555555555555";
    std::string resourceGroup = "RG-PROD";
    std::string operation = "SecretGet";
    int status = 200;
    std::string ip = "10.1.2.3";
    std::string oid = "aaaaaaaa-0000-0000-0000-000000000001";
    std::string upn;
    std::string appid = "bbbbbbbb-0000-0000-0000-000000000002";
    std::string correlationId = "cccccccc-0000-0000-0000-000000000003";
    std::string secret = "db-password";
    bool longClaims = false;       // ARM-relayed URI claim names
    bool durationAsNumber = false;
};

class RecordFactory
{
public:
    static std::string raw(const RawRecordSpec& spec);
};

} // namespace kvw::test

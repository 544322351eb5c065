#pragma once

// A small case with known numbers for the workbook tests (core and ui suites). Written through EventWriter, with one
// Defender alert and one detection finding inserted through bound statements.
//
// 67 events, 9 failed (HTTP >= 400), 2 vaults:
//   kv-alpha (sub-1): alice 30 SecretGet (10.0.0.1), mallory 12 SecretGet + 1 SecretDelete + 1 SecretPurge (403)
//                     + 2 KeyGet (429) from 203.0.113.9                                         = 46 events, 3 failed
//   kv-beta  (sub-2): svc 20 SecretGet from 10.0.0.2 (5 of them 403) + 1 VaultGet (500)        = 21 events, 6 failed
// Alert "Access from a suspicious IP" (High, kv-alpha) names 203.0.113.9 and oid-mallory.
// Finding "mass-secret-read" (high, kv-alpha) names 203.0.113.9 and has mallory's 12 reads as evidence.

#include "core/model/Event.h"
#include "core/store/CaseFile.h"
#include "core/store/EventWriter.h"

#include <string>
#include <vector>

namespace kvw::test {

struct WorkbookFixture
{
    static constexpr std::int64_t Events = 67;
    static constexpr std::int64_t Failed = 9;
    static constexpr std::int64_t Alpha = 46;
    static constexpr std::int64_t Beta = 21;
    static constexpr const char* MalloryIp = "203.0.113.9";

    static core::Timestamp base() { return core::Timestamp::fromCivil(2026, 11, 1); }

    static core::Event event(const std::string& vault, const std::string& sub, const std::string& op,
                             core::Timestamp t, int status, const std::string& ip, const std::string& oid,
                             const std::string& upn, const std::string& appid, core::IdentityKind kind,
                             std::int64_t durationMs)
    {
        core::Event e;
        e.time = t;
        e.vault = vault;
        e.subscription = sub;
        e.resourceGroup = "rg";
        e.resourceType = core::ResourceType::Vault;
        e.resourceId = "/SUBSCRIPTIONS/" + sub + "/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/" + vault;
        e.operation = op;
        e.operationClass = op == "SecretGet" ? core::OperationClass::ReadSecret
                           : op == "SecretDelete" ? core::OperationClass::Delete
                           : op == "SecretPurge"  ? core::OperationClass::Purge
                                                  : core::OperationClass::Read;
        e.objectType = op.rfind("Secret", 0) == 0 ? core::ObjectType::Secret
                       : op.rfind("Key", 0) == 0  ? core::ObjectType::Key
                                                  : core::ObjectType::Vault;
        e.objectName = op == "VaultGet" ? "" : "db-password";
        e.httpStatus = status;
        e.resultType = "Success";
        e.resultSignature = status < 400 ? "OK" : "Forbidden";
        e.durationMs = durationMs;
        e.callerIp = ip;
        e.identityObjectId = oid;
        e.identityUpn = upn;
        e.identityAppId = appid;
        e.identityKind = kind;
        e.clientInfo = "FxVersion/4.8";
        e.requestUri = "https://" + vault + ".vault.azure.net/secrets/db-password?api-version=7.4";
        e.correlationId = std::to_string(t.ticks());
        return e;
    }

    // Writes the case; returns the ids of mallory's SecretGet events (the finding's evidence).
    static std::vector<std::int64_t> write(const core::CaseFile& caseFile)
    {
        using core::IdentityKind;
        using core::Timestamp;
        std::vector<core::Event> events;
        const Timestamp t0 = base();
        for (int i = 0; i < 30; ++i) {
            events.push_back(event("kv-alpha", "sub-1", "SecretGet", t0 + i * 4 * Timestamp::TicksPerMinute, 200,
                                   "10.0.0.1", "oid-alice", "alice@contoso.com", "app-portal", IdentityKind::User,
                                   10 + i));
        }
        for (int i = 0; i < 20; ++i) {
            events.push_back(event("kv-beta", "sub-2", "SecretGet", t0 + Timestamp::TicksPerHour + i * 3 * Timestamp::TicksPerMinute,
                                   i < 5 ? 403 : 200, "10.0.0.2", "oid-svc", "", "app-svc",
                                   IdentityKind::ServicePrincipal, 5));
        }
        events.push_back(event("kv-beta", "sub-2", "VaultGet", t0 + 3 * Timestamp::TicksPerHour, 500, "10.0.0.2",
                               "oid-svc", "", "app-svc", IdentityKind::ServicePrincipal, 900));
        const Timestamp m0 = t0 + 5 * Timestamp::TicksPerHour;
        for (int i = 0; i < 12; ++i) {
            events.push_back(event("kv-alpha", "sub-1", "SecretGet", m0 + i * 40 * Timestamp::TicksPerSecond, 200,
                                   MalloryIp, "oid-mallory", "mallory@evil.test", "app-cli", IdentityKind::User, 20));
        }
        events.push_back(event("kv-alpha", "sub-1", "SecretDelete", m0 + 10 * Timestamp::TicksPerMinute, 200, MalloryIp,
                               "oid-mallory", "mallory@evil.test", "app-cli", IdentityKind::User, 30));
        events.push_back(event("kv-alpha", "sub-1", "SecretPurge", m0 + 11 * Timestamp::TicksPerMinute, 403, MalloryIp,
                               "oid-mallory", "mallory@evil.test", "app-cli", IdentityKind::User, 30));
        for (int i = 0; i < 2; ++i) {
            events.push_back(event("kv-alpha", "sub-1", "KeyGet", m0 + (12 + i) * Timestamp::TicksPerMinute, 429,
                                   MalloryIp, "oid-mallory", "mallory@evil.test", "app-cli", IdentityKind::User, 1));
        }
        {
            core::EventWriter writer(caseFile, 16);
            (void)writer.beginFile("fixture/audit.jsonl", 1000, "fixture-1");
            writer.setFormatName("raw-json-lines");
            std::int64_t index = 0;
            for (auto& e : events) {
                ++index;
                const std::string raw = "{\"operationName\":\"" + e.operation + "\",\"callerIpAddress\":\"" +
                                        e.callerIp + "\",\"note\":\"<b>not bold</b>\",\"line\":" + std::to_string(index) + "}";
                writer.addEvent(std::move(e), index, raw);
                if (writer.needsFlush()) {
                    (void)writer.flush();
                }
            }
            (void)writer.finishFile(true);
        }
        const auto& db = caseFile.db();
        std::vector<std::int64_t> evidence;
        {
            auto st = db.prepare("SELECT id FROM events WHERE caller_ip = ? AND operation = 'SecretGet' ORDER BY time");
            st.bind(1, std::string(MalloryIp));
            while (st.step()) {
                evidence.push_back(st.int64(0));
            }
        }
        {
            auto st = db.prepare(
                "INSERT INTO alerts(system_alert_id, alert_type, display_name, severity, time_generated, resource_id, "
                "subscription, vault, alert_link) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)");
            st.bind(1, "alert-1").bind(2, "KV_SuspiciousIPAccess").bind(3, "Access from a suspicious IP")
                .bind(4, "High").bind(5, (m0 + Timestamp::TicksPerMinute).ticks())
                .bind(6, "/subscriptions/sub-1/resourcegroups/rg/providers/microsoft.keyvault/vaults/kv-alpha")
                .bind(7, "sub-1").bind(8, "kv-alpha").bind(9, "https://portal.azure.com/#alert-1");
            st.run();
            const std::int64_t alertId = db.lastInsertRowId();
            auto e = db.prepare("INSERT INTO alert_entities(alert_id, kind, value) VALUES(?, ?, ?)");
            e.bind(1, alertId).bind(2, "ip").bind(3, std::string(MalloryIp));
            e.run();
            e.reset();
            e.bind(1, alertId).bind(2, "account").bind(3, "oid-mallory");
            e.run();
        }
        {
            std::string ids;
            for (const auto id : evidence) {
                ids += (ids.empty() ? "" : ",") + std::to_string(id);
            }
            const std::string detail = "{\"vaults\":[\"kv-alpha\"],\"entities\":[{\"kind\":\"ip\",\"value\":\"" +
                                       std::string(MalloryIp) + "\"},{\"kind\":\"identity\",\"value\":\"oid-mallory\"}],"
                                       "\"evidence\":[" + ids + "],\"summary\":\"12 secret reads in 8 minutes\"}";
            auto st = db.prepare("INSERT INTO findings(rule_id, title, severity, start_time, end_time, detail_json) "
                                 "VALUES(?, ?, ?, ?, ?, ?)");
            st.bind(1, "mass-secret-read").bind(2, "Mass secret retrieval").bind(3, "high").bind(4, m0.ticks())
                .bind(5, (m0 + 8 * Timestamp::TicksPerMinute).ticks()).bind(6, detail);
            st.run();
        }
        return evidence;
    }
};

} // namespace kvw::test

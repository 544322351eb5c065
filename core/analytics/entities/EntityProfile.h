#pragma once

#include "core/analytics/workbook/WorkbookTypes.h"
#include "core/common/Timestamp.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace kvw::core {

// EntityKind (vault, ip, identity, app, operation, object) is the workbook's, so both views name entities alike.

struct EntityCount
{
    std::string value;
    std::int64_t count = 0;
};

struct EntityDay
{
    Timestamp day; // midnight UTC
    std::int64_t events = 0;
    std::int64_t failed = 0;
};

struct RelatedAlert
{
    std::int64_t id = 0;
    std::string systemAlertId;
    std::string alertType;
    std::string displayName;
    std::string severity;
    std::optional<Timestamp> start;
    std::optional<Timestamp> end;
    std::string link;
    bool isSample = false;
    std::string matchedOn; // "ip 203.0.113.7", "account <oid>", "vault kv-prod", …
};

struct RelatedFinding
{
    std::int64_t id = 0;
    std::string ruleId;
    std::string title;
    std::string severity;
    Timestamp start;
    Timestamp end;
};

struct ThreatIntelMatch
{
    std::string list;
    std::string listKind;
    std::string listDate;
    std::string ip;        // the address seen in the events (or the profiled IP)
    std::string indicator; // the list entry: the same address, or a network containing it
    std::string description;
    std::optional<Timestamp> validFrom;
    std::optional<Timestamp> validUntil;
    std::optional<int> confidence;
    // The indicator's validity window overlaps the entity's activity (first..last) in scope.
    bool inWindow = true;
};

// Everything the case says about one vault, caller IP, identity, application, operation or object, within an
// EventFilter.
struct EntityProfile
{
    EntityKind kind = EntityKind::Ip;
    std::string key;
    // Which events column the key matched: vault, caller_ip, object_id | app_id | upn (identity), app_id, operation,
    // object_name.
    std::string keyUsed;
    std::optional<Timestamp> first;
    std::optional<Timestamp> last;
    std::int64_t events = 0;
    std::int64_t failed = 0; // HTTP status 400 or above
    std::vector<EntityCount> vaults;
    std::vector<EntityCount> operations;
    std::vector<EntityCount> ips;
    std::vector<EntityCount> identities; // the unified identity key (object id, else app id, else UPN)
    std::vector<EntityCount> objects;
    // The other ids seen on the same events (identity profiles: the user's UPNs, the apps it used, …).
    std::vector<EntityCount> objectIds;
    std::vector<EntityCount> appIds;
    std::vector<EntityCount> upns;
    std::vector<EntityDay> timeline;
    std::vector<RelatedAlert> relatedAlerts;
    std::vector<RelatedFinding> relatedFindings;
    std::vector<ThreatIntelMatch> threatIntel;

    // Keys: kind, key, key_used, first, last, events, failed, vaults, operations, ips, identities, objects,
    // other_ids, timeline, related_alerts, related_findings, threat_intel.
    nlohmann::ordered_json toJson() const;
};

} // namespace kvw::core

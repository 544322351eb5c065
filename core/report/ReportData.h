#pragma once

#include "core/annotations/Annotation.h"
#include "core/query/CaseSummary.h"
#include "core/query/EventFilter.h"
#include "core/query/EventRow.h"
#include "core/report/CaseRecords.h"
#include "core/report/ChartSpec.h"
#include "core/report/DataTable.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kvw::core {

struct ReportFinding
{
    FindingRecord record;
    std::vector<EventRow> firstEvents;
    std::vector<Annotation> annotations;
};

struct ReportAlert
{
    AlertRecord record;
    std::vector<Annotation> annotations;
};

// A caller IP that appears in a threat-intelligence list, with its activity in scope inside the indicator's validity
// window (one row per indicator).
struct ReportThreatMatch
{
    std::string ip;
    std::string list;
    std::string listKind;
    std::string description;
    std::optional<Timestamp> windowFrom;   // none: valid since ever
    std::optional<Timestamp> windowUntil;  // none: still valid
    std::string windowBasis;               // where the window comes from: "valid_from .. valid_until", "list date", ...
    std::int64_t events = 0;
    std::int64_t first = 0;
    std::int64_t last = 0;
    std::string vaults;
};

// One involved IP or identity: when, where, what, and which alerts name it.
struct ReportEntity
{
    AnnotationTarget kind = AnnotationTarget::Ip;
    std::string key;
    std::string label;                 // the UPN of an identity when known
    std::string identityKind;
    std::int64_t events = 0;
    std::int64_t failed = 0;
    std::optional<Timestamp> first;
    std::optional<Timestamp> last;
    std::vector<std::string> vaults;
    std::vector<std::pair<std::string, std::int64_t>> operations;  // top operations with counts
    std::vector<std::string> ips;      // identities: the IPs used; IPs: the identities seen
    std::vector<std::string> relatedAlerts;
    std::vector<std::string> threatLists;
    std::vector<Annotation> annotations;
};

// An annotation with a readable description of what it is attached to.
struct ReportAnnotation
{
    Annotation annotation;
    std::string targetDescription;
};

// Everything the incident report shows, gathered from the case under the report's scope.
struct ReportData
{
    std::string title;
    std::string casePath;
    std::string toolVersion;
    std::string generatedAt;
    std::string commandLine;
    std::string invocationLabel = "Command line";   // "GUI settings" when the report comes from the window
    EventFilter filter;
    std::string filterDescription;
    CaseSummary summary;
    std::vector<std::pair<std::string, std::string>> caseInfo;
    DataTable thresholds;                       // rule, parameter, value

    std::map<std::string, std::int64_t> findingsBySeverity;
    std::vector<std::string> vaultsInvolved;
    std::vector<std::string> identitiesInvolved;
    std::vector<std::string> ipsInvolved;
    std::optional<Timestamp> incidentStart;
    std::optional<Timestamp> incidentEnd;

    std::vector<ReportFinding> findings;
    std::vector<ReportAlert> alerts;
    std::vector<ReportThreatMatch> threatMatches;
    std::vector<ChartSpec> charts;
    std::vector<DataTable> views;
    std::vector<ReportEntity> entities;
    std::vector<ReportAnnotation> annotations;
};

} // namespace kvw::core

#pragma once

#include "core/analytics/entities/EntityProfile.h"
#include "core/common/Result.h"
#include "core/query/EventFilter.h"

#include <string>

namespace kvw::core {

class CaseFile;

// Builds an EntityProfile from a case: the events of the entity within the filter (counts, span, vaults,
// operations, IPs, identities, objects, daily timeline), the Defender alerts whose entities name it, the
// detection findings whose detail_json lists it, and the threat-intel lists that hold its addresses.
//
// Identity keys are unified as the events table does (object id, else app id, else UPN): any of the three finds
// the identity's events, keyUsed says which column matched, and the other ids seen with it are listed.
class EntityProfileQuery
{
public:
    struct Options
    {
        std::size_t limit = 100; // rows per ranked list (vaults, operations, IPs, …)
    };

    static Result<EntityProfile> run(const CaseFile& caseFile, const EventFilter& filter, EntityKind kind,
                                     const std::string& key, Options options);
    static Result<EntityProfile> run(const CaseFile& caseFile, const EventFilter& filter, EntityKind kind,
                                     const std::string& key)
    {
        return run(caseFile, filter, kind, key, Options{});
    }
};

} // namespace kvw::core

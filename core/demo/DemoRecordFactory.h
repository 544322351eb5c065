#pragma once

#include "core/demo/DemoOperation.h"
#include "core/demo/DemoRandom.h"
#include "core/demo/DemoRecord.h"
#include "core/demo/DemoWorld.h"

#include <string>
#include <string_view>

namespace kvw::core {

// One request as the generator decides it; the factory turns it into a record with realistic details.
struct DemoCall
{
    Timestamp time;
    const DemoResource* resource = nullptr;
    const DemoIdentity* identity = nullptr; // null: unauthenticated (Authentication 401)
    const DemoClient* client = nullptr;
    std::string_view ip;
    DemoOp op = DemoOp::SecretGet;
    DemoOp challengedOp = DemoOp::SecretGet; // for Authentication: the request that got the 401 challenge
    const DemoObject* object = nullptr;
    std::string_view objectName; // when object is null: a missing name, a role-assignment name
    std::string_view armSuffix;  // ARM path suffix, e.g. /accessPolicies/add
    std::string_view extraQuery; // appended to the data-plane query, e.g. &$skiptoken=...
    int status = 0;              // 0: the operation's success status
    int incident = -1;
};

class DemoRecordFactory
{
public:
    explicit DemoRecordFactory(const DemoWorld& world) : m_world(world) {}

    // Fills `out` completely (it is reused between calls to keep allocations down).
    void fill(const DemoCall& call, DemoRandom& rng, DemoRecord& out) const;

private:
    void fillClaims(const DemoCall& call, bool arm, DemoRecord& out) const;
    void appendDataUri(const DemoCall& call, DemoOp op, std::string& uri) const;
    void fillDescription(const DemoCall& call, DemoRecord& out) const;
    std::int64_t duration(const DemoCall& call, int status, DemoRandom& rng) const;

    const DemoWorld& m_world;
};

} // namespace kvw::core

#include "core/analytics/intel/ThreatIntelLookup.h"

#include "core/store/CaseFile.h"

namespace kvw::core {

Result<ThreatIntelLookup> ThreatIntelLookup::load(const CaseFile& caseFile)
{
    ThreatIntelLookup lookup;
    try {
        auto st = caseFile.db().prepare(
            "SELECT l.name, l.kind, l.list_date, i.ip, i.description, i.valid_from, i.valid_until, i.confidence "
            "FROM ti_indicators i JOIN ti_lists l ON l.id = i.list_id ORDER BY l.id, i.id");
        while (st.step()) {
            Hit h;
            h.list = st.text(0);
            h.listKind = st.text(1);
            h.listDate = st.text(2);
            h.indicator = st.text(3);
            h.description = st.text(4);
            if (!st.isNull(5)) {
                h.validFrom = Timestamp::fromTicks(st.int64(5));
            }
            if (!st.isNull(6)) {
                h.validUntil = Timestamp::fromTicks(st.int64(6));
            }
            if (!st.isNull(7)) {
                h.confidence = static_cast<int>(st.int64(7));
            }
            const auto ip = IpAddress::parse(h.indicator);
            if (!ip || ip->isNonPublic()) {
                continue;
            }
            if (ip->isNetwork()) {
                lookup.m_networks.emplace_back(*ip, std::move(h));
            } else {
                lookup.m_exact.emplace(ip->toString(), std::move(h));
            }
        }
    } catch (const DatabaseError& e) {
        return Error{Error::Code::Database, caseFile.path(), 0, std::string("reading threat intel: ") + e.what()};
    }
    return lookup;
}

std::vector<ThreatIntelLookup::Hit> ThreatIntelLookup::find(const std::string& address) const
{
    std::vector<Hit> hits;
    const auto ip = IpAddress::parse(address);
    if (!ip || ip->isNetwork() || ip->isNonPublic()) {
        return hits;
    }
    const auto [begin, end] = m_exact.equal_range(ip->toString());
    for (auto it = begin; it != end; ++it) {
        hits.push_back(it->second);
    }
    for (const auto& [network, hit] : m_networks) {
        if (network.contains(*ip)) {
            hits.push_back(hit);
        }
    }
    return hits;
}

} // namespace kvw::core

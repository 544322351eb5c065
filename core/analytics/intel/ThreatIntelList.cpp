#include "core/analytics/intel/ThreatIntelList.h"

#include "core/analytics/intel/IpAddress.h"

namespace kvw::core {

bool ThreatIntelList::add(std::string_view address, ThreatIndicator details)
{
    const auto ip = IpAddress::parse(address);
    if (!ip) {
        ++invalid;
        return false;
    }
    if (ip->isNonPublic()) {
        ++nonPublic;
        return false;
    }
    details.ip = ip->toString();
    if (!m_seen.insert(details.ip).second) {
        return false;
    }
    indicators.push_back(std::move(details));
    return true;
}

void ThreatIntelList::noteDate(std::optional<Timestamp> t)
{
    if (t && (!date || *t > *date)) {
        date = t;
    }
}

} // namespace kvw::core

#include "core/analytics/detections/AllowList.h"

namespace kvw::core {

AllowList AllowList::defaults()
{
    AllowList a;
    a.appIds = {ResourceGraphAppId, PolicyInsightsAppId};
    return a;
}

} // namespace kvw::core

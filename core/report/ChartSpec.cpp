#include "core/report/ChartSpec.h"

namespace kvw::core {

bool ChartSpec::empty() const
{
    for (const auto& s : series) {
        for (const double v : s.values) {
            if (v != 0) {
                return false;
            }
        }
    }
    return true;
}

} // namespace kvw::core

#pragma once

#include "core/analytics/kql/KqlRenderer.h"
#include "core/common/Result.h"

#include <string>
#include <vector>

namespace kvw::core {

// The workbook views as KQL, by name, for the GUI and the report ("show the query").
class KqlViews
{
public:
    struct View
    {
        std::string name;
        std::string title;
    };
    static const std::vector<View>& all();
    static Result<std::string> render(const std::string& name, const EventFilter& filter, KqlTable table);
};

} // namespace kvw::core

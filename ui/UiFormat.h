#pragma once

#include "core/common/Timestamp.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <string>

namespace kvw::ui {

// How numbers, times and log values look everywhere in the window: thousands separators, UTC times, and log text
// that is always shown as plain text.
class UiFormat
{
public:
    static QString count(std::int64_t n);
    static QString number(double v, int decimals = 1);
    static QString percent(double ratio, int decimals = 2);
    static QString milliseconds(std::optional<double> ms);
    static QString time(core::Timestamp t);
    static QString time(const std::optional<core::Timestamp>& t);
    static QString text(const std::string& s) { return QString::fromStdString(s); }
    // An empty key shown in a grid or chart legend.
    static QString key(const std::string& s);
    static std::string str(const QString& s) { return s.toStdString(); }
};

} // namespace kvw::ui

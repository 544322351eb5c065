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
    // At most maxLength characters, the cut marked with an ellipsis.
    static QString elided(const QString& s, int maxLength);
    // A log value inside a word-wrapped label's sentence: at most LabelTextLength characters, and runs without a
    // space get break opportunities (U+200B), so the label never demands more width than the window has.
    static QString labelText(const QString& s);
    static constexpr int LabelTextLength = 400;
    // A log value in a label that does not wrap (headings).
    static constexpr int HeadingTextLength = 80;
    // Text for Qt Charts titles, legends and slice labels, which Qt Charts lays out as HTML and truncates in
    // quadratic time: cut to ChartTextLength characters and HTML-escaped, so a log value stays text.
    static QString chartText(const QString& s);
    static constexpr int ChartTextLength = 160;
    static std::string str(const QString& s) { return s.toStdString(); }
};

} // namespace kvw::ui

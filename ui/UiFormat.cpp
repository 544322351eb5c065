#include "ui/UiFormat.h"

#include <QLocale>

namespace kvw::ui {
namespace {

QLocale numberLocale()
{
    // The C locale omits group separators; fall back to English so 1,234,567 stays readable.
    QLocale l;
    if (l.language() == QLocale::C) {
        l = QLocale(QLocale::English, QLocale::UnitedStates);
    }
    l.setNumberOptions(QLocale::DefaultNumberOptions);
    return l;
}

} // namespace

QString UiFormat::count(std::int64_t n) { return numberLocale().toString(static_cast<qlonglong>(n)); }

QString UiFormat::number(double v, int decimals) { return numberLocale().toString(v, 'f', decimals); }

QString UiFormat::percent(double ratio, int decimals)
{
    return numberLocale().toString(ratio * 100.0, 'f', decimals) + QStringLiteral(" %");
}

QString UiFormat::milliseconds(std::optional<double> ms)
{
    return ms ? numberLocale().toString(*ms, 'f', 0) + QStringLiteral(" ms") : QStringLiteral("–");
}

QString UiFormat::time(core::Timestamp t) { return QString::fromStdString(t.toDisplay()); }

QString UiFormat::time(const std::optional<core::Timestamp>& t) { return t ? time(*t) : QStringLiteral("–"); }

QString UiFormat::key(const std::string& s)
{
    return s.empty() ? QStringLiteral("(empty)") : QString::fromStdString(s);
}

QString UiFormat::elided(const QString& s, int maxLength)
{
    return s.size() <= maxLength ? s : s.left(maxLength - 1) + QChar(0x2026);
}

QString UiFormat::labelText(const QString& s)
{
    constexpr int MaxRun = 40;
    const QString cut = elided(s, LabelTextLength);
    QString out;
    out.reserve(cut.size() + cut.size() / MaxRun);
    int run = 0;
    for (const QChar c : cut) {
        run = c.isSpace() ? 0 : run + 1;
        if (run > MaxRun) {
            out += QChar(0x200B);
            run = 1;
        }
        out += c;
    }
    return out;
}

QString UiFormat::chartText(const QString& s)
{
    return elided(s, ChartTextLength).toHtmlEscaped();
}

} // namespace kvw::ui

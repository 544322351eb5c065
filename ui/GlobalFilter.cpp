#include "ui/GlobalFilter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace kvw::ui {

void GlobalFilter::setFilter(const core::EventFilter& filter)
{
    if (filter == m_filter) {
        return;
    }
    m_filter = filter;
    emit filterChanged(m_filter);
}

void GlobalFilter::setVaults(const std::vector<std::string>& vaults)
{
    core::EventFilter f = m_filter;
    f.vaults = vaults;
    setFilter(f);
}

void GlobalFilter::setTimeRange(std::optional<core::Timestamp> from, std::optional<core::Timestamp> to)
{
    core::EventFilter f = m_filter;
    f.from = from;
    f.to = to;
    setFilter(f);
}

QString GlobalFilter::toSettings() const
{
    QJsonObject o;
    if (m_filter.from) {
        o[QStringLiteral("from")] = QString::number(m_filter.from->ticks());
    }
    if (m_filter.to) {
        o[QStringLiteral("to")] = QString::number(m_filter.to->ticks());
    }
    auto list = [](const std::vector<std::string>& v) {
        QJsonArray a;
        for (const auto& s : v) {
            a.append(QString::fromStdString(s));
        }
        return a;
    };
    o[QStringLiteral("vaults")] = list(m_filter.vaults);
    o[QStringLiteral("subscriptions")] = list(m_filter.subscriptions);
    if (m_filter.resourceType) {
        o[QStringLiteral("resourceType")] = static_cast<int>(*m_filter.resourceType);
    }
    o[QStringLiteral("identities")] = static_cast<int>(m_filter.identities);
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

core::EventFilter GlobalFilter::fromSettings(const QString& text)
{
    core::EventFilter f;
    const QJsonObject o = QJsonDocument::fromJson(text.toUtf8()).object();
    if (o.contains(QStringLiteral("from"))) {
        f.from = core::Timestamp::fromTicks(o.value(QStringLiteral("from")).toString().toLongLong());
    }
    if (o.contains(QStringLiteral("to"))) {
        f.to = core::Timestamp::fromTicks(o.value(QStringLiteral("to")).toString().toLongLong());
    }
    for (const auto& v : o.value(QStringLiteral("vaults")).toArray()) {
        f.vaults.push_back(v.toString().toStdString());
    }
    for (const auto& v : o.value(QStringLiteral("subscriptions")).toArray()) {
        f.subscriptions.push_back(v.toString().toStdString());
    }
    if (o.contains(QStringLiteral("resourceType"))) {
        f.resourceType = static_cast<core::ResourceType>(o.value(QStringLiteral("resourceType")).toInt());
    }
    const int ids = o.value(QStringLiteral("identities")).toInt();
    if (ids >= 0 && ids <= 2) {
        f.identities = static_cast<core::EventFilter::Identities>(ids);
    }
    return f;
}

} // namespace kvw::ui

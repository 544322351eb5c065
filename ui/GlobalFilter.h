#pragma once

#include "core/query/EventFilter.h"

#include <QObject>

namespace kvw::ui {

// The one filter of the window (time range, vaults, subscriptions, resource type, identity kind). Every view
// re-queries when it changes; there is no per-view copy.
class GlobalFilter : public QObject
{
    Q_OBJECT
public:
    explicit GlobalFilter(QObject* parent = nullptr) : QObject(parent) {}

    const core::EventFilter& filter() const { return m_filter; }
    void setFilter(const core::EventFilter& filter);
    void setVaults(const std::vector<std::string>& vaults);
    void setTimeRange(std::optional<core::Timestamp> from, std::optional<core::Timestamp> to);
    void reset() { setFilter(core::EventFilter{}); }

    // Persisted per case as a small JSON text (QSettings value).
    QString toSettings() const;
    static core::EventFilter fromSettings(const QString& text);

signals:
    void filterChanged(const kvw::core::EventFilter& filter);

private:
    core::EventFilter m_filter;
};

} // namespace kvw::ui

#pragma once

#include "core/analytics/workbook/WorkbookTypes.h"

#include <QObject>
#include <QString>

#include <vector>

namespace kvw::ui {

struct EntityRef
{
    core::EntityKind kind = core::EntityKind::Vault;
    QString value;
    bool operator==(const EntityRef&) const = default;
};

// Browser-like history of entity pages: open() pushes (dropping the forward part), back() and forward() move.
class EntityNavigator : public QObject
{
    Q_OBJECT
public:
    explicit EntityNavigator(QObject* parent = nullptr) : QObject(parent) {}

    void open(const EntityRef& ref);
    bool canGoBack() const { return m_pos > 0; }
    bool canGoForward() const { return m_pos + 1 < static_cast<int>(m_history.size()); }
    void back();
    void forward();
    const EntityRef* current() const;
    void clear();

signals:
    void currentChanged(const kvw::ui::EntityRef& ref);
    void historyChanged();

private:
    std::vector<EntityRef> m_history;
    int m_pos = -1;
};

} // namespace kvw::ui

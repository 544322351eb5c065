#pragma once

#include "core/query/EventFilter.h"
#include "ui/EntityNavigator.h"
#include "ui/QueryRunner.h"

#include <QWidget>

class QLabel;

namespace kvw::ui {

// Base of every tab: holds the case path and the current filter, re-queries off the GUI thread when either changes
// (immediately when visible, else on the next show), and asks the window to open entity pages.
class WorkbookView : public QWidget
{
    Q_OBJECT
public:
    explicit WorkbookView(QWidget* parent = nullptr);

    void setCasePath(const QString& path);
    void setFilter(const core::EventFilter& filter);
    const core::EventFilter& filter() const { return m_filter; }
    const QString& casePath() const { return m_runner->casePath(); }
    // Re-runs the queries now (tests and the Refresh action).
    void refreshNow();
    bool isStale() const { return m_stale; }

signals:
    void entityRequested(const kvw::ui::EntityRef& ref);
    void statusMessage(const QString& message);

protected:
    // Starts the view's queries (through runner()); called only with a case open.
    virtual void refresh() = 0;
    // Resets the view to its "no case" state.
    virtual void clearView() {}
    void showEvent(QShowEvent* event) override;
    QueryRunner* runner() const { return m_runner; }
    void requestRefresh();
    void openEntity(int kind, const QString& value);
    // A plain-text label for headings, numbers and empty states (log values are never rich text).
    static QLabel* makeLabel(const QString& text, QWidget* parent, const QString& objectName = {});
    static QLabel* makeHeading(const QString& text, QWidget* parent);

private:
    QueryRunner* m_runner;
    core::EventFilter m_filter;
    bool m_stale = false;
};

} // namespace kvw::ui

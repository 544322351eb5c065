#pragma once

#include "ui/WorkbookView.h"

class QCheckBox;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace kvw::ui {

class DataTableView;
class EventTableModel;

// Tab 5, the raw timeline: a virtual grid over the case (paged from SQLite), a quick text filter, "failed only",
// "filter to this value" and "±N minutes around this event" from the context menu, and the original record of the
// selected row as plain text.
class EventsTab : public WorkbookView
{
    Q_OBJECT
public:
    explicit EventsTab(QWidget* parent = nullptr);

    EventTableModel* model() const { return m_model; }
    // Narrowing on top of the global filter (cleared by "Clear narrowing").
    void setNarrowing(const core::EventFilter& narrowing);
    const core::EventFilter& narrowing() const { return m_narrowing; }
    core::EventFilter effectiveFilter() const;
    void filterToValue(int column, const QString& value);
    void showAround(int row, int minutes);

protected:
    void refresh() override;
    void clearView() override;

private:
    void showDetail(int row);
    void updateNarrowingLabel();

    EventTableModel* m_model;
    DataTableView* m_table;
    QLineEdit* m_quick;
    QCheckBox* m_failed;
    QPlainTextEdit* m_detail;
    QLabel* m_count;
    QLabel* m_narrowingLabel;
    QPushButton* m_clear;
    core::EventFilter m_narrowing;
    QString m_modelCase;
};

} // namespace kvw::ui

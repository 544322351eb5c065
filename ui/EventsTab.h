#pragma once

#include "core/query/ColumnCriterion.h"
#include "ui/WorkbookView.h"

#include <optional>

class QCheckBox;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace kvw::ui {

class DataTableView;
class EventTableModel;

// Tab 5, the raw timeline: a virtual grid over the case (paged from SQLite), a quick text filter, "failed only",
// per-column filters (right-click a header), "filter to this value" and "±N minutes around this event" from the
// context menu, and the original record of the selected row as plain text.
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
    // "Filter to this value": an equals filter on the column (a number filter on status and duration).
    void filterToValue(int column, const QString& value);
    void showAround(int row, int minutes);
    // The per-column filter of a grid column (EventTableModel::Column); nothing clears it.
    void setColumnFilter(int column, const std::optional<core::ColumnCriterion>& criterion);
    std::optional<core::ColumnCriterion> columnFilter(int column) const;
    // Opens the filter popup under a column's header.
    void editColumnFilter(int column);

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
    QCheckBox* m_tagged;
    QPlainTextEdit* m_detail;
    QLabel* m_count;
    QLabel* m_narrowingLabel;
    QPushButton* m_clear;
    core::EventFilter m_narrowing;
    QString m_modelCase;
};

} // namespace kvw::ui

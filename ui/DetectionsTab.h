#pragma once

#include "core/analytics/workbook/WorkbookTypes.h"
#include "core/annotations/Annotation.h"
#include "ui/WorkbookView.h"

#include <map>

class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace kvw::ui {

class DataTableView;
class RowTableModel;

// Tab 4: every finding of the detection engine (severity, rule, vaults, entities, window, evidence count), sortable
// and searchable; the selected finding's explanation and its evidence events, and a jump to the Events tab.
class DetectionsTab : public WorkbookView
{
    Q_OBJECT
public:
    explicit DetectionsTab(QWidget* parent = nullptr);

    RowTableModel* findingsModel() const { return m_model; }
    RowTableModel* evidenceModel() const { return m_evidence; }
    const std::vector<core::FindingRow>& findings() const { return m_rows; }
    void selectFinding(int row);

signals:
    // The Events tab narrowed to a finding's window and vaults.
    void evidenceRequested(const kvw::core::EventFilter& narrowing);

protected:
    void refresh() override;

private:
    RowTableModel* m_model;
    RowTableModel* m_evidence;
    DataTableView* m_table;
    QLineEdit* m_search;
    QLabel* m_summary;
    QPlainTextEdit* m_detail;
    QPushButton* m_showEvents;
    std::vector<core::FindingRow> m_rows;
    std::map<std::string, std::vector<core::Annotation>> m_annotations;   // by finding id
    QueryRunner* m_evidenceRunner;
    int m_selected = -1;
};

} // namespace kvw::ui

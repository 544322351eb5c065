#pragma once

#include "ui/WorkbookView.h"

class QSpinBox;
class QComboBox;

namespace kvw::ui {

class DataTableView;
class RowTableModel;

// "Sensitive Operations" and "Mass Secret Retrieval" (sentinel-content.md §1.4d-e): the successful deletes, purges
// and backups (restores and access-policy changes flagged as extensions), and the identities that read more than
// the analyst's threshold of secrets, keys or vault properties from one vault within one period.
class SensitiveOperationsView : public WorkbookView
{
    Q_OBJECT
public:
    explicit SensitiveOperationsView(QWidget* parent = nullptr);

    RowTableModel* sensitiveModel() const { return m_sensitive; }
    RowTableModel* massModel() const { return m_mass; }
    void setMassParameters(std::int64_t threshold, std::int64_t periodTicks);

protected:
    void refresh() override;

private:
    RowTableModel* m_sensitive;
    RowTableModel* m_mass;
    QLabel* m_sensitiveSummary;
    QLabel* m_massSummary;
    QSpinBox* m_threshold;
    QComboBox* m_period;
    QueryRunner* m_massRunner;
};

} // namespace kvw::ui

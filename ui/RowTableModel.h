#pragma once

#include <QAbstractTableModel>
#include <QStringList>
#include <QVariant>

#include <optional>
#include <vector>

namespace kvw::ui {

// A cell of a secondary grid: its text, its sort value, and the entity it names (for double-click drill-down).
struct Cell
{
    QString text;
    QVariant sort;                 // defaults to the text
    std::optional<int> entityKind; // core::EntityKind
    QString entityValue;           // defaults to the text
    std::optional<double> bar;     // 0..1
    bool number = false;           // right-aligned

    static Cell plain(const QString& t) { return Cell{t, {}, std::nullopt, {}, std::nullopt, false}; }
    static Cell count(std::int64_t n, std::optional<double> bar = std::nullopt);
    static Cell entity(const QString& t, int kind) { return Cell{t, {}, kind, t, std::nullopt, false}; }
};

// The adapter behind the smaller grids (coverage, sensitive operations, mass retrieval, alerts, findings,
// per-operation health): each view turns its core structs into rows of cells once per query, so the model stays
// a thin, sortable table with the shared roles.
class RowTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    explicit RowTableModel(QStringList headers, QObject* parent = nullptr)
        : QAbstractTableModel(parent), m_headers(std::move(headers))
    {
    }

    void setRows(std::vector<std::vector<Cell>> rows, std::vector<qlonglong> ids = {});
    // What the row ids name (core::AnnotationTarget: events, findings, alerts), so rows can be tagged.
    void setIdTarget(int annotationTarget) { m_idTarget = annotationTarget; }
    qlonglong idAt(int row) const;
    const Cell* cell(int row, int column) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QStringList m_headers;
    std::vector<std::vector<Cell>> m_rows;
    std::vector<qlonglong> m_ids;
    std::optional<int> m_idTarget;
};

} // namespace kvw::ui

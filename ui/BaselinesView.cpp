#include "ui/BaselinesView.h"

#include "ui/ChartFactory.h"
#include "ui/DataTableView.h"
#include "ui/RowTableModel.h"
#include "ui/UiFormat.h"

#include <QChartView>
#include <QComboBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>

namespace kvw::ui {

BaselinesView::BaselinesView(QWidget* parent)
    : WorkbookView(parent),
      m_model(new RowTableModel({tr("Vault"), tr("Last day count"), tr("Anomaly score"), tr("Max score"),
                                 tr("Min score"), tr("Historical anomaly"), tr("Anomalous"), tr("Seasonality")},
                                this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 8, 0, 0);
    auto* bar = new QHBoxLayout;
    m_mode = new QComboBox(this);
    m_mode->setObjectName(QStringLiteral("baselineModeComboBox"));
    m_mode->addItems({tr("Daily, 14 days (the workbook)"), tr("Hourly")});
    m_summary = makeLabel({}, this, QStringLiteral("baselineSummaryLabel"));
    bar->addWidget(m_mode);
    bar->addWidget(m_summary, 1);
    layout->addLayout(bar);
    auto* split = new QSplitter(Qt::Vertical, this);
    m_table = new DataTableView(split);
    m_table->setObjectName(QStringLiteral("baselinesTableView"));
    m_table->setSourceModel(m_model);
    auto* charts = new QSplitter(Qt::Horizontal, split);
    m_counts = ChartFactory::makeView(charts, QStringLiteral("baselineCountsChart"));
    m_scores = ChartFactory::makeView(charts, QStringLiteral("baselineScoresChart"));
    split->addWidget(m_table);
    split->addWidget(charts);
    split->setSizes({260, 440});
    layout->addWidget(split, 1);
    connect(m_mode, &QComboBox::currentIndexChanged, this, [this]() { requestRefresh(); });
    connect(m_table, &DataTableView::entityActivated, this, &BaselinesView::openEntity);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { selectSeries(m_table->toSource(current).row()); });
}

void BaselinesView::refresh()
{
    const core::EventFilter f = filter();
    const core::BaselineOptions options =
        m_mode->currentIndex() == 0 ? core::BaselineOptions::workbookDaily() : core::BaselineOptions::hourlyPerVault();
    m_summary->setText(tr("Computing baselines…"));
    runner()->run<std::vector<core::BaselineSeries>>(
        [f, options](const core::CaseFile& c) { return core::ActivityBaselines::compute(c, f, options); },
        [this](core::Result<std::vector<core::BaselineSeries>> r) {
            if (!r) {
                m_summary->setText(QString::fromStdString(r.error().toString()));
                return;
            }
            m_series = std::move(*r);
            std::vector<std::vector<Cell>> rows;
            int anomalous = 0;
            for (const auto& s : m_series) {
                anomalous += s.anomalousLast ? 1 : 0;
                const double last = s.points.empty() ? 0.0 : s.points.back().count;
                Cell score = Cell::plain((s.lastScore < 0 ? QStringLiteral("↓ ") : s.lastScore == 0 ? QStringLiteral("→ ")
                                                                                                    : QStringLiteral("↑ ")) +
                                         UiFormat::number(s.lastScore, 2));
                score.sort = std::abs(s.lastScore);
                score.number = true;
                Cell maxScore = Cell::plain(UiFormat::number(s.maxScore, 2));
                maxScore.sort = s.maxScore;
                maxScore.number = true;
                Cell minScore = Cell::plain(UiFormat::number(s.minScore, 2));
                minScore.sort = s.minScore;
                minScore.number = true;
                rows.push_back({Cell::entity(UiFormat::key(s.key), static_cast<int>(core::EntityKind::Vault)),
                                Cell::count(static_cast<std::int64_t>(last)), score, maxScore, minScore,
                                Cell::plain(s.historical ? tr("⚠ yes") : tr("no")),
                                Cell::plain(s.anomalousLast ? tr("❗ anomalous") : tr("no")),
                                Cell::plain(s.period == 0 ? tr("none")
                                                          : tr("%1 bins%2").arg(s.period).arg(s.approximate ? tr(" (approx.)")
                                                                                                           : QString()))});
                rows.back()[0].entityValue = UiFormat::text(s.key);
            }
            m_summary->setText(m_series.empty()
                                   ? tr("No events in the baseline window.")
                                   : tr("%1 vaults, %2 anomalous on the last bin (|score| > 3, the workbook's threshold). "
                                        "Select a vault for its charts.")
                                         .arg(m_series.size())
                                         .arg(anomalous));
            m_model->setRows(std::move(rows));
            selectSeries(0);
        });
}

void BaselinesView::selectSeries(int row)
{
    if (row < 0 || row >= static_cast<int>(m_series.size()) || m_series[static_cast<std::size_t>(row)].points.empty()) {
        ChartFactory::setEmpty(m_counts, tr("Activity over time"), tr("Select a vault above"));
        ChartFactory::setEmpty(m_scores, tr("Anomaly score over time"), tr("Select a vault above"));
        return;
    }
    const core::BaselineSeries& s = m_series[static_cast<std::size_t>(row)];
    core::TimeAxis axis;
    axis.start = s.points.front().time;
    axis.buckets = static_cast<int>(s.points.size());
    axis.grain = s.points.size() > 1 ? s.points[1].time.ticks() - s.points[0].time.ticks() : core::Timestamp::TicksPerDay;
    std::vector<double> counts;
    std::vector<double> baseline;
    std::vector<double> scores;
    for (const auto& p : s.points) {
        counts.push_back(p.count);
        baseline.push_back(p.baseline);
        scores.push_back(p.score);
    }
    const QString name = UiFormat::key(s.key);
    ChartFactory::setLines(m_counts, axis, {{tr("Events"), counts}, {tr("Baseline"), baseline}},
                           tr("Activity over time for %1").arg(name), tr("Events"));
    double lo = -3.5;
    double hi = 3.5;
    for (double v : scores) {
        lo = std::min(lo, v * 1.1);
        hi = std::max(hi, v * 1.1);
    }
    ChartFactory::setLines(m_scores, axis, {{tr("Anomaly score"), scores}}, tr("Anomaly score over time for %1").arg(name),
                           tr("Score"), std::make_pair(lo, hi));
}

} // namespace kvw::ui

#include "ui/OperationAnalysisView.h"

#include "core/analytics/workbook/EventAnalytics.h"
#include "core/analytics/workbook/TimeGrain.h"
#include "ui/ChartFactory.h"
#include "ui/UiFormat.h"

#include <QChartView>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace kvw::ui {

OperationAnalysisView::OperationAnalysisView(QWidget* parent) : WorkbookView(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 8, 0, 0);
    auto* bar = new QHBoxLayout;
    m_objects = new QComboBox(this);
    m_objects->setObjectName(QStringLiteral("operationObjectsComboBox"));
    m_objects->addItems({tr("Secrets"), tr("Keys"), tr("Certificates")});
    m_actors = new QComboBox(this);
    m_actors->setObjectName(QStringLiteral("operationActorsComboBox"));
    m_actors->addItems({tr("All identities"), tr("Users (with a UPN)"), tr("Services (no UPN)")});
    m_scale = new QComboBox(this);
    m_scale->setObjectName(QStringLiteral("operationScaleComboBox"));
    m_scale->addItems({tr("Logarithmic (ln of Get operations)"), tr("Linear")});
    m_summary = makeLabel({}, this, QStringLiteral("operationSummaryLabel"));
    bar->addWidget(m_objects);
    bar->addWidget(m_actors);
    bar->addWidget(m_scale);
    bar->addStretch(1);
    bar->addWidget(m_summary);
    layout->addLayout(bar);
    m_chart = ChartFactory::makeView(this, QStringLiteral("operationAnalysisChart"));
    layout->addWidget(m_chart, 1);
    for (auto* c : {m_objects, m_actors, m_scale}) {
        connect(c, &QComboBox::currentIndexChanged, this, [this]() { requestRefresh(); });
    }
}

void OperationAnalysisView::refresh()
{
    const core::EventFilter f = filter();
    const auto objects = static_cast<core::ObjectKind>(m_objects->currentIndex());
    const auto actors = static_cast<core::ActorKind>(m_actors->currentIndex());
    const auto scale = m_scale->currentIndex() == 0 ? core::ScaleKind::Log : core::ScaleKind::Linear;
    const QString title = tr("%1 operations over time").arg(m_objects->currentText());
    runner()->run<core::KeyedSeries>(
        [f, objects, actors, scale](const core::CaseFile& c) -> core::Result<core::KeyedSeries> {
            const core::EventAnalytics a(c);
            auto axis = a.axis(f);
            if (!axis) {
                return axis.error();
            }
            if (!*axis) {
                return core::KeyedSeries{};
            }
            return a.operationAnalysis(f, objects, actors, scale, **axis);
        },
        [this, title, scale](core::Result<core::KeyedSeries> r) {
            if (!r) {
                m_summary->setText(QString::fromStdString(r.error().toString()));
                return;
            }
            m_total = r->total();
            m_summary->setText(tr("%1 events · per %2")
                                   .arg(UiFormat::count(static_cast<std::int64_t>(m_total)),
                                        QString::fromStdString(core::TimeGrain::describe(r->axis.grain))));
            ChartFactory::setTimeChart(m_chart, *r, title,
                                       scale == core::ScaleKind::Log ? tr("Count (ln for Get operations)") : tr("Count"),
                                       scale != core::ScaleKind::Log);
        });
}

} // namespace kvw::ui

#include "ui/SensitiveOperationsView.h"

#include "core/analytics/workbook/EventAnalytics.h"
#include "core/analytics/workbook/TimeGrain.h"
#include "ui/DataTableView.h"
#include "ui/RowTableModel.h"
#include "ui/UiFormat.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

namespace kvw::ui {
namespace {

using core::EntityKind;
using core::Timestamp;

constexpr std::int64_t kPeriods[] = {5 * Timestamp::TicksPerMinute, 15 * Timestamp::TicksPerMinute,
                                     30 * Timestamp::TicksPerMinute, Timestamp::TicksPerHour,
                                     4 * Timestamp::TicksPerHour,   12 * Timestamp::TicksPerHour,
                                     Timestamp::TicksPerDay};

QString joined(const std::vector<std::string>& v)
{
    QStringList l;
    for (const auto& s : v) {
        l << QString::fromStdString(s);
    }
    return l.join(QStringLiteral(", "));
}

Cell identityCell(const std::string& v)
{
    Cell c = Cell::entity(UiFormat::text(v), static_cast<int>(EntityKind::Identity));
    if (v.empty()) {
        c.entityKind.reset();
    }
    return c;
}

} // namespace

SensitiveOperationsView::SensitiveOperationsView(QWidget* parent)
    : WorkbookView(parent),
      m_sensitive(new RowTableModel({tr("Time (UTC)"), tr("Vault"), tr("Operation"), tr("Result"), tr("Caller IP"),
                                     tr("App ID"), tr("Object ID"), tr("UPN"), tr("Object"), tr("Client"),
                                     tr("Request URI"), tr("In workbook list")},
                                    this)),
      m_mass(new RowTableModel({tr("Vault"), tr("Window start (UTC)"), tr("Events"), tr("Object ID"), tr("App ID"),
                                tr("UPN"), tr("Operations"), tr("Caller IPs"), tr("Clients"), tr("Request URIs")},
                               this)),
      m_massRunner(new QueryRunner(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 8, 0, 0);
    auto* split = new QSplitter(Qt::Vertical, this);

    auto* top = new QWidget(split);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(makeHeading(tr("Sensitive operations"), top));
    m_sensitiveSummary = makeLabel({}, top, QStringLiteral("sensitiveSummaryLabel"));
    topLayout->addWidget(m_sensitiveSummary);
    auto* sensitiveTable = new DataTableView(top);
    sensitiveTable->setObjectName(QStringLiteral("sensitiveOperationsTableView"));
    sensitiveTable->setSourceModel(m_sensitive);
    topLayout->addWidget(sensitiveTable, 1);

    auto* bottom = new QWidget(split);
    auto* bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    auto* params = new QHBoxLayout;
    params->addWidget(makeHeading(tr("Mass secret retrieval"), bottom));
    params->addStretch(1);
    params->addWidget(makeLabel(tr("Event threshold (more than)"), bottom));
    m_threshold = new QSpinBox(bottom);
    m_threshold->setObjectName(QStringLiteral("massThresholdSpinBox"));
    m_threshold->setRange(0, 100'000'000);
    m_threshold->setValue(static_cast<int>(core::EventAnalytics::DefaultMassThreshold));
    m_threshold->setGroupSeparatorShown(true);
    params->addWidget(m_threshold);
    params->addWidget(makeLabel(tr("per"), bottom));
    m_period = new QComboBox(bottom);
    m_period->setObjectName(QStringLiteral("massPeriodComboBox"));
    for (const auto p : kPeriods) {
        m_period->addItem(QString::fromStdString(core::TimeGrain::describe(p)), QVariant::fromValue<qlonglong>(p));
    }
    m_period->setCurrentIndex(static_cast<int>(std::size(kPeriods)) - 1);
    params->addWidget(m_period);
    bottomLayout->addLayout(params);
    m_massSummary = makeLabel({}, bottom, QStringLiteral("massSummaryLabel"));
    bottomLayout->addWidget(m_massSummary);
    auto* massTable = new DataTableView(bottom);
    massTable->setObjectName(QStringLiteral("massRetrievalTableView"));
    massTable->setSourceModel(m_mass);
    massTable->setBarColumn(2, QColor(0xc0, 0x30, 0x30));
    bottomLayout->addWidget(massTable, 1);
    split->addWidget(top);
    split->addWidget(bottom);
    layout->addWidget(split, 1);

    connect(sensitiveTable, &DataTableView::entityActivated, this, &SensitiveOperationsView::openEntity);
    connect(massTable, &DataTableView::entityActivated, this, &SensitiveOperationsView::openEntity);
    connect(m_threshold, &QSpinBox::valueChanged, this, [this]() { requestRefresh(); });
    connect(m_period, &QComboBox::currentIndexChanged, this, [this]() { requestRefresh(); });
}

void SensitiveOperationsView::setMassParameters(std::int64_t threshold, std::int64_t periodTicks)
{
    const QSignalBlocker b1(m_threshold);
    const QSignalBlocker b2(m_period);
    m_threshold->setValue(static_cast<int>(threshold));
    const int i = m_period->findData(QVariant::fromValue<qlonglong>(periodTicks));
    if (i >= 0) {
        m_period->setCurrentIndex(i);
    }
    refreshNow();
}

void SensitiveOperationsView::refresh()
{
    const core::EventFilter f = filter();
    runner()->run<std::vector<core::SensitiveOperation>>(
        [f](const core::CaseFile& c) { return core::EventAnalytics(c).sensitiveOperations(f); },
        [this](core::Result<std::vector<core::SensitiveOperation>> r) {
            if (!r) {
                m_sensitiveSummary->setText(QString::fromStdString(r.error().toString()));
                return;
            }
            std::vector<std::vector<Cell>> rows;
            std::vector<qlonglong> ids;
            std::int64_t extensions = 0;
            for (const auto& s : *r) {
                extensions += s.extension ? 1 : 0;
                rows.push_back({Cell::plain(UiFormat::time(s.time)),
                                Cell::entity(UiFormat::text(s.vault), static_cast<int>(EntityKind::Vault)),
                                Cell::entity(UiFormat::text(s.operation), static_cast<int>(EntityKind::Operation)),
                                Cell::plain(UiFormat::text(s.result)),
                                Cell::entity(UiFormat::text(s.callerIp), static_cast<int>(EntityKind::Ip)),
                                Cell::entity(UiFormat::text(s.appId), static_cast<int>(EntityKind::Application)),
                                identityCell(s.objectId), identityCell(s.upn),
                                Cell::entity(UiFormat::text(s.objectName), static_cast<int>(EntityKind::Object)),
                                Cell::plain(UiFormat::text(s.clientInfo)), Cell::plain(UiFormat::text(s.requestUri)),
                                Cell::plain(s.extension ? tr("no (extension)") : tr("yes"))});
                ids.push_back(s.eventId);
            }
            m_sensitiveSummary->setText(
                r->empty() ? tr("No successful deletes, purges, backups or restores in the selected range and scope.")
                           : tr("%1 successful sensitive operations (%2 beyond the workbook's list: restores and "
                                "access-policy changes).")
                                 .arg(UiFormat::count(static_cast<std::int64_t>(r->size())), UiFormat::count(extensions)));
            m_sensitive->setRows(std::move(rows), std::move(ids));
        });

    const std::int64_t threshold = m_threshold->value();
    const std::int64_t period = m_period->currentData().toLongLong();
    m_massRunner->setCasePath(casePath());
    m_massRunner->run<std::vector<core::MassRetrieval>>(
        [f, threshold, period](const core::CaseFile& c) {
            return core::EventAnalytics(c).massSecretRetrieval(f, threshold, period);
        },
        [this, threshold, period](core::Result<std::vector<core::MassRetrieval>> r) {
            if (!r) {
                m_massSummary->setText(QString::fromStdString(r.error().toString()));
                return;
            }
            std::vector<std::vector<Cell>> rows;
            std::int64_t max = 1;
            for (const auto& m : *r) {
                max = std::max(max, m.events);
            }
            for (const auto& m : *r) {
                // URIs and clients come from the row's first retrievals (EventAnalytics::massSecretRetrieval).
                const QString partial = m.detailPartial(core::EventAnalytics::MassDetailValues)
                                            ? tr(" … (from the first %1 of %2 retrievals)")
                                                  .arg(UiFormat::count(m.sampledEvents), UiFormat::count(m.events))
                                            : QString();
                rows.push_back({Cell::entity(UiFormat::text(m.vault), static_cast<int>(EntityKind::Vault)),
                                Cell::plain(UiFormat::time(m.windowStart)),
                                Cell::count(m.events, static_cast<double>(m.events) / static_cast<double>(max)),
                                identityCell(m.objectId),
                                Cell::entity(UiFormat::text(m.appId), static_cast<int>(EntityKind::Application)),
                                identityCell(m.upn), Cell::plain(joined(m.operations)),
                                Cell::plain(joined(m.callerIps)), Cell::plain(joined(m.clientInfos) + partial),
                                Cell::plain(joined(m.requestUris) + partial)});
            }
            const QString rule = tr("successful SecretGet / KeyGet / VaultGet by one identity on one vault, more than "
                                    "%1 within %2 (windows aligned to UTC)")
                                     .arg(UiFormat::count(threshold),
                                          QString::fromStdString(core::TimeGrain::describe(period)));
            m_massSummary->setText(r->empty() ? tr("Nobody crossed the threshold: ") + rule
                                              : tr("%1 identity × vault × window rows: ")
                                                        .arg(UiFormat::count(static_cast<std::int64_t>(r->size()))) +
                                                    rule);
            m_mass->setRows(std::move(rows));
        });
}

} // namespace kvw::ui

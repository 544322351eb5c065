#include "ui/FilterBar.h"

#include "ui/GlobalFilter.h"
#include "ui/UiFormat.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTimeZone>

namespace kvw::ui {
namespace {

struct Preset
{
    const char* label;
    std::int64_t ticks;   // 0 = all data, -1 = custom
};

constexpr std::int64_t M = core::Timestamp::TicksPerMinute;
constexpr std::int64_t H = core::Timestamp::TicksPerHour;
constexpr std::int64_t D = core::Timestamp::TicksPerDay;

const std::vector<Preset>& presets()
{
    static const std::vector<Preset> p{
        {"All data", 0},     {"Last 5 minutes", 5 * M}, {"Last 15 minutes", 15 * M}, {"Last 30 minutes", 30 * M},
        {"Last hour", H},    {"Last 4 hours", 4 * H},   {"Last 12 hours", 12 * H},   {"Last day", D},
        {"Last 2 days", 2 * D}, {"Last 3 days", 3 * D}, {"Last 7 days", 7 * D},      {"Last 14 days", 14 * D},
        {"Last 28 days", 28 * D}, {"Last 30 days", 30 * D}, {"Last 60 days", 60 * D}, {"Last 90 days", 90 * D},
        {"Custom (UTC)…", -1}};
    return p;
}

QDateTime toDateTime(core::Timestamp t)
{
    return QDateTime::fromMSecsSinceEpoch(t.ticks() / core::Timestamp::TicksPerMillisecond, QTimeZone::utc());
}

core::Timestamp fromDateTime(const QDateTime& d)
{
    return core::Timestamp::fromTicks(d.toMSecsSinceEpoch() * core::Timestamp::TicksPerMillisecond);
}

QComboBox* combo(QWidget* parent, const QString& name)
{
    auto* c = new QComboBox(parent);
    c->setObjectName(name);
    // Long log values (subscription ids, vault names) must not widen the window.
    c->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    c->setMinimumContentsLength(12);
    return c;
}

} // namespace

FilterBar::FilterBar(GlobalFilter* filter, QWidget* parent) : QWidget(parent), m_filter(filter)
{
    setObjectName(QStringLiteral("filterBar"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setSpacing(8);

    m_time = combo(this, QStringLiteral("timePresetComboBox"));
    for (const auto& p : presets()) {
        m_time->addItem(tr(p.label));
    }
    m_from = new QDateTimeEdit(this);
    m_from->setObjectName(QStringLiteral("fromDateTimeEdit"));
    m_to = new QDateTimeEdit(this);
    m_to->setObjectName(QStringLiteral("toDateTimeEdit"));
    for (auto* e : {m_from, m_to}) {
        e->setTimeSpec(Qt::UTC);
        e->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
        e->setCalendarPopup(true);
        e->setEnabled(false);
    }

    m_vaults = combo(this, QStringLiteral("vaultFilterComboBox"));
    m_vaultModel = new QStandardItemModel(this);
    m_vaults->setModel(m_vaultModel);
    m_vaults->setMinimumContentsLength(16);
    m_subscription = combo(this, QStringLiteral("subscriptionComboBox"));
    m_resourceType = combo(this, QStringLiteral("resourceTypeComboBox"));
    m_resourceType->addItems({tr("Vaults and HSMs"), tr("Key vaults"), tr("Managed HSMs")});
    m_identity = combo(this, QStringLiteral("identityKindComboBox"));
    m_identity->addItems({tr("All identities"), tr("Users"), tr("Services")});
    auto* reset = new QPushButton(tr("Reset"), this);
    reset->setObjectName(QStringLiteral("resetFilterButton"));
    m_scope = new QLabel(this);
    m_scope->setTextFormat(Qt::PlainText);
    m_scope->setObjectName(QStringLiteral("filterScopeLabel"));
    m_scope->setWordWrap(true);
    m_scope->setMinimumWidth(300);

    auto label = [this](const QString& t) {
        auto* l = new QLabel(t, this);
        l->setTextFormat(Qt::PlainText);
        return l;
    };
    layout->addWidget(label(tr("Time")));
    layout->addWidget(m_time);
    layout->addWidget(m_from);
    auto* dash = label(QStringLiteral("–"));
    layout->addWidget(dash);
    layout->addWidget(m_to);
    // The custom range fields only take room when "Custom" is chosen.
    auto showCustom = [this, dash](bool on) {
        m_from->setVisible(on);
        m_to->setVisible(on);
        dash->setVisible(on);
    };
    showCustom(false);
    layout->addSpacing(8);
    layout->addWidget(label(tr("Vaults")));
    layout->addWidget(m_vaults);
    layout->addWidget(label(tr("Subscription")));
    layout->addWidget(m_subscription);
    layout->addWidget(m_resourceType);
    layout->addWidget(m_identity);
    layout->addWidget(reset);
    layout->addStretch(1);
    layout->addWidget(m_scope);

    connect(m_time, &QComboBox::currentIndexChanged, this, [this, showCustom](int i) {
        const bool custom = presets()[static_cast<std::size_t>(i)].ticks < 0;
        m_from->setEnabled(custom);
        m_to->setEnabled(custom);
        showCustom(custom);
        apply();
    });
    connect(m_from, &QDateTimeEdit::dateTimeChanged, this, [this]() { apply(); });
    connect(m_to, &QDateTimeEdit::dateTimeChanged, this, [this]() { apply(); });
    connect(m_vaultModel, &QStandardItemModel::itemChanged, this, [this]() {
        updateVaultSummary();
        apply();
    });
    // Keep the popup open while ticking several vaults.
    connect(m_vaults, &QComboBox::activated, this, [this](int row) {
        if (row == 0) {
            setSelectedVaults({});
        } else if (QStandardItem* item = m_vaultModel->item(row)) {
            item->setCheckState(item->checkState() == Qt::Checked ? Qt::Unchecked : Qt::Checked);
        }
        m_vaults->setCurrentIndex(0);
    });
    connect(m_subscription, &QComboBox::currentIndexChanged, this, [this]() { apply(); });
    connect(m_resourceType, &QComboBox::currentIndexChanged, this, [this]() { apply(); });
    connect(m_identity, &QComboBox::currentIndexChanged, this, [this]() { apply(); });
    connect(reset, &QPushButton::clicked, this, [this]() {
        m_syncing = true;
        m_time->setCurrentIndex(0);
        m_subscription->setCurrentIndex(0);
        m_resourceType->setCurrentIndex(0);
        m_identity->setCurrentIndex(0);
        m_syncing = false;
        setSelectedVaults({});
    });
    setCaseInfo({}, std::nullopt, std::nullopt);
}

void FilterBar::setCaseInfo(const std::vector<std::pair<std::string, std::string>>& vaultsWithSubscription,
                            std::optional<core::Timestamp> first, std::optional<core::Timestamp> last)
{
    m_syncing = true;
    m_first = first;
    m_last = last;
    m_vaultModel->clear();
    auto* all = new QStandardItem(tr("All vaults"));
    all->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    m_vaultModel->appendRow(all);
    QStringList subs;
    for (const auto& [vault, sub] : vaultsWithSubscription) {
        auto* item = new QStandardItem(UiFormat::key(vault));
        item->setData(QString::fromStdString(vault), Qt::UserRole);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
        m_vaultModel->appendRow(item);
        if (!sub.empty() && !subs.contains(QString::fromStdString(sub))) {
            subs << QString::fromStdString(sub);
        }
    }
    subs.sort();
    m_subscription->clear();
    m_subscription->addItem(tr("All subscriptions"));
    for (const auto& s : subs) {
        m_subscription->addItem(s, s);
    }
    if (first && last) {
        m_from->setDateTime(toDateTime(*first));
        m_to->setDateTime(toDateTime(*last + core::Timestamp::TicksPerMinute));
        m_scope->setText(tr("Data %1 – %2 UTC").arg(UiFormat::time(*first).left(16), UiFormat::time(*last).left(16)));
    } else {
        m_scope->setText(tr("No case open"));
    }
    m_vaults->setCurrentIndex(0);
    m_syncing = false;
    updateVaultSummary();
}

void FilterBar::setSelectedVaults(const QStringList& vaults)
{
    m_syncing = true;
    for (int r = 1; r < m_vaultModel->rowCount(); ++r) {
        QStandardItem* item = m_vaultModel->item(r);
        item->setCheckState(vaults.contains(item->data(Qt::UserRole).toString()) ? Qt::Checked : Qt::Unchecked);
    }
    m_syncing = false;
    updateVaultSummary();
    apply();
}

QStringList FilterBar::selectedVaults() const
{
    QStringList out;
    for (int r = 1; r < m_vaultModel->rowCount(); ++r) {
        if (m_vaultModel->item(r)->checkState() == Qt::Checked) {
            out << m_vaultModel->item(r)->data(Qt::UserRole).toString();
        }
    }
    return out;
}

void FilterBar::setTimePreset(int index) { m_time->setCurrentIndex(index); }

void FilterBar::updateVaultSummary()
{
    if (m_vaultModel->rowCount() == 0) {
        return;
    }
    const QStringList v = selectedVaults();
    const QString text = v.isEmpty() ? tr("All vaults") : (v.size() == 1 ? v.first() : tr("%1 vaults").arg(v.size()));
    const bool was = m_syncing;
    m_syncing = true;
    m_vaultModel->item(0)->setText(text);
    m_syncing = was;
}

void FilterBar::syncFrom(const core::EventFilter& f)
{
    m_syncing = true;
    QStringList vaults;
    for (const auto& v : f.vaults) {
        vaults << QString::fromStdString(v);
    }
    for (int r = 1; r < m_vaultModel->rowCount(); ++r) {
        QStandardItem* item = m_vaultModel->item(r);
        item->setCheckState(vaults.contains(item->data(Qt::UserRole).toString()) ? Qt::Checked : Qt::Unchecked);
    }
    const int sub = f.subscriptions.empty() ? 0 : m_subscription->findData(QString::fromStdString(f.subscriptions.front()));
    m_subscription->setCurrentIndex(std::max(sub, 0));
    m_resourceType->setCurrentIndex(!f.resourceType ? 0 : (*f.resourceType == core::ResourceType::ManagedHsm ? 2 : 1));
    m_identity->setCurrentIndex(static_cast<int>(f.identities));
    if (f.from || f.to) {
        m_time->setCurrentIndex(static_cast<int>(presets().size()) - 1);
        m_from->setEnabled(true);
        m_to->setEnabled(true);
        if (f.from) {
            m_from->setDateTime(toDateTime(*f.from));
        }
        if (f.to) {
            m_to->setDateTime(toDateTime(*f.to));
        }
    } else {
        m_time->setCurrentIndex(0);
    }
    m_syncing = false;
    updateVaultSummary();
}

void FilterBar::apply()
{
    if (m_syncing) {
        return;
    }
    core::EventFilter f = m_filter->filter();
    const Preset& p = presets()[static_cast<std::size_t>(std::max(m_time->currentIndex(), 0))];
    if (p.ticks == 0) {
        f.from.reset();
        f.to.reset();
    } else if (p.ticks < 0) {
        f.from = fromDateTime(m_from->dateTime());
        f.to = fromDateTime(m_to->dateTime());
    } else if (m_last) {
        // Offline "last N": counted back from the end of the data, not from the wall clock.
        f.to = *m_last + 1;
        f.from = *m_last + 1 - p.ticks;
    }
    f.vaults.clear();
    for (const auto& v : selectedVaults()) {
        f.vaults.push_back(v.toStdString());
    }
    f.subscriptions.clear();
    if (m_subscription->currentIndex() > 0) {
        f.subscriptions.push_back(m_subscription->currentData().toString().toStdString());
    }
    switch (m_resourceType->currentIndex()) {
    case 1: f.resourceType = core::ResourceType::Vault; break;
    case 2: f.resourceType = core::ResourceType::ManagedHsm; break;
    default: f.resourceType.reset(); break;
    }
    f.identities = static_cast<core::EventFilter::Identities>(std::max(m_identity->currentIndex(), 0));
    m_filter->setFilter(f);
}

} // namespace kvw::ui

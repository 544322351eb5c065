#pragma once

#include "core/common/Timestamp.h"
#include "core/query/EventFilter.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QDateTimeEdit;
class QLabel;
class QStandardItemModel;

namespace kvw::ui {

class GlobalFilter;

// The pill bar of the workbook: time range (presets counted back from the end of the data, or custom in UTC),
// vaults (multi-select), subscription, resource type and identity kind. It writes only to the GlobalFilter.
class FilterBar : public QWidget
{
    Q_OBJECT
public:
    FilterBar(GlobalFilter* filter, QWidget* parent = nullptr);

    // What the open case contains, for the choices and the presets.
    void setCaseInfo(const std::vector<std::pair<std::string, std::string>>& vaultsWithSubscription,
                     std::optional<core::Timestamp> first, std::optional<core::Timestamp> last);
    void setSelectedVaults(const QStringList& vaults);
    QStringList selectedVaults() const;
    // Preset index: 0 = all data, then the workbook's ranges; the last is "Custom".
    void setTimePreset(int index);
    // Brings the widgets in line with the filter (after "filter to this value" or a restored session).
    void syncFrom(const core::EventFilter& filter);

private:
    void apply();
    void updateVaultSummary();

    GlobalFilter* m_filter;
    QComboBox* m_time;
    QDateTimeEdit* m_from;
    QDateTimeEdit* m_to;
    QComboBox* m_vaults;
    QStandardItemModel* m_vaultModel;
    QComboBox* m_subscription;
    QComboBox* m_resourceType;
    QComboBox* m_identity;
    QLabel* m_scope;
    std::optional<core::Timestamp> m_first;
    std::optional<core::Timestamp> m_last;
    bool m_syncing = false;
};

} // namespace kvw::ui

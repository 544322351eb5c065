#include "ui/EntityNavigator.h"

namespace kvw::ui {

void EntityNavigator::open(const EntityRef& ref)
{
    if (const EntityRef* c = current(); c && *c == ref) {
        emit currentChanged(ref);
        return;
    }
    m_history.resize(static_cast<std::size_t>(m_pos + 1));
    m_history.push_back(ref);
    m_pos = static_cast<int>(m_history.size()) - 1;
    emit historyChanged();
    emit currentChanged(ref);
}

void EntityNavigator::back()
{
    if (canGoBack()) {
        --m_pos;
        emit historyChanged();
        emit currentChanged(m_history[static_cast<std::size_t>(m_pos)]);
    }
}

void EntityNavigator::forward()
{
    if (canGoForward()) {
        ++m_pos;
        emit historyChanged();
        emit currentChanged(m_history[static_cast<std::size_t>(m_pos)]);
    }
}

const EntityRef* EntityNavigator::current() const
{
    return m_pos >= 0 ? &m_history[static_cast<std::size_t>(m_pos)] : nullptr;
}

void EntityNavigator::clear()
{
    m_history.clear();
    m_pos = -1;
    emit historyChanged();
}

} // namespace kvw::ui

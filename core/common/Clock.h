#pragma once

#include "core/common/Timestamp.h"

namespace kvw::core {

// "Now" is injected so that anything relative to it (last 24 h, baseline windows) is testable.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual Timestamp now() const = 0;
};

class SystemClock final : public Clock
{
public:
    Timestamp now() const override;
};

class FixedClock final : public Clock
{
public:
    explicit FixedClock(Timestamp at) : m_at(at) {}
    Timestamp now() const override { return m_at; }
    void set(Timestamp at) { m_at = at; }

private:
    Timestamp m_at;
};

} // namespace kvw::core

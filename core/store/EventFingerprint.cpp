#include "core/store/EventFingerprint.h"

#include "core/model/AzureResourceId.h"

#include <string_view>

namespace kvw::core {
namespace {

// 64-bit FNV-1a with a field separator, so ("ab","c") and ("a","bc") differ.
class Hasher
{
public:
    void add(std::string_view s)
    {
        for (const char c : s) {
            m_h ^= static_cast<unsigned char>(c);
            m_h *= 1099511628211ULL;
        }
        m_h ^= 0x1fU;
        m_h *= 1099511628211ULL;
    }
    void add(std::int64_t v)
    {
        for (int i = 0; i < 8; ++i) {
            m_h ^= static_cast<std::uint64_t>(v >> (8 * i)) & 0xffU;
            m_h *= 1099511628211ULL;
        }
    }
    std::uint64_t value() const { return m_h; }

private:
    std::uint64_t m_h = 14695981039346656037ULL;
};

} // namespace

std::int64_t EventFingerprint::of(const Event& e)
{
    Hasher h;
    h.add(Timestamp::floorDiv(e.time.ticks(), Timestamp::TicksPerMillisecond));
    h.add(e.vault);
    h.add(e.subscription);
    h.add(e.operation);
    h.add(e.correlationId);
    h.add(e.callerIp);
    h.add(static_cast<std::int64_t>(e.httpStatus.value_or(-1)));
    h.add(e.resultSignature);
    h.add(e.requestUri);
    h.add(e.objectUri);
    h.add(e.identityObjectId);
    h.add(e.identityAppId);
    h.add(e.durationMs.value_or(-1));
    return static_cast<std::int64_t>(h.value());
}

} // namespace kvw::core

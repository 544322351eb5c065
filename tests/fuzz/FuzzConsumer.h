#pragma once

#include "core/ingest/RecordConsumer.h"

#include <nlohmann/json.hpp>

namespace kvw::fuzz {

// Touches every value a reader hands over, so the sanitizers see any bad memory behind it.
class FuzzConsumer final : public core::RecordConsumer
{
public:
    void setFormat(core::SourceFormat) override {}
    void event(core::Event e, std::int64_t index, std::string raw) override
    {
        m_sink += e.vault.size() + e.operation.size() + raw.size() + static_cast<std::size_t>(index) +
                  e.time.toIso().size() + e.identityUpn.size() + e.objectName.size();
    }
    void skipped(std::int64_t, const std::string& reason) override { m_sink += reason.size(); }
    void rejected(std::int64_t, const std::string& reason) override { m_sink += reason.size(); }
    void otherRecord(core::OtherRecordKind, const nlohmann::json& record, std::int64_t) override
    {
        m_sink += record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).size();
    }
    bool cancelled() const override { return false; }

private:
    std::size_t m_sink = 0;
};

} // namespace kvw::fuzz

#pragma once

#include "core/model/Event.h"

#include <string>

namespace kvw::core {

// What a mapper made of one record: an event, a well-formed record that is not ours (skipped), or a rejection.
struct RecordOutcome
{
    enum class Kind { Accepted, Skipped, Rejected };
    Kind kind = Kind::Rejected;
    Event event;
    std::string reason;

    static RecordOutcome accepted(Event e) { return {Kind::Accepted, std::move(e), {}}; }
    static RecordOutcome skipped(std::string why) { return {Kind::Skipped, {}, std::move(why)}; }
    static RecordOutcome rejected(std::string why) { return {Kind::Rejected, {}, std::move(why)}; }
};

} // namespace kvw::core

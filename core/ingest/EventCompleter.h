#pragma once

#include "core/model/Event.h"

namespace kvw::core {

// The derivations every format shares, applied after a mapper filled the logged fields: resource parts from the
// ARM id (or the request host when a record lacks it), operation class, and the addressed object from the URIs.
class EventCompleter
{
public:
    static void complete(Event& e);
    // False when the record is from another resource provider (a shared AzureDiagnostics export, say).
    static bool isKeyVaultResource(const std::string& resourceId);
};

} // namespace kvw::core

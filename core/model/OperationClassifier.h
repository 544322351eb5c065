#pragma once

#include "core/model/Event.h"

#include <string_view>

namespace kvw::core {

// Classifies Key Vault / Managed HSM operation names (formats.md §10.6). Unknown names are class Other and
// are never dropped; the object type comes from the name's prefix.
class OperationClassifier
{
public:
    static OperationClass classify(std::string_view operation);
    static ObjectType objectTypeOf(std::string_view operation, ResourceType resourceType);
};

} // namespace kvw::core

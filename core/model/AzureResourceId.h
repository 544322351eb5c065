#pragma once

#include "core/model/Event.h"

#include <string>
#include <string_view>

namespace kvw::core {

// The parts of a Key Vault / Managed HSM ARM id, lower-cased.
struct AzureResourceId
{
    std::string subscription;
    std::string resourceGroup;
    std::string provider;
    ResourceType type = ResourceType::Unknown;
    std::string name;

    // Accepts any case and tolerates other provider/type segments (older docs show /HSM/).
    static AzureResourceId parse(std::string_view id);
};

// The object a Key Vault URI addresses: https://<vault>.vault.azure.net/secrets/<name>/<version>?...
struct KeyVaultUri
{
    std::string host;          // lower-case
    std::string vault;         // first label of the host, lower-case
    ResourceType type = ResourceType::Unknown;
    ObjectType objectType = ObjectType::Unknown;
    std::string objectName;
    std::string objectVersion;

    static KeyVaultUri parse(std::string_view uri);
};

std::string toLower(std::string_view s);

} // namespace kvw::core

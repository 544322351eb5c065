#include "core/ingest/EventCompleter.h"

#include "core/model/AzureResourceId.h"
#include "core/model/OperationClassifier.h"

namespace kvw::core {

bool EventCompleter::isKeyVaultResource(const std::string& resourceId)
{
    if (resourceId.empty()) {
        return true;
    }
    const AzureResourceId id = AzureResourceId::parse(resourceId);
    return id.provider.empty() || id.provider == "microsoft.keyvault";
}

void EventCompleter::complete(Event& e)
{
    const AzureResourceId id = AzureResourceId::parse(e.resourceId);
    if (e.subscription.empty()) {
        e.subscription = id.subscription;
    } else {
        e.subscription = toLower(e.subscription);
    }
    if (e.resourceGroup.empty()) {
        e.resourceGroup = id.resourceGroup;
    } else {
        e.resourceGroup = toLower(e.resourceGroup);
    }
    if (id.type != ResourceType::Unknown) {
        e.resourceType = id.type;
    }
    if (!id.name.empty()) {
        e.vault = id.name;
    }
    const KeyVaultUri object = KeyVaultUri::parse(e.objectUri);
    const KeyVaultUri request = KeyVaultUri::parse(e.requestUri);
    if (e.vault.empty()) {
        e.vault = !object.vault.empty() ? object.vault : request.vault;
    } else {
        e.vault = toLower(e.vault);
    }
    if (e.resourceType == ResourceType::Unknown) {
        e.resourceType = object.type != ResourceType::Unknown ? object.type : request.type;
    }
    e.operationClass = OperationClassifier::classify(e.operation);
    e.objectType = object.objectType != ObjectType::Unknown ? object.objectType
                   : request.objectType != ObjectType::Unknown
                       ? request.objectType
                       : OperationClassifier::objectTypeOf(e.operation, e.resourceType);
    e.objectName = !object.objectName.empty() ? object.objectName : request.objectName;
    e.objectVersion = !object.objectVersion.empty() ? object.objectVersion : request.objectVersion;
    if (e.objectType == ObjectType::Vault && e.objectName.empty()) {
        e.objectName = e.vault;
    }
}

} // namespace kvw::core

#include "core/model/AzureResourceId.h"

#include <vector>

namespace kvw::core {
namespace {

std::vector<std::string_view> split(std::string_view s, char sep)
{
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (start <= s.size()) {
        const std::size_t end = s.find(sep, start);
        const std::size_t stop = end == std::string_view::npos ? s.size() : end;
        if (stop > start) {
            parts.push_back(s.substr(start, stop - start));
        }
        if (end == std::string_view::npos) {
            break;
        }
        start = end + 1;
    }
    return parts;
}

// ASCII only, not std::tolower: Azure folds only ASCII in resource ids, a process locale (the GUI sets the user's)
// must not change bytes of UTF-8 names, and the locale lookup per character was a fortieth of the ingest's CPU.
constexpr char asciiLower(char c)
{
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b)
{
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (asciiLower(a[i]) != asciiLower(b[i])) {
            return false;
        }
    }
    return true;
}

} // namespace

std::string toLower(std::string_view s)
{
    std::string out(s);
    for (char& c : out) {
        c = asciiLower(c);
    }
    return out;
}

AzureResourceId AzureResourceId::parse(std::string_view id)
{
    AzureResourceId out;
    const auto parts = split(id, '/');
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
        if (iequals(parts[i], "subscriptions")) {
            out.subscription = toLower(parts[i + 1]);
        } else if (iequals(parts[i], "resourcegroups")) {
            out.resourceGroup = toLower(parts[i + 1]);
        } else if (iequals(parts[i], "providers") && i + 3 < parts.size()) {
            out.provider = toLower(parts[i + 1]);
            const std::string_view type = parts[i + 2];
            if (iequals(type, "vaults")) {
                out.type = ResourceType::Vault;
            } else if (iequals(type, "managedhsms") || iequals(type, "hsm") || iequals(type, "managedhsm")) {
                out.type = ResourceType::ManagedHsm;
            }
            out.name = toLower(parts[i + 3]);
            break;
        }
    }
    return out;
}

KeyVaultUri KeyVaultUri::parse(std::string_view uri)
{
    KeyVaultUri out;
    const std::size_t scheme = uri.find("://");
    if (scheme == std::string_view::npos) {
        return out;
    }
    std::string_view rest = uri.substr(scheme + 3);
    const std::size_t q = rest.find_first_of("?#");
    if (q != std::string_view::npos) {
        rest = rest.substr(0, q);
    }
    const std::size_t slash = rest.find('/');
    std::string_view host = rest.substr(0, slash);
    const std::size_t colon = host.find(':');
    if (colon != std::string_view::npos) {
        host = host.substr(0, colon);
    }
    out.host = toLower(host);
    const std::size_t dot = out.host.find('.');
    const std::string_view domain =
        dot == std::string::npos ? std::string_view{} : std::string_view(out.host).substr(dot + 1);
    if (domain.starts_with("vault.")) {
        out.type = ResourceType::Vault;
        out.vault = out.host.substr(0, dot);
    } else if (domain.starts_with("managedhsm.")) {
        out.type = ResourceType::ManagedHsm;
        out.vault = out.host.substr(0, dot);
    }
    if (slash == std::string_view::npos) {
        return out;
    }
    const auto segments = split(rest.substr(slash), '/');
    if (segments.empty()) {
        return out;
    }
    const std::string collection = toLower(segments[0]);
    if (collection == "secrets" || collection == "deletedsecrets") {
        out.objectType = ObjectType::Secret;
    } else if (collection == "keys" || collection == "deletedkeys") {
        out.objectType = ObjectType::Key;
    } else if (collection == "certificates" || collection == "deletedcertificates") {
        out.objectType = ObjectType::Certificate;
    } else {
        return out;
    }
    if (segments.size() > 1) {
        out.objectName = std::string(segments[1]);
    }
    // A version is 32 hex digits; other third segments are sub-resources (policy, pending, rotate...).
    if (segments.size() > 2 && segments[2].size() == 32) {
        bool hex = true;
        for (const char c : segments[2]) {
            hex = hex && std::isxdigit(static_cast<unsigned char>(c));
        }
        if (hex) {
            out.objectVersion = toLower(segments[2]);
        }
    }
    return out;
}

} // namespace kvw::core

#include "core/demo/DemoRecord.h"

#include "core/demo/DemoWorld.h"

#include <cstring>

namespace kvw::core {

bool DemoRecord::isHsm() const
{
    return resource != nullptr && resource->hsm;
}

const std::string& DemoRecord::claim(const char* key) const
{
    static const std::string empty;
    for (const auto& c : claims) {
        if (c.key == key) {
            return c.value;
        }
    }
    return empty;
}

std::string DemoRecord::objectId() const
{
    const std::string& oid = claim("oid");
    return oid.empty() ? claim("http://schemas.microsoft.com/identity/claims/objectidentifier") : oid;
}

std::string DemoRecord::upn() const
{
    const std::string& upn = claim("upn");
    return upn.empty() ? claim("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn") : upn;
}

const char* demoReasonPhrase(int httpStatus)
{
    switch (httpStatus) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 409:
        return "Conflict";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    default:
        return "OK";
    }
}

} // namespace kvw::core

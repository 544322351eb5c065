#include "core/annotations/Annotation.h"

#include <array>
#include <utility>

namespace kvw::core {
namespace {

constexpr std::array<std::pair<AnnotationTarget, const char*>, 9> kNames{{
    {AnnotationTarget::Event, "event"},
    {AnnotationTarget::Ip, "ip"},
    {AnnotationTarget::Identity, "identity"},
    {AnnotationTarget::Vault, "vault"},
    {AnnotationTarget::App, "app"},
    {AnnotationTarget::Object, "object"},
    {AnnotationTarget::Finding, "finding"},
    {AnnotationTarget::Alert, "alert"},
    {AnnotationTarget::Operation, "operation"},
}};

} // namespace

const char* toString(AnnotationTarget kind)
{
    for (const auto& [k, name] : kNames) {
        if (k == kind) {
            return name;
        }
    }
    return "event";
}

std::optional<AnnotationTarget> annotationTargetFromString(const std::string& text)
{
    for (const auto& [k, name] : kNames) {
        if (text == name) {
            return k;
        }
    }
    return std::nullopt;
}

} // namespace kvw::core

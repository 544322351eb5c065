#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace kvw::core {

// What an annotation is attached to. Entities are named by their value (an IP, an identity key, a vault name);
// events, findings and alerts by their row id in the case.
enum class AnnotationTarget : std::uint8_t { Event, Ip, Identity, Vault, App, Object, Finding, Alert, Operation };

const char* toString(AnnotationTarget kind);
std::optional<AnnotationTarget> annotationTargetFromString(const std::string& text);

// One analyst annotation: a tag (malicious, benign, needs-review, or any word), a free-text note, a bookmark,
// or any combination, stored in the case file's `annotations` table.
struct Annotation
{
    std::int64_t id = 0;
    AnnotationTarget kind = AnnotationTarget::Event;
    std::string target;
    std::string tag;
    std::string note;
    bool bookmark = false;
    std::string createdAt;      // ISO-8601 UTC
    std::string author;

    bool operator==(const Annotation&) const = default;
};

} // namespace kvw::core

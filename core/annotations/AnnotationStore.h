#pragma once

#include "core/annotations/Annotation.h"
#include "core/common/Result.h"
#include "core/query/EventFilter.h"
#include "core/query/EventRow.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kvw::core {

class CaseFile;
class Clock;

// Which annotations to list; empty members match everything.
struct AnnotationQuery
{
    std::optional<AnnotationTarget> kind;
    std::string target;
    std::string tag;
    bool bookmarksOnly = false;
    bool notesOnly = false;
};

// The analyst's tags, notes and bookmarks in the case file. Tags are normalised to lower case and trimmed, and a
// target carries a given tag once; notes are kept verbatim (they are rendered as text everywhere).
class AnnotationStore
{
public:
    AnnotationStore(const CaseFile& caseFile, const Clock& clock, std::string author = {});

    Result<std::int64_t> addTag(AnnotationTarget kind, const std::string& target, const std::string& tag);
    Result<std::int64_t> addNote(AnnotationTarget kind, const std::string& target, const std::string& note);
    Result<std::int64_t> addBookmark(AnnotationTarget kind, const std::string& target, const std::string& note = {});
    // Removes the tag from the target; returns how many annotations were removed.
    Result<int> removeTag(AnnotationTarget kind, const std::string& target, const std::string& tag);
    Result<int> remove(std::int64_t id);

    Result<std::vector<Annotation>> list(const AnnotationQuery& query = {}) const;
    // All annotations of one kind grouped by target, for decorating tables and reports.
    Result<std::map<std::string, std::vector<Annotation>>> byTarget(AnnotationTarget kind) const;

    // Events under the filter that carry an annotation (any tag, note or bookmark; or `tag` when given), in time order.
    Result<std::vector<EventRow>> annotatedEvents(const EventFilter& filter, const std::string& tag = {},
                                                  std::int64_t limit = 10000) const;

    // "malicious", "needs-review": trimmed, lower case, inner blanks as '-'. Empty when nothing is left.
    static std::string normaliseTag(const std::string& tag);
    // "malicious, needs-review" for table cells; notes joined with " | ".
    static std::string tagsText(const std::vector<Annotation>& annotations);
    static std::string notesText(const std::vector<Annotation>& annotations);

private:
    Result<std::int64_t> insert(AnnotationTarget kind, const std::string& target, const std::string& tag,
                                const std::string& note, bool bookmark);

    const CaseFile& m_case;
    const Clock& m_clock;
    std::string m_author;
};

} // namespace kvw::core

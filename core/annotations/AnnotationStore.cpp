#include "core/annotations/AnnotationStore.h"

#include "core/common/Clock.h"
#include "core/query/EventQuery.h"
#include "core/store/CaseFile.h"

#include <algorithm>
#include <cctype>

namespace kvw::core {
namespace {

constexpr std::size_t kMaxTag = 64;
constexpr std::size_t kMaxNote = 64 * 1024;

Annotation readAnnotation(const Statement& st)
{
    Annotation a;
    a.id = st.int64(0);
    a.kind = annotationTargetFromString(st.text(1)).value_or(AnnotationTarget::Event);
    a.target = st.text(2);
    a.tag = st.text(3);
    a.note = st.text(4);
    a.bookmark = st.int64(5) != 0;
    a.createdAt = st.text(6);
    a.author = st.text(7);
    return a;
}

constexpr const char* kSelect = "SELECT id, target_kind, target, tag, note, bookmark, created_at, author FROM annotations";

} // namespace

AnnotationStore::AnnotationStore(const CaseFile& caseFile, const Clock& clock, std::string author)
    : m_case(caseFile), m_clock(clock), m_author(std::move(author))
{
}

std::string AnnotationStore::normaliseTag(const std::string& tag)
{
    std::string out;
    bool pendingDash = false;
    for (const char c : tag) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isspace(u) || u < 0x20) {
            pendingDash = !out.empty();
            continue;
        }
        if (pendingDash) {
            out += '-';
            pendingDash = false;
        }
        out += static_cast<char>(std::tolower(u));
    }
    if (out.size() > kMaxTag) {
        out.resize(kMaxTag);
    }
    return out;
}

Result<std::int64_t> AnnotationStore::insert(AnnotationTarget kind, const std::string& target, const std::string& tag,
                                             const std::string& note, bool bookmark)
{
    if (target.empty()) {
        return Error{Error::Code::Usage, "", 0, "an annotation needs a target"};
    }
    if (note.size() > kMaxNote) {
        return Error{Error::Code::Limit, "", 0, "a note is limited to 64 KiB"};
    }
    try {
        const Database& db = m_case.db();
        if (kind == AnnotationTarget::Event || kind == AnnotationTarget::Finding || kind == AnnotationTarget::Alert) {
            // Row-id targets must exist, so a typo does not leave an annotation nobody can see.
            const char* sql = kind == AnnotationTarget::Event     ? "SELECT COUNT(*) FROM events WHERE id = ?"
                              : kind == AnnotationTarget::Finding ? "SELECT COUNT(*) FROM findings WHERE id = ?"
                                                                  : "SELECT COUNT(*) FROM alerts WHERE id = ?";
            std::int64_t id = 0;
            try {
                std::size_t used = 0;
                id = std::stoll(target, &used);
                if (used != target.size()) {
                    throw std::invalid_argument(target);
                }
            } catch (const std::exception&) {
                return Error{Error::Code::Usage, "", 0, std::string(toString(kind)) + " ids are numbers: " + target};
            }
            auto st = db.prepare(sql);
            st.bind(1, id);
            st.step();
            if (st.int64(0) == 0) {
                return Error{Error::Code::NotFound, m_case.path(), 0,
                             std::string("no ") + toString(kind) + " with id " + target};
            }
        }
        if (!tag.empty()) {
            auto dup = db.prepare("SELECT id FROM annotations WHERE target_kind = ? AND target = ? AND tag = ?");
            dup.bind(1, toString(kind)).bind(2, target).bind(3, tag);
            if (dup.step()) {
                return dup.int64(0);
            }
        }
        auto st = db.prepare("INSERT INTO annotations(target_kind, target, tag, note, bookmark, created_at, author) "
                             "VALUES(?, ?, ?, ?, ?, ?, ?)");
        st.bind(1, toString(kind))
            .bind(2, target)
            .bind(3, tag)
            .bind(4, note)
            .bind(5, bookmark ? 1 : 0)
            .bind(6, m_clock.now().toIso())
            .bind(7, m_author);
        st.run();
        return db.lastInsertRowId();
    } catch (const DatabaseError& e) {
        return Error{Error::Code::Database, m_case.path(), 0, e.what()};
    }
}

Result<std::int64_t> AnnotationStore::addTag(AnnotationTarget kind, const std::string& target, const std::string& tag)
{
    const std::string t = normaliseTag(tag);
    if (t.empty()) {
        return Error{Error::Code::Usage, "", 0, "a tag cannot be empty"};
    }
    return insert(kind, target, t, {}, false);
}

Result<std::int64_t> AnnotationStore::addNote(AnnotationTarget kind, const std::string& target, const std::string& note)
{
    if (note.empty()) {
        return Error{Error::Code::Usage, "", 0, "a note cannot be empty"};
    }
    return insert(kind, target, {}, note, false);
}

Result<std::int64_t> AnnotationStore::addBookmark(AnnotationTarget kind, const std::string& target,
                                                  const std::string& note)
{
    return insert(kind, target, {}, note, true);
}

Result<int> AnnotationStore::removeTag(AnnotationTarget kind, const std::string& target, const std::string& tag)
{
    try {
        auto st = m_case.db().prepare("DELETE FROM annotations WHERE target_kind = ? AND target = ? AND tag = ?");
        st.bind(1, toString(kind)).bind(2, target).bind(3, normaliseTag(tag));
        st.run();
        return m_case.db().changes();
    } catch (const DatabaseError& e) {
        return Error{Error::Code::Database, m_case.path(), 0, e.what()};
    }
}

Result<int> AnnotationStore::remove(std::int64_t id)
{
    try {
        auto st = m_case.db().prepare("DELETE FROM annotations WHERE id = ?");
        st.bind(1, id);
        st.run();
        return m_case.db().changes();
    } catch (const DatabaseError& e) {
        return Error{Error::Code::Database, m_case.path(), 0, e.what()};
    }
}

Result<std::vector<Annotation>> AnnotationStore::list(const AnnotationQuery& q) const
{
    std::string sql = std::string(kSelect) + " WHERE 1";
    std::vector<std::string> values;
    if (q.kind) {
        sql += " AND target_kind = ?";
        values.emplace_back(toString(*q.kind));
    }
    if (!q.target.empty()) {
        sql += " AND target = ?";
        values.push_back(q.target);
    }
    if (!q.tag.empty()) {
        sql += " AND tag = ?";
        values.push_back(normaliseTag(q.tag));
    }
    if (q.bookmarksOnly) {
        sql += " AND bookmark <> 0";
    }
    if (q.notesOnly) {
        sql += " AND note <> ''";
    }
    sql += " ORDER BY target_kind, target, id";
    try {
        auto st = m_case.db().prepare(sql);
        for (std::size_t i = 0; i < values.size(); ++i) {
            st.bind(static_cast<int>(i + 1), values[i]);
        }
        std::vector<Annotation> out;
        while (st.step()) {
            out.push_back(readAnnotation(st));
        }
        return out;
    } catch (const DatabaseError& e) {
        return Error{Error::Code::Database, m_case.path(), 0, e.what()};
    }
}

Result<std::map<std::string, std::vector<Annotation>>> AnnotationStore::byTarget(AnnotationTarget kind) const
{
    AnnotationQuery q;
    q.kind = kind;
    auto all = list(q);
    if (!all) {
        return all.error();
    }
    std::map<std::string, std::vector<Annotation>> out;
    for (auto& a : *all) {
        out[a.target].push_back(std::move(a));
    }
    return out;
}

Result<std::vector<EventRow>> AnnotationStore::annotatedEvents(const EventFilter& filter, const std::string& tag,
                                                               std::int64_t limit) const
{
    std::vector<std::int64_t> ids;
    try {
        const SqlWhere w = filter.where("e");
        std::string sql = "SELECT DISTINCT e.id, e.time FROM events e JOIN annotations a "
                          "ON a.target_kind = 'event' AND a.target = CAST(e.id AS TEXT)";
        if (!tag.empty()) {
            sql += " AND a.tag = ?";
        }
        sql += w.sql() + " ORDER BY e.time, e.id LIMIT ?";
        auto st = m_case.db().prepare(sql);
        int index = 1;
        if (!tag.empty()) {
            st.bind(index++, normaliseTag(tag));
        }
        index = w.bind(st, index);
        st.bind(index, limit);
        while (st.step()) {
            ids.push_back(st.int64(0));
        }
    } catch (const DatabaseError& e) {
        return Error{Error::Code::Database, m_case.path(), 0, e.what()};
    }
    return EventQuery(m_case).byIds(ids);
}

std::string AnnotationStore::tagsText(const std::vector<Annotation>& annotations)
{
    std::string out;
    for (const auto& a : annotations) {
        if (!a.tag.empty()) {
            out += (out.empty() ? "" : ", ") + a.tag;
        } else if (a.bookmark && out.find("bookmarked") == std::string::npos) {
            out += (out.empty() ? "" : ", ") + std::string("bookmarked");
        }
    }
    return out;
}

std::string AnnotationStore::notesText(const std::vector<Annotation>& annotations)
{
    std::string out;
    for (const auto& a : annotations) {
        if (!a.note.empty()) {
            out += (out.empty() ? "" : " | ") + a.note;
        }
    }
    return out;
}

} // namespace kvw::core

#include "core/ingest/BundleReader.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <filesystem>
#include <memory>

namespace kvw::core {
namespace {

namespace fs = std::filesystem;

struct ArchiveDeleter
{
    void operator()(archive* a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveDeleter>;

// Counts expanded bytes of one top-level input against the bomb limits.
struct Expansion
{
    const BundleLimits& limits;
    std::uint64_t onDisk = 0;
    std::uint64_t expanded = 0;

    Status add(std::size_t n, const std::string& path)
    {
        expanded += n;
        if (expanded > limits.maxExpandedBytes) {
            return Error{Error::Code::Limit, path, 0,
                         "refused: expands beyond " + std::to_string(limits.maxExpandedBytes >> 20) +
                             " MiB (decompression bomb?)"};
        }
        if (expanded > limits.ratioGraceBytes &&
            static_cast<double>(expanded) > limits.maxExpansionRatio * static_cast<double>(std::max<std::uint64_t>(onDisk, 1))) {
            return Error{Error::Code::Limit, path, 0,
                         "refused: expands more than " + std::to_string(static_cast<int>(limits.maxExpansionRatio)) +
                             " times its size (decompression bomb?)"};
        }
        return {};
    }
};

ArchivePtr newReader()
{
    ArchivePtr a(archive_read_new());
    archive_read_support_filter_all(a.get());
    archive_read_support_format_zip(a.get());
    archive_read_support_format_tar(a.get());
    archive_read_support_format_gnutar(a.get());
    archive_read_support_format_raw(a.get());
    return a;
}

bool looksLikeArchiveName(const std::string& name)
{
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    for (const char* ext : {".zip", ".tar", ".tgz", ".gz", ".bz2", ".xz", ".zst", ".tbz2", ".txz"}) {
        const std::string e(ext);
        if (lower.size() > e.size() && lower.compare(lower.size() - e.size(), e.size(), e) == 0) {
            return true;
        }
    }
    return false;
}

// A member name that would land outside the extraction root if anyone extracted it. We never extract, but such a
// member marks a crafted archive, so it is refused and reported.
bool unsafeMemberPath(const std::string& name)
{
    if (name.empty() || name.front() == '/' || name.front() == '\\' || (name.size() > 1 && name[1] == ':')) {
        return true;
    }
    std::size_t start = 0;
    while (start <= name.size()) {
        std::size_t end = name.find_first_of("/\\", start);
        if (end == std::string::npos) {
            end = name.size();
        }
        if (name.compare(start, end - start, "..") == 0) {
            return true;
        }
        start = end + 1;
    }
    return false;
}

std::string archiveError(archive* a)
{
    const char* s = archive_error_string(a);
    return s ? s : "unreadable archive";
}

struct Walk
{
    const BundleLimits& limits;
    const BundleReader::Visitor& visit;
    const BundleReader::ErrorSink& errors;
    const BundleReader::CancelCheck& cancelled;
    Expansion& expansion;
    std::string baseFingerprint;

    bool stop() const { return cancelled && cancelled(); }

    // Streams the current data of `a` as one entry.
    Status visitStream(archive* a, const InputEntry& entry)
    {
        bool failed = false;
        InputStream in([&](char* buf, std::size_t cap) -> Result<std::size_t> {
            if (failed) {
                return std::size_t{0};
            }
            const la_ssize_t n = archive_read_data(a, buf, cap);
            if (n < 0) {
                failed = true;
                return Error{Error::Code::Io, entry.path, 0, "truncated or corrupt: " + archiveError(a)};
            }
            if (auto st = expansion.add(static_cast<std::size_t>(n), entry.path); !st) {
                failed = true;
                return st.error();
            }
            return static_cast<std::size_t>(n);
        });
        return visit(entry, in);
    }

    // Reads every member of an opened archive (or its single raw stream).
    void members(archive* a, const std::string& display, int depth)
    {
        archive_entry* e = nullptr;
        bool first = true;
        for (;;) {
            if (stop()) {
                return;
            }
            const int rc = archive_read_next_header(a, &e);
            if (rc == ARCHIVE_EOF) {
                return;
            }
            if (rc < ARCHIVE_WARN) {
                errors(Error{Error::Code::Io, display, 0,
                             (first ? "unreadable: " : "truncated or corrupt archive: ") + archiveError(a)});
                return;
            }
            if (first && archive_format(a) == ARCHIVE_FORMAT_RAW) {
                // A plain or merely compressed file: one stream under the file's own name.
                InputEntry entry{display, -1, baseFingerprint};
                if (archive_filter_count(a) <= 1) {
                    entry.size = static_cast<std::int64_t>(expansion.onDisk);
                }
                if (auto st = visitStream(a, entry); !st) {
                    errors(st.error());
                }
                return;
            }
            first = false;
            const std::string name = archive_entry_pathname(e) ? archive_entry_pathname(e) : "";
            const std::string path = display + "!" + name;
            const auto type = archive_entry_filetype(e);
            if (type == AE_IFDIR) {
                continue;
            }
            if (type == AE_IFLNK || archive_entry_hardlink(e) != nullptr) {
                errors(Error{Error::Code::Unsafe, path, 0, "refused: archive member is a link"});
                continue;
            }
            if (type != AE_IFREG) {
                errors(Error{Error::Code::Unsafe, path, 0, "refused: archive member is not a regular file"});
                continue;
            }
            if (unsafeMemberPath(name)) {
                errors(Error{Error::Code::Unsafe, path, 0, "refused: member path escapes the archive ('..' or absolute)"});
                continue;
            }
            if (looksLikeArchiveName(name)) {
                if (depth >= limits.maxNesting) {
                    errors(Error{Error::Code::Limit, path, 0, "refused: archives nested too deep"});
                    continue;
                }
                nested(a, path, depth + 1);
                continue;
            }
            InputEntry entry{path, archive_entry_size_is_set(e) ? archive_entry_size(e) : -1,
                             baseFingerprint + "|" + name + "|" + std::to_string(archive_entry_size(e)) + "|" +
                                 std::to_string(archive_entry_mtime(e))};
            if (auto st = visitStream(a, entry); !st) {
                errors(st.error());
                if (st.error().code == Error::Code::Limit) {
                    return;
                }
            }
        }
    }

    struct ParentStream
    {
        archive* parent;
        Walk* walk;
        std::string path;
        std::vector<char> buffer = std::vector<char>(1 << 16);
        bool failed = false;
    };

    static la_ssize_t readParent(archive* /*self*/, void* ctx, const void** out)
    {
        auto* p = static_cast<ParentStream*>(ctx);
        const la_ssize_t n = archive_read_data(p->parent, p->buffer.data(), p->buffer.size());
        if (n < 0) {
            p->failed = true;
            return -1;
        }
        if (auto st = p->walk->expansion.add(static_cast<std::size_t>(n), p->path); !st) {
            p->walk->errors(st.error());
            p->failed = true;
            return -1;
        }
        *out = p->buffer.data();
        return n;
    }

    void nested(archive* parent, const std::string& path, int depth)
    {
        ParentStream ctx{parent, this, path};
        ArchivePtr inner = newReader();
        if (archive_read_open(inner.get(), &ctx, nullptr, &Walk::readParent, nullptr) != ARCHIVE_OK) {
            if (!ctx.failed) {
                errors(Error{Error::Code::Io, path, 0, "unreadable: " + archiveError(inner.get())});
            }
            return;
        }
        const std::string saved = baseFingerprint;
        baseFingerprint += "|" + path;
        members(inner.get(), path, depth);
        baseFingerprint = saved;
    }
};

} // namespace

std::vector<std::string> BundleReader::listFiles(const std::string& path)
{
    std::vector<std::string> files;
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        for (fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end;
             it != end; it.increment(ec)) {
            if (ec) {
                break;
            }
            // Symbolic links inside a bundle folder are not followed: they could point anywhere on the machine.
            if (it->is_regular_file(ec) && !it->is_symlink(ec)) {
                files.push_back(it->path().string());
            }
        }
        std::sort(files.begin(), files.end());
    } else {
        files.push_back(path);
    }
    return files;
}

void BundleReader::read(const std::vector<std::string>& paths, const Visitor& visit, const ErrorSink& errors,
                        const CancelCheck& cancelled) const
{
    for (const auto& p : paths) {
        std::error_code ec;
        if (!fs::exists(p, ec)) {
            errors(Error{Error::Code::NotFound, p, 0, "no such file or folder"});
            continue;
        }
        for (const auto& file : listFiles(p)) {
            if (cancelled && cancelled()) {
                return;
            }
            readFile(file, visit, errors, cancelled);
        }
    }
}

void BundleReader::readFile(const std::string& path, const Visitor& visit, const ErrorSink& errors,
                            const CancelCheck& cancelled) const
{
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec) {
        errors(Error{Error::Code::Io, path, 0, "cannot read: " + ec.message()});
        return;
    }
    const auto mtime = fs::last_write_time(path, ec).time_since_epoch().count();
    Expansion expansion{m_limits, size, 0};
    Walk walk{m_limits, visit, errors, cancelled, expansion,
              std::to_string(size) + ":" + std::to_string(mtime)};
    if (size == 0) {
        InputStream empty([](char*, std::size_t) -> Result<std::size_t> { return std::size_t{0}; });
        if (auto st = visit(InputEntry{path, 0, walk.baseFingerprint}, empty); !st) {
            errors(st.error());
        }
        return;
    }
    ArchivePtr a = newReader();
    if (archive_read_open_filename(a.get(), path.c_str(), 1 << 20) != ARCHIVE_OK) {
        errors(Error{Error::Code::Io, path, 0, "cannot read: " + archiveError(a.get())});
        return;
    }
    walk.members(a.get(), path, 0);
}

} // namespace kvw::core

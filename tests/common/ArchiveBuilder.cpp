#include "ArchiveBuilder.h"

#include <archive.h>
#include <archive_entry.h>

#include <fstream>
#include <stdexcept>

namespace kvw::test {

std::string ArchiveBuilder::bytes(Kind kind, const std::vector<Member>& members)
{
    archive* a = archive_write_new();
    switch (kind) {
    case Kind::Zip:
        archive_write_set_format_zip(a);
        break;
    case Kind::Tar:
        archive_write_set_format_pax_restricted(a);
        break;
    case Kind::TarGz:
        archive_write_set_format_pax_restricted(a);
        archive_write_add_filter_gzip(a);
        break;
    case Kind::Gzip:
        archive_write_set_format_raw(a);
        archive_write_add_filter_gzip(a);
        break;
    }
    std::string out(64U << 20, '\0');
    std::size_t used = 0;
    if (archive_write_open_memory(a, out.data(), out.size(), &used) != ARCHIVE_OK) {
        throw std::runtime_error(archive_error_string(a));
    }
    for (const auto& m : members) {
        archive_entry* e = archive_entry_new();
        archive_entry_set_pathname(e, m.name.c_str());
        if (m.symlink) {
            archive_entry_set_filetype(e, AE_IFLNK);
            archive_entry_set_symlink(e, m.content.c_str());
            archive_entry_set_size(e, 0);
        } else {
            archive_entry_set_filetype(e, AE_IFREG);
            archive_entry_set_size(e, static_cast<la_int64_t>(m.content.size()));
        }
        archive_entry_set_perm(e, 0644);
        archive_entry_set_mtime(e, 1700000000, 0);
        archive_write_header(a, e);
        if (!m.symlink) {
            archive_write_data(a, m.content.data(), m.content.size());
        }
        archive_entry_free(e);
    }
    archive_write_close(a);
    archive_write_free(a);
    out.resize(used);
    return out;
}

void ArchiveBuilder::write(const std::string& path, Kind kind, const std::vector<Member>& members)
{
    const std::string data = bytes(kind, members);
    std::ofstream f(path, std::ios::binary);
    f << data;
}

} // namespace kvw::test

#include "core/analytics/intel/TextThreatListReader.h"

#include "core/analytics/intel/IpAddress.h"
#include "core/analytics/intel/JsonFields.h"
#include "core/ingest/CsvReader.h"
#include "core/ingest/LogAnalyticsRowMapper.h"
#include "core/model/AzureResourceId.h"

#include <array>
#include <cctype>
#include <charconv>
#include <vector>

namespace kvw::core {
namespace {

constexpr std::size_t MaxLine = 1 << 20;

constexpr std::array<std::string_view, 11> IpColumns{
    "ip",      "ipaddress", "ip_address",      "ip address",      "indicator",           "ioc",
    "address", "networkip", "observablevalue", "networksourceip", "networkdestinationip"};
constexpr std::array<std::string_view, 5> DescriptionColumns{"description", "comment", "name", "threattype",
                                                             "threat_type"};
constexpr std::array<std::string_view, 4> ValidFromColumns{"valid_from", "validfrom", "first_seen", "firstseen"};
constexpr std::array<std::string_view, 5> ValidUntilColumns{"valid_until", "validuntil", "expirationdatetime",
                                                            "expiration", "expires"};
constexpr std::array<std::string_view, 3> ConfidenceColumns{"confidence", "confidencescore", "score"};
constexpr std::array<std::string_view, 8> DateColumns{"date",          "last_seen", "lastseen", "published",
                                                      "timegenerated", "created",   "modified", "dateadded"};

std::string_view trim(std::string_view s)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
        s.remove_prefix(1);
    }
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
        s.remove_suffix(1);
    }
    return s;
}

// The column name as exported: unquoted, without a BOM or the portal's " [UTC]".
std::string columnName(std::string_view cell)
{
    cell = trim(cell);
    if (cell.substr(0, 3) == "\xEF\xBB\xBF") {
        cell.remove_prefix(3);
    }
    if (cell.size() >= 2 && cell.front() == '"' && cell.back() == '"') {
        cell = trim(cell.substr(1, cell.size() - 2));
    }
    return LogAnalyticsRowMapper::normaliseColumnName(cell);
}

std::string columnKey(std::string_view cell)
{
    return toLower(columnName(cell));
}

template <std::size_t N>
int columnIndex(const std::vector<std::string>& keys, const std::array<std::string_view, N>& names)
{
    for (const auto name : names) {
        for (std::size_t i = 0; i < keys.size(); ++i) {
            if (keys[i] == name) {
                return static_cast<int>(i);
            }
        }
    }
    return -1;
}

std::vector<std::string_view> lines(std::string_view head)
{
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (start < head.size()) {
        const std::size_t end = head.find('\n', start);
        if (end == std::string_view::npos) {
            // The last line may be cut by the peek; judge it only when it is the only one.
            if (out.empty()) {
                out.push_back(head.substr(start));
            }
            break;
        }
        out.push_back(head.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

bool isComment(std::string_view line)
{
    return line.empty() || line.front() == '#' || line.front() == ';';
}

std::string_view firstToken(std::string_view line)
{
    const std::size_t end = line.find_first_of(" \t,;#");
    return line.substr(0, end);
}

std::vector<std::string> splitHeader(std::string_view line)
{
    std::vector<std::string> keys;
    std::size_t start = 0;
    for (;;) {
        const std::size_t comma = line.find(',', start);
        keys.push_back(columnName(line.substr(start, comma == std::string_view::npos ? line.npos : comma - start)));
        if (comma == std::string_view::npos) {
            break;
        }
        start = comma + 1;
    }
    return keys;
}

// A CSV is a threat-intel list when its header has an address column, it is no Log Analytics export, and the
// first rows hold at least one IP address in that column (a generic "address" column of other data does not).
bool csvHeaderClaims(std::string_view headerLine, std::string_view head)
{
    const auto names = splitHeader(headerLine);
    std::vector<std::string> keys;
    for (const auto& n : names) {
        keys.push_back(toLower(n));
    }
    const int ipCol = columnIndex(keys, IpColumns);
    if (ipCol < 0 || LogAnalyticsRowMapper::detectTable(names) != LogAnalyticsTable::Unknown) {
        return false;
    }
    const auto rows = lines(head);
    std::size_t dataRows = 0;
    bool headerSeen = false;
    for (auto row : rows) {
        row = trim(row);
        if (!headerSeen) {
            headerSeen = row == trim(headerLine);
            continue;
        }
        if (row.empty() || row.front() == '#') {
            continue;
        }
        const auto cells = splitHeader(row);
        if (static_cast<std::size_t>(ipCol) < cells.size() && IpAddress::parse(cells[ipCol])) {
            return true;
        }
        if (++dataRows >= 20) {
            break;
        }
    }
    return dataRows == 0;
}

std::optional<int> toConfidence(const std::string& s)
{
    double d = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
    if (ec != std::errc() || ptr != s.data() + s.size() || d < 0 || d > 100) {
        return std::nullopt;
    }
    return static_cast<int>(d);
}

Result<ThreatIntelList> readCsv(InputStream& in, ThreatIntelList list, const std::string& path)
{
    CsvReader csv(in);
    std::vector<std::string> cells;
    auto got = csv.next(cells);
    if (!got || !*got) {
        return Error{Error::Code::Format, path, 1, "threat-intel CSV has no header row"};
    }
    std::vector<std::string> keys;
    for (const auto& c : cells) {
        keys.push_back(columnKey(c));
    }
    const int ipCol = columnIndex(keys, IpColumns);
    if (ipCol < 0) {
        return Error{Error::Code::Format, path, 1, "threat-intel CSV has no ip or indicator column"};
    }
    const int descCol = columnIndex(keys, DescriptionColumns);
    const int fromCol = columnIndex(keys, ValidFromColumns);
    const int untilCol = columnIndex(keys, ValidUntilColumns);
    const int confCol = columnIndex(keys, ConfidenceColumns);
    const int dateCol = columnIndex(keys, DateColumns);
    auto cell = [&](int col) {
        return col >= 0 && static_cast<std::size_t>(col) < cells.size() ? cells[col] : std::string{};
    };
    for (;;) {
        got = csv.next(cells);
        if (!got) {
            if (got.error().code == Error::Code::Format || got.error().code == Error::Code::Limit) {
                ++list.invalid;
                continue;
            }
            Error e = got.error();
            e.file = path;
            return e;
        }
        if (!*got) {
            break;
        }
        ThreatIndicator details;
        details.description = cell(descCol);
        details.validFrom = parseTimestamp(std::string(trim(cell(fromCol))));
        details.validUntil = parseTimestamp(std::string(trim(cell(untilCol))));
        details.confidence = toConfidence(std::string(trim(cell(confCol))));
        list.noteDate(parseTimestamp(std::string(trim(cell(dateCol)))));
        list.noteDate(details.validFrom);
        list.add(cell(ipCol), std::move(details));
    }
    return list;
}

} // namespace

std::optional<Timestamp> TextThreatListReader::dateInText(std::string_view text)
{
    auto digits = [&](std::size_t at, std::size_t n) {
        for (std::size_t k = 0; k < n; ++k) {
            if (at + k >= text.size() || !std::isdigit(static_cast<unsigned char>(text[at + k]))) {
                return false;
            }
        }
        return true;
    };
    for (std::size_t i = 0; i + 10 <= text.size(); ++i) {
        if (digits(i, 4) && text[i + 4] == '-' && digits(i + 5, 2) && text[i + 7] == '-' && digits(i + 8, 2)) {
            const std::string_view tail = text.substr(i, 35);
            for (std::size_t len = tail.size(); len >= 10; --len) {
                if (const auto t = parseTimestamp(trim(tail.substr(0, len)))) {
                    return t;
                }
            }
        }
    }
    return std::nullopt;
}

TextThreatListReader::Kind TextThreatListReader::detect(std::string_view head)
{
    if (head.substr(0, 3) == "\xEF\xBB\xBF") {
        head.remove_prefix(3);
    }
    std::size_t ipLines = 0;
    bool first = true;
    for (auto line : lines(head)) {
        line = trim(line);
        if (isComment(line)) {
            continue;
        }
        if (first) {
            first = false;
            if (line.rfind("ExitNode ", 0) == 0 || line.rfind("ExitAddress ", 0) == 0) {
                return Kind::Tor;
            }
            if (line.find(',') != std::string_view::npos && !IpAddress::parse(firstToken(line))) {
                return csvHeaderClaims(line, head) ? Kind::Csv : Kind::None;
            }
        }
        if (!IpAddress::parse(firstToken(line))) {
            return Kind::None;
        }
        ++ipLines;
    }
    return ipLines > 0 ? Kind::IpPerLine : Kind::None;
}

Result<ThreatIntelList> TextThreatListReader::read(InputStream& in, const std::string& name, const std::string& path)
{
    auto head = in.peek(64 * 1024);
    if (!head) {
        return head.error();
    }
    const Kind kind = detect(*head);
    ThreatIntelList list;
    list.name = name;
    switch (kind) {
    case Kind::None:
        return Error{Error::Code::Format, path, 0, "not a threat-intel list"};
    case Kind::Csv:
        list.kind = "ip-list";
        return readCsv(in, std::move(list), path);
    case Kind::Tor:
        list.kind = "tor";
        break;
    case Kind::IpPerLine:
        list.kind = "ip-list";
        break;
    }
    std::string raw;
    std::string node;
    for (;;) {
        auto status = in.readLine(raw, MaxLine);
        if (!status) {
            Error e = status.error();
            e.file = path;
            return e;
        }
        if (*status == InputStream::LineStatus::End) {
            break;
        }
        if (*status == InputStream::LineStatus::TooLong) {
            ++list.invalid;
            continue;
        }
        std::string_view line = trim(raw);
        if (line.substr(0, 3) == "\xEF\xBB\xBF") {
            line.remove_prefix(3);
        }
        if (isComment(line)) {
            if (!list.date && !line.empty()) {
                list.noteDate(dateInText(line));
            }
            continue;
        }
        if (kind == Kind::Tor) {
            const std::string_view keyword = firstToken(line);
            const std::string_view rest = trim(line.substr(keyword.size()));
            if (keyword == "ExitNode") {
                node = std::string(rest);
            } else if (keyword == "Published" || keyword == "LastStatus") {
                list.noteDate(parseTimestamp(rest));
            } else if (keyword == "ExitAddress") {
                const std::string_view address = firstToken(rest);
                ThreatIndicator details;
                details.description = node.empty() ? "Tor exit node" : "Tor exit node " + node;
                details.validFrom = parseTimestamp(trim(rest.substr(address.size())));
                list.noteDate(details.validFrom);
                list.add(address, std::move(details));
            }
            continue;
        }
        const std::string_view address = firstToken(line);
        std::string_view rest = trim(line.substr(address.size()));
        while (!rest.empty() && (rest.front() == '#' || rest.front() == ',' || rest.front() == ';')) {
            rest = trim(rest.substr(1));
        }
        ThreatIndicator details;
        details.description = std::string(rest);
        list.add(address, std::move(details));
    }
    return list;
}

} // namespace kvw::core

#include "core/report/HtmlReport.h"

#include "core/annotations/AnnotationStore.h"
#include "core/report/HtmlEscape.h"

#include <algorithm>
#include <array>
#include <map>
#include <sstream>

namespace kvw::core {
namespace {

// Findings shown with their full evidence, in severity order; the rest are in the summary table.
constexpr std::size_t kDetailedFindings = 25;

std::string esc(std::string_view s) { return HtmlEscape::text(s); }

std::string num(std::int64_t n)
{
    // Thousands separators make counts readable in print.
    std::string digits = std::to_string(n < 0 ? -n : n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            out += ',';
        }
        out += digits[i];
    }
    return n < 0 ? "-" + out : out;
}

std::string when(const std::optional<Timestamp>& t) { return t ? t->toDisplay() + " UTC" : std::string("—"); }
std::string when(std::int64_t ticks) { return Timestamp::fromTicks(ticks).toDisplay(); }

std::string orDash(const std::string& s) { return s.empty() ? std::string("—") : s; }

const char* severityColour(const std::string& severity)
{
    switch (CaseRecords::severityRank(severity)) {
    case 0:
        return "#b42318";
    case 1:
        return "#c4320a";
    case 2:
        return "#1d4ed8";
    default:
        return "#475467";
    }
}

constexpr const char* kBrowserCss = R"CSS(
body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; font-size: 10.5pt; color: #1f2937;
       margin: 2em auto; max-width: 1100px; padding: 0 1.5em; line-height: 1.35; }
h1 { font-size: 20pt; color: #0b3b66; margin-bottom: 0.1em; }
h2 { font-size: 14pt; color: #0b3b66; border-bottom: 2px solid #0b3b66; padding-bottom: 2px; margin-top: 1.6em; }
h3 { font-size: 11.5pt; color: #111827; margin: 1.2em 0 0.3em 0; }
p.subtitle { color: #4b5563; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0 0.8em 0; font-size: 9pt; }
th { background: #e8eef5; color: #0b3b66; text-align: left; font-weight: bold; }
th, td { border: 1px solid #c9d3df; padding: 3px 6px; vertical-align: top; word-break: break-word; }
tr:nth-child(even) td { background: #f8fafc; }
td.num, th.num { text-align: right; white-space: nowrap; }
table.kv th { width: 28%; }
.sev { color: #ffffff; font-weight: bold; padding: 1px 6px; border-radius: 3px; font-size: 8.5pt; }
.muted { color: #6b7280; }
.note { color: #4b5563; font-size: 9pt; }
.mono { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 8.5pt; }
img.chart { max-width: 100%; height: auto; border: 1px solid #e5e7eb; margin: 0.3em 0 0.8em 0; }
.break { page-break-before: always; }
@media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } }
)CSS";

// QTextDocument understands a CSS 2 subset: no nth-child, no max-width, borders through table attributes.
constexpr const char* kTextDocumentCss = R"CSS(
body { font-family: "DejaVu Sans"; font-size: 9pt; color: #1f2937; }
h1 { font-size: 18pt; color: #0b3b66; margin-bottom: 2px; }
h2 { font-size: 13pt; color: #0b3b66; margin-top: 14px; margin-bottom: 4px; }
h3 { font-size: 10.5pt; color: #111827; margin-top: 10px; margin-bottom: 3px; }
p.subtitle { color: #4b5563; margin-top: 0px; }
table { border-collapse: collapse; margin-top: 3px; margin-bottom: 8px; font-size: 7.5pt; }
th { background-color: #e8eef5; color: #0b3b66; font-weight: bold; text-align: left; }
td.num, th.num { text-align: right; }
.sev { color: #ffffff; font-weight: bold; }
.muted { color: #6b7280; }
.note { color: #4b5563; font-size: 8pt; }
.mono { font-family: "DejaVu Sans Mono"; font-size: 7pt; }
.break { page-break-before: always; }
)CSS";

bool isTimeColumn(const std::string& name)
{
    return name.rfind("time", 0) == 0 || name.rfind("first", 0) == 0 || name.rfind("last", 0) == 0 || name == "day";
}

class Writer
{
public:
    explicit Writer(const HtmlReport::Options& o) : m_o(o) {}

    bool textDocument() const { return m_o.flavour == HtmlReport::Flavour::TextDocument; }

    std::string tableOpen(const std::string& cls = {}) const
    {
        // The attributes draw the grid in QTextDocument; browsers use the stylesheet.
        return "<table" + (cls.empty() ? std::string{} : " class=\"" + cls + "\"") +
               " width=\"100%\" cellspacing=\"0\" cellpadding=\"3\" border=\"1\" style=\"border-color:#c9d3df\">";
    }

    void table(const DataTable& t, std::size_t maxRows = 0)
    {
        if (!t.title.empty()) {
            m_s << "<h3>" << esc(t.title) << "</h3>\n";
        }
        if (t.rows.empty()) {
            m_s << "<p class=\"muted\">None in scope.</p>\n";
            return;
        }
        m_s << tableOpen() << "<thead><tr>";
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            m_s << "<th" << (t.isNumeric(c) ? " class=\"num\"" : "");
            if (c < t.widths.size()) {
                m_s << " width=\"" << t.widths[c] << "%\"";
            }
            m_s << ">" << esc(t.columns[c]) << "</th>";
        }
        m_s << "</tr></thead><tbody>\n";
        std::size_t n = 0;
        for (const auto& r : t.rows) {
            if (maxRows > 0 && n++ >= maxRows) {
                break;
            }
            m_s << "<tr>";
            for (std::size_t c = 0; c < t.columns.size(); ++c) {
                const std::string v = c < r.size() ? r[c] : std::string{};
                if (t.isNumeric(c)) {
                    std::string shown = v;
                    const bool isId = t.columns[c] == "id" || t.columns[c] == "#" || t.columns[c] == "status" ||
                                      t.columns[c] == "line";
                    try {
                        if (isId) {
                            throw std::invalid_argument("an identifier, not a count");
                        }
                        std::size_t used = 0;
                        const auto x = std::stoll(v, &used);
                        if (used == v.size()) {
                            shown = num(x);
                        }
                    } catch (const std::exception&) {
                    }
                    m_s << "<td class=\"num\" align=\"right\" nowrap>" << esc(shown) << "</td>";
                } else if (isTimeColumn(t.columns[c])) {
                    // Date and time stay on one line (QTextDocument ignores nowrap; a no-break space works).
                    std::string text = esc(v);
                    if (const auto sp = text.find(' '); sp != std::string::npos && text.size() <= 24) {
                        text.replace(sp, 1, "&nbsp;");
                    }
                    m_s << "<td nowrap>" << text << "</td>";
                } else {
                    m_s << "<td>" << esc(v) << "</td>";
                }
            }
            m_s << "</tr>\n";
        }
        m_s << "</tbody></table>\n";
        if (maxRows > 0 && t.rows.size() > maxRows) {
            m_s << "<p class=\"note\">" << num(static_cast<std::int64_t>(maxRows)) << " of "
                << num(static_cast<std::int64_t>(t.rows.size())) << " rows shown.</p>\n";
        }
        if (!t.note.empty()) {
            m_s << "<p class=\"note\">" << esc(t.note) << "</p>\n";
        }
    }

    // Rows of (label, already-escaped HTML).
    void keyValues(const std::vector<std::pair<std::string, std::string>>& rows)
    {
        m_s << tableOpen("kv") << "<tbody>\n";
        for (const auto& [k, v] : rows) {
            m_s << "<tr><th width=\"28%\">" << esc(k) << "</th><td>" << v << "</td></tr>\n";
        }
        m_s << "</tbody></table>\n";
    }

    std::string severityBadge(const std::string& severity) const
    {
        const std::string label = severity.empty() ? std::string("unknown") : severity;
        std::string upper = label;
        std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        return std::string("<span class=\"sev\" style=\"background-color:") + severityColour(severity) + "\">&nbsp;" +
               esc(upper) + "&nbsp;</span>";
    }

    void chart(const ChartSpec& c, std::size_t index)
    {
        m_s << "<h3>" << esc(c.title) << "</h3>\n";
        if (textDocument()) {
            m_s << "<p><img src=\"" << HtmlReport::chartResourceName(index) << "\" width=\"" << m_o.chartWidth
                << "\" height=\"" << m_o.chartHeight << "\"></p>\n";
            return;
        }
        if (m_o.charts) {
            ChartSpec untitled = c;
            untitled.title.clear();
            if (const auto img = m_o.charts->render(untitled, m_o.chartWidth, m_o.chartHeight)) {
                m_s << "<img class=\"chart\" alt=\"" << esc(c.title) << "\" width=\"" << m_o.chartWidth
                    << "\" src=\"data:" << esc(img->mimeType) << ";base64," << HtmlEscape::base64(img->bytes)
                    << "\">\n";
                return;
            }
        }
        // Without a renderer the chart's data still goes into the report, as a table.
        DataTable t;
        if (c.isTime()) {
            t.addColumn("bin start (UTC)");
            for (const auto& s : c.series) {
                t.addColumn(s.name, true);
            }
            for (std::size_t i = 0; i < c.x.size(); ++i) {
                std::vector<std::string> row{Timestamp::fromTicks(c.x[i]).toDisplay()};
                for (const auto& s : c.series) {
                    row.push_back(std::to_string(static_cast<std::int64_t>(i < s.values.size() ? s.values[i] : 0)));
                }
                t.rows.push_back(std::move(row));
            }
        } else {
            t.addColumn("category");
            for (const auto& s : c.series) {
                t.addColumn(s.name, true);
            }
            for (std::size_t i = 0; i < c.categories.size(); ++i) {
                std::vector<std::string> row{c.categories[i]};
                for (const auto& s : c.series) {
                    row.push_back(std::to_string(static_cast<std::int64_t>(i < s.values.size() ? s.values[i] : 0)));
                }
                t.rows.push_back(std::move(row));
            }
        }
        table(t, 40);
    }

    std::ostringstream& out() { return m_s; }
    std::string str() const { return m_s.str(); }

private:
    const HtmlReport::Options& m_o;
    std::ostringstream m_s;
};

std::string annotationsText(const std::vector<Annotation>& a)
{
    std::string tags = AnnotationStore::tagsText(a);
    const std::string notes = AnnotationStore::notesText(a);
    if (!notes.empty()) {
        tags += (tags.empty() ? "" : " — ") + notes;
    }
    return tags;
}

std::string listText(const std::vector<std::string>& v, std::size_t max = 12)
{
    if (v.empty()) {
        return "—";
    }
    std::string out;
    for (std::size_t i = 0; i < v.size() && i < max; ++i) {
        out += (i ? ", " : "") + v[i];
    }
    if (v.size() > max) {
        out += " (+" + std::to_string(v.size() - max) + " more)";
    }
    return out;
}

void scopeSection(Writer& w, const ReportData& d)
{
    const CaseSummary& s = d.summary;
    w.out() << "<h2>2. Scope</h2>\n";
    std::int64_t records = 0;
    for (const auto& f : s.files) {
        records += f.records;
    }
    w.keyValues({
        {"Case file", esc(d.casePath)},
        {"Filter", esc(d.filterDescription)},
        {"Events in scope", num(s.events)},
        {"First event", esc(when(s.first))},
        {"Last event", esc(when(s.last))},
        {"Failed requests (HTTP ≥ 400)", num(s.failed)},
        {"Vaults in scope", num(static_cast<std::int64_t>(s.byVault.size()))},
        {"Records read (all files)", num(records)},
        {"Ingest errors", num(s.errorCount)},
        {"Defender alerts in case", num(s.alerts)},
        {"Threat-intel indicators in case", num(s.threatIndicators)},
        {"Tool version", esc(d.toolVersion)},
        {"Generated", esc(d.generatedAt)},
        {d.invocationLabel, "<span class=\"mono\">" + esc(orDash(d.commandLine)) + "</span>"},
    });
    // A storage-account tree holds one blob per vault and hour: summarise by format, then list the files.
    std::map<std::string, std::array<std::int64_t, 6>> byFormat;
    for (const auto& f : s.files) {
        auto& a = byFormat[f.format];
        a[0] += 1;
        a[1] += f.records;
        a[2] += f.inserted;
        a[3] += f.duplicates;
        a[4] += f.rejected;
        a[5] += f.skipped;
    }
    DataTable formats;
    formats.title = "Formats read";
    formats.addColumn("format");
    for (const char* c : {"files", "records", "inserted", "duplicates", "rejected", "skipped"}) {
        formats.addColumn(c, true);
    }
    for (const auto& [format, a] : byFormat) {
        formats.rows.push_back({format, std::to_string(a[0]), std::to_string(a[1]), std::to_string(a[2]),
                                std::to_string(a[3]), std::to_string(a[4]), std::to_string(a[5])});
    }
    w.table(formats);
    // Paths are shown below their common folder, which is named once.
    std::string root;
    bool first = true;
    for (const auto& f : s.files) {
        if (f.path.empty() || f.path.front() != '/') {
            continue;   // relative paths (added by tools) are shown as they are
        }
        if (first) {
            root = f.path;
            first = false;
        }
        std::size_t n = 0;
        while (n < root.size() && n < f.path.size() && root[n] == f.path[n]) {
            ++n;
        }
        root.resize(n);
    }
    root.resize(root.rfind('/') == std::string::npos ? 0 : root.rfind('/') + 1);
    DataTable files;
    files.title = "Bundle files" + (root.empty() ? std::string{} : " (under " + root + ")");
    files.addColumn("file");
    files.addColumn("format");
    files.addColumn("status");
    for (const char* c : {"records", "inserted", "duplicates", "rejected", "skipped"}) {
        files.addColumn(c, true);
    }
    for (const auto& f : s.files) {
        files.rows.push_back({f.path.rfind(root, 0) == 0 ? f.path.substr(root.size()) : f.path, f.format, f.status, std::to_string(f.records), std::to_string(f.inserted),
                              std::to_string(f.duplicates), std::to_string(f.rejected), std::to_string(f.skipped)});
    }
    w.table(files, 30);
    DataTable errors;
    errors.title = "Ingest errors";
    errors.addColumn("file");
    errors.addColumn("line", true);
    errors.addColumn("message");
    for (const auto& e : s.errors) {
        errors.rows.push_back({e.file, std::to_string(e.line), e.message});
    }
    w.table(errors, 25);
    if (d.thresholds.rows.empty()) {
        w.out() << "<h3>" << esc(d.thresholds.title) << "</h3>\n<p class=\"muted\">No detection run is recorded in "
                << "this case for the scope; no thresholds applied.</p>\n";
    } else {
        w.table(d.thresholds);
    }
}

// UPNs read better than object ids: use the entity appendix's label where it has one.
std::vector<std::string> identityLabels(const ReportData& d)
{
    std::vector<std::string> out;
    for (const auto& id : d.identitiesInvolved) {
        std::string label = id;
        for (const auto& e : d.entities) {
            if (e.kind == AnnotationTarget::Identity && e.key == id && !e.label.empty()) {
                label = e.label;
            }
        }
        if (std::find(out.begin(), out.end(), label) == out.end()) {
            out.push_back(label);
        }
    }
    return out;
}

void summarySection(Writer& w, const ReportData& d)
{
    w.out() << "<h2>1. Executive summary</h2>\n";
    std::string severities;
    std::vector<std::pair<std::string, std::int64_t>> sev(d.findingsBySeverity.begin(), d.findingsBySeverity.end());
    std::sort(sev.begin(), sev.end(), [](const auto& a, const auto& b) {
        return CaseRecords::severityRank(a.first) < CaseRecords::severityRank(b.first);
    });
    for (const auto& [name, n] : sev) {
        severities += (severities.empty() ? "" : "&nbsp;&nbsp;") + w.severityBadge(name) + " " + num(n);
    }
    std::string window = "—";
    if (d.incidentStart) {
        window = esc(d.incidentStart->toDisplay()) + " — " + esc(d.incidentEnd->toDisplay()) + " UTC";
    }
    w.out() << "<p>" << num(static_cast<std::int64_t>(d.findings.size())) << " finding(s), "
            << num(static_cast<std::int64_t>(d.alerts.size())) << " Defender alert(s) and "
            << num(static_cast<std::int64_t>(d.threatMatches.size()))
            << " threat-intelligence match(es) in scope, over " << num(d.summary.events) << " events on "
            << num(static_cast<std::int64_t>(d.summary.byVault.size())) << " vault(s).</p>\n";
    w.keyValues({
        {"Findings by severity", severities.empty() ? std::string("none") : severities},
        {"Incident window", window},
        {"Vaults involved", esc(listText(d.vaultsInvolved, 20))},
        {"Identities involved", esc(listText(identityLabels(d), 20))},
        {"Caller IPs involved", esc(listText(d.ipsInvolved, 20))},
    });
    if (!d.findings.empty()) {
        DataTable t;
        t.title = "Findings at a glance";
        t.widths = {5, 10, 38, 25, 7, 15};
        t.addColumn("#", true);
        t.addColumn("severity");
        t.addColumn("finding");
        t.addColumn("window (UTC)");
        t.addColumn("events", true);
        t.addColumn("vaults");
        for (const auto& f : d.findings) {
            t.rows.push_back({std::to_string(f.record.id), f.record.severity, f.record.title,
                              when(f.record.start) + " — " + when(f.record.end), std::to_string(f.record.eventCount),
                              listText(f.record.vaults, 4)});
        }
        w.table(t);
    }
}

void findingsSection(Writer& w, const ReportData& d)
{
    w.out() << "<h2 class=\"break\">3. Findings and evidence</h2>\n";
    if (d.findings.empty()) {
        w.out() << "<p class=\"muted\">No findings in scope. Run the detections (kvworkbook-cli detect) to populate "
                << "them.</p>\n";
    }
    std::size_t shown = 0;
    for (const auto& rf : d.findings) {
        if (shown++ == kDetailedFindings) {
            w.out() << "<p class=\"note\">The other " << num(static_cast<std::int64_t>(d.findings.size() - kDetailedFindings))
                    << " findings (lower in severity order) are listed in the executive summary; export them all with "
                    << "kvworkbook-cli export --table findings.</p>\n";
            break;
        }
        const FindingRecord& f = rf.record;
        w.out() << "<h3>" << w.severityBadge(f.severity) << "&nbsp; " << esc(f.title) << " <span class=\"muted\">(#"
                << f.id << ", " << esc(f.ruleId) << ")</span></h3>\n";
        std::string params;
        for (const auto& [k, v] : f.parameters) {
            params += (params.empty() ? "" : ", ") + k + " = " + v;
        }
        std::vector<std::pair<std::string, std::string>> kv{
            {"Window (UTC)", esc(when(f.start) + " — " + when(f.end))},
            {"Events", num(f.eventCount)},
            {"Vaults", esc(listText(f.vaults))},
            {"Caller IPs", esc(listText(f.ips))},
            {"Identities", esc(listText(f.identities))},
        };
        if (!f.apps.empty()) {
            kv.emplace_back("Applications", esc(listText(f.apps)));
        }
        if (!f.objects.empty()) {
            kv.emplace_back("Objects", esc(listText(f.objects)));
        }
        if (!f.tactic.empty() || !f.technique.empty()) {
            kv.emplace_back("MITRE ATT&CK", esc(f.tactic + (f.technique.empty() ? "" : " / " + f.technique)));
        }
        if (!f.explanation.empty()) {
            kv.emplace_back("Why it fired", esc(f.explanation));
        }
        if (!params.empty()) {
            kv.emplace_back("Thresholds", esc(params));
        }
        if (!f.source.empty()) {
            kv.emplace_back("Source", esc(f.source));
        }
        if (!rf.annotations.empty()) {
            kv.emplace_back("Analyst", esc(annotationsText(rf.annotations)));
        }
        w.keyValues(kv);
        if (!rf.firstEvents.empty()) {
            DataTable t;
            t.title = "First events";
            t.widths = {19, 12, 13, 13, 18, 11, 7, 7};
            for (const char* c : {"time (UTC)", "operation", "vault", "object", "identity", "caller IP"}) {
                t.addColumn(c);
            }
            t.addColumn("status", true);
            t.addColumn("id", true);
            for (const auto& r : rf.firstEvents) {
                const Event& e = r.event;
                t.rows.push_back({e.time.toDisplay(), e.operation, e.vault, e.objectName,
                                  e.identityUpn.empty() ? (e.identityObjectId.empty() ? e.identityAppId : e.identityObjectId)
                                                        : e.identityUpn,
                                  e.callerIp, e.httpStatus ? std::to_string(*e.httpStatus) : std::string{},
                                  std::to_string(r.id)});
            }
            w.table(t);
        }
    }
}

void alertsSection(Writer& w, const ReportData& d)
{
    w.out() << "<h2>4. Defender alerts</h2>\n";
    DataTable t;
    t.addColumn("#", true);
    for (const char* c : {"time (UTC)", "severity", "alert", "vault", "entities", "status", "analyst"}) {
        t.addColumn(c);
    }
    t.widths = {4, 17, 8, 21, 12, 22, 7, 9};
    for (const auto& ra : d.alerts) {
        const AlertRecord& a = ra.record;
        std::vector<std::string> entities;
        for (const auto& [k, v] : a.entities) {
            // Resource ids are long and the vault is its own column: keep the last segment.
            const bool resource = k.find("resource") != std::string::npos && v.rfind('/') != std::string::npos;
            entities.push_back(k + ": " + (resource ? v.substr(v.rfind('/') + 1) : v));
        }
        t.rows.push_back({std::to_string(a.id), when(a.start), a.severity, a.displayName, a.vault,
                          listText(entities, 6), a.status, annotationsText(ra.annotations)});
    }
    w.table(t);
    for (const auto& ra : d.alerts) {
        if (!ra.record.description.empty()) {
            w.out() << "<p class=\"note\"><b>#" << ra.record.id << " " << esc(ra.record.displayName) << ":</b> "
                    << esc(ra.record.description) << "</p>\n";
        }
    }
    w.out() << "<h2>5. Threat-intelligence matches</h2>\n";
    DataTable ti;
    for (const char* c : {"caller IP", "list", "kind", "description"}) {
        ti.addColumn(c);
    }
    ti.addColumn("events", true);
    for (const char* c : {"first (UTC)", "last (UTC)", "vaults", "indicator validity (UTC)"}) {
        ti.addColumn(c);
    }
    for (const auto& m : d.threatMatches) {
        const std::string window = (m.windowFrom ? m.windowFrom->toDisplay() : std::string("always")) + " .. " +
                                   (m.windowUntil ? m.windowUntil->toDisplay() : std::string("open")) + " (" +
                                   m.windowBasis + ")";
        ti.rows.push_back({m.ip, m.list, m.listKind, m.description, std::to_string(m.events), when(m.first),
                           when(m.last), m.vaults, window});
    }
    w.table(ti);
    w.out() << "<p class=\"note\">Events count only inside each indicator's validity window; an IP listed outside "
               "the time of its events is not a match.</p>\n";
}

void viewsSection(Writer& w, const ReportData& d)
{
    w.out() << "<h2 class=\"break\">6. Workbook views for the scope</h2>\n";
    for (std::size_t i = 0; i < d.charts.size(); ++i) {
        w.chart(d.charts[i], i);
    }
    for (const auto& t : d.views) {
        w.table(t);
    }
}

void entitySection(Writer& w, const ReportData& d)
{
    w.out() << "<h2 class=\"break\">7. Entity appendix</h2>\n";
    if (d.entities.empty()) {
        w.out() << "<p class=\"muted\">No entities in scope.</p>\n";
    }
    for (const auto& p : d.entities) {
        const bool ip = p.kind == AnnotationTarget::Ip;
        std::string title = (ip ? "IP " : "Identity ") + p.key;
        if (!p.label.empty() && p.label != p.key) {
            title += " (" + p.label + ")";
        }
        w.out() << "<h3>" << esc(title) << "</h3>\n";
        std::string ops;
        for (const auto& [op, n] : p.operations) {
            ops += (ops.empty() ? "" : ", ") + op + " ×" + std::to_string(n);
        }
        std::vector<std::pair<std::string, std::string>> kv{
            {"First / last seen", esc(when(p.first) + " / " + when(p.last))},
            {"Events (failed)", num(p.events) + " (" + num(p.failed) + ")"},
            {"Vaults", esc(listText(p.vaults))},
            {"Operations", esc(orDash(ops))},
            {ip ? "Identities seen" : "Caller IPs", esc(listText(p.ips, 8))},
            {"Related alerts", esc(listText(p.relatedAlerts, 8))},
        };
        if (!p.identityKind.empty()) {
            kv.insert(kv.begin(), {"Kind", esc(p.identityKind)});
        }
        if (!p.threatLists.empty()) {
            kv.emplace_back("Threat-intel lists", esc(listText(p.threatLists)));
        }
        if (!p.annotations.empty()) {
            kv.emplace_back("Analyst", esc(annotationsText(p.annotations)));
        }
        w.keyValues(kv);
    }
}

void annotationsSection(Writer& w, const ReportData& d)
{
    w.out() << "<h2>8. Analyst tags and notes</h2>\n";
    DataTable t;
    for (const char* c : {"on", "target", "what", "tag", "note", "bookmark", "added (UTC)"}) {
        t.addColumn(c);
    }
    for (const auto& ra : d.annotations) {
        const Annotation& a = ra.annotation;
        const auto added = parseTimestamp(a.createdAt);
        t.rows.push_back({toString(a.kind), a.target, ra.targetDescription, a.tag, a.note, a.bookmark ? "yes" : "",
                          added ? added->toDisplay() : a.createdAt});
    }
    w.table(t);
}

} // namespace

std::string HtmlReport::chartResourceName(std::size_t index) { return "kvwchart-" + std::to_string(index) + ".png"; }

std::string HtmlReport::render(const ReportData& d, const Options& o)
{
    Writer w(o);
    auto& s = w.out();
    s << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
         "style-src 'unsafe-inline'\">\n"
      << "<title>" << esc(d.title) << "</title>\n<style>"
      << (o.flavour == Flavour::TextDocument ? kTextDocumentCss : kBrowserCss) << "</style></head>\n<body>\n";
    s << "<h1>" << esc(d.title) << "</h1>\n<p class=\"subtitle\">" << esc(d.casePath) << " &middot; "
      << esc(d.filterDescription) << " &middot; generated " << esc(d.generatedAt) << " by " << esc(d.toolVersion)
      << "</p>\n";
    summarySection(w, d);
    scopeSection(w, d);
    findingsSection(w, d);
    alertsSection(w, d);
    viewsSection(w, d);
    entitySection(w, d);
    annotationsSection(w, d);
    s << "<p class=\"note\">All values from logs are shown as text exactly as recorded; control characters appear "
         "as \\xNN.</p>\n</body></html>\n";
    return w.str();
}

} // namespace kvw::core

#include "core/render/PageBreaks.h"

#include <QAbstractTextDocumentLayout>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>

#include <cmath>

namespace kvw::core {
namespace {

int pageOf(double y, double pageHeight) { return static_cast<int>(std::floor(y / pageHeight)); }

// The first block after `heading` that shows something (frames and tables leave empty blocks around them).
QTextBlock contentAfter(const QTextBlock& heading)
{
    QTextBlock b = heading.next();
    while (b.isValid() && b.length() <= 1) {
        b = b.next();
    }
    return b;
}

} // namespace

std::vector<int> PageBreaks::orphanedHeadings(const QTextDocument& doc, double pageHeight)
{
    std::vector<int> out;
    if (pageHeight <= 0) {
        return out;
    }
    QAbstractTextDocumentLayout* layout = doc.documentLayout();
    for (QTextBlock b = doc.begin(); b.isValid(); b = b.next()) {
        if (b.blockFormat().headingLevel() <= 0) {
            continue;
        }
        const QTextBlock next = contentAfter(b);
        if (!next.isValid()) {
            continue;
        }
        const QRectF heading = layout->blockBoundingRect(b);
        const QRectF following = layout->blockBoundingRect(next);
        if (heading.isNull() || following.isNull()) {
            continue;
        }
        // The heading's page against the page holding the first line of what follows.
        const int headingPage = pageOf(heading.top() + 1, pageHeight);
        const int nextPage = pageOf(following.top() + 1, pageHeight);
        if (nextPage > headingPage) {
            out.push_back(b.position());
        }
    }
    return out;
}

int PageBreaks::keepHeadingsWithNext(QTextDocument& doc, double pageHeight)
{
    int moved = 0;
    // Each move re-flows everything after it, so look again from the start; a report has a few hundred headings.
    for (int guard = 0; guard < 500; ++guard) {
        const std::vector<int> orphans = orphanedHeadings(doc, pageHeight);
        bool changed = false;
        for (const int position : orphans) {
            const QTextBlock b = doc.findBlock(position);
            if (b.blockFormat().pageBreakPolicy() & QTextFormat::PageBreak_AlwaysBefore) {
                continue;   // already at a page start and still orphaned: the content is taller than a page
            }
            QTextBlockFormat f;
            f.setPageBreakPolicy(b.blockFormat().pageBreakPolicy() | QTextFormat::PageBreak_AlwaysBefore);
            QTextCursor(b).mergeBlockFormat(f);
            ++moved;
            changed = true;
            break;
        }
        if (!changed) {
            break;
        }
    }
    return moved;
}

} // namespace kvw::core

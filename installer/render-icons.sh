#!/usr/bin/env bash
# Renders resources/icons/kvworkbook.svg to the committed PNGs (16..256 px) with Qt's SVG renderer, the one the
# application itself uses. Run after editing the SVG, then commit the PNGs. Needs qt6-base-dev and qt6-svg-dev.
set -euo pipefail
cd "$(dirname "$0")/.."
icons="$PWD/resources/icons"
tool="$(mktemp -d /tmp/kvw-iconrender.XXXXXX)"
trap 'rm -rf "$tool"' EXIT

cat >"$tool/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.25)
project(iconrender CXX)
find_package(Qt6 REQUIRED COMPONENTS Gui Svg)
add_executable(iconrender main.cpp)
target_link_libraries(iconrender Qt6::Gui Qt6::Svg)
EOF
cat >"$tool/main.cpp" <<'EOF'
// iconrender IN.svg OUTDIR SIZE...: writes OUTDIR/kvworkbook-SIZE.png for each size.
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>
#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv)
{
    QGuiApplication app(argc, argv);
    QSvgRenderer svg(QString::fromLocal8Bit(argv[1]));
    if (argc < 4 || !svg.isValid()) {
        std::fprintf(stderr, "usage: iconrender IN.svg OUTDIR SIZE...\n");
        return 2;
    }
    for (int i = 3; i < argc; ++i) {
        const int s = std::atoi(argv[i]);
        QImage img(s, s, QImage::Format_ARGB32_Premultiplied);
        img.fill(Qt::transparent);
        QPainter p(&img);
        p.setRenderHint(QPainter::Antialiasing);
        p.setRenderHint(QPainter::SmoothPixmapTransform);
        svg.render(&p, QRectF(0, 0, s, s));
        p.end();
        const QString out = QStringLiteral("%1/kvworkbook-%2.png").arg(QString::fromLocal8Bit(argv[2])).arg(s);
        if (!img.convertToFormat(QImage::Format_ARGB32).save(out, "PNG")) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(out));
            return 1;
        }
        std::printf("%s\n", qPrintable(out));
    }
    return 0;
}
EOF
cmake -S "$tool" -B "$tool/build" -G Ninja >/dev/null
cmake --build "$tool/build" >/dev/null
QT_QPA_PLATFORM=offscreen "$tool/build/iconrender" "$icons/kvworkbook.svg" "$icons" 16 32 48 64 128 256

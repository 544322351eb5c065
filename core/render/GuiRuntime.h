#pragma once

namespace kvw::core {

// Fonts, images and the PDF writer need a QGuiApplication. The CLI has none, so this creates one on first use,
// on the offscreen platform unless QT_QPA_PLATFORM says otherwise (no display is ever needed to render).
class GuiRuntime
{
public:
    // True when a QGuiApplication exists afterwards.
    static bool ensure();
};

} // namespace kvw::core

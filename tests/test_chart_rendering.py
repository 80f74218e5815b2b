"""The static renderings of a chart: drawn with one font and the font list put back, the SVG
is the renderer's own with the whole list, byte for byte; the PNG is that SVG at 2x."""

from __future__ import annotations

import io
import json

import vl_convert as vlc
from PIL import Image

from gongkai.site import charts as C


def test_svg_is_the_full_font_list_rendering_and_png_is_it_at_2x():
    bars = [C.Bar(f"行政复议{i}", i * 7, part=f"类{i % 3}") for i in range(9)]
    static = C._static(C.bar_chart(bars, title="结果", description="说明",
                                   parts=["类0", "类1", "类2"]))
    svg, png = C._render_pair(json.dumps(static, ensure_ascii=False))
    C._ensure_fonts()
    assert svg == C.stable_ids(vlc.vegalite_to_svg(static)).encode("utf-8")
    assert b"Microsoft YaHei" in svg and b"\xe8\xa1\x8c\xe6\x94\xbf" in svg  # list; 行政 as text
    width, height = C._svg_size(svg)
    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG" and abs(img.size[0] - 2 * width) <= 2 \
        and abs(img.size[1] - 2 * height) <= 2
    colours = img.convert("RGB").getcolors(1 << 20)
    assert len(colours) > 20  # anti-aliased glyphs and bars, not a blank image

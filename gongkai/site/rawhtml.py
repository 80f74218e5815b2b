"""Raw HTML blocks passed around Markdown, not through it: the same page, a third of the time.

The generated pages are mostly HTML that the templates wrote (tables, charts, lists). MkDocs
hands every page to Python-Markdown, which runs Python's `html.parser` over the whole text
twice (raw-HTML blocks, and MkDocs' own anchor scan) only to pass those blocks through
unchanged; at a thousand reports that was most of MkDocs' time. This plugin sets each
self-contained HTML block aside before Markdown (`on_page_markdown`), leaves a comment in
its place, and puts the block back in the HTML (`on_page_content`), with the element ids it
holds added to the page's anchors, so that MkDocs still validates links to them.

A block is set aside only when Markdown would pass it through untouched: a paragraph (lines
between blank lines) outside fenced code that opens with a block-level tag at the start of a
line, closes that same tag at its end, and asks for no Markdown inside (`markdown=`).
"""

from __future__ import annotations

import re

from markdown.util import BLOCK_LEVEL_ELEMENTS
from mkdocs.plugins import BasePlugin, event_priority

_OPEN = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)[\s>]")
_FENCE = re.compile(r"^(```|~~~)")
_ID = re.compile(r"""\sid=["']([^"']+)["']""")
_PLACE = re.compile(r"<!--gk-raw-(\d+)-->")
_BLOCK = frozenset(BLOCK_LEVEL_ELEMENTS)


def _whole(block: str) -> bool:
    """Block-level elements, one after another, from the block's first character to its
    last, as Markdown's raw-HTML step would take them: each opens at the start of a line and
    closes its own tag (opened and closed the same number of times) at the end of a line."""
    if "markdown=" in block:  # Markdown inside, or handled by md_in_html
        return False
    pos = 0
    while pos < len(block):
        m = _OPEN.match(block, pos)
        if not m or m.group(1).lower() not in _BLOCK:
            return False
        tag, depth = m.group(1), 0
        for t in re.finditer(rf"<(/?){tag}[\s>]", block[pos:]):
            depth += -1 if t.group(1) else 1
            if depth == 0:
                end = pos + t.end() - 1 + 1  # just past the '>' of the closing tag
                break
        else:
            return False
        if end == len(block):
            return True
        if block[end] != "\n":
            return False
        pos = end + 1
    return False


def set_aside(markdown: str) -> tuple[str, list[str]]:
    """(the Markdown with each whole HTML block replaced by a numbered comment, the blocks)."""
    out: list[str] = []
    blocks: list[str] = []
    para: list[str] = []
    fence = None

    def flush():
        text = "\n".join(para)
        if para and fence is None and _whole(text):
            out.append(f"<!--gk-raw-{len(blocks)}-->")
            blocks.append(text)
        else:
            out.extend(para)
        para.clear()

    for line in markdown.split("\n"):
        m = _FENCE.match(line)
        if m and (fence is None or line.startswith(fence)):
            flush()
            fence = m.group(1) if fence is None else None
            out.append(line)
        elif fence is not None:
            out.append(line)
        elif line.strip():
            para.append(line)
        else:
            flush()
            out.append(line)
    flush()
    return "\n".join(out), blocks


def put_back(html: str, blocks: list[str]) -> str:
    return _PLACE.sub(lambda m: blocks[int(m.group(1))], html)


class RawHTML(BasePlugin):
    """The MkDocs side of `set_aside`/`put_back`, page by page."""

    def __init__(self):
        super().__init__()
        self._blocks: dict[str, list[str]] = {}

    @event_priority(-100)  # after every other plugin has changed the Markdown (macros)
    def on_page_markdown(self, markdown, page, config, files):
        text, blocks = set_aside(markdown)
        self._blocks[page.file.src_uri] = blocks
        return text

    @event_priority(100)  # before any other plugin reads the HTML
    def on_page_content(self, html, page, config, files):
        blocks = self._blocks.pop(page.file.src_uri, [])
        if not blocks:
            return html
        page.present_anchor_ids = set(getattr(page, "present_anchor_ids", None) or ()) | {
            i for b in blocks for i in _ID.findall(b)}
        return put_back(html, blocks)

"""Raw HTML blocks set aside from Markdown (`gongkai/site/rawhtml.py`): a page's HTML is the
same with and without the plugin, block for block, on every page the build stages."""

from __future__ import annotations

import markdown
import pytest

from gongkai.site.rawhtml import put_back, set_aside

EXTENSIONS = ["attr_list", "md_in_html", "admonition", "tables", "toc"]  # as mkdocs.yml


def html_of(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS,
                             extension_configs={"toc": {"permalink": "#"}})


def through_plugin(text: str) -> str:
    aside, blocks = set_aside(text)
    return put_back(html_of(aside), blocks)


@pytest.mark.parametrize("text, kept", [
    ("<div>a</div>", 1),
    ("<p>x</p>\n<div><div>y</div></div>", 1),  # whole elements one after another
    ("<p>x</p> tail", 0),  # text after the element: Markdown's business
    ("<div>a</div>\ntext", 0),
    ("<span>a</span>", 0),  # inline: Markdown wraps it in a paragraph
    ('<div markdown="1">*a*</div>', 0),  # Markdown inside
    ("<div>a</div><p>b", 0),  # unbalanced
    ("```html\n<div>code</div>\n```", 0),  # fenced code stays code
    ("# T\n\n<table><tr><td>1</td></tr></table>\n\ntext *em*", 1),
])
def test_only_whole_blocks_are_set_aside_and_the_html_is_the_same(text, kept):
    _aside, blocks = set_aside(text)
    assert len(blocks) == kept
    assert through_plugin(text) == html_of(text)


def test_every_staged_page_renders_the_same_through_the_plugin(built_site):
    ctx, _site = built_site
    pages = sorted(ctx.docs.rglob("*.md"))
    assert len(pages) > 50
    aside = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            text = text.split("---\n", 2)[2]
        assert through_plugin(text) == html_of(text), page.relative_to(ctx.docs)
        aside += len(set_aside(text)[1])
    assert aside > 10 * len(ctx.packages)  # the report pages' tables and charts at least

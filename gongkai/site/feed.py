"""Loader: `feed.xml`, an Atom feed (RFC 4287) of newly published and corrected reports, so
that a reader can follow the data without checking the site.

One entry per version of every package, from its changelog (`versioning`, read into
`ctx.history` by the bundles loader): the first version is "新发布" (published), every later
one "更正" (corrected), with the changelog's notes as the summary. Dates come from the
changelogs, never from the clock, so the same data gives the same bytes. Every page links the
feed from its head (`overrides/main.html`).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from . import opendata as O
from .model import FileInfo, SiteContext
from .util import report_name, sha256, write_bytes

FEED = "feed.xml"
ATOM = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 500  # newest first: the feed stays small however many reports there are


def _stamp(day: str) -> str:
    return f"{day}T00:00:00Z"


def entries(ctx: SiteContext) -> list[dict]:
    """Every version of every package, newest first (then by report and version)."""
    out = []
    for p in ctx.packages:
        hist = ctx.history[p.id]
        first = hist.changes[-1].version
        for c in hist.changes:
            kind = "published" if c.version == first else "corrected"
            word = "新发布" if kind == "published" else "更正"
            out.append({"id": f"{O.report_url(ctx, p)}#version-{c.version}",
                        "title": f"{word}：{report_name(p)}（版本 {c.version}）",
                        "updated": _stamp(c.date), "kind": kind, "package": p.id,
                        "version": c.version, "link": O.report_url(ctx, p),
                        "dataset": O.dataset_url(ctx, p),
                        "summary": "\n".join(c.notes) or word})
    out.sort(key=lambda e: (e["updated"], e["package"], e["version"]), reverse=True)
    return out[:MAX_ENTRIES]


def _sub(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def feed_xml(ctx: SiteContext) -> bytes:
    ET.register_namespace("", ATOM)
    root = O.site_root(ctx)
    items = entries(ctx)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN"})
    _sub(feed, "id", root + FEED)
    _sub(feed, "title", f"{ctx.config.get('site_name', 'gongkai')}：新发布与更正的报告")
    _sub(feed, "subtitle", "每份报告的数据包每发布一个版本（新发布或更正）一条，内容取自其更新记录。")
    _sub(feed, "updated", items[0]["updated"] if items else _stamp(ctx.built_at.date()
                                                                   .isoformat()))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=root + FEED)
    _sub(feed, "link", rel="alternate", type="text/html", href=root)
    author = _sub(feed, "author")
    _sub(author, "name", O.PUBLISHER)
    _sub(author, "uri", root)
    for e in items:
        entry = _sub(feed, "entry")
        _sub(entry, "id", e["id"])
        _sub(entry, "title", e["title"])
        _sub(entry, "updated", e["updated"])
        _sub(entry, "published", e["updated"])
        _sub(entry, "link", rel="alternate", type="text/html", href=e["link"])
        _sub(entry, "link", rel="related", type="text/html", href=e["dataset"])
        _sub(entry, "category", term=e["kind"])
        _sub(entry, "summary", e["summary"], type="text")
    ET.indent(feed, space=" ")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def build(ctx: SiteContext) -> None:
    data = feed_xml(ctx)
    write_bytes(ctx.docs / FEED, data, ctx.written)
    ctx.feed = FileInfo(FEED, len(data), sha256(data), "Atom", "application/atom+xml")

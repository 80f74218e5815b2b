"""The site's sitemap as an index over parts of at most `PER_FILE` addresses.

MkDocs writes one `sitemap.xml` listing every page: 73,645 addresses (206 KiB gzip) at 10,000
reports. The sitemap protocol allows 50,000 addresses a file, and Material's script fetches
`sitemap.xml` on every page it loads (for each `<link rel="alternate">` in the head), so one
file made every page's first load grow with the corpus. After MkDocs, the list is split into
`sitemap-1.xml`, `sitemap-2.xml`, ... at the site's root (a sitemap may only list addresses
below its own folder) and `sitemap.xml` becomes their index: a few hundred bytes.
"""

from __future__ import annotations

import gzip
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.sax.saxutils import escape

from mkdocs.plugins import BasePlugin

from .util import write_whole

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
PER_FILE = 10_000
PART = "sitemap-{}.xml"


def _document(root: str, item: str, entries: list[tuple[str, str]]) -> bytes:
    """A sitemap file: `<urlset>` of `<url>`s or `<sitemapindex>` of `<sitemap>`s, each entry
    an address and its last change (left out when empty)."""
    body = "".join(f"  <{item}>\n    <loc>{escape(loc)}</loc>\n"
                   + (f"    <lastmod>{escape(mod)}</lastmod>\n" if mod else "") + f"  </{item}>\n"
                   for loc, mod in entries)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} xmlns="{NS}">\n{body}</{root}>\n'
            ).encode("utf-8")


def split(site_dir: str | Path, site_url: str, per_file: int = PER_FILE) -> int:
    """Turn MkDocs' `sitemap.xml` in `site_dir` into an index of parts; returns the number of
    parts. Files are replaced whole (new inodes), never rewritten in place: the published
    copy of the site is made of hard links to these files."""
    site_dir = Path(site_dir)
    path = site_dir / "sitemap.xml"
    root = ET.parse(path).getroot()
    if root.tag == f"{{{NS}}}sitemapindex":
        raise ValueError(f"{path}: already a sitemap index (expected MkDocs' list of pages)")
    urls = [(u.findtext(f"{{{NS}}}loc", "").strip(), u.findtext(f"{{{NS}}}lastmod", "").strip())
            for u in root.iter(f"{{{NS}}}url")]
    chunks = [urls[i:i + per_file] for i in range(0, len(urls), per_file)] or [[]]
    base = site_url if site_url.endswith("/") else site_url + "/"
    parts = []
    for number, chunk in enumerate(chunks, 1):
        write_whole(site_dir / PART.format(number), _document("urlset", "url", chunk))
        parts.append((base + PART.format(number), max((m for _, m in chunk), default="")))
    number = len(chunks) + 1
    while (site_dir / PART.format(number)).exists():  # parts of a larger earlier build
        os.unlink(site_dir / PART.format(number))
        number += 1
    index = _document("sitemapindex", "sitemap", parts)
    write_whole(path, index)
    write_whole(site_dir / "sitemap.xml.gz", gzip.compress(index, 9, mtime=0))
    return len(chunks)


def addresses(site_dir: str | Path) -> list[str]:
    """Every page address the sitemap (index and parts) lists, in order: for checks."""
    site_dir = Path(site_dir)
    index = ET.parse(site_dir / "sitemap.xml").getroot()
    out = []
    for loc in index.iter(f"{{{NS}}}loc"):
        part = ET.parse(site_dir / loc.text.rsplit("/", 1)[-1]).getroot()
        out += [u.text for u in part.iter(f"{{{NS}}}loc")]
    return out


class SitemapIndex(BasePlugin):
    """Splits MkDocs' sitemap once the build has written it (see `split`)."""

    def on_post_build(self, config):
        split(config.site_dir, config.site_url or "")

"""Long lists split into static pages, and the compact list the filter box reads.

Every page that lists reports, datasets or publishers shows at most `ROWS` of them (newest
first, as the site orders the packages) and links the next pages: page 1 is the list's own page
(`reports/index.md`, `years/2024.md`, `quality.md`…), page k is `<its URL>page/k.md`
(`reports/page/2/`, `years/2024/page/2/`, `quality/page/2/`). Without JavaScript the pages
are plain links. With JavaScript, a filter box (`docs/assets/javascripts/gongkai.js`) loads
`LIST_FILE` on first use, one short row per report, and filters by publisher name, year and
level. A list no longer than one page shows neither pager nor filter box: small sites look as
they did.

`ROWS` is the one number; a build may set another in mkdocs.yml (`extra: gongkai_list_rows`),
as the tests do to paginate a small synthetic corpus.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..divisions import LEVELS
from .util import link, url_of

ROWS = 50  # rows a list page shows: its weight must not grow with the corpus
CONFIG_KEY = "gongkai_list_rows"
LIST_FILE = "lists/reports.json"  # one short row per report, for the filter box
SHOWN = 200  # rows the filter box shows at most (it says how many more it found)


def rows_per_page(ctx) -> int:
    """`ROWS`, or the build's own number (`extra: gongkai_list_rows` in mkdocs.yml)."""
    return max(1, int((ctx.config.get("extra") or {}).get(CONFIG_KEY, ROWS)))


def reports_per_quality_page(ctx) -> int:
    """The data-quality pages list every check of each report (about 50 rows a report): a
    fifth as many reports a page as the other lists (10 for `ROWS` = 50)."""
    return max(1, rows_per_page(ctx) // 5)


def levels(packages) -> list[tuple[str, str]]:
    """(code, label) of the levels the packages are at, in the registry's order."""
    present = list(dict.fromkeys(p.report.get("level", "unknown") for p in packages))
    order = {lv: i for i, lv in enumerate(LEVELS)}
    return [(lv, LEVELS.get(lv, lv)) for lv in sorted(present, key=lambda v: (
        order.get(v, len(order)), v))]


def title(base: str, pager: Pager) -> str:
    """A list page's title: `base`, and its page number after the first."""
    return base if pager.number == 1 else f"{base}（第 {pager.number} 页）"


def page_path(first: str, number: int) -> str:
    """Docs-relative page `number` of a list whose first page is `first`:
    reports/index.md, 3 -> reports/page/3.md; years/2024.md, 2 -> years/2024/page/2.md."""
    return first if number == 1 else f"{url_of(first)}page/{number}.md"


def page_of(first: str, index: int, size: int) -> str:
    """The page of a list holding its item number `index` (from 0)."""
    return page_path(first, index // size + 1)


@dataclass
class Pager:
    """Where one page of a list is among its pages (what the pager shows)."""

    first: str  # the list's first page (docs-relative Markdown)
    number: int  # this page, from 1
    count: int  # how many pages
    start: int  # the first row shown here, from 1
    end: int  # the last row shown here
    total: int  # rows in the whole list
    unit: str = "项"  # what a row is, with its measure word (份报告, 个发布机关)

    @property
    def page(self) -> str:
        return page_path(self.first, self.number)

    def href(self, number: int) -> str:
        return link(self.page, page_path(self.first, number))

    @property
    def numbers(self) -> list[int | None]:
        """Page numbers to link: the first, the last and two either side (None: a gap)."""
        keep = sorted({1, self.count, *range(max(1, self.number - 2),
                                             min(self.count, self.number + 2) + 1)})
        out: list[int | None] = []
        for n in keep:
            if out and n - (out[-1] or 0) > 1:
                out.append(n - 1 if n - (out[-1] or 0) == 2 else None)  # never a gap of one
            out.append(n)
        return out


def split(first: str, items: list, size: int, unit: str = "项") -> list[tuple[Pager, list]]:
    """The items in pages of `size`: (pager, the page's items) for each page, at least one."""
    chunks = [items[i:i + size] for i in range(0, len(items), size)] or [[]]
    out = []
    for k, chunk in enumerate(chunks):
        start = k * size + 1 if chunk else 0
        out.append((Pager(first, k + 1, len(chunks), start, start + len(chunk) - 1 if chunk
                          else 0, len(items), unit), chunk))
    return out


@dataclass
class Filter:
    """The filter box of a list page: what it lists and what it starts with."""

    page: str  # the page it is on
    mode: str  # "reports" or "publishers": the rows it shows, like the static table's
    years: list[int]
    levels: list[tuple[str, str]]  # (code, label)
    year: int | None = None  # the year it starts with (a year's page)
    shown: int = SHOWN

    @property
    def root(self) -> str:
        """The site's root, relative to the page ("" on the home page)."""
        root = link(self.page, "index.md")
        return "" if root == "./" else root

    @property
    def list_url(self) -> str:
        return self.root + LIST_FILE

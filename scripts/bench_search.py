"""Benchmark the site's search: Material's built-in index against Pagefind (prints one table).

    .venv/bin/python scripts/bench_search.py SITE [--labels 0]

SITE is a site built by `gongkai build` (e.g. from a synthetic corpus: scripts/synth_corpus.py,
then `gongkai ingest`). Both engines index the same built pages:

- Material: its search plugin's own indexer (SearchIndex, jieba with the template dictionary
  of gongkai/site/search.py, as the portal configured it) over every page's content, written
  as search_index.json. A first query downloads the search worker and the whole index.
- Pagefind: gongkai/site/pagefind.py (the build's step), into a copy of the site. A first
  query downloads what Chromium requests for it (loader, WebAssembly, entry, shards).

Sizes are gzip -9 of each file (Pagefind's shards are already compressed: the smaller of raw
and gzip). Recall is over the report pages: for 复议, 结转, 商业企业, 规范性文件 and every row
label of the template, the share of report pages holding the words that the search finds.
Pagefind's in Chromium through its own API (filter kind=report, the query as the search box
turns it); Material's from its index (a page is found when every token jieba cuts the query
into is a token of the page's entries, as its search requires), not in a browser.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from gongkai import template as T  # noqa: E402
from gongkai.site import pagefind  # noqa: E402

SEPARATOR = r"[\s\u200b\-，。、；：（）《》“”]+"
QUERIES = ["复议", "结转", "商业企业", "规范性文件"]


def gz(path: Path) -> int:
    data = path.read_bytes()
    return min(len(data), len(gzip.compress(data, 9)))


def labels() -> list[str]:
    return list(dict.fromkeys(r.label for t in T.TABLES.values() for r in t.rows))


def report_pages(site: Path) -> dict[str, str]:
    """url -> the plain text of each report page's content."""
    out = {}
    for p in sorted((site / "reports").glob("*/index.html")):
        html = p.read_text(encoding="utf-8")
        m = re.search(r'<article class="md-content__inner.*?</article>', html, re.S)
        text = re.sub(r"<[^>]*>", "", m.group(0) if m else html)
        out[f"/reports/{p.parent.name}/"] = text
    return out


def holders(texts: dict[str, str], query: str) -> set[str]:
    return {u for u, t in texts.items() if query in t}


# ------------------------------------------------------------------ Material


class _Page:
    def __init__(self, url: str, content: str):
        self.url, self.content, self.toc, self.meta, self.title = url, content, [], {}, url


def material_index(site: Path, out: Path) -> float:
    """Material's indexer over the built pages; returns seconds."""
    import jieba
    from material.plugins.search.plugin import SearchIndex

    from gongkai.site.search import dictionary_text, reset_jieba

    reset_jieba()
    d = out.parent / "jieba_user_dict.txt"
    d.write_text(dictionary_text(), encoding="utf-8")
    jieba.load_userdict(str(d))
    t = time.perf_counter()
    index = SearchIndex(lang=["zh"], separator=SEPARATOR, pipeline=[], fields={})
    for p in sorted(site.rglob("index.html")):
        html = p.read_text(encoding="utf-8")
        m = re.search(r'<article class="md-content__inner md-typeset">(.*)</article>', html, re.S)
        if m:
            rel = p.parent.relative_to(site).as_posix()
            index.add_entry_from_context(_Page("" if rel == "." else rel + "/", m.group(1)))
    out.write_text(index.generate_search_index(None), encoding="utf-8")
    return time.perf_counter() - t


def material_recall(index_path: Path, texts: dict[str, str], queries: list[str]) -> dict:
    import jieba

    sep = re.compile(SEPARATOR)
    tokens: dict[str, set[str]] = {}
    for d in json.loads(index_path.read_text(encoding="utf-8"))["docs"]:
        url = "/" + d["location"].split("#")[0]
        if url in texts:
            tokens.setdefault(url, set()).update(
                t.lower() for t in sep.split(d["title"] + " " + d["text"]) if t)
    out = {}
    for q in queries:
        want = holders(texts, q)
        words = [w for w in jieba.cut(q) if w.strip()]
        found = {u for u in want if all(w in tokens.get(u, ()) for w in words)}
        out[q] = (len(found), len(want))
    return out


# ------------------------------------------------------------------ Pagefind


def pagefind_run(site: Path, texts: dict[str, str], queries: list[str]) -> tuple[dict, int]:
    """Recall per query and the gzip bytes of a first query (复议), in Chromium."""
    from playwright.sync_api import sync_playwright

    from browser_support import CHROMIUM, CHROMIUM_ARGS, serve

    recall = {}
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(base + "about/")
        requested: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        page.locator("input.md-search__input").fill(QUERIES[0])
        page.wait_for_function("document.querySelector('.md-search-result__list')"
                               ".getAttribute('data-query') === '复议'", timeout=60_000)
        first = sum(gz(site / u[len(base):].split("?")[0]) for u in dict.fromkeys(requested)
                    if "/pagefind/" in u or "gongkai-search" in u)
        for q in queries:
            n = page.evaluate("""async q => {
                const pf = await import('/pagefind/pagefind.js');
                const word = c => 'u' + [...c].map(x => x.charCodeAt(0).toString(16)).join('');
                const pairs = r => r.length === 1 ? word(r) : [...r].slice(0, -1)
                    .map((c, i) => word(r.slice(i, i + 2))).join(' ');
                const query = q.replace(/[\\u4e00-\\u9fff]+/g, r => ' ' + pairs(r) + ' ').trim();
                const s = await pf.search(query, {filters: {kind: 'report'}});
                const urls = [];
                for (const r of s.results) urls.push((await r.data()).url);
                return urls; }""", q)
            want = holders(texts, q)
            recall[q] = (len(want & set(n)), len(want))
        browser.close()
    return recall, first


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("site", type=Path)
    ap.add_argument("--labels", type=int, default=-1, help="row labels to test (-1: all)")
    args = ap.parse_args()
    site = args.site.resolve()
    texts = report_pages(site)
    queries = QUERIES + (labels() if args.labels < 0 else labels()[: args.labels])
    pages = len(list(site.rglob("index.html")))
    with tempfile.TemporaryDirectory(prefix="gongkai-search-") as tmp:
        tmp = Path(tmp)
        # Material
        m_index = tmp / "search_index.json"
        m_time = material_index(site, m_index)
        import material

        worker = next((Path(material.__file__).parent / "templates" / "assets" / "javascripts"
                       / "workers").glob("search.*.min.js"))
        m_disk = m_index.stat().st_size
        m_first = gz(m_index) + gz(worker)
        m_recall = material_recall(m_index, texts, queries)
        # Pagefind, into a copy of the site
        copy = tmp / "site"
        shutil.copytree(site, copy, ignore=shutil.ignore_patterns("pagefind", "downloads",
                                                                  "charts", "api"))
        t = time.perf_counter()
        pagefind.index_site(copy, tmp)
        p_time = time.perf_counter() - t
        files = [p for p in (copy / "pagefind").rglob("*") if p.is_file()]
        p_disk = sum(p.stat().st_size for p in files)
        p_recall, p_first = pagefind_run(copy, texts, queries)

    def rec(r: dict, qs) -> str:
        found = sum(r[q][0] for q in qs)
        want = sum(r[q][1] for q in qs)
        return f"{found}/{want} ({100 * found / max(want, 1):.1f} %)"

    rows = [
        ("first query download (gzip)", f"{m_first / 1024:,.0f} KB", f"{p_first / 1024:,.0f} KB"),
        ("index on disk", f"{m_disk / 1024 / 1024:,.1f} MB (1 file)",
         f"{p_disk / 1024 / 1024:,.1f} MB ({len(files)} files)"),
        ("index build time", f"{m_time:,.1f} s", f"{p_time:,.1f} s"),
        ("recall 复议 (finds 行政复议)", rec(m_recall, ["复议"]), rec(p_recall, ["复议"])),
        ("recall 结转, 商业企业, 规范性文件", rec(m_recall, QUERIES[1:]),
         rec(p_recall, QUERIES[1:])),
        (f"recall, {len(queries) - len(QUERIES)} row labels", rec(m_recall, queries[4:]),
         rec(p_recall, queries[4:])),
    ]
    print(f"search over {len(texts)} report pages ({pages} pages) of {site}")
    print(f"{'':34} {'Material (lunr + jieba)':>26} {'Pagefind (pairs)':>26}")
    for name, a, b in rows:
        print(f"{name:34} {a:>26} {b:>26}")
    missed = [q for q in queries if m_recall[q][0] < m_recall[q][1]]
    if missed:
        print("Material misses report pages for:", ", ".join(missed[:12]))
    missed = [q for q in queries if p_recall[q][0] < p_recall[q][1]]
    if missed:
        print("Pagefind misses report pages for:", ", ".join(missed[:12]))


if __name__ == "__main__":
    main()

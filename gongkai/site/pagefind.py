"""The site's search: a sharded static index written by Pagefind after `mkdocs build`.

A reader's first query downloads Pagefind's loader, its WebAssembly and the few index shards
its words fall in, not one index of every page (Material's search loads the whole index,
several MB for a few hundred reports).

Chinese has no spaces between words, and a reader looks for words inside longer ones (复议
inside 行政复议, 结转 inside 上年结转). So the text Pagefind indexes is the pages' text with
every run of Chinese characters written as its overlapping pairs (行政复议 -> 行政 政复 复议),
and the search box turns a query into pairs the same way (`gongkai-search.js`): every query of
two or more characters that a page contains finds that page, whatever the dictionary. Each
pair is written as a plain ASCII word of its code points (复议 -> u590d8bae): Pagefind would
otherwise cut Chinese words again with its own segmenter, at build time and in the browser,
and some pairs would not be found (measured: 版物 in 要求提供公开出版物). The search box
decodes the excerpts back into text. The index is built from rewritten copies of the pages in
the work folder; the pages served are unchanged.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

from pagefind_bin_extended import get_executable

from .model import BuildError
from .workers import fork_map

ROOT_SELECTOR = "article.md-content__inner"  # a page's own content, not the navigation
# Left out of the index: the headings' "#" links; the charts (their descriptions and table
# views repeat the report's tables); the citations (the title and address, five times). A
# report page's stored text (the fragment a result downloads) is then a third of what it was:
# at 10,000 reports, a first query fetched five report fragments of 8 KiB gzip each.
EXCLUDE = ".headerlink, .gk-chart, .gk-chart-live, .gk-citations"
OUTPUT = "pagefind"  # folder of the index in the site
# Each report's tables have a dataset page (data dictionary, preview, downloads) that repeats
# its report page's labels and figures: six of every seven pages. Searched, they only push the
# report pages down; indexed, they were three quarters of Pagefind's time and index. A report
# page links to its datasets.
NOT_INDEXED = ("datasets",)
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_MARKUP = re.compile(r"(<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->|<[^>]*>)",
                     re.S | re.I)


@functools.lru_cache(maxsize=1 << 16)  # a corpus uses a few thousand pairs, over and over
def word(chars: str) -> str:
    """One or two Chinese characters as an ASCII word: 复议 -> u590d8bae."""
    return "u" + "".join(f"{ord(c):04x}" for c in chars)


def pairs(run: str) -> str:
    """A run of Chinese characters as its overlapping pairs, spaced: 行政复议 -> 行政 政复 复议
    (each written as a `word`)."""
    if len(run) == 1:
        return f" {word(run)} "
    return " " + " ".join(word(run[i:i + 2]) for i in range(len(run) - 1)) + " "


def index_text(html: str) -> str:
    """The page as Pagefind should read it: text between tags in pairs, markup untouched."""
    parts = _MARKUP.split(html)
    return "".join(p if i % 2 else _HAN.sub(lambda m: pairs(m.group(0)), p)
                   for i, p in enumerate(parts))


def executable() -> Path:
    """Pagefind's extended binary from the pinned `pagefind-bin-extended` wheel."""
    try:
        return get_executable()
    except FileNotFoundError as exc:
        raise BuildError(f"Pagefind's binary is missing ({exc}): run `make setup`") from None


_ARTICLE = re.compile(r'<article class="md-content__inner')


def is_report(rel: Path) -> bool:
    """A report's page (reports/<id>/index.html)."""
    return len(rel.parts) == 3 and rel.parts[0] == "reports"


def _stage_page(page: Path, out: Path, report: bool) -> None:
    text = index_text(page.read_text(encoding="utf-8"))
    if report:
        text = _ARTICLE.sub('<article data-pagefind-filter="kind:report" '
                            'class="md-content__inner', text, count=1)
    data = text.encode("utf-8")
    if out.is_file() and out.read_bytes() == data:
        os.utime(out)  # newer than its page: not read again until the page changes
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)


def stage(site: Path, dest: Path, processes: int = 1) -> int:
    """Rewritten copies of the site's pages (index.html files, but for `NOT_INDEXED`) under
    dest, on `processes` processes, the reports' pages marked with a filter (kind:report: the
    search box lists them first); returns how many.
    Kept between builds: only the pages newer than their copy are read again, and copies of
    pages that are gone are removed.

    Only one filter value: with more, Pagefind 1.5.2 writes its filter files in an order that
    changes from run to run, and builds would differ."""
    keep, todo = set(), []
    for page in sorted(site.rglob("index.html")):
        rel = page.relative_to(site)
        if rel.parts[0] in NOT_INDEXED:
            continue
        out = dest / rel
        keep.add(str(out))
        if not out.is_file() or out.stat().st_mtime_ns < page.stat().st_mtime_ns:
            todo.append(lambda page=page, out=out, rel=rel: _stage_page(page, out, is_report(rel)))
    fork_map(todo, processes)  # each page alone: on every core
    for dirpath, _dirs, names in os.walk(dest, topdown=False):
        for name in names:
            if os.path.join(dirpath, name) not in keep:
                os.unlink(os.path.join(dirpath, name))
        if dirpath != str(dest) and not os.listdir(dirpath):
            os.rmdir(dirpath)
    return len(keep)


def _listing(src: Path) -> str:
    """What Pagefind would read: every staged page's path and bytes."""
    h = hashlib.sha256()
    for f in sorted(src.rglob("*")):
        if f.is_file():
            h.update(f.relative_to(src).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def run_pagefind(src: Path, out: Path, work: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    cmd = [str(executable()), "--site", str(src), "--output-path", str(out),
           "--root-selector", ROOT_SELECTOR, "--exclude-selectors", EXCLUDE,
           "--force-language", "en", "--quiet"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    proc = subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True)
    if proc.returncode != 0 or not (out / "pagefind.js").is_file():
        raise BuildError("the search index was not built (pagefind exit "
                         f"{proc.returncode}): {(proc.stderr or proc.stdout).strip()[-2000:]}")


def index_site(site: Path, work: Path, processes: int = 1, salt: str = "") -> bool:
    """Write the search index of the pages of `site` into work/pagefind-out (kept between
    builds: Pagefind runs again only when a page changed). Returns whether it ran. Raises
    BuildError if Pagefind fails (the last index is kept)."""
    src = work / "pagefind-src"
    stage(site, src, processes)
    out, key_file = work / "pagefind-out", work / "pagefind-out.key"
    key = salt + _listing(src)
    if (out / "pagefind.js").is_file() and key_file.is_file() and \
            key_file.read_text(encoding="utf-8") == key:
        return False
    key_file.unlink(missing_ok=True)
    fresh = work / "pagefind-out.new"
    run_pagefind(src, fresh, work)
    merge(fresh, out)
    key_file.write_text(key, encoding="utf-8")
    return True


def merge(fresh: Path, out: Path) -> None:
    """Make `out` hold the files of `fresh`, keeping the files whose bytes did not change (the
    published copy keeps its links to them); `fresh` is removed."""
    names = set()
    for f in sorted(fresh.rglob("*")):
        if not f.is_file():
            continue
        rel = f.relative_to(fresh)
        names.add(rel.as_posix())
        dest = out / rel
        if dest.is_file() and dest.stat().st_size == f.stat().st_size and \
                dest.read_bytes() == f.read_bytes():
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(f, dest)
    if out.exists():
        for f in sorted(out.rglob("*"), reverse=True):
            if f.is_file() and f.relative_to(out).as_posix() not in names:
                f.unlink()
            elif f.is_dir() and not any(f.iterdir()):
                f.rmdir()
    shutil.rmtree(fresh)

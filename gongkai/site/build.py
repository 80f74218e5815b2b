"""Build the portal: packages -> validated model -> generated files -> `mkdocs build --strict`.

Data flows one way. The orchestrator loads and validates every package into a `SiteContext`
(`model.py`), stages `docs/` in the work folder, runs each loader (one per family of generated
files) into it, builds with MkDocs in strict mode into the work folder, and only then swaps a
copy of it (hard links, with the search index) into place. A failed build leaves the previous
site untouched.

Builds are incremental (`incremental.py`, `publish.py`): the staged files and MkDocs' output
are kept between builds, a file is written only when its bytes change, each report's work is
recorded by the bytes it depends on, and MkDocs renders only the pages whose Markdown changed.
A rebuild is byte-identical to a clean build (`work` removed first).

To add a family of generated files, write a module with a `build(ctx: SiteContext) -> None`
function and add it to `LOADERS`, after the loaders whose output (fields of the context) it
reads. Every generated file has one writer.
"""

from __future__ import annotations

import copy
import logging
import os
import re
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Callable

import yaml
from mkdocs.commands import build as mk_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException

from ..load import find_packages
from ..validate import frictionless_errors, validate_many
from . import (api, bundles, catalog, charts, compare, corpus_pages, downloads, feed,
               incremental, pages, pagefind, search, trends, workers)
from .macros import CONTEXT_KEY
from .model import BuildError, CheckCounts, SiteContext
from .publish import DIRTY_WARNING, BreakLinks, Trash, link_tree, remove_tree, tree_key
from .rawhtml import RawHTML
from .sitemap import SitemapIndex
from .util import write_bytes

__all__ = ["BuildError", "SiteContext", "build_site"]

LOADERS: tuple[tuple[str, Callable[[SiteContext], None]], ...] = (
    ("downloads", downloads.build),  # ctx.downloads
    ("bundles", bundles.build),  # ctx.history, ctx.combined; more files in ctx.downloads
    ("charts", charts.build),  # ctx.charts
    ("corpus", corpus_pages.collect),  # ctx.publishers, ctx.years, ctx.indicators
    ("trends", trends.build),  # ctx.publishers[...].charts
    ("search", search.build),
    ("corpus_pages", corpus_pages.build),  # publisher and year pages and their indexes
    ("pages", pages.build),  # every other generated page, once (home page included); ctx.nav
    ("compare", compare.build),  # compare/: the compare page and its data files
    ("api", api.build),
    ("catalog", catalog.build),
    ("feed", feed.build),  # feed.xml
)


def load_and_validate(root: Path, work: Path | None = None, use_cache: bool = True,
                      jobs: int = 0) -> tuple[list, dict, dict]:
    """Every package under root, validated; undeclared failures stop the build. Returns
    (packages, results by id, sha256 of each package folder by path). With `work`, the
    Frictionless validation of a package is recorded there by its bytes."""
    paths = find_packages(root)
    if not paths:
        raise BuildError("no data packages found", file=str(root),
                         expected="folders holding a datapackage.json")
    digests = {p: incremental.package_digest(p) for p in paths}
    errors_of = incremental.structural_errors(work, digests, frictionless_errors) \
        if work is not None and use_cache else frictionless_errors
    found = dict(zip(paths, workers.fork_map([lambda p=p: errors_of(p) for p in paths],
                                             workers.processes(jobs))))
    results = validate_many(paths, errors_of=found.__getitem__)
    problems: list[str] = []
    for r in results:
        problems.extend(r.errors)
        for c in r.failed:
            problems.append(c.message() + " (undeclared: declare it with a reason, or fix the "
                            "package)")
    if problems:
        raise BuildError("invalid data packages, the site was not built:\n  "
                         + "\n  ".join(problems))
    packages = [r.package for r in results]
    ids = [p.id for p in packages]
    dupes = sorted(i for i, n in Counter(ids).items() if n > 1)
    if dupes:
        raise BuildError(f"two packages share the id {', '.join(dupes)}", file=str(root))
    packages.sort(key=lambda p: (-p.year, p.publisher, p.id))
    return packages, {r.package.id: r for r in results}, digests


def source_date_epoch(packages: list) -> int:
    """The newest package's `created` date: builds of the same data are byte-identical."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    stamps = []
    for p in packages:
        created = p.descriptor.get("created", "")
        try:
            stamps.append(int(datetime.fromisoformat(created.replace("Z", "+00:00")).timestamp()))
        except ValueError:
            continue
    return max(stamps) if stamps else 0


def read_config(config_path: Path) -> dict:
    try:
        return yaml.safe_load(config_path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise BuildError("no MkDocs configuration", file=str(config_path)) from None
    except yaml.YAMLError as exc:
        raise BuildError(f"the MkDocs configuration is not valid YAML: {exc}",
                         file=str(config_path)) from None


def _plugin_entry(plugins: list, name: str) -> dict:
    """The options dict of a plugin in a `plugins:` list (converted in place if bare)."""
    for i, p in enumerate(plugins):
        if p == name:
            plugins[i] = {name: {}}
            return plugins[i][name]
        if isinstance(p, dict) and name in p:
            if p[name] is None:
                p[name] = {}
            return p[name]
    plugins.append({name: {}})
    return plugins[-1][name]


def staged_config(ctx: SiteContext, config_path: Path, site_tmp: Path) -> Path:
    """Write the configuration MkDocs builds with: the project's, pointed at the staged files."""
    cfg = copy.deepcopy(ctx.config)
    base = config_path.parent.resolve()
    cfg["docs_dir"] = str(ctx.docs)
    cfg["site_dir"] = str(site_tmp)
    theme = cfg.get("theme") or {}
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((base / theme["custom_dir"]).resolve())
    plugins = cfg.setdefault("plugins", [])
    for name, options in ctx.extra_config.get("plugins", {}).items():
        _plugin_entry(plugins, name).update(options)
    if ctx.nav:
        cfg["nav"] = ctx.nav
    path = ctx.work / "mkdocs.yml"
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


class _Collect(logging.Handler):
    """Collects MkDocs' warnings: in strict mode any of them fails the build."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def _not_dirty_warning(record: logging.LogRecord) -> bool:
    """Drops MkDocs' one warning about a dirty build (every other warning still fails)."""
    return not record.getMessage().startswith(DIRTY_WARNING)


def run_mkdocs(config_file: Path, ctx: SiteContext, dirty: bool = False) -> None:
    """`mkdocs build --strict` through MkDocs' own API; any warning fails the build.

    The macros of the hand-written pages read `ctx`, passed in the configuration's `extra`.
    `dirty`: render only the pages whose Markdown is newer than their HTML. MkDocs runs in a
    forked process: it holds every page's text until the last is written (gigabytes at
    10,000 reports), and that memory must be free again for the search index."""
    try:
        stats = workers.fork_call(lambda: _mkdocs(config_file, ctx, dirty), "mkdocs build")
    except workers.ChildDied as exc:
        raise BuildError(str(exc)) from None
    ctx.stats.update(stats)


def _mkdocs(config_file: Path, ctx: SiteContext, dirty: bool) -> dict[str, int]:
    """The MkDocs run itself; returns what it counts for the build's stats."""
    handler = _Collect()
    mk_logger = logging.getLogger("mkdocs")
    mk_logger.addHandler(handler)
    build_logger = logging.getLogger("mkdocs.commands.build")
    build_logger.addFilter(_not_dirty_warning)
    links = BreakLinks()
    try:
        cfg = load_config(config_file=str(config_file), strict=True)
        cfg["extra"][CONTEXT_KEY] = ctx
        cfg.plugins["gongkai-links"] = links
        cfg.plugins["gongkai-raw-html"] = RawHTML()
        cfg.plugins["gongkai-sitemap"] = SitemapIndex()  # after gongkai-links' clean-up
        mk_build.build(cfg, dirty=dirty)
    except (Abort, ConfigurationError, MkDocsException) as exc:
        detail = "\n  ".join(handler.messages) or str(exc)
        raise BuildError(f"mkdocs build --strict failed: {exc}\n  {detail}") from None
    except SystemExit as exc:  # mkdocs-macros exits on a macro error (on_error_fail)
        detail = "\n  ".join(handler.messages)
        raise BuildError(f"mkdocs build failed (exit {exc.code}): a macro or plugin error"
                         + (f"\n  {detail}" if detail else "")) from None
    except Exception as exc:  # a plugin crash: never a silent broken page
        detail = "\n  ".join(handler.messages)
        raise BuildError(f"mkdocs build failed: {type(exc).__name__}: {exc}"
                         + (f"\n  {detail}" if detail else "")) from exc
    finally:
        mk_logger.removeHandler(handler)
        build_logger.removeFilter(_not_dirty_warning)
    if handler.messages:
        raise BuildError("mkdocs build --strict failed with warnings:\n  "
                         + "\n  ".join(handler.messages))
    return {"pages_rendered": len(links.rendered),
            "report_pages_rendered": sum(1 for u in links.rendered
                                         if u.startswith("reports/") and u != "reports/index.md")}


def swap_into_place(new_site: Path, site: Path) -> None:
    """Replace `site` by `new_site` with renames; the old site becomes `new_site` (the spare
    copy the next build brings up to date, instead of deleting and creating every folder)."""
    site = site.resolve() if site.exists() else site.absolute()
    hold = site.with_name(f".{site.name}.previous")
    remove_tree(hold)  # left by an interrupted swap
    if site.exists():
        os.replace(site, hold)
    os.replace(new_site, site)
    if hold.exists():
        os.replace(hold, new_site)


_MACROS = re.compile(rb"\A---\s*\n(?:(?!---).*\n)*?render_macros:\s*true", re.M)


def stage_docs(docs_src: Path, ctx: SiteContext) -> None:
    """Copy docs/ into the staged docs, kept between builds (unchanged files untouched). A page
    that renders macros shows the whole build's data: touched, so MkDocs renders it again."""
    for src in sorted(docs_src.rglob("*")):
        if not src.is_file():
            continue
        dest = ctx.docs / src.relative_to(docs_src)
        data = src.read_bytes()
        write_bytes(dest, data, ctx.written)
        if src.suffix == ".md" and _MACROS.match(data):
            os.utime(dest)


def render_key(ctx: SiteContext, config: Path, config_file: Path) -> str:
    """What every page's HTML depends on beyond its own Markdown: the staged configuration
    (nav included), the theme's overrides, the build date and the code."""
    theme = ctx.config.get("theme") or {}
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    overrides = [(config.parent.resolve() / custom).resolve()] if custom else []
    return tree_key(config_file, *overrides, extra=f"{incremental.code_key()} {ctx.epoch}")


def mkdocs_into(ctx: SiteContext, config: Path, site: Path) -> None:
    """Run MkDocs into work/site (dirty when the render key is that of the last successful
    build), index it, and swap a hard-link copy of it into place as `site`. A failure leaves
    `site` untouched (the copy is a spare that is never published half-made)."""
    site_parent = site.absolute().parent
    site_parent.mkdir(parents=True, exist_ok=True)
    site_tmp = site_parent / f".{site.name}.building"  # the spare copy, brought up to date
    trash = Trash(site_parent / f".{site.name}.trash")
    built, key_file = ctx.work / "site", ctx.work / "site.key"
    config_file = staged_config(ctx, config, built)
    key = render_key(ctx, config, config_file)
    dirty = ctx.use_cache and built.is_dir() and key_file.is_file() and \
        key_file.read_text(encoding="utf-8") == key
    key_file.unlink(missing_ok=True)  # written again once MkDocs succeeds
    ctx.stats["mkdocs_dirty"] = dirty
    previous_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(ctx.epoch)
    try:
        run_mkdocs(config_file, ctx, dirty)
        key_file.write_text(key, encoding="utf-8")
        t = time.perf_counter()
        workers.release_memory()  # Pagefind takes gigabytes at 10,000 reports
        ctx.stats["pagefind_ran"] = pagefind.index_site(built, ctx.work, workers.jobs(ctx),
                                                        incremental.code_key())
        ctx.stats["files_linked"] = link_tree(
            [(built, "."), (ctx.work / "pagefind-out", pagefind.OUTPUT)], site_tmp, trash)
        ctx.timings["pagefind"] = time.perf_counter() - t
    finally:
        if previous_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous_epoch
        trash.empty()
    swap_into_place(site_tmp, site)


def run_loaders(ctx: SiteContext, say: Callable[[str], None]) -> None:
    for name, loader in LOADERS:
        t = time.perf_counter()
        loader(ctx)
        ctx.timings[name] = time.perf_counter() - t
        say(f"{name}: {ctx.timings[name]:.1f} s")
    ctx.stats["stale_removed"] = incremental.sweep(ctx)


def build_site(root: Path | str = "datapackages", site: Path | str = "site",
               config: Path | str = "mkdocs.yml", *, work: Path | str | None = None,
               use_cache: bool = True, cache: Path | str | None = None, jobs: int = 0,
               log: Callable[[str], None] | None = None) -> SiteContext:
    """Build the portal. Raises BuildError (previous site untouched) on any failure.

    `work` holds the staged files, MkDocs' output and the records of each report's work, kept
    between builds (default: build/ beside the configuration); `cache` the chart renderings
    builds share (default: work/cache). `use_cache=False` builds everything again. `jobs`:
    processes for each report's own work (0: every core; the output is the same)."""
    root, site, config = Path(root), Path(site), Path(config)
    say = log or (lambda _m: None)
    t0 = time.perf_counter()
    cfg = read_config(config)
    work = (Path(work) if work else config.parent / "build").absolute()
    work.mkdir(parents=True, exist_ok=True)
    packages, results, digests = load_and_validate(root, work, use_cache, jobs)
    ctx = SiteContext(root=root.absolute(), docs=work / "docs", work=work, config=cfg,
                      epoch=source_date_epoch(packages),
                      cache=Path(cache).absolute() if cache else work / "cache",
                      packages=packages, results=results, use_cache=use_cache, jobs=jobs,
                      counts={pid: CheckCounts.of(r.checks) for pid, r in results.items()})
    ctx.keys = incremental.package_keys(ctx, digests)
    stage_docs(config.parent / cfg.get("docs_dir", "docs"), ctx)
    ctx.timings["load"] = time.perf_counter() - t0
    say(f"{len(packages)} packages valid ({ctx.timings['load']:.1f} s)")
    run_loaders(ctx, say)
    t = time.perf_counter()
    mkdocs_into(ctx, config, site)
    ctx.timings["mkdocs"] = time.perf_counter() - t
    say(f"mkdocs: {ctx.timings['mkdocs']:.1f} s")
    ctx.timings["total"] = time.perf_counter() - t0
    return ctx

"""Build the portal: packages -> validated model -> generated files -> `mkdocs build --strict`.

Data flows one way. The orchestrator loads and validates every package into a `SiteContext`
(`model.py`), stages a copy of `docs/` in a scratch folder, runs each loader (one per family of
generated files) into it, builds with MkDocs in strict mode into a scratch site folder, and only
then swaps that folder into place. A failed build leaves the previous site untouched.

To add a family of generated files, write a module with a `build(ctx: SiteContext) -> None`
function and add it to `LOADERS`, after the loaders whose output (fields of the context) it
reads. Every generated file has one writer.
"""

from __future__ import annotations

import copy
import logging
import os
import shutil
import time
from datetime import datetime
from pathlib import Path
from typing import Callable

import yaml
from mkdocs.commands import build as mk_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException

from ..load import find_packages
from ..validate import validate_many
from . import (api, bundles, catalog, charts, compare, corpus_pages, downloads, feed, pages,
               pagefind, search, trends)
from .macros import CONTEXT_KEY
from .model import BuildError, CheckCounts, SiteContext

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


def load_and_validate(root: Path) -> tuple[list, dict]:
    """Every package under root, validated; undeclared failures stop the build."""
    paths = find_packages(root)
    if not paths:
        raise BuildError("no data packages found", file=str(root),
                         expected="folders holding a datapackage.json")
    results = validate_many(paths)
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
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise BuildError(f"two packages share the id {', '.join(dupes)}", file=str(root))
    packages.sort(key=lambda p: (-p.year, p.publisher, p.id))
    return packages, {r.package.id: r for r in results}


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


def run_mkdocs(config_file: Path, ctx: SiteContext) -> None:
    """`mkdocs build --strict` through MkDocs' own API; any warning fails the build.

    The macros of the hand-written pages read `ctx`, passed in the configuration's `extra`."""
    handler = _Collect()
    mk_logger = logging.getLogger("mkdocs")
    mk_logger.addHandler(handler)
    try:
        cfg = load_config(config_file=str(config_file), strict=True)
        cfg["extra"][CONTEXT_KEY] = ctx
        mk_build.build(cfg)
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
    if handler.messages:
        raise BuildError("mkdocs build --strict failed with warnings:\n  "
                         + "\n  ".join(handler.messages))


def swap_into_place(new_site: Path, site: Path) -> None:
    """Replace `site` by `new_site` with two renames; the old one is removed afterwards."""
    site = site.resolve() if site.exists() else site.absolute()
    old = site.with_name(site.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if site.exists():
        os.replace(site, old)
    os.replace(new_site, site)
    if old.exists():
        shutil.rmtree(old)


def stage_docs(docs_src: Path, work: Path) -> Path:
    staged = work / "docs"
    if staged.exists():
        shutil.rmtree(staged)
    shutil.copytree(docs_src, staged)
    return staged


def mkdocs_into(ctx: SiteContext, config: Path, site: Path) -> None:
    """Run MkDocs into a scratch folder next to `site`, then swap it into place."""
    site_parent = site.absolute().parent
    site_parent.mkdir(parents=True, exist_ok=True)
    site_tmp = site_parent / f".{site.name}.building"
    if site_tmp.exists():
        shutil.rmtree(site_tmp)
    config_file = staged_config(ctx, config, site_tmp)
    previous_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(ctx.epoch)
    try:
        run_mkdocs(config_file, ctx)
        t = time.perf_counter()
        pagefind.index_site(site_tmp, ctx.work)  # before the swap: a failure keeps the old site
        ctx.timings["pagefind"] = time.perf_counter() - t
    except BaseException:
        shutil.rmtree(site_tmp, ignore_errors=True)
        raise
    finally:
        if previous_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous_epoch
    swap_into_place(site_tmp, site)


def build_site(root: Path | str = "datapackages", site: Path | str = "site",
               config: Path | str = "mkdocs.yml", *, work: Path | str | None = None,
               use_cache: bool = True, cache: Path | str | None = None,
               log: Callable[[str], None] | None = None) -> SiteContext:
    """Build the portal. Raises BuildError (previous site untouched) on any failure.

    `work` holds the staged files (default: build/ beside the configuration), `cache` the chart
    renderings builds share (default: work/cache)."""
    root, site, config = Path(root), Path(site), Path(config)
    say = log or (lambda _m: None)
    t0 = time.perf_counter()
    cfg = read_config(config)
    work = (Path(work) if work else config.parent / "build").absolute()
    work.mkdir(parents=True, exist_ok=True)
    packages, results = load_and_validate(root)
    ctx = SiteContext(root=root.absolute(), docs=stage_docs(config.parent / cfg.get(
        "docs_dir", "docs"), work), work=work, config=cfg, epoch=source_date_epoch(packages),
        cache=Path(cache).absolute() if cache else work / "cache",
        packages=packages, results=results, use_cache=use_cache,
        counts={pid: CheckCounts.of(r.checks) for pid, r in results.items()})
    ctx.timings["load"] = time.perf_counter() - t0
    say(f"{len(packages)} packages valid ({ctx.timings['load']:.1f} s)")
    for name, loader in LOADERS:
        t = time.perf_counter()
        loader(ctx)
        ctx.timings[name] = time.perf_counter() - t
        say(f"{name}: {ctx.timings[name]:.1f} s")
    t = time.perf_counter()
    mkdocs_into(ctx, config, site)
    ctx.timings["mkdocs"] = time.perf_counter() - t
    say(f"mkdocs: {ctx.timings['mkdocs']:.1f} s")
    ctx.timings["total"] = time.perf_counter() - t0
    return ctx

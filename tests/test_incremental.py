"""Incremental builds: a rebuild does work in proportion to what changed, is byte-identical to
a clean build of the same data, and a failed build leaves the published site untouched.

Three packages (two years of one publisher, so cross-year checks and a series, and another
body), one work folder kept across the steps of each test, each result compared file by file
with a clean build (a fresh work folder) of the same data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from conftest import PACKAGES, REPO, SHANGHAI, copy_package
from gongkai.site import workers
from gongkai.site.build import BuildError, build_site
from helpers import rehash

PACKAGE_IDS = ("pingtan-2023", "pingtan-2024", "shanghai-2024")


@pytest.fixture
def setup(tmp_path, chart_cache, monkeypatch):
    """(root of the packages, configuration with its own docs copy, build function)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764633600")
    root = tmp_path / "datapackages"
    root.mkdir()
    for pid in PACKAGE_IDS:
        shutil.copytree(PACKAGES / pid, root / pid)
    shutil.copy(PACKAGES / "publishers.csv", root / "publishers.csv")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    shutil.copytree(REPO / "docs", tmp_path / "docs")
    config["docs_dir"] = str(tmp_path / "docs")
    config["theme"]["custom_dir"] = str(REPO / config["theme"]["custom_dir"])
    config_path = tmp_path / "mkdocs.yml"
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                           encoding="utf-8")

    def build(site: Path, work: Path, jobs: int = 0):
        return build_site(root, site, config_path, work=work, cache=chart_cache, jobs=jobs)

    return root, tmp_path, build


def files_of(tree: Path) -> dict[str, bytes]:
    return {p.relative_to(tree).as_posix(): p.read_bytes()
            for p in sorted(tree.rglob("*")) if p.is_file()}


def assert_same(got: Path, want: Path) -> None:
    a, b = files_of(got), files_of(want)
    assert sorted(a) == sorted(b), (sorted(set(a) ^ set(b)))[:20]
    differ = [name for name in a if a[name] != b[name]]
    assert not differ, differ[:20]


def snapshot(site: Path, dest: Path) -> Path:
    shutil.copytree(site, dest)  # real copies: a hard link would change with the site
    return dest


def change_note(package: Path) -> None:
    """A note cell of the requests table, as a correction would: no figure changes."""
    path = package / "requests.csv"
    text = path.read_text(encoding="utf-8")
    changed = text.replace(",,\n", ",更正说明,\n", 1)
    assert changed != text
    path.write_text(changed, encoding="utf-8")
    rehash(package)


def test_rebuild_unchanged_and_one_changed(setup):
    root, tmp, build = setup
    site, work = tmp / "site", tmp / "work"
    first = build(site, work)
    assert first.stats["report_pages_rendered"] == len(PACKAGE_IDS)
    before = snapshot(site, tmp / "before")
    again = build(site, work)
    assert_same(site, before)
    assert again.stats["mkdocs_dirty"]
    assert again.stats["report_pages_rendered"] == 0
    assert "pages_made" not in again.stats and "charts_made" not in again.stats
    assert not again.stats["pagefind_ran"]

    change_note(root / "shanghai-2024")
    one = build(site, work)
    assert one.stats["pages_made"] == 1  # the body has no other report
    assert one.stats["report_pages_rendered"] == 1
    build(tmp / "clean", tmp / "work-clean")
    assert_same(site, tmp / "clean")


def test_add_and_remove_a_package(setup):
    root, tmp, build = setup
    site, work = tmp / "site", tmp / "work"
    build(site, work)
    copy_package(SHANGHAI, root, "zz-added-2024")
    added = build(site, work)
    assert added.stats["pages_made"] == 2  # the copy and shanghai-2024: one publisher
    build(tmp / "clean-added", tmp / "work-added")
    assert_same(site, tmp / "clean-added")

    shutil.rmtree(root / "pingtan-2023")  # pingtan-2024 loses its cross-year checks
    removed = build(site, work)
    assert removed.stats["stale_removed"] > 0
    build(tmp / "clean-removed", tmp / "work-removed")
    assert_same(site, tmp / "clean-removed")
    assert not (site / "reports" / "pingtan-2023").exists()


def test_a_failed_build_leaves_the_site_untouched(setup):
    root, tmp, build = setup
    site, work = tmp / "site", tmp / "work"
    build(site, work)
    before = snapshot(site, tmp / "before")

    # an invalid package: stops before anything is staged
    bad = root / "pingtan-2024" / "requests.csv"
    good = bad.read_bytes()
    bad.write_bytes(good.replace(b",,\n", b",x,\n", 1))  # bytes no longer match the descriptor
    with pytest.raises(BuildError):
        build(site, work)
    assert_same(site, before)
    bad.write_bytes(good)

    # MkDocs fails after it rewrote pages in place (a broken link in a hand-written page):
    # the published copy shares no written file with MkDocs' output
    change_note(root / "pingtan-2024")
    page = tmp / "docs" / "broken.md"
    page.write_text("# Broken\n\n[nowhere](no-such-page.md)\n", encoding="utf-8")
    with pytest.raises(BuildError):
        build(site, work)
    assert_same(site, before)

    page.unlink()
    fixed = build(site, work)
    assert not fixed.stats["mkdocs_dirty"]  # the failed MkDocs build is not trusted
    build(tmp / "clean", tmp / "work-clean")
    assert_same(site, tmp / "clean")


def test_reports_built_on_two_processes_are_the_same_as_on_one(setup, monkeypatch):
    """Each report's work in forked workers (`workers.py`): the same site, byte for byte, the
    same records (a rebuild on one process reuses them all) and the same counts."""
    root, tmp, build = setup
    forks = []
    real = workers.fork_map

    def counted(calls, processes, *args):
        forks.append((len(calls), processes))
        return real(calls, processes, *args)

    monkeypatch.setattr(workers, "MIN_ITEMS", 1)
    monkeypatch.setattr(workers, "fork_map", counted)
    two = build(tmp / "site-2", tmp / "work", jobs=2)
    assert [n for n, p in forks if p == 2 and n > 1], forks  # the work really was shared
    one = build(tmp / "site-1", tmp / "work-1", jobs=1)
    assert_same(tmp / "site-2", tmp / "site-1")
    made = {k: v for k, v in two.stats.items() if k.endswith("_made")}
    assert made and made == {k: v for k, v in one.stats.items() if k.endswith("_made")}
    again = build(tmp / "site-2", tmp / "work", jobs=1)
    assert not [k for k in again.stats if k.endswith("_made")]
    assert_same(tmp / "site-2", tmp / "site-1")

"""The maintainer's path, end to end, as far as it runs without GitHub (README, "Maintainer's
path"): in a clone of the repository, ingest a report under a new id, validate, read the diff
against main, merge; then correct the report and read that diff; then build the site.

The report is the seed (the committed Shanghai package holds it byte for byte).
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import REPO, SEED, SHANGHAI
from gongkai import template as T
from gongkai.diff import NO_CHANGE
from gongkai.load import find_packages, load_package
from helpers import run

NEW_ID = "maintainer-path-2024"


def git(cwd, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Maintainer", "-c",
                           "user.email=maintainer@example.org", "-c", "commit.gpgsign=false",
                           *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture()
def clone(tmp_path):
    """A clone of main as committed: what a maintainer starts a branch from."""
    dest = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--local", "--no-hardlinks", str(REPO), str(dest))
    assert find_packages(dest / "datapackages"), "the committed tree has no data packages"
    return dest


def diff_md(root) -> str:
    r = run("diff", "--git", "HEAD", "--root", root, "--format", "markdown")
    assert r.exit_code == 0, r.output
    return r.stdout


def test_add_validate_diff_merge_correct_build(clone, tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)  # the site's configuration lives here
    root = clone / "datapackages"
    committed = {p.name for p in find_packages(root)}
    report = tmp_path / "report.txt"
    shutil.copyfile(SEED, report)

    # 1. ingest the report under a new id
    r = run("ingest", report, "--id", NEW_ID, "--root", root)
    assert r.exit_code == 0, r.output
    new_pkg = load_package(root / NEW_ID)
    assert new_pkg.id == NEW_ID
    # the same report gives the same figures as the committed package made from it
    assert new_pkg.figures == load_package(SHANGHAI).figures

    # 2. validate every package
    r = run("validate", root)
    assert r.exit_code == 0, r.output
    assert f"ok {NEW_ID}" in r.stdout

    # 3. the diff a reviewer reads in the pull request's job summary
    md = diff_md(root)
    added = next(ln for ln in md.splitlines() if f"`{NEW_ID}`" in ln)
    assert "added" in added and new_pkg.descriptor["title"] in added and "valid" in added
    for pid in committed:  # the packages already published did not change
        assert f"`{pid}`" not in md
    assert run("diff", "--git", "HEAD", "--root", root, "--exit-code").exit_code == 1

    # 4. merge: once committed, the tree equals the revision again
    git(clone, "add", "datapackages")
    git(clone, "commit", "-q", "-m", f"Add {NEW_ID}")
    assert NO_CHANGE in diff_md(root)

    # 5. correct the report: one figure bound by no identity, as re-published by its publisher
    item, measure = "administrative_licensing", "decisions"
    old = new_pkg.figures[("proactive", item, measure)]
    text = SEED.read_text(encoding="utf-8")
    assert text.count(str(old)) == 1, "the figure must be unambiguous in the report"
    corrected = tmp_path / "corrected.txt"
    corrected.write_text(text.replace(str(old), str(old + 1)), encoding="utf-8")
    r = run("ingest", corrected, "--id", NEW_ID, "--root", root)
    assert r.exit_code == 0, r.output
    assert run("validate", root).exit_code == 0
    md = diff_md(root)
    line = next(ln for ln in md.splitlines() if f"`{item}` · `{measure}`" in ln)
    assert f"`{NEW_ID}`" in line
    assert T.PROACTIVE.row(item).label in line and T.PROACTIVE.col(measure).label in line
    assert f"{old} → {old + 1}" in line
    assert "`provenance.source_sha256`" in md  # the new source text is recorded
    assert "Checks that changed state" not in md
    assert "added" not in md and "removed" not in md

    # 6. build the site from these packages (what the deploy workflow publishes)
    site = tmp_path / "site"
    r = run("build", "--root", root, "--site", site)
    assert r.exit_code == 0, r.output
    assert (site / "index.html").is_file()
    pages = [p for p in site.rglob("*.html") if NEW_ID in p.read_text(encoding="utf-8")]
    assert pages, f"no page of the built site mentions {NEW_ID}"
    # the corrected figure is what the site publishes (in its pages or its data files)
    published = "\n".join(p.read_text(encoding="utf-8", errors="replace")
                          for p in site.rglob("*")
                          if p.suffix in (".html", ".json", ".csv", ".js") and p.is_file())
    assert str(old + 1) in published or f"{old + 1:,}" in published

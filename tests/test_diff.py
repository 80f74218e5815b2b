"""`gongkai diff`: changed figures (codes, labels, old → new), packages added and removed,
metadata, checks that changed state, `--git`, Markdown output, exit codes and bad arguments.

Every figure is read from the committed package; nothing is hard-coded.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SHANGHAI
from gongkai import template as T
from gongkai.cli import app
from gongkai.diff import NO_CHANGE
from helpers import read_csv, rehash


def gk(*args, cwd: Path | None = None):
    """Run `gongkai ARGS` in-process with a wide terminal; fail on any traceback."""
    result = CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "300"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"traceback from gongkai {args}: {result.exception!r}") \
            from result.exception
    return result


def copy_package(dest_root: Path, name: str | None = None) -> Path:
    dest = dest_root / (name or SHANGHAI.name)
    shutil.copytree(SHANGHAI, dest)
    if name:
        desc = json.loads((dest / "datapackage.json").read_text(encoding="utf-8"))
        desc["name"], desc["id"] = name, f"gongkai/{name}"
        desc["title"] = desc["title"] + "（副本）"
        (dest / "datapackage.json").write_text(json.dumps(desc, ensure_ascii=False, indent=2),
                                               encoding="utf-8")
    return dest


def set_cell(pkg: Path, table: str, row: str, col: str, delta: int) -> tuple[str, str]:
    """Add `delta` to one cell of a table CSV (csv module), rehash; returns (old, new) as text."""
    t = T.TABLES[table]
    path = pkg / f"{table}.csv"
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    ri, ci, vi = (header.index(x) for x in (t.row_field, t.col_field, t.value_field))
    for r in rows[1:]:
        if r[ri] == row and r[ci] == col:
            old = r[vi]
            r[vi] = str(int(old) + delta)
            new = r[vi]
            break
    else:
        raise AssertionError(f"no cell {table} {row} {col}")
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    rehash(pkg)
    return old, new


def edit_descriptor(pkg: Path, change) -> None:
    path = pkg / "datapackage.json"
    desc = json.loads(path.read_text(encoding="utf-8"))
    change(desc)
    path.write_text(json.dumps(desc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def label(table: str, row: str, col: str) -> tuple[str, str]:
    t = T.TABLES[table]
    return t.row(row).label, t.col(col).label


# ---------------------------------------------------------------- no change


def test_identical_packages_report_no_change_and_exit_0(tmp_path):
    copy = copy_package(tmp_path)
    root = tmp_path / "root"
    shutil.copytree(SHANGHAI.parent, root)
    for args in ([SHANGHAI, copy], [SHANGHAI.parent, root], [SHANGHAI, copy, "-f", "md"],
                 [SHANGHAI, copy, "--exit-code"]):
        r = gk("diff", *args)
        assert r.exit_code == 0, r.output
        assert NO_CHANGE in r.stdout
        assert "→ new" not in r.stdout and "Figures" not in r.stdout


# ---------------------------------------------------------------- one changed count


def test_changed_count_shows_codes_labels_old_and_new(tmp_path):
    new = copy_package(tmp_path)
    old_v, new_v = set_cell(new, "requests", "new_requests", "total", +1)
    row_label, col_label = label("requests", "new_requests", "total")
    for fmt_args in ([], ["--format", "markdown"]):
        r = gk("diff", SHANGHAI, new, *fmt_args)
        assert r.exit_code == 0, r.output
        out = r.stdout
        assert NO_CHANGE not in out
        for text in ("shanghai-2024", "new_requests", "total", row_label, col_label, old_v,
                     new_v):
            assert text in out, (text, out)
    md = gk("diff", SHANGHAI, new, "--format", "markdown").stdout
    # one Markdown table row holds code, label and old → new together
    line = next(ln for ln in md.splitlines() if "`new_requests`" in ln and "→" in ln)
    assert f"{row_label} · {col_label}" in line
    assert f"{old_v} → {new_v}" in line and "+1" in line
    assert line.startswith("| `shanghai-2024` | requests |")
    # only that one figure changed
    assert sum(1 for ln in md.splitlines() if ln.startswith("| `shanghai-2024` | requests |")
               and "→" in ln) == 1
    # --exit-code: like git, 1 when something changed
    assert gk("diff", SHANGHAI, new, "--exit-code").exit_code == 1


def test_changed_figure_without_identity_reports_no_check(tmp_path):
    """A proactive count bound by no identity: the figure is listed, no check changes state."""
    new = copy_package(tmp_path)
    key = next(k for k in T.PROACTIVE.cell_keys() if k[1] == "decisions")
    old_v, new_v = set_cell(new, "proactive", key[0], key[1], +7)
    md = gk("diff", SHANGHAI, new, "-f", "markdown").stdout
    assert f"`{key[0]}` · `{key[1]}`" in md and f"{old_v} → {new_v}" in md and "+7" in md
    assert T.PROACTIVE.row(key[0]).label in md
    assert "Checks that changed state" not in md


def test_broken_identity_is_reported_as_a_check_changing_state(tmp_path):
    new = copy_package(tmp_path)
    set_cell(new, "requests", "carried_forward", "natural_person", +3)
    md = gk("diff", SHANGHAI, new, "-f", "markdown").stdout
    assert "Checks that changed state" in md
    for cid in ("requests.balance[natural_person]", "requests.applicants[carried_forward]"):
        line = next((ln for ln in md.splitlines() if f"`{cid}`" in ln), None)
        assert line is not None, (cid, md)
        assert "pass → **fail**" in line
    # identities over other columns still hold: not listed
    assert "requests.balance[commercial_enterprise]" not in md


def test_declared_inconsistency_shows_as_declared_and_as_metadata(tmp_path):
    new = copy_package(tmp_path)
    set_cell(new, "appeals", "administrative_reconsideration", "pending", +1)
    cid = "appeals.total[administrative_reconsideration]"
    edit_descriptor(new, lambda d: d["known_inconsistencies"].append(
        {"check": cid, "reason": "the report's total is off by one"}))
    md = gk("diff", SHANGHAI, new, "-f", "markdown").stdout
    line = next(ln for ln in md.splitlines() if f"`{cid}`" in ln)
    assert "pass → **declared**" in line and "off by one" in line
    assert "`known_inconsistencies" in md


def test_changed_prose_figure(tmp_path):
    new = copy_package(tmp_path)
    rows = read_csv(new / "highlights.csv")
    h = next(r for r in rows if r["code"] == "processing_fees")
    old_v = h["value"]
    h["value"] = str(int(old_v) + 100)
    with open(new / "highlights.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    rehash(new)
    md = gk("diff", SHANGHAI, new, "-f", "markdown").stdout
    line = next(ln for ln in md.splitlines() if "`processing_fees`" in ln)
    assert f"{old_v} → {h['value']}" in line and h["label"] in line


# ---------------------------------------------------------------- packages and metadata


def test_added_and_removed_packages(tmp_path):
    old_root, new_root = tmp_path / "old", tmp_path / "new"
    copy_package(old_root)
    copy_package(new_root)
    copy_package(new_root, "copy-2024")
    r = gk("diff", old_root, new_root, "-f", "markdown")
    assert r.exit_code == 0, r.output
    added = next(ln for ln in r.stdout.splitlines() if "`copy-2024`" in ln)
    assert "added" in added and "（副本）" in added and "valid" in added
    assert "shanghai-2024" not in r.stdout  # the unchanged package is not listed
    r = gk("diff", new_root, old_root)
    assert r.exit_code == 0
    removed = next(ln for ln in r.stdout.splitlines() if "copy-2024" in ln)
    assert "removed" in removed


def test_metadata_changes(tmp_path):
    new = copy_package(tmp_path)
    old_desc = json.loads((SHANGHAI / "datapackage.json").read_text(encoding="utf-8"))
    new_title = old_desc["title"] + "（修订）"

    def change(d):
        d["title"] = new_title
        d["version"] = "9.1.0"
        d["licenses"][0]["name"] = "CC0-1.0"
        d["report"]["division_code"] = "310100"

    edit_descriptor(new, change)
    r = gk("diff", SHANGHAI, new, "-f", "markdown")
    assert r.exit_code == 0
    md = r.stdout
    assert f"| `shanghai-2024` | `title` | {old_desc['title']} → {new_title} |" in md
    assert f"`version` | {old_desc['version']} → 9.1.0" in md
    assert f"`licenses[0].name` | {old_desc['licenses'][0]['name']} → CC0-1.0" in md
    assert f"`report.division_code` | {old_desc['report']['division_code']} → 310100" in md
    assert "Figures" not in md  # no figure changed


def test_unreadable_new_package_is_reported_not_a_traceback(tmp_path):
    new = copy_package(tmp_path)
    (new / "requests.csv").unlink()
    r = gk("diff", SHANGHAI, new, "-f", "markdown")
    assert r.exit_code == 0, r.output
    assert "**fail**" in r.stdout and "missing" in r.stdout


# ---------------------------------------------------------------- --git


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org",
                           "-c", "commit.gpgsign=false", *args], cwd=cwd, check=True,
                          capture_output=True, text=True).stdout


def test_git_revision_against_working_tree(tmp_path):
    repo = tmp_path / "repo"
    copy_package(repo / "datapackages")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "data")
    root = repo / "datapackages"
    r = gk("diff", "--git", "HEAD", "--root", root)
    assert r.exit_code == 0, r.output
    assert NO_CHANGE in r.stdout
    old_v, new_v = set_cell(root / SHANGHAI.name, "requests", "disclosed", "natural_person", -2)
    copy_package(root, "copy-2024")
    md = gk("diff", "--git", "HEAD", "--root", root, "-f", "markdown").stdout
    assert f"{old_v} → {new_v}" in md and "`disclosed` · `natural_person`" in md
    assert "added" in md and "copy-2024" in md
    assert "working tree" in md
    # the folder given as the argument works too
    assert gk("diff", "--git", "HEAD", root, "-f", "markdown").stdout == md


def test_git_head_on_the_repository(repo):
    """In this repository: HEAD against the working tree runs (changes, if any, are listed)."""
    r = gk("diff", "--git", "HEAD", "--root", repo / "datapackages", "-f", "markdown")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("## 数据变化 / Data changes")
    tracked = _git(repo, "status", "--porcelain", "--", "datapackages")
    if not tracked.strip():
        assert NO_CHANGE in r.stdout


# ---------------------------------------------------------------- bad arguments


@pytest.mark.parametrize("args, message", [
    (["/no/such/folder", "."], "no such file or folder"),
    ([], "give OLD and NEW"),
    (["--git", "no-such-revision-xyz"], "unknown revision"),
    (["--format", "html", "datapackages", "datapackages"], "--format"),
])
def test_bad_arguments_exit_non_zero_with_a_clear_message(args, message, repo, monkeypatch):
    monkeypatch.chdir(repo)
    r = gk("diff", *args)
    assert r.exit_code == 2, r.output
    assert "error" in r.stderr and message in r.stderr
    assert "Traceback" not in r.output


def test_git_outside_a_repository(tmp_path):
    copy_package(tmp_path / "datapackages")
    r = gk("diff", "--git", "HEAD", "--root", tmp_path / "datapackages")
    assert r.exit_code == 2
    assert "not inside a git repository" in r.stderr


def test_values_are_formatted_like_the_checks(tmp_path):
    """Amounts keep their decimals: a fee in 万元 changes from x.y to x.y+1."""
    new = copy_package(tmp_path)
    rows = read_csv(new / "proactive.csv")
    fee = next(r for r in rows if r["measure"] == "amount_10k_yuan")
    old_v = fee["value"]
    fee["value"] = str(Decimal(old_v) + Decimal("1.25"))
    with open(new / "proactive.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    rehash(new)
    md = gk("diff", SHANGHAI, new, "-f", "markdown").stdout
    line = next(ln for ln in md.splitlines() if "`amount_10k_yuan`" in ln)
    assert f"{old_v} → {fee['value']}" in line and "+1.25" in line
    assert "e+" not in line


def test_structural_error_of_a_changed_package_is_reported(tmp_path):
    """A CSV edited without updating its hash: the figure and the new validation error."""
    new = copy_package(tmp_path)
    path = new / "appeals.csv"
    text = path.read_text(encoding="utf-8")
    rows = read_csv(path)
    first = rows[0]
    line = ",".join(first.values())
    assert line in text
    bumped = dict(first, count=str(int(first["count"]) + 1))
    path.write_text(text.replace(line, ",".join(bumped.values()), 1), encoding="utf-8")
    md = gk("diff", SHANGHAI, new, "-f", "markdown").stdout
    err = next(ln for ln in md.splitlines() if "sha256" in ln)
    assert "appeals.csv" in err and "— → **fail**" in err


def test_markdown_cuts_very_long_sections(tmp_path, monkeypatch):
    import gongkai.diff as D

    monkeypatch.setattr(D, "MD_MAX_ROWS", 2)
    new = copy_package(tmp_path)
    for col in ("natural_person", "commercial_enterprise", "total"):
        set_cell(new, "requests", "disclosed", col, +1)
    md = gk("diff", SHANGHAI, new, "-f", "markdown").stdout
    assert "Figures (3)" in md
    assert sum(1 for ln in md.splitlines() if "`disclosed` ·" in ln) == 2
    assert "1 more not shown" in md

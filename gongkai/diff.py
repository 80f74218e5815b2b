"""`gongkai diff OLD NEW`: which published numbers, packages, metadata and checks changed.

OLD and NEW are two package folders, or two `datapackages/` folders (packages are paired by
their descriptor's `name`); with `--git REF` the working tree's `datapackages/` is compared
with the same folder at a git revision. Output: a terminal table, or Markdown for a pull
request's job summary (`--format markdown`).

Exit status: 0 when the comparison ran, whether or not anything changed (a diff is
information); with `--exit-code`, 1 when something changed, like `git diff --exit-code`;
2 for bad arguments or unreadable input.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Optional

from . import template as T
from .numbers import fmt
from .states import CheckState

DEFAULT_ROOT = Path("datapackages")
NO_CHANGE = "没有数据变化 / no changes"


class DiffError(Exception):
    """Bad arguments or input the diff cannot read: a message for the user, no traceback."""


# ---------------------------------------------------------------- the comparison


@dataclass
class FigureChange:
    package: str
    table: str
    row: str
    col: str
    label: str  # Chinese: row label · column label
    old: float | int | None
    new: float | int | None

    @property
    def delta(self) -> str:
        if self.old is None or self.new is None:
            return ""
        d = round(self.new - self.old, 6)
        return ("+" if d > 0 else "") + fmt(d)


@dataclass
class HighlightChange:
    package: str
    code: str
    label: str
    unit: str
    old: float | int | None
    new: float | int | None


@dataclass
class MetaChange:
    package: str
    key: str  # dotted path in the descriptor, e.g. report.year or licenses[0].name
    old: object
    new: object


@dataclass
class CheckChange:
    package: str
    id: str
    description: str
    old: str  # pass | fail | declared | — (absent)
    new: str
    detail: str = ""  # expected / found on the new side


@dataclass
class Side:
    label: str  # how to name this side in the output
    packages: dict[str, Path] = field(default_factory=dict)  # id -> folder
    single: bool = False  # given as one package folder (not a folder of packages)
    results: dict = field(default_factory=dict)  # id -> validate.PackageResult


@dataclass
class DiffResult:
    old_label: str
    new_label: str
    compared: list[str] = field(default_factory=list)  # ids present on both sides
    added: list[tuple[str, str]] = field(default_factory=list)  # (id, title)
    removed: list[tuple[str, str]] = field(default_factory=list)
    figures: list[FigureChange] = field(default_factory=list)
    notes: list[FigureChange] = field(default_factory=list)  # old/new are note strings
    highlights: list[HighlightChange] = field(default_factory=list)
    metadata: list[MetaChange] = field(default_factory=list)
    checks: list[CheckChange] = field(default_factory=list)
    errors: list[CheckChange] = field(default_factory=list)  # structural errors appearing/going
    validation: dict[str, str] = field(default_factory=dict)  # id -> summary on the new side

    @property
    def changed(self) -> bool:
        return any((self.added, self.removed, self.figures, self.notes, self.highlights,
                    self.metadata, self.checks, self.errors))


def _member_text(table: str, m: T.Member) -> str:
    """A row or column label that is unambiguous within its table."""
    text = f"{m.number}{m.label}"
    if m.group_label and table != "proactive" and m.group != "outcomes":
        text = f"{m.group_label}·{text}"
    return text


def cell_label(table: str, row: str, col: str) -> str:
    t = T.TABLES.get(table)
    if t is None:
        return f"{row} · {col}"
    try:
        r = _member_text(table, t.row(row))
    except KeyError:
        r = row
    try:
        c = _member_text(table, t.col(col))
    except KeyError:
        c = col
    return f"{r} · {c}"


def _key_order(keys) -> list[tuple[str, str, str]]:
    """Template order first (table, then the table's cells), anything else after, sorted."""
    order: dict[tuple[str, str, str], int] = {}
    for table, t in T.TABLES.items():
        for row, col in t.cell_keys():
            order[(table, row, col)] = len(order)
    return sorted(keys, key=lambda k: (order.get(k, len(order)), k))


def _flatten(value, prefix: str = "") -> dict[str, object]:
    if isinstance(value, dict):
        out: dict[str, object] = {}
        for k, v in value.items():
            out.update(_flatten(v, f"{prefix}.{k}" if prefix else str(k)))
        if not value and prefix:
            out[prefix] = {}
        return out
    if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        out = {}
        for i, v in enumerate(value):
            out.update(_flatten(v, f"{prefix}[{i}]"))
        return out
    return {prefix: value}


# Resource fields that follow the data (reported as figure changes instead).
_VOLATILE_RESOURCE_KEYS = {"hash", "bytes"}


def _metadata_view(desc: dict) -> dict[str, object]:
    """The descriptor as dotted keys; resources keyed by name, without hash and size."""
    top = {k: v for k, v in desc.items() if k != "resources"}
    flat = _flatten(top)
    for res in desc.get("resources", []):
        name = res.get("name", "?")
        rest = {k: v for k, v in res.items() if k not in _VOLATILE_RESOURCE_KEYS}
        flat.update(_flatten(rest, f"resources.{name}"))
    return flat


def _short(value, limit: int = 120) -> str:
    if value is None:
        return "—"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _compare_packages(pid: str, old, new, result: DiffResult) -> None:
    """Figures, notes, highlights and metadata of one package present on both sides."""
    for key in _key_order(set(old.figures) | set(new.figures)):
        a, b = old.figures.get(key), new.figures.get(key)
        if a != b or type(a) is not type(b) and (a is None or b is None):
            result.figures.append(FigureChange(pid, *key, cell_label(*key), a, b))
    for key in _key_order(set(old.notes) | set(new.notes)):
        a, b = old.notes.get(key, ""), new.notes.get(key, "")
        if a != b:
            result.notes.append(FigureChange(pid, *key, cell_label(*key), a or None, b or None))
    olds = {h["code"]: h for h in old.highlights}
    news = {h["code"]: h for h in new.highlights}
    order = {h.code: i for i, h in enumerate(T.HIGHLIGHTS)}
    for code in sorted(set(olds) | set(news), key=lambda c: (order.get(c, len(order)), c)):
        a, b = olds.get(code), news.get(code)
        va, vb = (a or {}).get("value"), (b or {}).get("value")
        ua, ub = (a or {}).get("unit", ""), (b or {}).get("unit", "")
        if va != vb or ua != ub:
            h = b or a
            result.highlights.append(HighlightChange(pid, code, h.get("label", code),
                                                     h.get("unit", ""), va, vb))
    ma, mb = _metadata_view(old.descriptor), _metadata_view(new.descriptor)
    for key in sorted(set(ma) | set(mb)):
        if ma.get(key) != mb.get(key):
            result.metadata.append(MetaChange(pid, key, ma.get(key), mb.get(key)))


def _check_states(res) -> dict[str, tuple[str, str, str]]:
    """check id -> (status, description, detail) for one validation result."""
    out = {}
    if res is None:
        return out
    for c in res.checks:
        detail = f"expected {fmt(c.expected)}, found {fmt(c.found)}"
        if CheckState(c.status) is CheckState.DECLARED and c.reason:
            detail += f"; declared: {c.reason}"
        out[c.id] = (c.status, c.description, detail)
    return out


def _compare_checks(pid: str, old_res, new_res, result: DiffResult) -> None:
    a, b = _check_states(old_res), _check_states(new_res)
    for cid in sorted(set(a) | set(b)):
        sa = a.get(cid, ("—", "", ""))[0]
        sb, desc, detail = b.get(cid) or (("—",) + a[cid][1:])
        if sa == sb or {sa, sb} == {"—", CheckState.PASS.value}:
            continue  # unchanged; a passing check appearing or going (e.g. a new prose figure)
        result.checks.append(CheckChange(pid, cid, desc, sa, sb, detail if sb != "—" else ""))
    ea = set(old_res.errors) if old_res is not None else set()
    eb = set(new_res.errors) if new_res is not None else set()
    for e in sorted(eb - ea):
        result.errors.append(CheckChange(pid, "error", e, "—", CheckState.FAIL.value))
    for e in sorted(ea - eb):
        result.errors.append(CheckChange(pid, "error", e, CheckState.FAIL.value, "—"))


def _summary(res) -> str:
    if res is None:
        return "unreadable"
    if res.errors:
        return f"{len(res.errors)} error(s)"
    failed = len(res.failed)
    passed = sum(CheckState(c.status) is CheckState.PASS for c in res.checks)
    text = f"{passed} checks passed, {len(res.declared)} declared"
    return (f"{failed} check(s) FAILED, " + text) if failed else "valid; " + text


def _collect(path: Path, label: str) -> Side:
    """A package folder or a folder of packages, as packages by id."""
    from .load import find_packages

    if path.name == "datapackage.json" and path.is_file():
        path = path.parent
    if not path.exists():
        raise DiffError(f"{path}: no such file or folder")
    if not path.is_dir():
        raise DiffError(f"{path}: not a folder (give a package folder or a datapackages/ "
                        f"folder)")
    side = Side(label, single=(path / "datapackage.json").exists())
    for folder in find_packages(path):
        pid = folder.name
        try:
            desc = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
            pid = str(desc.get("name") or folder.name)
        except (OSError, ValueError):
            pass  # validation reports it; pair by folder name
        if pid in side.packages:
            raise DiffError(f"{path}: two packages are named {pid!r} "
                            f"({side.packages[pid].name}, {folder.name})")
        side.packages[pid] = folder
    if not side.packages and any(path.iterdir()) and not any(
            p.is_dir() for p in path.iterdir()):
        raise DiffError(f"{path}: not a data package nor a folder of data packages")
    return side


def _fingerprint(folder: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(f.relative_to(folder).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def compare(old: Side, new: Side) -> DiffResult:
    from .checks import cross_year_checks
    from .validate import validate_package

    # Two single packages are compared with each other even when their names differ.
    if old.single and new.single and len(old.packages) == len(new.packages) == 1 and \
            old.packages.keys() != new.packages.keys():
        old.packages = {next(iter(new.packages)): next(iter(old.packages.values()))}
    # Byte-identical packages cannot differ: skip their (slow) Frictionless validation. Their
    # identities are still evaluated, for cross-year checks against packages that changed.
    same = {pid for pid in set(old.packages) & set(new.packages)
            if _fingerprint(old.packages[pid]) == _fingerprint(new.packages[pid])}
    for side in (old, new):
        side.results = {pid: validate_package(path, structural=pid not in same)
                        for pid, path in side.packages.items()}
        loaded = [r.package for r in side.results.values() if r.package and not r.errors]
        for c in cross_year_checks(loaded):
            side.results[c.package].checks.append(c)
    result = DiffResult(old.label, new.label)
    for pid in sorted(set(old.packages) | set(new.packages)):
        ro, rn = old.results.get(pid), new.results.get(pid)
        if pid not in old.packages:
            title = rn.package.descriptor.get("title", "") if rn and rn.package else ""
            result.added.append((pid, title))
            result.validation[pid] = _summary(rn)
            for c in (rn.failed + rn.declared if rn else []):
                result.checks.append(CheckChange(pid, c.id, c.description, "—", c.status,
                                                 f"expected {fmt(c.expected)}, found "
                                                 f"{fmt(c.found)}"))
            for e in (rn.errors if rn else []):
                result.errors.append(CheckChange(pid, "error", e, "—", CheckState.FAIL.value))
            continue
        if pid not in new.packages:
            title = ro.package.descriptor.get("title", "") if ro and ro.package else ""
            result.removed.append((pid, title))
            continue
        result.compared.append(pid)
        result.validation[pid] = _summary(rn)
        if ro.package is not None and rn.package is not None:
            _compare_packages(pid, ro.package, rn.package, result)
        _compare_checks(pid, ro, rn, result)
    return result


# ---------------------------------------------------------------- git


def _git(args: list[str], cwd: Path, *, text: bool = True):
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False,
                              text=text)
    except FileNotFoundError:
        raise DiffError("git is not installed") from None


def _repository(root: Path) -> tuple[Path, str]:
    """(top of the git work tree holding `root`, root's path inside it, '' for the top)."""
    probe = root if root.is_dir() else root.parent
    while not probe.exists():
        probe = probe.parent
    top = _git(["rev-parse", "--show-toplevel"], probe)
    if top.returncode != 0:
        raise DiffError(f"{root}: not inside a git repository")
    top_path = Path(top.stdout.strip())
    try:
        return top_path, root.relative_to(top_path.resolve()).as_posix().strip(".")
    except ValueError:
        raise DiffError(f"{root}: not inside the git repository {top_path}") from None


def extract_revision(ref: str, root: Path, dest: Path) -> str:
    """Write the files of `root` (a folder in a git work tree) at revision `ref` into `dest`,
    through `git archive` of that folder's tree.

    Returns a label for the revision, e.g. "origin/main (1a2b3c4)". A revision that does not
    have the folder yields an empty `dest` (every package is then "added").
    """
    top, rel = _repository(root.resolve())
    sha = _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top)
    if sha.returncode != 0 or not sha.stdout.strip():
        raise DiffError(f"--git {ref}: unknown revision (fetch it first, e.g. "
                        f"git fetch origin main)")
    sha = sha.stdout.strip()
    tree = f"{sha}:{rel}" if rel else sha
    if _git(["cat-file", "-t", tree], top).stdout.strip() == "tree":
        archive = _git(["archive", "--format=tar", tree], top, text=False)
        if archive.returncode != 0:
            raise DiffError(f"git archive {ref}: "
                            f"{archive.stderr.decode(errors='replace').strip()}")
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(dest, filter="data")
    return sha[:7] if sha.startswith(ref) else f"{ref} ({sha[:7]})"


# ---------------------------------------------------------------- output


def _md(text: object) -> str:
    s = _short(text) if not isinstance(text, str) else " ".join(text.split())
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")


def _value(v) -> str:
    return "—" if v is None else fmt(v) if isinstance(v, (int, float, Decimal)) else _short(v)


def _headline(r: DiffResult) -> str:
    parts = []
    if r.figures:
        parts.append(f"{len(r.figures)} figure(s) changed / {len(r.figures)} 项数据变化")
    if r.added:
        parts.append(f"{len(r.added)} package(s) added / 新增数据包 {len(r.added)} 个")
    if r.removed:
        parts.append(f"{len(r.removed)} package(s) removed / 删除数据包 {len(r.removed)} 个")
    if r.highlights:
        parts.append(f"{len(r.highlights)} prose figure(s) changed")
    if r.metadata:
        parts.append(f"{len(r.metadata)} metadata field(s) changed")
    if r.checks or r.errors:
        parts.append(f"{len(r.checks) + len(r.errors)} check(s) changed state")
    return "; ".join(parts) if parts else f"{NO_CHANGE}: {len(r.compared)} package(s) identical"


# A job summary holds at most 1 MiB: long sections are cut, with a note.
MD_MAX_ROWS = 1000


def _more(n: int) -> list[str]:
    if n <= MD_MAX_ROWS:
        return [""]
    return ["", f"… {n - MD_MAX_ROWS} more not shown here; run `gongkai diff` for all of them.",
            ""]


def render_markdown(r: DiffResult) -> str:
    lines = ["## 数据变化 / Data changes", "",
             f"`{r.old_label}` → `{r.new_label}`: {_headline(r)}.", ""]
    if not r.changed:
        return "\n".join(lines)
    if r.added or r.removed:
        lines += ["### 数据包 / Packages", "", "| | package | title | validation |",
                  "| --- | --- | --- | --- |"]
        lines += [f"| 新增 added | `{p}` | {_md(t)} | {_md(r.validation.get(p, ''))} |"
                  for p, t in r.added]
        lines += [f"| 删除 removed | `{p}` | {_md(t)} | |" for p, t in r.removed]
        lines.append("")
    if r.figures:
        lines += [f"### 数据 / Figures ({len(r.figures)})", "",
                  "| package | table | row · column | 项目 | 原值 → 新值 old → new | change |",
                  "| --- | --- | --- | --- | --- | ---: |"]
        lines += [f"| `{c.package}` | {c.table} | `{c.row}` · `{c.col}` | {_md(c.label)} | "
                  f"{_value(c.old)} → {_value(c.new)} | {c.delta} |"
                  for c in r.figures[:MD_MAX_ROWS]]
        lines += _more(len(r.figures))
    if r.notes:
        lines += ["### 注释 / Cell notes", "", "| package | cell | 项目 | old → new |",
                  "| --- | --- | --- | --- |"]
        lines += [f"| `{c.package}` | {c.table} `{c.row}` · `{c.col}` | {_md(c.label)} | "
                  f"{_md(_value(c.old))} → {_md(_value(c.new))} |" for c in r.notes]
        lines.append("")
    if r.highlights:
        lines += ["### 正文数据 / Prose figures", "",
                  "| package | code | 项目 | 原值 → 新值 old → new |", "| --- | --- | --- | --- |"]
        lines += [f"| `{h.package}` | `{h.code}` | {_md(h.label)} | {_value(h.old)} → "
                  f"{_value(h.new)} {_md(h.unit)} |" for h in r.highlights]
        lines.append("")
    if r.metadata:
        lines += ["### 元数据 / Metadata", "", "| package | field | old → new |",
                  "| --- | --- | --- |"]
        lines += [f"| `{m.package}` | `{m.key}` | {_md(_short(m.old))} → {_md(_short(m.new))} |"
                  for m in r.metadata[:MD_MAX_ROWS]]
        lines += _more(len(r.metadata))
    if r.checks or r.errors:
        lines += ["### 校验 / Checks that changed state", "",
                  "| package | check | old → new | detail |", "| --- | --- | --- | --- |"]
        lines += [f"| `{c.package}` | `{c.id}` {_md(c.description)} | {c.old} → "
                  f"**{c.new}** | {_md(c.detail)} |" for c in r.checks]
        lines += [f"| `{c.package}` | {_md(c.description)} | {c.old} → **{c.new}** | |"
                  for c in r.errors]
        lines.append("")
    return "\n".join(lines)


def render_terminal(r: DiffResult, console) -> None:
    from rich.markup import escape as e
    from rich.table import Table

    console.print(f"[bold]gongkai diff[/] {e(r.old_label)} → {e(r.new_label)}", highlight=False)
    if not r.changed:
        console.print(f"[green]{e(_headline(r))}[/]", highlight=False)
        return
    console.print(e(_headline(r)), highlight=False)

    def table(title: str, *cols: str) -> Table:
        t = Table(title=title, title_justify="left", show_lines=False)
        for c in cols:
            t.add_column(c, overflow="fold", justify="right" if c in ("old", "new", "±")
                         else "left")
        return t

    if r.added or r.removed:
        t = table("数据包 / Packages", "", "package", "title", "validation")
        for p, title in r.added:
            t.add_row("[green]+ added[/]", e(p), e(title), e(r.validation.get(p, "")))
        for p, title in r.removed:
            t.add_row("[red]- removed[/]", e(p), e(title), "")
        console.print(t)
    if r.figures:
        t = table(f"数据 / Figures ({len(r.figures)})", "package", "table", "row · column",
                  "项目", "old", "new", "±")
        for c in r.figures:
            t.add_row(e(c.package), e(c.table), e(f"{c.row} · {c.col}"), e(c.label),
                      e(_value(c.old)), e(_value(c.new)), e(c.delta))
        console.print(t)
    if r.notes:
        t = table("注释 / Cell notes", "package", "cell", "项目", "old", "new")
        for c in r.notes:
            t.add_row(e(c.package), e(f"{c.table} {c.row} · {c.col}"), e(c.label),
                      e(_value(c.old)), e(_value(c.new)))
        console.print(t)
    if r.highlights:
        t = table("正文数据 / Prose figures", "package", "code", "项目", "old", "new")
        for h in r.highlights:
            t.add_row(e(h.package), e(h.code), e(h.label), e(_value(h.old)),
                      e(f"{_value(h.new)} {h.unit}"))
        console.print(t)
    if r.metadata:
        t = table("元数据 / Metadata", "package", "field", "old", "new")
        for m in r.metadata:
            t.add_row(e(m.package), e(m.key), e(_short(m.old)), e(_short(m.new)))
        console.print(t)
    if r.checks or r.errors:
        t = table("校验 / Checks that changed state", "package", "check", "old", "new",
                  "detail")
        for c in r.checks:
            colour = {CheckState.FAIL.value: "red",
                      CheckState.DECLARED.value: "yellow"}.get(c.new, "green")
            t.add_row(e(c.package), e(f"{c.id} {c.description}"), e(c.old),
                      f"[{colour}]{c.new}[/]", e(c.detail))
        for c in r.errors:
            t.add_row(e(c.package), e(c.description), e(c.old), f"[red]{c.new}[/]", "")
        console.print(t)


# ---------------------------------------------------------------- command


def run_diff(old: Optional[Path], new: Optional[Path], git_ref: Optional[str],
             root: Path) -> DiffResult:
    if git_ref is not None:
        if old is not None and new is not None:
            raise DiffError("with --git REF give at most one folder (the working tree's "
                            "datapackages/ folder, default: datapackages)")
        work = old or new or root
        if not work.is_dir():
            raise DiffError(f"{work}: no such folder")
        tmp = Path(tempfile.mkdtemp(prefix="gongkai-diff-"))
        try:
            label = extract_revision(git_ref, work, tmp)
            old_side = _collect(tmp, label)
            new_side = _collect(work, "working tree")
            return compare(old_side, new_side)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    if old is None or new is None:
        raise DiffError("give OLD and NEW (two package folders or two datapackages/ folders), "
                        "or --git REF")
    old_side, new_side = _collect(old, str(old)), _collect(new, str(new))
    return compare(old_side, new_side)

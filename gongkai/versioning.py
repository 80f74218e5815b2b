"""Versions of a package: ingesting a report again bumps the version only when data changed.

The package's `CHANGELOG.md` (newest entry first, `## <version> — <date>`) is its history; the
site reads it back (gongkai.site.versions). A re-ingest that changes nothing keeps the version,
the `created` date and the changelog, so the package stays byte for byte the same.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .errors import PackageError

CHANGELOG = "CHANGELOG.md"
# `## <version> — <YYYY-MM-DD>`, as changelog_entry() writes it
# (also `## [v1.2.0] - 2026-01-01`)
_HEAD = re.compile(r"^##\s+\[?v?([0-9][0-9A-Za-z.+-]*)\]?\s+(?:[—–-]+\s*)?\(?(\d{4}-\d{2}-\d{2})\)?\s*$")


@dataclass
class Change:
    version: str
    date: str  # ISO date
    notes: list[str] = field(default_factory=list)  # one item per bullet, Markdown stripped


def parse_changelog(text: str, where: str = CHANGELOG) -> list[Change]:
    """The entries of a changelog, newest first as written; a bad heading is an error."""
    changes: list[Change] = []
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith("## "):
            m = _HEAD.match(line.strip())
            if not m:
                raise PackageError("a changelog heading must read '## <version> — <YYYY-MM-DD>'",
                                   file=where, line=n, found=line.strip())
            try:
                date.fromisoformat(m.group(2))
            except ValueError:
                raise PackageError("not a date", file=where, line=n, found=m.group(2)) from None
            changes.append(Change(m.group(1), m.group(2)))
        elif changes and re.match(r"^\s*[-*]\s+", line):
            changes[-1].notes.append(re.sub(r"^\s*[-*]\s+", "", line).strip())
        elif changes and changes[-1].notes and line.startswith((" ", "\t")) and line.strip():
            prev, more = changes[-1].notes[-1], line.strip()
            sep = " " if prev[-1:].isascii() or more[:1].isascii() else ""  # CJK: no space
            changes[-1].notes[-1] = prev + sep + more
    return changes


FIRST_VERSION = "1.0.0"
# Files whose bytes are the package's data (the descriptor's metadata is compared apart).
DATA_SUFFIXES = (".csv",)


def _rows(data: bytes) -> set[tuple]:
    return {tuple(r) for r in csv.reader(io.StringIO(data.decode("utf-8")))}


def changed_rows(old_dir: Path, files: dict[str, bytes]) -> int:
    """How many rows of the package's CSV resources differ from the old package's (a
    resource the old package did not have is added, see added_files, not changed)."""
    n = 0
    for name, data in files.items():
        old = old_dir / name
        if not name.endswith(DATA_SUFFIXES) or not old.exists():
            continue
        new_rows = _rows(data)
        old_rows = _rows(old.read_bytes())
        n += max(len(new_rows - old_rows), len(old_rows - new_rows))
    return n


def added_files(old_dir: Path, files: dict[str, bytes]) -> list[str]:
    """The CSV resources the old package did not have (a resource added to every package)."""
    return sorted(name for name in files
                  if name.endswith(DATA_SUFFIXES) and not (old_dir / name).exists())


def _bump(version: str) -> str:
    parts = (version.split(".") + ["0", "0"])[:3]
    try:
        major, minor = int(parts[0]), int(parts[1])
    except ValueError:
        return FIRST_VERSION
    return f"{major}.{minor + 1}.0"


def changelog_entry(version: str, day: str, lines: list[str]) -> str:
    """One version's section of a changelog: its heading and a bullet per line."""
    return f"## {version} — {day}\n\n" + "".join(f"- {line}\n" for line in lines) + "\n"


def _header(package_id: str) -> str:
    return (f"# 更新记录 Changelog：{package_id}\n\n"
            "每个版本一节，最新的在前；标题为 `## 版本 — 日期`，版本与 datapackage.json 的 "
            "`version` 一致。\nOne section per version, newest first; the heading's version "
            "equals `version` in datapackage.json.\n\n")


def plan_release(old_dir: Path, files: dict[str, bytes], *, package_id: str, title: str,
                 created: str, declared: list[dict], note: str | None) -> tuple[str, str, bytes]:
    """(version, created, CHANGELOG.md bytes) for the package about to be written."""
    day = created[:10]
    old_desc_path = old_dir / "datapackage.json"
    if not old_desc_path.exists():
        first = note or (f"首次发布：{title}的统计表、正文中陈述的数据和报告原文。"
                         f"\n  First release: the statistical tables, the figures stated in "
                         f"the prose and the source text.")
        log = _header(package_id) + changelog_entry(FIRST_VERSION, day, [first])
        return FIRST_VERSION, created, log.encode("utf-8")
    old_desc = json.loads(old_desc_path.read_text(encoding="utf-8"))
    old_version = str(old_desc.get("version", FIRST_VERSION))
    old_log_path = old_dir / CHANGELOG
    old_log = old_log_path.read_text(encoding="utf-8") if old_log_path.exists() else \
        _header(package_id) + changelog_entry(old_version,
                                              str(old_desc.get("created", created))[:10],
                                              ["首次发布 / First release"])
    n = changed_rows(old_dir, files)
    added = added_files(old_dir, files)
    same_declared = old_desc.get("known_inconsistencies", []) == declared
    if n == 0 and not added and same_declared and not note:
        return old_version, str(old_desc.get("created", created)), old_log.encode("utf-8")
    version = _bump(old_version)
    lines = [note] if note else []
    if n:
        lines.append(f"重新读取报告原文：{n} 行数据变化 / re-ingested from the source: "
                     f"{n} data rows changed")
    lines += [f"新增 {name} / added {Path(name).stem}" for name in added]
    if not same_declared:
        lines.append("已声明的不一致有变化 / declared inconsistencies changed")
    if not lines:
        lines.append("重新发布 / re-published")
    head, sep, rest = old_log.partition("\n## ")
    new_log = head.rstrip("\n") + "\n\n" + changelog_entry(version, day, lines) + (
        "## " + rest if sep else "")
    return version, created, new_log.encode("utf-8")

"""A package's version history, from its own `CHANGELOG.md` (deterministic: no clock, no git).

Every package folder may carry a `CHANGELOG.md`, newest entry first:

    ## 1.1.0 — 2026-02-01

    - 更正：……（what changed, in a line or more）

The newest entry's version must equal the descriptor's `version` (the build fails otherwise, so
a version bump without a changelog entry, or the reverse, never reaches the site). A package
without a changelog has one implied entry: its `version`, released on its `created` date.
`issued` is the oldest entry's date, `modified` the newest's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .build import BuildError

CHANGELOG = "CHANGELOG.md"
_HEAD = re.compile(r"^##\s+\[?v?([0-9][0-9A-Za-z.+-]*)\]?\s+(?:[—–-]+\s*)?\(?(\d{4}-\d{2}-\d{2})\)?\s*$")


@dataclass
class Change:
    version: str
    date: str  # ISO date
    notes: list[str] = field(default_factory=list)  # one item per bullet, Markdown stripped


@dataclass
class History:
    version: str
    changes: list[Change]  # newest first
    from_changelog: bool

    @property
    def issued(self) -> str:
        return self.changes[-1].date

    @property
    def modified(self) -> str:
        return self.changes[0].date

    @property
    def latest(self) -> Change:
        return self.changes[0]


def parse_changelog(text: str, where: str = CHANGELOG) -> list[Change]:
    changes: list[Change] = []
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith("## "):
            m = _HEAD.match(line.strip())
            if not m:
                raise BuildError("a changelog heading must read '## <version> — <YYYY-MM-DD>'",
                                 file=where, line=n, found=line.strip())
            try:
                date.fromisoformat(m.group(2))
            except ValueError:
                raise BuildError("not a date", file=where, line=n, found=m.group(2)) from None
            changes.append(Change(m.group(1), m.group(2)))
        elif changes and re.match(r"^\s*[-*]\s+", line):
            changes[-1].notes.append(re.sub(r"^\s*[-*]\s+", "", line).strip())
        elif changes and changes[-1].notes and line.startswith((" ", "\t")) and line.strip():
            prev, more = changes[-1].notes[-1], line.strip()
            sep = " " if prev[-1:].isascii() or more[:1].isascii() else ""  # CJK: no space
            changes[-1].notes[-1] = prev + sep + more
    return changes


def history(pkg) -> History:
    """The package's history; raises BuildError when the changelog and descriptor disagree."""
    version = str(pkg.descriptor.get("version", ""))
    path = pkg.path / CHANGELOG
    if not path.exists():
        created = str(pkg.descriptor.get("created", ""))[:10]
        if not created:
            raise BuildError("the package has neither a changelog nor a created date",
                             file=str(pkg.path / "datapackage.json"))
        return History(version, [Change(version, created, ["首次发布。First release."])], False)
    changes = parse_changelog(path.read_text(encoding="utf-8"), str(path))
    if not changes:
        raise BuildError("the changelog has no entry ('## <version> — <date>')", file=str(path))
    if changes[0].version != version:
        raise BuildError(f"the newest changelog entry is {changes[0].version} but the package's "
                         f"version is {version}: add an entry for the new version",
                         file=str(path))
    dates = [c.date for c in changes]
    if dates != sorted(dates, reverse=True):
        raise BuildError("changelog entries must be newest first", file=str(path))
    for c in changes:
        if not c.notes:
            raise BuildError(f"the changelog entry {c.version} says nothing about what changed",
                             file=str(path))
    return History(version, changes, True)

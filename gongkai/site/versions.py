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

from ..errors import GongkaiError
from ..versioning import CHANGELOG, Change, parse_changelog
from .model import BuildError, History

__all__ = ["CHANGELOG", "History", "history"]


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
    try:
        changes = parse_changelog(path.read_text(encoding="utf-8"), str(path))
    except GongkaiError as exc:
        raise BuildError(exc.message, file=exc.file, line=exc.line, found=exc.found) from None
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

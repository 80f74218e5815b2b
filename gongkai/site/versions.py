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

from dataclasses import dataclass

from ..errors import GongkaiError
from ..versioning import CHANGELOG, Change, parse_changelog
from .build import BuildError


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


def section_html(hist: History) -> str:
    from .util import esc

    first = hist.changes[-1]
    head = (f'<p class="gk-version">当前版本 <strong>{esc(hist.version)}</strong>，'
            f'最后更新于 <time datetime="{hist.modified}">{hist.modified}</time>'
            + (f'；首次发布于 <time datetime="{first.date}">{first.date}</time>（版本 '
               f"{esc(first.version)}）" if len(hist.changes) > 1 else "")
            + "。</p>")
    items = []
    for c in hist.changes:
        notes = "".join(f"<li>{esc(n)}</li>" for n in c.notes)
        items.append(f'<li><strong>{esc(c.version)}</strong> — <time datetime="{c.date}">'
                     f"{c.date}</time><ul>{notes}</ul></li>")
    source = ("更新记录取自数据包的 <code>CHANGELOG.md</code>（随 zip 下载）。" if hist.from_changelog
              else "数据包没有单独的更新记录：以上取自其版本号和创建日期。")
    return (f'<div class="gk-versions">{head}<ol class="gk-changes" reversed>{"".join(items)}'
            f"</ol><p><small>{source}</small></p></div>")


def build(ctx) -> None:
    """Loader (after the pages): when each dataset last changed and what changed."""
    from . import opendata as O
    from .bundles import state
    from .pages import dataset_page, report_page

    for pkg in ctx.packages:
        hist = state(ctx)["history"][pkg.id]
        block = "## 版本与更新 {#versions}\n\n" + section_html(hist) + "\n"
        for page in [report_page(pkg), dataset_page(pkg)]:
            O.augment(ctx, page, append=block)

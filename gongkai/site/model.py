"""The build's data: what the loaders compute and the pages show, as typed records.

A leaf: it imports no loader. The orchestrator (`build.py`) fills a `SiteContext`; each loader
reads from it and adds what it computes to its typed fields; nothing is attached at run time.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ..errors import GongkaiError
from ..states import CheckState
from ..versioning import Change


class BuildError(GongkaiError):
    """The site could not be built; the previous site is left in place."""


@dataclass
class FileInfo:
    """A file published on the site: its docs-relative path, size and sha256."""

    path: str  # relative to the docs folder, with forward slashes
    bytes: int
    sha256: str
    label: str = ""  # e.g. "CSV (UTF-8)"
    media_type: str = ""

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


@dataclass
class ChartInfo:
    """A chart of a report: spec, static renderings and data files (docs-relative paths)."""

    code: str
    table: str  # the template table it draws
    title: str
    description: str  # text for screen readers
    spec: dict  # Vega-Lite spec for the browser (width: container)
    svg: str  # static rendering with the title: shown without JavaScript and in print
    png: str
    csv: str
    json: str
    svg_width: int
    svg_height: int
    columns: list[str] = field(default_factory=list)  # header of the table view
    rows: list[list[str]] = field(default_factory=list)  # the table view


@dataclass
class History:
    """A package's versions, newest first (from its CHANGELOG.md, or implied)."""

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


@dataclass
class CombinedTable:
    """One table of every report in one file (CSV and Parquet)."""

    title: str
    description: str
    columns: list[tuple[str, str, str, str]]  # name, type, Chinese title, description
    rows: int
    files: dict[str, FileInfo]  # "csv", "parquet"
    reports: list[str]


@dataclass
class PublisherSeries:
    """A body's reports across years: its page, charts and the packages, oldest first."""

    id: str  # in URLs: the registry id, or the package id without its year
    key: str  # the packages' `publisher_key`
    name: str
    level: str
    level_label: str
    packages: list  # gongkai.load.Package, oldest first
    page: str  # docs-relative Markdown page
    breaks: list[tuple[int, int, str, str]] = field(default_factory=list)  # format changes
    charts: list[ChartInfo] = field(default_factory=list)

    @property
    def years(self) -> list[int]:
        return sorted({p.year for p in self.packages})


@dataclass
class YearPage:
    """A year across bodies: its reports and the per-level summary (`corpus.year_summary`)."""

    year: int
    page: str
    packages: list  # newest first as the site orders them
    summary: dict


@dataclass(frozen=True)
class CheckCounts:
    """How many of a package's checks are in each state."""

    passed: int = 0
    declared: int = 0
    failed: int = 0
    mismatched: int = 0  # the prose or last year's report says otherwise: a published finding
    uncheckable: int = 0  # a cell it needs is blank as printed
    notices: int = 0  # information: a jump on last year, a stock that does not carry over

    @property
    def total(self) -> int:
        return (self.passed + self.declared + self.failed + self.mismatched + self.uncheckable
                + self.notices)

    @classmethod
    def of(cls, checks) -> CheckCounts:
        states = [CheckState(c.status) for c in checks]
        return cls(*(states.count(s) for s in (
            CheckState.PASS, CheckState.DECLARED, CheckState.FAIL, CheckState.MISMATCH,
            CheckState.UNCHECKABLE, CheckState.INFO)))

    def __add__(self, other: CheckCounts) -> CheckCounts:
        return CheckCounts(*(a + b for a, b in zip(dataclasses.astuple(self),
                                                   dataclasses.astuple(other))))


@dataclass(repr=False)
class SiteContext:
    root: Path  # the datapackages folder
    docs: Path  # the staged docs folder that MkDocs builds
    work: Path  # scratch folder (staged docs)
    config: dict  # the MkDocs configuration as loaded from mkdocs.yml
    epoch: int  # SOURCE_DATE_EPOCH for everything dated
    cache: Path  # renderings kept between builds (same content, same bytes)
    packages: list = field(default_factory=list)  # gongkai.load.Package, newest first
    results: dict = field(default_factory=dict)  # package id -> validate.PackageResult
    counts: dict[str, CheckCounts] = field(default_factory=dict)  # package id -> counts
    tables: dict[str, dict[str, list[dict]]] = field(default_factory=dict)  # id -> table -> rows
    downloads: dict[str, dict[str, FileInfo]] = field(default_factory=dict)  # id -> {key: file}
    charts: dict[str, list[ChartInfo]] = field(default_factory=dict)  # package id -> charts
    history: dict[str, History] = field(default_factory=dict)  # package id -> history
    combined: dict[str, CombinedTable] = field(default_factory=dict)  # table -> combined
    publishers: dict[str, PublisherSeries] = field(default_factory=dict)  # url id -> series
    years: dict[int, YearPage] = field(default_factory=dict)  # year -> page, newest first
    indicators: CombinedTable | None = None  # every report's indicators in one file
    feed: FileInfo | None = None  # the Atom feed of new and corrected reports
    extra_config: dict = field(default_factory=dict)  # MkDocs settings the loaders add
    nav: list = field(default_factory=list)
    use_cache: bool = True
    jobs: int = 0  # processes for per-report work (0: every core; `workers.py`)
    timings: dict = field(default_factory=dict)
    stats: dict = field(default_factory=dict)  # what the build made, reused, removed (counts)
    written: set[str] = field(default_factory=set)  # ledger: staged files written or confirmed
    keys: dict[str, str] = field(default_factory=dict)  # package id -> key of its records
    fresh: set[str] = field(default_factory=set)  # package ids whose downloads were made again

    def __repr__(self) -> str:
        """Short: plugins log their configuration's `extra` (this context) as text."""
        return f"SiteContext({len(self.packages)} packages, docs={self.docs})"

    @property
    def site_url(self) -> str:
        return self.config.get("site_url", "")

    def package(self, pkg_id: str):
        for p in self.packages:
            if p.id == pkg_id:
                return p
        raise KeyError(pkg_id)

    @property
    def latest(self):
        return self.packages[0] if self.packages else None

    @property
    def built_at(self) -> datetime:
        return datetime.fromtimestamp(self.epoch, tz=timezone.utc)

    @property
    def total_counts(self) -> CheckCounts:
        return sum(self.counts.values(), CheckCounts())

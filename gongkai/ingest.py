"""Ingest: source file -> Report -> checks -> package folder (atomically)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import template as T
from .checks import Check, all_checks
from .divisions import division_of, level_of_code, slug
from .errors import IngestError
from .extract import read_report
from .numbers import fmt
from .package import build_files, now_iso, write_atomically
from .publishers import find_publisher
from .report import Report
from .states import BLOCKING, CheckState
from .versioning import CHANGELOG, plan_release


@dataclass
class IngestResult:
    out_dir: Path
    package_id: str
    checks: list[Check]
    figures: int
    highlights: int
    version: str = ""

    @property
    def declared(self) -> list[Check]:
        return [c for c in self.checks if c.status == CheckState.DECLARED]

    @property
    def mismatches(self) -> list[Check]:
        """Findings published with the package: prose that disagrees with its table."""
        return [c for c in self.checks if c.status == CheckState.MISMATCH]

    @property
    def passed(self) -> int:
        return sum(c.status == CheckState.PASS for c in self.checks)


def parse_declarations(items: list[str]) -> list[dict]:
    out = []
    for item in items:
        check, sep, reason = item.partition("=")
        if not sep or not check.strip() or not reason.strip():
            raise IngestError("a declaration needs a check id and a reason",
                              expected="CHECK_ID=REASON", found=repr(item))
        out.append({"check": check.strip(), "reason": reason.strip()})
    return out


@dataclass
class Prepared:
    """A report read, checked and made into its package's files, not yet written."""

    source: Path
    out: Path
    result: IngestResult
    files: dict[str, bytes]


@dataclass
class Checked:
    """A report read and checked, not yet made into files: reading it depends on nothing but
    the file and the publishers' registry; making its files reads the package it replaces."""

    source: Path
    out: Path
    report: Report
    checks: list[Check]
    meta: dict

    @property
    def package_id(self) -> str:
        return self.meta["package_id"]


def _identify(report, *, root: Path, package_id: str | None, publisher: str | None,
              division_code: str | None) -> tuple[str, str, str, str]:
    """(package id, division code, level, publisher id) from the registry or the name."""
    if package_id and not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", package_id):
        raise IngestError("bad package id", expected="lowercase letters, digits, '-', '_', '.'",
                          found=repr(package_id))
    pub = find_publisher([report.name, report.publisher], root)
    if pub is not None and not publisher:
        report.publisher = pub.name
    if pub is not None and pub.website and not report.website:
        report.website = pub.website
    pkg_id = package_id or f"{pub.id if pub else slug(report.name)}-{report.year}"
    code, level = (pub.division_code, pub.level) if pub else division_of(report.name)
    if division_code:
        code, level = division_code, level_of_code(division_code)
    return pkg_id, code, level, pub.id if pub else ""


def _check(report, declared: list[dict], pkg_id: str, source: Path) -> list[Check]:
    """Every check of the report; refuses it (writing nothing) on a blocking failure."""
    highlights = [{"code": h.code, "value": h.value, "label": h.code, "sentence": h.sentence}
                  for h in report.highlights]
    checks = all_checks({k: f.value for k, f in report.figures.items()}, highlights,
                        declared, pkg_id, T.format_of(report.template))
    known = {c.id for c in checks} | _cross_year_ids()
    unknown = [d["check"] for d in declared if d["check"] not in known]
    if unknown:
        raise IngestError(f"no such check: {unknown[0]}", file=str(source),
                          expected="a check id such as requests.balance[total]")
    failed = [c for c in checks if c.status in BLOCKING]
    if failed:
        first = failed[0]
        more = f" (and {len(failed) - 1} more)" if len(failed) > 1 else ""
        raise IngestError(
            f"the report breaks an identity of the template{more}: {first.id}: "
            f"{first.description}; expected {fmt(first.expected)}, found {fmt(first.found)}. "
            f"Nothing was written. If the report is printed so, keep it as printed with "
            f"--declare '{first.id}=<reason>'",
            file=str(source), table=first.table,
            row=f"{'+'.join(first.rows)}", column=first.column)
    return checks


def read_and_check(source: Path, *, out_dir: Path | None = None, package_id: str | None = None,
                   publisher: str | None = None, year: int | None = None,
                   title: str | None = None, division_code: str | None = None,
                   declare: list[str] = (), root: Path = Path("datapackages")) -> Checked:
    """Read and check one report (refused with a clear error if it cannot be kept)."""
    declared = parse_declarations(list(declare))
    report = read_report(source)
    report.publisher = publisher or report.publisher
    report.year = year or report.year
    report.title = title or report.title
    pkg_id, code, level, pub_id = _identify(report, root=root, package_id=package_id,
                                            publisher=publisher, division_code=division_code)
    checks = _check(report, declared, pkg_id, Path(source))
    out = Path(out_dir) if out_dir else Path(root) / pkg_id
    meta = dict(package_id=pkg_id, division_code=code, level=level, declared=declared,
                source_name="source" + _suffix(report.format), publisher_id=pub_id)
    return Checked(Path(source), out, report, checks, meta)


def make_files(checked: Checked, note: str | None = None) -> Prepared:
    """A checked report's package files, versioned against the package it replaces."""
    report, meta, out = checked.report, checked.meta, checked.out
    files = build_files(report, **meta)
    version, created, changelog = plan_release(
        out, files, package_id=checked.package_id, title=report.title, created=now_iso(),
        declared=meta["declared"], note=note)
    files = build_files(report, **meta, version=version, created=created)
    files[CHANGELOG] = changelog
    result = IngestResult(out, checked.package_id, checked.checks, len(report.figures),
                          len(report.highlights), version)
    return Prepared(checked.source, out, result, files)


def prepare(source: Path, *, note: str | None = None, **options) -> Prepared:
    """Read, check and build one report's package in memory (options as for
    `read_and_check`): the part that runs in parallel."""
    return make_files(read_and_check(source, **options), note)


def claim(taken: dict[str, str], package_id: str, source: Path) -> None:
    """Take a package id for `source` in this run (`taken`: package id -> file name), or
    refuse a second report of the same id, e.g. the same report as a page and as a PDF."""
    if package_id in taken:
        raise IngestError(f"the same report as {taken[package_id]} (package {package_id}) was "
                          f"already ingested in this run; nothing was written",
                          file=str(source))
    taken[package_id] = Path(source).name


def commit(prepared: Prepared, taken: dict[str, str] | None = None) -> IngestResult:
    """Write a prepared package, all or nothing. `taken` (package id -> file) refuses a second
    report with the same id in one run (see `claim`)."""
    if taken is not None:
        claim(taken, prepared.result.package_id, prepared.source)
    write_atomically(prepared.files, prepared.out)
    return prepared.result


def ingest_file(source: Path, *, taken: dict[str, str] | None = None, **options) -> IngestResult:
    """Ingest one report: read, check, build, write (options as for `prepare`)."""
    return commit(prepare(source, **options), taken)


def _suffix(fmt: str) -> str:
    return {"text": ".txt", "html": ".html", "docx": ".docx", "pdf": ".pdf",
            "doc": ".doc"}.get(fmt, ".txt")


def _cross_year_ids() -> set[str]:
    """Checks across years a package may declare (they run in `gongkai validate`)."""
    return {f"requests.carry[{a.code}]" for a in T.APPLICANTS}

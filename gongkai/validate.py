"""Validate packages: Frictionless (schemas, file sizes and hashes), identities, restatements,
and across years."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from frictionless import Package as FPackage
from frictionless import system

from .checks import Check, all_checks, cross_year_checks
from .errors import GongkaiError
from .load import Package, load_package
from .states import CheckState

# Frictionless reports a changed file twice (its size and its hash): one message per file.
INTEGRITY = ("hash-count", "byte-count")


@dataclass
class PackageResult:
    path: Path
    package: Package | None = None
    errors: list[str] = field(default_factory=list)  # structural: frictionless, hashes, loading
    checks: list[Check] = field(default_factory=list)

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if CheckState(c.status) is CheckState.FAIL]

    @property
    def declared(self) -> list[Check]:
        return [c for c in self.checks if CheckState(c.status) is CheckState.DECLARED]

    @property
    def findings(self) -> list[Check]:
        """Published findings that do not fail a package: prose or another year disagrees,
        or a notice (a jump, a stock that does not carry over)."""
        return [c for c in self.checks
                if CheckState(c.status) in (CheckState.MISMATCH, CheckState.INFO)]

    @property
    def ok(self) -> bool:
        return not self.errors and not self.failed


def frictionless_errors(path: Path) -> list[str]:
    """Frictionless validation of a package: schemas, rows, and each file's size and hash
    against its descriptor (a file that changed is one message, whatever differs)."""
    with system.use_context(trusted=False):
        report = FPackage(str(path / "datapackage.json")).validate()
    out = []
    for task in report.tasks:
        where = f"table {task.name or task.place}"
        integrity = [err for err in task.errors if err.type in INTEGRITY]
        if integrity:
            out.append(f"{path.name}: {where}: the file {task.place} does not match its "
                       "descriptor (" + "; ".join(
                           ("sha256: " if err.type == "hash-count" else "bytes: ") + err.note
                           for err in integrity) + ")")
        for err in task.errors:
            if err.type in INTEGRITY:
                continue
            row = getattr(err, "row_number", None)
            fieldname = getattr(err, "field_name", None)
            loc = where + (f", row {row}" if row else "") + \
                (f", column {fieldname}" if fieldname else "")
            out.append(f"{path.name}: {loc}: {err.type}: {err.message}")
    for err in report.errors:
        out.append(f"{path.name}: {err.type}: {err.message}")
    return out


def validate_package(path: str | Path, *, structural: bool = True,
                     errors_of: Callable[[Path], list[str]] = frictionless_errors
                     ) -> PackageResult:
    path = Path(path)
    if path.name == "datapackage.json":
        path = path.parent
    result = PackageResult(path)
    try:
        pkg = load_package(path)
    except GongkaiError as exc:
        result.errors.append(str(exc))
        return result
    result.package = pkg
    if structural:
        result.errors.extend(errors_of(path))
    if result.errors:
        return result
    try:
        result.checks = all_checks(pkg.figures, pkg.highlights,
                                   pkg.descriptor.get("known_inconsistencies", []), pkg.id,
                                   pkg.form)
    except KeyError as exc:
        result.errors.append(f"{pkg.id}: a figure is missing: {exc}")
    return result


def validate_many(paths: list[Path], *, structural: bool = True,
                  errors_of: Callable[[Path], list[str]] = frictionless_errors
                  ) -> list[PackageResult]:
    """`errors_of`: the structural validation of one package (a build passes a cached one)."""
    results = [validate_package(p, structural=structural, errors_of=errors_of) for p in paths]
    loaded = [r.package for r in results if r.package is not None and not r.errors]
    by_id = {r.package.id: r for r in results if r.package is not None}
    for c in cross_year_checks(loaded):
        by_id[c.package].checks.append(c)
    return results

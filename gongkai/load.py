"""Read a committed data package back into figures: the one loader every later step uses."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from . import template as T
from .errors import PackageError
from .numbers import read_number


_SHARED: dict = {}


def shared(value):
    """One object for equal keys and strings across packages: at tens of thousands of
    packages, the same (table, row, column) keys, provenance strings and resource schemas
    held once each. Shared objects are never changed."""
    if isinstance(value, str):
        return sys.intern(value)
    return _SHARED.setdefault(value, value)


class Place(Mapping):
    """One provenance row, read-only, as a mapping of its columns to strings; its values kept
    in a tuple beside one shared column index (a dict per row weighed about 1 KB, and a
    package has a row per published cell)."""

    __slots__ = ("_index", "_values")

    def __init__(self, index: dict[str, int], values: tuple[str, ...]):
        self._index, self._values = index, values

    def __getitem__(self, name: str) -> str:
        return self._values[self._index[name]]

    def __iter__(self):
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def __repr__(self) -> str:
        return f"Place({dict(self)!r})"


@dataclass
class Package:
    path: Path  # the package folder
    descriptor: dict
    # a figure: int, Decimal (decimals exactly as printed) or None (blank as printed)
    figures: dict[tuple[str, str, str], int | Decimal | None] = field(default_factory=dict)
    notes: dict[tuple[str, str, str], str] = field(default_factory=dict)
    printed: dict[tuple[str, str, str], str] = field(default_factory=dict)  # where not plain
    highlights: list[dict] = field(default_factory=list)
    # where each figure was in the source: its provenance row (source, page, box, table_index,
    # row_index, cell_index, line as strings, blank where not applicable); empty for a package
    # without a provenance resource
    places: dict[tuple[str, str, str], dict] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.descriptor["name"]

    @property
    def report(self) -> dict:
        return self.descriptor.get("report", {})

    @property
    def year(self) -> int:
        return int(self.report.get("year", 0))

    @property
    def publisher(self) -> str:
        return self.report.get("publisher", "")

    @property
    def publisher_key(self) -> str:
        """The publisher's registry id where the package names one, else its printed name:
        what groups one body's reports into a series."""
        return self.report.get("publisher_id") or self.publisher

    @property
    def form(self) -> T.Format:
        """The national format the report is in (its tables, identities, prose figures)."""
        return T.format_of(self.report.get("template", T.TEMPLATE_ID))

    def resource(self, name: str) -> dict:
        for r in self.descriptor.get("resources", []):
            if r.get("name") == name:
                return r
        raise PackageError(f"no resource {name!r}", file=str(self.path / "datapackage.json"))

    def resource_path(self, name: str) -> Path:
        return self.path / self.resource(name)["path"]

    def rows(self, name: str) -> list[dict]:
        """The rows of a CSV resource as dicts of strings."""
        text = self.resource_path(name).read_text(encoding="utf-8")
        return list(csv.DictReader(io.StringIO(text)))

    def value(self, table: str, row: str, col: str):
        return self.figures[(table, row, col)]


def load_package(path: str | Path) -> Package:
    p = Path(path)
    if p.name == "datapackage.json":
        p = p.parent
    desc_path = p / "datapackage.json"
    try:
        descriptor = json.loads(desc_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PackageError("no datapackage.json here", file=str(p)) from None
    except json.JSONDecodeError as exc:
        raise PackageError(f"not valid JSON: {exc.msg} (line {exc.lineno})",
                           file=str(desc_path)) from None
    for resource in descriptor.get("resources", []):
        if isinstance(resource.get("schema"), dict):  # the template's, alike in every package
            resource["schema"] = _SHARED.setdefault(
                json.dumps(resource["schema"], sort_keys=True), resource["schema"])
    pkg = Package(p, descriptor)
    try:
        tables = pkg.form.tables
    except KeyError as exc:
        raise PackageError(f"unknown national format: {exc}", file=str(desc_path)) from None
    for table, t in tables.items():
        try:
            rows = pkg.rows(table)
        except FileNotFoundError:
            raise PackageError("resource file is missing", file=str(p), table=table) from None
        for i, r in enumerate(rows, 2):
            try:
                key = shared((shared(table), shared(r[t.row_field]),
                              shared(r[t.col_field])))
                text = r[t.value_field]
                pkg.figures[key] = read_number(text) if text.strip() else None
            except (KeyError, ValueError, TypeError, ArithmeticError):
                raise PackageError("unreadable row", file=str(pkg.resource_path(table)),
                                   table=table, line=i, found=repr(r)) from None
            if r.get("note"):
                pkg.notes[key] = r["note"]
            if r.get("printed"):
                pkg.printed[key] = r["printed"]
    _load_places(pkg)
    if any(r.get("name") == "highlights" for r in descriptor.get("resources", [])):
        try:
            for i, r in enumerate(pkg.rows("highlights"), 2):
                r["value"] = read_number(r["value"])
                pkg.highlights.append(r)
        except FileNotFoundError:
            raise PackageError("resource file is missing", file=str(p),
                               table="highlights") from None
        except (KeyError, ArithmeticError, AttributeError):
            raise PackageError("unreadable row", file=str(pkg.resource_path("highlights")),
                               table="highlights", line=i) from None
    return pkg


def _load_places(pkg: Package) -> None:
    """The provenance resource, where the package has one, keyed like the figures."""
    if not any(r.get("name") == "provenance" for r in pkg.descriptor.get("resources", [])):
        return
    try:
        reader = csv.reader(io.StringIO(pkg.resource_path("provenance").read_text(
            encoding="utf-8")))
        header = tuple(next(reader, ()))
        index = _SHARED.setdefault(("provenance columns", header),
                                   {shared(name): i for i, name in enumerate(header)})
        t, r_, c = index["table"], index["row"], index["column"]
        for values in reader:
            values = tuple(shared(v) for v in values)
            if len(values) != len(header):
                raise KeyError("row length")
            pkg.places[shared((values[t], values[r_], values[c]))] = Place(index, values)
    except FileNotFoundError:
        raise PackageError("resource file is missing", file=str(pkg.path),
                           table="provenance") from None
    except KeyError:
        raise PackageError("unreadable provenance (no table, row or column)",
                           file=str(pkg.resource_path("provenance"))) from None


def find_packages(root: str | Path) -> list[Path]:
    """Package folders under a `datapackages/` folder (or the folder itself if it is one)."""
    root = Path(root)
    if (root / "datapackage.json").exists():
        return [root]
    return sorted(d for d in root.iterdir() if (d / "datapackage.json").exists()) \
        if root.is_dir() else []


def load_all(root: str | Path) -> list[Package]:
    return [load_package(p) for p in find_packages(root)]

"""The publishers registry: one file naming every body whose reports are published.

`datapackages/publishers.csv` gives each body a stable id (the first part of its reports'
package ids), its name, the other names its reports print (aliases), its level, its
administrative division code (GB/T 2260) and its web site. A report is matched to its body by
the name its title prints; a body not in the registry is published under a pinyin id.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .divisions import LEVELS
from .errors import PackageError

REGISTRY = "publishers.csv"
DEFAULT_ROOT = Path(__file__).resolve().parents[1] / "datapackages"


@dataclass(frozen=True)
class Publisher:
    id: str
    name: str
    aliases: tuple[str, ...]
    level: str
    division_code: str
    website: str = ""
    note: str = ""

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def _key(name: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def registry_path(root: str | Path | None = None) -> Path:
    """The registry beside the packages of `root`, else the project's own."""
    if root is not None and (Path(root) / REGISTRY).exists():
        return Path(root) / REGISTRY
    return DEFAULT_ROOT / REGISTRY


def load_registry(root: str | Path | None = None) -> list[Publisher]:
    path = registry_path(root)
    if not path.exists():
        return []
    out = []
    with open(path, encoding="utf-8", newline="") as f:
        for line, row in enumerate(csv.DictReader(f), 2):
            level = row.get("level", "")
            if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", row.get("id") or "") or \
                    level not in LEVELS or not row.get("name"):
                raise PackageError("bad publisher row", file=str(path), line=line,
                                   expected=f"an id (a-z, 0-9, -), a name and a level of "
                                            f"{', '.join(LEVELS)}", found=repr(row))
            out.append(Publisher(row["id"], row["name"],
                                 tuple(a for a in (row.get("aliases") or "").split("|") if a),
                                 level, row.get("division_code", ""), row.get("website", ""),
                                 row.get("note", "")))
    return out


@lru_cache(maxsize=8)
def _name_index(path: Path, _stamp: tuple[int, int]) -> dict[str, tuple[int, Publisher]]:
    """Each name's key -> the first body (in registry order) printing it. Cached by the file's
    stamp: ingesting a folder looks up every report's name, and reading a registry of
    thousands of bodies once a report made ingest quadratic in the corpus."""
    index: dict[str, tuple[int, Publisher]] = {}
    for order, pub in enumerate(load_registry(path.parent)):
        for name in pub.names():
            index.setdefault(_key(name), (order, pub))
    return index


def find_publisher(names: list[str], root: str | Path | None = None) -> Publisher | None:
    """The registered body any of `names` (as a report prints them) names, or None; of two
    bodies named, the one first in the registry."""
    path = registry_path(root)
    if not path.exists():
        return None
    stat = path.stat()
    index = _name_index(path.resolve(), (stat.st_mtime_ns, stat.st_size))
    hits = [index[k] for k in {_key(n) for n in names if n} if k in index]
    return min(hits, key=lambda hit: hit[0])[1] if hits else None

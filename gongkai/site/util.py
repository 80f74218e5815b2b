"""Small helpers shared by the site's loaders: escaping, page paths and URLs, stable writes."""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from decimal import Decimal
from pathlib import Path

import humanize

from .. import numbers


def esc(text) -> str:
    """HTML-escape text, and neutralise Jinja delimiters so no template engine ever sees them."""
    out = html.escape(str(text), quote=True)
    return out.replace("{", "&#123;").replace("}", "&#125;")


def md_esc(text) -> str:
    """Escape text for a Markdown heading or link text (HTML, Jinja and Markdown specials)."""
    out = esc(text)
    for ch in "\\`*_[]()#+!|":
        out = out.replace(ch, "\\" + ch)
    return out


def num(value) -> str:
    """A figure as held: one formatter for the whole project (`numbers.fmt`)."""
    return numbers.fmt(value)


def grouped(value) -> str:
    """A figure with thousands separators, for headline cards and chart labels."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return f"{value:,f}"  # every printed digit
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{int(value):,}"


def pct(value, places: int = 2) -> str:
    return f"{value:.{places}f}%"


def size(n: int) -> str:
    """A file size for people, in binary units (B, KiB, MiB)."""
    return f"{n} B" if n < 1024 else humanize.naturalsize(n, binary=True)


_EXACT = "\x00"  # marks a Decimal's digits in the JSON text until they are unquoted
_EXACT_STRING = re.compile(r'"\\u0000(-?[0-9.]+)\\u0000"')


def json_text(data, *, indent: int | None = 1) -> str:
    """JSON of `data`, with each Decimal written as the number it holds, digit for digit
    (`numbers.fmt`), never through a float."""
    def exact(value):
        if isinstance(value, Decimal):
            return _EXACT + numbers.fmt(value) + _EXACT
        raise TypeError(f"not JSON serialisable: {value!r}")

    text = json.dumps(data, ensure_ascii=False, indent=indent, default=exact)
    return _EXACT_STRING.sub(r"\1", text) + "\n"


def _same(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except (FileNotFoundError, NotADirectoryError):
        return False


def write_bytes(path: Path, data: bytes, ledger: set[str] | None = None) -> Path:
    """Write a staged file, only when its bytes differ (an unchanged file keeps its mtime, so
    the next MkDocs build skips it), and record it in the build's ledger."""
    if ledger is not None:
        ledger.add(str(path))
    if _same(path, data):
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def write_text(path: Path, text: str, ledger: set[str] | None = None) -> Path:
    return write_bytes(path, text.encode("utf-8"), ledger)


def write_whole(path: Path, data: bytes) -> Path:
    """Write a file whole or not at all (a cache entry other processes may be reading)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return path


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def rel(from_page: str, target: str) -> str:
    """Relative URL from a generated page (docs-relative .md path, directory URLs) to a file."""
    depth = from_page.count("/")
    if not from_page.endswith("index.md"):
        depth += 1
    return "../" * depth + target


def url_of(md: str) -> str:
    """The directory URL (relative to the site root) of a docs-relative Markdown page."""
    if md == "index.md":
        return ""
    if md.endswith("/index.md"):
        return md[: -len("index.md")]
    return md[: -len(".md")] + "/"


def link(from_page: str, target_md: str) -> str:
    """Relative URL from one generated page to another (raw HTML links are not rewritten)."""
    return rel(from_page, url_of(target_md)) or "./"


def website(pkg) -> str:
    """The publisher's web site from the package, if it is a usable http(s) link; else ''."""
    url = str(pkg.report.get("website", ""))
    return url if url.startswith(("http://", "https://")) else ""


# ------------------------------------------------------------------ where a package's pages are


def report_page(pkg) -> str:
    return f"reports/{pkg.id}.md"


def dataset_page(pkg, resource: str | None = None) -> str:
    return f"datasets/{pkg.id}/{resource or 'index'}.md"


def report_name(pkg) -> str:
    return f"{pkg.year}年{pkg.report.get('name') or pkg.publisher}"


def field_title(pkg, resource: str, name: str) -> str:
    """The Chinese title of a field, from the resource's table schema."""
    for f in pkg.resource(resource).get("schema", {}).get("fields", []):
        if f["name"] == name:
            return f.get("title", name)
    return name

"""Small helpers shared by the site's loaders: escaping, number formatting, stable writes."""

from __future__ import annotations

import hashlib
import html
import json
from pathlib import Path


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
    """A figure as printed: integers plain, decimals without trailing zeros."""
    if value is None:
        return "—"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.6f}".rstrip("0").rstrip(".")
    return str(value)


def grouped(value) -> str:
    """A figure with thousands separators, for headline cards and chart labels."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{int(value):,}"


def pct(value, places: int = 2) -> str:
    return f"{value:.{places}f}%"


def write_text(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


def write_bytes(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def front_matter(**fields) -> str:
    """YAML front matter; values as JSON strings (valid YAML), macros never rendered."""
    lines = ["---"]
    for k, v in fields.items():
        lines.append(f"{k}: {json.dumps(v, ensure_ascii=False)}")
    lines.append("render_macros: false")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def human_size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


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

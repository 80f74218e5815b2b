"""Make tests/fixtures/oneline/: reports as a web page's text content (cells run together).

    .venv/bin/python scripts/make_oneline_fixtures.py [SHARED]

A browser's `element.textContent` concatenates the text of every node: a table's cells come
out with nothing between them (`21710000218` for 217 1 0 0 0 0 218), headings run into the
text around them, and only the whitespace the page's source happened to hold between tags
remains. This script gives that text with lxml (script and style elements have no text a
reader sees, so they are dropped, as `innerText` would):

- seed-2024.txt           the seed report (datapackages/shanghai-2024/source.txt) laid out as a
                          minified article page (title, paragraphs, tables, no whitespace
                          between tags), then its textContent: one line
- pingtan-YYYY.txt        the real Pingtan page's <body> textContent as it is (the article is
                          mostly one line; the source's indentation stays around some nodes)
- pingtan-YYYY-line.txt   the same with every line break and the indentation after it removed:
                          literally one line

SHARED is the shared folder holding reports/pingtan/ (default: shared/ beside the
repository). 2019 and 2020 are in the earlier national format (国办公开办函〔2019〕60号).
The generated files are committed, so tests never need this script to run.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import lxml.html

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "tests" / "fixtures" / "oneline"
SEED = REPO / "datapackages" / "shanghai-2024" / "source.txt"
YEARS = (2019, 2020, 2021, 2022, 2023, 2024, 2025)


def text_content(page: str | bytes) -> str:
    """The <body>'s textContent, script and style left out."""
    root = lxml.html.document_fromstring(page)
    for el in root.xpath("//script|//style"):
        el.drop_tree()
    body = root.find("body")
    return (body if body is not None else root).text_content()


def one_line(text: str) -> str:
    """Every line break, and the whitespace around it, removed."""
    return re.sub(r"[ \t\u00a0\u3000]*\n\s*", "", text).strip()


def seed_page(seed: str) -> str:
    """The seed's text (a cell a tab-led line, a blank line ending a row) as a minified page."""
    out = ["<html><head><meta charset='utf-8'><title>report</title></head><body><article>"]
    row: list[str] | None = None
    table_open = False
    first = True

    def close_row():
        nonlocal row
        if row is not None:
            out.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>")
        row = None

    for line in seed.replace("\r\n", "\n").split("\n"):
        if line.startswith("\t"):
            if not table_open:
                out.append("<table>")
                table_open = True
            if row is None:
                row = []
            row.append(line[1:].strip())
        elif not line.strip():
            close_row()
        else:
            close_row()
            if table_open:
                out.append("</table>")
                table_open = False
            tag = "h1" if first else "p"
            first = False
            out.append(f"<{tag}>{html.escape(line.strip())}</{tag}>")
    close_row()
    if table_open:
        out.append("</table>")
    out.append("</article></body></html>")
    return "".join(out)


def shared_dir() -> Path:
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    cand = REPO.parent / "shared"
    if (cand / "reports" / "pingtan").is_dir():
        return cand
    raise SystemExit("no shared folder with reports/pingtan/ beside the repository: pass its path")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    seed = SEED.read_text(encoding="utf-8")
    (OUT / "seed-2024.txt").write_text(one_line(text_content(seed_page(seed))) + "\n",
                                       encoding="utf-8")
    pingtan = shared_dir() / "reports" / "pingtan"
    for year in YEARS:
        page = (pingtan / f"pingtan-{year}.html").read_bytes()
        text = text_content(page)
        (OUT / f"pingtan-{year}.txt").write_text(text, encoding="utf-8")
        (OUT / f"pingtan-{year}-line.txt").write_text(one_line(text) + "\n", encoding="utf-8")
    for p in sorted(OUT.iterdir()):
        print(f"{p.relative_to(REPO)}  {p.stat().st_size} bytes")


if __name__ == "__main__":
    main()

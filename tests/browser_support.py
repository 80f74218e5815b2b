"""Support for the real-browser tests: serve a built site on 127.0.0.1, drive Debian's Chromium,
record every request and console error, and check downloads against a package.

Chromium is the system one (`/usr/bin/chromium`, installed by scripts/system-deps.sh, or
$CHROMIUM); Playwright never downloads a browser here. axe-core comes from the pinned `axe-playwright-python` wheel,
which ships `axe.min.js`.
"""

from __future__ import annotations

import contextlib
import csv
from decimal import Decimal
import functools
import http.server
import io
import json
import os
import shutil
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from gongkai import template as T

# Debian's chromium; elsewhere (e.g. a CI runner) $CHROMIUM or the first chromium on PATH
CHROMIUM = os.environ.get("CHROMIUM") or next(
    (p for p in ("/usr/bin/chromium", shutil.which("chromium") or "",
                 shutil.which("chromium-browser") or "") if p and os.path.exists(p)),
    "/usr/bin/chromium")
# Without the background-networking flags Chromium calls Google hosts on start.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"


def axe_script() -> Path:
    """axe.min.js from the pinned axe-playwright-python wheel."""
    from importlib.resources import files

    path = Path(str(files("axe_playwright_python") / "axe.min.js"))
    if not path.is_file():
        raise FileNotFoundError(f"axe-core not found at {path}: run `make setup`")
    return path


# ------------------------------------------------------------------ building and serving


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve(folder: Path):
    """Serve `folder` on 127.0.0.1 on a free port in this process; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# ------------------------------------------------------------------ recording


def is_local(url: str) -> bool:
    """127.0.0.1 over http(s), or data inlined in the page (data:, blob:)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob"):
        return True
    return parts.scheme in ("http", "https") and parts.hostname == "127.0.0.1"


@dataclass
class Recorder:
    """Everything a browser context requested, and every console error and page error."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # console errors, uncaught exceptions
    failed: list[str] = field(default_factory=list)  # HTTP >= 400 and network failures
    pages: list[str] = field(default_factory=list)  # every URL a page navigated to

    def attach(self, context) -> None:
        context.on("request", lambda r: self.requests.append(r.url))
        # ERR_ABORTED: the page was left while the request ran (e.g. the search worker's
        # scripts when a test moves on at once); anything else is a real failure.
        context.on("requestfailed",
                   lambda r: self.failed.append(f"{r.url}: {r.failure}")
                   if "ERR_ABORTED" not in (r.failure or "") else None)
        context.on("response", lambda r: self.failed.append(f"{r.url}: HTTP {r.status}")
                   if r.status >= 400 else None)
        context.on("page", self._page)
        for page in context.pages:
            self._page(page)

    def _page(self, page) -> None:
        page.on("console", lambda m: self.errors.append(f"console {m.type} on {page.url}: "
                                                         f"{m.text}")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"uncaught on {page.url}: {e}"))
        page.on("framenavigated",
                lambda f: self.pages.append(f.url) if f == page.main_frame else None)

    def external(self) -> list[str]:
        return sorted({u for u in self.requests if not is_local(u)})


# ------------------------------------------------------------------ search


def search(page, query: str, *, type_it: bool = True, timeout: float = 15_000) -> list[dict]:
    """Run a query in the header's search box the way a reader does: clear the box, type the
    query (it searches as one types), press End. Waits for the results of this query (the list
    names the query it answers). Returns the results: page URL (no query string or fragment),
    text (zero-width spaces removed) and highlighted words."""
    box = page.locator("input.md-search__input")
    box.focus()
    if box.input_value():
        page.keyboard.press("Control+A")
        page.keyboard.press("Backspace")
        page.wait_for_function(
            "document.querySelectorAll('.md-search-result__item').length === 0",
            timeout=timeout)
    if type_it:
        box.type(query)
    else:  # long labels: set the text at once
        box.fill(query)
    page.keyboard.press("End")
    page.wait_for_function(
        """q => { const l = document.querySelector('.md-search-result__list');
                  return l && l.getAttribute('data-query') === q
                      && l.querySelector('.md-search-result__item'); }""",
        arg=query.strip(), timeout=timeout)
    return page.eval_on_selector_all(".md-search-result__item", """items => items.map(item => {
        const a = item.querySelector('a.md-search-result__link');
        const url = new URL(a.href);
        return {url: url.origin + url.pathname,
                text: item.textContent.replace(/\\u200b/g, ''),
                marks: [...item.querySelectorAll('mark')].map(m => m.textContent)};
    })""")


# ------------------------------------------------------------------ charts


# One bar per row of the chart's table view (its data for screen readers).
CHART_MARKS_JS = """view => {
    const figure = view.closest('figure') || view;
    const bars = figure.querySelectorAll('details table tbody tr').length;
    const live = view.querySelector('.gk-chart-live');
    const svg = live.querySelector('svg');
    const canvas = live.querySelector('canvas');
    let marks = 0, painted = false;
    if (svg) {
        marks = svg.querySelectorAll('g.mark-rect path, g.mark-rect rect').length;
        const box = svg.getBoundingClientRect();
        painted = box.width > 0 && box.height > 0;
    } else if (canvas) {
        const ctx = canvas.getContext('2d');
        const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 0; i < px.length; i += 4) {
            if (px[i + 3] && (px[i] < 200 || px[i + 1] < 200 || px[i + 2] < 200)) { marks++; }
        }
        painted = canvas.width > 0 && canvas.height > 0;
    }
    return {title: figure.querySelector('figcaption')?.textContent?.trim() || '',
            rendered: view.getAttribute('data-rendered'),
            bars, marks, painted, kind: svg ? 'svg' : canvas ? 'canvas' : 'none'};
}"""


def chart_states(page) -> list[dict]:
    return page.eval_on_selector_all(".gk-chart-view", f"views => views.map({CHART_MARKS_JS})")


def activate_charts(page) -> int:
    """Ask for the interactive charts the way a reader does: click a chart's 交互图表 button
    (the Vega bundle loads only then). Returns how many buttons the page showed."""
    page.wait_for_function("""() => document.querySelector('button.gk-chart-activate')
        || [...document.querySelectorAll('.gk-chart-view')]
               .every(v => v.hasAttribute('data-rendered'))""")
    buttons = page.locator("button.gk-chart-activate")
    count = buttons.count()
    if count:
        buttons.first.click()
    return count


def wait_for_charts(page, timeout: float = 20_000, *, activate: bool = True) -> list[dict]:
    """Click a chart's button (unless `activate` is false), then wait until every chart view
    has settled (rendered or failed), at most `timeout` ms; returns their states (a chart
    still pending then is reported as such by the caller)."""
    if activate:
        activate_charts(page)
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(
            """() => { const v = document.querySelectorAll('.gk-chart-view');
                       return v.length > 0 && [...v].every(e => ['yes', 'error']
                           .includes(e.getAttribute('data-rendered'))); }""", timeout=timeout)
    except PlaywrightTimeout:
        pass
    return chart_states(page)


# ------------------------------------------------------------------ downloads vs the package


def same_value(got, want: str, field_type: str) -> bool:
    """A typed cell (JSON or XLSX) against the committed CSV's text for a field."""
    if want == "":
        return got is None or got == ""
    if field_type in ("integer", "number"):  # the exact value: every printed digit
        return not isinstance(got, bool) and isinstance(got, (int, float, Decimal)) \
            and Decimal(str(got)) == Decimal(want)
    return str(got) == want


def field_types(pkg, name: str) -> dict[str, str]:
    return {f["name"]: f.get("type", "string")
            for f in pkg.resource(name).get("schema", {}).get("fields", [])}


def check_csv(data: bytes, pkg, name: str, *, bom: bool) -> None:
    assert data.startswith(b"\xef\xbb\xbf") == bom, f"{name}: BOM expected={bom}"
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows == pkg.rows(name), f"{name}: CSV rows differ from the package"


def check_json_rows(data: bytes, pkg, name: str) -> None:
    got = json.loads(data.decode("utf-8"))
    want = pkg.rows(name)
    types = field_types(pkg, name)
    assert isinstance(got, list) and len(got) == len(want), f"{name}.json: row count"
    for i, (g, w) in enumerate(zip(got, want)):
        assert set(g) == set(w), f"{name}.json row {i}: fields {sorted(g)} != {sorted(w)}"
        for k, v in w.items():
            assert same_value(g[k], v, types.get(k, "string")), \
                f"{name}.json row {i} {k}: {g[k]!r} != {v!r}"


def check_xlsx(data: bytes, pkg, name: str) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True)
    ws = wb[name] if name in wb.sheetnames else wb.worksheets[0]
    sheet = [list(r) for r in ws.iter_rows(values_only=True)]
    want = pkg.rows(name)
    types = field_types(pkg, name)
    header = [h for h in sheet[0]]
    assert header == list(types), f"{name}.xlsx: header {header}"
    body = [r for r in sheet[1:] if any(c not in (None, "") for c in r)]
    assert len(body) == len(want), f"{name}.xlsx: {len(body)} rows, package has {len(want)}"
    for i, (g, w) in enumerate(zip(body, want)):
        for k, cell in zip(header, g):
            assert same_value(cell, w[k], types.get(k, "string")), \
                f"{name}.xlsx row {i} {k}: {cell!r} != {w[k]!r}"


def check_zip(data: bytes, pkg, tmp: Path) -> None:
    """The whole package: datapackage.json and every resource as committed, and it loads to
    the same figures."""
    from gongkai.load import load_package

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
        names = zf.namelist()
        descs = [n for n in names if n.rsplit("/", 1)[-1] == "datapackage.json"]
        assert len(descs) == 1, f"zip: datapackage.json entries {descs}"
        prefix = descs[0][: -len("datapackage.json")]
        assert json.loads(zf.read(descs[0])) == pkg.descriptor
        for res in pkg.descriptor["resources"]:
            assert zf.read(prefix + res["path"]) == (pkg.path / res["path"]).read_bytes(), \
                f"zip: {res['path']} differs"
        zf.extractall(tmp)
    unpacked = load_package(tmp / prefix)
    assert unpacked.figures == pkg.figures and unpacked.notes == pkg.notes
    assert unpacked.highlights == pkg.highlights


def check_tables_xlsx(data: bytes, pkg) -> None:
    """The printed-layout workbook: its plain data sheet (table, row, column, value, note)
    holds every figure of the package, and only those."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True)
    sheets = [ws for ws in wb.worksheets
              if [c.value for c in next(ws.iter_rows(max_row=1))][:1] == ["table"]]
    assert len(sheets) == 1, f"tables workbook: data sheets {[ws.title for ws in sheets]}"
    rows = list(sheets[0].iter_rows(values_only=True))
    head = list(rows[0])
    seen = {}
    for r in rows[1:]:
        rec = dict(zip(head, r))
        seen[(rec["table"], rec["row"], rec["column"])] = rec
    assert set(seen) == set(pkg.figures), "tables workbook: other figures than the package"
    for key, rec in seen.items():
        assert float(rec["value"]) == float(pkg.figures[key]), f"tables workbook {key}"
        assert (rec.get("note") or "") == pkg.notes.get(key, ""), f"tables workbook note {key}"


def check_combined(data: bytes, pkg, name: str, fmt: str) -> None:
    """downloads/all-<table>.csv|parquet: every report's rows; this package's equal its CSV."""
    want = pkg.rows(name)
    types = field_types(pkg, name)
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        mine = [{k: r[k] for k in types} for r in rows if r["report"] == pkg.id]
        assert mine == want, f"all-{name}.csv: {pkg.id}'s rows differ from the package"
        return
    import pyarrow.parquet as pq

    rows = pq.read_table(io.BytesIO(data)).to_pylist()
    mine = [r for r in rows if r["report"] == pkg.id]
    assert len(mine) == len(want), f"all-{name}.parquet: {len(mine)} rows of {pkg.id}"
    for i, (g, w) in enumerate(zip(mine, want)):
        for k, v in w.items():
            assert same_value(g[k], v, types.get(k, "string")), \
                f"all-{name}.parquet row {i} {k}: {g[k]!r} != {v!r}"


def expected_chart_values(pkg, code: str) -> list[float]:
    """The figures a report chart draws, taken from the package by the template's codes."""
    f = pkg.figures
    if code == "outcomes":
        return [sum(f[("requests", r, "total")] for r in rows)
                for rows in pkg.form.outcome_groups.values()]
    if code in ("withheld", "unavailable", "unprocessed"):
        return [f[("requests", r.code, "total")] for r in pkg.form.tables["requests"].rows
                if r.group == code]
    if code == "applicants":
        return [f[("requests", "new_requests", c.code)] for c in T.APPLICANTS
                if c.code != "total"]
    if code == "appeals":
        return [f[("appeals", p.code, c.code)] for p in T.PROCEEDINGS for c in T.RESULTS
                if c.code != "total"]
    if code == "proactive":
        block = pkg.form.proactive_blocks[0]
        return [f[("proactive", item, m)] for item in block[2] for m in block[3]]
    raise AssertionError(f"chart {code!r}: no expectation in tests/browser_support.py; "
                         "add the figures it draws")


def check_chart_file(data: bytes, pkg, filename: str) -> None:
    """A chart's downloads: PNG and SVG images, its data as CSV, its Vega-Lite JSON."""
    code, _, ext = filename.partition(".")
    if ext == "png":
        from PIL import Image

        img = Image.open(io.BytesIO(data))
        img.verify()
        assert img.format == "PNG" and img.size[0] > 100 and img.size[1] > 50, filename
    elif ext == "svg":
        from xml.etree import ElementTree

        root = ElementTree.fromstring(data)
        assert root.tag.endswith("svg"), filename
        assert len(list(root.iter())) > 10, f"{filename}: an empty drawing"
    elif ext == "csv":
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
        values = [float(r["数值"]) for r in rows]
        assert values == [float(v) for v in expected_chart_values(pkg, code)], \
            f"{filename}: {values}"
    elif ext == "vl.json":
        spec = json.loads(data)
        assert spec.get("$schema", "").startswith("https://vega.github.io/schema/vega-lite/")
        layers = spec.get("layer", [spec])
        bars = next(layer for layer in layers
                    if (layer["mark"].get("type") if isinstance(layer["mark"], dict)
                        else layer["mark"]) == "bar")
        values = [float(v["value"]) for v in bars["data"]["values"]]
        assert values == [float(v) for v in expected_chart_values(pkg, code)], filename
    else:
        raise AssertionError(f"unrecognised chart download {filename}")


def check_download(url: str, data: bytes, pkg, tmp: Path) -> str:
    """Parse a downloaded file and compare it with the package; returns what it was."""
    path = urlsplit(url).path
    filename = path.rsplit("/", 1)[-1]
    if f"/charts/{pkg.id}/" in path:
        check_chart_file(data, pkg, filename)
        return f"chart {filename}"
    if "/downloads/all-" in path:
        name, _, fmt = filename[len("all-"):].partition(".")
        check_combined(data, pkg, name, fmt)
        return f"combined {fmt}"
    assert f"/downloads/{pkg.id}/" in path, f"{url}: a download outside downloads/{pkg.id}/"
    by_path = {r["path"]: r for r in pkg.descriptor["resources"]}
    if filename == "datapackage.json":
        assert json.loads(data) == pkg.descriptor
        return "descriptor"
    if filename == f"{pkg.id}.zip":
        check_zip(data, pkg, tmp)
        return "zip"
    if filename == f"{pkg.id}-tables.xlsx":
        check_tables_xlsx(data, pkg)
        return "tables.xlsx"
    if filename in by_path and by_path[filename]["name"] == "source":
        assert data == (pkg.path / filename).read_bytes(), "source text differs"
        return "source"
    stem, _, ext = filename.partition(".")
    if stem not in {r["name"] for r in pkg.descriptor["resources"]}:
        raise AssertionError(f"{url}: not a resource of {pkg.id}")
    if ext == "csv":
        check_csv(data, pkg, stem, bom=False)
    elif ext == "utf8-bom.csv":
        check_csv(data, pkg, stem, bom=True)
    elif ext == "json":
        check_json_rows(data, pkg, stem)
    elif ext == "xlsx":
        check_xlsx(data, pkg, stem)
    else:
        raise AssertionError(f"{url}: unrecognised download type")
    return ext

"""Loader (runs before the pages): bundles for people who download rather than browse.

- `downloads/<id>/<id>.zip` (made by downloads.py: datapackage.json and every resource) gains a
  README.md (what the data is, its fields, licence, how to cite) and the package's CHANGELOG.md;
- `downloads/<id>/<id>-tables.xlsx`: the three tables laid out as printed (merged headers,
  Chinese labels from gongkai/template.py) beside one plain data sheet, for Excel users;
- `downloads/all-<table>.csv` and `.parquet`: every report's rows in one table, with report,
  publisher, year and division columns (`ctx.combined`).

Every file is reproducible byte for byte (fixed zip dates, fixed workbook properties) and is
recorded in `ctx.downloads` (per package) so the dataset pages and the catalogue list it.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
import zipfile

import pyarrow as pa
import pyarrow.parquet as pq
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from .. import template as T
from ..versioning import changelog_entry
from . import citation
from . import opendata as O
from .downloads import deterministic_zip, record, workbook_bytes
from .incremental import memo, memo_all
from .model import BuildError, CombinedTable, FileInfo, History, SiteContext
from .util import field_title
from .versions import CHANGELOG, history

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PARQUET = "application/vnd.apache.parquet"
COMBINED_COLUMNS = (
    ("report", "string", "报告（数据包标识）", "Package id of the report"),
    ("publisher", "string", "发布机关", "Body that published the report"),
    ("year", "integer", "年度", "Statistical year of the report"),
    ("division_code", "string", "行政区划代码", "GB/T 2260 code of the report's division"),
)


# ------------------------------------------------------------------ README and changelog


def changelog_text(pkg, hist: History) -> str:
    if hist.from_changelog:
        return (pkg.path / CHANGELOG).read_text(encoding="utf-8")
    text = f"# 更新记录 Changelog：{pkg.id}\n\n" + "".join(
        changelog_entry(c.version, c.date, c.notes) for c in hist.changes)
    return text.rstrip("\n") + "\n"


def readme_text(ctx: SiteContext, pkg, hist: History) -> str:
    zh, en = O.descriptions(pkg)
    name, code = O.division(pkg)
    period = pkg.report.get("period", {})
    lic_url, lic_title = O.licence(pkg)
    rep = citation.report_citations(ctx, pkg, hist)
    ds = citation.dataset_citations(ctx, pkg, hist)
    out = [f"# {O.dataset_title(pkg)}（{pkg.id}）", "", zh, "", en, "",
           f"- 发布机关 Publisher: {pkg.publisher}",
           f"- 统计期限 Period: {period.get('start', '')} — {period.get('end', '')}",
           f"- 行政区划 Division: {name}" + (f"（{code}）" if code else ""),
           f"- 报告格式 Template: {pkg.report.get('template', T.TEMPLATE_ID)}",
           f"- 版本 Version: {hist.version}（{hist.modified}）",
           f"- 网页 Web page: {O.dataset_url(ctx, pkg)}",
           f"- 来源 Source: {O.source_url(pkg) or '—'}", "",
           "## 文件 Files", "",
           "- `datapackage.json`: Frictionless 数据包描述（表结构、许可、来源、出处） — "
           "the Frictionless descriptor (schemas, licence, sources, provenance)"]
    for res in pkg.descriptor.get("resources", []):
        rows = f"，{len(pkg.rows(res['name']))} 行 rows" if res.get("schema") else ""
        out.append(f"- `{res['path']}`: {res.get('title', res['name'])} — "
                   f"{res.get('description', '')}{rows}")
    out += [f"- `{CHANGELOG}`: 更新记录 — what changed in each version",
            "- `README.md`: 本说明 — this file", "", "## 字段 Fields", ""]
    for res in O.tabular(pkg):
        out += [f"### {res['path']}：{res.get('title', res['name'])}", "",
                "| 字段 field | 中文名 title | 类型 type | 说明 description |",
                "| --- | --- | --- | --- |"]
        for f in res["schema"].get("fields", []):
            desc = str(f.get("description", "")).replace("|", "\\|")
            out.append(f"| `{f['name']}` | {f.get('title', '')} | {f.get('type', '')} | {desc} |")
        out.append("")
    out += ["## 许可 Licence", "",
            f"数据 Data: {lic_title} ({lic_url}). 报告原文是发布机关公开的政府信息 — the source "
            f"text is the official document of {pkg.publisher}.", "",
            "## 引用 How to cite", "", "数据集 The data set:", ""]
    for code_, label in citation.FORMATS:
        out += [f"{label}:", "", "```", ds[code_], "```", ""]
    out += ["报告原文 The report itself:", ""]
    for code_, label in citation.FORMATS:
        out += [f"{label}:", "", "```", rep[code_], "```", ""]
    return "\n".join(out)


def extend_zip(ctx: SiteContext, pkg, files: dict, hist: History) -> None:
    z = files.get("zip")
    if z is None:
        return
    path = ctx.docs / z.path
    with zipfile.ZipFile(path) as zf:
        entries = [(i.filename, zf.read(i.filename)) for i in zf.infolist()]
    names = {n for n, _ in entries}
    extra = [(f"{pkg.id}/README.md", readme_text(ctx, pkg, hist).encode("utf-8")),
             (f"{pkg.id}/{CHANGELOG}", changelog_text(pkg, hist).encode("utf-8"))]
    entries += [(n, d) for n, d in extra if n not in names]
    record(ctx, files, "zip", z.path, deterministic_zip(sorted(entries), ctx.epoch),
            z.label or "整个数据包（zip）", z.media_type or "application/zip")


# ------------------------------------------------------------------ XLSX as printed


class _Sheet:
    """Writes a printed-style table: merged cells, borders, centred headers."""

    def __init__(self, ws):
        self.ws = ws
        thin = Side(style="thin")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.bold = Font(bold=True)
        self.center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.left = Alignment(horizontal="left", vertical="center", wrap_text=True)

    def put(self, row: int, col: int, value, *, rows: int = 1, cols: int = 1,
            head: bool = False, label: bool = False) -> None:
        ws = self.ws
        c = ws.cell(row=row, column=col, value=value)
        c.alignment = self.center if head or not label else self.left
        if head:
            c.font = self.bold
        if rows > 1 or cols > 1:
            ws.merge_cells(start_row=row, start_column=col, end_row=row + rows - 1,
                           end_column=col + cols - 1)
        for r in range(row, row + rows):
            for k in range(col, col + cols):
                ws.cell(row=r, column=k).border = self.border

    def title(self, text: str, width: int) -> None:
        self.ws.cell(row=1, column=1, value=text).font = Font(bold=True, size=13)
        self.ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)


def _shown(pkg, key):
    """A cell of the printed layout as printed: its mark or unit where it has one."""
    return pkg.printed.get(key) or pkg.figures[key]


def _proactive_sheet(wb, pkg) -> None:
    t = pkg.form.tables["proactive"]
    ws = wb.create_sheet(t.heading)
    s = _Sheet(ws)
    s.title(t.heading, 4)
    row = 2
    for _code, heading, items, measures in pkg.form.proactive_blocks:
        s.put(row, 1, heading, cols=4, head=True)
        row += 1
        s.put(row, 1, field_title(pkg, "proactive", t.row_field), head=True)
        width = 3 // len(measures)
        for i, m in enumerate(measures):
            span = 3 - width * i if i == len(measures) - 1 else width
            s.put(row, 2 + width * i, t.col(m).label, cols=span, head=True)
        row += 1
        for it in items:
            s.put(row, 1, t.row(it).label, head=True)
            for i, m in enumerate(measures):
                span = 3 - width * i if i == len(measures) - 1 else width
                s.put(row, 2 + width * i, _shown(pkg, ("proactive", it, m)), cols=span)
            row += 1
    ws.column_dimensions["A"].width = 24
    for col in "BCD":
        ws.column_dimensions[col].width = 18


def _requests_sheet(wb, pkg) -> None:
    t = pkg.form.tables["requests"]
    cols = list(t.cols)
    legal = [c for c in cols if c.group == "legal_person"]
    ws = wb.create_sheet(t.heading)
    s = _Sheet(ws)
    s.title(t.heading, 3 + len(cols))
    s.put(2, 1, "", rows=3, cols=3, head=True)
    s.put(2, 4, field_title(pkg, "requests", t.col_field), cols=len(cols), head=True)
    k = 4
    for c in cols:
        if c.group == "legal_person":
            if c is legal[0]:
                s.put(3, k, c.group_label, cols=len(legal), head=True)
            s.put(4, k, c.label, head=True)
        else:
            s.put(3, k, c.label, rows=2, head=True)
        k += 1
    groups = {g.code: g for g in pkg.form.request_groups}
    outcome_rows = [r for r in t.rows if r.group in groups or r.group == "outcomes"]
    row, seen = 5, set()
    for r in t.rows:
        if not r.group:
            s.put(row, 1, r.number + r.label, cols=3, head=True, label=True)
        else:
            if r is outcome_rows[0]:
                g = groups["outcomes"]
                s.put(row, 1, g.number + g.label, rows=len(outcome_rows), head=True)
            if r.group == "outcomes":
                s.put(row, 2, r.number + r.label, cols=2, head=True, label=True)
            else:
                g = groups[r.group]
                if g.code not in seen:
                    seen.add(g.code)
                    n = sum(1 for x in t.rows if x.group == g.code)
                    s.put(row, 2, g.number + g.label, rows=n, head=True)
                s.put(row, 3, r.number + r.label, head=True, label=True)
        for i, c in enumerate(cols):
            s.put(row, 4 + i, _shown(pkg, ("requests", r.code, c.code)))
        row += 1
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 12
    ws.column_dimensions["C"].width = 40
    for i in range(len(cols)):
        ws.column_dimensions[get_column_letter(4 + i)].width = 11


def _appeals_sheet(wb, pkg) -> None:
    t = pkg.form.tables["appeals"]
    results = list(t.cols)
    direct = [p for p in t.rows if not p.group]
    litig = [p for p in t.rows if p.group == "litigation"]
    n = len(results)
    ws = wb.create_sheet(t.heading)
    s = _Sheet(ws)
    s.title(t.heading, n * len(t.rows))
    k = 1
    for p in direct:
        s.put(2, k, p.label, rows=2, cols=n, head=True)
        k += n
    if litig:
        s.put(2, k, litig[0].group_label, cols=n * len(litig), head=True)
        for p in litig:
            s.put(3, k, p.label, cols=n, head=True)
            k += n
    k = 1
    for p in (*direct, *litig):
        for c in results:
            s.put(4, k, c.label, head=True)
            s.put(5, k, _shown(pkg, ("appeals", p.code, c.code)))
            k += 1
    for i in range(k - 1):
        ws.column_dimensions[get_column_letter(1 + i)].width = 10


def tables_xlsx(pkg, epoch: int) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    _proactive_sheet(wb, pkg)
    _requests_sheet(wb, pkg)
    _appeals_sheet(wb, pkg)
    data = wb.create_sheet("数据")
    data.append(["table", "table_title", "row", "row_label", "column", "column_label", "value",
                 "note", "printed"])
    for cell in data[1]:
        cell.font = Font(bold=True)
    for code, t in pkg.form.tables.items():
        for r, c in t.cell_keys():
            key = (code, r, c)
            data.append([code, t.title, r, pkg.form.member_label(code, "row", r), c,
                         pkg.form.member_label(code, "col", c), pkg.figures[key],
                         pkg.notes.get(key) or None, pkg.printed.get(key) or None])
    wb.properties.title = f"{O.title(pkg)}：统计表"
    return workbook_bytes(wb, epoch)


# ------------------------------------------------------------------ combined tables


def _decimal_type(values) -> pa.DataType:
    """A decimal column wide enough for every printed digit (numbers are never floats)."""
    scale = max((-v.as_tuple().exponent for v in values if v is not None), default=0)
    return pa.decimal128(38, max(scale, 0))


def _parquet(columns, rows: list[list]) -> bytes:
    """The combined table as Parquet, typed by the table schema (numbers as exact decimals)."""
    types = {"integer": pa.int64(), "string": pa.string()}
    arrays, fields = {}, []
    for i, (n, k, ti, d) in enumerate(columns):
        values = [r[i] for r in rows]
        if k == "number":
            values = [None if v is None else Decimal(v) for v in values]
            kind = _decimal_type(values)
        else:
            kind = types.get(k, pa.string())
        fields.append(pa.field(n, kind, metadata={"title": ti, "description": d}))
        arrays[n] = pa.array(values, type=kind)
    schema = pa.schema(fields)
    buf = pa.BufferOutputStream()
    pq.write_table(pa.table(arrays, schema=schema), buf, compression="zstd")
    return buf.getvalue().to_pybytes()


def _combined_rows(ctx: SiteContext, name: str, pkgs: list, names: list[str]):
    """(rows as written in the CSVs, rows typed) of one table across packages."""
    text, typed = [], []
    for p in pkgs:
        if [f["name"] for f in p.resource(name)["schema"]["fields"]] != names:
            raise BuildError(f"the {name} table of {p.id} has other fields than "
                             f"{pkgs[0].id}'s: the combined table needs one schema",
                             file=str(p.path / "datapackage.json"))
        division = p.report.get("division_code", "")
        text += [[p.id, p.publisher, str(p.year), division] + [r.get(n, "") for n in names]
                 for r in p.rows(name)]
        typed += [[p.id, p.publisher, p.year, division or None] + [r[n] for n in names]
                  for r in ctx.tables[p.id][name]]
    return text, typed


def combined(ctx: SiteContext) -> None:
    """Every report's rows of each figure table in one CSV and one Parquet file (`ctx.combined`)."""
    for name in O.COMBINED:
        pkgs = [p for p in ctx.packages if any(r["name"] == name for r in O.tabular(p))]
        if not pkgs:
            continue
        res = pkgs[0].resource(name)
        columns = list(COMBINED_COLUMNS) + [
            (f["name"], f.get("type", "string"), f.get("title", ""), f.get("description", ""))
            for f in res["schema"]["fields"]]
        text, typed = _combined_rows(ctx, name, pkgs, [c[0] for c in columns[4:]])
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow([c[0] for c in columns])
        w.writerows(text)
        files: dict[str, FileInfo] = {}
        record(ctx, files, "csv", f"downloads/all-{name}.csv", buf.getvalue().encode("utf-8"),
               "CSV（UTF-8），全部报告", "text/csv")
        record(ctx, files, "parquet", f"downloads/all-{name}.parquet", _parquet(columns, typed),
               "Parquet，全部报告", PARQUET)
        ctx.combined[name] = CombinedTable(res.get("title", name), res.get("description", ""),
                                           columns, len(text), files, [p.id for p in pkgs])


def package_bundles(ctx: SiteContext, pkg) -> tuple[History, dict[str, FileInfo]]:
    """(history, download files with the bundles added) of one package."""
    hist = history(pkg)
    files = dict(ctx.downloads.get(pkg.id, {}))
    record(ctx, files, "tables.xlsx", f"downloads/{pkg.id}/{pkg.id}-tables.xlsx",
           tables_xlsx(pkg, ctx.epoch), "Excel（XLSX，按报告原表排版，另附数据表）", XLSX)
    extend_zip(ctx, pkg, files, hist)
    return hist, files


def _zip_extended(ctx: SiteContext, files: dict[str, FileInfo]) -> bool:
    """The staged zip is the one recorded (not the plain one the downloads loader writes)."""
    z = files.get("zip")
    return z is None or (ctx.docs / z.path).stat().st_size == z.bytes


def build(ctx: SiteContext) -> None:
    pkgs = ctx.packages
    values, _made = memo_all(
        ctx, "bundles", [(ctx.keys.get(pkg.id), lambda pkg=pkg: package_bundles(ctx, pkg))
                         for pkg in pkgs], force=lambda i: pkgs[i].id in ctx.fresh)
    for pkg, (hist, files) in zip(pkgs, values):
        key = ctx.keys.get(pkg.id)
        if not _zip_extended(ctx, files):  # a build stopped between the two loaders
            hist, files = memo(ctx, "bundles", key, lambda pkg=pkg: package_bundles(ctx, pkg),
                               force=True)
        ctx.history[pkg.id], ctx.downloads[pkg.id] = hist, files
    combined(ctx)

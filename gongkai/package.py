"""Write a report as a Frictionless data package, all at once or not at all."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from . import __version__
from . import template as T
from .divisions import LEVELS
from .numbers import fmt
from .report import Report
from .schema import LICENSE, highlights_schema, provenance_schema, restates_text, table_schema

PROFILE_V2 = "https://datapackage.org/profiles/2.0/datapackage.json"
RESOURCE_TITLES = {
    "proactive": (T.PROACTIVE.title, "Proactive disclosure: documents, decisions and fees"),
    "requests": (T.REQUESTS.title, "Requests received and handled, by outcome and applicant type"),
    "appeals": (T.APPEALS.title, "Administrative reconsideration and lawsuits, by result"),
    "highlights": ("正文中的数据", "Figures stated in the report's prose, with their sentences"),
    "provenance": ("数据在原文中的位置", "Where each figure of the tables was in the source: "
                   "page and box (PDF, scan), table, row and cell (web page, Word), line (text)"),
    "source": ("报告原文", "The report's source text, byte for byte"),
}
FIGURE_RESOURCES = (*T.TABLES, "highlights")  # the resources that hold the report's figures
TABLE_RESOURCES = (*FIGURE_RESOURCES, "provenance")  # the resources with a table schema


def table_rows(report: Report, table: str) -> list[list[str]]:
    """Rows of one resource in template order, as the CSV holds them: a blank cell stays
    blank, decimals keep every printed digit, a mark such as '—' or '/' is kept as printed."""
    form = T.format_of(report.template)
    out = []
    for row_code, col_code in form.tables[table].cell_keys():
        fig = report.figures[(table, row_code, col_code)]
        out.append([row_code, form.member_label(table, "row", row_code), col_code,
                    form.member_label(table, "col", col_code), fmt(fig.value, missing=""),
                    fig.note, fig.shown])
    return out


def source_kind(report: Report) -> str:
    """What the figures were read from: html, docx, doc, pdf (text layer), scan or text."""
    return "scan" if report.scanned else report.format


def _blank(value) -> str:
    return "" if value is None else str(value)


def provenance_rows(report: Report) -> list[list[str]]:
    """One row per published cell of the three tables, in their order: where it was read."""
    form = T.format_of(report.template)
    kind = source_kind(report)
    out = []
    for table, t in form.tables.items():
        for row_code, col_code in t.cell_keys():
            w = report.figures[(table, row_code, col_code)].where
            box = [f"{v:.2f}" for v in w.box] if w is not None and w.box else [""] * 4
            out.append([table, row_code, col_code, kind, _blank(w and w.page), *box,
                        _blank(w and w.table), _blank(w and w.row), _blank(w and w.cell),
                        _blank(w and w.line)])
    return out


def highlight_rows(report: Report) -> list[list[str]]:
    form = T.format_of(report.template)
    labels = {h.code: h.label for h in form.highlights}
    return [[h.code, labels[h.code], fmt(h.value), h.unit, h.section, h.sentence,
             restates_text(h.code, form)] for h in report.highlights]


def to_csv(header: list[str], rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def _resource(name: str, path: str, data: bytes, schema: dict | None) -> dict:
    title, description = RESOURCE_TITLES[name]
    res = {
        "name": name,
        "path": path,
        "title": title,
        "description": description,
        "bytes": len(data),
        "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
    }
    if schema is not None:
        res.update({"profile": "tabular-data-resource", "type": "table", "format": "csv",
                    "mediatype": "text/csv", "encoding": "utf-8", "scheme": "file",
                    "dialect": {"header": True, "delimiter": ",", "doubleQuote": True},
                    "schema": schema})
    return res


def now_iso() -> str:
    """Now (or SOURCE_DATE_EPOCH) as an ISO 8601 UTC timestamp, to the second."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch else \
        datetime.now(timezone.utc)
    return now.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def build_files(report: Report, *, package_id: str, division_code: str, level: str,
                created: str | None = None, declared: list[dict] | None = None,
                version: str = "1.0.0", source_name: str = "source.txt",
                publisher_id: str = "") -> dict[str, bytes]:
    """Every file of the package, by name; nothing is written here."""
    form = T.format_of(report.template)
    files: dict[str, bytes] = {}
    resources = _table_resources(report, form, files)
    resources.append(_source_resource(report, source_name))
    files[source_name] = report.raw
    if created is None:
        created = now_iso()
    descriptor = {
        "$schema": PROFILE_V2,
        "profile": "data-package",
        "name": package_id,
        "id": f"gongkai/{package_id}",
        "title": report.title,
        "description": _description(report, form),
        "version": version,
        "created": created,
        "licenses": [LICENSE],
        "sources": [{"title": report.publisher, "path": report.website or report.path,
                     "description": report.title}],
        "keywords": ["政府信息公开", "年度报告", "依申请公开", *T.PROCEEDING_KINDS,
                     report.name, str(report.year), "government information disclosure",
                     "annual report", "China"],
        "contributors": [{"title": "gongkai", "role": "publisher", "roles": ["publisher"]}],
        "report": _report_facts(report, form, division_code, level, publisher_id),
        "provenance": {
            "tool": f"gongkai {__version__}",
            "source_file": Path(report.path).name,
            "source_sha256": hashlib.sha256(report.raw).hexdigest(),
            "source_format": report.format,
        },
        "known_inconsistencies": declared or [],
        "resources": resources,
    }
    files["datapackage.json"] = (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
                                 ).encode("utf-8")
    return files


def _table_resources(report: Report, form: T.Format, files: dict[str, bytes]) -> list[dict]:
    """The CSV of each table and of the prose figures, added to `files`, and their resources
    (in the order the descriptor lists them)."""
    resources = []
    for table in form.tables:
        schema = table_schema(table, form)
        data = to_csv([f["name"] for f in schema["fields"]], table_rows(report, table))
        files[f"{table}.csv"] = data
        resources.append(_resource(table, f"{table}.csv", data, schema))
    schema = highlights_schema(form)
    data = to_csv([f["name"] for f in schema["fields"]], highlight_rows(report))
    files["highlights.csv"] = data
    resources.append(_resource("highlights", "highlights.csv", data, schema))
    schema = provenance_schema(form)
    data = to_csv([f["name"] for f in schema["fields"]], provenance_rows(report))
    files["provenance.csv"] = data
    resources.append(_resource("provenance", "provenance.csv", data, schema))
    return resources


def _source_resource(report: Report, source_name: str) -> dict:
    """The report's source file as a resource: its own format, media type and encoding."""
    src = _resource("source", source_name, report.raw, None)
    src.update({"format": report.format if report.format != "text" else "txt",
                "mediatype": report.media_type, "scheme": "file"})
    if report.media_type.startswith("text/"):
        src["encoding"] = report.encoding
    return src


def _description(report: Report, form: T.Format) -> str:
    """The package's description, naming the tables as the template titles them."""
    requests = form.tables["requests"]
    review, lawsuit = T.PROCEEDING_KINDS
    return (
        f"{report.publisher}{report.year}年政府信息公开工作年度报告中的统计数据："
        f"主动公开情况、{requests.title}（{len(requests.rows)}行×"
        f"{len(requests.cols)}列）、{review}和{lawsuit}情况，以及正文中陈述的数据。"
        f" Statistics from the {report.year} government information disclosure annual "
        f"report of {report.publisher}, in the national template {form.document}.")


def _report_facts(report: Report, form: T.Format, division_code: str, level: str,
                  publisher_id: str) -> dict:
    """The descriptor's `report`: who published it, where, for which period, in which format."""
    return {
        **({"publisher_id": publisher_id} if publisher_id else {}),
        "publisher": report.publisher,
        "name": report.name,
        "division_code": division_code,
        "level": level,
        "level_label": LEVELS.get(level, level),
        "year": report.year,
        "period": {"start": report.period_start, "end": report.period_end},
        "template": form.document,
        "website": report.website,
    }


def write_atomically(files: dict[str, bytes], out_dir: Path) -> None:
    """Write every file into a fresh folder, then swap it in: never a half package."""
    out_dir = Path(out_dir)
    swap_in(stage(files, out_dir.parent, out_dir.name), out_dir)


def stage(files: dict[str, bytes], where: Path, name: str) -> Path:
    """Write every file into a fresh hidden folder under `where` (on the final folder's file
    system, so that `swap_in` is a rename); a failure leaves no folder behind."""
    where = Path(where)
    where.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=where))
    try:
        for file_name, data in files.items():
            (tmp / file_name).write_bytes(data)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return tmp


def swap_in(tmp: Path, out_dir: Path) -> None:
    """Put a staged folder in place of `out_dir` (the old package, if any, goes whole)."""
    out_dir = Path(out_dir)
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        old = None
        if out_dir.exists():
            old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
            os.replace(out_dir, old)
        os.replace(tmp, out_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise

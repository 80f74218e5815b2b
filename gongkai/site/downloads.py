"""Loader: the download files of every package (CSV, CSV with BOM, JSON, XLSX, zip).

Files go to `downloads/<package id>/`; every file is reproducible byte for byte (fixed zip
dates, fixed workbook properties) and recorded with its size and sha256 in `ctx.downloads`.
The rows of every table, typed by its schema (read by frictionless), go to `ctx.tables`.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime, timezone

from frictionless import Package as FPackage
from frictionless import system
from openpyxl import Workbook
from openpyxl.styles import Font

from ..package import TABLE_RESOURCES as TABULAR
from .incremental import memo_all
from .model import FileInfo, SiteContext
from .util import json_text, sha256, write_bytes


def _zip_date(epoch: int) -> tuple:
    d = datetime.fromtimestamp(max(epoch, 315532800), tz=timezone.utc)  # zip starts in 1980
    return (d.year, d.month, d.day, d.hour, d.minute, d.second)


def deterministic_zip(entries: list[tuple[str, bytes]], epoch: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_zip_date(epoch))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            zf.writestr(info, data, compresslevel=9)
    return buf.getvalue()


def typed_tables(pkg) -> dict[str, list[dict]]:
    """Every table of a package, its rows typed by the table schema (frictionless): integers
    as int, numbers as Decimal (exactly as written), empty cells as None."""
    with system.use_context(trusted=False):
        package = FPackage(str(pkg.path / "datapackage.json"))
        return {res.name: [row.to_dict() for row in res.read_rows()]
                for res in package.resources if res.name in TABULAR and res.schema}


def workbook_bytes(wb, epoch: int) -> bytes:
    """Save a workbook reproducibly: fixed properties, fixed zip dates."""
    stamp = datetime.fromtimestamp(epoch, tz=timezone.utc).replace(tzinfo=None)
    wb.properties.creator = "gongkai"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    buf = io.BytesIO()
    wb.save(buf)
    # openpyxl stamps the zip entries (and sometimes core.xml) with the current time: re-pack.
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    entries = []
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zf:
        for item in zf.infolist():
            data = zf.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + iso,
                              data)
            entries.append((item.filename, data))
    return deterministic_zip(entries, epoch)


def xlsx_bytes(pkg, name: str, rows: list[dict], epoch: int) -> bytes:
    res = pkg.resource(name)
    fields = res.get("schema", {}).get("fields", [])
    wb = Workbook()
    ws = wb.active
    ws.title = name[:31]
    ws.append([f["name"] for f in fields])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([row.get(f["name"]) for f in fields])
    info = wb.create_sheet("fields")
    info.append(["field", "title", "description", "type"])
    for f in fields:
        info.append([f["name"], f.get("title", ""), f.get("description", ""), f.get("type", "")])
    wb.properties.title = f"{pkg.descriptor.get('title', pkg.id)} — {res.get('title', name)}"
    return workbook_bytes(wb, epoch)


def record(ctx: SiteContext, files: dict, key: str, rel: str, data: bytes, label: str,
           media_type: str) -> FileInfo:
    """Write a download into the staged docs and record it in `files` under `key`."""
    write_bytes(ctx.docs / rel, data, ctx.written)
    info = FileInfo(rel, len(data), sha256(data), label, media_type)
    files[key] = info
    return info


def package_files(ctx: SiteContext, pkg) -> tuple[dict[str, list[dict]], dict[str, FileInfo]]:
    """(typed tables, download files) of one package, the files written into the staged docs."""
    tables = typed_tables(pkg)
    files: dict[str, FileInfo] = {}
    base = f"downloads/{pkg.id}"
    names = [r["name"] for r in pkg.descriptor.get("resources", [])]
    for name in names:
        if name not in TABULAR:
            continue
        raw = pkg.resource_path(name).read_bytes()
        record(ctx, files, f"{name}.csv", f"{base}/{name}.csv", raw, "CSV（UTF-8）",
               "text/csv")
        record(ctx, files, f"{name}.bom.csv", f"{base}/{name}.utf8-bom.csv",
               b"\xef\xbb\xbf" + raw, "CSV（UTF-8 带 BOM，适用于 Excel）", "text/csv")
        record(ctx, files, f"{name}.json", f"{base}/{name}.json",
               json_text(tables[name]).encode("utf-8"), "JSON", "application/json")
        record(ctx, files, f"{name}.xlsx", f"{base}/{name}.xlsx",
               xlsx_bytes(pkg, name, tables[name], ctx.epoch), "Excel（XLSX）",
               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    # the whole package: datapackage.json and every resource, as committed
    entries = [("datapackage.json", (pkg.path / "datapackage.json").read_bytes())]
    for res in pkg.descriptor.get("resources", []):
        entries.append((res["path"], (pkg.path / res["path"]).read_bytes()))
    entries = [(f"{pkg.id}/{n}", d) for n, d in sorted(entries)]
    record(ctx, files, "zip", f"{base}/{pkg.id}.zip",
           deterministic_zip(entries, ctx.epoch), "整个数据包（zip，含 datapackage.json）",
           "application/zip")
    record(ctx, files, "datapackage.json", f"{base}/datapackage.json",
           (pkg.path / "datapackage.json").read_bytes(), "datapackage.json（元数据）",
           "application/json")
    if "source" in names:
        src = pkg.resource("source")
        record(ctx, files, "source", f"{base}/{src['path']}",
               pkg.resource_path("source").read_bytes(), "报告原文（逐字节）",
               src.get("mediatype", "text/plain"))
    return tables, files


def build(ctx: SiteContext) -> None:
    """Every package's downloads, the missing ones made on every core (`memo_all`)."""
    values, made = memo_all(ctx, "downloads", [
        (ctx.keys.get(pkg.id), lambda pkg=pkg: package_files(ctx, pkg)) for pkg in ctx.packages])
    for i, (pkg, (tables, files)) in enumerate(zip(ctx.packages, values)):
        ctx.tables[pkg.id], ctx.downloads[pkg.id] = tables, files
        if i in made:
            ctx.fresh.add(pkg.id)  # the zip was written again: the bundles loader extends it

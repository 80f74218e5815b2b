"""Open-data conventions of the built portal (issue 6): the DCAT catalogue, schema.org Dataset
JSON-LD, the static JSON API, the bundles, citations, versions, sitemap and robots.txt.

Everything is read from the built site (`built_site`, built once per session in conftest.py)
and compared with the packages; every JSON-LD block is parsed with rdflib, offline (each has an
inline @context). The variant build (`variant_site`, three packages) checks what one package
cannot show (combined tables across reports, a changelog with two versions).
"""

from __future__ import annotations

import csv
from decimal import Decimal
import hashlib
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from conftest import PACKAGES, REPO, SEED, SHANGHAI
from gongkai import template as T
from gongkai.load import load_all, load_package
from gongkai.site import sitemap
from gongkai.site.build import BuildError
from helpers import rehash, run

SDO = Namespace("https://schema.org/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
LD_BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
PACKAGES_LIST = load_all(PACKAGES)


# ------------------------------------------------------------------ helpers


def site_url(ctx) -> str:
    url = ctx.site_url
    return url if url.endswith("/") else url + "/"


def local(ctx, site: Path, url: str) -> Path:
    """The built file an absolute site URL points to (directory URLs: their index.html)."""
    root = site_url(ctx)
    assert url.startswith(root), f"{url} is not on the site ({root})"
    path = site / url[len(root):].split("#", 1)[0]
    if url.split("#", 1)[0].endswith("/") or path.is_dir():
        path = path / "index.html"
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ld_blocks(html: str) -> list[dict]:
    return [json.loads(b) for b in LD_BLOCK.findall(html)]


def graph_of(data: dict) -> Graph:
    ctx = data["@context"]
    # offline: the context is inline, never a URL to fetch
    assert isinstance(ctx, dict), "the JSON-LD context must be inline"
    g = Graph()
    g.parse(data=json.dumps(data), format="json-ld")
    assert len(g) > 0
    return g


def pages_of(pkg) -> dict[str, str]:
    """Docs-relative URL of every page of a package that carries a Dataset."""
    out = {"report": f"reports/{pkg.id}/", "dataset": f"datasets/{pkg.id}/"}
    for res in pkg.descriptor["resources"]:
        if res.get("schema"):
            out[res["name"]] = f"datasets/{pkg.id}/{res['name']}/"
    return out


def one(g: Graph, s, p):
    values = list(g.objects(s, p))
    assert values, f"{s} has no {p}"
    return values[0]


# ------------------------------------------------------------------ schema.org JSON-LD


@pytest.mark.parametrize("pkg", PACKAGES_LIST, ids=lambda p: p.id)
def test_every_report_and_dataset_page_has_a_schema_org_dataset(built_site, pkg):
    ctx, site = built_site
    period = pkg.report["period"]
    for kind, url in pages_of(pkg).items():
        html = (site / url / "index.html").read_text(encoding="utf-8")
        head = html.split("</head>", 1)[0]
        blocks = ld_blocks(head)
        assert len(blocks) == 1, f"{url}: one JSON-LD block in the head"
        g = graph_of(blocks[0])
        datasets = list(g.subjects(RDF.type, SDO.Dataset))
        main = [d for d in datasets if isinstance(d, URIRef)
                and (g.value(d, SDO.distribution) is not None)]
        assert len(main) == 1, url
        d = main[0]
        assert str(d).startswith(site_url(ctx))
        assert len(str(one(g, d, SDO.description))) >= 50
        assert str(one(g, d, SDO.name))
        assert str(one(g, d, SDO.license)) == pkg.descriptor["licenses"][0]["path"]
        creator = one(g, d, SDO.creator)
        assert str(one(g, creator, SDO.name)) == pkg.publisher
        assert str(one(g, one(g, d, SDO.publisher), SDO.name))
        assert str(one(g, d, SDO.temporalCoverage)) == f"{period['start']}/{period['end']}"
        place = one(g, d, SDO.spatialCoverage)
        assert str(one(g, place, SDO.name)) == pkg.report["name"]
        assert one(g, d, SDO.isAccessibleForFree).toPython() is True
        assert str(one(g, d, SDO.version)) == pkg.descriptor["version"]
        # distributions: every one a DataDownload whose file is on the site, byte for byte
        dists = list(g.objects(d, SDO.distribution))
        assert dists
        for dist in dists:
            assert (dist, RDF.type, SDO.DataDownload) in g
            assert str(one(g, dist, SDO.encodingFormat))
            path = local(ctx, site, str(one(g, dist, SDO.contentUrl)))
            assert path.is_file(), path
            assert str(one(g, dist, SDO.sha256)) == sha256(path)
        # variables measured: the fields of the table schema(s)
        names = {str(one(g, v, SDO.name)) for v in g.objects(d, SDO.variableMeasured)}
        for v in g.objects(d, SDO.variableMeasured):
            assert (v, RDF.type, SDO.PropertyValue) in g
            assert str(one(g, v, SDO.description))
        if kind in ("report", "dataset"):
            expected = {f"{r['name']}.{f['name']}" for r in pkg.descriptor["resources"]
                        if r.get("schema") for f in r["schema"]["fields"]}
        else:
            expected = {f["name"] for f in pkg.resource(kind)["schema"]["fields"]}
        assert names == expected, url
        # citation: the report itself, with its title and publisher
        cites = [str(c) for c in g.objects(d, SDO.citation) if isinstance(c, Literal)]
        assert any(pkg.descriptor["title"] in c and pkg.publisher in c for c in cites)


def test_json_ld_cannot_be_closed_by_report_text(built_site):
    """The blocks escape <, > and &: the page's HTML holds none of them raw inside a block."""
    _ctx, site = built_site
    for page in site.rglob("*.html"):
        for block in LD_BLOCK.findall(page.read_text(encoding="utf-8")):
            assert not re.search(r"[<>&]", block), page


def test_every_page_links_the_catalogue_from_its_head(built_site):
    ctx, site = built_site
    # every page of the site; a report published as a web page is a download, kept byte for byte
    pages = sorted(p for p in site.rglob("*.html") if "downloads" not in p.parts)
    assert len(pages) > 5
    for page in pages:
        head = page.read_text(encoding="utf-8").split("</head>", 1)[0]
        m = re.search(r'<link rel="alternate" type="application/ld\+json" href="([^"]+)"', head)
        assert m, f"{page}: no catalogue link"
        href = m.group(1)
        if href.startswith("/"):  # the 404 page is served at any path: site-absolute links
            from urllib.parse import urlparse

            prefix = urlparse(site_url(ctx)).path
            assert href.startswith(prefix), href
            target = (site / href[len(prefix):]).resolve()
        else:
            target = (page.parent / href).resolve()
        assert target == (site / "catalog.jsonld").resolve() and target.is_file(), page


# ------------------------------------------------------------------ DCAT catalogue


@pytest.fixture(scope="module")
def catalog(built_site):
    ctx, site = built_site
    data = json.loads((site / "catalog.jsonld").read_text(encoding="utf-8"))
    return ctx, site, data, graph_of(data)


def test_catalogue_is_a_dcat_catalog_of_every_package(catalog):
    ctx, _site, data, g = catalog
    cats = list(g.subjects(RDF.type, DCAT.Catalog))
    assert len(cats) == 1
    cat = cats[0]
    datasets = set(g.objects(cat, DCAT.dataset))
    for pkg in PACKAGES_LIST:
        assert URIRef(f"{site_url(ctx)}datasets/{pkg.id}/") in datasets
    assert all((d, RDF.type, DCAT.Dataset) in g for d in datasets)
    assert {str(t.language) for t in g.objects(cat, DCT.title)} >= {"zh", "en"}
    services = list(g.objects(cat, DCAT.service))
    assert services and all((s, RDF.type, DCAT.DataService) in g for s in services)


@pytest.mark.parametrize("pkg", PACKAGES_LIST, ids=lambda p: p.id)
def test_catalogue_dataset_properties(catalog, pkg):
    from gongkai.site.versions import history

    ctx, site, _data, g = catalog
    d = URIRef(f"{site_url(ctx)}datasets/{pkg.id}/")
    hist = history(pkg)
    assert {t.language for t in g.objects(d, DCT.title)} >= {"zh", "en"}
    assert any(pkg.publisher in str(t) for t in g.objects(d, DCT.description))
    assert str(one(g, d, DCT.license)) == pkg.descriptor["licenses"][0]["path"]
    assert (one(g, d, DCT.publisher), RDF.type, FOAF.Agent) in g
    assert str(one(g, one(g, d, DCT.creator), FOAF.name)) == pkg.publisher
    temporal = one(g, d, DCT.temporal)
    assert one(g, temporal, DCAT.startDate).toPython().isoformat() == pkg.report["period"]["start"]
    assert one(g, temporal, DCAT.endDate).toPython().isoformat() == pkg.report["period"]["end"]
    spatial = one(g, d, DCT.spatial)
    assert pkg.report["name"] in {str(x) for x in g.objects(spatial, None)}
    assert one(g, d, DCT.issued).toPython().isoformat() == hist.issued
    assert one(g, d, DCT.modified).toPython().isoformat() == hist.modified
    assert str(one(g, d, DCAT.version)) == pkg.descriptor["version"]
    langs = {k.language for k in g.objects(d, DCAT.keyword)}
    assert {"zh", "en"} <= langs
    # distributions: every download of the package, with size, checksum and media type
    dists = list(g.objects(d, DCAT.distribution))
    media = set()
    for dist in dists:
        url = str(one(g, dist, DCAT.downloadURL))
        assert url.startswith(site_url(ctx))
        path = local(ctx, site, url)
        assert path.is_file(), url
        assert int(one(g, dist, DCAT.byteSize)) == path.stat().st_size
        checksum = one(g, dist, SPDX.checksum)
        assert str(one(g, checksum, SPDX.algorithm)).endswith("checksumAlgorithm_sha256")
        assert str(one(g, checksum, SPDX.checksumValue)) == sha256(path)
        media.add(str(one(g, dist, DCAT.mediaType)).rsplit("/", 2)[-2:][-1])
    assert {"csv", "json", "zip", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"} \
        <= media
    downloads = {p.name for p in (site / "downloads" / pkg.id).iterdir()}
    assert {local(ctx, site, str(one(g, x, DCAT.downloadURL))).name for x in dists} == downloads


# ------------------------------------------------------------------ static JSON API


@pytest.fixture(scope="module")
def reports_json(built_site):
    ctx, site = built_site
    return ctx, site, json.loads((site / "api/v1/reports.json").read_text(encoding="utf-8"))


def _urls(node):
    if isinstance(node, dict):
        for v in node.values():
            yield from _urls(v)
    elif isinstance(node, list):
        for v in node:
            yield from _urls(v)
    elif isinstance(node, str) and node.startswith(("http://", "https://")):
        yield node


def test_every_api_url_resolves_to_a_built_file(reports_json):
    ctx, site, doc = reports_json
    assert doc["count"] == len(PACKAGES_LIST)
    assert {r["id"] for r in doc["reports"]} == {p.id for p in PACKAGES_LIST}
    seen, todo, followed = set(), [site / "api/v1/reports.json"], 0
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        data = json.loads(path.read_text(encoding="utf-8"))
        for url in _urls(data):
            if not url.startswith(site_url(ctx)):
                continue  # the publishers' websites, licences
            target = local(ctx, site, url)
            assert target.is_file(), f"{path.name}: {url}"
            followed += 1
            if target.suffix == ".json" and "/api/" in url:
                todo.append(target)
    api_files = set((site / "api/v1").rglob("*.json"))
    assert api_files <= seen, f"API files no link reaches: {api_files - seen}"
    assert followed > 20


@pytest.mark.parametrize("pkg", PACKAGES_LIST, ids=lambda p: p.id)
def test_api_tables_hold_the_package_figures(reports_json, pkg):
    _ctx, site, _doc = reports_json
    package = json.loads((site / f"api/v1/{pkg.id}.json").read_text(encoding="utf-8"))
    assert package["version"] == pkg.descriptor["version"]
    assert package["datapackage"] == pkg.descriptor
    for code, t in T.TABLES.items():
        table = json.loads((site / f"api/v1/{pkg.id}/{code}.json").read_text(encoding="utf-8"))
        assert table["report"] == pkg.id and table["table"] == code
        assert [f["name"] for f in table["schema"]["fields"]] == \
            [f["name"] for f in pkg.resource(code)["schema"]["fields"]]
        got = {(r[t.row_field], r[t.col_field]): r[t.value_field] for r in table["data"]}
        want = {(k[1], k[2]): v for k, v in pkg.figures.items() if k[0] == code}
        assert got.keys() == want.keys()
        for key, value in got.items():  # JSON numbers with the exact printed value
            assert (value is None and want[key] is None) or \
                Decimal(json.dumps(value)) == want[key], key
        assert len(table["data"]) == len(pkg.rows(code))
    highlights = json.loads((site / f"api/v1/{pkg.id}/highlights.json").read_text("utf-8"))
    assert [(h["code"], Decimal(json.dumps(h["value"]))) for h in highlights["data"]] == \
        [(h["code"], h["value"]) for h in pkg.highlights]


def test_api_page_documents_curl_pandas_and_r(built_site):
    from bs4 import BeautifulSoup

    ctx, site = built_site
    soup = BeautifulSoup((site / "api/index.html").read_text(encoding="utf-8"), "lxml")
    code = "\n".join(block.get_text() for block in soup.select("pre code"))
    api = f"{site_url(ctx)}api/v1/"
    for needle in (f"curl -s {api}reports.json", "import pandas as pd", f'BASE = "{api}"',
                   "library(jsonlite)", f'base <- "{api}"'):
        assert needle in code, needle
    assert local(ctx, site, api + "reports.json").is_file()
    assert site_url(ctx) + "api/" in sitemap.addresses(site)


# ------------------------------------------------------------------ bundles


@pytest.mark.parametrize("pkg", PACKAGES_LIST, ids=lambda p: p.id)
def test_zip_bundle(built_site, pkg):
    _ctx, site = built_site
    path = site / "downloads" / pkg.id / f"{pkg.id}.zip"
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        names = set(zf.namelist())
        expected = {f"{pkg.id}/{n}" for n in ("datapackage.json", "README.md", "CHANGELOG.md")}
        expected |= {f"{pkg.id}/{r['path']}" for r in pkg.descriptor["resources"]}
        assert names == expected
        for r in pkg.descriptor["resources"]:
            assert zf.read(f"{pkg.id}/{r['path']}") == (pkg.path / r["path"]).read_bytes()
        assert json.loads(zf.read(f"{pkg.id}/datapackage.json")) == pkg.descriptor
        readme = zf.read(f"{pkg.id}/README.md").decode("utf-8")
    assert pkg.descriptor["title"] in readme and pkg.publisher in readme
    assert pkg.descriptor["licenses"][0]["path"] in readme
    for r in pkg.descriptor["resources"]:
        for f in r.get("schema", {}).get("fields", []):
            assert f"`{f['name']}`" in readme
    for label in ("GB/T 7714", "APA", "BibTeX"):
        assert label in readme


def test_combined_tables_csv_and_parquet(built_site):
    import pyarrow.parquet as pq

    ctx, site = built_site
    for code in ("proactive", "requests", "appeals", "highlights"):
        rows = list(csv.DictReader(io.StringIO(
            (site / f"downloads/all-{code}.csv").read_text(encoding="utf-8"))))
        want = []
        for p in ctx.packages:  # the site's order: newest first
            for r in p.rows(code):
                want.append({"report": p.id, "publisher": p.publisher, "year": str(p.year),
                             "division_code": p.report.get("division_code", ""), **r})
        assert rows == want
        table = pq.read_table(site / f"downloads/all-{code}.parquet")
        assert table.column_names == list(rows[0].keys())
        records = table.to_pylist()
        assert len(records) == len(rows)
        fields = {f["name"]: f["type"] for f in PACKAGES_LIST[0].resource(code)["schema"]["fields"]}
        for rec, row in zip(records, rows):
            assert rec["report"] == row["report"] and rec["year"] == int(row["year"])
            for name, kind in fields.items():
                if row[name] == "":
                    assert rec[name] is None
                elif kind in ("integer", "number"):
                    assert rec[name] == Decimal(row[name])  # exact: Parquet decimals
                else:
                    assert rec[name] == row[name]


def _merged_text(ws) -> dict[str, str]:
    return {str(r): ws.cell(r.min_row, r.min_col).value for r in ws.merged_cells.ranges}


@pytest.mark.parametrize("pkg", PACKAGES_LIST, ids=lambda p: p.id)
def test_printed_layout_xlsx(built_site, pkg):
    from openpyxl import load_workbook

    _ctx, site = built_site
    wb = load_workbook(site / "downloads" / pkg.id / f"{pkg.id}-tables.xlsx")
    F = pkg.form
    REQUESTS, APPEALS, PROACTIVE = (F.tables[t] for t in ("requests", "appeals", "proactive"))
    assert [PROACTIVE.heading, REQUESTS.heading, APPEALS.heading] == wb.sheetnames[:3]
    # requests: merged headers as printed; every figure where its row and column labels meet
    ws = wb[REQUESTS.heading]
    merged = _merged_text(ws)
    legal = [c for c in REQUESTS.cols if c.group == "legal_person"]
    assert legal[0].group_label in merged.values()
    groups = {g.code: g for g in F.request_groups}
    assert groups["outcomes"].number + groups["outcomes"].label in merged.values()
    header = {}
    for row in ws.iter_rows(min_row=3, max_row=4):
        for c in row:
            if c.value in {m.label for m in REQUESTS.cols}:
                header[c.value] = c.column
    assert set(header) == {m.label for m in REQUESTS.cols}
    labels = {}
    for row in ws.iter_rows(min_row=5):
        for c in row[:3]:
            if isinstance(c.value, str):
                labels.setdefault(c.value, c.row)  # first row carrying the label
    for r in REQUESTS.rows:
        at = labels[r.number + r.label] if r.group in ("", "outcomes") else None
        if at is None:  # sub-lines repeat numbers across groups: find within the group block
            g = groups[r.group]
            start = labels[g.number + g.label]
            at = next(c.row for row in ws.iter_rows(min_row=start) for c in row[2:3]
                      if c.value == r.number + r.label)
        for col in REQUESTS.cols:
            key = ("requests", r.code, col.code)
            assert ws.cell(at, header[col.label]).value == (pkg.printed.get(key)
                                                             or pkg.figures[key])
    # appeals and proactive: merged group headers
    assert APPEALS.rows[1].group_label in _merged_text(wb[APPEALS.heading]).values()
    assert {h for _c, h, _i, _m in F.proactive_blocks} <= \
        set(_merged_text(wb[PROACTIVE.heading]).values())
    # the plain data sheet: one row per figure, equal to the package
    data = list(wb["数据"].iter_rows(values_only=True))
    head = data[0]
    got = {(r[head.index("table")], r[head.index("row")], r[head.index("column")]):
           r[head.index("value")] for r in data[1:]}
    assert got.keys() == pkg.figures.keys()
    for key, value in got.items():  # exact: a decimal's every digit, a blank blank
        want = pkg.figures[key]
        assert (value is None and want is None) or Decimal(str(value)) == want, key


def test_bundles_are_reproducible():
    from gongkai.site.bundles import tables_xlsx

    pkg = PACKAGES_LIST[0]
    assert tables_xlsx(pkg, 1_700_000_000) == tables_xlsx(pkg, 1_700_000_000)


# ------------------------------------------------------------------ citations


@pytest.mark.parametrize("pkg", PACKAGES_LIST, ids=lambda p: p.id)
def test_citations_on_report_and_dataset_pages(built_site, pkg):
    import html as H

    _ctx, site = built_site
    for kind, url in pages_of(pkg).items():
        text = (site / url / "index.html").read_text(encoding="utf-8")
        blocks = {m.group(1): H.unescape(re.sub(r"<[^>]+>", "", m.group(2))) for m in re.finditer(
            r'<code id="(gk-cite-[a-z]+-[a-z0-9]+)">(.*?)</code>', text, re.S)}
        wanted = {"gk-cite-dataset-gbt7714", "gk-cite-dataset-apa", "gk-cite-dataset-bibtex"}
        if kind == "report":
            wanted |= {"gk-cite-report-gbt7714", "gk-cite-report-apa", "gk-cite-report-bibtex"}
        assert set(blocks) == wanted, url
        for cid, cite in blocks.items():
            assert pkg.descriptor["title"] in cite, cid
            assert pkg.publisher in cite, cid
            assert str(pkg.year) in cite, cid
            # a copy button for each, pointing at it
            assert f'data-copy="{cid}"' in text
            if cid.endswith("bibtex"):
                assert cite.count("{") == cite.count("}") and cite.startswith("@misc{")
        assert "[DS/OL]" in blocks["gk-cite-dataset-gbt7714"]
        # one citation of the dataset per page: no other citation text beside these blocks
        assert 'class="gk-cite"' not in text and "数据版本" not in text, url
        assert "[Data set]" in blocks["gk-cite-dataset-apa"]
        assert f"Version {pkg.descriptor['version']}" in blocks["gk-cite-dataset-apa"]
        # the copy script is served by the site itself
        m = re.search(r'<script src="([^"]*gongkai-opendata\.js)"', text)
        assert m and (site / url / m.group(1)).resolve().is_file()


def test_copy_script_follows_instant_navigation(built_site):
    _ctx, site = built_site
    js = (site / "assets/javascripts/gongkai-opendata.js").read_text(encoding="utf-8")
    assert "document$" in js and "gk-copy" in js
    assert not re.search(r"https?://", js)


def test_citation_cff_is_valid():
    r = subprocess.run([str(REPO / ".venv/bin/check-jsonschema"), "--builtin-schema",
                        "vendor.citation-file-format", str(REPO / "CITATION.cff")],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_citation_cff_check_has_teeth(tmp_path):
    bad = tmp_path / "CITATION.cff"
    bad.write_text((REPO / "CITATION.cff").read_text(encoding="utf-8")
                   .replace("cff-version: 1.2.0", "cff-version: banana"), encoding="utf-8")
    r = subprocess.run([str(REPO / ".venv/bin/check-jsonschema"), "--builtin-schema",
                        "vendor.citation-file-format", str(bad)], capture_output=True, text=True)
    assert r.returncode != 0


# ------------------------------------------------------------------ versions, sitemap, robots


@pytest.mark.parametrize("pkg", PACKAGES_LIST, ids=lambda p: p.id)
def test_pages_show_version_and_last_change(built_site, pkg):
    from gongkai.site.versions import history

    _ctx, site = built_site
    hist = history(pkg)
    assert hist.version == pkg.descriptor["version"]
    for url in (f"reports/{pkg.id}/", f"datasets/{pkg.id}/"):
        text = (site / url / "index.html").read_text(encoding="utf-8")
        section = text[text.index('id="versions"'):]
        assert f"<strong>{hist.version}</strong>" in section
        assert f'<time datetime="{hist.modified}">' in section
        for change in hist.changes:
            assert change.notes[0][:20] in section


def test_changelog_and_version_must_agree(tmp_path):
    from gongkai.site.versions import history

    src = PACKAGES_LIST[0].path
    dest = tmp_path / src.name
    shutil.copytree(src, dest)
    desc = json.loads((dest / "datapackage.json").read_text(encoding="utf-8"))
    desc["version"] = "9.9.9"
    (dest / "datapackage.json").write_text(json.dumps(desc, ensure_ascii=False), "utf-8")
    with pytest.raises(BuildError, match="9.9.9"):
        history(load_package(dest))
    (dest / "CHANGELOG.md").write_text("# x\n\n## 9.9.9 — 2020-01-01\n\n", encoding="utf-8")
    with pytest.raises(BuildError, match="says nothing"):
        history(load_package(dest))
    (dest / "CHANGELOG.md").unlink()
    implied = history(load_package(dest))  # no changelog: version and created date
    assert implied.version == "9.9.9" and implied.modified == desc["created"][:10]


def test_ingesting_again_keeps_the_changelog(tmp_path):
    root = tmp_path / "datapackages"
    shutil.copytree(SHANGHAI, root / SHANGHAI.name)
    before = (root / SHANGHAI.name / "CHANGELOG.md").read_bytes()
    r = run("ingest", SEED, "--id", SHANGHAI.name, "--root", root)
    assert r.exit_code == 0, r.output
    assert (root / SHANGHAI.name / "CHANGELOG.md").read_bytes() == before


def test_sitemap_and_robots(built_site):
    """The sitemap is an index of parts (each at most 50,000 addresses by the protocol, at
    the site's root): together they list every page, and each address is a file."""
    ctx, site = built_site
    index = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<sitemapindex" in index and len(index) < 2000
    assert f"<loc>{site_url(ctx)}sitemap-1.xml</loc>" in index
    every = sitemap.addresses(site)
    locs = set(every)
    assert len(locs) == len(every) > 50
    for pkg in PACKAGES_LIST:
        for url in pages_of(pkg).values():
            assert site_url(ctx) + url in locs
    assert site_url(ctx) + "api/" in locs
    for loc in locs:
        assert local(ctx, site, loc).is_file()
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {site_url(ctx)}sitemap.xml" in robots.splitlines()


# ------------------------------------------------------------------ two packages


def test_two_packages_combined_catalogue_and_history(variant_site):
    ctx, site = variant_site
    rows = list(csv.DictReader(io.StringIO(
        (site / "downloads/all-requests.csv").read_text(encoding="utf-8"))))
    assert {r["report"] for r in rows} == {p.id for p in ctx.packages} == \
        {"copy-2023", "zz-escape-test-2024", SHANGHAI.name}
    assert {(r["report"], r["year"]) for r in rows} == {(p.id, str(p.year)) for p in ctx.packages}
    g = graph_of(json.loads((site / "catalog.jsonld").read_text(encoding="utf-8")))
    d = URIRef(f"{site_url(ctx)}datasets/copy-2023/")
    assert str(one(g, d, DCT.issued)) == "2025-12-01"
    assert str(one(g, d, DCT.modified)) == "2026-01-15"
    assert str(one(g, d, DCAT.version)) == "1.1.0"
    text = (site / "datasets/copy-2023/index.html").read_text(encoding="utf-8")
    versions = text[text.index('id="versions"'):]
    assert "更正：一个数字按原文重新读取。" in versions and "首次发布" in versions
    assert versions.index("1.1.0") < versions.index("1.0.0")
    reports = json.loads((site / "api/v1/reports.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in reports["reports"]] == [p.id for p in ctx.packages]
    copy = next(r for r in reports["reports"] if r["id"] == "copy-2023")
    assert (copy["version"], copy["issued"], copy["modified"]) == ("1.1.0", "2025-12-01",
                                                                  "2026-01-15")

"""The pages across reports on the session's built site: publisher pages (series across the two
national formats, every cell linking the report's cell, the break in comparability said and
drawn, cross-year checks, indicators), year pages (per level, never summed across levels),
the home page as the corpus overview, and their open data: the API files, the indicators file
and its table schema, the DCAT dataset series, schema.org JSON-LD, the sitemap and the Atom
feed. Figures are compared with the committed packages, never typed in."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from gongkai import template as T
from gongkai.indicators import INDICATORS, of_package
from gongkai.load import load_all
from gongkai.numbers import fmt
from gongkai.site import sitemap

REPO = Path(__file__).resolve().parents[1]
PACKAGES = load_all(REPO / "datapackages")
PINGTAN = sorted((p for p in PACKAGES if p.report.get("publisher_id") == "pingtan"),
                 key=lambda p: p.year)
YEARS = sorted({p.year for p in PACKAGES})
ATOM = "{http://www.w3.org/2005/Atom}"


def soup_of(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "lxml")


def series_row(soup, code: str) -> list:
    row = soup.select_one(f'table.gk-series tr[data-code="{code}"]')
    assert row is not None, code
    return row.find_all("td")


def test_pingtan_spans_every_year_in_both_formats(built_site):
    _ctx, site = built_site
    soup = soup_of(site, "publishers/pingtan")
    head = [th.get_text() for th in soup.select("table.gk-series thead th")][1:]
    assert head == [str(p.year) for p in PINGTAN] == [str(y) for y in range(2019, 2026)]
    assert {p.form.code for p in PINGTAN} == {"2019", "2021"}
    cells = series_row(soup, "requests:new_requests:total")
    assert [td.a.get_text() for td in cells] == [
        fmt(p.figures[("requests", "new_requests", "total")]) for p in PINGTAN]


def test_other_handling_joins_through_the_comparability_map(built_site):
    """其他处理: the 2019 format's single row; the 2021 format's three sub-rows summed."""
    _ctx, site = built_site
    soup = soup_of(site, "publishers/pingtan")
    cells = dict(zip([p.year for p in PINGTAN], series_row(soup, "requests:other_handling:total")))
    p2020 = next(p for p in PINGTAN if p.year == 2020)
    p2024 = next(p for p in PINGTAN if p.year == 2024)
    assert cells[2020].a.get_text() == fmt(p2020.figures[("requests", "other_handling", "total")])
    assert not cells[2020].small  # one printed cell
    three = sum(p2024.figures[("requests", r, "total")] for r in T.OUTCOME_GROUPS["other_handling"])
    assert len(T.OUTCOME_GROUPS["other_handling"]) == 3
    assert cells[2024].a.get_text() == fmt(three)
    assert "Σ" in cells[2024].get_text()  # said to be a sum


def test_every_cell_links_the_report_cell(built_site):
    _ctx, site = built_site
    page = site / "publishers/pingtan/index.html"
    soup = soup_of(site, "publishers/pingtan")
    reports = {}
    links = soup.select("table.gk-series td a")
    assert len(links) > 100
    for a in links:
        target = urljoin(page.as_uri(), a["href"])
        path, anchor = urlsplit(target).path, urlsplit(target).fragment
        if path not in reports:
            reports[path] = BeautifulSoup((Path(path) / "index.html").read_text(encoding="utf-8"),
                                          "lxml")
        cell = reports[path].find(id=anchor)
        assert cell is not None and cell.name == "td", target
        if "Σ" not in a.parent.get_text():
            assert cell["data-value"] == ("" if a.get_text() == "空白" else a.get_text()), target
    assert len(reports) == len(PINGTAN)


def test_break_in_comparability_is_said_and_drawn(built_site):
    ctx, site = built_site
    soup = soup_of(site, "publishers/pingtan")
    note = soup.select_one(".gk-break").get_text()
    assert T.FORMAT_2019.document in note and T.FORMAT_2021.document in note
    pub = ctx.publishers["pingtan"]
    assert pub.breaks == [(2020, 2021, "2019", "2021")]
    for chart in pub.charts:
        spec = json.loads((site / chart.json).read_text(encoding="utf-8"))
        rules = [layer for layer in spec["layer"] if layer["mark"]["type"] == "rule"]
        assert rules, chart.code
        data = spec["datasets"] if "datasets" in spec else {}
        text = json.dumps(data or spec, ensure_ascii=False)
        assert '"at": 2020.5' in text or '"at":2020.5' in text, chart.code
        assert "格式" in chart.description
        svg = (site / chart.svg).read_text(encoding="utf-8")
        assert "2021年起格式变更" in svg  # drawn in the static image too


def test_trend_charts_hold_the_series(built_site):
    ctx, site = built_site
    pub = ctx.publishers["pingtan"]
    assert [c.code for c in pub.charts] == ["applicants", "outcomes", "carry", "reconsideration",
                                            "litigation", "decisions"]
    applicants = next(c for c in pub.charts if c.code == "applicants")
    rows = list(csv.reader(io.StringIO((site / applicants.csv).read_text(encoding="utf-8"))))
    total = rows[0].index(T.APPLICANTS[-1].label)
    assert [r[total] for r in rows[1:]] == [
        str(p.figures[("requests", "new_requests", "total")]) for p in PINGTAN]
    soup = soup_of(site, "publishers/pingtan")
    for c in pub.charts:
        fig = soup.find(id=f"gk-chart-{c.code}")
        assert fig.select_one("img.gk-chart-static")["src"].endswith(".svg")
        assert fig.select_one(".gk-chart-desc").get_text()
        assert len(fig.select("details table tbody tr")) == len(PINGTAN)


def test_cross_year_checks_and_indicators_beside_the_series(built_site):
    ctx, site = built_site
    soup = soup_of(site, "publishers/pingtan")
    checks = [c for p in PINGTAN for c in ctx.results[p.id].checks if c.other]
    assert checks
    assert len(soup.select(".gk-all-checks tbody tr")) == len(checks)
    table = soup.select_one("table.gk-series-indicators")
    rows = table.select("tbody tr")
    assert [r.th.get_text() for r in rows] == [i.name for i in INDICATORS]
    for i, row in zip(INDICATORS, rows):
        assert soup.find(id=f"formula-{i.id}").find_next("dd").get_text().startswith(i.formula())
        for p, td in zip(PINGTAN, row.find_all("td")):
            v = next(x for x in of_package(p) if x.indicator.id == i.id)
            if v.state == "ok":
                assert td.get_text().startswith(fmt(v.value))
            assert td.a["href"].endswith(f"reports/{p.id}/#indicator-{i.id}")


def test_a_year_page_for_every_year_with_a_report(built_site):
    _ctx, site = built_site
    for year in YEARS:
        soup = soup_of(site, f"years/{year}")
        listed = {a["href"].rstrip("/").rsplit("/", 1)[-1]
                  for a in soup.select("table.gk-reports a") if "/reports/" in a["href"]}
        assert listed == {p.id for p in PACKAGES if p.year == year}
    index = soup_of(site, "years")
    assert [a.get_text() for a in index.select("table.gk-years a")] == [
        f"{y}年度" for y in sorted(YEARS, reverse=True)]
    assert {a["href"] for a in soup_of(site, "publishers").select("table.gk-publishers a")} == {
        "../publishers/pingtan/", "../publishers/shanghai/"}


def test_year_totals_are_per_level_and_never_summed_across_levels(built_site):
    """2024 has a provincial and a prefectural report: each level apart, and the rule said."""
    ctx, site = built_site
    soup = soup_of(site, "years/2024")
    assert "从不跨层级相加" in soup.select_one(".gk-rule").get_text()
    tables = {t["data-level"]: t for t in soup.select("table.gk-year-level")}
    in_2024 = [p for p in PACKAGES if p.year == 2024]
    assert set(tables) == {p.report["level"] for p in in_2024} and len(tables) == 2
    everything = sum(p.figures[("requests", "new_requests", "total")] for p in in_2024)
    for level, table in tables.items():
        mine = [p for p in in_2024 if p.report["level"] == level]
        total = sum(p.figures[("requests", "new_requests", "total")] for p in mine)
        first = table.select_one("tbody tr")
        cells = [td.get_text() for td in first.find_all("td")]
        assert cells[1] == f"{total:,}"
        assert f"{everything:,}" not in table.get_text()  # never the sum over levels
    # change on last year only for bodies present in both: Pingtan 2023 -> 2024
    pt = {p.year: p for p in PINGTAN}
    change = (pt[2024].figures[("requests", "new_requests", "total")]
              - pt[2023].figures[("requests", "new_requests", "total")])
    row = tables["prefectural"].select_one("tbody tr").find_all("td")
    assert row[-1].get_text().startswith(f"{change:+,}")
    assert "上年没有同一机关的报告" in tables["provincial"].caption.get_text()
    assert tables["provincial"].select_one("tbody tr").find_all("td")[-1].get_text() == "—"


def test_home_page_is_the_corpus_overview(built_site):
    ctx, site = built_site
    soup = soup_of(site, ".")
    cards = {c.select_one(".gk-card-label").get_text(): c.select_one(".gk-card-value").get_text()
             for c in soup.select(".gk-card")}
    assert cards["报告"].startswith(str(len(PACKAGES)))
    assert cards["发布机关"].startswith(str(len({p.report.get("publisher_id") for p in PACKAGES})))
    assert any(k.startswith("年度") and v.startswith(str(len(YEARS))) for k, v in cards.items())
    assert cards["层级"].startswith(str(len({p.report["level"] for p in PACKAGES})))
    hrefs = [a["href"] for a in soup.select(".gk-entry a")]
    assert hrefs == ["years/", "publishers/", "compare/", "datasets/"]
    latest = [a["href"] for a in soup.select("table.gk-latest a") if "reports/" in a["href"]]
    assert latest[0] == f"reports/{ctx.latest.id}/"
    assert soup.select_one('a[href="feed.xml"]') and soup.select_one(
        'a[href="downloads/indicators.csv"]')


def test_indicators_csv_schema_and_api(built_site):
    from frictionless import Resource, Schema

    _ctx, site = built_site
    schema = json.loads((site / "downloads/indicators.schema.json").read_text(encoding="utf-8"))
    assert all(f["title"] and f["description"] for f in schema["fields"])
    report = Resource(path="indicators.csv", basepath=str(site / "downloads"),
                      schema=Schema.from_descriptor(schema)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])
    rows = list(csv.DictReader(io.StringIO(
        (site / "downloads/indicators.csv").read_text(encoding="utf-8"))))
    assert len(rows) == len(PACKAGES) * len(INDICATORS)
    api = json.loads((site / "api/v1/indicators.json").read_text(encoding="utf-8"))
    assert [i["id"] for i in api["indicators"]] == [i.id for i in INDICATORS]
    by_key = {(r["report"], r["indicator"]): r for r in api["values"]}
    for p in PACKAGES:
        for v in of_package(p):
            row = by_key[(p.id, v.indicator.id)]
            assert row["state"] == v.state
            assert row["value"] == (fmt(v.value) if v.value is not None else None)
            assert isinstance(row["value"], (str, type(None)))  # a decimal string
            if v.state == "small":
                assert row["state_label"] == "样本过少"
    assert any(r["state"] == "small" for r in rows)


def test_publisher_api_files(built_site):
    _ctx, site = built_site
    index = json.loads((site / "api/v1/publishers.json").read_text(encoding="utf-8"))
    assert {p["id"] for p in index["publishers"]} == {"pingtan", "shanghai"}
    doc = json.loads((site / "api/v1/publishers/pingtan.json").read_text(encoding="utf-8"))
    assert doc["years"] == list(range(2019, 2026))
    series = {s["code"]: s for s in doc["series"]}
    new = series["requests:new_requests:total"]["values"]
    assert [v["value"] for v in new] == [p.figures[("requests", "new_requests", "total")]
                                         for p in PINGTAN]
    other = series["requests:other_handling:total"]["values"]
    assert [v["summed"] for v in other] == [p.form.code == "2021" for p in PINGTAN]
    assert doc["format_changes"] == [{"after_year": 2020, "from_year": 2021,
                                      "from_format": "2019", "to_format": "2021"}]
    every = json.loads((site / "api/v1/indicators.json").read_text(encoding="utf-8"))
    ids = {p.id for p in PINGTAN}
    assert [(r["report"], r["indicator"]) for r in doc["indicators"]] == \
        [(r["report"], r["indicator"]) for r in every["values"] if r["report"] in ids]
    assert len(doc["indicators"]) > len(PINGTAN)
    years = json.loads((site / "api/v1/years.json").read_text(encoding="utf-8"))
    assert [y["year"] for y in years["years"]] == sorted(YEARS, reverse=True)
    y2024 = next(y for y in years["years"] if y["year"] == 2024)
    assert set(y2024["levels"]) == {"provincial", "prefectural"}


def test_dcat_dataset_series(built_site):
    import rdflib

    ctx, site = built_site
    g = rdflib.Graph().parse(data=(site / "catalog.jsonld").read_text(encoding="utf-8"),
                             format="json-ld")
    DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    series = set(g.subjects(rdflib.RDF.type, DCAT.DatasetSeries))
    assert len(series) == len(ctx.publishers)
    pingtan = next(s for s in series if "publishers/pingtan/" in str(s))
    members = set(g.subjects(DCAT.inSeries, pingtan))
    assert {str(m).rstrip("/").rsplit("/", 1)[-1] for m in members} == {p.id for p in PINGTAN}
    for m in members:
        assert (m, rdflib.RDF.type, DCAT.Dataset) in g
    assert (None, DCAT.downloadURL, rdflib.URIRef(urljoin(ctx.site_url,
                                                          "downloads/indicators.csv"))) in g


@pytest.mark.parametrize("url", ["publishers/pingtan", "years/2024", "publishers", "years"])
def test_new_pages_have_schema_org_json_ld_and_are_in_the_sitemap(built_site, url):
    ctx, site = built_site
    soup = soup_of(site, url)
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["@context"]["@vocab"] == "https://schema.org/"
    assert data["url"] == urljoin(ctx.site_url, url + "/")
    if data["@type"] == "Dataset":
        assert data["hasPart"]
    assert urljoin(ctx.site_url, url + "/") in sitemap.addresses(site)


def test_atom_feed_is_valid_and_lists_every_package(built_site):
    """Atom (RFC 4287): feed id, title, updated, author and self link; each entry an id, title,
    updated and alternate link; one entry per version of every package."""
    import xml.etree.ElementTree as ET
    from datetime import datetime

    ctx, site = built_site
    root = ET.fromstring((site / "feed.xml").read_bytes())
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{tag}") is not None, tag
    assert root.find(f"{ATOM}author/{ATOM}name").text
    assert any(x.get("rel") == "self" for x in root.findall(f"{ATOM}link"))
    entries = root.findall(f"{ATOM}entry")
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(ids) == len(set(ids))
    for e in entries:
        datetime.fromisoformat(e.find(f"{ATOM}updated").text.replace("Z", "+00:00"))
        assert e.find(f"{ATOM}title").text
        assert e.find(f"{ATOM}link").get("rel") == "alternate"
    for p in PACKAGES:
        mine = [e for e in entries if f"/reports/{p.id}/" in e.find(f"{ATOM}id").text]
        assert len(mine) == len(ctx.history[p.id].changes), p.id
    kinds = {e.find(f"{ATOM}category").get("term") for e in entries}
    assert "published" in kinds
    head = soup_of(site, "publishers/pingtan").find("link", type="application/atom+xml")
    assert head and head["href"].endswith("feed.xml")


def test_correction_shows_in_the_feed(variant_site):
    """The variant's copy has a two-version changelog: its correction is an entry."""
    import xml.etree.ElementTree as ET

    _ctx, site = variant_site
    root = ET.fromstring((site / "feed.xml").read_bytes())
    titles = [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")
              if "/reports/copy-2023/" in e.find(f"{ATOM}id").text]
    assert len(titles) == 2 and any(t.startswith("更正") for t in titles)


def test_indicator_rows_grouped_by_report_keep_the_list_order():
    from gongkai.site.api import _in_list_order, rows_by_report

    rows = [{"report": r, "n": i} for i, r in enumerate("aabbbcdde")]
    grouped = rows_by_report(rows)
    for ids in ({"e", "a"}, {"d", "b"}, {"c"}, {"x"}, set("abcde")):
        assert _in_list_order(grouped, ids) == [r for r in rows if r["report"] in ids]

"""The portal, built for real (`mkdocs build --strict` through `gongkai build`), without a browser.

Builds are expensive: the tests read the session's one build (`built_site`) or its one variant
(`variant_site`, conftest.py); only the tests of a failing build and of a rebuild build again.
Every figure compared here is read from the packages, never typed in.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from gongkai import template as T
from gongkai.numbers import fmt
from gongkai.load import load_all, load_package
from gongkai.site.build import BuildError, build_site
from conftest import NASTY, NASTY_NAME, copy_package
from helpers import rehash

REPO = Path(__file__).resolve().parents[1]
ROOT = REPO / "datapackages"
CONFIG = REPO / "mkdocs.yml"


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def first_package_dir() -> Path:
    return sorted(p for p in ROOT.iterdir() if (p / "datapackage.json").exists())[0]


def html_of(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


# ------------------------------------------------------------------ build


def test_strict_build_produces_every_page(built_site):
    ctx, site = built_site
    assert (site / "index.html").exists()
    assert (site / "quality" / "index.html").exists()
    assert (site / "about" / "index.html").exists()
    for pkg in load_all(ROOT):
        assert (site / "reports" / pkg.id / "index.html").exists()
        assert (site / "datasets" / pkg.id / "index.html").exists()
        for res in pkg.descriptor["resources"]:
            if res.get("schema"):
                assert (site / "datasets" / pkg.id / res["name"] / "index.html").exists()
    assert ctx.config["theme"]["language"] == "zh"
    assert ctx.config["strict"] is True


def test_every_report_figure_equals_the_package(built_site):
    from bs4 import BeautifulSoup

    _, site = built_site
    for pkg in load_all(ROOT):
        soup = BeautifulSoup(html_of(site, f"reports/{pkg.id}/index.html"), "lxml")
        shown = {}
        for td in soup.select("td[data-table]"):
            key = (td["data-table"], td["data-row"], td["data-col"])
            assert key not in shown, f"{key} shown twice"
            shown[key] = td
        assert set(shown) == set(pkg.figures), "every figure, and only figures, in the tables"
        for key, td in shown.items():
            value = pkg.figures[key]
            assert td["data-value"] == fmt(value, missing=""), key  # every digit; blank blank
            text = (td.find(string=True, recursive=False) or "").strip()
            assert text == (pkg.printed.get(key) or fmt(value, missing="")), key  # as printed
            assert ("gk-blank" in td["class"]) == (value is None), key


def test_report_page_shows_where_each_figure_was(built_site):
    from bs4 import BeautifulSoup

    _, site = built_site
    for pkg in load_all(ROOT):
        soup = BeautifulSoup(html_of(site, f"reports/{pkg.id}/index.html"), "lxml")
        note = soup.select_one(".gk-where-note")
        assert note is not None and "provenance.csv" in note.get_text(), pkg.id
        for td in soup.select("td[data-table]"):
            key = (td["data-table"], td["data-row"], td["data-col"])
            place = pkg.places[key]
            if place["page"]:
                want = f"第{place['page']}页"
            elif place["table_index"]:
                want = f"表{place['table_index']} 第{place['row_index']}行"
            else:
                want = f"原文第{place['line']}行"
            assert td["title"].endswith(want), (pkg.id, key, td["title"])
    pt = BeautifulSoup(html_of(site, "reports/pingtan-2023/index.html"), "lxml")
    assert pt.select_one("#c-requests-new_requests-total")["title"] == "表2 第4行"
    assert "网页" in pt.select_one(".gk-where-note").get_text()


def test_report_tables_have_merged_headers_from_the_template(built_site):
    from bs4 import BeautifulSoup

    _, site = built_site
    pkg = load_all(ROOT)[0]
    soup = BeautifulSoup(html_of(site, f"reports/{pkg.id}/index.html"), "lxml")
    requests = soup.select_one("table.gk-requests")
    legal = [c for c in T.APPLICANTS if c.group == "legal_person"]
    group_th = requests.find("th", string=legal[0].group_label)
    assert int(group_th["colspan"]) == len(legal)
    withheld = [r for r in T.REQUEST_ROWS if r.group == "withheld"]
    head = next(g for g in T.REQUEST_GROUPS if g.code == "withheld")
    th = requests.find("th", string=head.number + head.label)
    assert int(th["rowspan"]) == len(withheld)
    appeals = soup.select_one("table.gk-appeals")
    lit = appeals.find("th", string=T.PROCEEDINGS[1].group_label)
    assert int(lit["colspan"]) == len(T.RESULTS) * 2


def test_report_prose_comes_from_the_source_text(built_site):
    _, site = built_site
    from bs4 import BeautifulSoup

    with_prose = [p for p in load_all(ROOT) if p.highlights]
    assert with_prose
    for pkg in with_prose:
        soup = BeautifulSoup(html_of(site, f"reports/{pkg.id}/index.html"), "lxml")
        prose = "".join(p.get_text() for p in soup.select(".gk-prose p"))
        for h in pkg.highlights:  # every sentence the figures were read from is on the page
            assert h["sentence"] in prose, (pkg.id, h["code"])


def test_charts_have_static_svg_png_csv_description_and_table(built_site):
    from bs4 import BeautifulSoup

    ctx, site = built_site
    for pkg in ctx.packages:
        page = site / "reports" / pkg.id / "index.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        figures = soup.select("figure.gk-chart")
        assert len(figures) == len(ctx.charts[pkg.id]) >= 7
        for fig in figures:
            img = fig.select_one("img.gk-chart-static")
            assert img["alt"].strip()
            assert (page.parent / img["src"]).resolve().read_bytes().startswith(b"<svg")
            links = {a.text: (page.parent / a["href"]).resolve() for a in
                     fig.select(".gk-chart-links a")}
            assert links["PNG"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
            assert b"<svg" in links["SVG"].read_bytes()[:200]
            rows = list(csv.reader(io.StringIO(links["数据 CSV"].read_text(encoding="utf-8"))))
            assert len(rows) > 1
            # the live chart's spec is the published Vega-Lite file, fetched on request
            spec_file = (page.parent / fig.select_one(".gk-chart-view")["data-spec-url"]).resolve()
            assert spec_file == links["Vega-Lite 规格"]
            spec = json.loads(spec_file.read_text(encoding="utf-8"))
            assert spec["width"] == "container"
            assert spec["description"]
            assert fig.select_one("details table tbody tr")
            assert fig["aria-describedby"] and soup.find(id=fig["aria-describedby"]).text
        # the outcome chart's figures are the table's, with the report's own percentages
        outcomes = next(c for c in ctx.charts[pkg.id] if c.code == "outcomes")
        for group, rows in pkg.form.outcome_groups.items():
            total = sum(pkg.figures[("requests", r, "total")] for r in rows)
            row = next(r for r in outcomes.rows if r[0] == T.OUTCOME_GROUP_LABELS[group][0])
            assert row[1].replace(",", "") == str(total)
        for h in pkg.highlights:
            if h["code"].endswith("_share") and h["code"] != "disclosed_or_partial_share":
                assert any(f"{h['value']:g}%" in r[-1] for r in outcomes.rows), h["code"]


def test_chart_labels_are_never_rotated_or_cut(built_site):
    import altair as alt

    ctx, _ = built_site
    for charts in ctx.charts.values():
        for c in charts:
            alt.LayerChart.from_dict(c.spec, validate=True)  # a valid Vega-Lite spec
            text = json.dumps(c.spec, ensure_ascii=False)
            assert "labelAngle" not in text
            for layer in c.spec["layer"]:
                mark = layer["mark"]
                if mark.get("type") == "text":
                    assert mark.get("limit") == 0  # never truncated
            assert c.spec["encoding"]["y"]["axis"] is None if "encoding" in c.spec else True


def test_static_chart_svg_uses_cjk_font_glyphs(built_site):
    ctx, site = built_site
    pkg = ctx.packages[0]
    svg = (site / ctx.charts[pkg.id][0].svg).read_text(encoding="utf-8")
    assert "Noto Sans CJK SC" in svg
    label = T.OUTCOME_GROUP_LABELS["withheld"][0]
    assert label in svg


def test_vega_bundle_is_local_and_only_on_chart_pages(built_site):
    _, site = built_site
    bundle = site / "assets" / "vega" / "vega-bundle.js"
    assert bundle.stat().st_size > 100_000
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "vega-bundle.js\"></script>" not in text  # loaded on demand, once, by gongkai.js
        views = re.findall(r'data-vega="([^"]+)"', text)
        if views:
            assert len(set(views)) == 1
            assert (page.parent / views[0]).resolve() == bundle.resolve()
            assert "reports/" in str(page) or "publishers/" in str(page)  # report, trends
    js = (site / "assets" / "javascripts" / "gongkai.js").read_text(encoding="utf-8")
    assert "document$" in js and "window.vegaEmbed" in js


# ------------------------------------------------------------------ downloads and datasets


def test_downloads_equal_the_package(built_site):
    from openpyxl import load_workbook

    ctx, site = built_site
    for pkg in ctx.packages:
        files = ctx.downloads[pkg.id]
        for name in ("proactive", "requests", "appeals", "highlights"):
            raw = pkg.resource_path(name).read_bytes()
            assert (site / files[f"{name}.csv"].path).read_bytes() == raw
            assert (site / files[f"{name}.bom.csv"].path).read_bytes() == b"\xef\xbb\xbf" + raw
            rows = pkg.rows(name)
            data = json.loads((site / files[f"{name}.json"].path).read_text(encoding="utf-8"))
            assert len(data) == len(rows)
            for got, want in zip(data, rows):
                for k, v in want.items():
                    assert (got[k] if got[k] is not None else "") == v or \
                        float(got[k]) == float(v), (name, k)
            ws = load_workbook(site / files[f"{name}.xlsx"].path, read_only=True)[name]
            sheet = list(ws.iter_rows(values_only=True))
            fields = [f["name"] for f in pkg.resource(name)["schema"]["fields"]]
            assert list(sheet[0]) == fields
            assert len(sheet) == len(rows) + 1
        with zipfile.ZipFile(site / files["zip"].path) as zf:
            names = zf.namelist()
            assert f"{pkg.id}/datapackage.json" in names
            for res in pkg.descriptor["resources"]:
                assert zf.read(f"{pkg.id}/{res['path']}") == (pkg.path / res["path"]).read_bytes()
        # the dataset page shows each file's size and sha256, and they are right
        page = html_of(site, f"datasets/{pkg.id}/index.html")
        for f in files.values():
            data = (site / f.path).read_bytes()
            assert hashlib.sha256(data).hexdigest() in page
            assert f"{len(data)} 字节" in page


def test_resource_pages_have_the_data_dictionary(built_site):
    from bs4 import BeautifulSoup

    ctx, site = built_site
    for pkg in ctx.packages:
        for res in pkg.descriptor["resources"]:
            if not res.get("schema"):
                continue
            soup = BeautifulSoup(html_of(site, f"datasets/{pkg.id}/{res['name']}/index.html"),
                                 "lxml")
            table = soup.select_one("table.gk-dict")
            cells = [[td.get_text() for td in tr.find_all("td")] for tr in table.tbody.find_all("tr")]
            assert [c[0] for c in cells] == [f["name"] for f in res["schema"]["fields"]]
            for c, f in zip(cells, res["schema"]["fields"]):
                assert c[1] == f.get("title", "") and c[2] == f.get("description", "")
                assert c[3] == f["type"]
            assert len(soup.select("table.gk-preview tbody tr")) == min(len(pkg.rows(res["name"])),
                                                                         12)
            text = soup.get_text()
            lic = pkg.descriptor["licenses"][0]
            assert (lic.get("title") or lic["name"]) in text and "引用" in text
            assert soup.find("a", href=lic["path"]) if lic.get("path") else True


def test_quality_page_lists_every_check_with_both_numbers(built_site):
    from bs4 import BeautifulSoup

    ctx, site = built_site
    soup = BeautifulSoup(html_of(site, "quality/index.html"), "lxml")
    for pkg in ctx.packages:
        checks = [c for c in ctx.results[pkg.id].checks if not c.other]  # across years: apart
        table = soup.find(id=pkg.id).find_next("table")
        rows = table.tbody.find_all("tr")
        assert len(rows) == len(checks) >= len(pkg.form.identities)
        for tr, c in zip(rows, checks):
            cells = [td.get_text() for td in tr.find_all("td")]
            assert cells[0] == c.id
            assert cells[2] == fmt(c.expected) and cells[3] == fmt(c.found)


def test_home_page_figures_come_from_the_data(built_site):
    from gongkai.site.util import grouped

    ctx, site = built_site
    pkg = ctx.latest
    page = html_of(site, "index.html")
    assert grouped(pkg.figures[("requests", "new_requests", "total")]) in page
    assert grouped(pkg.figures[("appeals", "administrative_reconsideration", "total")]) in page
    for p in ctx.packages:
        assert f"reports/{p.id}/" in page


def test_docs_have_no_typed_figures():
    """Hand-written pages take every number from the data through macros."""
    pkg = load_package(first_package_dir())
    numbers = {str(v) for v in pkg.figures.values() if v >= 10}
    numbers |= {f"{int(v):,}" for v in pkg.figures.values() if v >= 1000}
    for md in (REPO / "docs").rglob("*.md"):
        text = re.sub(r"\{\{.*?\}\}", "", md.read_text(encoding="utf-8"))
        found = {n for n in numbers if re.search(rf"(?<![\d.]){re.escape(n)}(?![\d])", text)}
        assert not found, f"{md.name} types figures {found}"


# ------------------------------------------------------------------ many packages, escaping


def test_extra_package_in_a_temporary_copy_builds(variant_site):
    ctx, site = variant_site
    assert [p.id for p in ctx.packages].count("zz-escape-test-2024") == 1
    assert (site / "reports" / "zz-escape-test-2024" / "index.html").exists()
    assert (site / "datasets" / "zz-escape-test-2024" / "requests" / "index.html").exists()
    assert (site / "downloads" / "zz-escape-test-2024" / "zz-escape-test-2024.zip").exists()
    assert not (ROOT / "zz-escape-test-2024").exists()  # nothing invented is published
    assert "zz-escape-test-2024/" in html_of(site, "reports/index.html")
    assert "reports/zz-escape-test-2024/" in html_of(site, "index.html")


def test_template_syntax_and_html_in_report_text_show_literally(variant_site):
    from bs4 import BeautifulSoup

    _, site = variant_site
    raw = html_of(site, "reports/zz-escape-test-2024/index.html")
    assert "<script>alert" not in raw
    soup = BeautifulSoup(raw, "lxml")
    assert NASTY in soup.get_text()
    assert "{{ title }} <b>粗体</b> 测试报告" in soup.find("h1").get_text()
    assert not soup.select("article b")  # the title's <b> is text, not markup
    paragraph = next(p for p in soup.select(".gk-prose p") if "注意" in p.get_text())
    assert paragraph.get_text() == NASTY  # not rendered by Jinja ({{ 7*7 }} is not 49)
    assert not paragraph.find("script")


@pytest.mark.parametrize("page", ["reports/zz-escape-test-2024/index.html", "quality/index.html",
                                  "datasets/zz-escape-test-2024/requests/index.html"])
def test_a_hostile_division_name_shows_literally_in_nav_titles_and_tables(variant_site, page):
    from bs4 import BeautifulSoup

    _, site = variant_site
    soup = BeautifulSoup(html_of(site, page), "lxml")
    assert not soup.select("i") or all("斜体" not in i.get_text() for i in soup.select("i"))
    assert "42市" not in soup.get_text()  # {{ 6*7 }} never rendered
    nav = " ".join(a.get_text() for a in soup.select("nav a"))
    assert f"2024年{NASTY_NAME}" in nav
    if page.startswith("reports/") or page.startswith("datasets/"):
        assert f"2024年{NASTY_NAME}" in soup.title.get_text()


def test_macro_error_fails_the_build_and_keeps_the_previous_site(built_site, chart_cache,
                                                                 tmp_path):
    _, good_site = built_site
    site = tmp_path / "site"
    shutil.copytree(good_site, site)
    before = tree_digest(site)
    conf = tmp_path / "conf"
    conf.mkdir()
    shutil.copy(CONFIG, conf / "mkdocs.yml")
    shutil.copytree(REPO / "docs", conf / "docs")
    shutil.copytree(REPO / "overrides", conf / "overrides")
    (conf / "docs" / "broken.md").write_text(
        "---\nrender_macros: true\n---\n# 坏页面\n\n{{ no_such_variable }}\n", encoding="utf-8")
    with pytest.raises(BuildError) as exc:
        build_site(ROOT, site, conf / "mkdocs.yml", work=tmp_path / "work", cache=chart_cache)
    assert "no_such_variable" in str(exc.value) or "macro" in str(exc.value)
    assert tree_digest(site) == before


def test_undeclared_inconsistency_fails_the_build_and_keeps_the_previous_site(built_site, tmp_path):
    _, good_site = built_site
    site = tmp_path / "site"
    shutil.copytree(good_site, site)
    before = tree_digest(site)
    root = tmp_path / "datapackages"
    root.mkdir()
    bad = copy_package(first_package_dir(), root, "zz-broken-2024")
    path = bad / "requests.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[0]["count"] = str(int(rows[0]["count"]) + 1)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0].keys()), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    rehash(bad)
    with pytest.raises(BuildError) as exc:
        build_site(root, site, CONFIG, work=tmp_path / "work")
    message = str(exc.value)
    assert "zz-broken-2024" in message and "requests" in message
    assert rows[0]["row"] in message and rows[0]["applicant"] in message
    assert tree_digest(site) == before
    # the command line says the same and exits 1
    from typer.testing import CliRunner

    from gongkai.cli import app

    result = CliRunner().invoke(app, ["build", "--root", str(root), "--site", str(site),
                                      "--config", str(CONFIG)])
    assert result.exit_code == 1
    assert "zz-broken-2024" in result.output and "previous site" in result.output
    assert tree_digest(site) == before


def test_a_changed_file_is_reported_once(tmp_path):
    from gongkai.validate import validate_package

    pkg = copy_package(first_package_dir(), tmp_path, "zz-changed-2024")
    source = next(r["path"] for r in json.loads((pkg / "datapackage.json").read_text(
        encoding="utf-8"))["resources"] if r["name"] == "source")
    with open(pkg / source, "a", encoding="utf-8") as f:
        f.write("多出的一行\n")
    errors = validate_package(pkg).errors
    assert len(errors) == 1, errors
    assert source in errors[0] and "sha256" in errors[0] and "bytes" in errors[0]


# ------------------------------------------------------------------ offline, reproducible


LOADING_ATTRS = re.compile(r"""<(script|img|iframe|source|audio|video|embed|track|input)\b[^>]*?\s(?:src|srcset|poster|data)\s*=\s*["']?\s*((?:https?:)?//[^"'\s>]+)""", re.I)
LINK_TAG = re.compile(r"<link\b[^>]*>", re.I)
CSS_URL = re.compile(r"""url\(\s*["']?\s*((?:https?:)?//[^"')\s]+)""", re.I)
JS_IMPORT = re.compile(r"""(?:\bimport\s*\(\s*|\bfrom\s*|importScripts\s*\(\s*|@import\s+)["']((?:https?:)?//[^"']+)""", re.I)


def external_references(site: Path) -> list[str]:
    found = []
    for p in site.rglob("*"):
        if p.suffix not in (".html", ".css", ".js", ".svg", ".json", ".xml") or not p.is_file():
            continue
        text = p.read_text(encoding="utf-8", errors="replace")
        where = str(p.relative_to(site))
        if p.suffix in (".html", ".svg"):
            for m in LOADING_ATTRS.finditer(text):
                found.append(f"{where}: <{m.group(1)}> loads {m.group(2)}")
            for tag in LINK_TAG.findall(text):
                href = re.search(r"""href\s*=\s*["']?((?:https?:)?//[^"'\s>]+)""", tag)
                rel = re.search(r"""rel\s*=\s*["']?([^"'>]+)""", tag)
                if href and not (rel and rel.group(1).strip() in ("canonical", "alternate")):
                    found.append(f"{where}: {tag}")
        if p.suffix in (".html", ".css", ".svg"):
            found += [f"{where}: url({u})" for u in CSS_URL.findall(text)]
        if p.suffix in (".html", ".js"):
            found += [f"{where}: import {u}" for u in JS_IMPORT.findall(text)]
    return found


def test_no_external_references(built_site):
    ctx, site = built_site
    assert external_references(site) == []
    assert ctx.config["theme"]["font"] is False
    assert ctx.config["extra"]["generator"] is False
    plugins = json.dumps(ctx.config["plugins"])
    assert "privacy" not in plugins
    assert "fonts.googleapis" not in html_of(site, "index.html")


def test_external_reference_scanner_catches_loads(tmp_path):
    (tmp_path / "a.html").write_text('<script src="https://cdn.example.org/x.js"></script>'
                                     '<link rel="stylesheet" href="//fonts.example.org/c.css">'
                                     '<a href="https://www.example.gov.cn">ok</a>')
    (tmp_path / "b.css").write_text("body{background:url(https://example.org/i.png)}")
    assert len(external_references(tmp_path)) == 3


def test_two_builds_are_byte_identical(built_site, site_config, tmp_path):
    _, site = built_site
    build_site(ROOT, tmp_path / "site", site_config, work=tmp_path / "work", use_cache=False,
               cache=tmp_path / "cache")
    assert tree_digest(tmp_path / "site") == tree_digest(site)


# ------------------------------------------------------------------ search


def test_jieba_dictionary_splits_long_words():
    from gongkai.site.search import dictionary_text

    words = dict(line.split() for line in dictionary_text().splitlines())
    for short in ("复议", "诉讼", "行政", "信息"):
        assert int(words[short]) > 1000
    assert int(words["行政复议"]) < 10


def test_search_index_is_sharded_local_and_reads_chinese_in_pairs(built_site):
    """Pagefind's index is on the site (no other host), split into shards, with no Material
    index; the text it indexes holds Chinese as overlapping pairs, so 复议 is a word of a page
    that says 行政复议, and every row label's pairs are words of the report page."""
    from gongkai.site.pagefind import index_text, word

    ctx, site = built_site
    assert not (site / "search" / "search_index.json").exists()
    pf = site / "pagefind"
    assert (pf / "pagefind.js").is_file() and (pf / "pagefind-entry.json").is_file()
    assert len(list((pf / "index").glob("*.pf_index"))) >= 1
    assert len(list((pf / "fragment").glob("*.pf_fragment"))) >= len(ctx.packages)
    js = (site / "assets" / "javascripts" / "gongkai-search.js").read_text(encoding="utf-8")
    assert "http://" not in js and "https://" not in js
    pkg = ctx.packages[0]
    html = (site / "reports" / pkg.id / "index.html").read_text(encoding="utf-8")
    assert 'data-gk-search="../../pagefind/pagefind.js"' in html
    words = set(re.sub(r"<[^>]*>", " ", index_text(html)).split())
    assert {word(w) for w in ("复议", "行政", "政复", "诉讼")} <= words  # 复议 finds 行政复议
    for table in T.TABLES.values():
        for m in (*table.rows, *table.cols):
            for run in re.findall(r"[\u4e00-\u9fff]+", m.label):
                want = {word(run[i:i + 2]) for i in range(len(run) - 1)} or {word(run)}
                assert want <= words, m.label


def test_index_text_pairs_chinese_and_leaves_markup():
    from gongkai.site.pagefind import index_text, word

    assert word("复议") == "u590d8bae"
    assert index_text("<p title=\"行政复议\">行政复议、诉讼 75件</p>") == \
        "<p title=\"行政复议\"> u884c653f u653f590d u590d8bae 、 u8bc98bbc  75 u4ef6 </p>"
    assert index_text("<script>var a='复议';</script>") == "<script>var a='复议';</script>"


def test_charts_and_citations_are_left_out_of_a_report_page_search_text(built_site):
    """A result downloads its page's stored text: a report page's holds its tables, not its
    charts' copies of them nor its citations (`pagefind.EXCLUDE`)."""
    import gzip
    import json

    from gongkai.site.pagefind import word

    ctx, site = built_site
    pkg = ctx.packages[0]
    stored = {}
    for f in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(f.read_bytes())
        doc = json.loads(raw[raw.index(b"{"):])
        stored[doc["url"].rstrip("/").rsplit("/", 1)[-1]] = doc["content"]
    text = stored[pkg.id]
    assert word("复议") in text and word("诉讼") in text  # the tables' labels
    html = (site / "reports" / pkg.id / "index.html").read_text(encoding="utf-8")
    assert "BibTeX" in html and "表格视图" in html  # on the page, not in its search text
    assert "BibTeX" not in text and "Vega-Lite" not in text and "APA" not in text


def test_dataset_pages_are_left_out_of_the_search_index(built_site):
    """Dataset pages repeat their report page's labels: the index holds the report pages and
    the other pages, not the datasets (`pagefind.NOT_INDEXED`)."""
    import json

    ctx, site = built_site
    staged = ctx.work / "pagefind-src"
    assert (staged / "reports" / ctx.packages[0].id / "index.html").is_file()
    assert not (staged / "datasets").exists()
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages = sum(lang["page_count"] for lang in entry["languages"].values())
    indexed = [p for p in site.rglob("index.html") if p.relative_to(site).parts[0] != "datasets"]
    assert pages == len(indexed)

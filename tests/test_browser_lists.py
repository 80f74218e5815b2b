"""Long lists on a site large enough to paginate: a synthetic corpus (scripts/synth_corpus.py,
30 reports of 6 bodies over 2021–2025, never published) built with `ROWS` = 4 rows a list page
(`extra: gongkai_list_rows`), served beside the session's site. No list page holds more than
its rows, the pager's links lead through every report, the filter box finds a named synthetic
publisher (by keyboard, with its count announced), search finds the template's words, and
screenshots of the reports index and a year page are saved at desktop and phone widths. The
real site (8 reports, fewer than a page) shows neither pager nor filter box."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from browser_support import DESKTOP, PHONE, SCREENSHOTS, Recorder, search

REPO = Path(__file__).resolve().parents[1]
N = 4  # rows a list page holds in this build
REPORTS, BODIES = 30, 6
LIST_PAGES = ("reports", "datasets", "publishers", "years/2024")


@pytest.fixture(scope="session")
def synth_site(served, chart_cache, tmp_path_factory):
    """(site folder, its URL): the synthetic corpus ingested and built, served under synth/."""
    from gongkai.site.build import build_site

    root, url = served
    base = tmp_path_factory.mktemp("synth")
    subprocess.run([sys.executable, str(REPO / "scripts/synth_corpus.py"), str(REPORTS),
                    "--out", str(base / "corpus")], check=True, capture_output=True)
    packages = base / "datapackages"
    packages.mkdir()
    shutil.copy(base / "corpus" / "publishers.csv", packages / "publishers.csv")
    subprocess.run([str(REPO / ".venv/bin/gongkai"), "ingest", str(base / "corpus" / "reports"),
                    "--root", str(packages), "--jobs", "2"], check=True, capture_output=True)
    site_url = url.replace("/gongkai/", "/synth/")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(site_url=site_url, docs_dir=str(REPO / "docs"))
    config["theme"]["custom_dir"] = str(REPO / "overrides")
    config["extra"]["gongkai_list_rows"] = N
    (base / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    build_site(packages, root / "synth", base / "mkdocs.yml", work=base / "work",
               cache=chart_cache)
    return root / "synth", site_url


@pytest.fixture
def visit(browser, synth_site):
    """visit(viewport) -> page on the synthetic site; no request leaves 127.0.0.1 and nothing
    fails."""
    opened = []

    def open_(viewport=DESKTOP):
        context = browser.new_context(viewport=viewport, locale="zh-CN", base_url=synth_site[1])
        context.set_default_timeout(20_000)
        recorder = Recorder()
        recorder.attach(context)
        opened.append((context, recorder))
        return context.new_page()

    yield open_
    problems = []
    for context, recorder in opened:
        context.close()
        problems += [f"request left 127.0.0.1: {u}" for u in recorder.external()]
        problems += recorder.errors + [f"failed: {f}" for f in recorder.failed]
    assert not problems, "\n".join(problems)


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "lxml")


def list_rows(page: BeautifulSoup) -> list:
    return page.select(".gk-list-static table tbody tr")


# ------------------------------------------------------------------ the static pages


@pytest.mark.browser
def test_no_list_page_holds_more_than_its_rows(synth_site):
    site, _ = synth_site
    pages = [p.parent for p in site.rglob("index.html")
             if re.match(r"(reports|datasets|publishers|years/\d+|quality)(/page/\d+)?$",
                         p.parent.relative_to(site).as_posix())]
    assert len(pages) > 20
    for folder in pages:
        page = soup(site, folder.relative_to(site).as_posix())
        rel = folder.relative_to(site).as_posix()
        if rel.startswith("quality"):
            assert 1 <= len(page.select("h3[id]")) <= max(1, N // 5), rel
        else:
            assert 1 <= len(list_rows(page)) <= N, rel
            assert page.select("nav.gk-pager"), f"{rel}: no pager"
    # the report pages link the data-quality page that holds their checks
    report = next(p for p in (site / "reports").glob("synthetic-*/index.html"))
    link = BeautifulSoup(report.read_text("utf-8"), "lxml").find("a", string="查看全部核对")
    target = (report.parent / link["href"].split("#")[0] / "index.html").resolve()
    assert soup(site, target.parent.relative_to(site).as_posix()).find(
        "h3", id=link["href"].split("#")[1])


@pytest.mark.browser
def test_the_real_site_shows_no_pager_and_no_filter(built_site):
    ctx, site = built_site
    for path in ("reports", "datasets", "publishers", "quality",
                 f"years/{ctx.latest.year}"):
        page = soup(site, path)
        assert not page.select("nav.gk-pager, .gk-filter"), path
    assert len(list_rows(soup(site, "reports"))) == len(ctx.packages)
    assert (site / "lists" / "reports.json").is_file()


# ------------------------------------------------------------------ in the browser


@pytest.mark.browser
def test_the_pager_leads_through_every_report(visit, synth_site):
    page = visit()
    page.goto("reports/", wait_until="load")
    seen: list[str] = []
    for number in range(2, REPORTS + 2):
        rows = page.locator(".gk-list-static table.gk-reports tbody tr")
        assert 1 <= rows.count() <= N
        seen += page.eval_on_selector_all(".gk-list-static tbody tr td:nth-child(2) a",
                                          "as => as.map(a => a.href)")
        nxt = page.locator("nav.gk-pager a[rel=next]")
        if not nxt.count():
            break
        nxt.click()  # wait for the next page's own pager
        page.wait_for_function("""n => document.querySelector(
            'nav.gk-pager [aria-current=page]')?.textContent === n""", arg=str(number))
        assert page.url.endswith(f"/reports/page/{number}/")
    assert len(seen) == len(set(seen)) == REPORTS
    assert page.locator("nav.gk-pager [aria-current=page]").inner_text() == str(-(-REPORTS // N))


def filter_by(page, text: str) -> str:
    box = page.get_by_role("search").get_by_label("发布机关名称")
    box.focus()
    page.keyboard.type(text)
    status = page.locator(".gk-filter-status")
    page.wait_for_function("""() => /找到|没有/.test(
        document.querySelector('.gk-filter-status').textContent)""")
    return status.inner_text()


@pytest.mark.browser
def test_the_filter_finds_a_named_publisher(visit, synth_site):
    site, _ = synth_site
    name = soup(site, "publishers").select(".gk-list-static tbody tr a")[-1].get_text()
    page = visit()
    page.goto("reports/", wait_until="load")
    assert page.locator(".gk-filter-status").get_attribute("aria-live") == "polite"
    status = filter_by(page, name)
    rows = page.locator(".gk-filter-results tbody tr")
    years = rows.count()
    assert years >= 1 and f"找到 {years} 份报告" in status
    assert all(name in t for t in rows.all_inner_texts())
    assert page.locator(".gk-list-static").is_hidden()
    page.keyboard.press("Escape")  # empty again: the page's own rows come back
    page.locator(".gk-list-static").wait_for(state="visible")
    # the publishers index: one row, leading to the publisher's page
    page.goto("publishers/", wait_until="load")
    assert "找到 1 个发布机关" in filter_by(page, name)
    link = page.locator(".gk-filter-results tbody tr a").first
    assert link.inner_text() == name
    link.click()
    page.wait_for_url("**/publishers/synthetic-*/")
    # wait for the next page's heading
    expect(page.locator("h1")).to_have_text(re.compile("^" + re.escape(name)))


@pytest.mark.browser
def test_a_year_page_filters_by_level(visit, synth_site):
    page = visit()
    page.goto("years/2024/", wait_until="load")
    assert page.get_by_role("search").get_by_label("年度", exact=True).input_value() == "2024"
    level = page.get_by_role("search").get_by_label("层级", exact=True)
    code = level.locator("option").nth(1).get_attribute("value")
    label = level.locator("option").nth(1).inner_text()
    level.select_option(code)
    page.wait_for_function("""() => /找到|没有/.test(
        document.querySelector('.gk-filter-status').textContent)""")
    texts = page.locator(".gk-filter-results tbody tr").all_inner_texts()
    assert texts and all("2024" in t and label in t for t in texts)


@pytest.mark.browser
@pytest.mark.parametrize("query", ["复议", "行政复议", "规范性文件", "商业企业", "结转"])
def test_search_finds_the_reports_on_the_large_site(visit, synth_site, query):
    page = visit()
    page.goto("", wait_until="load")
    results = search(page, query)
    reports = [r["url"] for r in results if "/synth/reports/synthetic-" in r["url"]]
    assert reports, f"{query}: {[r['url'] for r in results]}"


@pytest.mark.browser
def test_list_pages_fit_a_phone_and_screenshots(visit, synth_site):
    """No sideways scroll at 375 px; screenshots in tests/artifacts/screenshots/lists-*.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    wide = []
    for device, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = visit(viewport)
        for path in ("reports/", "years/2024/", "years/2024/page/2/", "publishers/"):
            page.goto(path, wait_until="load")
            page.locator(".gk-filter:not([hidden])").wait_for()
            size = page.evaluate("""() => ({inner: window.innerWidth,
                                           scroll: document.documentElement.scrollWidth})""")
            if size["scroll"] > size["inner"]:
                wide.append(f"{device} /{path}: {size}")
            name = path.strip("/").replace("/", "-")
            page.screenshot(path=str(SCREENSHOTS / f"lists-{name}-{device}.png"), full_page=True)
    assert not wide, "\n".join(wide)

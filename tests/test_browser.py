"""The portal in a real browser: Debian's Chromium driven by Playwright, on the site built once
per session (`built_site` in conftest.py, served on 127.0.0.1).

Every test opens its pages through `open_page`, which records every request, console error,
uncaught exception and failed response of its browser contexts, and fails the test if a request
left 127.0.0.1 or anything went wrong on any page it visited. Figures are compared with the
committed packages read by `gongkai.load`, never typed in.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from gongkai import template as T
from gongkai.load import load_all

from browser_support import (DESKTOP, PHONE, SCREENSHOTS, Recorder, axe_script, check_download,
                             search, wait_for_charts)

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
PACKAGES = load_all(REPO / "datapackages")
LATEST = sorted(PACKAGES, key=lambda p: (-p.year, p.publisher, p.id))[0]


def main_pages() -> list[str]:
    """Home, indexes, every report, dataset and resource page, data quality, about."""
    pages = ["", "reports/", "datasets/", "quality/", "about/"]
    for pkg in PACKAGES:
        pages += [f"reports/{pkg.id}/", f"datasets/{pkg.id}/"]
        pages += [f"datasets/{pkg.id}/{r['name']}/" for r in pkg.descriptor["resources"]
                  if r.get("schema")]
    return pages


# ------------------------------------------------------------------ opening pages


def goto(page, path: str) -> None:
    response = page.goto(path, wait_until="load")
    assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"


def report_url(base_url: str, pkg) -> str:
    return urljoin(base_url, f"reports/{pkg.id}/")


# ------------------------------------------------------------------ search


def test_chinese_query_finds_the_word_inside_longer_words(open_page, base_url):
    """复议 is a word inside 行政复议; the search finds pages that only say 行政复议."""
    page, _ = open_page()
    goto(page, "")
    results = search(page, "复议")
    hits = [r for r in results if "行政复议" in r["text"] and any("复议" in m for m in r["marks"])]
    assert hits, f"no result shows 行政复议 with 复议 highlighted: {results}"
    reports = {report_url(base_url, p) for p in PACKAGES}
    assert reports & {r["url"] for r in results}, "复议 does not find a report page"


def test_search_for_every_row_label_of_the_template_finds_the_report(open_page, base_url):
    page, _ = open_page()
    goto(page, "")
    reports = {report_url(base_url, p) for p in PACKAGES}
    labels = list(dict.fromkeys(r.label for t in T.TABLES.values() for r in t.rows))
    assert len(labels) > 30
    missing = []
    for label in labels:
        results = search(page, label, type_it=False)
        if not reports & {r["url"] for r in results}:
            missing.append(f"{label}: {[urlsplit(r['url']).path for r in results]}")
    assert not missing, "row labels whose search misses the report page:\n" + "\n".join(missing)


@pytest.mark.parametrize("query", ["规范性文件", "商业企业", "结转"])
def test_search_finds_report_pages_first(open_page, base_url, query):
    """Words readers type find the report pages that print them, ranked before other pages,
    with the word in the excerpt (Chinese shown as printed, the word highlighted)."""
    page, _ = open_page()
    goto(page, "")
    results = search(page, query)
    reports = {report_url(base_url, p) for p in PACKAGES}
    assert results[0]["url"] in reports, f"{query}: first result {results[0]['url']}"
    hits = [r for r in results if r["url"] in reports and query in r["text"]
            and query in r["marks"]]
    assert hits, f"{query}: no report page shows the word highlighted: {results}"


def test_search_box_by_keyboard_and_screen_reader(open_page, base_url):
    """"/" opens the search from anywhere; the box has a name; the count is announced
    (role=status); Enter moves to the first result, Escape closes the search."""
    page, _ = open_page(PHONE)
    goto(page, f"reports/{LATEST.id}/")
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    assert box.get_attribute("aria-label")
    assert box.is_visible(), "the search opens at phone width"
    search(page, "复议")
    status = page.locator(".md-search-result__meta[role=status]")
    assert status.inner_text().startswith("找到"), status.inner_text()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.classList.contains('md-search-result__link')")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")


# ------------------------------------------------------------------ charts


def assert_charts_drawn(page, states: list[dict], where: str) -> None:
    static = page.locator("figure.gk-chart").count()
    assert len(states) == static >= 1, f"{where}: {len(states)} chart views, {static} figures"
    for s in states:
        assert s["rendered"] == "yes", f"{where}: chart {s['title']!r} not rendered: {s}"
        assert s["painted"] and s["kind"] in ("svg", "canvas"), f"{where}: {s}"
        if s["kind"] == "svg":
            assert s["marks"] == s["bars"] > 0, \
                f"{where}: chart {s['title']!r} drew {s['marks']} bars of {s['bars']}"
        else:
            assert s["marks"] > 0, f"{where}: chart {s['title']!r} is blank"


def test_vega_loads_only_when_a_reader_asks(open_page):
    """A report page shows its static charts and does not load Vega until a chart's button is
    clicked; then every chart of the page becomes live, with one request for the bundle."""
    page, recorder = open_page()
    goto(page, f"reports/{LATEST.id}/")
    page.wait_for_load_state("networkidle")
    figures = page.locator("figure.gk-chart").count()
    assert figures >= 1
    assert page.locator("img.gk-chart-static").first.is_visible()
    assert not [u for u in recorder.requests if u.endswith("vega-bundle.js")], \
        "the Vega bundle loaded before a reader asked for it"
    buttons = page.locator("button.gk-chart-activate")
    assert buttons.count() == figures, "every chart offers its interactive version"
    assert buttons.first.get_attribute("aria-label").startswith("交互图表：")
    buttons.first.focus()
    page.keyboard.press("Enter")  # keyboard users ask the same way
    assert_charts_drawn(page, wait_for_charts(page, activate=False), "after the button")
    assert page.locator("button.gk-chart-activate").count() == 0
    assert len([u for u in recorder.requests if u.endswith("vega-bundle.js")]) == 1


@pytest.mark.parametrize("pkg", PACKAGES, ids=[p.id for p in PACKAGES])
def test_every_chart_renders_its_marks(open_page, pkg):
    page, recorder = open_page()
    goto(page, f"reports/{pkg.id}/")
    assert_charts_drawn(page, wait_for_charts(page), pkg.id)
    vega = [u for u in recorder.requests if u.endswith("vega-bundle.js")]
    assert len(vega) == 1, f"the Vega bundle was requested {len(vega)} times"


def test_charts_render_after_following_a_link_and_the_sitemap_fetched_is_small(open_page,
                                                                              base_url):
    """A page's first load must not grow with the corpus: Material's script fetches sitemap.xml
    on every page (for the head's rel=alternate links); it is the index of the sitemap's parts,
    never the list of every page (206 KiB gzip at 10,000 reports)."""
    page, recorder = open_page()
    sizes = {}
    page.on("response", lambda r: sizes.setdefault(r.url, len(r.body()))
            if "sitemap" in r.url and r.status == 200 else None)
    goto(page, "")
    page.wait_for_load_state("networkidle")
    target = report_url(base_url, LATEST)
    page.locator(f'.md-content a[href$="reports/{LATEST.id}/"]').first.click()
    page.wait_for_url(target)
    assert_charts_drawn(page, wait_for_charts(page), "report after following a link")
    page.go_back()
    page.wait_for_url(base_url)
    page.go_forward()
    page.wait_for_url(target)
    assert_charts_drawn(page, wait_for_charts(page), "report after back and forward")
    page.wait_for_load_state("networkidle")
    assert set(sizes) <= {base_url + "sitemap.xml"}, sizes
    assert all(n < 2000 for n in sizes.values()), sizes


# ------------------------------------------------------------------ downloads


def download_links(page) -> list[dict]:
    """The page's download links: those marked `download`, and any link into downloads/ or
    charts/. Returns href (as in the page now) and absolute URL, in page order."""
    return page.eval_on_selector_all(".md-content a[href]", """links => links
        .map(a => ({href: a.getAttribute('href'), url: a.href.split('#')[0],
                    download: a.hasAttribute('download')}))
        .filter(l => l.download || /\\/(downloads|charts)\\//.test(new URL(l.url).pathname))""")


PER_PAGE = 8  # Chromium drops the 11th download started from one page: a fresh page per 8


def click_download(page, path: str, href: str):
    """(page, download) of clicking a download link as a reader does. Chromium now and then
    ignores a download started from a page that started several (its automatic-downloads
    guard, more often on a loaded machine): then once more from a fresh page, where a second
    miss fails the test."""
    for attempt in (1, 2):
        try:
            with page.expect_download(timeout=15_000 * attempt) as info:
                page.locator(f'.md-content a[href="{href}"]').first.click()
            return page, info.value
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            context = page.context
            page.close()
            page = context.new_page()
            goto(page, path)
    raise AssertionError("unreachable")


@pytest.mark.parametrize("pkg", PACKAGES, ids=[p.id for p in PACKAGES])
def test_every_download_link_returns_the_package_data(open_page, pkg, tmp_path):
    """Click every download link of the dataset pages and the report page, as a reader would,
    and compare what arrives with the committed package."""
    page, _ = open_page()
    context = page.context
    pages = ["datasets/", f"datasets/{pkg.id}/", f"reports/{pkg.id}/"]
    pages += [f"datasets/{pkg.id}/{r['name']}/" for r in pkg.descriptor["resources"]
              if r.get("schema")]
    checked: dict[str, str] = {}
    for path in pages:
        goto(page, path)
        # the datasets index lists every package's zip: here, this package's and the combined
        links = [link for link in download_links(page) if link["url"] not in checked and
                 (path != "datasets/" or f"/downloads/{pkg.id}/" in link["url"]
                  or "/downloads/all-" in link["url"])]
        assert download_links(page), f"{path}: no download links"
        for n, link in enumerate(links):
            if n and n % PER_PAGE == 0:
                page.close()
                page = context.new_page()
                goto(page, path)
            if link["download"]:
                page, download = click_download(page, path, link["href"])
                assert download.failure() is None, f"{link['url']}: {download.failure()}"
                data = Path(download.path()).read_bytes()
            else:  # a link that opens the file: fetch it as the browser would
                response = page.request.get(link["url"])
                assert response.ok, f"{link['url']}: HTTP {response.status}"
                data = response.body()
            checked[link["url"]] = check_download(link["url"], data, pkg,
                                                  tmp_path / f"unpacked-{len(checked)}")
    kinds = set(checked.values())
    assert {"zip", "source", "descriptor"} <= kinds, kinds
    offered = {urlsplit(u).path.rsplit("/", 1)[-1] for u in checked}
    for res in pkg.descriptor["resources"]:
        if res.get("schema"):
            for ext in ("csv", "utf8-bom.csv", "json", "xlsx"):
                assert f"{res['name']}.{ext}" in offered, f"no {ext} download of {res['name']}"
    charts = [u for u, kind in checked.items() if kind.startswith("chart")]
    assert charts, "the report page offers no chart downloads"


# ------------------------------------------------------------------ the network


@pytest.fixture(scope="module")
def tour(browser, base_url):
    """Every main page visited once at phone width, charts drawn and the network idle, then a
    search: what was requested, and how wide each page is. The network and phone-width tests
    read it (one tour instead of two)."""
    context = browser.new_context(viewport=PHONE, locale="zh-CN", base_url=base_url)
    context.set_default_timeout(20_000)
    recorder = Recorder()
    recorder.attach(context)
    page = context.new_page()
    wide = []
    for path in main_pages():
        goto(page, path)
        if path.startswith("reports/") and path != "reports/":
            wait_for_charts(page)
        page.wait_for_load_state("networkidle")
        size = page.evaluate(PAGE_WIDTH)
        if size["scroll"] > size["inner"]:
            wide.append(f"/{path}: scrollWidth {size['scroll']} > {size['inner']}: "
                        f"{size['over']}")
    search(page, "公开")
    page.wait_for_load_state("networkidle")
    context.close()
    return recorder, wide


PAGE_WIDTH = """() => {
    const w = window.innerWidth, s = document.documentElement.scrollWidth;
    const over = [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > w + 0.5
                     && getComputedStyle(e).position !== 'fixed')
        .slice(0, 5).map(e => e.tagName.toLowerCase()
            + (e.className && typeof e.className === 'string'
               ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
            + ' right=' + Math.round(e.getBoundingClientRect().right));
    return {inner: w, scroll: s, over};
}"""


def test_no_request_leaves_the_machine_on_any_page(tour):
    """Every main page, the search (worker and index) and the charts: only 127.0.0.1."""
    recorder, _wide = tour
    assert len(recorder.requests) > 20
    assert any(u.endswith("/pagefind/pagefind.js") for u in recorder.requests)
    assert any("/pagefind/index/" in u for u in recorder.requests)
    assert recorder.external() == []
    assert recorder.errors == [] and recorder.failed == []


# ------------------------------------------------------------------ accessibility


AXE_PAGES = ["", f"reports/{LATEST.id}/", f"datasets/{LATEST.id}/",
             f"datasets/{LATEST.id}/requests/", "quality/", "about/"]


def test_axe_finds_no_serious_or_critical_violation(open_page):
    page, _ = open_page()
    script = axe_script()
    found = []
    for path in AXE_PAGES:
        goto(page, path)
        if path.startswith("reports/"):
            wait_for_charts(page)
        page.add_script_tag(path=str(script))
        violations = page.evaluate("""async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — '
                                                   + n.html.slice(0, 120))}));
        }""")
        for v in violations:
            if v["impact"] in ("serious", "critical"):
                found.append(f"/{path} [{v['impact']}] {v['id']}: {v['help']}\n    "
                             + "\n    ".join(v["nodes"]))
    assert not found, "axe-core violations:\n" + "\n".join(found)


# ------------------------------------------------------------------ phone width


def test_no_horizontal_scrolling_at_phone_width(tour):
    _recorder, wide = tour
    assert not wide, "pages that scroll sideways on a phone:\n" + "\n".join(wide)


# ------------------------------------------------------------------ screenshots


def test_screenshots_of_home_and_report(open_page):
    """Saved to tests/artifacts/screenshots/ for a person to look at (CI keeps them)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots = []
    for device, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page, _ = open_page(viewport)
        for name, path in (("home", ""), ("report", f"reports/{LATEST.id}/")):
            goto(page, path)
            page.evaluate("document.fonts.ready")
            if name == "report":  # first the page as it loads (static charts), then live
                out = SCREENSHOTS / f"report-static-{device}.png"
                page.screenshot(path=str(out), full_page=False)
                shots.append(out)
                assert_charts_drawn(page, wait_for_charts(page), f"report ({device})")
            out = SCREENSHOTS / f"{name}-{device}.png"
            page.screenshot(path=str(out), full_page=True)
            shots.append(out)
        search(page, "复议")  # the header's search, open with results
        out = SCREENSHOTS / f"search-{device}.png"
        page.screenshot(path=str(out), full_page=False)
        shots.append(out)
    from PIL import Image

    for out in shots:
        with Image.open(out) as img:
            width = img.size[0]
        assert width == (DESKTOP if "desktop" in out.name else PHONE)["width"], out.name

"""The compare tool (compare/) in a real browser: Debian's Chromium driven by Playwright, on the
site built once per session and served on 127.0.0.1 (see test_browser.py).

A reader compares Pingtan with Shanghai on 公开率 for 2021–2025 with the keyboard only: typing
names into the publishers combobox, ticking years, choosing the indicator. The table must hold
the numbers recomputed here from the packages, the chart must be drawn, the CSV download must
parse to the same table, and the URL must reproduce the view after a reload. No request leaves
127.0.0.1 (the `open_page` fixture fails the test otherwise), axe finds nothing serious, and
nothing scrolls sideways at 375 px.
"""

from __future__ import annotations

import csv
import io
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from gongkai.indicators import SMALL_SAMPLE
from gongkai.load import load_all
from gongkai.numbers import fmt
from gongkai.publishers import load_registry

from browser_support import DESKTOP, PHONE, SCREENSHOTS, axe_script
from test_browser import PAGE_WIDTH, goto

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
PACKAGES = load_all(REPO / "datapackages")
NAMES = {p.id: p.name for p in load_registry(REPO / "datapackages")}
YEARS = [2021, 2022, 2023, 2024, 2025]
PUBLISHERS = [("平潭", "pingtan"), ("shs", "shanghai")]  # typed: a name, pinyin initials


def disclosure_rate(pkg) -> str:
    """公开率 recomputed from the cells: 100 × (予以公开 + 部分公开) / 总计, 样本过少 under 10."""
    f = pkg.figures
    num, den = (f[("requests", "disclosed", "total")],
                f[("requests", "partially_disclosed", "total")]), \
        f[("requests", "handled_total", "total")]
    if any(v is None for v in (*num, den)):
        return ""
    if den < 10:
        return SMALL_SAMPLE
    return fmt((Decimal(100) * sum(num) / den).quantize(Decimal("0.01"), ROUND_HALF_UP))


def expected_table() -> tuple[list[str], list[list[str]], dict[tuple[str, int], str]]:
    """Header, rows (name, then one text per year) and the report of each cell with a number."""
    rows, reports = [], {}
    for _typed, key in PUBLISHERS:
        mine = {p.year: p for p in PACKAGES if p.publisher_key == key}
        name = NAMES[key]
        cells = []
        for y in YEARS:
            if y in mine:
                cells.append(disclosure_rate(mine[y]))
                reports[(key, y)] = mine[y].id
            else:
                cells.append("无报告")
        rows.append([name, *cells])
    return ["发布机关", *map(str, YEARS)], rows, reports


def read_table(page) -> tuple[list[str], list[list[str]]]:
    return tuple(page.evaluate("""() => {
        const t = document.querySelector('#gk-compare-table');
        const text = c => c.textContent.trim();
        return [[...t.querySelectorAll('thead th')].map(text),
                [...t.querySelectorAll('tbody tr')].map(r => [...r.children].map(text))];
    }"""))


def wait_for_update(page, caption_part: str) -> None:
    page.wait_for_function(
        """part => { const c = document.querySelector('#gk-compare-caption');
                     return !document.querySelector('.gk-compare[aria-busy]')
                            && c && c.textContent.includes(part); }""", arg=caption_part)


def choose_with_keyboard(page) -> None:
    """Start from an empty choice; everything by keyboard: type, arrows, Enter, Space."""
    goto(page, "compare/?p=&y=2019,2020,2021,2022,2023,2024,2025&m=requests:new_requests:total")
    page.wait_for_selector(".gk-compare[data-started]")
    page.wait_for_function("() => !document.querySelector('#gk-compare-q').disabled")
    box = page.locator("#gk-compare-q")
    box.focus()
    for typed, key in PUBLISHERS:
        page.keyboard.type(typed)
        page.wait_for_selector("#gk-compare-options:not([hidden]) [role=option]")
        assert box.get_attribute("aria-expanded") == "true"
        page.keyboard.press("ArrowDown")
        active = box.get_attribute("aria-activedescendant")
        assert active and page.locator(f"#{active}").get_attribute("aria-selected") == "true"
        page.keyboard.press("Enter")
        page.wait_for_function("key => new URLSearchParams(location.search).get('p')"
                               ".split(',').includes(key)", arg=key)
        assert page.evaluate("document.activeElement.id") == "gk-compare-q"
    # years: Tab to the checkboxes, Space unticks 2019 and 2020
    page.keyboard.press("Tab")  # the first chip's remove button
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # the 2019 box
    for year in (2019, 2020):
        assert page.evaluate("document.activeElement.value") == str(year)
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
    # the measure: Tab on to the select, Home picks its first option (公开率)
    while page.evaluate("document.activeElement.id") != "gk-compare-m":
        page.keyboard.press("Tab")
    page.keyboard.press("Home")
    wait_for_update(page, "公开率")


def test_compare_two_publishers_on_disclosure_rate_by_keyboard(open_page, base_url, tmp_path):
    page, recorder = open_page()
    choose_with_keyboard(page)
    header, rows, reports = expected_table()
    assert read_table(page) == (header, rows)
    assert page.locator("#gk-compare-caption").inner_text() == "公开率（%）：2021—2025年"
    status = page.locator("#gk-compare-status")
    assert status.get_attribute("role") == "status" and "表格已更新" in status.inner_text()

    # every number links to its report (the indicator's row there), and the link works
    links = page.eval_on_selector_all(
        "#gk-compare-table tbody tr", """rows => rows.map(r => [...r.querySelectorAll('td')]
            .map(td => { const a = td.querySelector('a'); return a ? a.href : null; }))""")
    for (_typed, key), row_links, row in zip(PUBLISHERS, links, rows):
        for y, href, text in zip(YEARS, row_links, row[1:]):
            if text in ("", "无报告"):
                continue
            assert href == f"{base_url}reports/{reports[(key, y)]}/#indicator-disclosure_rate"
            assert page.request.get(href).ok, href
    numbers = sum(1 for r in rows for t in r[1:] if t not in ("", "无报告", SMALL_SAMPLE))
    assert numbers >= 6

    # the chart: one point per number, a line per publisher with two or more points in a row
    chart = page.evaluate("""() => { const s = document.querySelector('#gk-compare-plot svg');
        const box = s.getBoundingClientRect();
        return {points: s.querySelectorAll('.gk-compare-point').length,
                lines: s.querySelectorAll('.gk-compare-series path[stroke]').length,
                label: s.getAttribute('aria-label'), w: box.width, h: box.height,
                legend: [...document.querySelectorAll('#gk-compare-legend li')]
                    .map(li => li.textContent.trim())}; }""")
    assert chart["points"] == numbers and chart["lines"] >= 1
    assert chart["w"] > 600 and chart["h"] > 150
    assert chart["legend"] == [r[0] for r in rows]
    assert "公开率" in chart["label"]

    # the CSV: UTF-8 with a BOM, the same table cell for cell
    with page.expect_download() as info:
        page.locator("#gk-compare-csv").click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert parsed == [header, *rows]
    assert info.value.suggested_filename.endswith(".csv")

    # the URL holds the choice; a reload (and a fresh tab) shows the same view
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"p": ["pingtan,shanghai"], "y": [",".join(map(str, YEARS))],
                     "m": ["disclosure_rate"]}
    url = page.url
    page.reload()
    wait_for_update(page, "公开率")
    assert read_table(page) == (header, rows)
    assert page.locator("#gk-compare-m").input_value() == "disclosure_rate"
    other, _ = open_page()
    other.goto(url)
    wait_for_update(other, "公开率")
    assert read_table(other) == (header, rows)
    assert other.eval_on_selector_all(".gk-compare-chip span", "s => s.map(e => e.textContent)") \
        == [r[0] for r in rows]
    assert not recorder.external()


def test_remove_and_escape_by_keyboard(open_page):
    page, _ = open_page()
    goto(page, "compare/?p=pingtan,shanghai&y=2024&m=disclosure_rate")
    wait_for_update(page, "公开率")
    page.locator(".gk-compare-chip button").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("new URLSearchParams(location.search).get('p') === 'shanghai'")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "移除 上海市人民政府"
    assert "已移除" in page.locator("#gk-compare-status").inner_text()
    box = page.locator("#gk-compare-q")
    box.focus()
    page.keyboard.type("ptzh")  # pinyin initials of 平潭综合…
    page.wait_for_selector("#gk-compare-options:not([hidden]) [role=option]")
    assert "平潭综合实验区管委会" in page.locator("#gk-compare-options").inner_text()
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert page.locator("#gk-compare-options").is_hidden()
    box.fill("")
    page.keyboard.type("平潭县人民政府")  # an alias from the registry
    page.wait_for_selector("#gk-compare-options:not([hidden]) [role=option]")
    assert "别名：平潭县人民政府" in page.locator("#gk-compare-options").inner_text()


def test_axe_and_phone_width_and_screenshots(open_page):
    """axe finds no serious or critical violation (list open, and the result shown); nothing
    scrolls sideways at 375 px; screenshots for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    view = "compare/?p=pingtan,shanghai&y=" + ",".join(map(str, YEARS)) + "&m=disclosure_rate"
    found = []
    for device, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page, _ = open_page(viewport)
        goto(page, view)
        wait_for_update(page, "公开率")
        size = page.evaluate(PAGE_WIDTH)
        assert size["scroll"] <= size["inner"], f"{device}: {size}"
        page.evaluate("document.fonts.ready")
        page.screenshot(path=str(SCREENSHOTS / f"compare-{device}.png"), full_page=True)
        page.locator("#gk-compare-q").focus()
        page.keyboard.type("平")
        page.wait_for_selector("#gk-compare-options:not([hidden]) [role=option]")
        page.keyboard.press("ArrowDown")
        size = page.evaluate(PAGE_WIDTH)
        assert size["scroll"] <= size["inner"], f"{device}, list open: {size}"
        page.screenshot(path=str(SCREENSHOTS / f"compare-list-{device}.png"))
        page.add_script_tag(path=str(axe_script()))
        violations = page.evaluate("""async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
        }""")
        found += [f"{device} [{v['impact']}] {v['id']}: {v['help']} {v['nodes']}"
                  for v in violations if v["impact"] in ("serious", "critical")]
    assert not found, "axe-core violations:\n" + "\n".join(found)


def test_navigation_to_the_tool_and_back_keeps_the_view(open_page):
    """From the home page through the nav, to a report by a number of the table, and back:
    the page's script sets the tool up each time and the view comes back from the URL."""
    page, _ = open_page()
    goto(page, "")
    page.locator("a.md-tabs__link[href$='compare/'], a.md-nav__link[href$='compare/']").first \
        .click()
    page.wait_for_selector(".gk-compare[data-ready]")
    goto(page, "compare/?p=pingtan&y=2023,2024&m=disclosure_rate")
    wait_for_update(page, "公开率")
    page.locator("#gk-compare-table tbody a").first.click()
    page.wait_for_url("**/reports/pingtan-2023/**")
    page.go_back()
    page.wait_for_selector(".gk-compare[data-ready]")
    wait_for_update(page, "公开率")
    header, rows = read_table(page)
    assert header == ["发布机关", "2023", "2024"] and [r[0] for r in rows] == [NAMES["pingtan"]]

"""The pages across reports in a real browser (Chromium, on the session's built site): the home
page as the corpus overview, a publisher page, a year page and the two indexes. axe-core finds
no serious or critical violation, nothing scrolls sideways at 375 px, no request leaves
127.0.0.1, the trend charts draw, and screenshots are saved for a person to look at."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browser_support import (DESKTOP, PHONE, SCREENSHOTS, Recorder,
                             axe_script, wait_for_charts)

pytestmark = pytest.mark.browser

PAGES = {"home": "", "publisher": "publishers/pingtan/", "publishers": "publishers/",
         "year": "years/2024/", "years": "years/"}
PAGE_WIDTH = """() => ({inner: window.innerWidth,
                        scroll: document.documentElement.scrollWidth})"""


@pytest.fixture
def visit(browser, base_url):
    """visit(viewport) -> page; at the end no request left 127.0.0.1 and nothing failed."""
    opened = []

    def open_(viewport):
        context = browser.new_context(viewport=viewport, locale="zh-CN", base_url=base_url)
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


def goto(page, path: str) -> None:
    response = page.goto(path, wait_until="load")
    assert response is not None and response.ok, path
    if path.startswith("publishers/") and path != "publishers/":
        states = wait_for_charts(page)
        assert states and all(s["painted"] for s in states), states
    page.wait_for_load_state("networkidle")


def test_axe_finds_no_serious_or_critical_violation_on_the_new_pages(visit):
    page = visit(DESKTOP)
    found = []
    for path in PAGES.values():
        goto(page, path)
        page.add_script_tag(path=str(axe_script()))
        violations = page.evaluate("""async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }""")
        found += [f"/{path} [{v['impact']}] {v['id']}: {v['help']} {v['nodes']}"
                  for v in violations if v["impact"] in ("serious", "critical")]
    assert not found, "\n".join(found)


def test_no_sideways_scroll_at_phone_width_and_screenshots(visit):
    """Each new page type at 375 px fits the screen; screenshots at both widths are saved to
    tests/artifacts/screenshots/ (corpus-*.png)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    wide = []
    for device, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = visit(viewport)
        for name, path in PAGES.items():
            goto(page, path)
            size = page.evaluate(PAGE_WIDTH)
            if device == "phone" and size["scroll"] > size["inner"]:
                wide.append(f"/{path}: {size}")
            page.evaluate("document.fonts.ready")
            page.screenshot(path=str(SCREENSHOTS / f"corpus-{name}-{device}.png"),
                            full_page=True)
    assert not wide, "\n".join(wide)


def test_a_figure_cell_leads_to_the_report_cell(visit):
    """Following a cell of the publisher's table lands on the report's cell with that value."""
    page = visit(DESKTOP)
    goto(page, PAGES["publisher"])
    link = page.locator('table.gk-series tr[data-code="requests:new_requests:total"] a').first
    value = link.inner_text().strip()
    href = link.get_attribute("href")
    link.click()  # the URL and the cell tell
    page.wait_for_url("**/reports/**")
    anchor = urlsplit(page.url).fragment
    assert anchor == href.rsplit("#", 1)[-1] == "c-requests-new_requests-total"
    target = page.locator(f"td[id='{anchor}']")
    target.wait_for()
    assert target.get_attribute("data-row") == "new_requests"
    assert target.inner_text().strip() == value
    assert target.is_visible()

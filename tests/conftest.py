"""Shared test fixtures: the repository, the committed package, the seed report, and the portal
built once per test session (plus one variant build with more packages)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import yaml

from browser_support import CHROMIUM, CHROMIUM_ARGS, DESKTOP, Recorder, serve
from helpers import rehash

REPO = Path(__file__).resolve().parent.parent
PACKAGES = REPO / "datapackages"
SHANGHAI = PACKAGES / "shanghai-2024"
# The committed package holds the seed report byte for byte (checked in test_ingest_seed).
SEED = SHANGHAI / "source.txt"
NASTY = "注意：{{ 7*7 }} 与 {% if true %}模板{% endif %} 以及 <script>alert('x')</script> 均应原样显示。"
NASTY_TITLE = "{{ title }} <b>粗体</b> 测试报告"
NASTY_NAME = "<i>斜体</i>{{ 6*7 }}市"  # the report's division: in the nav and page titles


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# The portal. Every test that reads the built site reads this one build; the chart renderings are
# cached once for the whole run (the cache is shared by the test processes).


@pytest.fixture(scope="session")
def chart_cache(tmp_path_factory) -> Path:
    """One chart cache for every build of the run, across test processes (pytest-xdist's
    workers share the run's temporary folder, one level up from their own)."""
    base = tmp_path_factory.getbasetemp()
    path = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "chart-cache"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """A local web server for the built site: (folder it serves, the site's URL).

    The site sits under a sub-path, as deployed (site_url with a path), and the server starts
    first because the build needs its address as site_url (the sitemap's and canonical
    addresses come from it)."""
    root = tmp_path_factory.mktemp("served")
    with serve(root) as url:
        yield root, url + "gongkai/"


@pytest.fixture(scope="session")
def site_config(served, tmp_path_factory) -> Path:
    """mkdocs.yml with site_url pointing at the local server, docs and theme from the repo."""
    _root, url = served
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["site_url"] = url
    config["docs_dir"] = str(REPO / config.get("docs_dir", "docs"))
    config["theme"]["custom_dir"] = str(REPO / config["theme"]["custom_dir"])
    path = tmp_path_factory.mktemp("config") / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def built_site(served, site_config, chart_cache, tmp_path_factory):
    """(SiteContext, site folder) of `gongkai build` over datapackages/, built once, served."""
    from gongkai.site.build import build_site

    root, _url = served
    ctx = build_site(PACKAGES, root / "gongkai", site_config,
                     work=tmp_path_factory.mktemp("work"), cache=chart_cache)
    return ctx, root / "gongkai"


@pytest.fixture(scope="session")
def base_url(served, built_site) -> str:
    """The URL the built site is served at."""
    return served[1]


def copy_package(src: Path, dest_root: Path, new_id: str, *, prose: str | None = None,
                 title: str | None = None, name: str | None = None) -> Path:
    """A copy of a package under another id; `prose` is added after the first heading, `name`
    is the report's division."""
    dest = dest_root / new_id
    shutil.copytree(src, dest)
    desc = json.loads((dest / "datapackage.json").read_text(encoding="utf-8"))
    desc["name"] = new_id
    desc["id"] = f"gongkai/{new_id}"
    if title:
        desc["title"] = title
    if name:
        desc["report"]["name"] = name
    (dest / "datapackage.json").write_text(json.dumps(desc, ensure_ascii=False, indent=2) + "\n",
                                           encoding="utf-8")
    if prose:
        source = dest / "source.txt"
        lines = source.read_text(encoding="utf-8").split("\n")
        # a paragraph of its own right after the 一、总体情况 heading
        at = next(i for i, line in enumerate(lines) if line.strip().startswith("一、"))
        lines[at + 1:at + 1] = [prose]
        source.write_text("\n".join(lines), encoding="utf-8")
    rehash(dest)
    return dest


def add_older_copy(src: Path, root: Path, year: int) -> Path:
    """A copy with another id, publisher and year and a two-version changelog."""
    other = root / "copy-2023"
    shutil.copytree(src, other)
    desc = json.loads((other / "datapackage.json").read_text(encoding="utf-8"))
    desc.update(name="copy-2023", id="gongkai/copy-2023", version="1.1.0",
                title=desc["title"].replace(str(year), str(year - 1)))
    desc["report"].update(year=year - 1, publisher="样例市人民政府", name="样例市",
                          division_code="")  # another publisher: no cross-year check applies
    desc["report"].pop("publisher_id", None)
    desc["report"]["period"] = {"start": f"{year - 1}-01-01", "end": f"{year - 1}-12-31"}
    (other / "datapackage.json").write_text(json.dumps(desc, ensure_ascii=False, indent=2),
                                            encoding="utf-8")
    rehash(other)
    (other / "CHANGELOG.md").write_text(
        "# 更新记录\n\n## 1.1.0 — 2026-01-15\n\n- 更正：一个数字按原文重新读取。\n\n"
        "## 1.0.0 — 2025-12-01\n\n- 首次发布。\n", encoding="utf-8")
    return other


@pytest.fixture(scope="session")
def variant_site(tmp_path_factory, chart_cache):
    """The one variant build: a temporary copy of the data plus a package whose title and text
    carry template syntax and HTML (`zz-escape-test-2024`) and an older copy with another
    publisher and a two-version changelog (`copy-2023`)."""
    from gongkai.load import load_package
    from gongkai.site.build import build_site

    base = tmp_path_factory.mktemp("variant")
    root = base / "datapackages"
    root.mkdir()
    shutil.copytree(SHANGHAI, root / SHANGHAI.name)
    copy_package(SHANGHAI, root, "zz-escape-test-2024", prose=NASTY, title=NASTY_TITLE,
                 name=NASTY_NAME)
    add_older_copy(SHANGHAI, root, load_package(SHANGHAI).year)
    ctx = build_site(root, base / "site", REPO / "mkdocs.yml", work=base / "work",
                     cache=chart_cache)
    return ctx, base / "site"


# ---------------------------------------------------------------------------------------------
# The browser: one Chromium per test process, shared by every browser test module.


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser, base_url):
    """open_page(viewport) -> (page, recorder) in a fresh context. At the end of the test, no
    request may have left 127.0.0.1 and no page may have logged an error."""
    opened: list[tuple[object, Recorder]] = []

    def open_(viewport: dict = DESKTOP):
        context = browser.new_context(viewport=viewport, locale="zh-CN", base_url=base_url,
                                      accept_downloads=True)
        context.set_default_timeout(20_000)
        recorder = Recorder()
        recorder.attach(context)
        opened.append((context, recorder))
        return context.new_page(), recorder

    yield open_
    problems: list[str] = []
    for context, recorder in opened:
        context.close()
        problems += [f"request left 127.0.0.1: {u}" for u in recorder.external()]
        problems += recorder.errors + [f"failed: {f}" for f in recorder.failed]
    assert not problems, "\n".join(problems)

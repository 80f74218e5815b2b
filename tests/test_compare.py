"""The compare tool's data files (compare/data/): every value equals the packages', read
independently of the loader (figures summed from the cells by the comparability map, indicators
from `indicators.of_package`), and the files stay split by measure and by chunk of publishers."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from gongkai import template as T
from gongkai.indicators import INDICATORS, SMALL_SAMPLE, of_package
from gongkai.load import load_all
from gongkai.publishers import load_registry
from gongkai.site import compare
from gongkai.site.model import SiteContext

REPO = Path(__file__).resolve().parents[1]
ROOT = REPO / "datapackages"
PACKAGES = sorted(load_all(ROOT), key=lambda p: (-p.year, p.publisher, p.id))


def build(docs: Path) -> SiteContext:
    ctx = SiteContext(root=ROOT, docs=docs, work=docs, config={}, epoch=0, cache=docs,
                      packages=PACKAGES)
    compare.build(ctx)
    return ctx


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("compare-docs")
    build(path)
    return path


def read(docs: Path, rel: str):
    return json.loads((docs / rel).read_text(encoding="utf-8"))


def expected_figure(pkg, comp: T.Comparable):
    """The comparable figure from the package's cells: the sum of its terms, blank if any is."""
    terms = comp.terms.get(pkg.form.code, ())
    if not terms:
        return "absent"
    values = [pkg.figures[t] for t in terms]
    return None if any(v is None for v in values) else sum(values)


def same(got, want) -> bool:
    """A value in a file against the package's: null for blank, exact digits for decimals."""
    if want is None:
        return got is None
    if isinstance(want, Decimal):
        return isinstance(got, str) and Decimal(got) == want
    return isinstance(got, int) and not isinstance(got, bool) and got == want


def publishers(index: dict) -> list[dict]:
    """The index's publisher rows as dicts, decoded as the page does."""
    out = []
    levels = [code for code, _label in index["levels"]]
    for row in index["publishers"]:
        p = dict(zip(index["fields"], row))
        p["level"] = levels[p["level"]]
        if isinstance(p["years"], str):
            first, last = map(int, p["years"].split("-"))
            p["years"] = list(range(first, last + 1))
        out.append(p)
    return out


def test_index_lists_every_publisher_with_its_names_initials_and_years(docs):
    index = read(docs, "compare/data/index.json")
    by_id = {p["id"]: p for p in publishers(index)}
    want_years: dict[str, list[int]] = {}
    for pkg in PACKAGES:
        want_years.setdefault(pkg.publisher_key, []).append(pkg.year)
    assert set(by_id) == set(want_years)
    for key, years in want_years.items():
        assert sorted(by_id[key]["years"]) == sorted(years)
    registry = {p.id: p for p in load_registry(ROOT)}
    for key, entry in by_id.items():
        if key in registry:
            assert entry["name"] == registry[key].name
            assert set(registry[key].aliases) <= set(entry.get("aliases", []))
            assert entry["level"] == registry[key].level
    assert "ptzhsyq" in by_id["pingtan"]["initials"]  # 平潭综合实验区
    assert "shs" in by_id["shanghai"]["initials"]  # 上海市
    assert index["years"] == sorted({p.year for p in PACKAGES})
    assert index["small"] == SMALL_SAMPLE


def test_index_lists_every_comparable_figure_and_indicator(docs):
    measures = read(docs, "compare/data/index.json")["measures"]
    ids = [m["id"] for m in measures]
    assert ids == [i.id for i in INDICATORS] + [c.code for c in T.COMPARABILITY]
    by_id = {m["id"]: m for m in measures}
    for i in INDICATORS:
        assert by_id[i.id]["formula"] == i.formula() and by_id[i.id]["min"] == i.min_denominator
        assert by_id[i.id]["unit"] == i.unit and by_id[i.id]["label"] == i.name
    for c in T.COMPARABILITY:
        assert by_id[c.code]["label"] == c.label
        assert by_id[c.code]["group"] == T.TABLES[c.table].heading


def test_every_figure_equals_the_packages_cells(docs):
    checked = 0
    for comp in T.COMPARABILITY:
        values = read(docs, compare.measure_file(comp.code, 0))["v"]
        for pkg in PACKAGES:
            want = expected_figure(pkg, comp)
            got = values.get(pkg.publisher_key, {}).get(str(pkg.year), "absent")
            if want == "absent":
                assert got == "absent", f"{comp.code} {pkg.id}: not in this format"
                continue
            assert same(got, want), f"{comp.code} {pkg.id}: {got!r} != {want!r}"
            checked += 1
    assert checked > 1000


def test_every_indicator_equals_of_package(docs):
    for pkg in PACKAGES:
        for v in of_package(pkg):
            got = read(docs, compare.measure_file(v.indicator.id, 0))["v"][
                pkg.publisher_key][str(pkg.year)]
            if v.state == "ok":
                assert isinstance(got, str) and Decimal(got) == v.value, (pkg.id, v)
            elif v.state == "small":
                assert got == SMALL_SAMPLE, (pkg.id, v.indicator.id)
            else:
                assert got is None, (pkg.id, v.indicator.id)


def test_disclosure_rate_by_hand(docs):
    """公开率 of Shanghai 2024 from its cells, independently of the indicators module."""
    pkg = next(p for p in PACKAGES if p.id == "shanghai-2024")
    f = pkg.figures
    num = f[("requests", "disclosed", "total")] + f[("requests", "partially_disclosed", "total")]
    want = (Decimal(100) * num / f[("requests", "handled_total", "total")]).quantize(
        Decimal("0.01"), rounding="ROUND_HALF_UP")
    got = read(docs, compare.measure_file("disclosure_rate", 0))["v"]["shanghai"]["2024"]
    assert got == str(want)


def test_files_are_split_by_measure_and_chunk_of_publishers(tmp_path, monkeypatch):
    """With one publisher to a chunk, every measure file holds one publisher: the one at its
    position in the index (what the page computes to find a publisher's file)."""
    monkeypatch.setattr(compare, "CHUNK", 1)
    build(tmp_path)
    index = read(tmp_path, "compare/data/index.json")
    assert index["chunk"] == 1
    for k, pub in enumerate(publishers(index)):
        data = read(tmp_path, compare.measure_file("disclosure_rate", k))
        assert list(data["v"]) == [pub["id"]]
        assert sorted(int(y) for y in data["v"][pub["id"]]) == sorted(pub["years"])
    assert not (tmp_path / compare.measure_file("disclosure_rate", len(index["publishers"]))
                ).exists()


def test_page_states_what_the_default_view_downloads(docs):
    text = (docs / compare.PAGE).read_text(encoding="utf-8")
    assert "render_macros: false" in text
    assert "默认视图" in text and "10,000" in text
    assert 'data-index="../compare/data/index.json"' in text
    assert '<script src="../assets/javascripts/compare.js"></script>' in text
    for i in INDICATORS:
        assert f'<option value="{i.id}"' in text
    for y in sorted({p.year for p in PACKAGES}):
        assert f'value="{y}"' in text

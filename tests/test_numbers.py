"""Reading a printed cell and writing a figure: one parser, one formatter."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai import template as T
from gongkai.checks import identity_checks
from gongkai.numbers import NotANumber, fmt, parse_figure


@pytest.mark.parametrize("value,text", [
    (0.1 + 0.2, "0.3"), (1e-7, "0.0000001"), (24252.311082, "24252.311082"),
    (Decimal("24252.311082"), "24252.311082"), (Decimal("73802895.90"), "73802895.90"),
    (2.0, "2"), (-18, "-18"), (12, "12"), (None, "—"),
])
def test_one_formatter(value, text):
    assert fmt(value) == text


def test_formatter_refuses_what_is_not_a_figure():
    with pytest.raises(TypeError):
        fmt(True)


@pytest.mark.parametrize("cell,value,shown", [
    ("12", 12, ""), ("０", 0, ""), ("0", 0, ""), ("—", 0, "—"), ("无", 0, "无"),
    ("", None, ""), ("  ", None, ""), ("/", None, "/"), ("／", None, "／"),
    ("1,234", 1234, "1,234"), ("14件", 14, "14件"),
    ("17（其中修订15件）", 17, ""),
])
def test_blank_is_not_zero(cell, value, shown):
    fig = parse_figure(cell)
    assert fig.value == value and type(fig.value) is type(value)
    assert fig.shown == shown


def test_decimals_as_printed_and_signs_where_allowed():
    assert parse_figure("24252.311082", integer=False).value == Decimal("24252.311082")
    fig = parse_figure("75394432.52元", integer=False)
    assert (fig.value, fig.shown) == (Decimal("75394432.52"), "75394432.52元")
    assert parse_figure("-18", signed=True).value == -18
    with pytest.raises(NotANumber):
        parse_figure("-18")
    with pytest.raises(NotANumber):
        parse_figure("1.5")


def test_an_identity_over_a_blank_cell_is_not_checkable():
    figures = {(t, r, c): 0 for t, tab in T.TABLES.items() for r, c in tab.cell_keys()}
    figures[("appeals", "litigation_direct", "total")] = None
    states = {c.id: c.status for c in identity_checks(figures)}
    assert states["appeals.total[litigation_direct]"] == "uncheckable"
    assert states["appeals.total[administrative_reconsideration]"] == "pass"


def test_a_missing_resource_file_is_a_clear_error(tmp_path):
    """Not a traceback: validate names the package and the missing file's table."""
    import shutil

    from conftest import SHANGHAI
    from gongkai.validate import validate_package

    for name in ("requests.csv", "highlights.csv"):
        pkg = tmp_path / name / "shanghai-2024"
        shutil.copytree(SHANGHAI, pkg)
        (pkg / name).unlink()
        errors = validate_package(pkg).errors
        assert errors and "resource file is missing" in errors[0], errors
        assert name.split(".")[0] in errors[0]

"""`gongkai ingest FOLDER`: every report ingested, one bad file stops none, a summary printed."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import PACKAGES, SEED, SHANGHAI
from helpers import assert_read_as_printed, read_csv, run

FORMATS = Path(__file__).parent / "fixtures" / "formats"
TEXT = SEED.read_text(encoding="utf-8")


def _pudong_with_a_slip() -> str:
    """Another publisher's report whose reconsideration total is printed one too high."""
    text = TEXT.replace("2024年上海市政府信息公开工作年度报告", "2024年上海市浦东新区政府信息公开工作年度报告", 1)
    assert text.count("\t1736\n") == 1 and text.count("行政复议1736件") == 1
    return text.replace("\t1736\n", "\t1737\n").replace("行政复议1736件", "行政复议1737件")


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(FORMATS / "shanghai-2024.html", folder / "a-shanghai.html")
    (folder / "b-pudong.txt").write_text(_pudong_with_a_slip(), encoding="utf-8")
    shutil.copy(FORMATS / "refuse-not-a-report.docx", folder / "c-notice.docx")
    shutil.copy(FORMATS / "refuse-partial.pdf", folder / "d-partial.pdf")
    (folder / "e-empty.txt").write_bytes(b"")
    (folder / ".hidden.txt").write_text("ignored", encoding="utf-8")
    return folder


def test_folder_summary_and_exit_code(tmp_path):
    folder = _folder(tmp_path)
    root = tmp_path / "packages"
    before = sorted(p.name for p in PACKAGES.iterdir())
    result = run("ingest", folder, "--root", root, "--declare",
                 "b-pudong.txt:appeals.total[administrative_reconsideration]=printed so")
    assert result.exit_code == 1, result.output
    out = result.output
    for name in ("a-shanghai.html", "b-pudong.txt", "c-notice.docx", "d-partial.pdf",
                 "e-empty.txt"):
        assert name in out, name
    assert ".hidden.txt" not in out
    assert "5 files: 1 ok, 1 with warnings (declared or mismatched), 3 failed" in out
    assert "does not look like" in out and "incomplete report" in out and "empty" in out
    assert "appeals.total[administrative_reconsideration]" in out
    # packages for the two readable reports, nothing for the others
    assert len(list(root.iterdir())) == 2
    pkgs = {p.name: p for p in root.iterdir()}
    shanghai = pkgs["shanghai-2024"]
    for t in ("proactive.csv", "requests.csv", "appeals.csv"):
        assert_read_as_printed(read_csv(shanghai / t), read_csv(SHANGHAI / t),
                               "value" if t == "proactive.csv" else "count", t)
    other = next(p for n, p in pkgs.items() if n != "shanghai-2024")
    appeals = {(r["proceeding"], r["result"]): r["count"] for r in read_csv(other / "appeals.csv")}
    assert appeals[("administrative_reconsideration", "total")] == "1737"  # kept as printed
    assert sorted(p.name for p in PACKAGES.iterdir()) == before  # nothing in the repo's packages


def test_same_report_twice_in_a_folder_is_written_once(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(FORMATS / "shanghai-2024.docx", folder / "a.docx")
    shutil.copy(FORMATS / "messy-pipes.txt", folder / "b.txt")
    result = run("ingest", folder, "--root", tmp_path / "root")
    assert result.exit_code == 1
    assert "the same report as a.docx" in result.output
    assert [p.name for p in (tmp_path / "root").iterdir()] == ["shanghai-2024"]
    source = tmp_path / "root" / "shanghai-2024" / "source.docx"
    assert source.read_bytes() == (folder / "a.docx").read_bytes()


def test_all_good_folder_exits_zero(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(FORMATS / "messy-lines.txt", folder / "report.txt")
    result = run("ingest", folder, "--root", tmp_path / "root")
    assert result.exit_code == 0, result.output
    assert "1 files: 1 ok, 0 with warnings" in result.output


def test_folder_options_that_name_one_package_are_refused(tmp_path):
    folder = _folder(tmp_path)
    result = run("ingest", folder, "--out", tmp_path / "x")
    assert result.exit_code != 0 and "--root" in result.output
    assert not (tmp_path / "x").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("ingest", empty, "--root", tmp_path / "r")
    assert result.exit_code != 0 and "no files" in result.output

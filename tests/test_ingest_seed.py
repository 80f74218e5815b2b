"""The committed Shanghai 2024 package is exactly what `gongkai ingest` makes of the seed."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai import template as T
from helpers import read_csv, rehash, run
from conftest import PACKAGES, REPO, SEED, SHANGHAI

SHARED_SEED = REPO.parent / "shared" / "seeds" / "000_279364b37d11c44d.txt"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ingest") / "pkg"
    result = run("ingest", SEED, "--out", out)
    assert result.exit_code == 0, result.output
    return out


def test_source_is_the_seed_byte_for_byte():
    desc = json.loads((SHANGHAI / "datapackage.json").read_text(encoding="utf-8"))
    src = next(r for r in desc["resources"] if r["name"] == "source")
    data = SEED.read_bytes()
    assert src["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    assert desc["provenance"]["source_sha256"] == hashlib.sha256(data).hexdigest()
    if SHARED_SEED.exists():  # in the project's workspace, the original seed sits beside it
        assert SHARED_SEED.read_bytes() == data


@pytest.mark.parametrize("name", ["proactive.csv", "requests.csv", "appeals.csv",
                                  "highlights.csv", "source.txt"])
def test_ingest_reproduces_committed_files(fresh, name):
    assert (fresh / name).read_bytes() == (SHANGHAI / name).read_bytes()


def test_descriptor_metadata_from_the_text(fresh):
    desc = json.loads((fresh / "datapackage.json").read_text(encoding="utf-8"))
    committed = json.loads((SHANGHAI / "datapackage.json").read_text(encoding="utf-8"))
    assert committed["provenance"]["source_file"] == SHARED_SEED.name
    # the time of ingest, the file's name and the release number (a fresh package is 1.0.0;
    # the committed one has had releases since) may differ
    assert desc["version"] == "1.0.0"
    for d in (desc, committed):
        d.pop("created")
        d.pop("version")
        d["provenance"].pop("source_file")
    assert desc == committed
    rep = desc["report"]
    assert desc["name"] == "shanghai-2024"
    assert desc["title"] == SEED.read_text(encoding="utf-8").splitlines()[0].strip()
    assert rep["year"] == 2024 and rep["publisher"] == "上海市人民政府"
    assert rep["division_code"] == "310000" and rep["level"] == "provincial"
    assert rep["period"] == {"start": "2024-01-01", "end": "2024-12-31"}
    assert desc["sources"][0]["path"] == "https://www.shanghai.gov.cn"
    for key in ("name", "title", "description", "licenses", "sources", "keywords", "report",
                "resources"):
        assert key in committed


def _seed_section(text: str, start: str, end: str) -> list[str]:
    """The tab-prefixed cells of one section of the seed, read naively and independently."""
    body = text[text.index(start):text.index(end)]
    return [line[1:].strip() for line in body.splitlines() if line.startswith("\t")]


def test_requests_figures_equal_the_seed(seed_text):
    cells = _seed_section(seed_text, "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议")
    numbers = [int(c) for c in cells if re.fullmatch(r"\d+", c)]
    assert len(numbers) == 175
    rows = read_csv(SHANGHAI / "requests.csv")
    assert [int(r["count"]) for r in rows] == numbers
    assert [(r["row"], r["applicant"]) for r in rows] == T.REQUESTS.cell_keys()


def test_appeals_figures_equal_the_seed(seed_text):
    cells = _seed_section(seed_text, "四、政府信息公开行政复议", "五、存在的主要问题")
    numbers = [int(c) for c in cells if re.fullmatch(r"\d+", c)]
    assert len(numbers) == 15
    rows = read_csv(SHANGHAI / "appeals.csv")
    assert [int(r["count"]) for r in rows] == numbers


def test_proactive_figures_and_notes_equal_the_seed(seed_text):
    cells = _seed_section(seed_text, "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况")
    printed = [c for c in cells if re.match(r"^\d", c)]
    rows = read_csv(SHANGHAI / "proactive.csv")
    assert len(printed) == len(rows) == 10
    for cell, row in zip(printed, rows):
        number = re.match(r"[\d.]+", cell).group(0)
        assert float(row["value"]) == float(number)
        note = cell[len(number):].strip().strip("（）")
        assert row["note"] == note
    assert any(r["note"] == "其中修订15件" for r in rows)


def test_highlights_come_from_the_prose(seed_text):
    rows = {r["code"]: r for r in read_csv(SHANGHAI / "highlights.csv")}
    # the figures domain.md lists as restated by the prose, and the processing fees in yuan
    for code in ("disclosed_or_partial", "disclosed_or_partial_share", "withheld", "unavailable",
                 "unprocessed", "other_handling", "reconsideration", "litigation",
                 "processing_fees", "new_requests", "handled_total"):
        assert code in rows, code
    assert rows["processing_fees"]["unit"] == "元"
    assert rows["disclosed_or_partial_share"]["unit"] == "%"
    for r in rows.values():
        assert r["sentence"] in seed_text
        value = r["value"]
        assert value in r["sentence"].replace(",", ""), (r["code"], value)


def test_frictionless_validate_cli():
    exe = Path(sys.executable).with_name("frictionless")
    proc = subprocess.run([str(exe), "validate", str(SHANGHAI / "datapackage.json")],
                          capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "VALID" in proc.stdout and "INVALID" not in proc.stdout


def test_gongkai_validate_passes_on_committed_data():
    result = run("validate", PACKAGES)
    assert result.exit_code == 0, result.output
    assert "shanghai-2024" in result.output


def test_validate_reports_an_undeclared_inconsistency(tmp_path):
    pkg = tmp_path / "broken-2024"
    shutil.copytree(SHANGHAI, pkg)
    rows = read_csv(pkg / "requests.csv")
    for r in rows:
        if r["row"] == "disclosed" and r["applicant"] == "natural_person":
            r["count"] = str(int(r["count"]) + 1)
    _write(pkg / "requests.csv", rows)
    rehash(pkg)
    result = run("validate", pkg)
    assert result.exit_code == 1
    out = result.output
    assert "requests.outcomes[natural_person]" in out
    assert "requests.applicants[disclosed]" in out
    assert "column natural_person" in out and "expected" in out and "found" in out


def test_declared_inconsistency_is_reported_not_failed(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    # the (一)予以公开 row's natural-person figure, off by one as a report might print it
    text = text.replace("\t（一）予以公开\n\t11713\n", "\t（一）予以公开\n\t11714\n")
    src = tmp_path / "report.txt"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "pkg"
    refused = run("ingest", src, "--out", out)
    assert refused.exit_code == 1 and not out.exists()
    assert "--declare" in refused.output
    args = ["ingest", src, "--out", out]
    for check in ("requests.outcomes[natural_person]", "requests.applicants[disclosed]"):
        args += ["--declare", f"{check}=printed so in the report"]
    accepted = run(*args)
    assert accepted.exit_code == 0, accepted.output
    assert [r["count"] for r in read_csv(out / "requests.csv")
            if r["row"] == "disclosed" and r["applicant"] == "natural_person"] == ["11714"]
    result = run("validate", out)
    assert result.exit_code == 0, result.output
    assert "DECLARED" in result.output and "printed so in the report" in result.output


def test_validate_many_packages_and_across_years(tmp_path):
    """Two packages of one publisher in consecutive years: the carry-over check runs."""
    root = tmp_path / "datapackages"
    shutil.copytree(SHANGHAI, root / "shanghai-2024")
    nxt = root / "shanghai-2025"
    shutil.copytree(SHANGHAI, nxt)
    desc = json.loads((nxt / "datapackage.json").read_text(encoding="utf-8"))
    desc["name"] = "shanghai-2025"
    desc["report"]["year"] = 2025
    (nxt / "datapackage.json").write_text(json.dumps(desc, ensure_ascii=False), encoding="utf-8")
    result = run("validate", root)
    # the copy's carried-over (2095) is not 2024's carried-forward (2803): a finding shown with
    # both numbers and both reports, not a failure (neither report is wrong by itself)
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if "requests.carry[total]" in x)
    assert line.startswith("MISMATCH shanghai-2025") and "shanghai-2024" in line
    assert "expected 2803, found 2095" in line
    assert "ok shanghai-2024" in result.output


def _write(path: Path, rows: list[dict]) -> None:
    import csv

    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)

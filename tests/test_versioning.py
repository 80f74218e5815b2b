"""Ingesting a report again: same data keeps the package as it is; changed data is a new version."""

from __future__ import annotations

import json
import shutil

from conftest import SEED, SHANGHAI
from gongkai.versioning import parse_changelog
from helpers import run


def _desc(path):
    return json.loads((path / "datapackage.json").read_text(encoding="utf-8"))


def test_reingest_of_the_same_report_changes_nothing(tmp_path):
    out = tmp_path / "shanghai-2024"
    shutil.copytree(SHANGHAI, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert run("ingest", SEED, "--out", out).exit_code == 0
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert after.keys() == before.keys()
    changed = [n for n in after if after[n] != before[n]]
    # the descriptor names the file it was read from; nothing else may differ
    assert changed in ([], ["datapackage.json"])
    if changed:
        a, b = _desc(out), _desc(SHANGHAI)
        a["provenance"].pop("source_file"), b["provenance"].pop("source_file")
        assert a == b


def test_a_corrected_report_is_a_new_version_with_a_changelog_entry(tmp_path):
    out = tmp_path / "shanghai-2024"
    shutil.copytree(SHANGHAI, out)
    old_version = _desc(out)["version"]
    corrected = tmp_path / "corrected.txt"
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("\t行政许可\n\t21045877\n", "\t行政许可\n\t21045878\n")
    corrected.write_text(text, encoding="utf-8")
    note = "更正：行政许可处理决定数量按发布机关更正稿"
    result = run("ingest", corrected, "--out", out, "--note", note)
    assert result.exit_code == 0, result.output
    desc = _desc(out)
    assert desc["version"] != old_version
    changes = parse_changelog((out / "CHANGELOG.md").read_text(encoding="utf-8"))
    assert changes[0].version == desc["version"]
    assert any(note in n for n in changes[0].notes)
    assert any("1 " in n or "1行" in n.replace(" ", "") for n in changes[0].notes)
    assert changes[1].version == old_version
    # the same corrected report again: nothing new
    again = run("ingest", corrected, "--out", out)
    assert again.exit_code == 0
    assert _desc(out)["version"] == desc["version"]
    assert len(parse_changelog((out / "CHANGELOG.md").read_text(encoding="utf-8"))) == \
        len(changes)


def test_a_new_package_starts_at_1_0_0_with_its_first_entry(tmp_path):
    out = tmp_path / "new"
    assert run("ingest", SEED, "--out", out, "--id", "copy-2024").exit_code == 0
    changes = parse_changelog((out / "CHANGELOG.md").read_text(encoding="utf-8"))
    assert _desc(out)["version"] == "1.0.0" == changes[0].version and len(changes) == 1
    assert changes[0].date == _desc(out)["created"][:10]

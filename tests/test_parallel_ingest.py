"""A folder ingested in two processes gives the same packages, byte for byte, as in one."""

from __future__ import annotations

import filecmp
import subprocess
import sys

from conftest import REPO
from helpers import run


def _tree(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_jobs_2_equals_jobs_1(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764633600")
    subprocess.run([sys.executable, str(REPO / "scripts" / "synth_corpus.py"), "12", "--out",
                    str(tmp_path / "corpus")], check=True, capture_output=True)
    roots = {}
    for jobs in (1, 2):
        root = tmp_path / f"packages-{jobs}"
        root.mkdir()
        (root / "publishers.csv").write_bytes((tmp_path / "corpus" / "publishers.csv").read_bytes())
        result = run("ingest", tmp_path / "corpus" / "reports", "--root", root, "--jobs", str(jobs))
        assert result.exit_code == 0, result.output
        assert "12 files: " in result.output and " 0 failed" in result.output
        roots[jobs] = root
    files = _tree(roots[1])
    assert files == _tree(roots[2]) and len(files) == 1 + 12 * 8
    match, mismatch, errors = filecmp.cmpfiles(roots[1], roots[2], files, shallow=False)
    assert not mismatch and not errors


def test_synthetic_corpus_is_deterministic_and_says_so(tmp_path):
    for name in ("a", "b"):
        subprocess.run([sys.executable, str(REPO / "scripts" / "synth_corpus.py"), "6", "--out",
                        str(tmp_path / name), "--seed", "3"], check=True, capture_output=True)
    files = _tree(tmp_path / "a")
    assert files == _tree(tmp_path / "b")
    assert filecmp.cmpfiles(tmp_path / "a", tmp_path / "b", files, shallow=False)[1] == []
    text = (tmp_path / "a" / "reports" / files[-1].split("/")[-1]).read_text(encoding="utf-8")
    assert text.startswith("合成") and "合成数据" in text

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


def _corpus(tmp_path, n=6):
    subprocess.run([sys.executable, str(REPO / "scripts" / "synth_corpus.py"), str(n), "--out",
                    str(tmp_path / "corpus")], check=True, capture_output=True)
    return tmp_path / "corpus"


def _root(tmp_path, corpus, name):
    root = tmp_path / name
    root.mkdir()
    (root / "publishers.csv").write_bytes((corpus / "publishers.csv").read_bytes())
    return root


def test_a_second_report_of_one_id_is_refused_alike_with_2_jobs(tmp_path, monkeypatch):
    """Which copy wins is decided in file order by the parent, not by which worker is first."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764633600")
    corpus = _corpus(tmp_path)
    reports = sorted((corpus / "reports").iterdir())
    (corpus / "reports" / "zz-copy.txt").write_bytes(reports[0].read_bytes())
    outputs = {}
    for jobs in (1, 2):
        root = _root(tmp_path, corpus, f"p{jobs}")
        result = run("ingest", corpus / "reports", "--root", root, "--jobs", str(jobs))
        assert result.exit_code == 1
        assert "the same report as" in result.output and "zz-copy.txt" in result.output
        assert "7 files: 6 ok, 0 with warnings (declared or mismatched), 1 failed" in result.output
        summary = [line for line in result.output.splitlines() if not line.startswith("ingest ")]
        flat = "".join("".join(summary).replace("│", "").split())  # the root's name, unwrapped
        outputs[jobs] = flat.replace(str(root), "ROOT")  # (not the progress bar: it has a clock)
        assert sorted(p.name for p in root.iterdir() if p.name.startswith(".")) == []
    assert outputs[1] == outputs[2]
    files = _tree(tmp_path / "p1")
    assert files == _tree(tmp_path / "p2") and len(files) == 1 + 6 * 8
    assert not filecmp.cmpfiles(tmp_path / "p1", tmp_path / "p2", files, shallow=False)[1]


def test_a_worker_failing_mid_write_leaves_no_half_package(tmp_path, monkeypatch):
    """A write that fails in a worker fails that report alone, and leaves nothing of it."""
    import pathlib

    from gongkai.folder import ingest_many, report_files

    corpus = _corpus(tmp_path)
    files = report_files(corpus / "reports")
    victim = files[2].stem  # the synthetic corpus names a report after its package id
    write_bytes = pathlib.Path.write_bytes

    def failing(self, data):
        if self.name == "provenance.csv" and self.parent.name.startswith(f".{victim}."):
            raise OSError(28, "No space left on device")
        return write_bytes(self, data)

    monkeypatch.setattr(pathlib.Path, "write_bytes", failing)  # forked workers inherit it
    root = _root(tmp_path, corpus, "packages")
    items = ingest_many(files, root=root, declare=[], jobs=2)
    failed = [it for it in items if it.status == "failed"]
    assert [it.path for it in failed] == [files[2]]
    assert failed[0].reason == "cannot write the package: OSError: [Errno 28] No space left on device"
    assert sorted(p.name for p in root.iterdir()) == sorted(
        ["publishers.csv", *(f.stem for f in files if f != files[2])])


def test_a_report_failing_late_is_still_refused_as_a_second_copy():
    """A later copy that failed while reading the package the first copy was replacing gets
    the message one job gives it (one job reads the finished package and refuses the copy)."""
    from pathlib import Path

    from gongkai.folder import Staged, place

    taken = {"x-2024": "a.txt"}
    item = place(Staged(Path("/r/b.txt"), package_id="x-2024",
                        reason="cannot write the package: FileNotFoundError: gone"), taken)
    assert item.status == "failed" and item.reason.startswith("the same report as a.txt ")
    item = place(Staged(Path("/r/c.txt"), package_id="y-2024", reason="cannot write the package"),
                 taken)
    assert item.reason == "cannot write the package" and "y-2024" not in taken

"""Helpers for tests: run the CLI in-process and read a package's CSVs."""

from __future__ import annotations

import csv
import hashlib
import json
import unicodedata
from pathlib import Path

from typer.testing import CliRunner

from gongkai.cli import app


def run(*args: str):
    """Run `gongkai ARGS`; returns the click Result (exit_code, stdout, stderr, exception)."""
    result = CliRunner().invoke(app, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"traceback from gongkai {args}: {result.exception!r}") \
            from result.exception
    return result


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def rehash(package_dir: Path) -> None:
    """Update bytes and sha256 of every resource after a test edited a file."""
    desc_path = package_dir / "datapackage.json"
    desc = json.loads(desc_path.read_text(encoding="utf-8"))
    for res in desc["resources"]:
        data = (package_dir / res["path"]).read_bytes()
        res["bytes"] = len(data)
        res["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
    desc_path.write_text(json.dumps(desc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


BLANK_MARKS = ("", "/", "／")


def assert_read_as_printed(got: list[dict], want: list[dict], value: str, where: str = "") -> None:
    """A fixture made from the seed reads as the seed's figures, as the fixture prints them:
    a zero it prints blank or as '/' reads as blank (never 0); a zero printed as '—' reads as
    0 with its mark kept; every other cell equals the seed's, note included."""
    assert len(got) == len(want), where
    for g, w in zip(got, want):
        keys = [k for k in w if k not in (value, "printed", "note")]
        assert [g[k] for k in keys] == [w[k] for k in keys], (where, g, w)
        # a note is kept as printed (full-width digits too): the same note, however written
        assert unicodedata.normalize("NFKC", g["note"]) == w["note"], (where, g, w)
        if g[value] == "":
            assert w[value] == "0" and g.get("printed", "") in BLANK_MARKS, (where, g, w)
        else:
            assert g[value] == w[value], (where, g, w)

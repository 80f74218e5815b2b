"""Helpers for tests: run the CLI in-process and read a package's CSVs."""

from __future__ import annotations

import csv
import hashlib
import json
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

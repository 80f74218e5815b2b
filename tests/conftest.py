"""Shared test fixtures: the repository, the committed package and the seed report."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGES = REPO / "datapackages"
SHANGHAI = PACKAGES / "shanghai-2024"
# The committed package holds the seed report byte for byte (checked in test_ingest_seed).
SEED = SHANGHAI / "source.txt"


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
# Shared: the portal built once per test session from the committed packages (added for the
# open-data tests; any test that only reads the built site can reuse it).


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """(SiteContext, site folder) of `gongkai build` over datapackages/, built once."""
    from gongkai.site.build import build_site

    base = tmp_path_factory.mktemp("built-site")
    ctx = build_site(PACKAGES, base / "site", REPO / "mkdocs.yml", work=base / "work")
    return ctx, base / "site"

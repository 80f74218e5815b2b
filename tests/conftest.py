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

"""Old Word files (.doc, and .wps in the Word format): converted by LibreOffice, read as .docx.

The fixture tests/fixtures/doc/shanghai-2024.doc is the seed's Word fixture saved by
LibreOffice as Word 97-2003 (scripts/make_pdf_fixtures.py --doc).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import SHANGHAI
from helpers import read_csv, run
from gongkai.errors import IngestError
from gongkai.readers import doc as doc_reader
from gongkai.readers import read_document

DOC = Path(__file__).parent / "fixtures" / "doc" / "shanghai-2024.doc"
needs_soffice = pytest.mark.skipif(doc_reader.converter() is None,
                                   reason="needs LibreOffice (make system-deps)")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> Path:
    if doc_reader.converter() is None:
        pytest.skip("needs LibreOffice (make system-deps)")
    pkg = tmp_path_factory.mktemp("doc") / "pkg"
    result = run("ingest", DOC, "--out", pkg)
    assert result.exit_code == 0, result.output
    return pkg


@pytest.mark.parametrize("table", ["proactive.csv", "requests.csv", "appeals.csv",
                                   "highlights.csv"])
def test_doc_reads_figure_for_figure(ingested, table):
    assert read_csv(ingested / table) == read_csv(SHANGHAI / table)


def test_doc_source_published_as_it_came(ingested):
    desc = json.loads((ingested / "datapackage.json").read_text(encoding="utf-8"))
    src = next(r for r in desc["resources"] if r["name"] == "source")
    assert (ingested / src["path"]).read_bytes() == DOC.read_bytes()
    assert src["format"] == "doc" and src["mediatype"] == "application/msword"
    committed = json.loads((SHANGHAI / "datapackage.json").read_text(encoding="utf-8"))
    assert desc["title"] == committed["title"]


@needs_soffice
def test_wps_in_the_word_format_reads_too(tmp_path):
    wps = tmp_path / "report.wps"
    shutil.copy(DOC, wps)
    doc = read_document(wps)
    assert doc.format == "doc" and doc.raw == DOC.read_bytes()
    assert any("本年新收政府信息公开申请数量" in r.text for r in doc.rows if not r.prose)


def test_missing_converter_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH without soffice
    monkeypatch.delenv("SOFFICE", raising=False)
    with pytest.raises(IngestError) as err:
        read_document(DOC)
    text = str(err.value)
    assert str(DOC) in text and "LibreOffice" in text and "libreoffice-writer-nogui" in text
    result = run("ingest", DOC, "--out", tmp_path / "pkg")
    assert result.exit_code != 0 and "LibreOffice" in result.output
    assert not (tmp_path / "pkg").exists()


def test_other_binary_office_files_are_not_reports(tmp_path):
    xls = tmp_path / "book.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 +
                    "Workbook".encode("utf-16-le") + b"\0" * 600)
    with pytest.raises(IngestError, match="not a Word document"):
        read_document(xls)

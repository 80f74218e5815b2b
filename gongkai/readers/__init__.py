"""Readers turn a source file into a Document. The format is told by content, not by name."""

from __future__ import annotations

from pathlib import Path

from ..document import Document
from ..errors import IngestError
from . import text

# Each sniffer returns True when the bytes are in its format; first match wins.
READERS: list[tuple[str, callable, callable]] = []


def register(name, sniff, read) -> None:
    """Add a reader (used by the optional HTML, Word and PDF readers)."""
    READERS.insert(0, (name, sniff, read))


def sniff_format(raw: bytes) -> str:
    head = raw[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if raw.startswith(b"%PDF"):
        return "pdf"
    if raw.startswith(b"PK\x03\x04"):
        return "zip"
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<table" in raw[:200000].lower() \
            or b"<body" in head or b"<div" in head or b"<p" in head[:3]:
        return "html"
    return "text"


def read_document(path: str | Path) -> Document:
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise IngestError("no such file", file=str(path)) from None
    except IsADirectoryError:
        raise IngestError("is a folder, not a report file", file=str(path)) from None
    except OSError as exc:
        raise IngestError(f"cannot read: {exc.strerror}", file=str(path)) from None
    if not raw.strip():
        raise IngestError("the file is empty", file=str(path),
                          expected="the text of an annual report")
    for name, sniff, read in READERS:
        if sniff(raw):
            return read(str(path), raw)
    kind = sniff_format(raw)
    if kind != "text":
        if kind == "zip":
            raise IngestError("this is a zip file, not a Word (.docx) document: not a report",
                              file=str(path), expected="a report as .html, .docx, .pdf or text")
        if kind == "ole":
            raise IngestError("this is a binary Office file that is not a Word document "
                              "(.xls, .ppt?): not a report", file=str(path),
                              expected="a report as .html, .docx, .doc, .pdf or text")
        names = {"pdf": "a PDF file", "html": "an HTML page"}
        raise IngestError(f"this is {names[kind]}, and no reader for it is installed",
                          file=str(path), expected="a report as text")
    return text.read(str(path), raw)


def _register_builtin() -> None:
    from . import doc as doc_reader
    from . import docx as docx_reader
    from . import html as html_reader
    from . import ocr as ocr_reader
    from . import pdf as pdf_reader

    def read_pdf(path: str, raw: bytes) -> Document:
        """A PDF by its text layer; one whose pages carry no text (a scan) by OCR."""
        doc = pdf_reader.read(path, raw)
        return doc if doc is not None else ocr_reader.read(path, raw)

    register("html", html_reader.sniff, html_reader.read)
    register("docx", docx_reader.sniff, docx_reader.read)
    register("doc", doc_reader.sniff, doc_reader.read)
    register("pdf", pdf_reader.sniff, read_pdf)


_register_builtin()

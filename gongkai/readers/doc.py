"""Read a report published as an old Word file (.doc; .wps files in the Word format too).

Word 97-2003 files (and the .wps files of Chinese office suites, which store the same binary
Word format) are converted to .docx by LibreOffice, run headless in a private profile, and the
.docx is read by the Word reader. The document keeps the source bytes as they came, so the
package publishes the original file. Without LibreOffice the file is refused with what to
install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..document import Document
from ..errors import IngestError

MEDIA_TYPE = "application/msword"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# the stream that makes an OLE compound file a Word document, as its directory names it
_WORD_STREAM = "WordDocument".encode("utf-16-le")
TIMEOUT = 180  # seconds for one conversion


def sniff(raw: bytes) -> bool:
    """An OLE compound file holding a WordDocument stream (not a .xls or .ppt)."""
    return raw.startswith(_OLE) and _WORD_STREAM in raw


def converter() -> str | None:
    """LibreOffice's command, if installed: $SOFFICE, else soffice or libreoffice on PATH."""
    for name in (os.environ.get("SOFFICE", ""), "soffice", "libreoffice"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


def to_docx(path: str, raw: bytes) -> bytes:
    """The .docx LibreOffice makes of a Word 97-2003 file."""
    exe = converter()
    if exe is None:
        raise IngestError(
            "this is an old Word file (.doc or .wps); reading it needs LibreOffice to convert "
            "it to .docx, and LibreOffice (soffice) is not installed",
            file=path, expected="LibreOffice on PATH (Debian: apt-get install "
            "libreoffice-writer-nogui; or run scripts/system-deps.sh), or the report saved as "
            ".docx")
    with tempfile.TemporaryDirectory(prefix="gongkai-doc-") as tmp:
        src = Path(tmp) / "report.doc"
        src.write_bytes(raw)
        profile = Path(tmp) / "profile"
        cmd = [exe, "--headless", "--norestore", "--nolockcheck", "--nodefault",
               f"-env:UserInstallation={profile.as_uri()}",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp, str(src)]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise IngestError(f"LibreOffice did not convert the Word file in {TIMEOUT} s",
                              file=path, expected="a Word file LibreOffice can open") from None
        out = Path(tmp) / "report.docx"
        if done.returncode != 0 or not out.exists():
            detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip()
            detail = detail.splitlines()[-1] if detail else f"exit status {done.returncode}"
            raise IngestError(f"LibreOffice could not convert the Word file: {detail}",
                              file=path, expected="a Word 97-2003 file (.doc) that opens")
        return out.read_bytes()


def read(path: str, raw: bytes) -> Document:
    from . import docx as docx_reader

    converted = to_docx(path, raw)
    doc = docx_reader.read(path, converted)
    doc.raw = raw
    doc.format = "doc"
    doc.media_type = MEDIA_TYPE
    return doc

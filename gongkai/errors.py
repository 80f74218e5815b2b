"""One error type for bad input: it always says where (file, table, row, column) and what."""

from __future__ import annotations


class GongkaiError(Exception):
    """A problem with the user's input or data, reported as one clear message (no traceback)."""

    def __init__(self, message: str, *, file: str | None = None, table: str | None = None,
                 row: str | None = None, column: str | None = None, expected: str | None = None,
                 found: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.table = table
        self.row = row
        self.column = column
        self.expected = expected
        self.found = found
        self.line = line

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(f"{self.file}" + (f":{self.line}" if self.line else ""))
        if self.table:
            where.append(f"table {self.table}")
        if self.row:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        text = ", ".join(where)
        text = f"{text}: {self.message}" if text else self.message
        if self.expected is not None:
            text += f"; expected {self.expected}"
        if self.found is not None:
            text += f", found {self.found}"
        return text


class IngestError(GongkaiError):
    """A report that cannot be read without guessing."""


class PackageError(GongkaiError):
    """A data package that cannot be loaded."""

"""What a check found: one enum, so that states are counted and shown the same everywhere."""

from __future__ import annotations

from enum import Enum


class CheckState(str, Enum):
    """The state of one check. Only FAIL blocks a report: the rest are published findings."""

    PASS = "pass"  # the identity holds
    FAIL = "fail"  # a table identity is broken and nobody declared why: ingest refuses
    DECLARED = "declared"  # broken as printed, kept with the maintainer's stated reason
    MISMATCH = "mismatch"  # the prose or the previous year's report says otherwise: a finding
    UNCHECKABLE = "uncheckable"  # a cell it needs is blank as printed: not checked, not filled
    INFO = "info"  # a notice (a year-on-year jump, a stock that does not carry over)

    def __str__(self) -> str:
        return self.value


BLOCKING = frozenset({CheckState.FAIL})

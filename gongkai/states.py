"""The state of a check: the strings a package's checks carry, as one enum."""

from __future__ import annotations

from enum import Enum


class CheckState(str, Enum):
    PASS = "pass"  # the identity or restatement holds
    FAIL = "fail"  # it does not, and the package does not declare it
    DECLARED = "declared"  # it does not, as printed; the package declares it with a reason

"""The shape of a finding as the writer needs it (the checker's Finding satisfies it).

The writer lives below the checker and may not import it; this Protocol is the contract.
"""

from __future__ import annotations

from typing import Protocol


class FindingLike(Protocol):
    code: str
    rule: str
    severity: str  # "error" | "warning" | "info"
    message: str
    keys: tuple[str, ...]  # cell keys the finding is about
    texts: tuple[str, ...]  # prose section ids it is about
    acknowledged: str | None  # the user's reason, when accepted

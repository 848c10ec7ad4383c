"""The shape of a finding as the writer needs it (the checker's Finding satisfies it).

The writer lives below the checker and may not import it; this Protocol is the contract.
"""

from __future__ import annotations

from typing import Protocol


class FindingLike(Protocol):
    """Read-only members, so a frozen dataclass (rules.finding.Finding) satisfies it."""

    @property
    def code(self) -> str: ...
    @property
    def rule(self) -> str: ...
    @property
    def severity(self) -> str: ...  # "error" | "warning" | "info"
    @property
    def message(self) -> str: ...
    @property
    def keys(self) -> tuple[str, ...]: ...  # cell keys the finding is about
    @property
    def texts(self) -> tuple[str, ...]: ...  # prose section ids it is about
    @property
    def acknowledged(self) -> str | None: ...  # the user's reason, when accepted

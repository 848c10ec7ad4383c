"""Reading what a reader child sends back, without trusting it.

A reader child parses files nobody vetted with native code (calamine, PDFium, LibreOffice's
output): one taken over through such a parser could send its parent a pickle that calls any
function on loading (`os.system` …), and containment would end at the pipe. So the parent loads
an answer with an unpickler that builds only data: our own data classes, enums, named tuples and
exceptions (constructing them runs no code of the sender's choosing), and a few value types of
the standard library. Anything else — a function, a class with behaviour such as a process
pool — refuses the whole answer (ForbiddenInAnswer), which the sandbox reports as the reader
having failed.
"""

from __future__ import annotations

import dataclasses
import enum
import io
import pickle
from typing import Any

# Where our data classes live. gui/ and cli/ are never sent back; nothing else is ours.
OUR_PACKAGES = ("workbook.", "rules.", "service.")
# Value types of the standard library an answer may hold (dates, exact amounts, containers that
# pickle by name rather than by their own opcode).
STANDARD = frozenset(
    {
        ("datetime", "date"),
        ("datetime", "datetime"),
        ("datetime", "time"),
        ("datetime", "timedelta"),
        ("datetime", "timezone"),
        ("decimal", "Decimal"),
        ("collections", "OrderedDict"),
        ("collections", "Counter"),
    }
)


class ForbiddenInAnswer(pickle.UnpicklingError):
    """An answer that names something other than data: the child is not to be trusted."""


def _is_data_class(obj: object) -> bool:
    if not isinstance(obj, type):
        return False
    if dataclasses.is_dataclass(obj) or issubclass(obj, enum.Enum | BaseException):
        return True
    return issubclass(obj, tuple) and hasattr(obj, "_fields")  # a NamedTuple


class _AnswerUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in STANDARD:
            return super().find_class(module, name)
        if module.startswith(OUR_PACKAGES) and "." not in name:
            found = super().find_class(module, name)
            if _is_data_class(found):
                return found
        raise ForbiddenInAnswer(f"{module}.{name}")


def load_answer(data: bytes) -> Any:
    """The object a child pickled; ForbiddenInAnswer (an UnpicklingError) if it names anything
    but data."""
    return _AnswerUnpickler(io.BytesIO(data)).load()

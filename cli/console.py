"""The console as a clerk's Windows machine has it: a GBK code page, pipes that close early.

A Chinese Windows console (or a file it redirects to) encodes in GBK (cp936): a character
outside it (✔, a rare name character) would end the command with UnicodeEncodeError, so it is
printed as "?" instead. `nianbao check … | head` closes the pipe while we still write: the rest
of the output goes nowhere, quietly, and the command still ends with its real exit status.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any, TextIO


class QuietPipe:
    """A text stream that stops writing, without a traceback, once its reader has gone."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.reader_gone = False

    def write(self, text: str) -> int:
        if not self.reader_gone:
            try:
                return self._stream.write(text)
            except BrokenPipeError:
                self._discard()
        return len(text)

    def flush(self) -> None:
        if not self.reader_gone:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._discard()

    def _discard(self) -> None:
        """Point the file descriptor at the null device so the exit-time flush succeeds too."""
        self.reader_gone = True
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self._stream.fileno())
            os.close(devnull)
        except (OSError, ValueError, AttributeError):
            pass  # not a real file (a test's buffer): nothing will flush it at exit

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def prepare_console() -> None:
    """Unencodable characters become "?" and a closed pipe is quiet, on stdout and stderr."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:  # a windowed (console-free) Windows build has no streams at all
            continue
        if isinstance(stream, QuietPipe):
            continue
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")
        setattr(sys, name, QuietPipe(stream))

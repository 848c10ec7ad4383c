"""Matching labels as published: full/half-width, spaces, quotes and line breaks vary."""

from __future__ import annotations

import re
import unicodedata

_DROP = re.compile(r"[\s\u3000\u200b\ufeff\"'“”‘’「」『』]+")


def normalize_label(text: str) -> str:
    """A label in comparable form: NFKC, no whitespace or quotes, ASCII brackets and commas."""
    t = unicodedata.normalize("NFKC", text)
    t = _DROP.sub("", t)
    return t.replace("、", ",").replace("，", ",").replace("．", ".")

"""Text normalised once at ingest, and JSON parsed with bounded nesting.

Every document's text and metadata pass through ``clean`` before a ``Doc`` exists, so
the stored text is the text every span refers to. ``clean`` replaces a character by one
character (U+FFFD), so offsets into the cleaned text are offsets into the original too.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from rashomon.ingest.base import Rejected

REPLACEMENT = "\ufffd"
MAX_JSON_DEPTH = 64
# NUL (PostgreSQL text cannot hold it) and lone surrogates (not encodable as UTF-8)
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_CHAR_REF = re.compile(rb"&#([xX][0-9a-fA-F]{1,8}|[0-9]{1,10});")


def clean(text: str) -> str:
    """``text`` with NULs and lone surrogates replaced by U+FFFD (same length)."""
    return _UNSTORABLE.sub(REPLACEMENT, text)


def clean_field(value: Any) -> Any:
    """A metadata value: strings cleaned and stripped (empty -> None); others as they are."""
    if isinstance(value, str):
        return clean(value).strip() or None
    return value


def visible(text: str) -> bool:
    """True when ``text`` has a character that shows: not space, control, format
    (zero-width space, BOM, joiners, soft hyphen) or separator."""
    return any(not ch.isspace() and unicodedata.category(ch)[0] not in "CZ" for ch in text)


def json_depth(raw: str) -> int:
    """The deepest nesting of arrays and objects in a JSON text (strings ignored)."""
    if raw.count("[") + raw.count("{") <= MAX_JSON_DEPTH:  # cannot be deeper: skip the scan
        return 0
    depth = deepest = 0
    for ch in _JSON_STRING.sub("", raw):
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def loads(raw: str | bytes, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """``json.loads`` that refuses nesting deeper than ``max_depth`` (ValueError), before
    the parser could recurse that deep."""
    text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    if json_depth(text) > max_depth:
        raise ValueError(f"nested deeper than {max_depth} levels")
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError(f"nested deeper than {max_depth} levels") from None


def safe_char_refs(data: bytes) -> bytes:
    """XML/HTML numeric character references to characters that cannot exist (surrogates,
    NUL, beyond U+10FFFF) become ``&#xFFFD;`` (a feed parser would otherwise fail)."""

    def fix(m: re.Match[bytes]) -> bytes:
        ref = m.group(1)
        n = int(ref[1:], 16) if ref[:1] in (b"x", b"X") else int(ref)
        bad = n == 0 or 0xD800 <= n <= 0xDFFF or n > 0x10FFFF
        return b"&#xFFFD;" if bad else m.group(0)

    return _CHAR_REF.sub(fix, data)


def reject_unless_visible(text: str, line: int | None = None) -> None:
    if not visible(text):
        raise Rejected("empty document (no text)", line)

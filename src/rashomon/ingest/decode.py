"""Bytes to text: UTF-8 (optionally with BOM), UTF-16 with BOM; everything else is rejected."""

from __future__ import annotations

import codecs
import re

from rashomon.ingest.base import Rejected

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_\-]+)", re.I)


def decode(data: bytes, html: bool = False) -> str:
    """Decoded text, or :class:`Rejected` (binary or undecodable)."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8):], "utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16")
    if b"\x00" in data[:65536]:
        raise Rejected("binary file (not text)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        declared = _META_CHARSET.search(data[:4096]) if html else None
        if declared:  # an HTML page that states its own encoding
            try:
                text = data.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                raise Rejected(_bad_encoding(e)) from None
        else:
            raise Rejected(_bad_encoding(e)) from None
    if mostly_control(text):
        raise Rejected("binary file (not text)")
    return text


def mostly_control(text: str) -> bool:
    """True when more than 5% of the first 64k characters are control characters."""
    sample = text[:65536]
    return bool(sample) and len(_CONTROL.findall(sample)) > 0.05 * len(sample)


def _strict(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        raise Rejected(f"cannot decode as {encoding.upper()}: bad byte at offset {e.start}") from None
    if mostly_control(text):
        raise Rejected("binary file (not text)")
    return text


def _bad_encoding(e: UnicodeDecodeError) -> str:
    return f"not UTF-8 or UTF-16 text (bad byte 0x{e.object[e.start]:02x} at offset {e.start})"

"""Bytes to text: UTF-8 (optionally with BOM), UTF-16 with BOM, a charset an HTML page
declares, else a legacy single-byte encoding (Windows-1251, KOI8-R, ISO-8859-x...) found
by charset-normalizer. Binary input is rejected."""

from __future__ import annotations

import codecs
import re

from rashomon.ingest.base import Rejected

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_\-]+)", re.I)
SNIFF_BYTES = 1 << 20  # how much of a file charset detection looks at
_NO_BOM_WIDE = ("utf_16", "utf_32")  # without a BOM, these "detections" are binary data
# code pages of the news Rashomon reads, most common first (Python codec names)
PREFERRED = ("cp1252", "cp1251", "koi8_r", "cp1250", "iso8859_2", "iso8859_5", "iso8859_1",
             "iso8859_15", "cp1253", "iso8859_7", "cp1254", "iso8859_9", "cp1256",
             "iso8859_6", "cp1257", "iso8859_13", "cp866", "mac_cyrillic", "koi8_u")


def decode(data: bytes, html: bool = False) -> str:
    """Decoded text, or :class:`Rejected` (binary or undecodable)."""
    return decode_with(data, html)[0]


def decode_with(data: bytes, html: bool = False) -> tuple[str, str]:
    """(text, the encoding it was in), or :class:`Rejected`."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8):], "utf-8"), "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16"), "utf-16"
    if b"\x00" in data[:65536]:
        raise Rejected("binary file (not text)")
    try:
        text, enc = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        declared = _META_CHARSET.search(data[:4096]) if html else None
        enc = declared.group(1).decode("ascii") if declared else detect_encoding(data)
        if enc is None:
            raise Rejected(_bad_encoding(e)) from None
        try:
            text = data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            raise Rejected(_bad_encoding(e)) from None
    if mostly_control(text):
        raise Rejected("binary file (not text)")
    return text, enc


def detect_encoding(data: bytes) -> str | None:
    """The legacy encoding of text that is not UTF-8 (charset-normalizer), None for data
    that reads as no text at all."""
    from charset_normalizer import from_bytes  # noqa: PLC0415 - heavy, loaded on use

    results = [r for r in from_bytes(data[:SNIFF_BYTES])
               if not r.encoding.startswith(_NO_BOM_WIDE)]
    if not results:
        return None
    # a short text fits several code pages equally well: then the common one wins
    calm = min(r.chaos for r in results)
    tied = {r.encoding for r in results if r.chaos <= calm + 0.01}
    common = next((enc for enc in PREFERRED if enc in tied), None)
    return common or min(results, key=lambda r: (r.chaos, -r.coherence)).encoding


def utf8_prefix_ok(data: bytes) -> bool:
    """True when ``data`` (possibly cut inside a character) is valid UTF-8 so far."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
    except UnicodeDecodeError:
        return False
    return True


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
    return (f"not text in a known encoding (bad UTF-8 byte 0x{e.object[e.start]:02x} at "
            f"offset {e.start}, and no legacy encoding fits)")

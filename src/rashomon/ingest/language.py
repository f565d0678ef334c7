"""Language identification with lingua, restricted to the languages Rashomon meets."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

LANGUAGES = ("en", "ru", "uk", "bg", "pt", "hi", "ar", "de", "fr", "es", "it", "pl")
SAMPLE_CHARS = 2000


@lru_cache(maxsize=1)
def detector() -> Any:
    """The lingua detector, built once per process (lazily: it takes a second)."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder  # noqa: PLC0415 - heavy, loaded on use

    langs = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in LANGUAGES]
    return LanguageDetectorBuilder.from_languages(*langs).build()


def detect(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when lingua cannot tell."""
    sample = text[:SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return None
    lang = detector().detect_language_of(sample)
    return lang.iso_code_639_1.name.lower() if lang is not None else None

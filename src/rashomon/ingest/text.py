"""Plain text and Markdown, with an optional front-matter header.

Front matter: the file may start with lines ``Key: value`` for the keys Title, Source,
Published, URL, Author, Language (any case), ended by a blank line. Those lines set the
document's metadata and are not part of its text. Anything else is plain text.
"""

from __future__ import annotations

import re

from rashomon.ingest.dates import normalise_date

FRONT_KEYS = ("title", "source", "published", "url", "author", "language")
_FIELD = re.compile(r"^(title|source|published|url|author|language)[ \t]*:[ \t]*(.*?)[ \t]*$", re.I)


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """(metadata, body) of a text; metadata is empty when there is no front matter."""
    lines = text.split("\n")
    meta: dict[str, str] = {}
    for i, line in enumerate(lines):
        line = line.rstrip("\r")
        if not line.strip():
            if not meta:
                return {}, text
            body = "\n".join(lines[i + 1:])
            return meta, body.lstrip("\r\n")
        m = _FIELD.match(line)
        if not m:
            return {}, text
        meta[m.group(1).lower()] = m.group(2)
    return {}, text  # only header lines and no blank line: treat as text


def meta_fields(meta: dict[str, str]) -> dict[str, str | None]:
    """Doc keyword arguments from front-matter metadata."""
    out: dict[str, str | None] = {k: (meta.get(k) or None) for k in FRONT_KEYS}
    out["published"] = normalise_date(meta.get("published"))
    if out["language"]:
        out["language"] = out["language"].lower()
    return out


def headline(text: str, max_len: int = 200) -> str | None:
    """A title for a text without front matter: a short first line followed by a blank line."""
    body = text.lstrip()
    first, sep, rest = body.partition("\n")
    first = first.strip()
    if not first or len(first) > max_len or not sep or not rest.strip():
        return None
    return first if rest.lstrip(" \t\r").startswith("\n") else None

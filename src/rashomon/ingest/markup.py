"""HTML pages (trafilatura) and HTML fragments (feed items) to text."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

_BLOCK = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote tr table section article header footer pre".split()
)
_SKIP = frozenset({"script", "style", "noscript", "template"})


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Visible text of an HTML fragment: one line per block, spaces collapsed."""
    p = _Text()
    p.feed(fragment)
    p.close()
    lines = (re.sub(r"[ \t\r\f\v\u00a0]+", " ", ln).strip() for ln in "".join(p.parts).split("\n"))
    return "\n".join(ln for ln in lines if ln)


def extract_page(html: str) -> dict[str, str | None]:
    """Main text and metadata of a web page: text, title, date, author, sitename, url."""
    import trafilatura  # noqa: PLC0415 - heavy, loaded on use

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if doc is None:
        return {"text": ""}
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return {k: d.get(k) for k in ("text", "title", "date", "author", "sitename", "url")}

"""The outlet of documents that carry none: the one the user names (``--outlet NAME``), or
each sub-folder's name (``--outlet-per-folder``); otherwise none, and the graph counts
such a document as its own source (never one shared "unknown" outlet)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rashomon.doc import Doc


@dataclass(frozen=True)
class OutletRule:
    name: str | None = None  # for every document without an outlet
    by_folder: bool = False  # else the first folder of the document's path in its input

    def outlet_for(self, doc: Doc) -> str | None:
        if self.name:
            return self.name
        if self.by_folder and "/" in doc.id:
            return doc.id.split("/", 1)[0]
        return None


def assign(items: Iterable[object], rule: OutletRule | None) -> Iterator[object]:
    """``items`` (docs and rejections) with the rule's outlet on docs that have none."""
    for item in items:
        if rule is not None and isinstance(item, Doc) and not item.source:
            item.source = rule.outlet_for(item)
        yield item

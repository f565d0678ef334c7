"""What readers yield: a ``Doc``, or a ``Rejection`` with a one-line reason."""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_MAX_BYTES = 5_000_000
_ONE_LINE_CHARS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_ONE_LINE = {ord(c): repr(c)[1:-1] for c in _ONE_LINE_CHARS}


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input item that could not become a document."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        text = f"{where}: {self.reason}"
        # one line, whatever the file name or the id inside it holds
        return text.translate(_ONE_LINE) if any(c in text for c in _ONE_LINE_CHARS) else text


class Rejected(Exception):
    """Raised inside readers; turned into a :class:`Rejection` by the caller."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


def too_large(size: int, limit: int) -> str:
    return f"too large: {size:,} bytes (limit {limit:,}; see --max-bytes)"


@dataclass
class Tally:
    """Every file met, accounted for: ``files`` read, ``skipped`` (in folders, files of a type
    Rashomon does not read, by suffix). Rejected files come as :class:`Rejection`s."""

    files: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, suffix: str) -> None:
        key = suffix.lower() or "(none)"
        self.skipped[key] = self.skipped.get(key, 0) + 1

"""JSON Lines files read one record at a time, each with its ``path:line`` for messages."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rashomon.errors import UserError


def records(path: str | Path) -> Iterator[tuple[str, Any]]:
    """(``path:line``, record) for every non-blank line; UserError on a line that is not
    JSON or a file that cannot be read."""
    try:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if line.strip():
                    try:
                        yield f"{path}:{n}", json.loads(line)
                    except json.JSONDecodeError as e:
                        raise UserError(f"{path}:{n}: not JSON ({e.msg})") from e
    except OSError as e:
        raise UserError(f"cannot read {path}: {e.strerror}") from e

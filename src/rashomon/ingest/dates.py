"""Publication dates to ``YYYY-MM-DD``."""

from __future__ import annotations

import re
import time
from datetime import date, datetime
from email.utils import parsedate_to_datetime

_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
_DMY = re.compile(r"^\s*(\d{1,2})[./](\d{1,2})[./](\d{4})\s*$")


def normalise_date(value: object) -> str | None:
    """An ISO date (``YYYY-MM-DD``) for common date forms; None when not a date."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, time.struct_time):
        return time.strftime("%Y-%m-%d", value)
    s = str(value).strip()
    for rx, order in ((_ISO, "ymd"), (_COMPACT, "ymd"), (_DMY, "dmy")):
        m = rx.match(s)
        if m:
            parts = dict(zip(order, (int(g) for g in m.groups()), strict=True))
            return _valid(parts["y"], parts["m"], parts["d"])
    try:  # RFC 822 (feeds, e-mail): "Tue, 05 Mar 2024 10:00:00 GMT"
        return parsedate_to_datetime(s).strftime("%Y-%m-%d")
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in ("%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%B %d %Y"):
        try:
            return datetime.strptime(s, fmt).strftime("%Y-%m-%d")
        except ValueError:
            continue
    return None


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None

"""Console output: Rich, with full-width tables when the output is not a terminal.

Rich cuts tables to 80 columns when it writes to a pipe or a file ("cooperat…"); a
script or a file wants every cell whole, so there the width is ``PIPE_WIDTH`` (or
``COLUMNS`` when set).
"""

from __future__ import annotations

import os
from typing import Any

from rich.console import Console as RichConsole

PIPE_WIDTH = 4000


class Console(RichConsole):
    """``rich.console.Console`` that does not cut lines written to a pipe or a file."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "width" not in kwargs and not self.is_terminal and not os.environ.get("COLUMNS"):
            self.width = PIPE_WIDTH

"""Pipeline settings from the environment, read once at the edges (the CLI's ``analyze``,
the API's upload) and passed down as config: components never read the environment.

``RASHOMON_CODEBOOK`` (framing and narratives codebook), ``RASHOMON_FRAMING_MODEL`` and
``RASHOMON_NARRATIVES_MODEL`` (trained models). The LLM extractor's settings are options
of ``rashomon analyze`` (``--llm``, ``--model``...) that also read ``RASHOMON_LLM_*``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

Config = dict[str, dict[str, Any]]

# component -> setting -> environment variable
ENV: dict[str, dict[str, str]] = {
    "framing": {"codebook": "RASHOMON_CODEBOOK", "model": "RASHOMON_FRAMING_MODEL"},
    "narratives": {"codebook": "RASHOMON_CODEBOOK", "model": "RASHOMON_NARRATIVES_MODEL"},
}


def from_env(environ: Mapping[str, str] | None = None) -> Config:
    """The settings the environment gives (empty variables give none)."""
    env = os.environ if environ is None else environ
    out: Config = {}
    for name, settings in ENV.items():
        for key, var in settings.items():
            if env.get(var):
                out.setdefault(name, {})[key] = env[var]
    return out


def merge(*configs: Mapping[str, Mapping[str, Any]] | None) -> Config:
    """Pipeline configs in order, later settings winning, per component."""
    out: Config = {}
    for cfg in configs:
        for name, settings in (cfg or {}).items():
            out.setdefault(name, {}).update(settings)
    return out

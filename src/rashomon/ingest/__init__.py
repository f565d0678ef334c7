"""Ingest: readers for every input format, language identification, deduplication.

``read_paths(paths, max_bytes)`` yields ``Doc``s and one-line ``Rejection``s.
"""

from typing import TYPE_CHECKING

import lazy_loader

from rashomon.ingest.base import DEFAULT_MAX_BYTES, Rejection
from rashomon.ingest.readers import SUPPORTED, read_path, read_paths

if TYPE_CHECKING:
    from rashomon.ingest import dedup as dedup

# near-duplicate detection loads numpy and datasketch: on first use
__getattr__, __dir__, _ = lazy_loader.attach(__name__, submodules=["dedup"])
__all__ = ["DEFAULT_MAX_BYTES", "SUPPORTED", "Rejection", "read_path", "read_paths"]

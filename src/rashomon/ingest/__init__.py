"""Ingest: readers for every input format, language identification, deduplication.

``read_paths(paths, max_bytes)`` yields ``Doc``s and one-line ``Rejection``s.
"""

from rashomon.ingest.base import DEFAULT_MAX_BYTES, Rejection
from rashomon.ingest.readers import SUPPORTED, read_path, read_paths

__all__ = ["DEFAULT_MAX_BYTES", "SUPPORTED", "Rejection", "read_path", "read_paths"]
